"""``qpfleet preflight -i inventory/ --limit ...`` and ``qpfleet install -i ...``: a fleet run through ansible-runner.

The order is the promise to the user: every input is checked first (registry, limit, forks,
timeouts, profile, output folders, vault password, an account for every credential, the runs
folder) and any problem stops the run before anything starts (exit 2). Then a run is recorded in
the state database, ansible-playbook runs in a fresh private data dir, every terminal's result is
recorded as it ends, and the report is rendered from those records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checks import i18n
from checks.errors import ExitCode, InputError
from checks.i18n import h, t
from provisioning.fleet import words  # noqa: F401

INTERRUPTED = 130
# Variables of the play itself (serial, max_fail_percentage), not of the role: not in its argument spec.
PLAY_VARS = ("qp_install_serial", "qp_install_max_fail_percentage")


def add_fleet_options(p: argparse.ArgumentParser, hosts_group: Any | None = None) -> None:
    """The options of a fleet run (``-i`` goes in ``hosts_group`` when the command has other host modes)."""
    (hosts_group or p).add_argument("-i", "--inventory", metavar="DIR", help=h("fleet.opt.inventory"))
    p.add_argument("--limit", metavar="SITE|ENTERPRISE|HOST", help=h("fleet.opt.limit"))
    p.add_argument("--retry-failed", metavar="RUN", help=h("fleet.opt.retry"))
    p.add_argument("--forks", type=int, default=10, help=h("fleet.opt.forks"))
    p.add_argument("--runs-dir", metavar="DIR", help=h("fleet.opt.runs_dir"))
    p.add_argument("--db", metavar="FILE", help=h("fleet.opt.db"))
    p.add_argument("--vault-password-file", metavar="FILE", help=h("fleet.opt.vault_file"))
    p.add_argument("--ask-vault-pass", action="store_true", help=h("fleet.opt.ask_vault"))
    p.add_argument("--timeout", type=float, default=3600.0, help=h("fleet.opt.timeout"))
    p.add_argument("--html", metavar="FILE", help=h("fleet.opt.html"))
    p.add_argument("--list-hosts", action="store_true", help=h("fleet.opt.list_hosts"))


def default_runs_dir() -> Path:
    env = os.environ.get("QPFLEET_RUNS_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("qpfleet", appauthor=False)) / "runs"


def _check_outputs(args: argparse.Namespace) -> None:
    for option in ("junit", "html"):
        value = getattr(args, option, None)
        if value and not Path(value).resolve().parent.is_dir():
            raise InputError(h("fleet.err.out_dir"), where=f"--{option} {value}")


def _unfinished(store: Any, run_id: str, kind: str, command: str) -> tuple[Any, list[str]]:
    from provisioning import state

    run = state.get_run(store, run_id)
    if run.kind != kind or run.route != "ansible":
        raise InputError(h("fleet.err.retry_kind", run=run.id, kind=run.kind, command=command), where="--retry-failed")
    done = {r.host for r in state.run_results(store, run.id)
            if r.action == kind and r.outcome not in state.UNFINISHED}
    return run, [x["host"] for x in run.options.get("hosts", []) if x["host"] not in done]


def run_fleet(args: argparse.Namespace, kind: str, playbook: str, role: str, extravars: dict[str, Any],
              extra_cmdline: list[str] | None = None,
              precheck: Callable[[Any, Any, Any], None] | None = None) -> int:
    """One fleet run of ``playbook`` for ``kind`` (preflight | install | undo); returns the exit code."""
    from provisioning import state
    from provisioning.dispatch.store import Store, default_db_path
    from provisioning.fleet import engine, report, selection, vault
    from provisioning.registry import load_registry

    lang = i18n.detect_lang(getattr(args, "lang", None))
    i18n.set_lang(lang)
    command = "preflight" if kind == "preflight" else kind
    if args.forks < 1:
        raise InputError(h("fleet.err.forks", n=args.forks), where="--forks")
    if args.timeout <= 0:
        raise InputError(h("fleet.err.timeout"), where="--timeout")
    if args.limit and args.retry_failed:
        raise InputError(h("fleet.err.limit_and_retry"), where="--retry-failed")
    if not args.limit and not args.retry_failed:
        raise InputError(h("fleet.err.limit_needed"), where="--limit")
    _check_outputs(args)
    inventory = Path(args.inventory).resolve()
    now = dt.datetime.now(dt.UTC)
    reg = load_registry(inventory, today=now.astimezone(report.SHANGHAI).date())
    if args.list_hosts and not args.retry_failed:          # nothing is opened, nothing is contacted
        _list_hosts(selection.select(reg, args.limit), lang)
        return int(ExitCode.OK)
    store = Store(args.db or default_db_path())
    try:
        retry_of = None
        if args.retry_failed:
            prev, names = _unfinished(store, args.retry_failed, kind, command)
            retry_of = prev.id
            if not names:
                print(t("fleet.retry.nothing", lang, run=prev.id), file=sys.stderr)
                return int(ExitCode.OK)
            chosen = selection.hosts_named(reg, names, where=f"--retry-failed {prev.id}")
        else:
            chosen = selection.select(reg, args.limit)
        if precheck is not None:
            precheck(reg, chosen, store)
        if args.list_hosts:
            _list_hosts(chosen, lang)
            return int(ExitCode.OK)
        project = engine.project_root()
        binary = engine.playbook_binary()
        from provisioning.fleet import roleargs

        roleargs.validate(project, role, {k: v for k, v in extravars.items() if k not in PLAY_VARS})
        access = vault.open_vault(inventory, args.vault_password_file, args.ask_vault_pass)
        needed: dict[str, list[str]] = {}
        for _e, term in reg.terminals():
            if term.host in chosen.names and term.connection.get("transport") != "kerberos":
                needed.setdefault(str(term.connection.get("credential", "")), []).append(term.host)
        vault.check_accounts(access, needed)
        run_id = state.new_run_id(now)
        data_dir = engine.make_data_dir(Path(args.runs_dir) if args.runs_dir else default_runs_dir(), run_id)
        secrets = vault.prepare(access, needed, data_dir / "secrets")
        try:
            return _run(args, kind, playbook, extravars, extra_cmdline or [], store, reg, chosen, run_id, data_dir,
                        retry_of, secrets, project, binary, inventory, lang, command)
        finally:
            vault.restore(secrets)
    finally:
        store.close()


def _run(args: argparse.Namespace, kind: str, playbook: str, extravars: dict[str, Any], extra_cmdline: list[str],
         store: Any, reg: Any, chosen: Any, run_id: str, data_dir: Path, retry_of: str | None, secrets: Any,
         project: Path, binary: str, inventory: Path, lang: str, command: str) -> int:
    from provisioning import state
    from provisioning.fleet import engine, report
    from provisioning.fleet.progress import FleetProgress
    from provisioning.fleet.results import Tracker

    def now() -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    hosts = [{"host": x.name, "site": x.site, "site_name": x.site_name, "enterprise": x.enterprise,
              "enterprise_name": x.enterprise_name} for x in chosen.hosts]
    options = {"limit": args.limit, "forks": args.forks, "playbook": playbook, "inventory": str(inventory),
               "hosts": hosts, "check": bool(getattr(args, "check", False)),
               "diff": bool(getattr(args, "diff", False)), "vars": extravars}
    state.start_run(store, kind, "ansible", now(), target=args.limit or f"retry {retry_of}",
                    operator=os.environ.get("USER", ""), options=options, data_dir=str(data_dir), retry_of=retry_of,
                    hosts_total=len(hosts), run_id=run_id)
    progress = FleetProgress(len(hosts), lang)
    progress.say(t("fleet.run.started", lang, run=run_id, n=len(hosts), forks=args.forks, data_dir=data_dir))
    if chosen.kit_only:
        progress.say(t("fleet.run.kit_only", lang, n=len(chosen.kit_only),
                       hosts=", ".join(x.name for x in chosen.kit_only[:10])))
    tracker = Tracker(kind, chosen.hosts, run_id, lambda r: state.record_result(store, run_id, r), now)

    def consume(event: dict[str, Any]) -> None:
        tracker.feed(event)
        progress.update(tracker.done, tracker.failures)

    host_timeout = float(extravars.get("qp_preflight_host_timeout", extravars.get("qp_install_host_timeout", 300)))
    if kind != "preflight":          # a batch waits for its slowest terminal, and batches run one after another
        host_timeout *= 2
    spec = engine.RunSpec(run_id, data_dir, project, project / "playbooks" / playbook, binary, inventory,
                          [x.name for x in chosen.hosts], args.forks, args.timeout, host_timeout + 120,
                          extravars, [*secrets.cmdline, *extra_cmdline], secrets.prompts)
    try:
        end = engine.execute(spec, consume, progress.draw, lambda s: progress.say(t("fleet.run.stopping", lang)))
    except BaseException:
        # a bug or the database failing mid-run: the run is never left "running"
        state.finish_run(store, run_id, "failed", now())
        raise
    progress.close()
    if end.signal is not None or end.status in ("canceled", "timeout"):
        status = "interrupted"
    elif end.stats:
        status = "complete"
    else:
        status = "failed"
    state.finish_run(store, run_id, status, now())
    run = state.get_run(store, run_id)
    table = report.rows(run, state.run_results(store, run_id))
    _write_reports(args, run, table, lang)
    if status == "failed" and not tracker.ended:
        print(f"qpfleet: {t('cli.error', lang)}: " + t("fleet.run.failed", lang, status=end.status, rc=end.rc,
                                     tail=end.tail.replace("\n", " | ")[:600]), file=sys.stderr)
    if status == "interrupted":
        print(t("fleet.run.interrupted", lang, done=tracker.done, total=len(hosts)), file=sys.stderr)
    print(t("fleet.run.next", lang, run=run_id, command=command, inventory=args.inventory), file=sys.stderr)
    if status == "interrupted":
        return INTERRUPTED
    return exit_code(kind, report.counts(run, table), check=bool(getattr(args, "check", False)))


def _list_hosts(chosen: Any, lang: str) -> None:
    """The terminals a run would work on, by site and enterprise (nothing is contacted)."""
    from checks.textio import safe_text

    site = enterprise = None
    for x in chosen.hosts:
        if x.site != site:
            site, enterprise = x.site, None
            print(safe_text(f"{x.site_name} ({x.site})"))
        if x.enterprise != enterprise:
            enterprise = x.enterprise
            print(safe_text(f"  {x.enterprise_name} ({x.enterprise})"))
        print(f"    {x.name}")
    print(t("fleet.list.total", lang, n=len(chosen.hosts)))
    if chosen.kit_only:
        print(t("fleet.run.kit_only", lang, n=len(chosen.kit_only), hosts=", ".join(x.name for x in chosen.kit_only)))


def _write_reports(args: argparse.Namespace, run: Any, table: Any, lang: str) -> None:
    from checks.fsutil import write_atomic
    from provisioning.fleet import report

    now = dt.datetime.now(dt.UTC)
    if getattr(args, "junit", None):
        write_atomic(args.junit, report.render_junit(run, table, lang))
    if getattr(args, "html", None):
        write_atomic(args.html, report.render_html(run, table, lang, now))
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(report.render_json(run, table, lang), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report.render_table(run, table, lang, now))


def exit_code(kind: str, counts: dict[str, int], check: bool = False) -> int:
    """Preflight: 0 all ready, 1 any not ready, 3 any undetermined / not reached / not run.
    Install and undo: 0 all done or unchanged, 1 any refused or failed, 3 any unreachable or not run."""
    def some(*keys: str) -> bool:
        return any(counts.get(k, 0) for k in keys)

    if kind == "preflight":
        if some("not_ready"):
            return int(ExitCode.FAILED)
        if some("undetermined", "unreachable", "failed", "not_run"):
            return int(ExitCode.UNDETERMINED)
        return int(ExitCode.OK)
    if some("refused", "failed"):
        return int(ExitCode.FAILED)
    if some("unreachable", "not_run"):
        return int(ExitCode.UNDETERMINED)
    return int(ExitCode.OK)
