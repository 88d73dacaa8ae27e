"""Runner events to per-host results: one :class:`provisioning.state.HostResult` per terminal, recorded as it ends.

A terminal ends at the result of its decisive task (``qp_facts`` for a preflight, ``qp_install`` /
``qp_undo`` for an install or undo), or at the first failure or unreachability before it (a gate,
an input check). Its result is recorded at once, so a run stopped halfway keeps what it learned.
Pure apart from the ``record`` callback and the clock passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from provisioning.fleet.selection import Host
from provisioning.state import HostResult

DECISIVE = {"preflight": "qpfleet.fleet.qp_facts", "install": "qpfleet.fleet.qp_install",
            "undo": "qpfleet.fleet.qp_undo"}
JUDGED = ("ready", "not_ready", "undetermined")
GATE_TAG = "Gate |"              # install gates: a failed gate is a refusal, not a failure
_KEEP_CHECK = ("id", "level", "status", "observed", "required", "message", "params", "remedy")


def _short(text: Any, limit: int = 400) -> str:
    return " ".join(str(text or "").split())[:limit]


def preflight_result(kind: str, res: dict[str, Any]) -> tuple[str, str | None, str, dict[str, Any]]:
    """(outcome, verdict, reason key, reason params) of a ``qp_facts`` answer delivered as event ``kind``."""
    result = str(res.get("result") or "")
    if kind in ("runner_on_ok", "runner_on_failed") and result in JUDGED:   # judged (failed: not ready, if asked)
        bad = [c["id"] for c in res.get("checks") or [] if c.get("level") == "must" and c.get("status") != "pass"]
        return result, result, (f"fleet.reason.{result}" if bad else ""), ({"rules": ", ".join(bad)} if bad else {})
    detail = _short(res.get("reason") or res.get("msg"))
    if kind == "runner_on_unreachable":
        return "unreachable", None, "fleet.reason.unreachable", {"detail": detail}
    known = ("auth_failed", "timed_out", "collector_failed", "no_credentials", "bad_input")
    key = f"fleet.reason.{result}" if result in known else "fleet.reason.task_failed"
    return "failed", None, key, {"detail": detail}


@dataclass
class Tracker:
    """Follows one run's events; ``record`` is called once per terminal when it ends."""

    action: str                      # preflight | install | undo
    hosts: list[Host]
    run_id: str
    record: Callable[[HostResult], None]
    now: Callable[[], dt.datetime]
    ended: dict[str, HostResult] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    refusals: dict[str, dict[str, Any]] = field(default_factory=dict)  # host -> its gates' refusal (key, params)

    def __post_init__(self) -> None:
        self.by_name = {h.name: h for h in self.hosts}

    @property
    def done(self) -> int:
        return len(self.ended)

    @property
    def failures(self) -> int:
        return sum(v for k, v in self.counts.items() if k in ("failed", "unreachable"))

    def feed(self, event: dict[str, Any]) -> None:
        kind = event.get("event", "")
        if kind not in ("runner_on_ok", "runner_on_failed", "runner_on_unreachable"):
            return
        data = event.get("event_data") or {}
        host = data.get("host")
        if host not in self.by_name or host in self.ended:
            return
        res = data.get("res") or {}
        action = data.get("resolved_action") or data.get("task_action") or ""
        if kind == "runner_on_ok" and GATE_TAG in str(data.get("task") or ""):
            gates = (res.get("ansible_facts") or {}).get("qp_install_gate")
            if isinstance(gates, dict) and isinstance(gates.get("refusal"), dict):
                self.refusals[host] = gates["refusal"]
        if action == DECISIVE[self.action]:
            checks = [{k: c.get(k) for k in _KEEP_CHECK} for c in res.get("checks") or [] if isinstance(c, dict)]
            facts = res.get("facts") if isinstance(res.get("facts"), dict) else None
            self._end(host, *self._decisive(kind, res), detail=self._detail(res, data), checks=checks or None,
                      facts=facts, reboot=bool(res.get("reboot_needed")))
        elif kind == "runner_on_unreachable":
            self._end(host, "unreachable", None, "fleet.reason.unreachable", {"detail": _short(res.get("msg"))},
                      detail={"task": data.get("task")})
        elif kind == "runner_on_failed" and not data.get("ignore_errors"):
            task = str(data.get("task") or "")
            if self.action != "preflight" and GATE_TAG in task:
                why = self.refusals.get(host) or {}
                key, params = why.get("key"), why.get("params")
                if isinstance(key, str) and key and isinstance(params, dict):   # the gate's own words (catalogue)
                    self._end(host, "refused", None, key, params, detail={"task": task})
                else:
                    self._end(host, "refused", None, "fleet.reason.gate", {"detail": _short(res.get("msg"))},
                              detail={"task": task})
            else:
                self._end(host, "failed", None, "fleet.reason.task_failed",
                          {"task": task.split(" : ")[-1], "detail": _short(res.get("msg"))}, detail={"task": task})

    def _decisive(self, kind: str, res: dict[str, Any]) -> tuple[str, str | None, str, dict[str, Any]]:
        if self.action == "preflight":
            return preflight_result(kind, res)
        return install_result(self.action, kind, res)

    @staticmethod
    def _detail(res: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        keep = ("result", "endpoint", "seconds", "profile", "reason", "installer", "actions", "diff_summary",
                "would_change", "log_tail")
        return {k: res[k] for k in keep if k in res} | {"task": data.get("task")}

    def _end(self, host: str, outcome: str, verdict: str | None, key: str, params: dict[str, Any],
             detail: dict[str, Any] | None = None, checks: list[dict[str, Any]] | None = None,
             facts: dict[str, Any] | None = None, reboot: bool = False) -> None:
        h = self.by_name[host]
        result = HostResult(host, self.action, outcome, self.now(), "ansible", h.enterprise, h.site, verdict,
                            reboot, key, params, checks, facts, detail, self.run_id)
        self.ended[host] = result
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        self.record(result)


def install_result(action: str, kind: str, res: dict[str, Any]) -> tuple[str, str | None, str, dict[str, Any]]:
    """(outcome, verdict, reason key, params) of a ``qp_install`` / ``qp_undo`` answer."""
    detail = _short(res.get("reason") or res.get("msg"))
    if kind == "runner_on_unreachable":
        return "unreachable", None, "fleet.reason.unreachable", {"detail": detail}
    outcome = str(res.get("outcome") or "")
    key, params = res.get("reason_key"), res.get("reason_params")
    if key and isinstance(params, dict) and outcome in ("installed", "unchanged", "undone", "would_change", "refused",
                                                         "failed"):
        return outcome, res.get("verdict"), str(key), params       # the installer's own words (catalogue)
    if kind == "runner_on_ok" and outcome in ("installed", "unchanged", "undone", "would_change"):
        return outcome, res.get("verdict"), "", {}
    if outcome == "refused":
        return "refused", res.get("verdict"), "fleet.reason.refused", {"detail": detail}
    return "failed", res.get("verdict"), "fleet.reason.task_failed", {"task": action, "detail": detail}
