"""Demo and bench data for the roll-out board, written through the project's own APIs.

* :func:`demo` fills a state database for the demo registry (``inventory/``): engineers, payments
  and visit requests (one closed by a kit install, one overdue, two competing for one engineer's
  day, one paused), preflight runs over Ansible, WinRM and the USB kit judged by the real rules on
  the facts fixtures, installs with their changes and msiexec log, an install that failed, a
  campaign (which opens the on-site guidance of its site's enterprises, §7.2) and a plan. Runs end through :func:`provisioning.state.finish_run`, so the loop closes
  exactly as it does for the fleet and ``kit collect``.
* :func:`bulk` records N results (100,000 for the bench) over a big registry's QP terminals.

Run: ``python -m tests.support.board_data --db demo.sqlite3 [-i inventory/] [--now ISO8601]``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.facts import from_json
from checks.profile import load_profile
from checks.rules import judge
from provisioning import state
from provisioning.dispatch.calendar import SHANGHAI, WorkCalendar, load_overrides
from provisioning.dispatch.ops import add_engineer, add_event, add_request
from provisioning.dispatch.payments import Payment, record_payments
from provisioning.dispatch.planning import run_plan
from provisioning.dispatch.store import Store
from provisioning.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]
FACTS = ROOT / "tests" / "fixtures" / "facts"
CUTOFF = dt.time(17, 30)
READY_FACTS = "xp-sp3-zh-p4-desktop"
PROFILE = load_profile("current")


@dataclass
class DemoInfo:
    """What the demo made, for tests to look for."""

    today: dt.date
    next_day: dt.date
    closed_request: int  # closed by the kit install of ht-qp03
    kit_run: str
    competing: tuple[int, int]  # two requests due today at site 5301, one engineer with room for one a day
    overdue_request: int
    paused_request: int
    plan_id: int


def facts_doc(fixture: str, host: str, at: dt.datetime) -> dict[str, Any]:
    """A facts fixture as if collected on ``host`` at ``at`` (Beijing time)."""
    doc: dict[str, Any] = json.loads((FACTS / f"{fixture}.json").read_text("utf-8"))
    doc["host"] = host
    local = at.astimezone(SHANGHAI)
    doc["collected_at"] = {**doc.get("collected_at", {}), "local": local.strftime("%Y-%m-%dT%H:%M:%S"),
                           "utc_offset_minutes": 480}
    return doc


def preflight(host: str, ent: Any, at: dt.datetime, route: str, fixture: str) -> state.HostResult:
    """A preflight result judged by the real rules (profile ``current``) on a facts fixture."""
    doc = facts_doc(fixture, host, at)
    j = judge(from_json(doc), PROFILE)
    return state.HostResult(host, "preflight", j.verdict, at, route, ent.customs_code, ent.site, j.verdict,
                            checks=[{"id": c.id, "status": c.status} for c in j.checks], facts=doc)


def install_detail(host: str, ok: bool, version: str = "2.1.0.7") -> dict[str, Any]:
    """An installer result document: every change with before/after, and the msiexec log excerpt."""
    changes = [
        {"kind": "msi", "target": "QuickPass 预录入客户端 {6F1E0A2B-QP00-4C1D-9E5A-3B7C2D1E0F11}",
         "before": None, "after": version},
        {"kind": "registry", "target": r"HKLM\SOFTWARE\QuickPass\Defaults\DeclarationType", "before": None,
         "after": "有纸报关"},
        {"kind": "registry", "target": r"HKLM\SOFTWARE\QuickPass\Defaults\PrintFormat", "before": None,
         "after": "standard"},
        {"kind": "ini", "target": r"C:\QP\qpclient.ini [server] host", "before": "qp.netcom.example",
         "after": "qp.telecom.example"},
        {"kind": "printer", "target": "HP LaserJet 1020 (default, automatic feed)", "before": "Microsoft XPS",
         "after": "HP LaserJet 1020"},
    ] if ok else []
    tail = ("MSI (s) (A4:9C) [10:02:11:201]: Product: QuickPass -- Installation completed successfully.\n"
            "MSI (s) (A4:9C) [10:02:11:203]: Windows Installer installed the product. Exit code: 0"
            if ok else
            "MSI (s) (B8:10) [10:05:42:118]: Note: 1: 1708\n"
            "MSI (s) (B8:10) [10:05:42:119]: Product: QuickPass -- Error 1603. A fatal error occurred during "
            "installation.\nMSI (s) (B8:10) [10:05:42:120]: Windows Installer installed the product. Exit code: 1603")
    return {"host": host, "product_code": "{6F1E0A2B-QP00-4C1D-9E5A-3B7C2D1E0F11}", "version": version,
            "msiexec": {"exit_code": 0 if ok else 1603, "log": rf"C:\QP\logs\install-{host}.log",
                        "log_excerpt": tail},
            "road_port": {"product_code": "{11111111-RP00-0000-0000-000000000001}", "intact": True},
            "changes": changes}


def _workdays_before(cal: WorkCalendar, day: dt.date, n: int) -> dt.date:
    while n:
        day -= dt.timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


def _paid(cal: WorkCalendar, today: dt.date, working_days_ago: int) -> dt.datetime:
    """A receipt time whose 2-working-day deadline falls ``2 - working_days_ago`` working days from today."""
    day = _workdays_before(cal, today, working_days_ago)
    return dt.datetime.combine(day, dt.time(10, 0), SHANGHAI)


def _pay(store: Store, reg: Any, code: str, receipt: str, paid: dt.datetime, now: dt.datetime,
         purpose: str = "maintenance") -> int:
    ent = reg.enterprises[code]
    p = Payment(receipt, code, ent.site, ent.name, "**** 1234", 30000 if purpose == "maintenance" else 150000, paid,
                purpose, "demo")
    record_payments(store, [p], [], partial=False, now=now)
    rows = store.query("SELECT id FROM requests WHERE receipt_no = ?", (receipt,))
    return int(rows[0]["id"]) if rows else 0


def _run(store: Store, kind: str, route: str, at: dt.datetime, operator: str, results: list[state.HostResult],
         status: str = "complete") -> str:
    rid = state.start_run(store, kind, route, at, target=",".join(sorted({r.site for r in results})),
                          operator=operator, hosts_total=len(results))
    with store.transaction():  # many results, one commit (record_result's transactions become savepoints)
        for r in results:
            state.record_result(store, rid, r)
    state.finish_run(store, rid, status, at + dt.timedelta(minutes=30))
    return rid


def demo(store: Store, inventory: Path, now: dt.datetime, calendar: WorkCalendar | None = None) -> DemoInfo:
    """Fill ``store`` for the registry at ``inventory`` as of ``now`` (see the module docstring)."""
    cal = calendar or load_overrides(None)
    reg = load_registry(inventory)
    today = now.astimezone(SHANGHAI).date()
    if not cal.is_workday(today):
        raise ValueError(f"the demo needs a working day as today, not {today}")
    nxt = cal.next_workday_after(today)
    days_ago = [dt.datetime.combine(_workdays_before(cal, today, n), dt.time(9, 30), SHANGHAI) for n in range(6)]
    add_engineer(store, "E01", "张工", ["maintenance", "install"], ["5301"], 1)
    add_engineer(store, "E02", "李工", ["maintenance"], ["5316", "5320"], 3)
    add_engineer(store, "E03", "王工", ["install", "training"], ["5301", "5316", "5320"], 4)  # installs, guidance
    ents = reg.enterprises
    # requests: an install request for ht-qp03, closed below by the kit's install
    install_req = add_request(store, "4403980101", "5301", "install", _paid(cal, today, 3), now, "demo",
                              hosts=["ht-qp03"]).id
    r1 = _pay(store, reg, "4403980102", "DEMO-0001", _paid(cal, today, 2), now)  # due today
    r7 = _pay(store, reg, "4403980103", "DEMO-0002", _paid(cal, today, 2) + dt.timedelta(minutes=5), now)
    _pay(store, reg, "4403980202", "DEMO-0003", _paid(cal, today, 1), now)  # due next working day
    overdue = _pay(store, reg, "4403980301", "DEMO-0004", _paid(cal, today, 5), now)
    paused = _pay(store, reg, "4403980203", "DEMO-0005", _paid(cal, today, 1), now)
    add_event(store, paused, "pause", _paid(cal, today, 1) + dt.timedelta(hours=2), "企业要求推迟", cal, CUTOFF)
    _pay(store, reg, "4403980101", "DEMO-0006", _paid(cal, today, 4), now, "installation")
    # a fleet preflight over Ansible at 5301 and 5316, four working days ago
    fixtures = {"ht-qp03": "celeron-2400", "zg-qp02": "clock-not-measured", "td-qp06": "no-antivirus",
                "wj-qp03": "qq-and-thunder"}
    results = []
    for ent in ents.values():
        if ent.site == "5320":
            continue
        for term in ent.qp_terminals():
            if term.connection.get("via") == "winrm":
                results.append(preflight(term.host, ent, days_ago[4], "ansible", fixtures.get(term.host, READY_FACTS)))
    _run(store, "preflight", "ansible", days_ago[4], "eng.zhang", results)
    # a WinRM preflight at 5320
    st = ents["4403980301"]
    _run(store, "preflight", "winrm", days_ago[3], "eng.li",
         [preflight(t.host, st, days_ago[3], "winrm", READY_FACTS) for t in st.qp_terminals()])
    # ht-qp03 got a faster CPU; the USB kit checked it ready and installed QP: the install request closes
    ht = ents["4403980101"]
    at = days_ago[1] + dt.timedelta(hours=1)
    kit_run = _run(store, "kit", "kit", at, "eng.wang", [
        preflight("ht-qp03", ht, at, "kit", READY_FACTS),
        state.HostResult("ht-qp03", "install", "installed", at + dt.timedelta(minutes=9), "kit", ht.customs_code,
                         ht.site, "ready", reboot_needed=True, detail=install_detail("ht-qp03", True))])
    lh = ents["4403980203"]
    _run(store, "kit", "kit", days_ago[2], "eng.wang", [preflight("lh-qp01", lh, days_ago[2], "kit", "windows7-zh")])
    # a fleet install at 5316: unchanged where QP was there, one failure with msiexec 1603
    td = ents["4403980202"]
    installs = [state.HostResult(t.host, "install", "unchanged", days_ago[1], "ansible", td.customs_code, td.site,
                                 "ready", detail=install_detail(t.host, True) | {"changes": []})
                for t in td.qp_terminals()[:5]]
    installs.append(state.HostResult("td-qp06", "install", "failed", days_ago[1], "ansible", td.customs_code, td.site,
                                     "ready", reason_key="install.msiexec_failed", reason_params={"code": 1603},
                                     detail=install_detail("td-qp06", False)))
    _run(store, "install", "ansible", days_ago[1], "eng.zhang", installs)
    # a campaign at 5301 three working days on, then the plan
    day = cal.next_workday_after(cal.next_workday_after(nxt))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        from provisioning.cli import main

        main(["dispatch", "campaign", "plan", "--site", "5301", "--day", day.isoformat(), "--db", str(store.path),
              "--registry", str(inventory), "--now", now.isoformat(), "--notice-days", "1"])
    plan = run_plan(store, cal, CUTOFF, now)
    return DemoInfo(today, nxt, install_req, kit_run, (r1, r7), overdue, paused, plan.plan_id)


def bulk(store: Store, registry: Any, now: dt.datetime, results: int, *, days: int = 60, seed: int = 7,
         batch: int = 500) -> int:
    """Record ``results`` preflight/install results over the registry's QP terminals in the last ``days`` days."""
    rng = random.Random(seed)
    hosts = [(e, t) for e, t in registry.terminals() if t.role == "qp"]
    verdicts = ("ready", "ready", "ready", "not_ready", "undetermined")
    routes = ("ansible", "winrm", "kit")
    written = 0
    start = now - dt.timedelta(days=days)
    while written < results:
        at = start + dt.timedelta(seconds=rng.randrange(days * 86400))
        route = rng.choice(routes)
        rid = state.start_run(store, "install" if written % 3 else "preflight", route, at,
                              operator=f"eng{rng.randrange(20):02d}", hosts_total=batch)
        with store.transaction():
            for _ in range(min(batch, results - written)):
                ent, term = rng.choice(hosts)
                when = at + dt.timedelta(seconds=rng.randrange(3600))
                if rng.random() < 0.6:
                    v = rng.choice(verdicts)
                    r = state.HostResult(term.host, "preflight", v, when, route, ent.customs_code, ent.site, v,
                                         checks=[{"id": "cpu", "status": "pass" if v == "ready" else "fail"}],
                                         facts={"host": term.host, "probes": {"cpu": {"status": "observed",
                                                                                      "value": {"max_clock_mhz": 3000}}}})
                else:
                    outcome = rng.choice(("installed", "installed", "unchanged", "failed", "undone"))
                    action = "undo" if outcome == "undone" else "install"
                    r = state.HostResult(term.host, action, outcome, when, route, ent.customs_code, ent.site, "ready",
                                         detail=install_detail(term.host, outcome != "failed"))
                state.record_result(store, rid, r)
                written += 1
        state.finish_run(store, rid, "complete", at + dt.timedelta(hours=1))
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Fill a state database with the board's demo data.")
    p.add_argument("--db", required=True)
    p.add_argument("-i", "--inventory", default=str(ROOT / "inventory"))
    p.add_argument("--now", help="ISO 8601 with offset (default: now)")
    args = p.parse_args(argv)
    now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(dt.UTC)
    if Path(args.db).exists():
        print(f"{args.db} exists: give a new file", file=sys.stderr)
        return 2
    with Store(args.db) as store:
        info = demo(store, Path(args.inventory), now)
    print(f"{args.db}: demo data as of {info.today} (plan #{info.plan_id}; request #{info.closed_request} closed by "
          f"kit run {info.kit_run})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
