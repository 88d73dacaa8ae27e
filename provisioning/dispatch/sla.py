"""The SLA clock: the on-site visit is due by the end of the 2nd working day after payment (§2.6).

The rule, in one place (:func:`sla_deadline`):

* A payment has a timezone-aware receipt time; a naive time is refused. It is taken in
  Asia/Shanghai, whatever offset it was given in.
* Receipt day ("day 0"): the receipt's date when that date is a working day and the time is before
  the cut-off (default 17:30, configurable); otherwise the next working day.
* The deadline is the end of the ``n``-th (default 2nd) working day after day 0, make-up working
  days (调休上班) included. "End" is the cut-off time of that day (``deadline_at``).
* Postponement asked by the enterprise is a *pause* event, ended by a *resume* event. A working
  day counts only when the clock runs through it: a day with a pause in it is not counted, and a
  resume restarts the count as if the payment had been received at the resume time (same
  cut-off rule) with the days already counted kept. While paused there is no deadline.
  The deadline is always recomputed from the payment and the events, never edited by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from checks.errors import InputError
from checks.i18n import Msg
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.dispatch.calendar import SHANGHAI, WorkCalendar

DEFAULT_CUTOFF = dt.time(17, 30)
DEFAULT_WORKING_DAYS = 2
EVENT_KINDS = ("pause", "resume")


@dataclass(frozen=True)
class ClockEvent:
    """A pause (the enterprise asked to postpone) or a resume of the SLA clock."""

    kind: str
    at: dt.datetime
    note: str = ""


@dataclass(frozen=True)
class Deadline:
    """The computed deadline and how it was reached (for the dispatcher and for audits)."""

    paid_at: dt.datetime  # as given (aware)
    received_on: dt.date  # day 0
    counted: tuple[dt.date, ...]  # the working days counted, in order
    skipped: tuple[dt.date, ...]  # working days not counted because the clock was paused
    deadline_date: dt.date | None  # None while paused
    deadline_at: dt.datetime | None
    estimated: bool  # some day came from the estimate, not official data

    @property
    def paused(self) -> bool:
        return self.deadline_date is None

    def as_dict(self) -> dict[str, object]:
        return {
            "paid_at": self.paid_at.isoformat(),
            "paid_at_shanghai": self.paid_at.astimezone(SHANGHAI).isoformat(),
            "received_on": self.received_on.isoformat(),
            "counted_working_days": [d.isoformat() for d in self.counted],
            "skipped_paused_days": [d.isoformat() for d in self.skipped],
            "deadline_date": self.deadline_date.isoformat() if self.deadline_date else None,
            "deadline_at": self.deadline_at.isoformat() if self.deadline_at else None,
            "paused": self.paused,
            "estimated": self.estimated,
        }


def require_aware(value: dt.datetime, where: str = "time") -> dt.datetime:
    """``value`` unchanged when it carries a UTC offset; a naive time is a user's mistake."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(Msg("sla.err.naive", time=value.isoformat()), where=where)
    return value


def parse_time(text: str, where: str = "time") -> dt.datetime:
    """An ISO 8601 date-time with an offset (``2026-12-01T10:00+08:00``, ``...Z``)."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Msg("sla.err.time", text=repr(text)), where=where) from None
    if not 2000 <= value.year <= 2100:  # far years overflow when moved to UTC, and are never meant
        raise InputError(Msg("sla.err.years", text=repr(text)), where=where)
    return require_aware(value, where)


def parse_cutoff(text: str) -> dt.time:
    """``HH:MM`` cut-off time."""
    try:
        value = dt.time.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Msg("sla.err.cutoff", text=repr(text)), where="--cutoff") from None
    if value.tzinfo is not None:
        raise InputError(Msg("sla.err.cutoff_offset"),
                         where="--cutoff")
    return value


def receipt_day(at: dt.datetime, calendar: WorkCalendar, cutoff: dt.time = DEFAULT_CUTOFF) -> dt.date:
    """Day 0: the Shanghai date when it is a working day and before the cut-off, else the next working day."""
    local = require_aware(at).astimezone(SHANGHAI)
    day = local.date()
    if calendar.is_workday(day) and local.time().replace(tzinfo=None) < cutoff:
        return day
    return calendar.next_workday_after(day)


def sla_deadline(paid_at: dt.datetime, calendar: WorkCalendar, *, cutoff: dt.time = DEFAULT_CUTOFF,
                 working_days: int = DEFAULT_WORKING_DAYS, events: Iterable[ClockEvent] = ()) -> Deadline:
    """The visit deadline for a payment received at ``paid_at`` (see the module docstring)."""
    require_aware(paid_at, "paid_at")
    if working_days < 1:
        raise InputError(Msg("sla.err.days", n=working_days), where="working_days")
    day0 = receipt_day(paid_at, calendar, cutoff)
    # Pause intervals as (first day not counted, last day not counted or None while still paused).
    intervals: list[tuple[dt.date, dt.date | None]] = []
    paused_since: dt.date | None = None
    for ev in sorted(events, key=lambda e: (require_aware(e.at, f"event {e.kind}"), e.kind)):
        if ev.kind not in EVENT_KINDS:
            raise InputError(Msg("sla.err.event", kind=repr(ev.kind), valid=", ".join(EVENT_KINDS)), where="event")
        if ev.at < paid_at:
            raise InputError(Msg(f"sla.err.before.{ev.kind}", at=ev.at.isoformat(), paid=paid_at.isoformat()),
                             where="event")
        if ev.kind == "pause":
            if paused_since is not None:
                raise InputError(Msg("sla.err.paused", at=ev.at.isoformat()), where="event")
            paused_since = ev.at.astimezone(SHANGHAI).date()
        else:
            if paused_since is None:
                raise InputError(Msg("sla.err.resume", at=ev.at.isoformat()), where="event")
            intervals.append((paused_since, receipt_day(ev.at, calendar, cutoff)))
            paused_since = None
    if paused_since is not None:
        intervals.append((paused_since, None))

    counted: list[dt.date] = []
    skipped: list[dt.date] = []
    day = day0
    while len(counted) < working_days:
        day = calendar.next_workday_after(day)
        hit = next(((first, last) for first, last in intervals if first <= day and (last is None or day <= last)),
                   None)
        if hit is None:
            counted.append(day)
            continue
        if hit[1] is None:  # still paused: no deadline until the enterprise is ready again
            return Deadline(paid_at, day0, tuple(counted), tuple(skipped), None, None,
                            _any_estimated(calendar, paid_at, day))
        skipped.append(day)
    deadline_at = dt.datetime.combine(day, cutoff, tzinfo=SHANGHAI)
    return Deadline(paid_at, day0, tuple(counted), tuple(skipped), day, deadline_at,
                    _any_estimated(calendar, paid_at, day))


def _any_estimated(calendar: WorkCalendar, paid_at: dt.datetime, last: dt.date) -> bool:
    """True when any day consulted between the receipt and ``last`` came from the estimate."""
    day = paid_at.astimezone(SHANGHAI).date()
    while day <= last:
        if calendar.day(day).estimated:
            return True
        day += dt.timedelta(days=1)
    return False
