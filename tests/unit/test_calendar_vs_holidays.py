"""Every day of 2004-2026: chinesecalendar (plus our overrides) against the holidays package."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import holidays

from provisioning.dispatch.calendar import load_overrides
from tests.conftest import ROOT

# Known differences between chinesecalendar 1.11.0 and holidays 0.109, with the official answer.
KNOWN_PACKAGE_DIFFERENCES = {
    # 2006 notice (gov.cn/jrzg/2005-12/22/content_133837.htm): "12月31日(星期六)上班".
    # chinesecalendar marks it rest; holidays and our override say work.
    dt.date(2005, 12, 31): True,
}


def _days() -> list[dt.date]:
    day, out = dt.date(2004, 1, 1), []
    while day <= dt.date(2026, 12, 31):
        out.append(day)
        day += dt.timedelta(days=1)
    return out


def test_every_day_2004_2026_against_holidays() -> None:
    ref = holidays.country_holidays("CN", years=range(2003, 2028), categories=("public",))
    ours = load_overrides(ROOT / "inventory" / "calendar" / "overrides.yml")
    package_diff, ours_diff = {}, {}
    days = _days()
    for day in days:
        expected = ref.is_working_day(day)
        if chinese_calendar.is_workday(day) != expected:
            package_diff[day] = expected
        if ours.is_workday(day) != expected:
            ours_diff[day] = expected
    assert len(days) == 8401
    assert package_diff == KNOWN_PACKAGE_DIFFERENCES
    assert ours_diff == {}, "the override file should settle every known difference"
