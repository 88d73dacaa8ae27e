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

    p = dsub.add_parser("calendar", parents=[c], help="working days and how far the data reaches; import-notice")
    p.add_argument("--from", dest="first", metavar="DATE")
    p.add_argument("--to", dest="last", metavar="DATE")
    p.set_defaults(func=handle_calendar)
    from provisioning.dispatch import calendar_cli

    calendar_cli.register(p.add_subparsers(dest="cal_cmd", metavar="[import-notice]", parser_class=type(top)), c)

    pay = dsub.add_parser("pay", help="payments (bank receipts)").add_subparsers(
        dest="pay_cmd", metavar="ACTION", required=True, parser_class=type(top))
    p = pay.add_parser("import", parents=[c], help="import a CSV of bank receipts")
    p.add_argument("file")
    p.add_argument("--partial", action="store_true", help="keep the good lines when some lines are bad")
    p.set_defaults(func=handle_pay_import)
    p = pay.add_parser("list", parents=[c], help="recorded payments (accounts masked)")
    p.set_defaults(func=handle_pay_list)

    from provisioning.dispatch import people_cli

    people_cli.register(dsub, c, type(top))
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

            self._store = Store(self.args.db or default_db_path())
        return self._store

    def registry(self) -> Any:
        if self._registry is None:
            from provisioning.registry import load_registry

            self._registry = load_registry(self.args.registry, lang=self.lang)
        return self._registry

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def context(args: argparse.Namespace, warn: bool = True) -> Ctx:
    """Parse the common options; print the calendar coverage warning to stderr."""
    from checks.i18n import detect_lang, set_lang, t
    from provisioning.dispatch import texts  # noqa: F401  (registers the words)
    from provisioning.dispatch.calendar import load_overrides
    from provisioning.dispatch.sla import parse_cutoff, parse_time

    lang = detect_lang(args.lang)
    set_lang(lang)  # the words of errors raised below the handlers (checks.i18n.h)
    now = parse_time(args.now, "--now") if args.now else dt.datetime.now(dt.UTC)
    cal = load_overrides(args.calendar, allow_estimate=args.allow_estimate, lang=lang)
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
    from provisioning.dispatch.payments import parse_payments, record_payments

    ctx = context(args)
    text = read_payment_file(args.file)
    good, problems = parse_payments(text, args.file, ctx.registry().enterprises)
    result = record_payments(ctx.store(), good, problems, partial=args.partial, now=ctx.now)
    ctx.close()
    for line in result.problems:
        print(f"qpfleet: error: {line}", file=sys.stderr)
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
    from pathlib import Path

    from checks.errors import InputError
    from checks.yamlio import read_text

    try:
        return read_text(path, what="payment file")
    except InputError as exc:
        if "not UTF-8" not in exc.message:
            raise
        try:
            text = Path(path).read_bytes().decode("gb18030")
        except UnicodeDecodeError:
            raise exc from None
        print(f"qpfleet: note: {path} is not UTF-8; read it as GB18030 (Excel on a Chinese Windows)",
              file=sys.stderr)
        return text


def handle_pay_list(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from checks.report import display_width, pad
    from checks.textio import safe_text
    from provisioning.dispatch.calendar import SHANGHAI
    from provisioning.dispatch.store import from_utc_text

    ctx = context(args)
    rows = [dict(r) for r in ctx.store().query(
        "SELECT receipt_no, enterprise, payer_name, account_masked, amount_fen, paid_at, purpose FROM payments"
        " ORDER BY paid_at, receipt_no")]
    ctx.close()
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print(t("dispatch.pay.none", ctx.lang))
        return 0
    head = [t(f"dispatch.pay.col.{k}", ctx.lang) for k in ("receipt", "code", "payer", "account", "amount", "paid_at",
                                                            "purpose")]
    table = [[safe_text(r["receipt_no"]), r["enterprise"], safe_text(r["payer_name"]), r["account_masked"],
              f"{r['amount_fen'] // 100:,}.{r['amount_fen'] % 100:02d}",
              f"{from_utc_text(r['paid_at']).astimezone(SHANGHAI):%Y-%m-%d %H:%M}",
              t(f"dispatch.purpose.{r['purpose']}", ctx.lang)] for r in rows]
    widths = [max(display_width(x) for x in col) for col in zip(head, *table, strict=True)]
    right = {4}  # amounts line up on the right
    for line in (head, *table):
        cells = [" " * (w - display_width(x)) + x if i in right else pad(x, w)
                 for i, (x, w) in enumerate(zip(line, widths, strict=True))]
        print("  ".join(cells).rstrip())
    total = sum(r["amount_fen"] for r in rows)
    print(t("dispatch.pay.total", ctx.lang, n=len(rows), amount=f"{total // 100:,}.{total % 100:02d}"))
    return 0
