"""Dispatch planner benchmarks: 10,000 requests / 100 engineers / 20 working days, and optimality vs CP-SAT.

Run: .venv/bin/python bench/bench_dispatch.py [--instances 50] [--seed 1]
Figures printed: planning time (target <= 2 s) against a baseline measured in the same run (plain
earliest-deadline-first without the augmenting step), and the number of random small instances
(<= 30 requests, <= 4 engineers, <= 5 days) where the plan's on-time count equals CP-SAT's optimum.
Every instance has leave days and campaign days (installation visits that already take part of an
engineer's day); the end-to-end run also has campaign visits of engineers on leave, which the
planning run moves first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from provisioning.dispatch.planner import Engineer, VisitRequest, make_plan
from tests.support.optimum import cpsat_optimum


def end_to_end(n_req: int, n_eng: int, n_days: int, seed: int) -> tuple[float, int]:
    """``run_plan`` on a real SQLite store: deadlines from the calendar, plan, one write transaction."""
    import json
    import tempfile

    from provisioning.dispatch.calendar import load_overrides
    from provisioning.dispatch.planning import horizon, run_plan
    from provisioning.dispatch.sla import DEFAULT_CUTOFF
    from provisioning.dispatch.store import Store

    rng = random.Random(seed)
    cal = load_overrides(Path(__file__).resolve().parent.parent / "inventory" / "calendar" / "overrides.yml")
    sites = [f"{5300 + i}" for i in range(30)]
    now = dt.datetime(2026, 11, 29, 2, 0, tzinfo=dt.UTC)
    days, _ = horizon(cal, dt.date(2026, 11, 30), n_days)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite3")
        with store.transaction() as conn:
            served = {}
            for i in range(n_eng):
                served[i] = rng.sample(sites, 4)
                conn.execute("INSERT INTO engineers (id, name, skills, sites, daily_capacity) VALUES (?, ?, ?, ?, ?)",
                             (f"E{i:03d}", f"E{i:03d}", json.dumps(["install", "maintenance"] if i % 2 else
                                                                  ["maintenance"]),
                              json.dumps(served[i]), rng.randint(3, 6)))
                for d in days:
                    if rng.random() < 0.05:
                        conn.execute("INSERT INTO leave (engineer, day) VALUES (?, ?)", (f"E{i:03d}", d.isoformat()))
            for c in range(n_days // 2):  # a campaign every other day, on the installers
                day = days[c * 2]
                site = rng.choice(sites)
                cid = conn.execute("INSERT INTO campaigns (site, day, notify_by, created_at) VALUES (?, ?, ?, ?)",
                                   (site, day.isoformat(), day.isoformat(), now.isoformat())).lastrowid
                installers = [i for i in range(1, n_eng, 2) if site in served[i]]
                for k in range(12):
                    if installers:
                        conn.execute("INSERT INTO visits (campaign_id, kind, engineer, day, site, enterprise)"
                                     " VALUES (?, 'install', ?, ?, ?, ?)",
                                     (cid, f"E{rng.choice(installers):03d}", day.isoformat(), site, f"44038{c:02d}{k:03d}"))
            for i in range(n_req):
                paid = now + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 20))
                conn.execute("INSERT INTO requests (enterprise, site, skill, paid_at, created_at)"
                             " VALUES (?, ?, 'maintenance', ?, ?)",
                             (f"44039{i:05d}", rng.choice(sites), paid.isoformat(), now.isoformat()))
        t0 = time.perf_counter()
        report = run_plan(store, cal, DEFAULT_CUTOFF, now, n_days)
        elapsed = time.perf_counter() - t0
        store.close()
    return elapsed, report.plan.on_time, len(report.campaign_moves)

SKILLS = ("maintenance", "install")


def working_days(first: dt.date, count: int) -> list[dt.date]:
    out, d = [], first
    while len(out) < count:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def instance(rng: random.Random, n_req: int, n_eng: int, n_days: int, n_sites: int, cap: tuple[int, int],
             leave_p: float = 0.05, campaign_p: float = 0.1
             ) -> tuple[list[VisitRequest], list[Engineer], list[dt.date], dict[tuple[str, dt.date], int]]:
    days = working_days(dt.date(2026, 12, 1), n_days)
    sites = [f"{5300 + i}" for i in range(n_sites)]
    engs = []
    for i in range(n_eng):
        served = frozenset(rng.sample(sites, k=rng.randint(1, min(len(sites), 4))))
        skills = frozenset(["maintenance"] + (["install"] if rng.random() < 0.5 else []))
        leave = frozenset(d for d in days if rng.random() < leave_p)
        engs.append(Engineer(f"E{i:03d}", skills, served, rng.randint(*cap), leave))
    reqs = []
    for i in range(n_req):
        e = rng.randrange(len(days))
        dl_index = min(len(days) - 1, e + rng.randint(0, 2))
        reqs.append(VisitRequest(i + 1, rng.choice(sites), "install" if rng.random() < 0.2 else "maintenance",
                                 days[dl_index], days[e]))
    # campaign days: installation visits already take 1..capacity of some installers' days
    booked = {(e.id, d): rng.randint(1, e.capacity) for e in engs for d in days
              if "install" in e.skills and d not in e.leave and rng.random() < campaign_p}
    return reqs, engs, days, booked


def greedy_only(reqs, engs, days, booked=None) -> int:
    """Baseline: plain EDF (no augmenting paths), counted on time."""
    used: dict[tuple[str, dt.date], int] = dict(booked or {})
    on_time = 0
    for r in sorted(reqs, key=lambda r: (r.deadline, r.earliest, r.site, r.id)):
        for d in days:
            if not r.earliest <= d <= r.deadline:
                continue
            cand = [e for e in engs if r.skill in e.skills and r.site in e.sites and d not in e.leave
                    and used.get((e.id, d), 0) < e.capacity]
            if cand:
                used[(cand[0].id, d)] = used.get((cand[0].id, d), 0) + 1
                on_time += 1
                break
    return on_time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    reqs, engs, days, booked = instance(rng, 10_000, 100, 20, 30, (3, 6))
    t0 = time.perf_counter()
    plan = make_plan(reqs, engs, days, booked)
    big = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = greedy_only(reqs, engs, days, booked)
    base_t = time.perf_counter() - t0
    print(f"plan 10,000 requests / 100 engineers / 20 working days: {big:.2f} s (target <= 2 s) "
          f"on time {plan.on_time}, late {sum(1 for m in plan.misses if m.day)}, "
          f"unassigned {sum(1 for m in plan.misses if not m.day)}, trips {plan.trips}; "
          f"{len(booked)} campaign engineer-days, {sum(len(e.leave) for e in engs)} leave days")
    print(f"baseline plain EDF (same run): {base_t:.2f} s, on time {base}; "
          f"planner/baseline on-time ratio {plan.on_time / max(base, 1):.3f}")

    e2e, e2e_on_time, e2e_moves = end_to_end(10_000, 100, 20, args.seed)
    print(f"end to end (SQLite store, campaign visits of engineers on leave moved, deadlines from the calendar, "
          f"plan, one write transaction): {e2e:.2f} s, on time {e2e_on_time}, campaign visits moved {e2e_moves}")

    equal, worse = 0, []
    greedy_equal = 0
    t_opt = 0.0
    for i in range(args.instances):
        n_req, n_eng, n_days = rng.randint(5, 30), rng.randint(1, 4), rng.randint(1, 5)
        r, e, d, b = instance(rng, n_req, n_eng, n_days, rng.randint(1, 4), (1, 3), leave_p=0.15, campaign_p=0.3)
        got = make_plan(r, e, d, b).on_time
        t0 = time.perf_counter()
        best = cpsat_optimum(r, e, d, b)
        t_opt += time.perf_counter() - t0
        greedy_equal += greedy_only(r, e, d, b) == best
        if got == best:
            equal += 1
        else:
            worse.append((i, n_req, n_eng, n_days, got, best))
    print(f"small instances: planner equals CP-SAT optimum on {equal}/{args.instances} "
          f"(plain EDF baseline: {greedy_equal}/{args.instances}); CP-SAT total {t_opt:.1f} s")
    for w in worse:
        i, n_req, n_eng, n_days, got, best = w
        print(f"  differs: instance #{i} ({n_req} requests, {n_eng} engineers, {n_days} days): "
              f"planner {got}, optimum {best}")
    return 0 if big <= 2.0 and not worse else 1


if __name__ == "__main__":
    sys.exit(main())
