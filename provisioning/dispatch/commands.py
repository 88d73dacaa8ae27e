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

from checks.i18n import Msg, add, h, render

add({
    "help.dispatch": {"zh": "上门维护、集中安装和培训报名的调度", "en": "maintenance visits, site campaigns, training bookings"},
    "help.dispatch.description": {
        "zh": "调度：按国家法定工作日计算上门期限，登记付款，安排上门，组织现场集中安装和培训报名。",
        "en": "Dispatch: SLA deadlines on the official working-day calendar, payments, visit planning, site "
              "installation campaigns and training bookings."},
    "help.dispatch.options": {"zh": "调度通用选项", "en": "dispatch options"},
    "help.dispatch.db": {"zh": "调度数据库（默认：用户数据目录中的 dispatch.sqlite3，或 $QPFLEET_DISPATCH_DB）",
                         "en": "dispatch database (default: dispatch.sqlite3 in the user's data directory, "
                               "or $QPFLEET_DISPATCH_DB)"},
    "help.dispatch.registry": {"zh": "企业登记册目录或文件（默认 inventory）",
                               "en": "enterprise registry directory or file (default: inventory)"},
    "help.dispatch.calendar": {"zh": "工作日调整文件（默认 inventory/calendar/overrides.yml）",
                               "en": "working-day override file (default: inventory/calendar/overrides.yml)"},
    "help.dispatch.estimate": {"zh": "没有官方数据的年份用 holidays 软件包估算（标为“估算”）",
                               "en": "use the holidays package's estimate for years without official data "
                                     "(marked ESTIMATED)"},
    "help.dispatch.cutoff": {"zh": "此时刻及以后到账的付款从下一个工作日起算（默认 17:30）",
                             "en": "payments at or after this time count from the next working day (default 17:30)"},
    "help.dispatch.now": {"zh": "假定现在是这个时间（带时区偏移）", "en": "pretend the current time is this (with offset)"},
    "help.dispatch.deadline": {"zh": "按到账时间计算上门期限", "en": "visit deadline for a payment time"},
    "help.dispatch.paid_at": {"zh": "到账时间，带时区偏移", "en": "receipt time with offset"},
    "help.dispatch.pause": {"zh": "企业要求推迟的时间", "en": "enterprise postponed at"},
    "help.dispatch.resume": {"zh": "企业重新可以上门的时间", "en": "enterprise ready again at"},
    "help.dispatch.calendar_cmd": {"zh": "显示工作日及官方数据覆盖到哪一天", "en": "show working days and how far the data reaches"},
    "help.dispatch.from": {"zh": "第一天（默认今天）", "en": "first day (default: today)"},
    "help.dispatch.to": {"zh": "最后一天（默认两周后）", "en": "last day (default: two weeks on)"},
    "help.dispatch.pay": {"zh": "付款（银行回单）", "en": "payments (bank receipts)"},
    "help.dispatch.pay.import": {"zh": "导入银行回单CSV", "en": "import a CSV of bank receipts"},
    "help.dispatch.pay.file": {"zh": "银行回单CSV文件", "en": "CSV file of bank receipts"},
    "help.dispatch.pay.partial": {"zh": "有错误行时仍记录正确的行", "en": "keep the good lines when some lines are bad"},
    "help.dispatch.pay.list": {"zh": "已记录的付款（账号隐去中间位）", "en": "recorded payments (accounts masked)"},
    "help.dispatch.request": {"zh": "上门维护单及其期限", "en": "visit requests and their SLA clock"},
    "help.dispatch.request.add": {"zh": "手工新建上门维护单", "en": "open a visit request by hand"},
    "help.dispatch.request.enterprise": {"zh": "企业的海关编码", "en": "the enterprise's customs code"},
    "help.dispatch.request.paid_at": {"zh": "到账时间，带时区偏移", "en": "receipt time with offset"},
    "help.dispatch.request.skill": {"zh": "所需技能（默认 maintenance 维护）", "en": "skill needed (default maintenance)"},
    "help.dispatch.note": {"zh": "备注", "en": "a note"},
    "help.dispatch.request.pause": {"zh": "企业要求推迟", "en": "the enterprise asked to postpone"},
    "help.dispatch.request.resume": {"zh": "企业重新可以上门", "en": "the enterprise is ready again"},
    "help.dispatch.request.done": {"zh": "已上门", "en": "the visit took place"},
    "help.dispatch.request.cancel": {"zh": "撤销维护单", "en": "the request is withdrawn"},
    "help.dispatch.request.id": {"zh": "维护单号", "en": "request number"},
    "help.dispatch.at": {"zh": "发生时间（默认现在）", "en": "when (default: now)"},
    "help.dispatch.request.list": {"zh": "维护单及其期限", "en": "requests with their deadlines"},
    "help.dispatch.request.all": {"zh": "也显示已完成和已撤销的", "en": "also done and cancelled requests"},
    "help.dispatch.engineer": {"zh": "现场工程师及其休假", "en": "field engineers and their leave"},
    "help.dispatch.engineer.add": {"zh": "新增或修改工程师", "en": "add or update an engineer"},
    "help.dispatch.engineer.id": {"zh": "工程师编号", "en": "engineer id"},
    "help.dispatch.engineer.name": {"zh": "姓名", "en": "name"},
    "help.dispatch.engineer.skills": {"zh": "技能，逗号分隔：maintenance,install,training",
                                      "en": "comma list: maintenance,install,training"},
    "help.dispatch.engineer.sites": {"zh": "负责的海关现场代码，逗号分隔", "en": "comma list of customs site codes served"},
    "help.dispatch.engineer.capacity": {"zh": "每个工作日最多上门次数（默认4）", "en": "visits per working day (default 4)"},
    "help.dispatch.engineer.leave": {"zh": "登记休假并重新安排", "en": "record leave and re-plan"},
    "help.dispatch.leave.from": {"zh": "休假第一天", "en": "first day of leave"},
    "help.dispatch.leave.to": {"zh": "休假最后一天（默认同第一天）", "en": "last day of leave (default: the first)"},
    "help.dispatch.leave.reason": {"zh": "原因", "en": "reason"},
    "help.dispatch.leave.no_replan": {"zh": "不重新安排", "en": "do not re-plan"},
    "help.dispatch.engineer.list": {"zh": "工程师名单", "en": "engineers"},
})


def _common() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group(h("help.dispatch.options"))
    g.add_argument("--db", metavar="FILE", help=h("help.dispatch.db"))
    g.add_argument("--registry", metavar="PATH", default="inventory", help=h("help.dispatch.registry"))
    g.add_argument("--calendar", metavar="FILE", help=h("help.dispatch.calendar"))
    g.add_argument("--allow-estimate", action="store_true", help=h("help.dispatch.estimate"))
    g.add_argument("--cutoff", metavar="HH:MM", default="17:30", help=h("help.dispatch.cutoff"))
    g.add_argument("--now", metavar="ISO8601", help=h("help.dispatch.now"))
    g.add_argument("--json", action="store_true", help=h("help.json"))
    return p


def register(sub: Any) -> None:
    """Add ``qpfleet dispatch ...`` to the CLI."""
    from provisioning.dispatch import views

    c = _common()
    top = sub.add_parser("dispatch", help=h("help.dispatch"), description=h("help.dispatch.description"))
    dsub = top.add_subparsers(dest="dispatch_cmd", metavar=h("cli.action"), required=True, parser_class=type(top))

    p = dsub.add_parser("deadline", parents=[c], help=h("help.dispatch.deadline"))
    p.add_argument("--paid-at", required=True, metavar="ISO8601", help=h("help.dispatch.paid_at"))
    p.add_argument("--pause", action="append", default=[], metavar="ISO8601", help=h("help.dispatch.pause"))
    p.add_argument("--resume", action="append", default=[], metavar="ISO8601", help=h("help.dispatch.resume"))
    p.set_defaults(func=handle_deadline)

    from provisioning.dispatch import calendar_cli

    p = dsub.add_parser("calendar", parents=[c], help=h("help.dispatch.calendar_cmd2"))
    p.add_argument("--from", dest="first", metavar="DATE", help=h("help.dispatch.from"))
    p.add_argument("--to", dest="last", metavar="DATE", help=h("help.dispatch.to"))
    p.set_defaults(func=handle_calendar)
    calendar_cli.register(p.add_subparsers(dest="cal_cmd", metavar="[import-notice]", parser_class=type(top)), c)

    pay = dsub.add_parser("pay", help=h("help.dispatch.pay")).add_subparsers(
        dest="pay_cmd", metavar=h("cli.action"), required=True, parser_class=type(top))
    p = pay.add_parser("import", parents=[c], help=h("help.dispatch.pay.import"))
    p.add_argument("file", help=h("help.dispatch.pay.file"))
    p.add_argument("--partial", action="store_true", help=h("help.dispatch.pay.partial"))
    p.set_defaults(func=handle_pay_import)
    p = pay.add_parser("list", parents=[c], help=h("help.dispatch.pay.list"))
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
        raise InputError(Msg("dispatch.err.date", text=repr(text)), where=where) from None


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
        from checks.i18n import render, t
        from checks.textio import safe_text

        print(t("dispatch.calendar.until", ctx.lang, day=data["covered_until"]))
        for d in days:
            when = dt.date.fromisoformat(d["date"])
            flag = t("daykind.work" if d["work"] else "daykind.rest", ctx.lang)
            source = t("dispatch.calendar.source." + str(d["source"]), ctx.lang)
            extra = f"  [{source}: {safe_text(render(d['reference'], ctx.lang))}]" if d["source"] != "chinesecalendar" else ""
            print(f"{d['date']} {t(f'weekday.{when.weekday()}', ctx.lang)}  {flag}{extra}")
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
        print(f"qpfleet: {t('cli.error', ctx.lang)}: {safe_text(render(line, ctx.lang))}", file=sys.stderr)
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
        print(f"qpfleet: {h('cli.note')}: {h('dispatch.note.gb18030_excel', name=path)}", file=sys.stderr)
    return text


def handle_pay_list(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from checks.report import display_width, pad
    from checks.textio import safe_text
    from provisioning.dispatch.calendar import SHANGHAI
    from provisioning.dispatch.store import from_utc_text

    ctx = context(args)
    rows = [dict(r) for r in ctx.store().query(
        "SELECT receipt_no, enterprise, payer_name, method, account_masked, amount_fen, paid_at, purpose"
        " FROM payments ORDER BY paid_at, receipt_no")]
    ctx.close()
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print(t("dispatch.pay.none", ctx.lang))
        return 0
    head = [t(f"dispatch.pay.col.{k}", ctx.lang) for k in ("receipt", "code", "payer", "method", "account", "amount",
                                                            "paid_at", "purpose")]
    table = [[safe_text(r["receipt_no"]), r["enterprise"], safe_text(r["payer_name"]),
              t(f"dispatch.method.{r['method']}", ctx.lang), r["account_masked"] or "-",
              f"{r['amount_fen'] // 100:,}.{r['amount_fen'] % 100:02d}",
              f"{from_utc_text(r['paid_at']).astimezone(SHANGHAI):%Y-%m-%d %H:%M}",
              t(f"dispatch.purpose.{r['purpose']}", ctx.lang)] for r in rows]
    widths = [max(display_width(x) for x in col) for col in zip(head, *table, strict=True)]
    right = {5}  # amounts line up on the right
    for line in (head, *table):
        cells = [" " * (w - display_width(x)) + x if i in right else pad(x, w)
                 for i, (x, w) in enumerate(zip(line, widths, strict=True))]
        print("  ".join(cells).rstrip())
    total = sum(r["amount_fen"] for r in rows)
    print(t("dispatch.pay.total", ctx.lang, n=len(rows), amount=f"{total // 100:,}.{total % 100:02d}"))
    return 0
