"""The SLA deadline: cut-off, time zone, non-working days, make-up days, pause/resume, unknown years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.errors import InputError
from provisioning.dispatch.calendar import SHANGHAI, CalendarGap, WorkCalendar, load_overrides
from provisioning.dispatch.sla import ClockEvent, parse_cutoff, parse_time, receipt_day, sla_deadline
from tests.conftest import ROOT

OVERRIDES = ROOT / "inventory" / "calendar" / "overrides.yml"
D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return load_overrides(OVERRIDES)


# The table of the research note (cut-off 17:30 Asia/Shanghai, 2 working days).
@pytest.mark.parametrize(("paid", "day0", "deadline"), [
    ("2025-12-05T10:00+08:00", D(2025, 12, 5), D(2025, 12, 9)),    # Friday morning
    ("2025-12-05T18:00+08:00", D(2025, 12, 8), D(2025, 12, 10)),   # after the cut-off
    ("2025-12-05T17:30+08:00", D(2025, 12, 8), D(2025, 12, 10)),   # at the cut-off counts as after
    ("2025-12-05T17:29:59+08:00", D(2025, 12, 5), D(2025, 12, 9)),
    ("2025-12-06T10:00+08:00", D(2025, 12, 8), D(2025, 12, 10)),   # Saturday
    ("2026-02-13T10:00+08:00", D(2026, 2, 13), D(2026, 2, 24)),    # day 1 is make-up Saturday 02-14
    ("2026-02-13T17:00Z", D(2026, 2, 14), D(2026, 2, 25)),          # = Sat 01:00 Beijing, a make-up day
    ("2026-09-30T10:00+08:00", D(2026, 9, 30), D(2026, 10, 9)),    # before National Day
    ("2026-12-03T20:00-05:00", D(2026, 12, 4), D(2026, 12, 8)),     # = Fri 09:00 Beijing
])
def test_deadline_table(cal: WorkCalendar, paid: str, day0: dt.date, deadline: dt.date) -> None:
    d = sla_deadline(parse_time(paid), cal)
    assert (d.received_on, d.deadline_date) == (day0, deadline)
    assert len(d.counted) == 2 and d.counted[-1] == deadline and not d.estimated
    assert d.deadline_at == dt.datetime(deadline.year, deadline.month, deadline.day, 17, 30, tzinfo=SHANGHAI)


def test_utc_receipt_on_a_holiday_saturday(cal: WorkCalendar) -> None:
    # 2026-02-13 17:00 UTC is 2026-02-14 01:00 in Beijing: a make-up *working* Saturday, before the cut-off.
    assert receipt_day(parse_time("2026-02-13T17:00Z"), cal) == D(2026, 2, 14)


def test_configurable_cutoff(cal: WorkCalendar) -> None:
    paid = parse_time("2025-12-05T16:00+08:00")
    assert sla_deadline(paid, cal).deadline_date == D(2025, 12, 9)
    assert sla_deadline(paid, cal, cutoff=parse_cutoff("15:00")).deadline_date == D(2025, 12, 10)
    with pytest.raises(InputError):
        parse_cutoff("25:00")


def test_naive_time_is_refused(cal: WorkCalendar) -> None:
    with pytest.raises(InputError, match="no time zone"):
        sla_deadline(dt.datetime(2026, 12, 1, 10, 0), cal)
    with pytest.raises(InputError, match="no time zone"):
        parse_time("2026-12-01T10:00")
    with pytest.raises(InputError, match="not an ISO 8601"):
        parse_time("yesterday")


def test_pause_and_resume(cal: WorkCalendar) -> None:
    paid = parse_time("2026-12-04T18:00+08:00")  # day 0 = Mon 12-07
    events = [ClockEvent("pause", parse_time("2026-12-07T09:00+08:00")),
              ClockEvent("resume", parse_time("2026-12-09T09:00+08:00"))]
    d = sla_deadline(paid, cal, events=events)
    assert d.skipped == (D(2026, 12, 8), D(2026, 12, 9))
    assert d.counted == (D(2026, 12, 10), D(2026, 12, 11)) and d.deadline_date == D(2026, 12, 11)


def test_pause_after_one_day_keeps_the_counted_day(cal: WorkCalendar) -> None:
    paid = parse_time("2026-12-01T09:00+08:00")  # day 0 Tue; day 1 Wed 12-02
    events = [ClockEvent("pause", parse_time("2026-12-03T10:00+08:00")),
              ClockEvent("resume", parse_time("2026-12-07T18:00+08:00"))]  # after cut-off: from Tue 12-08
    d = sla_deadline(paid, cal, events=events)
    assert d.counted == (D(2026, 12, 2), D(2026, 12, 9)) and d.skipped == (D(2026, 12, 3), D(2026, 12, 4),
                                                                          D(2026, 12, 7), D(2026, 12, 8))


def test_open_pause_means_no_deadline(cal: WorkCalendar) -> None:
    paid = parse_time("2026-12-01T09:00+08:00")
    d = sla_deadline(paid, cal, events=[ClockEvent("pause", parse_time("2026-12-01T10:00+08:00"))])
    assert d.paused and d.deadline_date is None and d.deadline_at is None


def test_pause_after_the_deadline_changes_nothing(cal: WorkCalendar) -> None:
    paid = parse_time("2026-12-01T09:00+08:00")
    plain = sla_deadline(paid, cal)
    later = sla_deadline(paid, cal, events=[ClockEvent("pause", parse_time("2026-12-10T10:00+08:00"))])
    assert later.deadline_date == plain.deadline_date == D(2026, 12, 3)


@pytest.mark.parametrize("events", [
    [ClockEvent("resume", dt.datetime(2026, 12, 2, 9, tzinfo=SHANGHAI))],
    [ClockEvent("pause", dt.datetime(2026, 12, 2, 9, tzinfo=SHANGHAI)),
     ClockEvent("pause", dt.datetime(2026, 12, 2, 10, tzinfo=SHANGHAI))],
    [ClockEvent("pause", dt.datetime(2026, 11, 30, 9, tzinfo=SHANGHAI))],  # before the payment
    [ClockEvent("snooze", dt.datetime(2026, 12, 2, 9, tzinfo=SHANGHAI))],
    [ClockEvent("pause", dt.datetime(2026, 12, 2, 9))],  # naive
])
def test_bad_event_sequences(cal: WorkCalendar, events: list[ClockEvent]) -> None:
    with pytest.raises(InputError):
        sla_deadline(parse_time("2026-12-01T09:00+08:00"), cal, events=events)


def test_deadline_into_an_unknown_year_is_an_error_then_an_estimate(cal: WorkCalendar) -> None:
    paid = parse_time("2026-12-30T10:00+08:00")
    with pytest.raises(CalendarGap, match="2027"):
        sla_deadline(paid, cal)
    est = sla_deadline(paid, load_overrides(OVERRIDES, allow_estimate=True))
    assert est.estimated and est.deadline_date == D(2027, 1, 4)
    assert sla_deadline(parse_time("2026-12-01T10:00+08:00"), load_overrides(OVERRIDES, allow_estimate=True)
                        ).estimated is False


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=dt.datetime(2004, 1, 2), max_value=dt.datetime(2026, 12, 1)),
       st.sampled_from([0, 8, -5, 5.5]))
def test_deadline_properties(naive: dt.datetime, offset: float) -> None:
    cal = load_overrides(OVERRIDES)
    paid = naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=offset)))
    d = sla_deadline(paid, cal)
    local_day = paid.astimezone(SHANGHAI).date()
    assert d.received_on >= local_day and cal.is_workday(d.received_on)
    assert list(d.counted) == sorted(set(d.counted)) and len(d.counted) == 2
    assert all(cal.is_workday(x) and x > d.received_on for x in d.counted)
    # no working day is skipped between day 0 and the deadline
    assert list(cal.workdays_between(d.received_on + dt.timedelta(days=1), d.deadline_date)) == list(d.counted)
    assert (d.deadline_date - local_day).days <= 14  # the longest official break is 8 days
