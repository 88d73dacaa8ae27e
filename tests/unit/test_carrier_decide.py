"""The pure decision engine: scripted rounds, every rule, and properties (symmetry, determinism)."""

from __future__ import annotations

import dataclasses
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.carrier.config import DecideParams
from checks.carrier.decide import KEEP, NONE, PICK, Sample, SequentialTest, quantile, wilson

IDS = ("netcom", "telecom")
P = DecideParams()


def ok(ms: float, dns: float = 5.0) -> Sample:
    return Sample(dns, ms, "10.1.0.1")


def lost_tcp() -> Sample:
    return Sample(5.0, None, "10.1.0.1", None, "timeout")


def lost_dns() -> Sample:
    return Sample(None, None, None, "timeout", "not_tried")


def run(rounds: list[tuple[Sample, Sample]], current: str | None = None, params: DecideParams = P):
    test = SequentialTest(IDS, params, current)
    for a, b in rounds:
        d = test.add({"netcom": a, "telecom": b})
        if d is not None:
            return test, d
    return test, test.fallback()


def test_wilson_interval_known_values() -> None:
    low, high = wilson(0, 10, 0.95)
    assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(0.2775, abs=1e-3)
    low, high = wilson(5, 10, 0.95)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-3), pytest.approx(0.7634, abs=1e-3))
    assert wilson(0, 0, 0.9) == (0.0, 1.0)


def test_quantile_nearest_rank() -> None:
    assert quantile([], 0.5) is None
    assert quantile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert quantile([float(i) for i in range(1, 11)], 0.9) == 9.0


def test_clear_winner_decided_at_min_rounds_not_before() -> None:
    test, d = run([(ok(10), ok(30))] * 30)
    assert (d.chosen, d.outcome, d.reason, d.rounds) == ("netcom", PICK, "sprt", 10)
    assert test.stats["netcom"].wins == 10
    assert d.llr[0] == pytest.approx(10 * math.log(0.7 / 0.5))


def test_sprt_boundary_is_ln_19() -> None:
    test = SequentialTest(IDS, P)
    assert test.upper == pytest.approx(math.log(19))
    assert test.lower == pytest.approx(-math.log(19))


def test_alternating_wins_prove_a_tie_and_keep_the_current_carrier() -> None:
    rounds = [(ok(10), ok(11)), (ok(11), ok(10))] * 40
    test, d = run(rounds, current="telecom")
    assert (d.chosen, d.outcome, d.reason) == ("telecom", KEEP, "tie")
    assert max(d.llr) <= test.lower
    assert 30 <= d.rounds <= 60


def test_tie_without_a_current_carrier_takes_the_lower_cost() -> None:
    rounds = [(ok(10), ok(11)), (ok(11.5), ok(10))] * 40
    _, d = run(rounds, current=None)
    assert d.reason == "tie" and d.outcome == PICK and d.chosen == "netcom"


def test_nxdomain_makes_a_carrier_unusable_at_once() -> None:
    nx = Sample(None, None, None, "nxdomain", "not_tried")
    test, d = run([(nx, ok(30))] * 5)
    assert (d.chosen, d.reason, d.rounds) == ("telecom", "gate", 1)
    assert test.stats["netcom"].unusable == "nxdomain"


def test_implausible_answer_is_reported_with_the_address() -> None:
    bad = Sample(None, None, "10.2.9.9", "implausible", "not_tried")
    test, d = run([(ok(30), bad)] * 5)
    assert d.chosen == "netcom" and d.reason == "gate"
    assert test.stats["telecom"].unusable == "implausible 10.2.9.9"


def test_dead_resolver_judged_after_min_rounds() -> None:
    test, d = run([(lost_dns(), ok(30))] * 30)
    assert d.chosen == "telecom" and d.reason == "gate" and d.rounds == P.min_rounds
    assert test.stats["netcom"].unusable == "dns_timeout"


def test_both_dead_chooses_nothing() -> None:
    _, d = run([(lost_dns(), lost_dns())] * 30)
    assert (d.chosen, d.outcome, d.reason) == (None, NONE, "unusable")
    assert d.rounds == P.min_rounds


def test_service_port_unreachable_everywhere_chooses_nothing() -> None:
    _, d = run([(lost_tcp(), lost_tcp())] * 200)
    assert d.chosen is None


def test_loss_gate_prefers_the_clearly_lower_loss() -> None:
    # telecom is faster but loses every other connect
    rounds = [(ok(30), lost_tcp() if i % 2 else ok(20)) for i in range(40)]
    _, d = run(rounds)
    assert d.chosen == "netcom" and d.reason == "loss"


def test_veto_blocks_a_latency_win_by_the_lossier_carrier() -> None:
    # netcom wins every round it answers, but lost 3 connects early; telecom lost none
    params = dataclasses.replace(P, loss_loses_round=False, loss_gate_confidence=0.999)
    test = SequentialTest(IDS, params)
    for a, b in [(lost_tcp(), ok(30))] * 3 + [(ok(28), ok(30))] * 12:
        assert test.add({"netcom": a, "telecom": b}) is None
    assert test.llr[0] >= test.upper  # the latency evidence alone would have decided


def test_cost_fallback_at_the_round_limit() -> None:
    params = dataclasses.replace(P, max_rounds=12, extended_max_rounds=12)
    rounds = [(ok(10), ok(20)), (ok(21), ok(20))] * 6
    _, d = run(rounds, params=params)
    assert d.reason == "cost" and d.chosen == "netcom" and d.rounds == 12


def test_cost_fallback_tie_margin() -> None:
    params = dataclasses.replace(P, max_rounds=12, extended_max_rounds=12)
    rounds = [(ok(20), ok(21)), (ok(21.5), ok(20))] * 6
    _, d = run(rounds, current="telecom", params=params)
    assert (d.reason, d.outcome, d.chosen) == ("tie", KEEP, "telecom")


def test_rounds_after_the_decision_change_nothing() -> None:
    test, d = run([(ok(10), ok(30))] * 10)
    assert test.add({"netcom": ok(99), "telecom": ok(1)}) is d


def _random_rounds(seed: int, n: int) -> list[tuple[Sample, Sample]]:
    rng = random.Random(seed)

    def one() -> Sample:
        r = rng.random()
        if r < 0.05:
            return lost_tcp()
        if r < 0.08:
            return lost_dns()
        return ok(rng.lognormvariate(3.3, 0.4))

    return [(one(), one()) for _ in range(n)]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_swapping_the_carriers_swaps_the_decision(seed: int) -> None:
    rounds = _random_rounds(seed, 120)
    _, d1 = run(rounds)
    _, d2 = run([(b, a) for a, b in rounds])
    swap = {"netcom": "telecom", "telecom": "netcom", None: None}
    assert (d1.reason, d1.rounds) == (d2.reason, d2.rounds)
    if d1.reason != "tie":  # a tie without a current carrier picks by cost, itself symmetric
        assert swap[d1.chosen] == d2.chosen


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), current=st.sampled_from([None, "netcom", "telecom"]))
def test_always_decides_within_the_extended_limit(seed: int, current: str | None) -> None:
    rounds = _random_rounds(seed, P.extended_max_rounds + 5)
    _, d = run(rounds, current=current)
    assert d.rounds <= P.extended_max_rounds
    if d.outcome == KEEP:
        assert d.chosen == current
