"""Handlers of ``qpfleet quote`` and ``qpfleet fees transmission`` (registered by provisioning.registry_cli)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any
from zoneinfo import ZoneInfo

from checks.argtypes import whole_number
from checks.errors import ExitCode, InputError, ValidationErrors
from checks.i18n import Msg, add, detect_lang, h, render, t

CHINA = ZoneInfo("Asia/Shanghai")

add({
    "fee.title": {"zh": "数据传输服务费（每票 {rate} 元，首次暂存者所属企业付费）",
                  "en": "Data-transmission fees ({rate} yuan per declaration, charged to the first saver's enterprise)"},
    "fee.row": {"zh": "{code}  {name}  {n} 票  {amount} 元", "en": "{code}  {name}  {n} declarations  {amount} yuan"},
    "fee.total": {"zh": "本次新计费合计：{n} 票，{amount} 元（{capital}）",
                  "en": "new charges this import: {n} declarations, {amount} yuan ({capital})"},
    "fee.already": {"zh": "已计费、不再重复收取：{n} 票", "en": "already charged earlier, not charged again: {n}"},
    "fee.unattributed": {"zh": "无法计费（暂不收取）：{n} 票", "en": "not chargeable yet: {n} declarations"},
    "q.note.pending": {"zh": "海关另核准 {n} 台尚未登记：本报价按已登记的 {qp} 台 QP 终端计",
                       "en": "customs approved {n} more terminal(s) not registered yet: quoted for the {qp} registered"},
    "q.note.sign_later": {"zh": "不在116家名单内：技术服务协议可后续补签，按新标准收费（§2.5）",
                          "en": "not on the approved list: the technical service agreement may be signed later; new "
                                "standard fees (§2.5)"},
    "q.note.no_transmission_contract": {
        "zh": "传输费协议（《委托银行代收电子报关数据传输服务费合同书》）尚未签订：签订后才授予录入权（§4.4），须在集中安装前办完（§1.2）",
        "en": "the transmission-fee contract (《委托银行代收电子报关数据传输服务费合同书》) is not signed yet: entry rights "
              "only after it is signed (§4.4), to be done before the central installation (§1.2)"},
    "fee.bad": {"zh": "格式错误的行：{n}（其余行已计入）", "en": "rows in a bad shape: {n} (the rest were counted)"},
    "fee.twice": {"zh": "编号 {ids} 属于同一票报关单，但在知道它们的关联之前已分别计费：请退还多收的费用",
                  "en": "numbers {ids} are one declaration but were charged separately before the link was "
                        "known: refund the extra charge"},
    "fee.col.code": {"zh": "海关编码", "en": "customs code"},
    "fee.col.name": {"zh": "企业名称", "en": "enterprise"},
    "fee.col.count": {"zh": "票数", "en": "declarations"},
    "fee.col.yuan": {"zh": "金额（元）", "en": "amount (yuan)"},
})


add({
    "help.quote": {"zh": "初装费和维护费报价（以分计，含大写金额）",
                   "en": "quote installation and maintenance fees (integer fen, amounts in capital numerals)"},
    "help.quote.enterprise": {"zh": "海关编码或企业名称的一部分（需要 -i）", "en": "customs code or part of the name (needs -i)"},
    "help.quote.terminals": {"zh": "QP终端台数（代替企业）", "en": "number of QP terminals (instead of an enterprise)"},
    "help.quote.plan": {"zh": "维护方式：per-visit 单次（默认），monthly 包月",
                        "en": "maintenance plan: per-visit (default) or monthly"},
    "help.quote.tier": {"zh": "价目表中的维护档次（默认按价目表）", "en": "maintenance tier of the price table (default from the table)"},
    "help.quote.date": {"zh": "按此日期报价 YYYY-MM-DD（默认今天，北京时间）",
                        "en": "quote as of this date YYYY-MM-DD (default today, China time)"},
    "help.prices": {"zh": "价目表文件（默认 INVENTORY/prices.yml）", "en": "price table file (default INVENTORY/prices.yml)"},
    "help.quote.html": {"zh": "另外把报价写成HTML页面", "en": "also write the quote as an HTML page"},
    "help.fees": {"zh": "收费台账", "en": "fee ledgers"},
    "help.fees.transmission": {"zh": "按报关单事件（CSV）计算数据传输服务费",
                               "en": "data-transmission fees from declaration events (CSV)"},
    "help.fees.events": {"zh": "CSV：declaration_id,event(save|declare|reject|clear),card,time[,previous_id]（可重复）",
                         "en": "CSV: declaration_id,event(save|declare|reject|clear),card,time[,previous_id] "
                               "(repeatable)"},
    "help.fees.csv": {"zh": "另外把本次新计费按企业写成CSV（可用Excel打开）",
                      "en": "also write the new charges per enterprise as CSV (for Excel)"},
    "help.quote.csv": {"zh": "另外把报价明细写成CSV（可用Excel打开）", "en": "also write the quote's lines as CSV (for Excel)"},
    "help.fees.inventory": {"zh": "登记册目录（由卡号找到企业）", "en": "registry folder (cards → enterprises)"},
    "help.fees.ledger": {"zh": "台账保存在此文件：已计费的报关单不会重复收费",
                         "en": "keep the ledger here: declarations charged before are never charged again"},
    "help.fees.strict": {"zh": "有任何一行错误就整个文件不导入", "en": "refuse the whole import if any row is bad"},
    "cli.ledger": {"zh": "台账", "en": "LEDGER"},
})


def register_fees(sub: Any) -> None:
    q = sub.add_parser("quote", help=h("help.quote"))
    q.add_argument("enterprise", nargs="?", help=h("help.quote.enterprise"))
    q.add_argument("--terminals", type=whole_number(-(2**62), 2**62), help=h("help.quote.terminals"))
    q.add_argument("--plan", choices=("per-visit", "monthly"), help=h("help.quote.plan"))
    q.add_argument("--tier", help=h("help.quote.tier"))
    q.add_argument("--date", help=h("help.quote.date"))
    q.add_argument("-i", "--inventory", default="inventory/", help=h("help.registry"))
    q.add_argument("--prices", help=h("help.prices"))
    q.add_argument("--json", action="store_true", help=h("help.json"))
    q.add_argument("--html", metavar="FILE", help=h("help.quote.html"))
    q.add_argument("--csv", metavar="FILE", help=h("help.quote.csv"))
    q.set_defaults(func=cmd_quote)
    fees = sub.add_parser("fees", help=h("help.fees"))
    fees_sub = fees.add_subparsers(dest="fees_command", metavar=h("cli.ledger"), required=True,
                                   parser_class=type(fees))
    tr = fees_sub.add_parser("transmission", help=h("help.fees.transmission"))
    tr.add_argument("--events", action="append", required=True, metavar="FILE.csv", help=h("help.fees.events"))
    tr.add_argument("-i", "--inventory", default="inventory/", help=h("help.fees.inventory"))
    tr.add_argument("--prices", help=h("help.prices"))
    tr.add_argument("--ledger", metavar="FILE.sqlite", help=h("help.fees.ledger"))
    tr.add_argument("--strict", action="store_true", help=h("help.fees.strict"))
    tr.add_argument("--json", action="store_true", help=h("help.json"))
    tr.add_argument("--csv", metavar="FILE", help=h("help.fees.csv"))
    tr.set_defaults(func=cmd_transmission)


def _parse_date(text: str | None) -> dt.date:
    if not text:
        return dt.datetime.now(CHINA).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(Msg("fees.err.date", text=repr(text)), where="--date") from None


def _prices(args: argparse.Namespace) -> Any:
    from provisioning.fees.prices import find_prices, load_prices

    return load_prices(args.prices or find_prices(args.inventory))


def cmd_quote(args: argparse.Namespace) -> int:
    from provisioning.fees.quote import make_quote
    from provisioning.fees.render import quote_html, quote_text

    lang = detect_lang(args.lang)
    on = _parse_date(args.date)
    table = _prices(args)
    prices = table.on(on)
    if args.enterprise and args.terminals is not None:
        raise InputError(Msg("fees.err.both"), where="quote")
    if args.enterprise:
        from provisioning.registry import load_registry

        reg = load_registry(args.inventory)
        found = [e for e in reg.enterprises.values() if args.enterprise in (e.customs_code, e.name)]
        found = found or [e for e in reg.enterprises.values() if args.enterprise in e.name]
        if len(found) != 1:
            names = "; ".join(f"{e.customs_code} {e.name}" for e in found[:5])
            raise InputError(Msg("fees.err.matches", text=repr(args.enterprise), n=len(found),
                                 names=Msg("fees.err.names", names=names) if names else ""),
                             where="ENTERPRISE")
        q = enterprise_quote(found[0], prices, on, lang, args.plan, args.tier)
    elif args.terminals is not None:
        q = make_quote(args.terminals, prices, on, args.plan, args.tier)
    else:
        raise InputError(Msg("fees.err.neither"), where="quote")
    if args.csv:
        from checks.fsutil import write_atomic
        from checks.textio import csv_text
        from provisioning.fees.render import quote_rows

        write_atomic(args.csv, csv_text(*quote_rows(q, lang)))
    if args.html:
        from checks.fsutil import write_atomic

        write_atomic(args.html, quote_html(q, lang, table.payee_name, table.payee_bank, table.payee_number))
    if args.json:
        print(json.dumps({**q.to_dict(), "payee": {"name": table.payee_name, "bank": table.payee_bank,
                                                   "number": table.payee_number}}, ensure_ascii=False, indent=2))
    else:
        print(quote_text(q, lang, table.payee_name, table.payee_bank, table.payee_number))
    return int(ExitCode.OK)


def enterprise_quote(e: Any, prices: Any, on: dt.date, lang: str, plan: str | None = None,
                     tier: str | None = None) -> Any:
    """The quote for a registry enterprise's QP terminals, with its notes in ``lang`` (``quote``, the board)."""
    from provisioning.fees.quote import make_quote

    qp = len(e.qp_terminals())
    if qp == 0:
        raise InputError(Msg("fees.err.no_qp", name=e.name), where=e.customs_code)
    notes: tuple[str, ...] = ()
    if e.approved_terminals > qp:
        notes += (t("q.note.pending", lang, n=e.approved_terminals - qp, qp=qp),)
    if not e.on_approved_list and e.service_agreement.status != "signed":
        notes += (t("q.note.sign_later", lang),)
    if e.transmission_contract.status != "signed":
        notes += (t("q.note.no_transmission_contract", lang),)
    return make_quote(qp, prices, on, plan or e.maintenance_plan, tier, e.name, e.customs_code, e.bank.masked(), notes)


def cmd_transmission(args: argparse.Namespace) -> int:
    from checks.textio import safe_text
    from provisioning.fees.capital import capital
    from provisioning.fees.ledger import TransmissionLedger
    from provisioning.fees.ledger_store import WHAT, EventReadResult, LedgerFile, iter_events
    from provisioning.fees.render import yuan
    from provisioning.registry import load_registry
    from provisioning.sqlitefile import check_path

    lang = detect_lang(args.lang)
    if args.ledger:
        check_path(args.ledger, WHAT)  # before reading a million events, not after
    reg = load_registry(args.inventory)
    table = _prices(args)
    fresh = TransmissionLedger()
    reads = []
    for f in args.events:  # streamed into this import's ledger: the rows are never all in memory
        read = EventReadResult()
        fresh.add_many(iter_events(f, read, table.versions[0].effective_from))
        reads.append(read)
    bad = [line for r in reads for line in r.bad_rows]
    if bad and args.strict:
        raise ValidationErrors([*bad, Msg("fee.err.strict", n=len(bad))], what="events")
    owners = {c.number: e.customs_code for e in reg.enterprises.values() for c in e.cards}

    def rate(day: dt.date) -> int:
        return int(table.on(day).per_declaration_fen)

    if args.ledger:
        with LedgerFile(args.ledger) as book:
            result = book.settle_import(fresh.state, owners.get, rate, dt.datetime.now(CHINA))
    else:
        result = fresh.settle(owners.get, rate)
    rows = sorted(result.charges.values(), key=lambda c: c.customs_code)
    count = sum(c.declarations for c in rows)
    if args.csv:
        from checks.fsutil import write_atomic
        from checks.textio import csv_text

        write_atomic(args.csv, csv_text(
            [t("fee.col.code", lang), t("fee.col.name", lang), t("fee.col.count", lang), t("fee.col.yuan", lang)],
            [(c.customs_code, reg.enterprises[c.customs_code].name, c.declarations, yuan(c.amount_fen))
             for c in rows]))
    if args.json:
        print(json.dumps({
            "enterprises": [{"customs_code": c.customs_code, "name": reg.enterprises[c.customs_code].name,
                             "declarations": c.declarations, "amount_fen": c.amount_fen} for c in rows],
            "declarations": count, "total_fen": result.total_fen, "total_capital": capital(result.total_fen),
            "already_charged": result.already_charged,
            "unattributed": [{"declaration_id": d, "reason": why} for d, why in sorted(result.unattributed.items())],
            "linked_numbers": result.numbers, "charged_twice_before": result.charged_twice,
            "bad_rows": bad,
        }, ensure_ascii=False, indent=2))
    else:
        rate_now = yuan(table.versions[-1].per_declaration_fen).removesuffix(".00")
        print(t("fee.title", lang, rate=rate_now))
        for c in rows:
            print("  " + safe_text(t("fee.row", lang, code=c.customs_code, name=reg.enterprises[c.customs_code].name,
                                     n=c.declarations, amount=yuan(c.amount_fen))))
        print(t("fee.total", lang, n=count, amount=yuan(result.total_fen), capital=capital(result.total_fen)))
        if result.already_charged:
            print(t("fee.already", lang, n=result.already_charged))
        if result.unattributed:
            print(t("fee.unattributed", lang, n=len(result.unattributed)))
            for d, why in sorted(result.unattributed.items())[:20]:
                print(f"  {safe_text(d)}: {safe_text(render(why, lang))}")
    for ids in result.charged_twice:
        print(f"qpfleet: {t('cli.warning', lang)}: {t('fee.twice', lang, ids=safe_text(', '.join(ids)))}", file=sys.stderr)
    for line in bad:
        print(f"qpfleet: {t('cli.warning', lang)}: {safe_text(render(line, lang))}", file=sys.stderr)
    if bad:
        print(t("fee.bad", lang, n=len(bad)), file=sys.stderr)
    return int(ExitCode.FAILED if bad else ExitCode.OK)

add({
    "fees.err.date": {"zh": '{text} 不是日期 YYYY-MM-DD', "en": '{text} is not a date YYYY-MM-DD'},
    "fees.err.both": {"zh": '企业和 --terminals 只能给一个', "en": 'give an ENTERPRISE or --terminals N, not both'},
    "fees.err.neither": {"zh": '请给出企业（同时用 -i 指定登记册）或 --terminals 台数', "en": 'give an ENTERPRISE (with -i) or --terminals N'},
    "fees.err.matches": {"zh": '{text} 对应 {n} 家企业{names}', "en": '{text} matches {n} enterprises{names}'},
    "fees.err.names": {"zh": '：{names}', "en": ': {names}'},
    "fee.err.strict": {"zh": "--strict：有 {n} 行格式错误，什么也没有导入", "en": "--strict: nothing imported ({n} bad rows)"},
    "fees.err.no_qp": {"zh": '{name} 在登记册中没有QP终端：没有可报价的', "en": '{name} has no QP terminals in the registry: nothing to quote'},
})
