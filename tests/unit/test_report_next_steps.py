"""The self-check report leads somewhere: counts, what to do next per verdict, the site's sub-centre contact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checks.humanize import beijing, collected, language_name, size
from tests.conftest import FIXTURES, ROOT

READY = str(FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json")
NOT_READY = str(FIXTURES / "facts" / "laptop.json")
UNDETERMINED = str(FIXTURES / "facts" / "wmi-failed.json")


def test_ready_says_it_can_be_installed_and_whom_to_tell(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("selfcheck", "--facts", READY, "--lang", "zh", "--site", "5301")
    assert code == 0
    steps = out.split("下一步：")[1]
    assert "可以安装QP系统" in steps
    assert "qp-5301@subcentre.example.cn" in steps  # where the report goes
    assert "0755-83395301" in steps and "皇岗口岸联检大楼二楼服务窗口" in steps and "刘工" in steps
    assert "共 13 项：通过 13" in out
    assert "对公账户" not in steps  # nothing to pay for a terminal that is ready


def test_not_ready_says_fix_then_how_to_book_and_pay(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("selfcheck", "--facts", NOT_READY, "--lang", "zh", "--site", "5316")
    assert code == 1
    steps = out.split("下一步：")[1]
    assert "先按上面的“处理办法”处理标为“不符合”的项目" in steps
    assert "请致电 0755-82235316 预约（单次上门维护费 200 元/台）" in steps  # the price table in force
    assert "对公账户" in steps and "不收现金" in steps and "银行回单" in steps and "2个工作日内上门" in steps
    assert "交通银行深圳分行" in steps


def test_undetermined_counts_the_items_an_engineer_must_verify(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("selfcheck", "--facts", UNDETERMINED, "--lang", "en", "--site", "5320")
    assert code == 3
    steps = out.split("What to do next:")[1]
    assert "5 item(s) could not be checked automatically" in steps
    assert "13 items: 8 passed, 5 undetermined" in out
    # 5320 names no e-mail: the report is handed in at the service point's desk
    assert "Print this report and hand it in at the 电子口岸数据分中心沙头角服务点" in steps


def test_without_a_site_the_report_says_how_to_get_the_contact(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("selfcheck", "--facts", NOT_READY, "--lang", "zh")
    assert code == 1 and "--site 5301" in out.split("下一步：")[1]


def test_site_from_the_environment(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QPFLEET_SITE", "5301")
    code, out, _ = cli("selfcheck", "--facts", READY, "--lang", "en")
    assert code == 0 and "Customs site: 5301 皇岗海关" in out and "0755-83395301" in out


def test_json_report_has_counts_next_steps_and_the_sub_centre(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("selfcheck", "--facts", NOT_READY, "--json", "--lang", "en", "--site", "5301")
    data = json.loads(out)
    assert code == 1 and data["counts"]["fail"] >= 1 and sum(data["counts"].values()) == 13
    assert data["next_steps"][0].startswith("First fix the items marked FAIL")
    assert data["sub_centre"]["phone"] == "0755-83395301" and data["sub_centre"]["visit_fee_yuan"] == "200"


def test_html_report_has_counts_and_next_steps(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "r.html"
    cli("selfcheck", "--facts", NOT_READY, "--html", str(page), "--lang", "zh", "--site", "5301")
    text = page.read_text("utf-8")
    assert '<span class="s-fail" data-count="fail"><b>✘</b>不符合 ' in text
    assert '<section id="next"><h2>下一步</h2><ol><li>先按上面的' in text
    assert "@page{size:A4" in text and '"Microsoft YaHei"' in text and "SimSun" in text and "Noto Sans CJK SC" in text
    assert "<th>说明</th>" in text and "检测时间：2026-11-30 09:12（北京时间）" in text


def test_unknown_site_and_a_site_without_settings_are_bad_input(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("selfcheck", "--facts", READY, "--site", "9999")
    assert code == 2 and "--site: unknown customs site '9999'; known: 5301, 5316, 5320" in err
    registry = tmp_path / "inv"
    shutil.copytree(FIXTURES / "dispatch" / "registry", registry)  # sites without sub_centre settings
    code, _, err = cli("selfcheck", "--facts", READY, "--site", "5301", "-i", str(registry))
    assert code == 2 and "customs site 5301 has no sub_centre settings" in err


@pytest.mark.parametrize(("text", "problem"), [
    ('      phone: "12345"\n', "sub_centre.phone: '12345': a phone number is"),
    ("      hours: 9-5\n", "sub_centre.hours: '9-5': office hours are written HH:MM-HH:MM"),
    ("      fax: 0755-83395302\n", "sub_centre.fax: unknown field 'fax'"),
])
def test_sub_centre_settings_are_validated_with_file_and_line(cli, tmp_path: Path, text: str,  # type: ignore[no-untyped-def]
                                                             problem: str) -> None:
    registry = tmp_path / "inv"
    shutil.copytree(ROOT / "inventory", registry)
    sites = registry / "registry" / "sites.yml"
    lines = sites.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "contact: 刘工")
    key = text.split(":")[0].strip()
    lines = [line for line in lines if not (line.strip().startswith(f"{key}:") and lines.index(line) < at + 6)]
    lines.insert(at, text)
    sites.write_text("".join(lines), "utf-8")
    code, _, err = cli("inventory", "check", "-i", str(registry))
    assert code == 2 and f"sites.yml:{at + 1}: sites[0]." in err and problem in err


def test_values_for_people() -> None:
    assert language_name(2052, "zh") == "简体中文 (2052)"
    assert language_name(2052, "en") == "Simplified Chinese (2052)"
    assert language_name("0804", "zh") == "简体中文 (2052)"
    assert language_name(1033, "zh") == "英语（美国） (1033)"
    assert language_name(None, "zh") == "未知" and language_name(None, "en") == "unknown"
    assert language_name(9999, "zh") == "语言代码 9999"
    assert size(536870912) == "512 MB" and size(6871947673) == "6.4 GB" and size(None, "zh") == "未知"
    assert beijing("2026-12-01T02:00:00+00:00", "zh") == "2026-12-01 10:00（北京时间）"
    assert collected({"local": "2026-11-30T09:12:05", "utc_offset_minutes": 480}, "en") == \
        "2026-11-30 09:12 (Beijing time)"
    assert collected({"local": "2026-11-30T09:12:05", "utc_offset_minutes": 60}, "zh") == "2026-11-30 09:12（UTC+1）"
    assert collected({}, "zh") == "未知"
