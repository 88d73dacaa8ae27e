"""The runs/results tables of the state database: recorded, replaced, read back, latest per host."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from checks.errors import InputError
from provisioning import state
from provisioning.dispatch.store import Store

T0 = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)


def _result(host: str, action: str, outcome: str, minutes: int, **kw: object) -> state.HostResult:
    return state.HostResult(host, action, outcome, T0 + dt.timedelta(minutes=minutes), "ansible",
                            enterprise=str(kw.pop("enterprise", "4403980101")), site="5301", **kw)  # type: ignore[arg-type]


def test_run_and_results_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        rid = state.start_run(store, "preflight", "ansible", T0, target="site_5301", operator="eng1",
                              options={"forks": 10, "vault_password_file": "/x", "password": "s3cret"}, hosts_total=2)
        state.record_result(store, rid, _result("ht-qp01", "preflight", "ready", 1, verdict="ready",
                                                checks=[{"id": "cpu", "status": "pass"}], facts={"host": "ht-qp01"}))
        state.record_result(store, rid, _result("ht-qp02", "preflight", "unreachable", 2,
                                                reason_key="fleet.unreachable", reason_params={"why": "timeout"}))
        state.finish_run(store, rid, "complete", T0 + dt.timedelta(minutes=3))
        run = state.get_run(store, rid[:12])
        assert run.status == "complete" and run.hosts_total == 2 and run.operator == "eng1"
        assert run.options == {"forks": 10}  # secrets never stored
        results = state.run_results(store, rid)
        assert [(r.host, r.outcome) for r in results] == [("ht-qp01", "ready"), ("ht-qp02", "unreachable")]
        assert results[0].checks == [{"id": "cpu", "status": "pass"}] and results[1].reason_params == {"why": "timeout"}
        raw = (tmp_path / "s.sqlite3").read_bytes()
        assert b"s3cret" not in raw


def test_latest_verdict_ignores_unreachable_and_installed_hosts_follow_undo(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        r1 = state.start_run(store, "preflight", "ansible", T0)
        state.record_result(store, r1, _result("a", "preflight", "ready", 1, verdict="ready"))
        r2 = state.start_run(store, "preflight", "winrm", T0 + dt.timedelta(minutes=5))
        state.record_result(store, r2, _result("a", "preflight", "unreachable", 6))
        latest = state.latest_verdict(store, "a")
        assert latest is not None and latest.verdict == "ready" and latest.run_id == r1
        assert state.latest_results(store, "preflight")["a"].outcome == "unreachable"
        r3 = state.start_run(store, "install", "kit", T0 + dt.timedelta(minutes=10))
        state.record_result(store, r3, _result("a", "install", "installed", 11))
        state.record_result(store, r3, _result("b", "install", "refused", 11))
        assert state.installed_hosts(store, "4403980101") == {"a"}
        r4 = state.start_run(store, "undo", "kit", T0 + dt.timedelta(minutes=20))
        state.record_result(store, r4, _result("a", "undo", "undone", 21))
        assert state.installed_hosts(store, "4403980101") == set()


def test_result_is_replaced_within_a_run_and_bad_values_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        rid = state.start_run(store, "install", "ansible", T0)
        state.record_result(store, rid, _result("a", "install", "failed", 1))
        state.record_result(store, rid, _result("a", "install", "installed", 2, reboot_needed=True))
        (only,) = state.run_results(store, rid)
        assert only.outcome == "installed" and only.reboot_needed
        with pytest.raises(ValueError):
            state.record_result(store, rid, _result("a", "install", "ready", 3))
        with pytest.raises(InputError, match="no run 'nope'"):
            state.get_run(store, "nope")


def _writer(path: str, n: int) -> None:
    with Store(path) as store:
        rid = state.start_run(store, "preflight", "winrm", T0, run_id=f"run-{n}")
        for i in range(20):
            state.record_result(store, rid, _result(f"h{i}", "preflight", "ready", i, verdict="ready"))


def test_two_processes_record_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "s.sqlite3")
    procs = [multiprocessing.get_context("spawn").Process(target=_writer, args=(path, n)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with Store(path) as store:
        assert {r.id for r in state.list_runs(store)} == {"run-0", "run-1"}
        assert len(state.run_results(store, "run-0")) == len(state.run_results(store, "run-1")) == 20
