"""The exact optimum of a small planning instance with OR-Tools CP-SAT (a test and bench-only dependency).

Maximises the number of visit requests placed on an engineer-day slot before their deadline,
respecting skills, customs sites, leave, daily capacity and the capacity campaign installation visits
already take: the figure the planner must equal.
"""

from __future__ import annotations

import datetime as dt

from provisioning.dispatch.planner import Engineer, VisitRequest


def cpsat_optimum(reqs: list[VisitRequest], engs: list[Engineer], days: list[dt.date],
                  booked: dict[tuple[str, dt.date], int] | None = None) -> int:
    """The most requests on time; ``booked`` is capacity already taken (a campaign's installation visits)."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    per_req: dict[int, list] = {}
    per_slot: dict[tuple[str, dt.date], list] = {}
    for r in reqs:
        for e in engs:
            if r.skill not in e.skills or r.site not in e.sites:
                continue
            for d in days:
                free = e.capacity - (booked or {}).get((e.id, d), 0)
                if r.earliest <= d <= r.deadline and d not in e.leave and free > 0:
                    x = m.new_bool_var(f"x{r.id}_{e.id}_{d}")
                    per_req.setdefault(r.id, []).append(x)
                    per_slot.setdefault((e.id, d), []).append(x)
    for xs in per_req.values():
        m.add(sum(xs) <= 1)
    cap = {e.id: e.capacity for e in engs}
    for (eid, d), xs in per_slot.items():
        m.add(sum(xs) <= cap[eid] - (booked or {}).get((eid, d), 0))
    m.maximize(sum(x for xs in per_req.values() for x in xs))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20
    solver.parameters.num_workers = 2
    status = solver.solve(m)
    if status != cp_model.OPTIMAL:
        raise RuntimeError("CP-SAT did not prove optimality")
    return int(solver.objective_value)
