"""Dispatch operations on the store: engineers, their leave and removal; visit requests and their clock.

Each function that writes does it in one transaction; deadlines are recomputed from the payment
time and the clock events every time they are read (never stored as the truth).

Two kinds of request are planned alike:

* ``maintenance`` — the paid visit (§2.6): opened by a payment, due by the end of the 2nd working
  day after it (:mod:`provisioning.dispatch.sla`), with pauses when the enterprise postpones;
* ``guidance`` — the on-site operating guidance after the switch-over (现场操作指导培训, §7.2): free,
  opened for each enterprise of a site when its campaign is planned (or by hand), with its own
  first and last day; done by an engineer who trains (skill ``training``). Its ``paid_at``
  column holds the start of its first day (there is no payment).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass

from checks.errors import InputError
from checks.i18n import Msg, h
from checks.textio import name_problem
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.dispatch.calendar import SHANGHAI, CalendarGap, WorkCalendar
from provisioning.dispatch.planner import Engineer
from provisioning.dispatch.sla import ClockEvent, Deadline, sla_deadline
from provisioning.dispatch.store import Store, from_utc_text, utc_text

SKILLS = ("maintenance", "install", "training")
KINDS = ("maintenance", "guidance")
SKILL_OF_KIND = {"maintenance": "maintenance", "guidance": "training"}


# -- engineers -----------------------------------------------------------------------------------------
def add_engineer(store: Store, ident: str, name: str, skills: list[str] | None, sites: list[str] | None,
                 capacity: int | None, *, update: bool = False, known_sites: Collection[str] | None = None,
                 ) -> str:
    """Add an engineer, or with ``update`` change the fields given (None keeps a field); returns "added" or
    "updated". An existing id is refused without ``update``; sites must be customs sites of the registry."""
    if not ident.strip():
        raise InputError(h("dispatch.err.engineer_id"), where="id")
    for value, where in ((ident, "id"), (name, "--name")):
        problem = name_problem(value)
        if problem is not None:
            raise InputError(problem, where=where)
    if skills is not None:
        bad = [s for s in skills if s not in SKILLS]
        if bad or not skills:
            raise InputError(Msg("dispatch.err.skills", bad=", ".join(bad) or "-", valid=", ".join(SKILLS)),
                             where="--skills")
    if sites is not None:
        if not sites:
            raise InputError(Msg("dispatch.err.sites"), where="--sites")
        unknown = sorted(set(sites) - set(known_sites)) if known_sites is not None else []
        if unknown:
            raise InputError(h("dispatch.err.unknown_sites", sites=", ".join(unknown),
                               known=", ".join(sorted(known_sites or ()))), where="--sites")
    if capacity is not None and capacity < 1:
        raise InputError(Msg("dispatch.err.capacity", n=capacity), where="--capacity")
    with store.transaction() as conn:
        row = conn.execute("SELECT * FROM engineers WHERE id = ?", (ident,)).fetchone()
        if row is None:
            if update:
                raise InputError(h("dispatch.err.no_engineer_to_update", id=ident), where=ident)
            if skills is None or sites is None:
                raise InputError(h("dispatch.err.new_engineer_needs"), where=ident)
            conn.execute("INSERT INTO engineers (id, name, skills, sites, daily_capacity) VALUES (?, ?, ?, ?, ?)",
                         (ident, name or ident, json.dumps(sorted(set(skills))), json.dumps(sorted(set(sites))),
                          capacity or 4))
            return "added"
        if not update:
            gone = h("dispatch.err.was_removed", day=row["removed_at"][:10]) if row["removed_at"] else ""
            raise InputError(h("dispatch.err.engineer_exists", id=ident, gone=gone), where=ident)
        conn.execute("UPDATE engineers SET name = ?, skills = ?, sites = ?, daily_capacity = ?, removed_at = NULL"
                     " WHERE id = ?",
                     (name or row["name"], json.dumps(sorted(set(skills))) if skills is not None else row["skills"],
                      json.dumps(sorted(set(sites))) if sites is not None else row["sites"],
                      capacity if capacity is not None else row["daily_capacity"], ident))
        return "updated"


def remove_engineer(store: Store, ident: str, now: dt.datetime) -> int:
    """Take an engineer out of planning (past visits keep the name); returns the future visits to re-plan."""
    today = now.astimezone(SHANGHAI).date().isoformat()
    with store.transaction() as conn:
        row = conn.execute("SELECT removed_at FROM engineers WHERE id = ?", (ident,)).fetchone()
        if row is None:
            raise InputError(h("dispatch.err.unknown_engineer", id=ident), where=ident)
        if row["removed_at"]:
            raise InputError(h("dispatch.err.already_removed", id=ident, day=row["removed_at"][:10]), where=ident)
        conn.execute("UPDATE engineers SET removed_at = ? WHERE id = ?", (utc_text(now), ident))
        return int(conn.execute("SELECT COUNT(*) FROM visits WHERE engineer = ? AND day >= ?",
                                (ident, today)).fetchone()[0])


def add_leave(store: Store, ident: str, first: dt.date, last: dt.date, reason: str) -> int:
    """Record leave for every day of the inclusive range; returns the number of days."""
    if last < first:
        raise InputError(Msg("dispatch.err.leave_order", last=last.isoformat(), first=first.isoformat()), where="--to")
    with store.transaction() as conn:
        row = conn.execute("SELECT removed_at FROM engineers WHERE id = ?", (ident,)).fetchone()
        if row is None or row["removed_at"]:
            raise InputError(Msg("dispatch.err.engineer_unknown_add", id=repr(ident)), where=ident)
        day, n = first, 0
        while day <= last:
            conn.execute("INSERT OR REPLACE INTO leave (engineer, day, reason) VALUES (?, ?, ?)",
                         (ident, day.isoformat(), reason))
            day += dt.timedelta(days=1)
            n += 1
    return n


def load_engineers(store: Store, include_removed: bool = False) -> list[Engineer]:
    leave: dict[str, set[dt.date]] = {}
    for row in store.query("SELECT engineer, day FROM leave"):
        leave.setdefault(row["engineer"], set()).add(dt.date.fromisoformat(row["day"]))
    rows = store.query("SELECT * FROM engineers ORDER BY id" if include_removed
                       else "SELECT * FROM engineers WHERE removed_at IS NULL ORDER BY id")
    return [Engineer(r["id"], frozenset(json.loads(r["skills"])), frozenset(json.loads(r["sites"])),
                     int(r["daily_capacity"]), frozenset(leave.get(r["id"], ())), r["name"]) for r in rows]


# -- requests --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Added:
    """What ``request add`` did: a new request, or the one that was already there for that payment."""

    id: int
    new: bool
    receipt: str | None = None
    hosts: tuple[str, ...] = ()  # the terminals it concerns (request_hosts), after this call


def add_request(store: Store, enterprise: str, site: str, skill: str, paid_at: dt.datetime, now: dt.datetime,
                note: str = "", hosts: Collection[str] | None = None, *, receipt: str | None = None,
                again: bool = False) -> Added:
    """Open a paid maintenance visit request, once per payment.

    The request that an imported payment (same receipt, or same enterprise and payment time) or an
    earlier ``request add`` opened is returned instead of a second one. Another open request of the
    enterprise paid the same day is refused unless ``again`` (two visits paid the same day are rare,
    a second typing of one payment is not).

    ``hosts`` are the QP terminals the request concerns (none listed: the enterprise's terminals an
    install run reaches, :mod:`provisioning.dispatch.closure`); given again for a request that is
    already there, they are added to the ones it has.
    """
    if skill not in SKILLS:
        raise InputError(Msg("dispatch.err.skill", skill=repr(skill), valid=", ".join(SKILLS)), where="--skill")
    paid = utc_text(paid_at)
    with store.transaction() as conn:
        if receipt:
            row = conn.execute("SELECT id, enterprise FROM requests WHERE receipt_no = ?", (receipt,)).fetchone()
            if row is not None:
                if row["enterprise"] != enterprise:
                    raise InputError(h("dispatch.err.receipt_other", receipt=receipt, id=row["id"],
                                       other=row["enterprise"], ent=enterprise), where="--receipt")
                return Added(int(row["id"]), False, receipt, _add_hosts(conn, int(row["id"]), hosts))
            pay = conn.execute("SELECT enterprise, purpose FROM payments WHERE receipt_no = ?", (receipt,)).fetchone()
            if pay is None:  # a request names only a recorded payment (requests.receipt_no references payments)
                raise InputError(h("dispatch.err.receipt_unknown", receipt=receipt), where="--receipt")
            if pay["enterprise"] != enterprise or pay["purpose"] != "maintenance":
                raise InputError(h("dispatch.err.receipt_purpose", receipt=receipt, purpose=pay["purpose"],
                                   ent=pay["enterprise"]), where="--receipt")
        row = conn.execute("SELECT id, receipt_no FROM requests WHERE enterprise = ? AND kind = 'maintenance'"
                           " AND paid_at = ? AND status != 'cancelled' ORDER BY id LIMIT 1",
                           (enterprise, paid)).fetchone()
        if row is not None:
            return Added(int(row["id"]), False, row["receipt_no"], _add_hosts(conn, int(row["id"]), hosts))
        if not again:
            day = paid_at.astimezone(SHANGHAI).date()
            for other in conn.execute("SELECT id, receipt_no, paid_at FROM requests WHERE enterprise = ? AND"
                                      " kind = 'maintenance' AND status = 'open'", (enterprise,)):
                when = from_utc_text(other["paid_at"]).astimezone(SHANGHAI)
                if when.date() == day:
                    raise InputError(h("dispatch.err.same_day", ent=enterprise, id=other["id"],
                                       receipt=other["receipt_no"] or "-", at=f"{when:%Y-%m-%d %H:%M}"),
                                     where="--paid-at")
        cur = conn.execute("INSERT INTO requests (enterprise, site, skill, receipt_no, paid_at, note, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (enterprise, site, skill, receipt or None, paid, note, utc_text(now)))
        rid = int(cur.lastrowid or 0)
        return Added(rid, True, receipt, _add_hosts(conn, rid, hosts))


def _add_hosts(conn: sqlite3.Connection, request_id: int, hosts: Collection[str] | None) -> tuple[str, ...]:
    """Record the terminals a request concerns (closure.py reads them), inside the caller's transaction;
    returns all of them."""
    conn.executemany("INSERT OR IGNORE INTO request_hosts (request_id, host) VALUES (?, ?)",
                     [(request_id, host) for host in hosts or ()])
    return tuple(r[0] for r in conn.execute("SELECT host FROM request_hosts WHERE request_id = ? ORDER BY host",
                                            (request_id,)))


def add_guidance(conn: sqlite3.Connection, enterprise: str, site: str, first: dt.date, last: dt.date,
                 now: dt.datetime, note: str = "", campaign_id: int | None = None) -> int:
    """Open (or move) the on-site guidance request (§7.2) of an enterprise, due from ``first`` to ``last``.

    Call inside :meth:`Store.transaction`; an enterprise has at most one open guidance request.
    """
    if last < first:
        raise InputError(h("dispatch.err.guidance_order", first=first, last=last), where="--by")
    start = utc_text(dt.datetime.combine(first, dt.time(0, 0), tzinfo=SHANGHAI))
    old = conn.execute("SELECT id FROM requests WHERE enterprise = ? AND kind = 'guidance' AND status = 'open'",
                       (enterprise,)).fetchone()
    if old is not None:
        conn.execute("UPDATE requests SET earliest_day = ?, due_day = ?, paid_at = ?, campaign_id = ? WHERE id = ?",
                     (first.isoformat(), last.isoformat(), start, campaign_id, old["id"]))
        return int(old["id"])
    cur = conn.execute(
        "INSERT INTO requests (enterprise, site, skill, kind, paid_at, earliest_day, due_day, campaign_id, note,"
        " created_at) VALUES (?, ?, 'training', 'guidance', ?, ?, ?, ?, ?, ?)",
        (enterprise, site, start, first.isoformat(), last.isoformat(), campaign_id, note, utc_text(now)))
    return int(cur.lastrowid or 0)


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
            raise InputError(Msg("dispatch.err.no_request", id=request_id), where=str(request_id))
        if row["status"] != "open":
            raise InputError(Msg("dispatch.err.request_closed", id=request_id,
                                 status=Msg(f"dispatch.status.{row['status']}")), where=str(request_id))
        deadline = None
        if kind in ("pause", "resume"):
            if row["kind"] == "guidance":
                raise InputError(h("dispatch.err.guidance_pause", id=request_id), where=str(request_id))
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
    kind: str = "maintenance"
    receipt: str | None = None


def guidance_deadline(first: dt.date, last: dt.date, calendar: WorkCalendar, cutoff: dt.time) -> Deadline:
    """The window of a guidance request in the shape of an SLA deadline (its last day, by the cut-off)."""
    start = dt.datetime.combine(first, dt.time(0, 0), tzinfo=SHANGHAI)
    estimated = any(calendar.day(d).estimated for d in (first, last))
    return Deadline(start, first, (), (), last, dt.datetime.combine(last, cutoff, tzinfo=SHANGHAI), estimated)


def request_states(store: Store, calendar: WorkCalendar, cutoff: dt.time, status: str | None = "open",
                   enterprise: str | None = None) -> list[RequestState]:
    """Requests (of one enterprise, or all) with their deadline recomputed from payment time and clock events
    (guidance: its days)."""
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
        state = RequestState(r["id"], r["enterprise"], r["site"], r["skill"], from_utc_text(r["paid_at"]), r["status"],
                             kind=r["kind"], receipt=r["receipt_no"])
        try:
            if r["kind"] == "guidance":
                state.deadline = guidance_deadline(dt.date.fromisoformat(r["earliest_day"]),
                                                   dt.date.fromisoformat(r["due_day"]), calendar, cutoff)
            else:
                state.deadline = sla_deadline(state.paid_at, calendar, cutoff=cutoff, events=events.get(r["id"], ()))
        except CalendarGap as exc:
            state.error = str(exc)
        out.append(state)
    return out


def is_after_cutoff(now: dt.datetime, cutoff: dt.time) -> bool:
    """Whether the working day is over in Shanghai (a visit due today can no longer be on time)."""
    return now.astimezone(SHANGHAI).time().replace(tzinfo=None) >= cutoff
