"""``qpfleet runs list|show RUN``: the runs recorded in the state database and each terminal's result."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from checks import i18n
from checks.i18n import h, t
from provisioning.fleet import words  # noqa: F401


def register(sub: Any) -> None:
    p = sub.add_parser("runs", help=h("runs.help"), description=h("runs.help"))
    actions = p.add_subparsers(dest="runs_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="FILE", help=h("fleet.opt.db"))
    common.add_argument("--json", action="store_true", help=h("fleet.opt.json"))
    ls = actions.add_parser("list", parents=[common], help=h("runs.list.help"), description=h("runs.list.help"))
    ls.add_argument("-n", "--count", type=int, default=20, help=h("runs.opt.count"))
    ls.set_defaults(func=runs_list)
    show = actions.add_parser("show", parents=[common], help=h("runs.show.help"), description=h("runs.show.help"))
    show.add_argument("run", metavar="RUN", help=h("runs.opt.run"))
    show.add_argument("--junit", metavar="FILE", help=h("fleet.opt.junit"))
    show.add_argument("--html", metavar="FILE", help=h("fleet.opt.html"))
    show.set_defaults(func=runs_show)


def _store(args: argparse.Namespace) -> Any:
    from provisioning.dispatch.store import Store, default_db_path

    return Store(args.db or default_db_path())


def runs_list(args: argparse.Namespace) -> int:
    from checks.report import display_width, pad
    from checks.textio import safe_text
    from provisioning import state
    from provisioning.fleet import report

    lang = i18n.detect_lang(args.lang)
    with _store(args) as store:
        runs = state.list_runs(store, max(1, args.count))
        tallies = [report.counts(r, report.rows(r, state.run_results(store, r.id))) for r in runs]
    if args.json:
        sys.stdout.write(json.dumps([{"run": r.id, "kind": r.kind, "route": r.route, "status": r.status,
                                      "started_at": r.started_at.isoformat(), "target": r.target,
                                      "retry_of": r.retry_of, "hosts_total": r.hosts_total, "counts": c}
                                     for r, c in zip(runs, tallies, strict=True)], ensure_ascii=False) + "\n")
        return 0
    if not runs:
        print(t("runs.none", lang))
        return 0
    head = [t(f"runs.col.{k}", lang) for k in ("run", "kind", "started", "status", "target", "hosts", "results")]
    body = [[r.id, t(f"fleet.run.kind.{r.kind}", lang), report.local_time(r.started_at),
             t(f"fleet.run.status.{r.status}", lang), r.target, str(r.hosts_total),
             " ".join(f"{t(f'fleet.outcome.{k}', lang)}={v}" for k, v in c.items() if v)]
            for r, c in zip(runs, tallies, strict=True)]
    widths = [max(display_width(row[i]) for row in [head, *body]) for i in range(len(head))]
    for row in [head, *body]:
        print(safe_text("  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()))
    return 0


def runs_show(args: argparse.Namespace) -> int:
    from checks.fsutil import write_atomic
    from provisioning import state
    from provisioning.fleet import report

    lang = i18n.detect_lang(args.lang)
    now = dt.datetime.now(dt.UTC)
    with _store(args) as store:
        run = state.get_run(store, args.run)
        table = report.rows(run, state.run_results(store, run.id))
    if args.junit:
        write_atomic(args.junit, report.render_junit(run, table, lang))
    if args.html:
        write_atomic(args.html, report.render_html(run, table, lang, now))
    if args.json:
        sys.stdout.write(json.dumps(report.render_json(run, table, lang), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report.render_table(run, table, lang, now))
    return 0
