"""Benchmarks of the Windows path: the WSH collector under Wine, and the WinRM worker pool.

1. Collector run time under Wine (a fresh 64-bit prefix): median of 5 runs after one warm-up,
   with the number of facts collected (probes observed and the items they list).
2. 200 simulated hosts through the worker pool against the recorded WS-Management exchange on
   loopback: wall time against total work / workers (target <= 1.3), and against a sequential
   baseline measured in the same run.

    .venv/bin/python bench/bench_windows.py [--hosts 200] [--workers 20] [--skip-wine]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.collectors.windows import script_path, script_text  # noqa: E402
from checks.facts import loads  # noqa: E402
from checks.profile import load_profile  # noqa: E402
from checks.winrm.fleet import run_fleet  # noqa: E402
from checks.winrm.remote import Target, Timeouts  # noqa: E402
from tests.unit.winrm_replay import ReplayServer, fresh_facts  # noqa: E402

DESKTOP = ROOT / "tests" / "fixtures" / "facts" / "xp-sp3-zh-p4-desktop.json"


def count_facts(doc) -> tuple[int, int]:
    observed = [p for p in doc.probes.values() if p.status == "observed"]
    items = sum(len(p.value) if isinstance(p.value, list) else 1 for p in observed)
    return len(observed), items


def bench_collector(runs: int = 5) -> None:
    if not shutil.which("wine"):
        print("collector under Wine: skipped (wine not installed)")
        return
    with tempfile.TemporaryDirectory(prefix="qp-bench-wine-") as tmp:
        env = {**os.environ, "WINEPREFIX": tmp, "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml=",
               "LC_ALL": "zh_CN.UTF-8", "DISPLAY": ""}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        t0 = time.perf_counter()
        subprocess.run(["wineboot", "-i"], env=env, check=True, timeout=300, **quiet)
        subprocess.run(["wine", "reg", "add", "HKCU\\Software\\Wine\\Drivers", "/v", "Graphics", "/d", "null", "/f"],
                       env=env, check=True, timeout=120, **quiet)
        print(f"wine prefix initialised in {time.perf_counter() - t0:.1f} s")
        server = subprocess.Popen(["wineserver", "-p", "-f"], env=env, **quiet)
        script = "Z:" + script_path().replace("/", "\\")
        times, facts = [], None
        try:
            for i in range(runs + 1):
                with tempfile.TemporaryFile() as out:
                    t0 = time.perf_counter()
                    subprocess.run(["wine", "cscript", "//nologo", script, "/paths:C:\\Longda|D:\\Longda"], env=env,
                                   stdout=out, stderr=subprocess.DEVNULL, timeout=300, check=True)
                    elapsed = time.perf_counter() - t0
                    out.seek(0)
                    facts = loads(out.read())
                if i:                     # run 0 is the warm-up
                    times.append(elapsed)
        finally:
            subprocess.run(["wineserver", "-k"], env=env, timeout=60, check=False, **quiet)
            server.wait(30)
            from tests.integration.test_wine import kill_prefix_processes

            kill_prefix_processes(Path(tmp))
        probes, items = count_facts(facts)
        print(f"collector under Wine: median {statistics.median(times):.2f} s of {runs} runs "
              f"(min {min(times):.2f}, max {max(times):.2f}); {probes} probes observed, {items} facts "
              f"({len(facts.collector['unread'])} unreadable: {', '.join(facts.collector['unread'])})")


def _serve(delay: float, ports: mp.Queue, counts: mp.Queue, stop: mp.Event) -> None:  # type: ignore[type-arg]
    """The recorded WS-Management endpoint in its own process (its own interpreter lock)."""
    with ReplayServer(fresh_facts(DESKTOP), password="bench", receive_delay=delay) as srv:
        ports.put(srv.port)
        stop.wait()
        counts.put(len(srv.commands))


def bench_pool(hosts: int, workers: int, delay: float) -> None:
    profile = load_profile("seed-2007")
    script, paths = script_text(), ["C:\\Longda"]
    timeouts = Timeouts(connect=5, operation=20, total=120)
    ctx = mp.get_context("fork")
    ports, counts, stop = ctx.Queue(), ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(delay, ports, counts, stop), daemon=True)
    server.start()
    port = ports.get(timeout=30)
    try:
        def targets(n: int) -> list[Target]:
            return [Target("127.0.0.1", port, transport="basic", user="qpadmin", password="bench",
                           insecure=True, label=f"pc-{i:03d}") for i in range(n)]
        base_n = max(10, hosts // 10)
        t0 = time.perf_counter()
        seq = run_fleet(targets(base_n), profile, script, paths, timeouts, workers=1)
        seq_wall = time.perf_counter() - t0
        t0 = time.perf_counter()
        results = run_fleet(targets(hosts), profile, script, paths, timeouts, workers=workers)
        wall = time.perf_counter() - t0
    finally:
        stop.set()
        commands = counts.get(timeout=30)
        server.join(30)
    assert all(r.result == "ready" for r in seq + results), {r.result for r in results}
    work = sum(r.outcome.seconds for r in results)
    ideal = work / workers
    per_host_seq = seq_wall / base_n
    print(f"pool: {hosts} hosts, {workers} workers, {commands // (hosts + base_n)} commands/host, "
          f"{delay * 1000:.0f} ms simulated per Receive")
    print(f"  total work {work:.2f} s, work/workers {ideal:.2f} s, wall {wall:.2f} s "
          f"-> wall / (work/workers) = {wall / ideal:.2f} (target <= 1.30)")
    print(f"  baseline, 1 worker: {per_host_seq * 1000:.0f} ms/host ({base_n} hosts); pool: "
          f"{wall / hosts * 1000:.0f} ms/host -> speed-up {per_host_seq * hosts / wall:.1f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=200)
    ap.add_argument("--workers", type=int, default=20)
    ap.add_argument("--delay", type=float, default=0.02, help="simulated seconds per Receive (the host's work)")
    ap.add_argument("--skip-wine", action="store_true")
    args = ap.parse_args()
    if not args.skip_wine:
        bench_collector()
    bench_pool(args.hosts, args.workers, args.delay)
    return 0


if __name__ == "__main__":
    sys.exit(main())
