"""What people do on the board: mark a visit done or not done, re-plan. Each is one transaction with its audit row.

The dispatch module does the work — :func:`provisioning.dispatch.ops.add_event` closes a request
whose visit was done, :func:`provisioning.dispatch.planning.run_plan` re-plans — inside the board's
transaction (a savepoint of it), so the change and its audit record are committed together.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from checks.errors import InputError
from checks.i18n import Msg
from provisioning.board.auth import Session, audit
from provisioning.dispatch.store import Store, utc_text

OUTCOMES = ("done", "not_done")
MAX_REASON = 300
_REF = re.compile(r"^(request|campaign)-([1-9][0-9]{0,8})$")


class Conflict(InputError):
    """The state changed under the form (the visit was re-planned or already closed): reload and retry."""


class FormProblem(InputError):
    """A field of a form is wrong; ``key`` is the catalogue entry that says what (shown in the user's language)."""

    def __init__(self, key: str, field: str) -> None:
        super().__init__(key, where=field)
        self.key = key


@dataclass(frozen=True)
class VisitForm:
    ref: str
    kind: str  # request | campaign
    number: int
    enterprise: str
    day: dt.date
    outcome: str
    reason: str


def parse_visit_form(form: dict[str, str]) -> VisitForm:
    """The fields of a visit report, checked (a :class:`FormProblem` names the bad field)."""
    ref = form.get("ref", "")
    m = _REF.match(ref)
    if not m:
        raise FormProblem("form.visit.ref", "ref")
    enterprise = form.get("enterprise", "")
    if not enterprise or len(enterprise) > 32:
        raise FormProblem("form.visit.enterprise", "enterprise")
    try:
        day = dt.date.fromisoformat(form.get("day", ""))
    except ValueError:
        raise FormProblem("form.visit.day", "day") from None
    outcome = form.get("outcome", "")
    if outcome not in OUTCOMES:
        raise FormProblem("form.visit.outcome", "outcome")
    reason = " ".join(form.get("reason", "").split())  # control characters and line breaks become spaces
    if len(reason) > MAX_REASON:
        raise FormProblem("form.visit.reason_long", "reason")
    if outcome == "not_done" and not reason:
        raise FormProblem("form.visit.reason", "reason")
    return VisitForm(ref, m.group(1), int(m.group(2)), enterprise, day, outcome, reason)


def report_visit(store: Store, session: Session, form: VisitForm, now: dt.datetime, ip: str, calendar: object,
                 cutoff: dt.time) -> None:
    """Record that a planned visit was done (its request closes) or not done (with the reason)."""
    from provisioning.dispatch.ops import add_event

    column = "request_id" if form.kind == "request" else "campaign_id"
    with store.transaction() as conn:
        visit = conn.execute(f"SELECT engineer FROM visits WHERE {column} = ? AND enterprise = ? AND day = ?",  # noqa: S608
                             (form.number, form.enterprise, form.day.isoformat())).fetchone()
        if visit is None:
            raise Conflict(Msg("board.err.visit_gone"), where=form.ref)
        if form.outcome == "done" and form.kind == "request":
            note = f"visit {form.day} reported done on the board by {session.user}"
            if form.reason:
                note += f": {form.reason}"
            try:
                add_event(store, form.number, "done", now, note, calendar, cutoff)  # type: ignore[arg-type]
            except InputError as exc:
                raise Conflict(exc.msg, where=form.ref) from None
        conn.execute("INSERT INTO visit_reports (request_id, campaign_id, enterprise, day, engineer, outcome, reason,"
                     " by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (form.number if form.kind == "request" else None, form.number if form.kind == "campaign" else None,
                      form.enterprise, form.day.isoformat(), visit["engineer"], form.outcome, form.reason, session.user,
                      utc_text(now)))
        audit(conn, now, session.user, f"visit.{form.outcome}", form.ref,
              {"enterprise": form.enterprise, "day": form.day.isoformat(), "engineer": visit["engineer"],
               "reason": form.reason}, ip)


def replan(store: Store, session: Session, now: dt.datetime, ip: str, calendar: object, cutoff: dt.time,
           days: int = 20) -> int:
    """Re-plan every open request (the dispatch planner, as ``qpfleet dispatch plan``); returns the plan id."""
    from provisioning.dispatch.planning import run_plan

    with store.transaction() as conn:
        report = run_plan(store, calendar, cutoff, now, days)  # type: ignore[arg-type]
        late = sum(1 for m in report.plan.misses if m.day is not None)
        audit(conn, now, session.user, "dispatch.replan", f"plan-{report.plan_id}",
              {"visits": len(report.plan.assignments), "late": late, "unassigned": len(report.plan.misses) - late,
               "moved": [{"request": r, "before": b, "after": a} for r, b, a in report.moved],
               "campaign_moved": [{"campaign": m.campaign, "enterprise": m.enterprise,
                                   "before": f"{m.before[0]} {m.before[1].isoformat()}",
                                   "after": f"{m.after[0]} {m.after[1].isoformat()}" if m.after else ""}
                                  for m in report.campaign_moves]}, ip)
    return int(report.plan_id)


def refused(store: Store, user: str, action: str, target: str, now: dt.datetime, ip: str) -> None:
    """Audit a write that was refused (a viewer's, or one without its CSRF token)."""
    with store.transaction() as conn:
        audit(conn, now, user, "denied", target, {"action": action}, ip)
