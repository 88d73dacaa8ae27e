"""``qpfleet selfcheck`` / ``qpfleet facts`` in-process: exit codes, JSON shape, reports, languages."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from checks import rules
from tests.conftest import FIXTURES

FACTS = FIXTURES / "facts"


@pytest.mark.parametrize(("fixture", "code", "verdict"), [
    ("xp-sp3-zh-p4-desktop", 0, "ready"),
    ("laptop", 1, "not_ready"),
    ("win2000-no-security-center", 3, "undetermined"),
])
def test_exit_code_follows_the_verdict(cli, fixture: str, code: int, verdict: str) -> None:
    rc, out, err = cli("selfcheck", "--profile", "seed-2007", "--facts", str(FACTS / f"{fixture}.json"),
                       "--json", "--lang", "en")
    assert rc == code, err
    report = json.loads(out)
    assert report["verdict"] == verdict and report["profile"] == "seed-2007"
    assert [c["id"] for c in report["checks"]] == list(rules.RULES)
    for check in report["checks"]:
        assert set(check) >= {"id", "status", "observed", "required", "message", "remedy"}
        assert check["status"] in ("pass", "warn", "fail", "unknown")
    assert report["facts"]["host"] == fixture.upper()[:15]


def test_table_in_chinese_shows_marks_and_remedies(cli) -> None:
    rc, out, _ = cli("selfcheck", "--facts", str(FACTS / "c-1.9gb-free.json"), "--lang", "zh")
    assert rc == 1
    assert "QP系统终端自检报告" in out
    assert "✘ 不符合" in out and "C盘剩余空间" in out
    assert "→ 请清理C盘" in out
    assert "不能安装QP系统" in out
    assert "\033[" not in out  # no colour codes when stdout is not a terminal


def test_locale_picks_chinese_by_default(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    _, out, _ = cli("selfcheck", "--facts", str(FACTS / "xp-sp3-zh-p4-desktop.json"))
    assert "可以安装QP系统" in out
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    _, out, _ = cli("selfcheck", "--facts", str(FACTS / "xp-sp3-zh-p4-desktop.json"))
    assert "Ready for QP" in out


def test_junit_and_html_reports(cli, tmp_path: Path) -> None:
    junit, page = tmp_path / "out" / "r.xml", tmp_path / "r.html"
    rc, _, _ = cli("selfcheck", "--facts", str(FACTS / "wmi-failed.json"), "--junit", str(junit),
                   "--html", str(page), "--lang", "en")
    assert rc == 3
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("name") == "WMI-FAILED"
    assert int(suite.get("errors", "0")) == 5 and int(suite.get("failures", "0")) == 0
    text = page.read_text("utf-8")
    assert 'data-verdict="undetermined"' in text and "<script" not in text
    assert 'data-rule="chassis" data-status="unknown"' in text


def test_usage_errors_exit_2(cli) -> None:
    rc, _, err = cli("selfcheck", "--lang", "fr")
    assert rc == 2 and "unknown language 'fr'" in err
    rc, _, err = cli("selfcheck", "--profile", "nosuch", "--offline")
    assert rc == 2 and "unknown profile 'nosuch'" in err
    rc, _, err = cli("selfcheck", "--offline", "--ntp", "127.0.0.1")
    assert rc == 2 and "contradict" in err
    rc, _, err = cli("selfcheck", "--ntp", "127.0.0.1:99999")
    assert rc == 2 and "--ntp: invalid port '99999'" in err
    rc, _, _ = cli()
    assert rc == 2


def test_local_selfcheck_offline_runs_on_this_machine(cli) -> None:
    rc, out, _ = cli("selfcheck", "--offline", "--json", "--profile", "lab")
    report = json.loads(out)
    assert rc in (0, 1, 3)
    clock = next(c for c in report["checks"] if c["id"] == "clock")
    assert clock["status"] == "unknown" and "--offline" in clock["observed"] + clock["message"]
    assert report["verdict"] != "ready"  # an unchecked clock can never make a terminal ready


def test_facts_command_prints_a_valid_document(cli) -> None:
    from checks.facts import validate

    rc, out, _ = cli("facts", "--json")
    assert rc == 0
    assert validate(json.loads(out)) == []
    rc, out, _ = cli("facts")
    assert rc == 0 and "chassis" in out and "programs" in out
