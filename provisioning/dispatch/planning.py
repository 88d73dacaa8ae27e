"""A planning run on the store: campaign visits repaired, then every open request planned, in one transaction.

``run_plan`` is what ``dispatch plan``, ``engineer leave|remove`` and campaign changes call:

1. the day is over at the cut-off (17:30 Shanghai): after it, planning starts on the next working
   day, and a request due today is late, never "on time";
2. installation visits of planned campaigns whose engineer is on leave that day or removed go to
   another engineer who installs at that site the same day; when nobody can, to the first later
   day with room (the enterprise must be told again), or nowhere — each move is reported;
3. every open request — paid maintenance visits and on-site guidance (§7.2) — is planned around
   the campaign visits (:func:`provisioning.dispatch.planner.make_plan`), and the plan, its visits
   and the misses with their reasons replace the previous plan.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field

from checks.errors import InputError
from checks.i18n import Msg, h
from provisioning.dispatch.calendar import SHANGHAI, CalendarGap, WorkCalendar
from provisioning.dispatch.ops import RequestState, is_after_cutoff, load_engineers, request_states
from provisioning.dispatch.planner import Engineer, Miss, Plan, VisitRequest, make_plan
from provisioning.dispatch.reasons import Reason, reason
from provisioning.dispatch.store import Store, utc_text

CAMPAIGN_SLIP_DAYS = 10  # how many working days after its day an installation visit may slip


@dataclass(frozen=True)
class CampaignMove:
    """An installation visit that had to move: to another engineer the same day, a later day, or nowhere."""

    campaign: int
    enterprise: str
    before: tuple[str, dt.date]
    after: tuple[str, dt.date] | None

    @property
    def day_changed(self) -> bool:
        return self.after is None or self.after[1] != self.before[1]


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
    campaign_moves: list[CampaignMove] = field(default_factory=list)
    day_over: dt.date | None = None  # today, when planning ran after the cut-off

    @property
    def late(self) -> list[Miss]:
        return list(self.plan.misses)


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
        return days, Msg("dispatch.plan.horizon_cut", day=(days[-1] if days else first).isoformat(), why=exc.as_msg())
    return days, None


def first_planning_day(now: dt.datetime, cutoff: dt.time, first: dt.date | None) -> tuple[dt.date, dt.date | None]:
    """The first day visits may be planned on, and today when the cut-off has passed (the day is over)."""
    today = now.astimezone(SHANGHAI).date()
    if first is not None and first < today:
        raise InputError(h("dispatch.err.plan_past", today=today), where="--from")
    start = first or today
    if start == today and is_after_cutoff(now, cutoff):
        return today + dt.timedelta(days=1), today
    return start, None


def repair_campaign_visits(conn: sqlite3.Connection, engineers: list[Engineer], calendar: WorkCalendar,
                           start: dt.date) -> list[CampaignMove]:
    """Move the installation visits whose engineer is away (leave, removed) from ``start`` on."""
    active = {e.id: e for e in engineers}
    rows = list(conn.execute("SELECT v.id, v.campaign_id, v.engineer, v.day, v.site, v.enterprise FROM visits v"
                             " JOIN campaigns c ON c.id = v.campaign_id WHERE c.status = 'planned' AND v.day >= ?"
                             " ORDER BY v.day, v.id", (start.isoformat(),)))
    away = [r for r in rows if r["engineer"] not in active
            or dt.date.fromisoformat(r["day"]) in active[r["engineer"]].leave]
    if not away:
        return []
    moving = {r["id"] for r in away}
    booked: dict[tuple[str, dt.date], int] = {}
    for r in rows:
        if r["id"] not in moving:
            key = (r["engineer"], dt.date.fromisoformat(r["day"]))
            booked[key] = booked.get(key, 0) + 1
    requests = [VisitRequest(int(r["id"]), r["site"], "install", dt.date.fromisoformat(r["day"]),
                             dt.date.fromisoformat(r["day"]), r["enterprise"]) for r in away]
    days, _ = horizon(calendar, min(q.earliest for q in requests), CAMPAIGN_SLIP_DAYS + 1)
    plan = make_plan(requests, engineers, days, booked)
    by_id = {int(r["id"]): r for r in away}
    moves: list[CampaignMove] = []
    for a in plan.assignments:
        r = by_id[a.request_id]
        conn.execute("UPDATE visits SET engineer = ?, day = ?, late = ? WHERE id = ?",
                     (a.engineer, a.day.isoformat(), int(a.late), a.request_id))
        moves.append(CampaignMove(int(r["campaign_id"]), r["enterprise"],
                                  (r["engineer"], dt.date.fromisoformat(r["day"])), (a.engineer, a.day)))
    for m in plan.misses:
        if m.day is None:
            r = by_id[m.request_id]
            conn.execute("DELETE FROM visits WHERE id = ?", (m.request_id,))
            moves.append(CampaignMove(int(r["campaign_id"]), r["enterprise"],
                                      (r["engineer"], dt.date.fromisoformat(r["day"])), None))
    return sorted(moves, key=lambda m: (m.before[1], m.campaign, m.enterprise))


def run_plan(store: Store, calendar: WorkCalendar, cutoff: dt.time, now: dt.datetime, n_days: int = 20,
             first: dt.date | None = None) -> PlanReport:
    """Re-plan campaigns' displaced visits and every open request in one transaction (all or nothing)."""
    start, day_over = first_planning_day(now, cutoff, first)
    days, note = horizon(calendar, start, n_days)
    with store.transaction() as conn:
        engineers = load_engineers(store)
        campaign_moves = repair_campaign_visits(conn, engineers, calendar, start)
        before = {r["request_id"]: f"{r['engineer']} {r['day']}" for r in conn.execute(
            "SELECT request_id, engineer, day FROM visits WHERE request_id IS NOT NULL")}
        conn.execute("DELETE FROM visits WHERE request_id IS NOT NULL")
        states = request_states(store, calendar, cutoff)
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
        if day_over is not None:
            plan.misses = [_day_over(m, day_over, cutoff) for m in plan.misses]
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
            [(plan_id, a.request_id, by_id[a.request_id].kind, a.engineer, a.day.isoformat(), a.site,
              by_id[a.request_id].enterprise, _deadline_text(by_id[a.request_id]), int(a.late))
             for a in plan.assignments])
        conn.executemany("INSERT INTO plan_misses (plan_id, request_id, deadline, day, reason) VALUES (?, ?, ?, ?, ?)",
                         [(plan_id, m.request_id, m.deadline.isoformat(), m.day.isoformat() if m.day else None,
                           m.reason.to_json()) for m in plan.misses])
    after = {a.request_id: f"{a.engineer} {a.day.isoformat()}" for a in plan.assignments}
    moved = [(rid, before[rid], after.get(rid, "unassigned")) for rid in sorted(before)
             if before[rid] != after.get(rid, "unassigned")]
    return PlanReport(plan_id, start, days, plan, by_id, paused, unknown, note, moved, campaign_moves, day_over)


def _day_over(m: Miss, today: dt.date, cutoff: dt.time) -> Miss:
    """A request due today, planned after the cut-off: say that the day is over, not "before the horizon"."""
    if m.deadline != today:
        return m
    first, *rest = m.reason.parts
    why = reason("dispatch.why.day_over", deadline=today.isoformat(), cutoff=cutoff.strftime("%H:%M"))
    if first[0] != "dispatch.why.before_horizon":
        rest = [first, *rest]
    return Miss(m.request_id, m.deadline, m.day, Reason((why.parts[0], *rest)))


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
