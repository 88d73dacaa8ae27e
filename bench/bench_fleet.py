"""Benchmark of the fleet preflight through ansible-runner against the existing `preflight --winrm` pool.

50 loopback WS-Management endpoints (NTLM, sealed messages), each taking 3 s of simulated collector
work, a generated registry naming them. Measured in the same run, alternating, each twice:
  - `qpfleet preflight --hosts-file F --workers 10` (the thread pool of checks/winrm/fleet.py), and
  - `qpfleet preflight -i inventory/ --limit 5301 --forks 10` (ansible-runner + ansible-playbook +
    the controller-side module qpfleet.fleet.qp_facts per terminal);
wall time of each (best of 2) and their ratio (target <= 1.3); controller memory per fork (peak
proportional set size of the process tree under qpfleet, less the idle ansible-playbook, per fork);
runner events per second (events in the run's artifacts over the wall time).

    .venv/bin/python bench/bench_fleet.py [--hosts 50] [--forks 10] [--work 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.winrm_fleet import DOMAIN, USER, lab_of  # noqa: E402

QPFLEET = Path(sys.executable).parent / "qpfleet"
CPU: list[float] = []
LOAD: list[float] = []       # CPU seconds (user + system) of each measured command and its children


class Sampler(threading.Thread):
    """Peak PSS of the process tree under ``pid`` (sampled), and of ansible-playbook's main process."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak_tree = self.peak_main = 0
        self.peak_procs = 0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            total = main = 0
            for p in procs:
                try:
                    pss = p.memory_full_info().pss
                    head = " ".join(p.cmdline()[:2])
                except psutil.Error:
                    continue
                total += pss
                if "ansible-playbook" in head and main == 0:     # the first is the main process (parents first)
                    main = pss
            self.peak_tree = max(self.peak_tree, total)
            self.peak_main = max(self.peak_main, main)
            self.peak_procs = max(self.peak_procs, len(procs))
            self.halt.wait(0.5)


def timed(argv: list[str], env: dict[str, str], sample: bool = False) -> tuple[float, subprocess.CompletedProcess[str],
                                                                              Sampler | None]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            stdin=subprocess.DEVNULL)
    sampler = Sampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    out, err = proc.communicate(timeout=900)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if sampler:
        sampler.halt.set()
        sampler.join()
    return took, subprocess.CompletedProcess(argv, proc.returncode, out, err), sampler


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--forks", type=int, default=10)
    ap.add_argument("--work", type=float, default=3.0, help="seconds of simulated collector work per terminal")
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    LOAD.append(os.getloadavg()[0])
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        root = Path(tmp)
        lab = lab_of(root, a.hosts, per_enterprise=10, delay=a.work).start()
        os.environ.update(lab.ntlm_env())
        hosts = root / "hosts.txt"
        hosts.write_text("".join(f"{t.address}:{t.port}\n" for t in lab.terminals), "utf-8")
        password = root / "password.txt"
        password.write_text(lab.password + "\n", "utf-8")
        env = {**os.environ, "ANSIBLE_HOME": str(root / "ansible-home")}
        pool_argv = [str(QPFLEET), "preflight", "--hosts-file", str(hosts), "--workers", str(a.forks), "--user",
                     f"{DOMAIN}\\{USER}", "--password-file", str(password), "--json"]
        fleet_argv = [str(QPFLEET), "preflight", "-i", str(lab.inventory), "--limit", "5301", "--forks",
                      str(a.forks), "--vault-password-file", str(lab.vault_file), "--runs-dir", str(root / "runs"),
                      "--db", str(root / "state.sqlite3"), "--json"]
        pools, fleets, samplers = [], [], []
        try:
            for _ in range(a.rounds):
                took, run, sampler = timed(fleet_argv, env, sample=True)
                assert run.returncode == 0, run.stderr[-2000:]
                fleets.append(took)
                samplers.append(sampler)
                took, run, _ = timed(pool_argv, env)
                assert run.returncode == 0, run.stderr[-2000:]
                pools.append(took)
        finally:
            lab.stop()
        fleet_cpu, pool_cpu = CPU[0::2], CPU[1::2]
        events = [len(list(d.glob("*.json"))) for d in sorted((root / "runs").glob("*/artifacts/*/job_events"))]
        ideal = a.hosts / a.forks * a.work
        best_fleet, best_pool = min(fleets), min(pools)
        s = max(samplers, key=lambda x: x.peak_tree if x else 0)
        assert s is not None
        per_fork = (s.peak_tree - s.peak_main) / a.forks / 2**20
        print(f"fleet preflight, {a.hosts} endpoints x {a.work:g} s of collector work, {a.forks} at a time "
              f"(ideal {ideal:.1f} s):")
        print(f"  preflight --winrm pool, {a.forks} workers: {', '.join(f'{x:.1f}' for x in pools)} s "
              f"(best {best_pool:.1f} s)")
        print(f"  preflight -i (ansible-runner), forks {a.forks}: {', '.join(f'{x:.1f}' for x in fleets)} s "
              f"(best {best_fleet:.1f} s)")
        print(f"  ratio ansible / pool: {best_fleet / best_pool:.2f}x (target <= 1.3); load average before "
              f"{LOAD[0]:.1f}, after {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"  controller CPU per run: pool {min(pool_cpu):.1f} s, ansible {min(fleet_cpu):.1f} s "
              f"({min(fleet_cpu) / a.hosts * 1000:.0f} ms per terminal)")
        print(f"  controller memory: peak tree PSS {s.peak_tree / 2**20:.0f} MiB, ansible-playbook main "
              f"{s.peak_main / 2**20:.0f} MiB, {per_fork:.0f} MiB per fork ({s.peak_procs} processes at peak)")
        print(f"  runner events: {events} per run, {max(events) / best_fleet:.1f} events/s")


if __name__ == "__main__":
    main()
