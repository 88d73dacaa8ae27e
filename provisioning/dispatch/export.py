"""Exports of the planned visits: one iCalendar file per engineer, and a CSV that Excel opens with Chinese intact.

Both are written to a temporary file and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checks.i18n import t
from checks.textio import csv_text

CSV_FIELDS = ("day", "engineer", "engineer_name", "kind", "site", "site_name", "customs_code", "enterprise",
              "deadline", "late", "ref")


@dataclass(frozen=True)
class VisitRow:
    day: dt.date
    engineer: str
    engineer_name: str
    kind: str  # maintenance | install
    site: str
    site_name: str
    customs_code: str
    enterprise: str
    deadline: dt.date | None
    late: bool
    ref: str  # "request-12" | "campaign-3"


def csv_bytes(rows: Sequence[VisitRow], lang: str) -> bytes:
    """UTF-8 with BOM and CRLF line ends, headers in ``lang`` (Excel on a Chinese Windows reads it as is);
    written by the one CSV writer, so no cell from the registry can be taken for a formula."""
    return csv_text([t(f"dispatch.col.{name}", lang) for name in CSV_FIELDS], (
        [r.day.isoformat(), r.engineer, r.engineer_name, t(f"dispatch.kind.{r.kind}", lang), r.site, r.site_name,
         r.customs_code, r.enterprise, r.deadline.isoformat() if r.deadline else "",
         t("dispatch.yes", lang) if r.late else "", r.ref] for r in rows)).encode("utf-8")


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
        for r in sorted(visits, key=lambda v: (v.day, v.site, v.customs_code)):
            ev = icalendar.Event()
            ev.add("uid", f"{r.ref}-{r.customs_code}@qpfleet")
            ev.add("dtstamp", now)
            ev.add("dtstart", r.day)
            ev.add("dtend", r.day + dt.timedelta(days=1))
            ev.add("summary", f"{t(f'dispatch.kind.{r.kind}', lang)}: {r.enterprise or r.customs_code}")
            ev.add("location", f"{r.site_name} ({r.site})" if r.site_name else r.site)
            desc = [f"{t('dispatch.col.customs_code', lang)}: {r.customs_code}"]
            if r.deadline:
                desc.append(f"{t('dispatch.col.deadline', lang)}: {r.deadline.isoformat()}")
            if r.late:
                desc.append(t("dispatch.late_visit", lang))
            ev.add("description", "\n".join(desc))
            cal.add_component(ev)
        files[f"{_safe_name(eng)}.ics"] = cal.to_ical()
    return files
