"""``qpfleet dispatch`` end to end in-process: real SQLite file, real registry fixture, real icalendar."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

FIX = FIXTURES / "dispatch"
NOW = "2026-11-29T10:00:00+08:00"  # a Sunday; official data ends 2026-12-31


@pytest.fixture
def q(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run qpfleet in-process with a fresh database; returns (code, stdout, stderr)."""
    from provisioning import cli

    db = tmp_path / "dispatch.sqlite3"

    def run(*argv: str, now: str = NOW, lang: str = "en") -> tuple[int, str, str]:
        args = [*argv, "--db", str(db), "--registry", str(FIX / "registry"), "--now", now, "--lang", lang]
        code = cli.main(args)
        out = capsys.readouterr()
        return code, out.out, out.err

    run.db = db  # type: ignore[attr-defined]
    return run


def test_deadline_json_and_the_coverage_warning(q) -> None:
    code, out, err = q("dispatch", "deadline", "--paid-at", "2026-12-04T18:00+08:00", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["deadline_date"] == "2026-12-09" and data["counted_working_days"] == ["2026-12-08", "2026-12-09"]
    assert "working-day data ends 2026-12-31, 32 days after 2026-11-29 (fewer than 60)" in err
    code, out, err = q("dispatch", "deadline", "--paid-at", "2026-12-04T18:00+08:00", now="2026-10-01T09:00+08:00")
    assert code == 0 and "warning" not in err and "Visit deadline: 2026-12-09 by 17:30" in out


def test_deadline_into_2027_is_refused_unless_estimated(q) -> None:
    code, out, err = q("dispatch", "deadline", "--paid-at", "2026-12-31T10:00+08:00")
    assert code == 2 and "no working-day data for 2027" in err and "Traceback" not in err
    code, out, err = q("dispatch", "deadline", "--paid-at", "2026-12-31T10:00+08:00", "--allow-estimate")
    assert code == 0 and "ESTIMATED" in out
    code, out, _ = q("dispatch", "deadline", "--paid-at", "2026-12-31T10:00+08:00", "--allow-estimate", "--json")
    assert json.loads(out)["estimated"] is True


def test_naive_paid_at_is_bad_input(q) -> None:
    code, _, err = q("dispatch", "deadline", "--paid-at", "2026-12-04T18:00")
    assert code == 2 and "no time zone" in err


def test_pay_import_all_or_nothing_partial_and_idempotent(q) -> None:
    code, out, err = q("dispatch", "pay", "import", str(FIX / "payments-bad.csv"))
    assert code == 2 and "nothing recorded" in out
    assert "payments-bad.csv:3: amount" in err and "payments-bad.csv:6: customs_code: unknown enterprise" in err
    code, out, _ = q("dispatch", "pay", "list", "--json")
    assert json.loads(out) == []
    code, out, _ = q("dispatch", "pay", "import", str(FIX / "payments-bad.csv"), "--partial")
    assert code == 1 and "Recorded 2 payment(s)" in out
    for expected in ("Recorded 4 payment(s), opened 3", "Recorded 0 payment(s), opened 0 visit request(s); 4 already"):
        code, out, _ = q("dispatch", "pay", "import", str(FIX / "payments-good.csv"))
        assert code == 0 and expected in out
    code, out, _ = q("dispatch", "pay", "list")
    assert "6222" not in out and "**** 1234" in out  # account numbers masked


def _setup(q) -> None:
    assert q("dispatch", "pay", "import", str(FIX / "payments-good.csv"))[0] == 0
    assert q("dispatch", "engineer", "add", "E01", "--name", "张工", "--skills", "maintenance,install",
             "--sites", "5301,5316", "--capacity", "2")[0] == 0
    assert q("dispatch", "engineer", "add", "E02", "--name", "李工", "--skills", "maintenance",
             "--sites", "5316", "--capacity", "3")[0] == 0


def test_plan_board_leave_replan_and_exports(q, tmp_path: Path) -> None:
    _setup(q)
    code, out, _ = q("dispatch", "plan", "--json")
    plan = json.loads(out)
    assert code == 0 and plan["visit_count"] == 3 and plan["on_time"] == 3 and plan["misses"] == []
    assert sorted(v["enterprise"] for v in plan["visits"]) == ["4403990001", "4403990004", "4403990005"]
    assert all(v["kind"] == "maintenance" and not v["late"] and v["day"] <= v["deadline"] for v in plan["visits"])
    code, out, _ = q("dispatch", "board", now="2026-11-30T08:00+08:00")
    assert "Today 2026-11-30" in out and "E01 张工" in out and "深圳市甲报关有限公司" in out
    # E01 goes on leave: the re-plan moves its visits and reports the misses with the reason
    code, out, _ = q("dispatch", "engineer", "leave", "E01", "--from", "2026-11-30", "--to", "2026-12-04", "--json")
    replan = json.loads(out)
    assert code == 1 and replan["on_time"] == 1 and len(replan["misses"]) == 2
    assert all("on leave" in m["reason"] for m in replan["misses"]) and replan["moved"]
    code, out, _ = q("dispatch", "board", now="2026-11-30T08:00+08:00", lang="zh")
    assert "SLA 风险" in out and "负责现场 5301 的工程师（E01）在期限前都在休假" in out
    csv_file, ics_dir = tmp_path / "visits.csv", tmp_path / "ics"
    code, out, _ = q("dispatch", "export", "--csv", str(csv_file), "--ics", str(ics_dir), lang="zh")
    assert code == 0
    raw = csv_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["日期", "开始", "结束", "工程师编号", "工程师"]
    assert any("深圳市甲报关有限公司" in r for r in rows[1:])
    import icalendar

    files = sorted(p.name for p in ics_dir.iterdir())
    assert files == ["E01.ics", "E02.ics"]
    for name in files:
        cal = icalendar.Calendar.from_ical((ics_dir / name).read_bytes())
        events = [c for c in cal.walk("VEVENT")]
        engineer = name[:-4]
        assert len(events) == sum(1 for r in rows[1:] if r[3] == engineer)
        for ev in events:
            assert ev.decoded("dtstart") < ev.decoded("dtend")


def test_request_pause_resume_changes_the_deadline(q) -> None:
    _setup(q)
    code, out, _ = q("dispatch", "request", "list", "--json")
    first = json.loads(out)[0]
    assert first["deadline"] == "2026-12-02"
    code, out, _ = q("dispatch", "request", "pause", str(first["id"]), "--at", "2026-11-30T10:00+08:00")
    assert code == 0 and "clock paused" in out
    code, out, _ = q("dispatch", "plan", "--json")
    assert first["id"] in json.loads(out)["paused"]
    code, out, _ = q("dispatch", "request", "resume", str(first["id"]), "--at", "2026-12-02T09:00+08:00")
    assert code == 0 and "deadline now 2026-12-04" in out
    code, _, err = q("dispatch", "request", "resume", str(first["id"]), "--at", "2026-12-02T10:00+08:00")
    assert code == 2 and "without a pause" in err
    assert q("dispatch", "request", "done", str(first["id"]))[0] == 0
    code, out, _ = q("dispatch", "request", "list", "--json")
    assert first["id"] not in [r["id"] for r in json.loads(out)]


def test_campaign_notifies_everyone_and_installs_the_complete(q, tmp_path: Path) -> None:
    _setup(q)
    code, out, _ = q("dispatch", "campaign", "plan", "--site", "5301", "--day", "2026-12-07", "--json")
    data = json.loads(out)
    assert code == 0 and data["notify_by"] == "2026-12-02"
    assert [n["customs_code"] for n in data["notifications"]] == ["4403990001", "4403990002", "4403990003",
                                                                 "4403990004"]
    assert [i["enterprise"] for i in data["install"]] == ["4403990001"]
    listing = tmp_path / "notify.csv"
    code, out, _ = q("dispatch", "campaign", "show", str(data["campaign"]), "--csv", str(listing))
    assert code == 0 and "NOT INSTALLED" in out and "contract: pending" in out
    assert listing.read_bytes().startswith(b"\xef\xbb\xbf") and "深圳市乙货运代理有限公司" in listing.read_text("utf-8-sig")
    code, _, err = q("dispatch", "campaign", "plan", "--site", "5301", "--day", "2026-12-05")
    assert code == 2 and "not a working day" in err
    code, _, err = q("dispatch", "campaign", "plan", "--site", "9999", "--day", "2026-12-07")
    assert code == 2 and "unknown customs site" in err


def test_training_registration(q, tmp_path: Path) -> None:
    config = tmp_path / "t.yml"
    config.write_text((FIX.parent.parent.parent / "inventory/calendar/training.yml").read_text("utf-8")
                      .replace("capacity: 30", "capacity: 1"), encoding="utf-8")
    reg = ("dispatch", "training", "register", "--config", str(config), "--enterprise", "4403990001",
           "--session", "2026-12-10 09:30", "--person")
    code, out, _ = q(*reg, "王五")
    assert code == 0 and "Registered: 王五" in out
    code, out, _ = q(*reg, "赵六")
    assert code == 1 and "is full (1/1 seats)" in out
    code, out, _ = q(*reg, "钱七", now="2026-12-04T00:00:00+08:00")
    assert code == 1 and "registration closed" in out
    code, out, _ = q("dispatch", "training", "sessions", "--config", str(config), "--json")
    sessions = json.loads(out)["sessions"]
    assert len(sessions) == 18 and sessions[0]["taken"] == 1
    code, _, err = q("dispatch", "training", "register", "--config", str(config), "--enterprise", "0000000000",
                     "--person", "x", "--session", "2026-12-10 09:30")
    assert code == 2 and "unknown enterprise" in err


def test_calendar_command_shows_sources_and_fails_when_short(q) -> None:
    code, out, _ = q("dispatch", "calendar", "--from", "2026-02-13", "--to", "2026-02-16", "--json",
                     now="2026-10-01T09:00+08:00")
    days = json.loads(out)["days"]
    assert code == 0 and [d["work"] for d in days] == [True, True, False, False]
    code, _, err = q("dispatch", "calendar")
    assert code == 1 and "fewer than 60" in err


def test_gbk_csv_from_excel_is_read(q, tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((FIX / "payments-good.csv").read_text("utf-8").encode("gb18030"))
    code, out, err = q("dispatch", "pay", "import", str(gbk))
    assert code == 0 and "Recorded 4 payment(s)" in out and "GB18030" in err
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\x30" * 10)
    code, _, err = q("dispatch", "pay", "import", str(binary))
    assert code == 2 and "not UTF-8" in err


def test_busy_database_is_a_clear_error(q) -> None:
    import sqlite3

    from provisioning.dispatch.store import Store

    Store(q.db).close()
    holder = sqlite3.connect(q.db, isolation_level=None)
    holder.execute("PRAGMA busy_timeout = 0")
    holder.execute("BEGIN IMMEDIATE")
    try:
        from provisioning.dispatch import store as store_mod

        original = store_mod.Store.__init__

        def fast(self, path, **kwargs):  # the real constructor, with a short busy timeout for the test
            original(self, path, **kwargs)
            self.conn.execute("PRAGMA busy_timeout = 100")

        store_mod.Store.__init__ = fast
        try:
            code, _, err = q("dispatch", "engineer", "add", "E9", "--skills", "maintenance", "--sites", "5301")
        finally:
            store_mod.Store.__init__ = original
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "busy" in err and "Traceback" not in err


def test_plan_across_the_end_of_known_data(q) -> None:
    _setup(q)
    code, out, _ = q("dispatch", "request", "add", "--enterprise", "4403990005", "--paid-at",
                     "2026-12-30T10:00+08:00", "--allow-estimate")
    assert code == 0 and "deadline 2027-01-04 (ESTIMATED" in out
    code, out, err = q("dispatch", "plan", "--days", "40")
    assert code == 0
    assert "planning horizon cut after 2026-12-31" in err and "no working-day data for 2027" in err
    assert "deadline cannot be computed" in out and "2027" in out
    code, out, _ = q("dispatch", "plan", "--days", "40", "--allow-estimate", "--json")
    data = json.loads(out)
    assert data["estimated"] is True and data["deadline_unknown"] == [] and data["working_days"] == 40
    code, out, _ = q("dispatch", "board", "--json")
    assert code == 0 and json.loads(out)["has_plan"] is True


def test_unknown_enterprise_and_bad_dates_are_bad_input(q) -> None:
    code, _, err = q("dispatch", "request", "add", "--enterprise", "0000000000", "--paid-at", "2026-12-01T10:00+08:00")
    assert code == 2 and "unknown enterprise" in err
    code, _, err = q("dispatch", "engineer", "add", "E1", "--skills", "plumbing", "--sites", "5301")
    assert code == 2 and "invalid skill(s) plumbing" in err
    code, _, err = q("dispatch", "engineer", "leave", "NOPE", "--from", "2026-12-01")
    assert code == 2 and "unknown engineer" in err
    code, _, err = q("dispatch", "plan", "--from", "2026-12-32")
    assert code == 2 and "not a date" in err
    code, _, err = q("dispatch", "deadline", "--paid-at", "2026-12-01T10:00+08:00", "--cutoff", "5pm")
    assert code == 2 and "--cutoff" in err
    code, _, err = q("dispatch", "board", now="2026-12-01T10:00")
    assert code == 2 and "--now" in err and "no time zone" in err
