"""A seeded network simulator for the carrier decision: paired rounds and the naive baseline.

Model (research note §4): log-normal jitter (sigma 0.3) around each carrier's base time,
common-mode congestion bursts of 20-200 ms lasting 3 rounds that start with probability 0.1
per round, 1 % base loss; per scenario a carrier may be slower, lossier, dead or bursty alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from checks.carrier.config import DecideParams
from checks.carrier.decide import Decision, Sample, SequentialTest

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
