"""Roll-out board under load: the sites page and an enterprise page, 20 concurrent clients for 30 s each,
against a static asset of the same server in the same run; the server's memory.

Data: the 10,000-enterprise registry of bench/bench_registry.py (60,000 terminals, 50,000 QP ones),
100,000 recorded results (preflights with checks and facts, installs and undos with the installer's
result document) written through provisioning.state, 2,000 open visit requests planned over 20
engineers. The server is the real ``qpfleet serve`` process; the clients are asyncio + httpx with
keep-alive connections, logged in as a viewer, on the same 2-core machine.

Run: .venv/bin/python bench/bench_board.py [--enterprises 10000] [--results 100000] [--clients 20] [--seconds 30]
     [--overview-only]   (only the in-process overview build, with and without the cyclic collector)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_registry import write_registry  # noqa: E402

from provisioning.board.auth import add_user  # noqa: E402
from provisioning.dispatch.calendar import SHANGHAI, load_overrides  # noqa: E402
from provisioning.dispatch.ops import add_engineer, add_request  # noqa: E402
from provisioning.dispatch.planning import run_plan  # noqa: E402
from provisioning.dispatch.store import Store  # noqa: E402
from provisioning.registry import load_registry  # noqa: E402
from tests.support.board_data import bulk  # noqa: E402
from tests.support.board_server import PASSWORD, Client, World, board_server, serve_argv  # noqa: E402

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)


def build(folder: Path, enterprises: int, results: int, requests: int) -> tuple[Path, Path, list[str]]:
    inventory = folder / "inventory"
    t0 = time.perf_counter()
    write_registry(inventory, enterprises)
    (inventory / "prices.yml").write_text((ROOT / "inventory" / "prices.yml").read_text("utf-8"), "utf-8")
    reg = load_registry(inventory)
    db = folder / "state.sqlite3"
    cal = load_overrides(None)
    with Store(db) as store:
        sites = sorted(reg.sites)
        for i in range(20):
            add_engineer(store, f"E{i:02d}", f"工程师{i}", ["maintenance", "install"], sites[i % 10: i % 10 + 3], 6)
        t1 = time.perf_counter()
        written = bulk(store, reg, NOW, results)
        t2 = time.perf_counter()
        rng = random.Random(3)
        codes = list(reg.enterprises)
        with store.transaction():
            for i in range(requests):
                ent = reg.enterprises[rng.choice(codes)]
                paid = NOW - dt.timedelta(hours=rng.randrange(1, 24 * 6))
                add_request(store, ent.customs_code, ent.site, "maintenance", paid, NOW, f"bench {i}", again=True)
        plan = run_plan(store, cal, dt.time(17, 30), NOW)
        add_user(store, "bench", "viewer", PASSWORD, NOW, "bench")
    size = db.stat().st_size / 2**20
    print(f"data: {enterprises:,} enterprises, {sum(len(e.terminals) for e in reg.enterprises.values()):,} terminals, "
          f"{written:,} results ({t2 - t1:.0f} s through provisioning.state), {requests:,} open requests, plan #"
          f"{plan.plan_id} with {len(plan.plan.assignments):,} visits; database {size:.0f} MiB; built in "
          f"{time.perf_counter() - t0:.0f} s")
    return inventory, db, codes


async def load(base: str, cookies: dict[str, str], paths: list[str], clients: int, seconds: float,
               rng: random.Random) -> tuple[list[float], int]:
    import httpx

    header = {"cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=header, limits=limits, timeout=60) as http:
        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                path = rng.choice(paths)
                start = time.perf_counter()
                response = await http.get(path)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors


def rss(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def bench_overview(inventory: Path, db: Path, rounds: int = 3) -> None:
    """The overview of every terminal built in-process as the board builds it (the cyclic collector paused)
    against the same build with the collector running (the baseline), alternately in the same run."""
    import gc

    from provisioning.board.data import _build_overview, build_overview

    reg, cal = load_registry(inventory), load_overrides(None)
    paused, running = [], []
    with Store(db) as store:
        for _ in range(rounds):
            gc.enable()
            t0 = time.perf_counter()
            _build_overview(store, reg, cal, dt.time(17, 30), NOW.date(), False)
            running.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            build_overview(store, reg, cal, dt.time(17, 30), NOW.date(), False)
            paused.append(time.perf_counter() - t0)
    print(f"overview of every terminal, in-process: {', '.join(f'{x:.2f}' for x in paused)} s — baseline with the "
          f"cyclic collector running {', '.join(f'{x:.2f}' for x in running)} s, ratio "
          f"{statistics.median(paused) / statistics.median(running):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--overview-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inventory, db, codes = build(Path(tmp), args.enterprises, args.results, args.requests)
        bench_overview(inventory, db)
        if args.overview_only:
            return
        world = World(inventory, db, Path(tmp) / "unused", None)  # type: ignore[arg-type]
        argv = serve_argv(world)
        argv[argv.index("--reload-interval") + 1] = "30"
        started = time.perf_counter()
        with board_server(world, argv=argv) as server:
            print(f"server listening after {time.perf_counter() - started:.1f} s (registry validated); "
                  f"memory {rss(server.proc.pid)[0]:.0f} MiB")
            client = Client(server.url)
            assert client.login("bench").status_code == 303
            t0 = time.perf_counter()
            assert client.get("/sites").status_code == 200
            print(f"first sites page (builds the overview of every terminal): {time.perf_counter() - t0:.2f} s; "
                  f"memory {rss(server.proc.pid)[0]:.0f} MiB")
            rng = random.Random(5)
            phases = [("static asset /static/board.css", ["/static/board.css"]),
                      ("sites page /sites", ["/sites"]),
                      ("enterprise page /enterprises/<random of 10,000>", [f"/enterprises/{c}" for c in codes])]
            rows = []
            for name, paths in phases:
                latencies, errors = asyncio.run(load(server.url, client.cookies, paths, args.clients, args.seconds,
                                                     rng))
                mem = rss(server.proc.pid)
                rows.append((name, len(latencies) / args.seconds, pct(latencies, 0.50), pct(latencies, 0.95),
                             statistics.mean(latencies) * 1000, errors, mem))
            client.close()
        base = rows[0]
        print(f"{args.clients} concurrent clients, {args.seconds:.0f} s each, one server process:")
        print(f"{'target':<52} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p95 ratio':>10} {'errors':>7} {'RSS MiB':>8}")
        for name, rps, p50, p95, _mean, errors, mem in rows:
            print(f"{name:<52} {rps:>7.0f} {p50:>8.1f} {p95:>8.1f} {p95 / base[3]:>9.1f}x {errors:>7} {mem[0]:>8.0f}")
        print(f"server memory: {rows[-1][6][0]:.0f} MiB resident at the end, peak {rows[-1][6][1]:.0f} MiB; "
              f"machine load average during the run {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
