"""Preflight many Windows hosts at once: a worker pool over :func:`checks.winrm.remote.collect`.

Each worker thread builds its own pywinrm Protocol per host (never shared between threads). Every
host ends with one result: ready / not_ready / undetermined (judged), or unreachable / auth_failed /
timed_out / collector_failed with its reason; the run's exit code summarises them.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, TextIO

from checks.errors import ExitCode
from checks.i18n import Msg, add
from checks.profile import Profile
from checks.rules import Judgement, judge
from checks.winrm.clockref import evaluator_clock_probe
from checks.winrm.remote import COLLECTOR_FAILED, Outcome, Target, Timeouts, collect, detail, make_protocol

add({"winrm.why.internal": {"zh": "qpfleet 内部错误，这台主机没有作出判定{detail}",
                            "en": "internal error of qpfleet: this host was not judged{detail}"}})

JUDGED = ("ready", "not_ready", "undetermined")
RESULTS = (*JUDGED, "unreachable", "auth_failed", "timed_out", COLLECTOR_FAILED)


@dataclass
class HostResult:
    """The end of one host: ``result`` is one of :data:`RESULTS`."""

    outcome: Outcome
    result: str
    judgement: Judgement | None = None

    @property
    def name(self) -> str:
        return self.outcome.target.name


def exit_code(results: list[HostResult]) -> ExitCode:
    """0 all ready; 1 any not ready; 3 any undetermined or not reached (a FAIL outranks an UNKNOWN)."""
    kinds = {r.result for r in results}
    if "not_ready" in kinds:
        return ExitCode.FAILED
    if kinds - {"ready"}:
        return ExitCode.UNDETERMINED
    return ExitCode.OK


def judge_outcome(outcome: Outcome, profile: Profile) -> HostResult:
    """Judge collected facts (adding the evaluator's clock probe); pass other outcomes through."""
    if outcome.status != "collected" or outcome.facts is None:
        return HostResult(outcome, outcome.status)
    facts = outcome.facts
    if outcome.sent_utc and outcome.received_utc:
        facts.probes["clock"] = evaluator_clock_probe(facts, outcome.sent_utc, outcome.received_utc)
    j = judge(facts, profile)
    return HostResult(outcome, j.verdict, j)


class Progress:
    """A one-line progress bar on a terminal; silent otherwise (logs stay clean)."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done = total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 0
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def step(self, result: str) -> None:
        with self.lock:
            self.done += 1
            self.counts[result] = self.counts.get(result, 0) + 1
            if not self.enabled:
                return
            width = 30
            filled = width * self.done // self.total
            tally = " ".join(f"{k}={v}" for k, v in sorted(self.counts.items()))
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {tally}\033[K")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


def run_fleet(targets: list[Target], profile: Profile, script: str, paths: list[str], timeouts: Timeouts,
              workers: int = 8, protocol_factory: Callable[[Target, Timeouts], Any] = make_protocol,
              progress: Progress | None = None) -> list[HostResult]:
    """Collect and judge every target with ``workers`` threads; results in the order of ``targets``."""
    results: dict[int, HostResult] = {}

    def one(target: Target) -> HostResult:
        try:
            outcome = collect(target, script, paths, timeouts, protocol_factory)
        except Exception as exc:
            outcome = Outcome(target, COLLECTOR_FAILED,
                              reason=Msg("winrm.why.internal", detail=detail(f"{type(exc).__name__}: {exc}")))
        return judge_outcome(outcome, profile)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(targets) or 1)),
                            thread_name_prefix="winrm") as pool:
        futures = {pool.submit(one, t): i for i, t in enumerate(targets)}
        for fut in as_completed(futures):
            res = fut.result()
            results[futures[fut]] = res
            if progress:
                progress.step(res.result)
    return [results[i] for i in range(len(targets))]


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """(result, seconds) — for the benchmark."""
    t0 = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t0
