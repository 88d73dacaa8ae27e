"""The carrier decision: a paired sequential test over probe samples (pure: no I/O, no clock).

Feed rounds of paired samples to :class:`SequentialTest`; after each round it either says
"continue" (None) or returns a :class:`Decision`. Rules (research note §4):

* gates: a carrier whose DNS answer is implausible (hijack, wrong carrier) or that never
  resolves is unusable; so is one whose DNS loss is high with a Wilson lower bound above a floor;
* loss gate (from ``min_rounds``): disjoint Wilson intervals of TCP loss pick the lower-loss carrier;
* two one-sided Wald SPRTs on per-round wins (the faster TCP connect in a round where both
  answered), H0 p = 0.5 against H1 p = ``sprt_p1``; a win is vetoed when the winner lost more;
* a tie is proven when both LLRs fall below the lower boundary and the losses are close;
* at the round limit an expected-cost fallback (median + penalty x loss estimate) with a tie margin.

On a tie the current carrier is kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from checks.carrier.config import DecideParams

PICK, KEEP, NONE = "pick", "keep", "none"  # Decision.outcome
REASONS = ("sprt", "loss", "gate", "cost", "tie", "unusable")


@dataclass(frozen=True)
class Sample:
    """One carrier's probe in one round. ``None`` times are losses; errors say why."""

    dns_ms: float | None
    tcp_ms: float | None
    answer: str | None = None
    dns_error: str | None = None  # timeout | nxdomain | servfail | refused | noanswer | implausible ...
    tcp_error: str | None = None
    late: bool = False  # the DNS answer came after the DNS timeout (awaited longer: a slow line, not a loss)


@dataclass
class CarrierStats:
    """Everything measured for one carrier so far."""

    dns_ms: list[float] = field(default_factory=list)
    tcp_ms: list[float] = field(default_factory=list)
    rounds: int = 0
    dns_lost: int = 0
    tcp_lost: int = 0
    tcp_tried: int = 0
    wins: int = 0  # rounds both carriers answered and this one was faster
    walkovers: int = 0  # rounds only this one answered: won for the SPRT, never reported as "won"
    answers: list[str] = field(default_factory=list)
    unusable: str | None = None  # the reason, when a gate closed
    errors: dict[str, int] = field(default_factory=dict)
    series: list[float | None] = field(default_factory=list)  # per-round TCP ms for the charts

    def loss(self, path: bool) -> tuple[int, int]:
        """(lost, tried) of TCP probes, or of every probe (DNS and TCP) when ``path``."""
        if path:
            return self.tcp_lost + self.dns_lost, self.tcp_tried + self.rounds
        return self.tcp_lost, self.tcp_tried

    def count(self, error: str) -> None:
        self.errors[error] = self.errors.get(error, 0) + 1


@dataclass(frozen=True)
class Decision:
    """The outcome: ``chosen`` carrier id (None when nothing is usable), the outcome and the reason."""

    chosen: str | None
    outcome: str  # pick | keep | none
    reason: str  # sprt | loss | gate | cost | tie | unusable
    rounds: int
    detail: str  # plain-words reason code parameters, e.g. "llr 3.01 >= 2.94"
    llr: tuple[float, float]


def wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """Two-sided Wilson score interval of a proportion k/n (0..1 when n is 0)."""
    if n <= 0:
        return (0.0, 1.0)
    z = _z(confidence)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _z(confidence: float) -> float:
    """The normal quantile for a two-sided interval (inverse error function by bisection)."""
    target = 1 - (1 - confidence) / 2
    lo, hi = 0.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank on sorted values), None for no values."""
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


class SequentialTest:
    """The paired sequential decision between two carriers ``ids`` (incremental)."""

    def __init__(self, ids: tuple[str, str], params: DecideParams, current: str | None = None) -> None:
        self.ids = ids
        self.p = params
        self.current = current if current in ids else None
        self.stats = {ids[0]: CarrierStats(), ids[1]: CarrierStats()}
        self.llr = [0.0, 0.0]  # LLR that carrier 0 (resp. 1) is faster
        self.rounds = 0
        self.paired = 0  # rounds both carriers answered (compared on time)
        self.scored = 0  # rounds that moved the SPRT: paired ones and walkovers
        self.win_step = math.log(params.sprt_p1 / 0.5)
        self.lose_step = math.log((1 - params.sprt_p1) / 0.5)
        self.upper = math.log((1 - params.beta) / params.alpha)
        self.lower = math.log(params.beta / (1 - params.alpha))
        self._z_gate = _z(params.loss_gate_confidence)
        self.decision: Decision | None = None

    # -- feeding -------------------------------------------------------------------------------
    def mark_unusable(self, carrier: str, reason: str) -> None:
        """Close a carrier's gate (an implausible answer seen during warm-up, for example)."""
        st = self.stats[carrier]
        if st.unusable is None:
            st.unusable = reason

    def add(self, samples: dict[str, Sample]) -> Decision | None:
        """Add one round (a sample per carrier); returns the decision once it is made."""
        if self.decision is not None:
            return self.decision
        self.rounds += 1
        for cid in self.ids:
            self._record(cid, samples[cid])
        a, b = (self._round_ms(samples[i]) for i in self.ids)
        if a != b and not (math.isinf(a) and math.isinf(b)) and not (math.isnan(a) or math.isnan(b)):
            self.scored += 1
            winner = 0 if a < b else 1
            if math.isinf(a) or math.isinf(b):
                self.stats[self.ids[winner]].walkovers += 1  # the other never answered: not a race won
            else:
                self.paired += 1
                self.stats[self.ids[winner]].wins += 1
            self.llr[winner] += self.win_step
            self.llr[1 - winner] += self.lose_step
        self.decision = self._look()
        return self.decision

    def _round_ms(self, s: Sample) -> float:
        """A carrier's time in a round for the paired comparison; a loss is the worst time."""
        if s.tcp_ms is None or (s.dns_ms is None and self.p.loss_from == "path"):
            return math.inf if self.p.loss_loses_round else math.nan
        return s.tcp_ms

    def _record(self, cid: str, s: Sample) -> None:
        st = self.stats[cid]
        st.rounds += 1
        if s.dns_ms is None:
            st.dns_lost += 1
            st.count(s.dns_error or "timeout")
            if s.dns_error in ("nxdomain", "implausible", "noanswer"):
                self.mark_unusable(cid, s.dns_error + (f" {s.answer}" if s.answer else ""))
        else:
            st.dns_ms.append(s.dns_ms)
            if s.answer and s.answer not in st.answers:
                st.answers.append(s.answer)
        if s.tcp_ms is None and s.tcp_error == "not_tried":
            st.series.append(None)
            return
        st.tcp_tried += 1
        st.series.append(s.tcp_ms)
        if s.tcp_ms is None:
            st.tcp_lost += 1
            st.count("tcp_" + (s.tcp_error or "timeout"))
        else:
            st.tcp_ms.append(s.tcp_ms)

    # -- looking -------------------------------------------------------------------------------
    def _decide(self, chosen: str | None, reason: str, detail: str) -> Decision:
        outcome = NONE if chosen is None else PICK
        if reason == "tie":
            if self.current is not None:
                chosen, outcome = self.current, KEEP
            else:  # nothing to keep: take the lower cost, said plainly
                costs = {c: self.cost(c) for c in self.ids}
                chosen, outcome = min(self.ids, key=lambda c: costs[c]), PICK
        return Decision(chosen, outcome, reason, self.rounds, detail, (self.llr[0], self.llr[1]))

    def _dns_gate(self, cid: str) -> None:
        st = self.stats[cid]
        n = st.rounds
        if st.unusable or n < self.p.min_rounds:
            return
        if not st.dns_ms:
            top = max(st.errors, key=lambda e: st.errors[e]) if st.errors else "timeout"
            st.unusable = f"dns_{top}"
            return
        low, _ = wilson(st.dns_lost, n, 0.95)
        if n >= self.p.dns_gate_min_rounds and st.dns_lost / n >= self.p.dns_unusable_loss and low > self.p.dns_unusable_lower_bound:
            st.unusable = f"dns_loss {st.dns_lost}/{n}"
        elif st.tcp_tried >= self.p.min_rounds and not st.tcp_ms:
            st.unusable = f"tcp_unreachable {st.tcp_lost}/{st.tcp_tried}"

    def _loss(self, cid: str) -> tuple[int, int]:
        return self.stats[cid].loss(self.p.loss_from == "path")

    def cost(self, cid: str, pooled: bool = False) -> float:
        """Expected cost in ms: median TCP time plus the loss penalty times the loss estimate.

        ``pooled``: both carriers' losses are pooled (used when their loss counts differ by no more
        than ``veto_extra_losses``, so one stray loss does not outweigh a real latency difference).
        """
        st = self.stats[cid]
        med = quantile(st.tcp_ms, 0.5)
        if med is None:
            return math.inf
        lost, tried = self._loss(cid)
        if pooled:
            lost, tried = (sum(x) for x in zip(*(self._loss(c) for c in self.ids), strict=True))
        return med + self.p.loss_penalty_ms * (lost + 0.5) / (tried + 1)

    def _look(self) -> Decision | None:
        for cid in self.ids:
            self._dns_gate(cid)
        usable = [c for c in self.ids if self.stats[c].unusable is None]
        if len(usable) < 2:
            if not usable:
                return self._decide(None, "unusable", "both")
            other = usable[0]
            if self.stats[other].tcp_ms:
                gone = next(c for c in self.ids if c != other)
                return self._decide(other, "gate", self.stats[gone].unusable or "")
            if self.rounds >= self.p.min_rounds:
                self.stats[other].unusable = "tcp_unreachable"
                return self._decide(None, "unusable", "both")
            return None
        if self.rounds < self.p.min_rounds:
            return None
        # loss gate: disjoint Wilson intervals of TCP loss
        (ka, na), (kb, nb) = self._loss(self.ids[0]), self._loss(self.ids[1])
        ia = wilson(ka, na, self.p.loss_gate_confidence)
        ib = wilson(kb, nb, self.p.loss_gate_confidence)
        if ia[1] < ib[0]:
            return self._decide(self.ids[0], "loss", f"{ka}/{na} vs {kb}/{nb}")
        if ib[1] < ia[0]:
            return self._decide(self.ids[1], "loss", f"{kb}/{nb} vs {ka}/{na}")
        # latency SPRT, with the loss veto
        for i in (0, 1):
            if self.llr[i] >= self.upper:
                # veto: the winner lost clearly more probes and is not cheaper even with its losses
                more_lost = self._loss(self.ids[i])[0] - self._loss(self.ids[1 - i])[0] > self.p.veto_extra_losses
                if not more_lost or self.cost(self.ids[i]) < self.cost(self.ids[1 - i]):
                    return self._decide(self.ids[i], "sprt", f"llr {self.llr[i]:.2f} >= {self.upper:.2f}")
        loss_diff = abs(ka - kb)
        if max(self.llr) <= self.lower and loss_diff < self.p.loss_extend_difference:
            return self._decide(None, "tie", f"llr {self.llr[0]:.2f}, {self.llr[1]:.2f} <= {self.lower:.2f}")
        limit = self.p.extended_max_rounds if loss_diff >= self.p.loss_extend_difference else self.p.max_rounds
        if self.rounds >= limit:
            return self.fallback()
        return None

    def fallback(self) -> Decision:
        """The expected-cost decision used at the round limit (or when measuring stops early)."""
        if self.decision is not None:
            return self.decision
        pooled = abs(self._loss(self.ids[0])[0] - self._loss(self.ids[1])[0]) <= self.p.cost_pool_losses
        ca, cb = (self.cost(c, pooled) for c in self.ids)
        if math.isinf(ca) and math.isinf(cb):
            self.decision = self._decide(None, "unusable", "no TCP connect succeeded")
            return self.decision
        margin = max(self.p.tie_margin_ms, self.p.tie_margin_ratio * min(ca, cb))
        if abs(ca - cb) < margin:
            self.decision = self._decide(None, "tie", f"cost {ca:.0f} vs {cb:.0f} ms within {margin:.0f} ms")
        else:
            better = 0 if ca < cb else 1
            self.decision = self._decide(self.ids[better], "cost", f"cost {min(ca, cb):.0f} vs {max(ca, cb):.0f} ms")
        return self.decision
