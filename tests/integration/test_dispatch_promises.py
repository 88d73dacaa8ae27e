"""What the planner promises a dispatcher (issue 14): leave and campaigns, the cut-off, one request per payment,
engineers, exit codes and reasons, campaigns and training registrants, payments, calendars with the details.

In-process against a real SQLite file, the real registry fixture and the real icalendar parser.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest

from checks.report import display_width
from tests.conftest import FIXTURES

FIX = FIXTURES / "dispatch"
NOW = "2026-11-29T10:00:00+08:00"  # a Sunday


@pytest.fixture
def q(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from provisioning import cli

    db = tmp_path / "dispatch.sqlite3"

    def run(*argv: str, now: str = NOW, lang: str = "en") -> tuple[int, str, str]:
        code = cli.main([*argv, "--db", str(db), "--registry", str(FIX / "registry"), "--now", now, "--lang", lang])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def setup(q, *, e01_capacity: str = "2") -> None:
    assert q("dispatch", "pay", "import", str(FIX / "payments-good.csv"))[0] == 0
    for argv in (("E01", "--name", "张工", "--skills", "maintenance,install", "--sites", "5301,5316", "--capacity",
                  e01_capacity),
                 ("E02", "--name", "李工", "--skills", "maintenance,install", "--sites", "5301,5316", "--capacity", "3"),
                 ("E03", "--name", "王工", "--skills", "training", "--sites", "5301", "--capacity", "4")):
        code, _, err = q("dispatch", "engineer", "add", *argv)
        assert code == 0, err


def js(q, *argv: str, **kw: str) -> tuple[int, object]:
    code, out, err = q(*argv, "--json", **kw)
    assert out, err
    return code, json.loads(out)


def install_of(q, campaign: int, tmp_path: Path) -> list[tuple[str, str]]:
    """(engineer, day) of a campaign's installation visits, from the CSV export."""
    out = tmp_path / "visits.csv"
    assert q("dispatch", "export", "--csv", str(out))[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    return sorted((r["Engineer"], r["Day"]) for r in rows if r["Reference"] == f"campaign-{campaign}")


def test_leave_replans_campaign_installation_days(q, tmp_path: Path) -> None:
    setup(q)
    code, camp = js(q, "dispatch", "campaign", "plan", "--site", "5301", "--day", "2026-12-07")
    assert code == 0 and [i["enterprise"] for i in camp["install"]] == ["4403990001"]  # type: ignore[index]
    first = camp["install"][0]["engineer"]  # type: ignore[index]
    other = "E02" if first == "E01" else "E01"
    assert js(q, "dispatch", "plan")[0] == 0
    # the installer goes on leave that day: another installer of the site takes it, the same day
    code, replan = js(q, "dispatch", "engineer", "leave", first, "--from", "2026-12-07")
    assert code == 0
    assert replan["campaign_moves"] == [{  # type: ignore[index]
        "campaign": 1, "enterprise": "4403990001", "engineer_before": first, "day_before": "2026-12-07",
        "engineer_after": other, "day_after": "2026-12-07", "notify_again": False}]
    # both installers away that day: the visit slips, the enterprise must be told again, and plan exits 1
    code, out, _ = q("dispatch", "engineer", "leave", other, "--from", "2026-12-07")
    assert code == 1 and "tell the enterprise again" in out and "campaign #1 4403990001" in out
    moved = install_of(q, 1, tmp_path)
    assert len(moved) == 1 and moved[0][1] > "2026-12-07"


def test_after_the_cut_off_a_visit_due_today_is_late(q) -> None:
    setup(q)
    code, before = js(q, "dispatch", "plan", now="2026-12-02T10:00+08:00")
    due_today = [v for v in before["visits"] if v["deadline"] == "2026-12-02"]  # type: ignore[index]
    assert code == 0 and due_today and due_today[0]["day"] == "2026-12-02" and not due_today[0]["late"]
    code, after = js(q, "dispatch", "plan", now="2026-12-02T17:30+08:00")
    assert code == 1 and after["first_day"] == "2026-12-03" and after["day_over"] == "2026-12-02"  # type: ignore[index]
    (miss,) = after["misses"]  # type: ignore[index]
    assert miss["deadline"] == "2026-12-02" and miss["visit_day"] == "2026-12-03"
    assert miss["reason"].startswith("due today 2026-12-02 by 17:30, and it is past 17:30: no visit today")
    assert not any(v["day"] == "2026-12-02" for v in after["visits"])  # type: ignore[index]
    code, board = js(q, "dispatch", "board", now="2026-12-02T17:45+08:00")
    assert any(r["why"] == "overdue since 2026-12-02" for r in board["risks"])  # type: ignore[index]


def test_an_imported_payment_is_not_opened_twice(q) -> None:
    setup(q)
    count = len(js(q, "dispatch", "request", "list")[1])  # type: ignore[arg-type]
    code, out, _ = q("dispatch", "request", "add", "--enterprise", "4403990001", "--paid-at",
                     "2026-11-30T09:15:00+08:00", lang="zh")
    assert code == 0 and "维护单 1 已存在（回执 BOC20261130001）" in out and "未重复建单" in out
    code, data = js(q, "dispatch", "request", "add", "--enterprise", "4403990001", "--paid-at",
                    "2026-11-30T01:15:00Z", "--receipt", "BOC20261130001")
    assert code == 0 and data == {**data, "id": 1, "new": False}  # type: ignore[dict-item]
    code, _, err = q("dispatch", "request", "add", "--enterprise", "4403990001", "--paid-at", "2026-11-30T11:00+08:00")
    assert code == 2 and "already has open request 1 (receipt BOC20261130001)" in err and "--again" in err
    assert len(js(q, "dispatch", "request", "list")[1]) == count  # type: ignore[arg-type]
    code, data = js(q, "dispatch", "request", "add", "--enterprise", "4403990001", "--paid-at",
                    "2026-11-30T11:00+08:00", "--again")
    assert code == 0 and data["new"] is True  # type: ignore[index]
    code, data = js(q, "dispatch", "request", "add", "--enterprise", "4403990003", "--paid-at",
                    "2026-12-01T09:00+08:00")
    assert code == 0 and data["new"] is True  # type: ignore[index]
    code, data = js(q, "dispatch", "request", "add", "--enterprise", "4403990003", "--paid-at",
                    "2026-12-01T09:00+08:00")
    assert code == 0 and data["new"] is False  # typed twice: still one request


def test_engineers_existing_ids_unknown_sites_update_and_remove(q) -> None:
    setup(q)
    code, _, err = q("dispatch", "engineer", "add", "E01", "--skills", "maintenance", "--sites", "5301", lang="zh")
    assert code == 2 and "工程师 E01 已存在" in err and "--update" in err
    code, _, err = q("dispatch", "engineer", "add", "E09", "--skills", "maintenance", "--sites", "5301,9999")
    assert code == 2 and "unknown customs site(s) 9999: not in the registry; known: 5301, 5316" in err
    code, out, _ = q("dispatch", "engineer", "add", "E01", "--update", "--capacity", "5")
    assert code == 0 and "engineer E01 updated" in out
    engineers = {e["id"]: e for e in js(q, "dispatch", "engineer", "list")[1]}  # type: ignore[union-attr]
    assert engineers["E01"]["capacity"] == 5 and engineers["E01"]["skills"] == ["install", "maintenance"]
    assert js(q, "dispatch", "plan")[0] == 0
    code, replan = js(q, "dispatch", "engineer", "remove", "E01")
    assert code == 0 and all(v["engineer"] != "E01" for v in replan["visits"])  # type: ignore[index]
    listed = js(q, "dispatch", "engineer", "list")[1]
    assert [e["id"] for e in listed] == ["E02", "E03"]  # type: ignore[union-attr]
    assert {e["id"]: e["removed"] for e in js(q, "dispatch", "engineer", "list", "--all")[1]}["E01"] is True  # type: ignore[union-attr]
    code, _, err = q("dispatch", "engineer", "remove", "E01")
    assert code == 2 and "already removed" in err


def test_plan_exits_1_and_says_why_in_plain_words(q) -> None:
    assert q("dispatch", "pay", "import", str(FIX / "payments-good.csv"))[0] == 0
    assert q("dispatch", "engineer", "add", "E01", "--skills", "maintenance", "--sites", "5301,5316",
             "--capacity", "1")[0] == 0
    q("dispatch", "engineer", "leave", "E01", "--from", "2026-12-02", "--to", "2026-12-03", "--no-replan")
    code, out, _ = q("dispatch", "plan")
    assert code == 1 and "Requests that will miss their deadline:" in out
    code, plan = js(q, "dispatch", "plan")
    assert code == 1 and plan["visit_count"] == 3 and len(plan["visits"]) == 3  # type: ignore[index]
    for miss in plan["misses"]:  # type: ignore[index]
        # every day from the first possible one to the late visit is accounted for
        assert "E01 on leave 2026-12-02 to 2026-12-03" in miss["reason"]
        assert f"first free slot {miss['visit_day']} (E01)" in miss["reason"]
        assert "fully booked on 2026-12-01" in miss["reason"] or "fully booked 2026-11-30 to 2026-12-01" in miss["reason"]


def test_campaign_list_move_cancel_and_its_guidance(q) -> None:
    setup(q)
    code, camp = js(q, "dispatch", "campaign", "plan", "--site", "5301", "--day", "2026-12-07")
    assert code == 0 and camp["guidance"] == ["4403990001", "4403990004"]  # type: ignore[index]
    code, plan = js(q, "dispatch", "plan")
    guidance = [v for v in plan["visits"] if v["kind"] == "guidance"]  # type: ignore[index]
    assert code == 0 and {v["enterprise"] for v in guidance} == {"4403990001", "4403990004"}
    assert all(v["engineer"] == "E03" and "2026-12-08" <= v["day"] <= "2026-12-14" for v in guidance)
    code, rows = js(q, "dispatch", "campaign", "list")
    assert rows == [{"id": 1, "site": "5301", "day": "2026-12-07", "notify_by": "2026-12-02", "status": "planned",
                     "installs": 1, "notified": 4, "guidance": 2}]
    code, moved = js(q, "dispatch", "campaign", "move", "1", "--day", "2026-12-09")
    assert code == 0 and moved["install"][0]["day"] == "2026-12-09" and moved["notify_by"] == "2026-12-04"  # type: ignore[index]
    assert [n["customs_code"] for n in moved["tell"]] == ["4403990001", "4403990002", "4403990003", "4403990004"]  # type: ignore[index]
    plan = js(q, "dispatch", "plan")[1]
    assert all(v["day"] >= "2026-12-10" for v in plan["visits"] if v["kind"] == "guidance")  # type: ignore[index]
    code, _, err = q("dispatch", "campaign", "move", "1", "--day", "2026-12-12")
    assert code == 2 and "2026-12-12 is not a working day; next one is 2026-12-14" in err
    code, cancelled = js(q, "dispatch", "campaign", "cancel", "1")
    assert code == 0 and cancelled["visits_removed"] == 1 and len(cancelled["guidance_cancelled"]) == 2  # type: ignore[index]
    assert js(q, "dispatch", "campaign", "list")[1] == []
    assert js(q, "dispatch", "campaign", "list", "--all")[1][0]["status"] == "cancelled"  # type: ignore[index]
    plan = js(q, "dispatch", "plan")[1]
    assert not [v for v in plan["visits"] if v["kind"] == "guidance"]  # type: ignore[index]
    code, _, err = q("dispatch", "campaign", "cancel", "1")
    assert code == 2 and "campaign 1 is cancelled" in err
    code, _, err = q("dispatch", "campaign", "plan", "--site", "5301", "--day", "2026-11-30",
                     now="2026-11-30T18:00+08:00")
    assert code == 2 and "past 17:30" in err


def test_guidance_by_hand_is_planned_like_the_others(q) -> None:
    setup(q)
    code, added = js(q, "dispatch", "request", "add", "--enterprise", "4403990004", "--kind", "guidance",
                     "--from", "2026-12-01", "--by", "2026-12-02")
    assert code == 0 and added["kind"] == "guidance" and added["deadline_date"] == "2026-12-02"  # type: ignore[index]
    code, plan = js(q, "dispatch", "plan")
    (visit,) = [v for v in plan["visits"] if v["kind"] == "guidance"]  # type: ignore[index]
    assert visit["engineer"] == "E03" and "2026-12-01" <= visit["day"] <= "2026-12-02"
    code, _, err = q("dispatch", "request", "pause", str(added["id"]))  # type: ignore[index]
    assert code == 2 and "on-site guidance" in err
    code, out, _ = q("dispatch", "board", now="2026-12-01T08:00+08:00", lang="zh")
    assert "现场操作指导" in out


def test_training_registrants_list_cancel_and_the_attendance_sheet(q, tmp_path: Path) -> None:
    reg = ("dispatch", "training", "register", "--enterprise")
    for ent, person, session in (("4403990001", "王五", "2026-12-10 09:30"), ("4403990001", "赵六", "2026-12-10 09:30"),
                                 ("4403990004", "=钱七", "2026-12-10 14:30")):
        assert q(*reg, ent, "--person", person, "--session", session)[0] == 0
    code, rows = js(q, "dispatch", "training", "list")
    assert [(r["id"], r["person"], r["name"]) for r in rows] == [  # type: ignore[union-attr]
        (1, "王五", "深圳市甲报关有限公司"), (2, "赵六", "深圳市甲报关有限公司"), (3, "=钱七", "深圳市丁进出口有限公司")]
    code, out, _ = q("dispatch", "training", "cancel", "2", lang="zh")
    assert code == 0 and "已取消报名 #2：赵六" in out
    sheet = tmp_path / "sign-in.csv"
    code, out, _ = q("dispatch", "training", "attendance", "--csv", str(sheet), lang="zh")
    raw = sheet.read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["序号", "场次", "海关编码", "企业名称", "姓名", "签到", "备注"]
    assert table[1:] == [["1", "2026-12-10 09:30", "4403990001", "深圳市甲报关有限公司", "王五", "", ""],
                         ["2", "2026-12-10 14:30", "4403990004", "深圳市丁进出口有限公司", "'=钱七", "", ""]]
    code, _, err = q("dispatch", "training", "cancel", "1", now="2026-12-10T10:00+08:00")
    assert code == 2 and "has started" in err


def test_pay_list_has_a_header_and_aligned_chinese_columns(q) -> None:
    assert q("dispatch", "pay", "import", str(FIX / "payments-good.csv"))[0] == 0
    code, out, _ = q("dispatch", "pay", "list", lang="zh")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["回执号", "海关编码", "付款户名", "付款方式", "账号", "金额（元）",
                                              "到账时间（北京）", "用途"]
    table = lines[:-1]
    assert lines[-1] == "共 4 笔，合计 2,200.50 元"
    # every column starts at the same display column on every line, amounts end at the same column
    starts = [display_width(line[:line.index("4403990")]) for line in table[1:]]
    assert len(set(starts)) == 1 and display_width(table[0][:table[0].index("海关编码")]) == starts[0]
    ends = {display_width(line[:line.index(".00") + 3]) if ".00" in line else display_width(
        line[:line.index(".50") + 3]) for line in table[1:]}
    assert len(ends) == 1 and "6222" not in out
    assert "初装费" in out and "上门维护费" in out and "2026-11-30 18:05" in out and "对公转账" in out  # §2.3


def test_calendars_carry_window_address_contacts_and_terminals(q, tmp_path: Path) -> None:
    setup(q)
    assert q("dispatch", "campaign", "plan", "--site", "5301", "--day", "2026-12-07")[0] == 0
    assert q("dispatch", "plan")[0] == 0
    code, _, _ = q("dispatch", "export", "--ics", str(tmp_path / "ics"), lang="zh")
    assert code == 0
    events = {}
    for f in (tmp_path / "ics").iterdir():
        for ev in icalendar.Calendar.from_ical(f.read_bytes()).walk("VEVENT"):
            events[str(ev["uid"])] = ev
    visit = events["request-1-4403990001@qpfleet"]
    start, end = visit.decoded("dtstart"), visit.decoded("dtend")
    assert (start.hour, start.minute, end.hour, end.minute) == (9, 0, 17, 30)
    assert str(start.tzinfo) == "Asia/Shanghai" and start.date() <= end.date()
    assert str(visit["location"]) == "深圳市福田区甲路1号101室"
    text = str(visit["description"])
    assert "联系人: 联系人0 13800138000 (经理)" in text and "t0-qp0 10.99.0.10 (待安装)" in text
    assert "时间: 09:00-17:30" in text and "上门期限: 2026-12-02" in text
    install = events["campaign-1-4403990001@qpfleet"]
    assert str(install["summary"]).startswith("集中安装") and "t0-qp1 10.99.0.11" in str(install["description"])
    guidance = [e for uid, e in events.items() if str(e["summary"]).startswith("现场操作指导")]
    assert guidance and all("地址: 深圳市福田区" in str(e["description"]) for e in guidance)
