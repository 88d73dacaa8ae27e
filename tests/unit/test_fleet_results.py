"""Runner events to per-terminal results, the reports rendered from the state database, credential lookup."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from provisioning import state
from provisioning.dispatch.store import Store
from provisioning.fleet import credentials, report
from provisioning.fleet.commands import exit_code
from provisioning.fleet.progress import FleetProgress
from provisioning.fleet.results import Tracker
from provisioning.fleet.selection import Host

T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
HOSTS = [Host(f"h{i}", "5301", "皇岗海关", "4403980101", "华通", "winrm") for i in range(5)]


def ev(kind: str, host: str, action: str, res: dict, task: str = "t", ignore: bool = False) -> dict:
    return {"event": kind, "event_data": {"host": host, "resolved_action": action, "res": res, "task": task,
                                          "ignore_errors": ignore}}


def test_each_terminal_ends_once_at_its_decisive_task_or_first_failure(tmp_path: Path) -> None:
    recorded: list[state.HostResult] = []
    tr = Tracker("preflight", HOSTS, "run-1", recorded.append, lambda: T0)
    facts = "qpfleet.fleet.qp_facts"
    checks = [{"id": "memory", "level": "must", "status": "fail", "message": "memory.too_small", "params": {}}]
    tr.feed(ev("runner_on_ok", "h0", "ansible.builtin.assert", {}))                      # an input check: not the end
    tr.feed(ev("runner_on_ok", "h0", facts, {"result": "ready", "verdict": "ready", "checks": [], "facts": {"x": 1}}))
    tr.feed(ev("runner_on_failed", "h1", facts, {"result": "not_ready", "checks": checks}))
    tr.feed(ev("runner_on_failed", "h1", "ansible.builtin.assert", {"msg": "not ready"}))  # the verdict assert: ignored
    tr.feed(ev("runner_on_unreachable", "h2", facts, {"result": "unreachable", "msg": "refused"}))
    tr.feed(ev("runner_on_failed", "h3", facts, {"result": "auth_failed", "reason": "credentials rejected"}))
    tr.feed(ev("runner_on_failed", "h4", "ansible.builtin.assert", {"msg": "no address"}, task="r : CHECK"))
    tr.feed(ev("runner_on_ok", "stranger", facts, {"result": "ready"}))                  # not of this run
    got = {r.host: r for r in recorded}
    assert [r.host for r in recorded] == ["h0", "h1", "h2", "h3", "h4"]
    assert got["h0"].outcome == "ready" and got["h0"].facts == {"x": 1} and got["h0"].reason_key == ""
    assert got["h1"].outcome == "not_ready" and got["h1"].reason_params == {"rules": "memory"}
    assert got["h2"].outcome == "unreachable" and got["h2"].reason_params["detail"] == "refused"
    assert got["h3"].outcome == "failed" and got["h3"].reason_key == "fleet.reason.auth_failed"
    assert got["h4"].reason_key == "fleet.reason.task_failed" and got["h4"].reason_params["task"] == "CHECK"
    assert tr.done == 5 and tr.failures == 3
    assert all(r.route == "ansible" and r.enterprise == "4403980101" and r.site == "5301" for r in recorded)


def test_reports_from_the_state_database_list_terminals_not_run(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        hosts = [{"host": h.name, "site": h.site, "site_name": h.site_name, "enterprise": h.enterprise,
                  "enterprise_name": h.enterprise_name} for h in HOSTS]
        rid = state.start_run(store, "preflight", "ansible", T0, options={"hosts": hosts, "password": "x"},
                              hosts_total=5)
        tr = Tracker("preflight", HOSTS, rid, lambda r: state.record_result(store, rid, r), lambda: T0)
        tr.feed(ev("runner_on_ok", "h0", "qpfleet.fleet.qp_facts", {"result": "ready", "checks": []}))
        tr.feed(ev("runner_on_unreachable", "h1", "qpfleet.fleet.qp_facts", {"msg": "gone"}))
        state.finish_run(store, rid, "interrupted", T0 + dt.timedelta(seconds=75))
        run = state.get_run(store, rid)
        table = report.rows(run, state.run_results(store, rid))
    assert "password" not in run.options
    assert [r.outcome for r in table] == ["ready", "unreachable", "not_run", "not_run", "not_run"]
    text = report.render_table(run, table, "zh", T0)
    assert "已中断" in text and "用时 1:15" in text and "皇岗海关 (5301)" in text and "  华通 (4403980101)" in text
    assert "共 5 台：可以安装 1，不符合要求 0，无法确定 0，无法连接 1，失败 0，未运行 3" in text
    assert report.render_json(run, table, "en")["counts"]["not_run"] == 3
    assert exit_code("preflight", report.counts(run, table)) == 3
    assert exit_code("preflight", {"ready": 2, "not_ready": 1, "unreachable": 1}) == 1
    assert exit_code("install", {"installed": 2, "unchanged": 1}) == 0
    assert exit_code("install", {"installed": 2, "refused": 1}) == 1


def test_credentials_come_from_their_own_variables_then_the_generic_ones() -> None:
    env = {"QPFLEET_CRED_SITE_5301_USER": "a", "QPFLEET_CRED_SITE_5301_PASSWORD": "p1",
           "QPFLEET_WINRM_USER": "g", "QPFLEET_WINRM_PASSWORD": "gp", "HOME": "/root"}
    assert credentials.env_names("site-5301.b") == ("QPFLEET_CRED_SITE_5301_B_USER", "QPFLEET_CRED_SITE_5301_B_PASSWORD")
    assert credentials.from_env("site-5301", env) == ("a", "p1")
    assert credentials.from_env("site-5316", env) == ("g", "gp")
    assert credentials.secret_env_names(env) == ["QPFLEET_CRED_SITE_5301_PASSWORD", "QPFLEET_CRED_SITE_5301_USER",
                                                 "QPFLEET_WINRM_PASSWORD", "QPFLEET_WINRM_USER"]
    assert credentials.env_credentials({}, ["site-5301"]) == {}


def test_progress_draws_on_a_terminal_only() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = FleetProgress(4, "en", stream, width=8)
        bar.update(1, 0)
        bar.update(3, 1)
        bar.close()
    assert "[######..] 3/4 done · 1 failed · 0:00" in tty.getvalue() and tty.getvalue().endswith("\n")
    assert pipe.getvalue() == ""
