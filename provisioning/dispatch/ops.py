"""Dispatch operations on the store: engineers and leave, visit requests and their clock, planning runs.

Each function that writes does it in one transaction; deadlines are recomputed from the payment
time and the clock events every time they are read (never stored as the truth).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from checks.errors import InputError
from provisioning.dispatch.calendar import SHANGHAI, CalendarGap, WorkCalendar
from provisioning.dispatch.planner import Engineer, Miss, Plan, VisitRequest, make_plan
from provisioning.dispatch.reasons import Reason
from provisioning.dispatch.sla import ClockEvent, Deadline, sla_deadline
from provisioning.dispatch.store import Store, from_utc_text, utc_text

SKILLS = ("maintenance", "install", "training")


def add_engineer(store: Store, ident: str, name: str, skills: list[str], sites: list[str], capacity: int) -> None:
    """Add or update an engineer."""
    bad = [s for s in skills if s not in SKILLS]
    if bad or not skills:
        raise InputError(f"invalid skill(s) {', '.join(bad) or '(none)'}; valid: {', '.join(SKILLS)}", where="--skills")
    if not sites:
        raise InputError("give the customs site codes the engineer serves, e.g. 5301,5316", where="--sites")
    if capacity < 1:
        raise InputError(f"daily capacity must be 1 or more visits, not {capacity}", where="--capacity")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO engineers (id, name, skills, sites, daily_capacity) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, skills = excluded.skills,"
            " sites = excluded.sites, daily_capacity = excluded.daily_capacity",
            (ident, name or ident, json.dumps(sorted(set(skills))), json.dumps(sorted(set(sites))), capacity))


def add_leave(store: Store, ident: str, first: dt.date, last: dt.date, reason: str) -> int:
    """Record leave for every day of the inclusive range; returns the number of days."""
    if last < first:
        raise InputError(f"leave ends {last} before it starts {first}", where="--to")
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM engineers WHERE id = ?", (ident,)).fetchone() is None:
            raise InputError(f"unknown engineer {ident!r}; add it first (qpfleet dispatch engineer add)", where=ident)
        day, n = first, 0
        while day <= last:
            conn.execute("INSERT OR REPLACE INTO leave (engineer, day, reason) VALUES (?, ?, ?)",
                         (ident, day.isoformat(), reason))
            day += dt.timedelta(days=1)
            n += 1
    return n


def load_engineers(store: Store) -> list[Engineer]:
    leave: dict[str, set[dt.date]] = {}
    for row in store.query("SELECT engineer, day FROM leave"):
        leave.setdefault(row["engineer"], set()).add(dt.date.fromisoformat(row["day"]))
    return [Engineer(r["id"], frozenset(json.loads(r["skills"])), frozenset(json.loads(r["sites"])),
                     int(r["daily_capacity"]), frozenset(leave.get(r["id"], ())), r["name"])
            for r in store.query("SELECT * FROM engineers ORDER BY id")]


def add_request(store: Store, enterprise: str, site: str, skill: str, paid_at: dt.datetime, now: dt.datetime,
                note: str = "", hosts: list[str] | None = None) -> int:
    """Open a visit request; ``hosts`` are the terminals it concerns (none: the enterprise's, see closure)."""
    if skill not in SKILLS:
        raise InputError(f"invalid skill {skill!r}; valid: {', '.join(SKILLS)}", where="--skill")
    with store.transaction() as conn:
        cur = conn.execute("INSERT INTO requests (enterprise, site, skill, paid_at, note, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?)", (enterprise, site, skill, utc_text(paid_at), note, utc_text(now)))
        rid = int(cur.lastrowid or 0)
        conn.executemany("INSERT OR IGNORE INTO request_hosts (request_id, host) VALUES (?, ?)",
                         [(rid, h) for h in hosts or ()])
        return rid


def clock_events(store: Store, request_id: int) -> list[ClockEvent]:
    return [ClockEvent(r["kind"], from_utc_text(r["at"]), r["note"])
            for r in store.query("SELECT kind, at, note FROM request_events WHERE request_id = ? AND kind IN"
                                 " ('pause', 'resume') ORDER BY at, id", (request_id,))]


def add_event(store: Store, request_id: int, kind: str, at: dt.datetime, note: str, calendar: WorkCalendar,
              cutoff: dt.time) -> Deadline | None:
    """Log a pause/resume/done/cancel event; returns the recomputed deadline (None when closed)."""
    with store.transaction() as conn:
        row = conn.execute("SELECT * FROM requests WHERE id = ?", (request_id,)).fetchone()
        if row is None:
            raise InputError(f"no visit request {request_id}", where=str(request_id))
        if row["status"] != "open":
            raise InputError(f"request {request_id} is {row['status']}; only open requests change", where=str(request_id))
        deadline = None
        if kind in ("pause", "resume"):
            events = [*clock_events(store, request_id), ClockEvent(kind, at, note)]
            deadline = sla_deadline(from_utc_text(row["paid_at"]), calendar, cutoff=cutoff, events=events)
        conn.execute("INSERT INTO request_events (request_id, kind, at, note) VALUES (?, ?, ?, ?)",
                     (request_id, kind, utc_text(at), note))
        if kind in ("done", "cancel"):
            conn.execute("UPDATE requests SET status = ? WHERE id = ?",
                         ("done" if kind == "done" else "cancelled", request_id))
            conn.execute("DELETE FROM visits WHERE request_id = ?", (request_id,))
        return deadline


@dataclass
class RequestState:
    id: int
    enterprise: str
    site: str
    skill: str
    paid_at: dt.datetime
    status: str
    deadline: Deadline | None = None
    error: str | None = None  # why no deadline could be computed (calendar gap)


def request_states(store: Store, calendar: WorkCalendar, cutoff: dt.time, status: str | None = "open",
                   enterprise: str | None = None) -> list[RequestState]:
    """Requests (of one enterprise, or all) with their deadline recomputed from payment time and clock events."""
    events: dict[int, list[ClockEvent]] = {}
    for r in store.query("SELECT request_id, kind, at, note FROM request_events WHERE kind IN ('pause', 'resume')"
                         " ORDER BY at, id"):
        events.setdefault(r["request_id"], []).append(ClockEvent(r["kind"], from_utc_text(r["at"]), r["note"]))
    out: list[RequestState] = []
    where = ["1 = 1"]
    params: list[object] = []
    if status:
        where.append("status = ?")
        params.append(status)
    if enterprise is not None:
        where.append("enterprise = ?")
        params.append(enterprise)
    rows = store.query(f"SELECT * FROM requests WHERE {' AND '.join(where)} ORDER BY id", tuple(params))  # noqa: S608
    for r in rows:
        state = RequestState(r["id"], r["enterprise"], r["site"], r["skill"], from_utc_text(r["paid_at"]), r["status"])
        try:
            state.deadline = sla_deadline(state.paid_at, calendar, cutoff=cutoff, events=events.get(r["id"], ()))
        except CalendarGap as exc:
            state.error = str(exc)
        out.append(state)
    return out


@dataclass
class PlanReport:
    plan_id: int
    first_day: dt.date
    days: list[dt.date]
    plan: Plan
    states: dict[int, RequestState]
    paused: list[RequestState] = field(default_factory=list)
    unknown: list[RequestState] = field(default_factory=list)
    horizon_note: str | None = None
    moved: list[tuple[int, str, str]] = field(default_factory=list)  # request, before, after


def horizon(calendar: WorkCalendar, first: dt.date, count: int) -> tuple[list[dt.date], str | None]:
    """Up to ``count`` working days from ``first``; cut (with a note) where the calendar data ends."""
    days: list[dt.date] = []
    day = first
    try:
        if not calendar.is_workday(day):
            day = calendar.next_workday_after(day)
        while len(days) < count:
            days.append(day)
            day = calendar.next_workday_after(day)
    except CalendarGap as exc:
        return days, f"planning horizon cut after {days[-1] if days else first}: {exc}"
    return days, None


def run_plan(store: Store, calendar: WorkCalendar, cutoff: dt.time, now: dt.datetime, n_days: int = 20,
             first: dt.date | None = None) -> PlanReport:
    """Re-plan every open request in one transaction (all or nothing) and return the report."""
    today = now.astimezone(SHANGHAI).date()
    start = first or today
    days, note = horizon(calendar, start, n_days)
    with store.transaction() as conn:
        before = {r["request_id"]: f"{r['engineer']} {r['day']}" for r in conn.execute(
            "SELECT request_id, engineer, day FROM visits WHERE request_id IS NOT NULL")}
        conn.execute("DELETE FROM visits WHERE request_id IS NOT NULL")
        states = request_states(store, calendar, cutoff)
        engineers = load_engineers(store)
        booked: dict[tuple[str, dt.date], int] = {}
        for r in conn.execute("SELECT engineer, day, COUNT(*) AS n FROM visits GROUP BY engineer, day"):
            booked[(r["engineer"], dt.date.fromisoformat(r["day"]))] = int(r["n"])
        requests, paused, unknown = [], [], []
        for s in states:
            if s.deadline is None:
                unknown.append(s)
            elif s.deadline.deadline_date is None:
                paused.append(s)
            else:
                requests.append(VisitRequest(s.id, s.site, s.skill, s.deadline.deadline_date,
                                             max(s.deadline.received_on, start), s.enterprise))
        plan = make_plan(requests, engineers, days, booked)
        estimated = any(s.deadline.estimated for s in states if s.deadline)
        late = sum(1 for m in plan.misses if m.day is not None)
        cur = conn.execute("INSERT INTO plans (made_at, first_day, days, visits, late, unassigned, estimated)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (utc_text(now), start.isoformat(), len(days), len(plan.assignments), late,
                            len(plan.misses) - late, int(estimated)))
        plan_id = int(cur.lastrowid or 0)
        by_id = {s.id: s for s in states}
        conn.executemany(
            "INSERT INTO visits (plan_id, request_id, kind, engineer, day, site, enterprise, deadline, late)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(plan_id, a.request_id, by_id[a.request_id].skill, a.engineer, a.day.isoformat(), a.site,
              by_id[a.request_id].enterprise, _deadline_text(by_id[a.request_id]), int(a.late))
             for a in plan.assignments])
        conn.executemany("INSERT INTO plan_misses (plan_id, request_id, deadline, day, reason) VALUES (?, ?, ?, ?, ?)",
                         [(plan_id, m.request_id, m.deadline.isoformat(), m.day.isoformat() if m.day else None,
                           m.reason.to_json()) for m in plan.misses])
    after = {a.request_id: f"{a.engineer} {a.day.isoformat()}" for a in plan.assignments}
    moved = [(rid, before[rid], after.get(rid, "unassigned")) for rid in sorted(before)
             if before[rid] != after.get(rid, "unassigned")]
    return PlanReport(plan_id, start, days, plan, by_id, paused, unknown, note, moved)


def _deadline_text(state: RequestState) -> str | None:
    d = state.deadline.deadline_date if state.deadline else None
    return d.isoformat() if d else None


def latest_misses(store: Store) -> list[Miss]:
    row = store.query("SELECT MAX(id) AS id FROM plans")[0]
    if row["id"] is None:
        return []
    return [Miss(r["request_id"], dt.date.fromisoformat(r["deadline"]),
                 dt.date.fromisoformat(r["day"]) if r["day"] else None, Reason.from_json(r["reason"]))
            for r in store.query("SELECT * FROM plan_misses WHERE plan_id = ? ORDER BY deadline, request_id",
                                 (row["id"],))]
