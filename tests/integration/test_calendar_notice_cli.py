"""``qpfleet dispatch calendar import-notice``: the real command on the notices of 2008–2026."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import chinese_calendar
import pytest

from tests.conftest import FIXTURES, ROOT

NOTICES = FIXTURES / "calendar" / "notices"
NOW = "2026-11-29T10:00:00+08:00"


def year_files(year: int) -> list[str]:
    return [str(p) for p in sorted(NOTICES.glob(f"{year}*.txt"), key=lambda p: (p.stem != str(year), p.name))]


@pytest.fixture
def imp(cli, tmp_path: Path):
    overrides = tmp_path / "overrides.yml"
    overrides.write_bytes((ROOT / "inventory" / "calendar" / "overrides.yml").read_bytes())

    def run(*argv: str, lang: str = "en") -> tuple[int, str, str]:
        return cli("dispatch", "calendar", "import-notice", *argv, "--calendar", str(overrides), "--now", NOW,
                   "--lang", lang)

    run.file = overrides  # type: ignore[attr-defined]
    return run


@pytest.mark.parametrize("year", range(2008, 2027))
def test_each_years_notices_agree_with_the_data(imp, year: int) -> None:
    before = imp.file.read_bytes()
    code, out, err = imp(*year_files(year), "--write")
    assert (code, err) == (0, "") and "agrees with the data (chinesecalendar" in out
    assert imp.file.read_bytes() == before  # nothing to write


def test_a_year_the_package_does_not_know_is_written_from_its_notices(imp, monkeypatch) -> None:
    """Hide the package's data after 2007: importing 2008–2026 must rebuild exactly its working days."""
    from provisioning.dispatch import calendar

    monkeypatch.setattr(calendar, "_package_years", lambda: (2004, 2007, "hidden"))
    for year in range(2008, 2027):
        code, out, err = imp(*year_files(year), "--write")
        assert code == 0, err
        assert f"official year {year}" in out
    cal = calendar.load_overrides(imp.file)
    day, wrong = dt.date(2008, 1, 1), []
    while day.year < 2027:
        if cal.is_workday(day) != chinese_calendar.is_workday(day):
            wrong.append(day)
        day += dt.timedelta(days=1)
    assert wrong == [] and cal.covered_until() == dt.date(2026, 12, 31)
    written = cal.overrides[dt.date(2026, 2, 14)]
    assert written.work and written.source == "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）：二、春节"
    assert cal.official_years[2026] == "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）"
    assert "never enter a year from memory" in imp.file.read_text("utf-8").lower()  # the header comments are kept
    before = imp.file.read_bytes()
    code, out, _ = imp(str(NOTICES / "2026.txt"), "--write", lang="zh")
    assert code == 0 and "无需写入" in out and imp.file.read_bytes() == before  # idempotent


def test_without_write_nothing_changes_and_json_lists_the_days(imp, monkeypatch) -> None:
    from provisioning.dispatch import calendar

    monkeypatch.setattr(calendar, "_package_years", lambda: (2004, 2025, "hidden"))
    before = imp.file.read_bytes()
    code, out, _ = imp(str(NOTICES / "2026.txt"))
    assert code == 0 and "no data for 2026 yet: add --write" in out and imp.file.read_bytes() == before
    code, out, _ = imp(str(NOTICES / "2026.txt"), "--json")
    data = json.loads(out)
    assert data["written"] is False and data["years"][0]["status"] == "new"
    assert data["notices"][0]["issued"] == "2025-11-04"
    assert [w["date"] for w in data["notices"][0]["workdays"]][:2] == ["2026-01-04", "2026-02-14"]
    assert len(data["years"][0]["entries"]) == 39


def test_a_notice_that_disagrees_with_its_years_data_is_refused(imp, tmp_path: Path) -> None:
    forged = tmp_path / "2026-wrong.txt"
    forged.write_text((NOTICES / "2026.txt").read_text("utf-8").replace("9月20日（周日）", "9月19日（周六）"), "utf-8")
    before = imp.file.read_bytes()
    code, out, err = imp(str(forged), "--write")
    assert code == 2 and out == "" and imp.file.read_bytes() == before
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"qpfleet: error: {forged}:11: 「9月19日（周六）、10月10日（周六）上班。」")
    assert "2026-09-19" in lines[0] and "2026-09-20" in lines[0] and "chinesecalendar" in lines[0]
    # the year's notice alone, without the adjustment that came after it, disagrees too
    code, _, err = imp(str(NOTICES / "2019.txt"))
    assert code == 2 and "「四、劳动节：5月1日放假。」" in err and err.count("\n") == 1


def test_bad_notices_write_nothing(imp, tmp_path: Path) -> None:
    before = imp.file.read_bytes()
    weekday = tmp_path / "weekday.txt"
    weekday.write_text((NOTICES / "2026.txt").read_text("utf-8").replace("5月9日（周六）上班", "5月8日（周五）上班"),
                       "utf-8")
    code, _, err = imp(str(weekday), "--write")
    assert code == 2 and err.strip().splitlines() == [
        f"qpfleet: error: {weekday}:8: 「5月8日（周五）上班。」: make-up working day 2026-05-08 is a Friday: a make-up "
        "day is always a Saturday or Sunday"]
    news = tmp_path / "news.txt"
    news.write_text("新华社北京11月4日电 国务院办公厅日前印发通知，公布了节假日安排。\n", "utf-8")
    code, _, err = imp(str(news), "--write", lang="zh")
    assert code == 2 and "这不是国务院节假日安排通知" in err and err.count("\n") == 1
    code, _, err = imp(str(tmp_path / "missing.txt"))
    assert code == 2 and "not found" in err and "Traceback" not in err
    assert imp.file.read_bytes() == before


def test_standard_input_in_the_encodings_a_paste_ends_up_in(tmp_path: Path) -> None:
    """A real process reading ``-``: GB18030 (Notepad "ANSI" on a Chinese Windows) and UTF-16."""
    text = (NOTICES / "2026.txt").read_text("utf-8")
    env = {**os.environ, "QPFLEET_DISPATCH_DB": str(tmp_path / "db.sqlite3")}
    for data in (text.encode("gb18030"), text.encode("utf-16"), text.encode("utf-8-sig")):
        proc = subprocess.run([sys.executable, "-m", "provisioning.cli", "dispatch", "calendar", "import-notice", "-",
                               "--json", "--now", NOW], input=data, capture_output=True, cwd=ROOT, env=env,
                              timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()
        assert json.loads(proc.stdout)["years"][0]["status"] == "agrees"
    proc = subprocess.run([sys.executable, "-m", "provisioning.cli", "dispatch", "calendar", "import-notice", "-",
                           "--now", NOW], input=b"\x00\xff" * 100, capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_the_sixty_day_warning_names_the_command(cli) -> None:
    code, _, err = cli("dispatch", "deadline", "--paid-at", "2026-12-01T10:00+08:00", "--now", NOW, "--lang", "zh")
    assert code == 0 and "qpfleet dispatch calendar import-notice 通知.txt --write" in err
    code, _, err = cli("dispatch", "deadline", "--paid-at", "2026-12-31T10:00+08:00", "--now", NOW, "--lang", "en")
    assert code == 2 and "qpfleet dispatch calendar import-notice NOTICE.txt --write" in err
