"""The visit planner: visit requests to (engineer, working day), most on time first, grouped by site.

Input: open visit requests (customs site, skill, earliest day, SLA deadline), engineers (skills,
customs sites served, daily capacity in visits, leave days), the working days of the horizon and
the capacity already booked (site campaigns). Pure: no clock, no I/O; the same input gives the
same plan.

1. Earliest deadline first: each request, in (deadline, site, id) order, takes the earliest day
   in its window on which an eligible engineer has capacity, preferring an engineer already at the
   same customs site that day (one trip serves several enterprises), then the least loaded.
2. Then every request still without an on-time slot looks once for an augmenting path (moving
   other requests to other slots inside their own windows) — the count of requests on or before
   their deadline is then the maximum possible (a bipartite b-matching), not just a greedy guess.
3. The rest are placed on the earliest free day (late) or left unassigned, each with the reason.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from provisioning.dispatch.reasons import Reason, reason

Slot = tuple[int, int]  # (engineer index, day index)


@dataclass(frozen=True)
class VisitRequest:
    """An open request for an on-site visit."""

    id: int
    site: str
    skill: str
    deadline: dt.date  # last day on time
    earliest: dt.date  # first day a visit may take place
    enterprise: str = ""


@dataclass(frozen=True)
class Engineer:
    """A field engineer who can be sent out."""

    id: str
    skills: frozenset[str]
    sites: frozenset[str]
    capacity: int  # visits per working day
    leave: frozenset[dt.date] = frozenset()
    name: str = ""


@dataclass(frozen=True)
class Assignment:
    request_id: int
    engineer: str
    day: dt.date
    site: str
    late: bool


@dataclass(frozen=True)
class Miss:
    """A request that will not be visited on time: ``day`` is the late visit day or None."""

    request_id: int
    deadline: dt.date
    day: dt.date | None
    reason: Reason


@dataclass
class Plan:
    assignments: list[Assignment] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    @property
    def on_time(self) -> int:
        return sum(1 for a in self.assignments if not a.late)

    @property
    def trips(self) -> int:
        """Distinct (engineer, day, site) trips."""
        return len({(a.engineer, a.day, a.site) for a in self.assignments})


def make_plan(requests: Sequence[VisitRequest], engineers: Sequence[Engineer], days: Sequence[dt.date],
              booked: Mapping[tuple[str, dt.date], int] | None = None) -> Plan:
    """Plan ``requests`` over the working ``days`` (sorted); see the module docstring."""
    days = sorted(set(days))
    engs = sorted(engineers, key=lambda e: e.id)
    booked = booked or {}
    n_days = len(days)
    cap: dict[Slot, int] = {}
    for ei, eng in enumerate(engs):
        for di, day in enumerate(days):
            free = 0 if day in eng.leave else eng.capacity - booked.get((eng.id, day), 0)
            if free > 0:
                cap[(ei, di)] = free
    eligible_cache: dict[tuple[str, str], list[int]] = {}

    def eligible(req: VisitRequest) -> list[int]:
        key = (req.skill, req.site)
        found = eligible_cache.get(key)
        if found is None:
            found = eligible_cache[key] = [i for i, e in enumerate(engs) if req.skill in e.skills and req.site in e.sites]
        return found

    order = sorted(requests, key=lambda r: (r.deadline, r.earliest, r.site, r.id))
    window: dict[int, tuple[int, int]] = {}  # request id -> [first, last) day indices on time
    for req in order:
        first = bisect.bisect_left(days, req.earliest)
        last = bisect.bisect_right(days, req.deadline)
        window[req.id] = (first, max(first, last))
    by_id = {r.id: r for r in order}
    load: dict[Slot, list[int]] = {}  # slot -> request ids
    sites_at: dict[Slot, dict[str, int]] = {}  # slot -> site -> visits
    where: dict[int, Slot] = {}

    def put(rid: int, slot: Slot) -> None:
        load.setdefault(slot, []).append(rid)
        per_site = sites_at.setdefault(slot, {})
        site = by_id[rid].site
        per_site[site] = per_site.get(site, 0) + 1
        where[rid] = slot

    def take(rid: int) -> Slot:
        slot = where.pop(rid)
        load[slot].remove(rid)
        per_site = sites_at[slot]
        site = by_id[rid].site
        per_site[site] -= 1
        if not per_site[site]:
            del per_site[site]
        return slot

    def has_room(slot: Slot) -> bool:
        return len(load.get(slot, ())) < cap.get(slot, 0)

    def best_on_day(req: VisitRequest, di: int) -> Slot | None:
        best: tuple[int, int, int] | None = None
        for ei in eligible(req):
            slot = (ei, di)
            if not has_room(slot):
                continue
            at_site = sites_at.get(slot, {})
            key = (0 if req.site in at_site else 1, len(at_site), ei)
            if best is None or key < best:
                best = key
        return (best[2], di) if best is not None else None

    # 1. earliest deadline first
    unplaced: list[VisitRequest] = []
    for req in order:
        first, last = window[req.id]
        for di in range(first, last):
            slot = best_on_day(req, di)
            if slot is not None:
                put(req.id, slot)
                break
        else:
            unplaced.append(req)

    # 2. augmenting paths. A request whose search fails can never be placed on time by later moves,
    # and the slots its search reached can never lie on a later augmenting path (nothing leads out
    # of them to a free slot, and no path can enter them): they are marked dead for good. One pass
    # therefore gives the maximum number of on-time requests.
    dead: set[Slot] = set()
    still: list[VisitRequest] = []
    for req in unplaced:
        visited: set[Slot] = set()
        if not _augment(req, window, eligible, by_id, load, where, cap, visited, dead, put, take):
            dead |= visited
            still.append(req)

    # 3. late visits or none, with the reason. Room only ever fills up here, so once a scan of the
    # (skill, site) engineers from a day on found none, a later scan from that day or after finds none.
    plan = Plan()
    status = _SlotStatus(engs, days, cap, load, booked)
    full_from: dict[tuple[str, str], int] = {}
    spans: dict[tuple[tuple[int, ...], int, int], list[Reason]] = {}
    for req in still:
        first = bisect.bisect_left(days, req.earliest)
        chosen: Slot | None = None
        start = max(first, window[req.id][1])
        key = (req.skill, req.site)
        if start < full_from.get(key, n_days + 1):
            for di in range(start, n_days):
                chosen = best_on_day(req, di)
                if chosen is not None:
                    break
            if chosen is None:
                full_from[key] = start
        if chosen is not None:
            put(req.id, chosen)
        plan.misses.append(Miss(req.id, req.deadline, days[chosen[1]] if chosen else None,
                                _reason(req, engs, eligible(req), days, window[req.id], chosen, status, spans)))
    for rid in sorted(where, key=lambda r: (days[where[r][1]], engs[where[r][0]].id, by_id[r].site, r)):
        ei, di = where[rid]
        plan.assignments.append(Assignment(rid, engs[ei].id, days[di], by_id[rid].site, days[di] > by_id[rid].deadline))
    plan.misses.sort(key=lambda m: (m.deadline, m.request_id))
    return plan


def _augment(req: VisitRequest, window: dict[int, tuple[int, int]], eligible: Callable[[VisitRequest], list[int]],
             by_id: dict[int, VisitRequest], load: dict[Slot, list[int]], where: dict[int, Slot],
             cap: dict[Slot, int], visited: set[Slot], dead: set[Slot], put: Callable[[int, Slot], None],
             take: Callable[[int], Slot]) -> bool:
    """Find a chain of moves that frees an on-time slot for ``req``; apply it and return True."""
    came: dict[Slot, int] = {}
    seen_req = {req.id}
    queue = deque([req.id])
    while queue:
        rid = queue.popleft()
        r = by_id[rid]
        first, last = window[rid]
        for di in range(first, last):
            for ei in eligible(r):
                slot = (ei, di)
                if slot in visited or slot in dead or slot not in cap or where.get(rid) == slot:
                    continue
                visited.add(slot)
                came[slot] = rid
                if len(load.get(slot, ())) < cap[slot]:
                    # augment back along the chain
                    while True:
                        mover = came[slot]
                        old = where.get(mover)
                        if old is not None:
                            take(mover)
                        put(mover, slot)
                        if mover == req.id:
                            return True
                        assert old is not None
                        slot = old
                for other in load.get(slot, ()):
                    if other not in seen_req:
                        seen_req.add(other)
                        queue.append(other)
    return False


class _SlotStatus:
    """Why an engineer had no room on a day: on leave, full, or full with installation visits of a campaign."""

    def __init__(self, engs: Sequence[Engineer], days: Sequence[dt.date], cap: dict[Slot, int],
                 load: dict[Slot, list[int]], booked: Mapping[tuple[str, dt.date], int]) -> None:
        self.engs, self.days, self.cap, self.load, self.booked = engs, days, cap, load, booked

    def __call__(self, ei: int, di: int) -> str:
        eng, day = self.engs[ei], self.days[di]
        if day in eng.leave:
            return "leave"
        slot = (ei, di)
        if len(self.load.get(slot, ())) < self.cap.get(slot, 0):
            return "free"
        return "campaign" if self.booked.get((eng.id, day), 0) else "full"


MAX_ENGINEERS_IN_REASON = 4


def _reason(req: VisitRequest, engs: Sequence[Engineer], eligible: list[int], days: Sequence[dt.date],
            window: tuple[int, int], chosen: Slot | None, status: Callable[[int, int], str],
            cache: dict[tuple[tuple[int, ...], int, int], list[Reason]] | None = None) -> Reason:
    """Why ``req`` misses its deadline, in the dispatcher's words: who could go, and what each engineer's
    days from the first possible one to the visit (or the horizon's end) were taken by."""
    if not eligible:
        return reason("dispatch.why.no_engineer", skill=req.skill, site=req.site)
    if not days:
        return reason("dispatch.why.before_horizon", deadline=req.deadline.isoformat())
    if req.deadline < days[0]:
        why = reason("dispatch.why.before_horizon", deadline=req.deadline.isoformat())
        if chosen is not None:
            return why.plus(reason("dispatch.why.first_free", day=days[chosen[1]].isoformat(),
                                   engineer=engs[chosen[0]].id))
        return why.plus(reason("dispatch.why.no_free_day", last=days[-1].isoformat()))
    if window[0] >= window[1]:
        return reason("dispatch.why.no_day", earliest=req.earliest.isoformat(), deadline=req.deadline.isoformat())
    names = ", ".join(engs[i].id for i in eligible)
    on_window = [days[d] for d in range(window[0], window[1])]
    parts: list[Reason] = []
    if all(all(day in engs[i].leave for day in on_window) for i in eligible):
        parts.append(reason("dispatch.why.on_leave", site=req.site, names=names))
    stop = chosen[1] if chosen is not None else len(days)
    # the days before ``stop`` are full or leave for good (room only fills up), so the spans of one set of
    # engineers over one stretch of days are the same for every request that asks
    key = (tuple(eligible[:MAX_ENGINEERS_IN_REASON]), window[0], stop)
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = []
        for ei in key[0]:
            first = None
            kind = ""
            for di in range(window[0], stop + 1):
                now = status(ei, di) if di < stop else "end"
                if now != kind:
                    if first is not None and kind in ("leave", "full", "campaign"):
                        span = "day" if first == di - 1 else "span"
                        found.append(reason(f"dispatch.why.{kind}_{span}", engineer=engs[ei].id, first=days[first],
                                            last=days[di - 1], cap=engs[ei].capacity))
                    first, kind = di, now
        if cache is not None:
            cache[key] = found
    parts.extend(found)
    if len(eligible) > MAX_ENGINEERS_IN_REASON:
        parts.append(reason("dispatch.why.more_engineers", n=len(eligible) - MAX_ENGINEERS_IN_REASON))
    if chosen is not None:
        parts.append(reason("dispatch.why.first_free", day=days[chosen[1]].isoformat(), engineer=engs[chosen[0]].id))
    else:
        parts.append(reason("dispatch.why.no_free_day", last=days[-1].isoformat()))
    why = parts[0]
    for part in parts[1:]:
        why = why.plus(part)
    return why
