"""The planner: earliest deadline first, skills, sites, capacity, leave, grouping, reasons, optimality."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from provisioning.dispatch.planner import Engineer, VisitRequest, make_plan
from tests.support.optimum import cpsat_optimum

D = dt.date
DAYS = [D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 3), D(2026, 12, 4)]


def eng(ident: str, sites: str = "5301", skills: str = "maintenance", cap: int = 2, leave: tuple[dt.date, ...] = ()
        ) -> Engineer:
    return Engineer(ident, frozenset(skills.split(",")), frozenset(sites.split(",")), cap, frozenset(leave))


def req(i: int, deadline: dt.date, site: str = "5301", skill: str = "maintenance",
        earliest: dt.date = DAYS[0]) -> VisitRequest:
    return VisitRequest(i, site, skill, deadline, earliest, f"E{i}")


def test_earliest_deadline_first_with_capacity() -> None:
    reqs = [req(1, DAYS[2]), req(2, DAYS[0]), req(3, DAYS[0]), req(4, DAYS[1])]
    plan = make_plan(reqs, [eng("A", cap=2)], DAYS)
    got = {a.request_id: a.day for a in plan.assignments}
    assert got[2] == got[3] == DAYS[0] and got[4] == DAYS[1] and got[1] == DAYS[1]
    assert plan.on_time == 4 and not plan.misses


def test_skills_and_sites_are_respected() -> None:
    engineers = [eng("A", sites="5301"), eng("B", sites="5316", skills="maintenance,install")]
    plan = make_plan([req(1, DAYS[1], site="5316"), req(2, DAYS[1], skill="install", site="5316"),
                      req(3, DAYS[1], skill="install", site="5301")], engineers, DAYS)
    by = {a.request_id: a.engineer for a in plan.assignments}
    assert by == {1: "B", 2: "B"}
    assert [m.request_id for m in plan.misses] == [3]
    assert plan.misses[0].day is None and "no engineer with skill 'install' serves customs site 5301" in str(plan.misses[0].reason)


def test_leave_forces_a_late_visit_with_the_reason() -> None:
    plan = make_plan([req(1, DAYS[1])], [eng("A", leave=(DAYS[0], DAYS[1]))], DAYS)
    (m,) = plan.misses
    assert m.day == DAYS[2] and "on leave" in str(m.reason)
    assert plan.assignments[0].late


def test_full_capacity_reason_names_the_engineers() -> None:
    reqs = [req(i, DAYS[0]) for i in range(1, 4)]
    plan = make_plan(reqs, [eng("A", cap=1), eng("B", cap=1)], DAYS)
    assert plan.on_time == 2
    (m,) = plan.misses
    assert m.day == DAYS[1] and str(m.reason) == ("A fully booked on 2026-11-30 (1 visits a day); B fully booked on "
                                                  "2026-11-30 (1 visits a day); first free slot 2026-12-01 (A)")


def test_a_late_visit_says_why_every_day_before_it_was_taken() -> None:
    """Deadline 11-30 and a visit on 12-04: the reason covers 11-30 to 12-03, not only up to the deadline."""
    reqs = [req(1, DAYS[0]), req(2, DAYS[0]), req(3, DAYS[1])]
    booked = {("A", DAYS[2]): 1}
    plan = make_plan(reqs, [eng("A", cap=1, leave=(DAYS[3],))], DAYS, booked)
    (miss,) = plan.misses
    text = miss.reason.text("en")
    assert miss.day == DAYS[4]
    assert "A fully booked 2026-11-30 to 2026-12-01" in text and "installing for a site campaign on 2026-12-02" in text
    assert "A on leave on 2026-12-03" in text and text.endswith("first free slot 2026-12-04 (A)")
    assert "2026-12-02 有集中安装" in miss.reason.text("zh")


def test_booked_capacity_is_honoured() -> None:
    plan = make_plan([req(1, DAYS[0])], [eng("A", cap=1)], DAYS, booked={("A", DAYS[0]): 1})
    assert plan.assignments[0].day == DAYS[1] and plan.assignments[0].late


def test_same_site_requests_go_on_one_trip() -> None:
    engineers = [eng("A", sites="5301,5316", cap=4), eng("B", sites="5301,5316", cap=4)]
    reqs = [req(1, DAYS[0], "5301"), req(2, DAYS[0], "5316"), req(3, DAYS[0], "5301"), req(4, DAYS[0], "5316")]
    plan = make_plan(reqs, engineers, DAYS)
    assert plan.trips == 2
    trips = {(a.engineer, a.site) for a in plan.assignments}
    assert len({s for _, s in trips}) == 2 and len({e for e, _ in trips}) == 2


def test_augmenting_beats_plain_greedy() -> None:
    # Request 1 (any of A/B) is placed first on A; request 2 can only use A (site 5316).
    # Plain EDF would leave 2 late; the augmenting step moves 1 to B.
    engineers = [eng("A", sites="5301,5316", cap=1), eng("B", sites="5301", cap=1)]
    plan = make_plan([req(1, DAYS[0], "5301"), req(2, DAYS[0], "5316")], engineers, DAYS[:1])
    assert plan.on_time == 2 and not plan.misses
    assert {a.request_id: a.engineer for a in plan.assignments} == {1: "B", 2: "A"}


def test_deterministic_for_the_same_input() -> None:
    rng = random.Random(7)
    engineers = [eng(f"E{i}", sites="5301,5316,5320", cap=rng.randint(1, 3)) for i in range(5)]
    reqs = [req(i, rng.choice(DAYS), rng.choice(["5301", "5316", "5320"])) for i in range(60)]
    first = make_plan(reqs, engineers, DAYS)
    shuffled = reqs[:]
    rng.shuffle(shuffled)
    again = make_plan(shuffled, list(reversed(engineers)), list(reversed(DAYS)))
    assert first.assignments == again.assignments and first.misses == again.misses


def test_deadline_before_the_horizon() -> None:
    plan = make_plan([req(1, D(2026, 11, 27))], [eng("A")], DAYS)
    assert plan.assignments[0].late and "before the first planned day" in str(plan.misses[0].reason)


def test_no_capacity_in_the_horizon() -> None:
    plan = make_plan([req(i, DAYS[0]) for i in range(3)], [eng("A", cap=1)], DAYS[:2])
    assert plan.on_time == 1 and [m.day for m in plan.misses] == [DAYS[1], None]
    assert "no free day in the horizon" in str(plan.misses[1].reason)


@pytest.mark.parametrize("seed", range(25))
def test_on_time_count_equals_the_cp_sat_optimum(seed: int) -> None:
    rng = random.Random(seed)
    sites = ["5301", "5316", "5320"][: rng.randint(1, 3)]
    days = DAYS[: rng.randint(1, 5)]
    engs = [Engineer(f"E{i}", frozenset(["maintenance"] + (["install"] if rng.random() < 0.5 else [])),
                     frozenset(rng.sample(sites, rng.randint(1, len(sites)))), rng.randint(1, 3),
                     frozenset(d for d in days if rng.random() < 0.2)) for i in range(rng.randint(1, 4))]
    reqs = []
    for i in range(rng.randint(5, 30)):
        e = rng.randrange(len(days))
        reqs.append(VisitRequest(i, rng.choice(sites), "install" if rng.random() < 0.25 else "maintenance",
                                 days[min(len(days) - 1, e + rng.randint(0, 2))], days[e]))
    assert make_plan(reqs, engs, days).on_time == cpsat_optimum(reqs, engs, days)


@pytest.mark.parametrize("seed", range(5))
def test_medium_instances_equal_the_optimum(seed: int) -> None:
    """Enough requests that many augmenting paths and dead slots interact."""
    rng = random.Random(1000 + seed)
    sites = ["5301", "5316", "5320", "5317"]
    engs = [Engineer(f"E{i}", frozenset({"maintenance"}), frozenset(rng.sample(sites, 2)), rng.randint(1, 4),
                     frozenset(d for d in DAYS if rng.random() < 0.2)) for i in range(8)]
    reqs = []
    for i in range(150):
        e = rng.randrange(len(DAYS))
        reqs.append(VisitRequest(i, rng.choice(sites), "maintenance", DAYS[min(4, e + rng.randint(0, 1))], DAYS[e]))
    assert make_plan(reqs, engs, DAYS).on_time == cpsat_optimum(reqs, engs, DAYS)


@pytest.mark.parametrize("seed", range(15))
def test_with_campaign_days_and_leave_the_count_equals_the_optimum(seed: int) -> None:
    """Campaign installation visits take part of some engineer-days (booked), leave takes whole days."""
    rng = random.Random(2000 + seed)
    sites = ["5301", "5316", "5320"]
    engs = [Engineer(f"E{i}", frozenset({"maintenance", "install"} if i % 2 else {"maintenance"}),
                     frozenset(rng.sample(sites, rng.randint(1, 3))), rng.randint(1, 4),
                     frozenset(d for d in DAYS if rng.random() < 0.2)) for i in range(rng.randint(2, 5))]
    booked = {(e.id, d): rng.randint(1, e.capacity) for e in engs for d in DAYS
              if "install" in e.skills and d not in e.leave and rng.random() < 0.4}
    reqs = []
    for i in range(rng.randint(10, 40)):
        e = rng.randrange(len(DAYS))
        reqs.append(VisitRequest(i, rng.choice(sites), "maintenance", DAYS[min(4, e + rng.randint(0, 2))], DAYS[e]))
    plan = make_plan(reqs, engs, DAYS, booked)
    assert plan.on_time == cpsat_optimum(reqs, engs, DAYS, booked)
    used: dict[tuple[str, object], int] = {}
    for a in plan.assignments:
        used[(a.engineer, a.day)] = used.get((a.engineer, a.day), 0) + 1
    caps = {e.id: e for e in engs}
    for (eid, day), n in used.items():
        assert day not in caps[eid].leave and n + booked.get((eid, day), 0) <= caps[eid].capacity
