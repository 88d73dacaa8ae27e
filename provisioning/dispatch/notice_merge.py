"""A notice against the calendar data, and its days merged into the override file.

:func:`plan_merge` decides, without writing, what the notices of one year change:

* a notice (部分节假日安排) for a year without data: the year becomes an ``official_years`` entry
  with the notice as source, and every day the notice states a ``days`` entry;
* a notice for a year that has data (the package or the file): every day of the year must agree
  (the days the notice does not list follow the weekday rule; 25–31 December may still be set by
  the next year's New Year arrangement, as 2011-12-31 was); a disagreement is an error naming the
  sentence, and nothing is written;
* a supplementary notice (an adjustment, an extension, a one-off day) changes the days it states:
  those that differ from the data become ``days`` entries;
* a day of another year that the notice states (the 12月29日 of a New Year arrangement) is written
  when the data has it only by the weekday rule, and is an error when a source says otherwise.

:func:`render_overrides` writes the whole file again (header comments kept, entries sorted, strings
quoted), and :func:`write_merge` checks the result loads before replacing the file atomically.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.errors import InputError
from checks.fsutil import replace_atomically
from checks.i18n import Msg, t
from checks.textio import read_bytes
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.dispatch.calendar import Override, WorkCalendar
from provisioning.dispatch.notice import Notice, Problem, Sentence
from provisioning.dispatch.reasons import Reason, reason

DEFAULT_HEADER = ("# Working-day overrides for qpfleet dispatch (read by provisioning/dispatch/calendar.py).\n"
                  "# Add a State Council notice with: qpfleet dispatch calendar import-notice NOTICE.txt --write\n")
_FESTIVAL_ZH = {"new_year": "元旦", "spring": "春节", "qingming": "清明节", "labour": "劳动节",
                "dragon_boat": "端午节", "mid_autumn": "中秋节", "national": "国庆节", "special": "纪念日"}


@dataclass(frozen=True)
class Entry:
    """One ``days:`` entry to write."""

    day: dt.date
    work: bool
    source: str
    note: str


@dataclass
class MergePlan:
    """What the notices of one year change in the data (nothing is written here)."""

    year: int
    status: str  # "agrees" | "new" | "changes" | "present"
    official: tuple[int, str] | None = None
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = ""  # where the year's data came from before this import


def _kind(work: bool) -> str:
    return "@daykind.work" if work else "@daykind.rest"


def _nearest(notice_days: dict[dt.date, tuple[bool, str, Sentence]], d: dt.date) -> Sentence | None:
    best = min(notice_days, key=lambda x: abs((x - d).days), default=None)
    if best is None or abs((best - d).days) > 10:
        return None
    return notice_days[best][2]


def plan_merge(notices: list[Notice], calendar: WorkCalendar) -> MergePlan:
    """The merge of the notices of one year (main notice first, then supplements by date)."""
    year = notices[0].year
    ordered = sorted(notices, key=lambda n: (n.kind != "main", n.issued or dt.date.min))
    main = next((n for n in ordered if n.kind == "main"), None)
    stated: dict[dt.date, tuple[bool, str, Sentence, Notice]] = {}
    for n in ordered:
        for d, (work, header, sentence) in n.stated().items():
            stated[d] = (work, header, sentence, n)
    plan = MergePlan(year, "agrees")
    diffs: dict[tuple[int, str], list[Reason]] = {}
    has_data = calendar.has_year(year)
    if main is None and not has_data:
        s = ordered[0].holidays[0].sentence
        plan.problems.append(Problem(s.line, s.text, reason("notice.err.no_year_data", year=year)))
        return plan
    new_year = main is not None and not has_data
    if new_year:
        assert main is not None
        plan.official = (year, main.reference)
        plan.status = "new"
    for d in sorted(stated):
        work, header, sentence, n = stated[d]
        entry = Entry(d, work, f"{n.reference}：{header}" if header else n.reference,
                      "、".join(_FESTIVAL_ZH[f] for f in _festivals_of(n, header)))
        override = calendar.overrides.get(d)
        if override is not None:
            if override.work != work:
                plan.problems.append(_override_problem(sentence, d, work, override))
            continue  # the file already says so
        if not calendar.has_year(d.year):
            plan.entries.append(entry)
            continue
        known = calendar.day(d)
        if known.work == work:
            continue
        if n.kind == "supplement" and d.year == year:
            plan.entries.append(entry)  # what an adjustment is for
        elif d.year != year and not calendar.explicit(d):
            plan.entries.append(entry)  # a New Year day of the year before, decided by the weekday rule so far
        else:
            diffs.setdefault((sentence.line, sentence.text), []).append(
                reason("notice.err.day", day=d.isoformat(), notice=_kind(work), data=_kind(known.work)))
    if main is not None and has_data:
        flat = {d: (v[0], v[1], v[2]) for d, v in stated.items()}
        d = dt.date(year, 1, 1)
        while d.year == year:
            if d not in stated and not (d.month == 12 and d.day >= 25):
                default = d.weekday() < 5
                known = calendar.day(d)
                if known.work != default:
                    near = _nearest(flat, d) or Sentence(main.title, main.issued_line or 1)
                    diffs.setdefault((near.line, near.text), []).append(
                        reason("notice.err.unlisted", day=d.isoformat(), notice=_kind(default), data=_kind(known.work)))
            d += dt.timedelta(days=1)
    source = (calendar.overrides_file if year in calendar.official_years
              else f"chinesecalendar {calendar.package_version}")
    for (line, text), days in sorted(diffs.items()):
        why = reason("notice.err.differs", n=len(days), source=source)
        for part in days:
            why = why.plus(part)
        plan.problems.append(Problem(line, text, why))
    if new_year:
        pass
    elif plan.entries:
        plan.status = "changes"
    elif (main is not None and calendar.official_years.get(year) == main.reference) or (
            main is None and all(d in calendar.overrides for d in stated)):
        plan.status = "present"
    plan.source = source
    return plan


def _festivals_of(n: Notice, header: str) -> tuple[str, ...]:
    for h in n.holidays:
        if h.header == header:
            return h.festivals
    return next((w.festivals for w in n.workdays if w.header == header), n.festivals[:1])


def _override_problem(sentence: Sentence, d: dt.date, work: bool, override: Override) -> Problem:
    return Problem(sentence.line, sentence.text, reason(
        "notice.err.override", day=d.isoformat(), notice=_kind(work), where=override.where,
        data=_kind(override.work), source=override.source))


# -- the override file -------------------------------------------------------------------------------
def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def render_overrides(header: str, official: dict[int, str], days: dict[dt.date, Override]) -> str:
    """The override file's text: ``header`` (comments) as it was, then every entry, sorted."""
    out = [header.rstrip("\n") + "\n\n" if header.strip() else DEFAULT_HEADER + "\n"]
    if official:
        out.append("official_years:\n")
        for year in sorted(official):
            out.append(f"  - year: {year}\n    source: {_quote(official[year])}\n")
    else:
        out.append("official_years: []\n")
    out.append("\ndays:\n" if days else "\ndays: []\n")
    last_year = None
    for d in sorted(days):
        o = days[d]
        if d.year != last_year:
            out.append(f"  # {d.year}\n")
            last_year = d.year
        note = f", note: {_quote(o.note)}" if o.note else ""
        out.append(f"  - {{date: {d.isoformat()}, kind: {'work' if o.work else 'rest'}, source: {_quote(o.source)}"
                   f"{note}}}\n")
    return "".join(out)


def file_header(text: str) -> str:
    """The comment lines at the top of an override file (kept when the file is written again)."""
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines).strip("\n")


def apply(calendar: WorkCalendar, plan: MergePlan) -> WorkCalendar:
    """The calendar with the plan's entries (for the next year's check in the same run)."""
    overrides = dict(calendar.overrides)
    for e in plan.entries:
        overrides[e.day] = Override(e.day, e.work, e.source, "(this import)", e.note)
    official = dict(calendar.official_years)
    if plan.official:
        official[plan.official[0]] = plan.official[1]
    return WorkCalendar(overrides, official, calendar.allow_estimate, calendar.overrides_file, calendar.path,
                        calendar.lang)


def write_merge(path: Path, before: bytes | None, calendar: WorkCalendar) -> int:
    """Write ``calendar``'s overrides and official years to ``path``; returns the number of day entries.

    ``before`` is the file as read when the import started: if it changed meanwhile, nothing is
    written (another import ran at the same time). The new text is loaded back before it replaces
    the file, so a file that the calendar could not read is never written.
    """
    import yaml

    now = read_bytes(path, what="calendar override file") if path.exists() else None
    if now != before:
        raise InputError(t("notice.err.changed", calendar.lang, file=str(path)), where=str(path))
    header = file_header(before.decode("utf-8-sig")) if before else ""
    text = render_overrides(header, calendar.official_years, calendar.overrides)
    data: Any = yaml.safe_load(text)
    if len(data.get("days") or []) != len(calendar.overrides) or \
            len(data.get("official_years") or []) != len(calendar.official_years):
        raise InputError(Msg("dispatch.err.readback"), where=str(path))
    try:
        replace_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(Msg("dispatch.err.write", detail=Msg("msg.detail", text=exc.strerror or str(exc))),
                         where=str(path)) from None
    return len(calendar.overrides)


__all__ = ["Entry", "MergePlan", "apply", "plan_merge", "render_overrides", "write_merge"]
