"""The ``qpfleet inventory``, ``qpfleet quote`` and ``qpfleet fees`` subcommands (registry, quotes, ledger).

Registers the parsers only; the work is done in :mod:`provisioning.registry` and
:mod:`provisioning.fees`, imported inside the handlers so ``qpfleet`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from checks.errors import ExitCode, InputError
from checks.i18n import Msg, add, detect_lang, h, render, t

add({
    "inv.valid": {"zh": "登记册有效：{sites} 个现场，{ents} 家企业，{terms} 台终端（QP 终端 {qp} 台）",
                  "en": "registry valid: {sites} sites, {ents} enterprises, {terms} terminals ({qp} QP terminals)"},
    "inv.warning": {"zh": "警告", "en": "warning"},
    "inv.site": {"zh": "现场", "en": "site"},
    "inv.approved": {"zh": "海关核准 {n} 台，登记 QP 终端 {qp} 台", "en": "customs approved {n}, {qp} QP terminals"},
    "inv.on_list": {"zh": "在116家名单内", "en": "on the approved list"},
    "inv.off_list": {"zh": "不在116家名单内", "en": "not on the approved list"},
    "inv.transmission_contract": {"zh": "传输费协议", "en": "transmission-fee contract"},
    "inv.service_agreement": {"zh": "技术服务协议", "en": "technical service agreement"},
    "inv.reused": {"zh": "（沿用原合同，账户未变，§1.3）", "en": " (earlier contract reused, account unchanged, §1.3)"},
    "inv.tc_account": {"zh": "扣款账号", "en": "debit account"},
    "inv.address": {"zh": "地址", "en": "address"},
    "inv.bank": {"zh": "扣款账户", "en": "bank account"},
    "inv.plan": {"zh": "维护方式", "en": "maintenance"},
    "inv.terminals": {"zh": "终端", "en": "terminals"},
    "inv.cards": {"zh": "卡", "en": "cards"},
    "inv.contacts": {"zh": "联系人", "en": "contacts"},
    "inv.none": {"zh": "没有符合条件的企业", "en": "no enterprise matches"},
    "role.qp": {"zh": "QP 终端", "en": "QP terminal"},
    "role.longda_backup": {"zh": "龙达备份机（不作改动）", "en": "Longda backup (never touched)"},
    "role.road_port_only": {"zh": "仅公路口岸系统", "en": "road-port system only"},
    "qp.installed": {"zh": "已装 QP", "en": "QP installed"},
    "qp.pending": {"zh": "待安装", "en": "install pending"},
    "card.operator": {"zh": "操作员卡", "en": "operator card"},
    "card.declarant": {"zh": "报关员IC卡", "en": "declarant IC card"},
    "contract.signed": {"zh": "已签订", "en": "signed"},
    "contract.pending": {"zh": "待签订", "en": "pending"},
    "contract.none": {"zh": "未签订", "en": "none"},
    "plan.per-visit": {"zh": "单次维护", "en": "per visit"},
    "plan.monthly": {"zh": "包月维护", "en": "monthly"},
    "status.active": {"zh": "有效", "en": "active"},
    "status.suspended": {"zh": "暂停", "en": "suspended"},
    "status.cancelled": {"zh": "已注销", "en": "cancelled"},
    "chassis_kind.desktop": {"zh": "台式机", "en": "desktop"},
    "chassis_kind.tower": {"zh": "立式机箱", "en": "tower"},
    "chassis_kind.all-in-one": {"zh": "一体机", "en": "all-in-one"},
    "chassis_kind.laptop": {"zh": "笔记本", "en": "laptop"},
    "bank.corporate": {"zh": "对公账户", "en": "corporate"},
    "bank.private": {"zh": "私人账户", "en": "private"},
    "inv.left": {"zh": "持卡人 {date} 离职", "en": "holder left {date}"},
})


add({
    "help.inventory": {"zh": "检查或显示企业登记册", "en": "check or show the enterprise registry"},
    "help.inventory.check": {"zh": "校验登记册（退出码 0 有效，2 有错误）", "en": "validate the registry (exit 0 valid, 2 errors)"},
    "help.inventory.show": {"zh": "显示海关现场、企业、终端和卡", "en": "show sites, enterprises, terminals and cards"},
    "help.inventory.site": {"zh": "只显示此海关现场代码，如 5301", "en": "only this customs site code, e.g. 5301"},
    "help.inventory.enterprise": {"zh": "只显示此企业（海关编码或名称的一部分）",
                                  "en": "only this enterprise (customs code or part of its name)"},
    "help.inventory.json": {"zh": "输出JSON（银行账号已隐去中间位）", "en": "print JSON (bank numbers masked)"},
})


def register(sub: Any) -> None:
    """Add ``inventory``, ``quote`` and ``fees`` to the qpfleet command."""
    inv = sub.add_parser("inventory", help=h("help.inventory"))
    inv_sub = inv.add_subparsers(dest="inventory_command", metavar=h("cli.action"), required=True,
                                 parser_class=type(inv))
    check = inv_sub.add_parser("check", help=h("help.inventory.check"))
    _common(check)
    check.set_defaults(func=cmd_check)
    show = inv_sub.add_parser("show", help=h("help.inventory.show"))
    _common(show)
    show.add_argument("--site", help=h("help.inventory.site"))
    show.add_argument("--enterprise", help=h("help.inventory.enterprise"))
    show.add_argument("--json", action="store_true", help=h("help.inventory.json"))
    show.set_defaults(func=cmd_show)
    from provisioning.fees.cli import register_fees

    register_fees(sub)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-i", "--inventory", default="inventory/", help=h("help.registry"))


def _today() -> Any:
    import datetime as dt
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def cmd_check(args: argparse.Namespace) -> int:
    from provisioning.registry import load_registry

    lang = detect_lang(args.lang)
    reg = load_registry(args.inventory, today=_today())
    for line in reg.warnings:
        print(f"qpfleet: {t('inv.warning', lang)}: {render(line, lang)}", file=sys.stderr)
    terms = list(reg.terminals())
    print(t("inv.valid", lang, sites=len(reg.sites), ents=len(reg.enterprises), terms=len(terms),
            qp=sum(1 for _, term in terms if term.role == "qp")))
    return int(ExitCode.OK)


def cmd_show(args: argparse.Namespace) -> int:
    from provisioning.registry import load_registry
    from provisioning.registry.export import registry_dict

    lang = detect_lang(args.lang)
    reg = load_registry(args.inventory, today=_today())
    chosen = list(reg.enterprises.values())
    if args.site:
        if args.site not in reg.sites:
            raise InputError(Msg("inv.err.site", site=repr(args.site), known=", ".join(sorted(reg.sites))),
                             where="--site")
        chosen = [e for e in chosen if e.site == args.site]
    if args.enterprise:
        key = args.enterprise
        chosen = [e for e in chosen if e.customs_code == key or key in e.name]
        if not chosen:
            raise InputError(Msg("inv.err.enterprise", key=repr(key)), where="--enterprise")
    if args.json:
        json.dump(registry_dict(reg, chosen), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return int(ExitCode.OK)
    if not chosen:
        print(t("inv.none", lang))
    for code, site in reg.sites.items():
        at_site = [e for e in chosen if e.site == code]
        if not at_site:
            continue
        print(f"{t('inv.site', lang)} {code} {site.name} — {site.address}")
        if site.sub_centre:
            from checks.next_steps import ServicePoint, contact_line

            sc = site.sub_centre
            print("  " + contact_line(ServicePoint(code, site.name, sc.name, sc.phone, sc.address, sc.contact,
                                                   sc.email, sc.hours), lang))
        for e in at_site:
            _print_enterprise(e, lang, reg.contract_reused(e))
    return int(ExitCode.OK)


def _print_enterprise(e: Any, lang: str, reused: bool = False) -> None:
    from checks.textio import safe_text

    listed = t("inv.on_list" if e.on_approved_list else "inv.off_list", lang)
    print(f"  {e.customs_code}  {e.name}  ({listed}; "
          f"{t('inv.approved', lang, n=e.approved_terminals, qp=len(e.qp_terminals()))})")
    if e.address:
        print(f"    {t('inv.address', lang)}: {safe_text(e.address)}")
    tc, sa = e.transmission_contract, e.service_agreement
    tc_text = t("contract." + tc.status, lang) + (f" {tc.signed_on}" if tc.signed_on else "")
    if reused:
        tc_text += t("inv.reused", lang)
    if tc.account_number:
        tc_text += f"  {t('inv.tc_account', lang)} {tc.account_masked()}"
    sa_text = t("contract." + sa.status, lang) + (f" {sa.signed_on}" if sa.signed_on else "")
    print(f"    {t('inv.transmission_contract', lang)}: {tc_text}   {t('inv.service_agreement', lang)}: {sa_text}")
    print(f"    {t('inv.bank', lang)}: {e.bank.name} ({t('bank.' + e.bank.type, lang)}) {e.bank.masked()}   "
          f"{t('inv.plan', lang)}: {t('plan.' + e.maintenance_plan, lang)}")
    if e.contacts:
        people = "; ".join(f"{p.name} {p.phone}" + (f" ({p.role})" if p.role else "") for p in e.contacts)
        print(f"    {t('inv.contacts', lang)}: {people}")
    print(f"    {t('inv.terminals', lang)}:")
    for term in e.terminals:
        state = t("qp.installed" if term.qp_installed else "qp.pending", lang) if term.role == "qp" else ""
        via = term.connection.get("via", "")
        print(f"      {term.host:<12} {term.address:<15} {t('chassis_kind.' + term.chassis, lang):<10} "
              f"{t('role.' + term.role, lang)}"
              f"{'  ' + state if state else ''}  [{via}]")
    if e.cards:
        print(f"    {t('inv.cards', lang)}:")
    for card in e.cards:
        rights = "/".join(t("right." + r, lang) for r in card.rights)
        left = "  " + t("inv.left", lang, date=card.holder_left_on) if card.holder_left_on else ""
        print(f"      {card.number:<12} {t('card.' + card.kind, lang)}  {card.holder}  {rights}  "
              f"{t('status.' + card.status, lang)}{left}")
