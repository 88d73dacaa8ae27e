"""The ``qpfleet dispatch`` command: pay, request, engineer, plan, board, export, campaign, training, deadline, calendar.

Only argparse set-up lives at import time; the store, the calendar, the registry and the
planner are imported inside the handlers (``qpfleet`` imports this module at every start).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from typing import Any

from checks.argtypes import whole_number


def _common() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("dispatch options")
    g.add_argument("--db", metavar="FILE", help="dispatch database (default: dispatch.sqlite3 in the user's "
                                               "data directory, or $QPFLEET_DISPATCH_DB)")
    g.add_argument("--registry", metavar="PATH", default="inventory",
                   help="enterprise registry directory or file (default: inventory)")
    g.add_argument("--calendar", metavar="FILE", help="working-day override file "
                                                      "(default: inventory/calendar/overrides.yml)")
    g.add_argument("--allow-estimate", action="store_true",
                   help="use the holidays package's estimate for years without official data (marked ESTIMATED)")
    g.add_argument("--cutoff", metavar="HH:MM", default="17:30",
                   help="payments at or after this time count from the next working day (default 17:30)")
    g.add_argument("--now", metavar="ISO8601", help="pretend the current time is this (with offset)")
    g.add_argument("--lang", choices=("zh", "en"), help="language of the output (default: from the locale)")
    g.add_argument("--json", action="store_true", help="machine-readable output")
    return p


def register(sub: Any) -> None:
    """Add ``qpfleet dispatch ...`` to the CLI."""
    from provisioning.dispatch import views

    c = _common()
    top = sub.add_parser("dispatch", help="maintenance visits, site campaigns, training bookings",
                         description="Dispatch: SLA deadlines on the official working-day calendar, payments, "
                                     "visit planning, site installation campaigns and training bookings.")
    dsub = top.add_subparsers(dest="dispatch_cmd", metavar="ACTION", required=True, parser_class=type(top))

    p = dsub.add_parser("deadline", parents=[c], help="visit deadline for a payment time")
    p.add_argument("--paid-at", required=True, metavar="ISO8601", help="receipt time with offset")
    p.add_argument("--pause", action="append", default=[], metavar="ISO8601", help="enterprise postponed at")
    p.add_argument("--resume", action="append", default=[], metavar="ISO8601", help="enterprise ready again at")
    p.set_defaults(func=handle_deadline)

    p = dsub.add_parser("calendar", parents=[c], help="show working days and how far the data reaches")
    p.add_argument("--from", dest="first", metavar="DATE")
    p.add_argument("--to", dest="last", metavar="DATE")
    p.set_defaults(func=handle_calendar)

    pay = dsub.add_parser("pay", help="payments (bank receipts)").add_subparsers(
        dest="pay_cmd", metavar="ACTION", required=True, parser_class=type(top))
    p = pay.add_parser("import", parents=[c], help="import a CSV of bank receipts")
    p.add_argument("file")
    p.add_argument("--partial", action="store_true", help="keep the good lines when some lines are bad")
    p.set_defaults(func=handle_pay_import)
    p = pay.add_parser("list", parents=[c], help="recorded payments (accounts masked)")
    p.set_defaults(func=handle_pay_list)

    req = dsub.add_parser("request", help="visit requests and their SLA clock").add_subparsers(
        dest="req_cmd", metavar="ACTION", required=True, parser_class=type(top))
    p = req.add_parser("add", parents=[c], help="open a visit request by hand")
    p.add_argument("--enterprise", required=True, metavar="CUSTOMS_CODE")
    p.add_argument("--paid-at", required=True, metavar="ISO8601")
    p.add_argument("--skill", default="maintenance")
    p.add_argument("--note", default="")
    p.set_defaults(func=handle_request_add)
    for action, text in (("pause", "the enterprise asked to postpone"), ("resume", "the enterprise is ready again"),
                         ("done", "the visit took place"), ("cancel", "the request is withdrawn")):
        p = req.add_parser(action, parents=[c], help=text)
        p.add_argument("id", type=whole_number(1, 2**62))
        p.add_argument("--at", metavar="ISO8601", help="when (default: now)")
        p.add_argument("--note", default="")
        p.set_defaults(func=handle_request_event, event=action)
    p = req.add_parser("list", parents=[c], help="requests with their deadlines")
    p.add_argument("--all", action="store_true", help="also done and cancelled requests")
    p.set_defaults(func=handle_request_list)

    eng = dsub.add_parser("engineer", help="field engineers and their leave").add_subparsers(
        dest="eng_cmd", metavar="ACTION", required=True, parser_class=type(top))
    p = eng.add_parser("add", parents=[c], help="add or update an engineer")
    p.add_argument("id")
    p.add_argument("--name", default="")
    p.add_argument("--skills", required=True, help="comma list: maintenance,install,training")
    p.add_argument("--sites", required=True, help="comma list of customs site codes served")
    p.add_argument("--capacity", type=whole_number(1, 1000), default=4, help="visits per working day (default 4)")
    p.set_defaults(func=handle_engineer_add)
    p = eng.add_parser("leave", parents=[c], help="record leave and re-plan")
    p.add_argument("id")
    p.add_argument("--from", dest="first", required=True, metavar="DATE")
    p.add_argument("--to", dest="last", metavar="DATE")
    p.add_argument("--reason", default="")
    p.add_argument("--no-replan", action="store_true")
    p.set_defaults(func=handle_engineer_leave)
    p = eng.add_parser("list", parents=[c], help="engineers")
    p.set_defaults(func=handle_engineer_list)

    views.register(dsub, c, type(top))


@dataclass
class Ctx:
    """What every dispatch handler needs, built once from the common options."""

    args: argparse.Namespace
    lang: str
    now: dt.datetime
    cutoff: dt.time
    calendar: Any
    _store: Any = None
    _registry: Any = None
    warned: list[str] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        from provisioning.dispatch.calendar import SHANGHAI

        return self.now.astimezone(SHANGHAI).date()

    def store(self) -> Any:
        if self._store is None:
            from provisioning.dispatch.store import Store, default_db_path

            # the default folder (the user's data directory) is made; a --db folder must exist
            self._store = Store(self.args.db or default_db_path(), create_folder=not self.args.db)
        return self._store

    def registry(self) -> Any:
        if self._registry is None:
            from provisioning.registry import load_registry

            self._registry = load_registry(self.args.registry)
        return self._registry

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def context(args: argparse.Namespace, warn: bool = True) -> Ctx:
    """Parse the common options; print the calendar coverage warning to stderr."""
    from checks.i18n import detect_lang, t
    from provisioning.dispatch import texts  # noqa: F401  (registers the words)
    from provisioning.dispatch.calendar import load_overrides
    from provisioning.dispatch.sla import parse_cutoff, parse_time

    lang = detect_lang(args.lang)
    now = parse_time(args.now, "--now") if args.now else dt.datetime.now(dt.UTC)
    cal = load_overrides(args.calendar, allow_estimate=args.allow_estimate)
    ctx = Ctx(args, lang, now, parse_cutoff(args.cutoff), cal)
    message = cal.coverage_warning(ctx.today)
    if message and warn:
        print(f"qpfleet: {t('dispatch.warning', lang)}: {message}", file=sys.stderr)
        ctx.warned.append(message)
    return ctx


def parse_date(text: str | None, where: str) -> dt.date:
    from checks.errors import InputError

    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", where=where) from None


def emit_json(data: object) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def handle_deadline(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from provisioning.dispatch.calendar import SHANGHAI
    from provisioning.dispatch.sla import ClockEvent, parse_time, sla_deadline

    ctx = context(args)
    paid = parse_time(args.paid_at, "--paid-at")
    events = [ClockEvent("pause", parse_time(x, "--pause")) for x in args.pause]
    events += [ClockEvent("resume", parse_time(x, "--resume")) for x in args.resume]
    d = sla_deadline(paid, ctx.calendar, cutoff=ctx.cutoff, events=events)
    if args.json:
        emit_json({**d.as_dict(), "cutoff": ctx.cutoff.strftime("%H:%M"), "calendar_warning": ctx.warned or None})
        return 0
    mark = t("dispatch.estimated", ctx.lang) if d.estimated else ""
    print(t("dispatch.deadline.paid", ctx.lang, at=f"{paid.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"))
    print(t("dispatch.deadline.day0", ctx.lang, day=d.received_on.isoformat()))
    print(t("dispatch.deadline.counted", ctx.lang, days=", ".join(x.isoformat() for x in d.counted) or "-") + mark)
    if d.skipped:
        print(t("dispatch.deadline.skipped", ctx.lang, days=", ".join(x.isoformat() for x in d.skipped)))
    if d.deadline_date is None:
        print(t("dispatch.deadline.paused", ctx.lang))
    else:
        print(t("dispatch.deadline.result", ctx.lang, day=d.deadline_date.isoformat(),
                time=ctx.cutoff.strftime("%H:%M")) + mark)
    return 0


def handle_calendar(args: argparse.Namespace) -> int:
    ctx = context(args)
    cal = ctx.calendar
    first = parse_date(args.first, "--from") if args.first else ctx.today
    last = parse_date(args.last, "--to") if args.last else first + dt.timedelta(days=13)
    days = []
    day = first
    while day <= last:
        info = cal.day(day)
        days.append({"date": day.isoformat(), "weekday": day.strftime("%a"), "work": info.work,
                     "source": info.source, "reference": info.reference})
        day += dt.timedelta(days=1)
    data = {"covered_until": cal.covered_until().isoformat(), "warning": ctx.warned[0] if ctx.warned else None,
            "days": days}
    if args.json:
        emit_json(data)
    else:
        print(f"official data until {data['covered_until']}")
        for d in days:
            flag = "work" if d["work"] else "rest"
            extra = f"  [{d['source']}: {d['reference']}]" if d["source"] != "chinesecalendar" else ""
            print(f"{d['date']} {d['weekday']}  {flag}{extra}")
    return 1 if ctx.warned else 0


def handle_pay_import(args: argparse.Namespace) -> int:
    from checks.errors import ExitCode
    from checks.i18n import t
    from checks.textio import safe_text
    from provisioning.dispatch.payments import ImportResult, parse_payments, record_payments
    from provisioning.fees.prices import find_prices, load_prices

    ctx = context(args)
    text = read_payment_file(args.file)
    payee = load_prices(find_prices(args.registry))  # the sub-centre's account every payment must go to (§2.3)
    good, problems = parse_payments(text, args.file, ctx.registry().enterprises, payee)
    if problems and not args.partial:  # all or nothing: nothing to write, so the store is not even opened
        result = ImportResult([], [], problems)
    else:
        result = record_payments(ctx.store(), good, problems, partial=args.partial, now=ctx.now)
    ctx.close()
    for line in result.problems:
        print(f"qpfleet: error: {safe_text(line)}", file=sys.stderr)
    if args.json:
        emit_json({"recorded": [p.receipt_no for p in result.recorded],
                   "already_recorded": [p.receipt_no for p in result.already],
                   "requests_opened": result.requests_opened, "problems": result.problems})
    elif result.problems and not args.partial:
        print(t("dispatch.pay.nothing", ctx.lang))
    else:
        print(t("dispatch.pay.recorded", ctx.lang, n=len(result.recorded), r=result.requests_opened,
                a=len(result.already)))
    if result.problems:
        return int(ExitCode.FAILED if args.partial else ExitCode.USAGE)
    return 0


def read_payment_file(path: str) -> str:
    """UTF-8 (with or without BOM), or GB18030 as Excel saves CSV on a Chinese Windows."""
    from checks.textio import decode_text, read_bytes

    text, encoding = decode_text(read_bytes(path, 64 * 1024 * 1024, "payment file"), path, "payment file",
                                 fallback="gb18030")
    if encoding != "utf-8":
        print(f"qpfleet: note: {path} is not UTF-8; read it as GB18030 (Excel on a Chinese Windows)",
              file=sys.stderr)
    return text


def handle_pay_list(args: argparse.Namespace) -> int:
    from checks.textio import safe_text

    ctx = context(args)
    rows = [dict(r) for r in ctx.store().query(
        "SELECT receipt_no, enterprise, payer_name, method, account_masked, amount_fen, paid_at, purpose"
        " FROM payments ORDER BY paid_at, receipt_no")]
    ctx.close()
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        print(f"{r['receipt_no']:<20} {r['enterprise']} {safe_text(r['payer_name'])} {r['method']} "
              f"{r['account_masked'] or '-'} {r['amount_fen'] // 100:>8,}.{r['amount_fen'] % 100:02d} "
              f"{r['paid_at']} {r['purpose']}")
    return 0


def handle_request_add(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from provisioning.dispatch.ops import add_request
    from provisioning.dispatch.sla import parse_time, sla_deadline

    ctx = context(args)
    ent = ctx.registry().enterprises.get(args.enterprise)
    if ent is None:
        raise InputError(f"unknown enterprise {args.enterprise!r} (not in the registry)", where="--enterprise")
    paid = parse_time(args.paid_at, "--paid-at")
    deadline = sla_deadline(paid, ctx.calendar, cutoff=ctx.cutoff)
    rid = add_request(ctx.store(), ent.customs_code, ent.site, args.skill, paid, ctx.now, args.note)
    ctx.close()
    if args.json:
        emit_json({"id": rid, **deadline.as_dict()})
    else:
        print(f"request {rid}: {ent.name} ({ent.customs_code}) site {ent.site}, deadline "
              f"{deadline.deadline_date}{' ESTIMATED' if deadline.estimated else ''}")
    return 0


def handle_request_event(args: argparse.Namespace) -> int:
    from provisioning.dispatch.ops import add_event
    from provisioning.dispatch.sla import parse_time

    ctx = context(args)
    at = parse_time(args.at, "--at") if args.at else ctx.now
    deadline = add_event(ctx.store(), args.id, args.event, at, args.note, ctx.calendar, ctx.cutoff)
    ctx.close()
    if args.json:
        emit_json({"id": args.id, "event": args.event, "deadline": deadline.as_dict() if deadline else None})
    elif deadline is None:
        print(f"request {args.id}: {args.event}")
    elif deadline.paused:
        print(f"request {args.id}: clock paused; no deadline until it is resumed")
    else:
        print(f"request {args.id}: {args.event}; deadline now {deadline.deadline_date} "
              f"(skipped {', '.join(d.isoformat() for d in deadline.skipped) or 'none'})")
    return 0


def handle_request_list(args: argparse.Namespace) -> int:
    from provisioning.dispatch.ops import request_states

    ctx = context(args)
    states = request_states(ctx.store(), ctx.calendar, ctx.cutoff, None if args.all else "open")
    ctx.close()
    rows = [{"id": s.id, "enterprise": s.enterprise, "site": s.site, "skill": s.skill, "status": s.status,
             "paid_at": s.paid_at.isoformat(),
             "deadline": s.deadline.deadline_date.isoformat() if s.deadline and s.deadline.deadline_date else None,
             "paused": bool(s.deadline and s.deadline.paused), "estimated": bool(s.deadline and s.deadline.estimated),
             "error": s.error} for s in states]
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        dl = r["deadline"] or ("paused" if r["paused"] else f"unknown: {r['error']}")
        print(f"{r['id']:>6} {r['enterprise']} site {r['site']} {r['skill']:<11} {r['status']:<9} deadline {dl}"
              f"{' ESTIMATED' if r['estimated'] else ''}")
    return 0


def handle_engineer_add(args: argparse.Namespace) -> int:
    from provisioning.dispatch.ops import add_engineer

    ctx = context(args)
    add_engineer(ctx.store(), args.id, args.name, [s.strip() for s in args.skills.split(",") if s.strip()],
                 [s.strip() for s in args.sites.split(",") if s.strip()], args.capacity)
    ctx.close()
    print(f"engineer {args.id} saved")
    return 0


def handle_engineer_leave(args: argparse.Namespace) -> int:
    from provisioning.dispatch.ops import add_leave
    from provisioning.dispatch.views import print_plan

    ctx = context(args)
    first = parse_date(args.first, "--from")
    last = parse_date(args.last, "--to") if args.last else first
    n = add_leave(ctx.store(), args.id, first, last, args.reason)
    print(f"engineer {args.id}: {n} day(s) of leave from {first} to {last}")
    if args.no_replan or not ctx.store().query("SELECT 1 FROM plans LIMIT 1"):
        ctx.close()
        return 0
    from provisioning.dispatch.ops import run_plan

    report = run_plan(ctx.store(), ctx.calendar, ctx.cutoff, ctx.now)
    ctx.close()
    print_plan(report, ctx.lang, as_json=args.json)
    return 0


def handle_engineer_list(args: argparse.Namespace) -> int:
    from provisioning.dispatch.ops import load_engineers

    ctx = context(args)
    engs = load_engineers(ctx.store())
    ctx.close()
    if args.json:
        emit_json([{"id": e.id, "name": e.name, "skills": sorted(e.skills), "sites": sorted(e.sites),
                    "capacity": e.capacity, "leave": sorted(d.isoformat() for d in e.leave)} for e in engs])
        return 0
    for e in engs:
        print(f"{e.id:<8} {e.name:<10} skills {','.join(sorted(e.skills))} sites {','.join(sorted(e.sites))} "
              f"capacity {e.capacity}/day leave {len(e.leave)} day(s)")
    return 0
