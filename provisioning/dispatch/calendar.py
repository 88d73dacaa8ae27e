"""The official PRC working-day calendar: chinesecalendar, an override file, and an explicit estimate.

A day is a working day (工作日) when the official calendar says so: Monday–Friday unless a public
holiday, plus the make-up working days (调休上班) the State Council notice puts on weekends.

Sources, in order:

1. ``inventory/calendar/overrides.yml`` ``days:`` entries (a hot-fix, a local closure, a year the
   package does not know yet), each with ``kind: work|rest`` and a ``source`` reference;
2. for a year listed under ``official_years:`` in that file: Monday–Friday work, weekends rest,
   corrected by the ``days:`` entries (the whole notice is transcribed there);
3. ``chinesecalendar`` for the years it knows (2004–2026 in 1.11.0);
4. otherwise an error naming the missing year and how to add it — unless the caller allows an
   estimate, when the ``holidays`` package's rule-based guess is used and the day is marked
   ``estimated`` (it has no make-up working days, so it can be wrong).

Nothing here reads the clock: "today" is always an argument.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from checks.errors import InputError, ValidationErrors
from checks.i18n import Msg, t
from checks.yamlio import load_yaml
from provisioning.dispatch import texts  # noqa: F401  (registers the calendar's words)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_OVERRIDES = Path("inventory/calendar/overrides.yml")
MIN_DAYS_AHEAD = 60

SOURCE_PACKAGE = "chinesecalendar"
SOURCE_WEEKDAYS = "official-year"
SOURCE_OVERRIDE = "override"
SOURCE_ESTIMATE = "estimate"


class CalendarGap(InputError):
    """A date outside every known calendar year (and no estimate allowed)."""


@dataclass(frozen=True)
class Override:
    """One ``days:`` entry of the override file."""

    day: dt.date
    work: bool
    source: str
    where: str
    note: str = ""


@dataclass(frozen=True)
class Day:
    """What the calendar says about one date and where it got it."""

    date: dt.date
    work: bool
    source: str  # one of the SOURCE_* names
    reference: str = ""  # the override's source reference, the package version, ...

    @property
    def estimated(self) -> bool:
        return self.source == SOURCE_ESTIMATE


def _package_years() -> tuple[int, int, str]:
    """First and last year chinesecalendar has data for, and its version."""
    import chinese_calendar
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays] + [d.year for d in constants.workdays]
    return min(years), max(years), str(getattr(chinese_calendar, "__version__", "?"))


@dataclass
class WorkCalendar:
    """The working-day calendar used by the SLA clock, the planner, campaigns and training."""

    overrides: dict[dt.date, Override] = field(default_factory=dict)
    official_years: dict[int, str] = field(default_factory=dict)
    allow_estimate: bool = False
    overrides_file: str = str(DEFAULT_OVERRIDES)
    path: Path | None = None  # the override file (None: not given and the default is absent)
    lang: str = "en"  # the language of the messages (gap, coverage warning)
    _cache: dict[dt.date, Day] = field(default_factory=dict, repr=False)
    _estimate: dict[int, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.package_first, self.package_last, self.package_version = _package_years()

    # -- one day ---------------------------------------------------------------------------------
    def day(self, d: dt.date) -> Day:
        """The calendar's answer for ``d``; raises :class:`CalendarGap` for an unknown year."""
        if isinstance(d, dt.datetime):
            raise TypeError("WorkCalendar.day() takes a date; convert a datetime in Asia/Shanghai first")
        found = self._cache.get(d)
        if found is None:
            found = self._cache[d] = self._lookup(d)
        return found

    def _lookup(self, d: dt.date) -> Day:
        ov = self.overrides.get(d)
        if ov is not None:
            return Day(d, ov.work, SOURCE_OVERRIDE, ov.source)
        if d.year in self.official_years:
            return Day(d, d.weekday() < 5, SOURCE_WEEKDAYS, self.official_years[d.year])
        if self.package_first <= d.year <= self.package_last:
            import chinese_calendar

            return Day(d, bool(chinese_calendar.is_workday(d)), SOURCE_PACKAGE, self.package_version)
        if self.allow_estimate:
            return Day(d, self._estimated_workday(d), SOURCE_ESTIMATE, Msg("calendar.estimate_ref"))
        raise CalendarGap(self.gap_message(d.year), where=d.isoformat())

    def _estimated_workday(self, d: dt.date) -> bool:
        table = self._estimate.get(d.year)
        if table is None:
            import holidays

            table = self._estimate[d.year] = holidays.country_holidays("CN", years=d.year, categories=("public",))
        return bool(table.is_working_day(d))

    def gap_message(self, year: int) -> str:
        """How to fix a missing year, in one sentence a dispatcher can act on."""
        return t("calendar.gap", self.lang, year=year, version=self.package_version, first=self.package_first,
                 last=self.package_last, file=self.overrides_file)

    def has_year(self, year: int) -> bool:
        """Whether official data covers ``year`` (the package, or a notice in the override file)."""
        return year in self.official_years or self.package_first <= year <= self.package_last

    def explicit(self, d: dt.date) -> bool:
        """Whether a source names ``d`` itself (an override, a holiday or make-up day of the package),
        rather than the weekday rule deciding it."""
        if d in self.overrides:
            return True
        if self.package_first <= d.year <= self.package_last and d.year not in self.official_years:
            from chinese_calendar import constants

            return d in constants.holidays or d in constants.workdays
        return False

    def is_workday(self, d: dt.date) -> bool:
        return self.day(d).work

    # -- walking ---------------------------------------------------------------------------------
    def next_workday_after(self, d: dt.date) -> dt.date:
        """The first working day strictly after ``d``."""
        nxt = d + dt.timedelta(days=1)
        for _ in range(400):  # the longest official break is 8 days; a year of rest is a data error
            if self.is_workday(nxt):
                return nxt
            nxt += dt.timedelta(days=1)
        raise InputError(t("calendar.no_workday", self.lang, day=d.isoformat(), file=self.overrides_file))

    def workdays(self, start: dt.date, count: int) -> list[dt.date]:
        """``count`` working days from ``start`` on (``start`` included when it is one)."""
        days: list[dt.date] = []
        d = start if self.is_workday(start) else self.next_workday_after(start)
        while len(days) < count:
            days.append(d)
            d = self.next_workday_after(d)
        return days

    def workdays_between(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """Working days in the inclusive range."""
        d = first
        while d <= last:
            if self.is_workday(d):
                yield d
            d += dt.timedelta(days=1)

    # -- coverage --------------------------------------------------------------------------------
    def covered_until(self) -> dt.date:
        """Last date with official data (package or transcribed notice), contiguous from the package."""
        year = self.package_last
        while year + 1 in self.official_years:
            year += 1
        return dt.date(year, 12, 31)

    def coverage_warning(self, today: dt.date, min_days: int = MIN_DAYS_AHEAD) -> str | None:
        """A warning when known data reaches fewer than ``min_days`` days beyond ``today``."""
        until = self.covered_until()
        ahead = (until - today).days
        if ahead >= min_days:
            return None
        return t("calendar.short", self.lang, until=until.isoformat(), ahead=ahead, today=today.isoformat(),
                 min=min_days, next=until.year + 1, file=self.overrides_file)


def overrides_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The override file: ``path``, else ``$QPFLEET_CALENDAR``, else ``inventory/calendar/overrides.yml``."""
    return Path(path) if path is not None else Path(os.environ.get("QPFLEET_CALENDAR", DEFAULT_OVERRIDES))


def load_overrides(path: str | os.PathLike[str] | None = None, *, allow_estimate: bool = False,
                   lang: str = "en") -> WorkCalendar:
    """Build the calendar from an override file; a missing default file means no overrides."""
    file = overrides_path(path)
    if not file.exists():
        if path is not None:
            raise InputError(Msg("dispatch.err.calendar_missing"), where=str(file))
        return WorkCalendar(allow_estimate=allow_estimate, overrides_file=Msg("calendar.file_missing", file=str(file)),
                            lang=lang)
    doc = load_yaml(file, what="calendar override file")  # an impossible date is a file:line error there
    data = doc.data if doc.data is not None else {}
    problems: list[str] = []

    def problem(path: str, what: Msg) -> None:
        problems.append(Msg("msg.at", where=doc.where(path), what=what))

    if not isinstance(data, dict):
        raise InputError(Msg("dispatch.err.calendar_shape"), where=doc.where(""))
    for key in data:
        if key not in ("official_years", "days"):
            problem(str(key), Msg("calendar.v.unknown_key"))
    official: dict[int, str] = {}
    for i, item in enumerate(data.get("official_years") or []):
        path_i = f"official_years[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("year"), int) or isinstance(item.get("year"), bool):
            problem(path_i, Msg("calendar.v.year"))
            continue
        source = item.get("source")
        if not isinstance(source, str) or not source.strip():
            problem(path_i + ".source", Msg("calendar.v.year_source"))
            continue
        if item["year"] in official:
            problem(path_i + ".year", Msg("calendar.v.year_twice", year=item["year"]))
        official[item["year"]] = source.strip()
    overrides: dict[dt.date, Override] = {}
    for i, item in enumerate(data.get("days") or []):
        path_i = f"days[{i}]"
        if not isinstance(item, dict):
            problem(path_i, Msg("calendar.v.day"))
            continue
        day = _as_date(item.get("date"))
        if day is None:
            problem(path_i + ".date", Msg("dispatch.err.date", text=repr(item.get("date"))))
            continue
        kind = item.get("kind")
        if kind not in ("work", "rest"):
            problem(path_i + ".kind", Msg("calendar.v.kind", kind=repr(kind)))
            continue
        source = item.get("source")
        if not isinstance(source, str) or not source.strip():
            problem(path_i + ".source", Msg("calendar.v.source"))
            continue
        if day in overrides:
            problem(path_i + ".date", Msg("calendar.v.day_twice", day=day.isoformat(), first=overrides[day].where))
            continue
        note = item.get("note")
        overrides[day] = Override(day, kind == "work", source.strip(), doc.where(path_i), str(note or ""))
    if problems:
        raise ValidationErrors(problems, what=str(file))
    return WorkCalendar(overrides, official, allow_estimate, str(file), file, lang)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
