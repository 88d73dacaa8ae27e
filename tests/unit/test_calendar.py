"""The working-day calendar: official data, the override file, the missing-year error, the estimate, coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checks.errors import InputError, ValidationErrors
from provisioning.dispatch.calendar import (
    SOURCE_ESTIMATE,
    SOURCE_OVERRIDE,
    CalendarGap,
    WorkCalendar,
    load_overrides,
)
from tests.conftest import ROOT

OVERRIDES = ROOT / "inventory" / "calendar" / "overrides.yml"
D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return load_overrides(OVERRIDES)


@pytest.mark.parametrize(("day", "work"), [
    (D(2026, 2, 14), True),   # Saturday, make-up working day before the Spring Festival
    (D(2026, 2, 16), False),  # Spring Festival
    (D(2026, 2, 28), True),   # Saturday, make-up working day
    (D(2026, 10, 1), False),  # National Day
    (D(2026, 10, 10), True),  # Saturday, make-up working day
    (D(2026, 11, 28), False),  # ordinary Saturday
    (D(2026, 11, 30), True),  # ordinary Monday
    (D(2005, 12, 31), True),  # the override: the 2006 notice made this Saturday a working day
])
def test_official_days(cal: WorkCalendar, day: dt.date, work: bool) -> None:
    assert cal.is_workday(day) is work


def test_override_is_marked_with_its_source(cal: WorkCalendar) -> None:
    info = cal.day(D(2005, 12, 31))
    assert info.source == SOURCE_OVERRIDE and "gov.cn" in info.reference and not info.estimated


def test_unknown_year_is_an_error_naming_the_year_and_the_fix(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarGap) as err:
        cal.is_workday(D(2027, 1, 4))
    text = str(err.value)
    assert isinstance(err.value, InputError)
    assert "2027" in text and "2004-2026" in text and "overrides.yml" in text
    assert "qpfleet dispatch calendar import-notice NOTICE.txt --write" in text and "--allow-estimate" in text


def test_year_before_the_package_is_an_error_too(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarGap, match="2003"):
        cal.is_workday(D(2003, 6, 2))


def test_estimate_is_used_only_when_allowed_and_is_marked() -> None:
    cal = load_overrides(OVERRIDES, allow_estimate=True)
    info = cal.day(D(2027, 1, 1))
    assert info.source == SOURCE_ESTIMATE and info.estimated and info.work is False
    assert cal.day(D(2026, 12, 31)).estimated is False


def test_coverage_warning_fires_today(cal: WorkCalendar) -> None:
    """Data ends 2026-12-31: on 2026-11-29 that is 32 days, fewer than 60."""
    assert cal.covered_until() == D(2026, 12, 31)
    warning = cal.coverage_warning(D(2026, 11, 29))
    assert warning is not None and "2026-12-31" in warning and "32 days" in warning and "2027" in warning
    assert cal.coverage_warning(D(2026, 11, 1)) is None  # 60 days ahead: fine
    assert cal.coverage_warning(D(2026, 11, 2)) is not None  # 59 days


def test_official_year_from_the_override_file(tmp_path: Path) -> None:
    # Test data only: made-up entries for a year the package lacks, not the real 2027 notice.
    f = tmp_path / "o.yml"
    f.write_text("official_years:\n  - year: 2027\n    source: test-notice\n"
                 "days:\n  - {date: 2027-01-01, kind: rest, source: test-notice}\n"
                 "  - {date: 2027-01-09, kind: work, source: test-notice}\n", encoding="utf-8")
    cal = load_overrides(f)
    assert cal.is_workday(D(2027, 1, 1)) is False  # Friday holiday
    assert cal.is_workday(D(2027, 1, 9)) is True  # Saturday make-up day
    assert cal.is_workday(D(2027, 1, 4)) is True and cal.is_workday(D(2027, 1, 10)) is False
    assert cal.covered_until() == D(2027, 12, 31)
    assert cal.coverage_warning(D(2026, 11, 29)) is None
    with pytest.raises(CalendarGap, match="2028"):
        cal.is_workday(D(2028, 1, 3))


def test_local_closure_in_a_known_year(tmp_path: Path) -> None:
    f = tmp_path / "o.yml"
    f.write_text("days:\n  - {date: 2026-12-24, kind: rest, source: sub-centre memo 2026-12-01}\n", encoding="utf-8")
    cal = load_overrides(f)
    assert cal.is_workday(D(2026, 12, 24)) is False
    assert cal.next_workday_after(D(2026, 12, 23)) == D(2026, 12, 25)


def test_bad_override_file_reports_every_line(tmp_path: Path) -> None:
    f = tmp_path / "o.yml"
    f.write_text("official_years:\n  - year: 2027\n"
                 "days:\n"
                 "  - {date: 2026-12-24, kind: holiday, source: x}\n"
                 "  - {date: '2026-13-01', kind: rest, source: x}\n"
                 "  - {date: 2026-12-25, kind: rest}\n"
                 "  - {date: 2026-12-28, kind: rest, source: x}\n"
                 "  - {date: 2026-12-28, kind: work, source: y}\n", encoding="utf-8")
    with pytest.raises(ValidationErrors) as err:
        load_overrides(f)
    lines = "\n".join(err.value.problems)
    assert f"{f}:2: official_years[0]" in lines
    assert f"{f}:4: days[0].kind: invalid kind 'holiday'" in lines
    assert f"{f}:5: days[1].date" in lines
    assert f"{f}:6: days[2].source" in lines
    assert f"{f}:8: days[4].date: 2026-12-28 listed twice" in lines


def test_impossible_yaml_date_is_an_input_error(tmp_path: Path) -> None:
    f = tmp_path / "o.yml"
    f.write_text("days:\n  - {date: 2026-02-30, kind: rest, source: x}\n", encoding="utf-8")
    with pytest.raises(InputError, match="day is out of range"):
        load_overrides(f)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_overrides(tmp_path / "nope.yml")


def test_workdays_walk(cal: WorkCalendar) -> None:
    assert cal.workdays(D(2026, 9, 30), 3) == [D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9)]
    assert list(cal.workdays_between(D(2026, 2, 13), D(2026, 2, 24))) == [D(2026, 2, 13), D(2026, 2, 14),
                                                                        D(2026, 2, 24)]
