"""Exports of the planned visits: one iCalendar file per engineer, and a CSV that Excel opens with Chinese intact.

Each visit is a timed event in Asia/Shanghai over the working window of its day (09:00 to the
cut-off, 17:30 by default: the visit is due by the end of the day), at the enterprise's address,
with its contacts and phones and the terminals to look at (for an installation: those still
without QP). Both files are written to a temporary file and renamed, so a reader never sees half
a file; the CSV goes through :func:`checks.textio.csv_text` (formula cells neutralised).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checks.i18n import t
from checks.textio import csv_text
from provisioning.dispatch.calendar import SHANGHAI

DAY_START = dt.time(9, 0)
CSV_FIELDS = ("day", "start", "end", "engineer", "engineer_name", "kind", "site", "site_name", "customs_code",
              "enterprise", "address", "contacts", "terminals", "deadline", "late", "ref")


@dataclass(frozen=True)
class VisitRow:
    day: dt.date
    engineer: str
    engineer_name: str
    kind: str  # maintenance | install | guidance
    site: str
    site_name: str
    customs_code: str
    enterprise: str
    deadline: dt.date | None
    late: bool
    ref: str  # "request-12" | "campaign-3"
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    address: str = ""  # the enterprise's
    site_address: str = ""
    contacts: tuple[tuple[str, str, str], ...] = ()  # (name, phone, role)
    terminals: tuple[tuple[str, str, bool], ...] = ()  # (host, address, QP installed)

    @property
    def place(self) -> str:
        return self.address or self.site_address

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "engineer": self.engineer, "engineer_name": self.engineer_name,
                "kind": self.kind, "site": self.site, "site_name": self.site_name, "customs_code": self.customs_code,
                "enterprise": self.enterprise, "deadline": self.deadline.isoformat() if self.deadline else None,
                "late": self.late, "ref": self.ref,
                "start": self.start.isoformat() if self.start else None, "end": self.end.isoformat() if self.end else None,
                "address": self.place, "contacts": [{"name": n, "phone": p, "role": r} for n, p, r in self.contacts],
                "terminals": [{"host": h, "address": a, "qp_installed": q} for h, a, q in self.terminals]}


def day_window(day: dt.date, cutoff: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """The working window of a visit day in Asia/Shanghai: 09:00 to the cut-off."""
    end = cutoff if cutoff > DAY_START else dt.time(17, 30)
    return dt.datetime.combine(day, DAY_START, tzinfo=SHANGHAI), dt.datetime.combine(day, end, tzinfo=SHANGHAI)


def _contacts(r: VisitRow) -> str:
    return "; ".join(f"{n} {p}" + (f" ({role})" if role else "") for n, p, role in r.contacts)


def _terminals(r: VisitRow, lang: str) -> str:
    return "; ".join(f"{h} {a}" + ("" if q else f" ({t('dispatch.qp_pending', lang)})") for h, a, q in r.terminals)


def csv_text_of(rows: Sequence[VisitRow], lang: str) -> str:
    """UTF-8 with BOM and CRLF line ends, headers in ``lang`` (Excel on a Chinese Windows reads it as is)."""
    head = [t(f"dispatch.col.{name}", lang) for name in CSV_FIELDS]
    body = [[r.day.isoformat(), f"{r.start:%H:%M}" if r.start else "", f"{r.end:%H:%M}" if r.end else "",
             r.engineer, r.engineer_name, t(f"dispatch.kind.{r.kind}", lang), r.site, r.site_name, r.customs_code,
             r.enterprise, r.place, _contacts(r), _terminals(r, lang), r.deadline.isoformat() if r.deadline else "",
             t("dispatch.yes", lang) if r.late else "", r.ref] for r in rows]
    return csv_text(head, body)


def _safe_name(ident: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", ident) or "engineer"


def ics_files(rows: Sequence[VisitRow], now: dt.datetime, lang: str,
              engineers: Mapping[str, str]) -> dict[str, bytes]:
    """``{file name: iCalendar bytes}``: one calendar per engineer (engineers without visits get an empty one)."""
    import icalendar

    by_engineer: dict[str, list[VisitRow]] = {e: [] for e in engineers}
    for r in rows:
        by_engineer.setdefault(r.engineer, []).append(r)
    files: dict[str, bytes] = {}
    for eng, visits in sorted(by_engineer.items()):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//qpfleet//dispatch//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", f"{engineers.get(eng) or eng} - qpfleet")
        cal.add("x-wr-timezone", "Asia/Shanghai")
        if any(v.start for v in visits):
            cal.add_component(_shanghai_timezone(icalendar))
        for r in sorted(visits, key=lambda v: (v.day, v.site, v.customs_code)):
            ev = icalendar.Event()
            ev.add("uid", f"{r.ref}-{r.customs_code}@qpfleet")
            ev.add("dtstamp", now)
            if r.start and r.end:
                ev.add("dtstart", r.start)
                ev.add("dtend", r.end)
            else:
                ev.add("dtstart", r.day)
                ev.add("dtend", r.day + dt.timedelta(days=1))
            ev.add("summary", f"{t(f'dispatch.kind.{r.kind}', lang)}: {r.enterprise or r.customs_code}")
            where = r.place or (f"{r.site_name} ({r.site})" if r.site_name else r.site)
            ev.add("location", where)
            desc = [f"{t('dispatch.col.customs_code', lang)}: {r.customs_code}",
                    f"{t('dispatch.col.site', lang)}: {r.site} {r.site_name}".rstrip()]
            if r.start and r.end:
                desc.append(f"{t('dispatch.col.window', lang)}: {r.start:%H:%M}-{r.end:%H:%M}")
            desc.append(f"{t('dispatch.col.address', lang)}: {where}")
            for name, phone, role in r.contacts:
                desc.append(f"{t('dispatch.col.contact', lang)}: {name} {phone}" + (f" ({role})" if role else ""))
            if not r.contacts:
                desc.append(t("dispatch.note.no_contact", lang))
            if r.terminals:
                desc.append(f"{t('dispatch.col.terminals', lang)}: {_terminals(r, lang)}")
            if r.deadline:
                desc.append(f"{t('dispatch.col.deadline', lang)}: {r.deadline.isoformat()}")
            if r.late:
                desc.append(t("dispatch.late_visit", lang))
            ev.add("description", "\n".join(desc))
            cal.add_component(ev)
        files[f"{_safe_name(eng)}.ics"] = cal.to_ical()
    return files


def _shanghai_timezone(icalendar: Any) -> Any:
    """VTIMEZONE for Asia/Shanghai (UTC+8 all year since 1991), so calendar programs place the events right."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Asia/Shanghai")
    std = icalendar.TimezoneStandard()
    std.add("dtstart", dt.datetime(1970, 1, 1))
    std.add("tzoffsetfrom", dt.timedelta(hours=8))
    std.add("tzoffsetto", dt.timedelta(hours=8))
    std.add("tzname", "CST")
    tz.add_component(std)
    return tz
