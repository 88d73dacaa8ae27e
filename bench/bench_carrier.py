"""Benchmark of the carrier decision: a seeded network simulator and a real-socket run, beside a naive baseline.

Run: ``.venv/bin/python bench/bench_carrier.py [--trials N] [--real-trials N] [--seed S]``.
Prints, per scenario, picks / ties / wrong picks and rounds to decide (median, p90) for the
paired sequential test and for the naive baseline (10 sequential probes to each carrier, lower
mean wins, a loss counts as the 1000 ms timeout: the namebench / speedtest-cli style), then the
issue's targets with PASS/FAIL.

Model (research note §4): log-normal jitter (sigma 0.3) around each carrier's base time,
common-mode congestion bursts of 20-200 ms lasting 3 rounds that start with probability 0.1
per round, 1 % base loss; per scenario a carrier may be slower, lossier, dead or bursty alone.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from checks.carrier.config import DecideParams
from checks.carrier.decide import Decision, Sample, SequentialTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.support (the real-socket lab)

IDS = ("a", "b")


@dataclass(frozen=True)
class Side:
    base_ms: float = 30.0
    loss: float = 0.01
    own_bursts: bool = False  # bursts that hit this carrier only


@dataclass(frozen=True)
class Scenario:
    name: str
    a: Side
    b: Side
    better: str | None  # the carrier that is truly better ("a"), None when equal


SCENARIOS = (
    Scenario("equal 30/30 ms", Side(), Side(), None),
    Scenario("B 20% slower (30/36)", Side(), Side(36.0), "a"),
    Scenario("B 50% slower (30/45)", Side(), Side(45.0), "a"),
    Scenario("B 3x slower (30/90)", Side(), Side(90.0), "a"),
    Scenario("B faster (25) but 10% loss", Side(), Side(25.0, 0.10), "a"),
    Scenario("B 20% loss", Side(), Side(30.0, 0.20), "a"),
    Scenario("B-only bursts", Side(), Side(30.0, 0.01, True), "a"),
)


class Network:
    """Draws per-slot times; a burst started in a slot lasts ``burst_len`` slots."""

    def __init__(self, rng: random.Random, sigma: float = 0.3, burst_p: float = 0.1, burst_len: int = 3) -> None:
        self.rng, self.sigma, self.burst_p, self.burst_len = rng, sigma, burst_p, burst_len
        self.left = {"common": 0, "own": 0}
        self.extra = {"common": 0.0, "own": 0.0}

    def tick(self) -> None:
        for kind in ("common", "own"):
            if self.left[kind] > 0:
                self.left[kind] -= 1
            elif self.rng.random() < self.burst_p:
                self.left[kind] = self.burst_len - 1
                self.extra[kind] = self.rng.uniform(20.0, 200.0)
            else:
                self.extra[kind] = 0.0

    def draw(self, side: Side, timeout_ms: float = 1000.0) -> float | None:
        if self.rng.random() < side.loss:
            return None
        ms = side.base_ms * self.rng.lognormvariate(0.0, self.sigma) + self.extra["common"]
        if side.own_bursts:
            ms += self.extra["own"]
        return ms if ms < timeout_ms else None


def run_engine(sc: Scenario, rng: random.Random, params: DecideParams, current: str | None = None) -> Decision:
    """One trial of the paired sequential test."""
    net = Network(rng)
    test = SequentialTest(IDS, params, current)
    for _ in range(2):  # warm-up rounds, discarded as in the real probe
        net.tick()
    while True:
        net.tick()
        samples = {}
        for cid, side in (("a", sc.a), ("b", sc.b)):
            dns = net.draw(side)
            tcp = net.draw(side)
            samples[cid] = Sample(dns, tcp, "10.0.0.1" if dns is not None else None,
                                  None if dns is not None else "timeout", None if tcp is not None else "timeout")
        decision = test.add(samples)
        if decision is not None:
            return decision


def run_naive(sc: Scenario, rng: random.Random, count: int = 10, penalty_ms: float = 1000.0) -> str:
    """namebench / speedtest-cli style: 10 sequential probes to each, compare means with a timeout penalty."""
    net = Network(rng)
    means = {}
    for cid, side in (("a", sc.a), ("b", sc.b)):
        total = 0.0
        for _ in range(count):
            net.tick()
            ms = net.draw(side)
            total += penalty_ms if ms is None else ms
        means[cid] = total / count
    if means["a"] == means["b"]:
        return "tie"
    return "a" if means["a"] < means["b"] else "b"


@dataclass
class Row:
    name: str
    better: str | None
    a: int = 0
    b: int = 0
    tie: int = 0
    none: int = 0
    rounds: list[int] | None = None
    naive_a: int = 0
    naive_b: int = 0
    naive_tie: int = 0

    @property
    def n(self) -> int:
        return self.a + self.b + self.tie + self.none

    def wrong(self) -> float:
        if self.better is None:
            return float("nan")
        return (self.b if self.better == "a" else self.a) / self.n

    def naive_wrong(self) -> float:
        if self.better is None:
            return float("nan")
        n = self.naive_a + self.naive_b + self.naive_tie
        return (self.naive_b if self.better == "a" else self.naive_a) / n


def pct(x: float) -> str:
    return "   -  " if x != x else f"{100 * x:5.1f}%"


def quant(values: list[int], q: float) -> int:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def count(row: Row, decision: Decision) -> None:
    if decision.reason == "tie":
        row.tie += 1
    elif decision.chosen == "a":
        row.a += 1
    elif decision.chosen == "b":
        row.b += 1
    else:
        row.none += 1
    assert row.rounds is not None
    row.rounds.append(decision.rounds)


def simulate(trials: int, seed: int) -> list[Row]:
    params = DecideParams()
    rows = []
    for k, sc in enumerate(SCENARIOS):
        rng = random.Random(seed * 1000 + k)
        row = Row(sc.name, sc.better, rounds=[])
        for _ in range(trials):
            count(row, run_engine(sc, rng, params))
        for _ in range(trials):
            verdict = run_naive(sc, rng)
            if verdict == "a":
                row.naive_a += 1
            elif verdict == "b":
                row.naive_b += 1
            else:
                row.naive_tie += 1
        rows.append(row)
    return rows


def print_rows(title: str, rows: list[Row]) -> None:
    print(f"\n{title}")
    print(f"{'scenario':30s} {'n':>5s} {'pick A':>7s} {'pick B':>7s} {'tie':>7s} {'wrong':>7s} "
          f"{'rounds p50/p90':>15s} | {'naive A':>7s} {'naive B':>7s} {'wrong':>7s} {'ratio':>6s}")
    for r in rows:
        n = r.n
        nn = r.naive_a + r.naive_b + r.naive_tie
        ratio = "-" if r.better is None or r.naive_wrong() == 0 else f"{r.wrong() / r.naive_wrong():.2f}"
        assert r.rounds is not None
        print(f"{r.name:30s} {n:5d} {pct(r.a / n):>7s} {pct(r.b / n):>7s} {pct(r.tie / n):>7s} {pct(r.wrong()):>7s} "
              f"{quant(r.rounds, 0.5):7d}/{quant(r.rounds, 0.9):<7d} | {pct(r.naive_a / nn):>7s} "
              f"{pct(r.naive_b / nn):>7s} {pct(r.naive_wrong()):>7s} {ratio:>6s}")


def targets(rows: list[Row]) -> bool:
    by = {r.name.split(" (")[0]: r for r in rows}
    checks = []
    r = by["B 50% slower"]
    checks.append(("50% slower: >= 99% correct", r.a / r.n >= 0.99, pct(r.a / r.n)))
    checks.append(("50% slower: median <= 15 rounds", quant(r.rounds or [], 0.5) <= 15, quant(r.rounds or [], 0.5)))
    r = by["B 3x slower"]
    checks.append(("3x slower: 100% correct", r.a == r.n, pct(r.a / r.n)))
    checks.append(("3x slower: <= 12 rounds (p90)", quant(r.rounds or [], 0.9) <= 12, quant(r.rounds or [], 0.9)))
    r = by["B 20% slower"]
    checks.append(("20% slower: <= 3% wrong", r.wrong() <= 0.03, pct(r.wrong())))
    r = by["equal 30/30 ms"]
    checks.append(("equal: >= 80% ties", r.tie / r.n >= 0.80, pct(r.tie / r.n)))
    checks.append(("equal: <= 10% each way", max(r.a, r.b) / r.n <= 0.10, pct(max(r.a, r.b) / r.n)))
    for r in rows:
        if r.better is not None:
            ok = r.wrong() <= r.naive_wrong() / 5
            checks.append((f"{r.name}: wrong <= naive/5", ok, f"{pct(r.wrong())} vs {pct(r.naive_wrong())}/5"))
    print("\ntargets (issue 5):")
    for name, ok, value in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name:48s} {value}")
    return all(ok for _, ok, _ in checks)


# -- the real-socket run: dnsmasq + our fault proxy + QP stand-ins on loopback -------------------------

REAL_SCENARIOS = (
    ("equal 20/20 ms", 20.0, 20.0, 0.0, None),
    ("B 20% slower (20/24)", 20.0, 24.0, 0.0, "a"),
    ("B 50% slower (20/30)", 20.0, 30.0, 0.0, "a"),
    ("B 3x slower (20/60)", 20.0, 60.0, 0.0, "a"),
    ("B 20% loss", 20.0, 20.0, 0.2, "a"),
)


def real_run(trials: int, seed: int) -> list[Row]:
    import shutil
    import tempfile

    from checks.carrier.config import load_config
    from checks.carrier.probe import measure, tcp_time
    from tests.support.carrier_lab import CarrierLab
    from tests.support.faultproxy import Faults

    program = shutil.which("dnsmasq") or "/usr/sbin/dnsmasq"
    if not Path(program).exists():
        print("\nreal-socket run skipped: dnsmasq not installed (Debian package dnsmasq-base)")
        return []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        lab = CarrierLab(Path(tmp), program, seed=seed).start()
        try:
            cfg_path = lab.config(Path(tmp) / "c.yaml", Path(tmp) / "state", Path(tmp) / "t.txt",
                                  round_interval_ms=30)
            config = load_config(str(cfg_path))
            for k, (name, ms_a, ms_b, loss_b, better) in enumerate(REAL_SCENARIOS):
                row = Row(name, better, rounds=[])
                for t in range(trials):
                    s = seed * 1000 + k * 100 + t
                    lab.sides["netcom"].set(Faults(6, 0.3), Faults(ms_a, 0.3, loss=0.01), seed=s)
                    lab.sides["telecom"].set(Faults(6, 0.3, loss=loss_b), Faults(ms_b, 0.3, loss=max(0.01, loss_b)),
                                             seed=s + 50)
                    result = measure(config, None, rng=random.Random(s))
                    d = result.decision
                    mapped = Decision({"netcom": "a", "telecom": "b"}.get(d.chosen or "", None), d.outcome,
                                      d.reason, d.rounds, d.detail, d.llr)
                    count(row, mapped)
                    # naive: 10 sequential probes to each (connect + first byte), mean with a 1000 ms penalty
                    means = {}
                    for cid in ("netcom", "telecom"):
                        side = lab.sides[cid]
                        total = 0.0
                        for _ in range(10):
                            ms, _err = tcp_time(*side.tcp_proxy.address, 1.0, "first_byte")
                            total += 1000.0 if ms is None else ms
                        means[cid] = total / 10
                    if means["netcom"] < means["telecom"]:
                        row.naive_a += 1
                    elif means["telecom"] < means["netcom"]:
                        row.naive_b += 1
                    else:
                        row.naive_tie += 1
                rows.append(row)
        finally:
            lab.stop()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=2000, help="simulated trials per scenario (>= 1000)")
    ap.add_argument("--real-trials", type=int, default=8, help="real-socket trials per scenario (0: skip)")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    rows = simulate(args.trials, args.seed)
    print(f"simulator: {args.trials} trials per scenario, seed {args.seed}, "
          f"{time.perf_counter() - start:.1f} s; log-normal jitter sigma 0.3, common bursts 20-200 ms x 3 rounds "
          "(p 0.1), 1% base loss; rounds exclude the 2 warm-up rounds")
    print_rows("paired sequential test vs naive baseline (simulated)", rows)
    ok = targets(rows)
    if args.real_trials:
        start = time.perf_counter()
        real = real_run(args.real_trials, args.seed)
        if real:
            print_rows(f"real sockets (dnsmasq + fault proxy on loopback), {args.real_trials} trials per scenario, "
                       f"{time.perf_counter() - start:.0f} s", real)
            print(f"  real-socket rounds median over all scenarios: "
                  f"{statistics.median(x for r in real for x in (r.rounds or [])):.0f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
