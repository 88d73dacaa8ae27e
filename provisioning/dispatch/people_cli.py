"""``qpfleet dispatch request|engineer``: visit requests (paid visits, on-site guidance) and field engineers."""

from __future__ import annotations

import argparse
from typing import Any

from checks.argtypes import whole_number
from checks.i18n import Msg, add, h
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.dispatch.commands import context, emit_json, parse_date

add({
    "help.dispatch.request.add2": {"zh": "手工新建上门维护单（已导入的付款不会重复建单）；--kind guidance 为切换后的现场操作指导（§7.2）",
                                   "en": "open a visit request by hand (a payment already imported is not opened twice); "
                                         "--kind guidance for on-site guidance (§7.2)"},
    "help.dispatch.request.kind": {"zh": "maintenance：付费上门维护，到账后 2 个工作日内（§2.6）；guidance：切换后的现场操作指导，"
                                         "在 --from 与 --by 之间（§7.2）",
                                   "en": "maintenance: the paid visit, due 2 working days after --paid-at (§2.6); guidance: "
                                         "on-site guidance after the switch-over, between --from and --by (§7.2)"},
    "help.dispatch.request.paid_at2": {"zh": "到账时间，带时区偏移（上门维护）", "en": "receipt time with offset (maintenance)"},
    "help.dispatch.request.receipt": {"zh": "付款的银行回执号（上门维护）", "en": "the bank receipt number of the payment "
                                      "(maintenance)"},
    "help.dispatch.request.again": {"zh": "企业同一天的第二笔付款：再建一张维护单",
                                    "en": "a second payment of the enterprise on the same day: open another request"},
    "help.dispatch.request.host": {
        "zh": "这张维护单涉及的 QP 终端（可重复）；这些终端都安装成功后，维护单自动完成"
              "（不写：一次安装运行覆盖到的该企业所有终端）",
        "en": "a QP terminal the visit concerns (repeatable); the request closes itself when an install succeeded on "
              "all of them (default: every terminal of the enterprise an install run reached)"},
    "dispatch.err.not_qp_host": {
        "zh": "{host} 不是 {code} 的 QP 终端；它的 QP 终端：{hosts}",
        "en": "{host} is not a QP terminal of {code}; its QP terminals: {hosts}"},
    "dispatch.err.receipt_unknown": {
        "zh": "回执 {receipt} 还没有导入：先用 qpfleet dispatch pay import 导入银行回单，或不写 --receipt",
        "en": "receipt {receipt} is not recorded: import the bank receipts first (qpfleet dispatch pay import), or "
              "leave out --receipt"},
    "dispatch.request.hosts": {"zh": "  涉及的终端（都安装成功后自动完成）：{hosts}",
                               "en": "  terminals it concerns (it closes itself once an install succeeded on all): {hosts}"},
    "dispatch.err.guidance_host": {
        "zh": "现场操作指导不因安装完成而结束，不需要 --host（只有上门维护单才列出涉及的终端）",
        "en": "on-site guidance is not closed by an install: --host is for maintenance visit requests only"},
    "help.dispatch.request.first": {"zh": "现场指导的第一天（默认下一个工作日）",
                                    "en": "first day of the guidance (default: the next working day)"},
    "help.dispatch.request.by": {"zh": "现场指导的最后一天（默认其后第 5 个工作日）",
                                 "en": "last day of the guidance (default: 5 working days on)"},
    "help.dispatch.engineer2": {"zh": "现场工程师、休假与移除", "en": "field engineers, their leave, their removal"},
    "help.dispatch.engineer.add2": {"zh": "新增工程师（编号已存在则拒绝；用 --update 修改）",
                                    "en": "add an engineer (an existing id is refused; --update changes it)"},
    "help.dispatch.engineer.sites2": {"zh": "负责的海关现场代码，逗号分隔（须是登记册中的现场）",
                                      "en": "comma list of customs site codes served (sites of the registry)"},
    "help.dispatch.engineer.update": {"zh": "修改已有的工程师（只改给出的选项）",
                                      "en": "change an existing engineer (only the options given)"},
    "help.dispatch.engineer.leave2": {"zh": "登记休假并重新安排（集中安装也一起调整）",
                                      "en": "record leave and re-plan (campaign installs too)"},
    "help.dispatch.engineer.remove": {"zh": "工程师离开：不再安排，其上门重新安排",
                                      "en": "an engineer who left: out of planning, visits re-planned"},
    "help.dispatch.engineer.all": {"zh": "也显示已移除的工程师", "en": "also removed engineers"},
})


def register(dsub: Any, c: argparse.ArgumentParser, parser_class: Any) -> None:
    action = h("cli.action")
    req = dsub.add_parser("request", help=h("help.dispatch.request")).add_subparsers(
        dest="req_cmd", metavar=action, required=True, parser_class=parser_class)
    p = req.add_parser("add", parents=[c], help=h("help.dispatch.request.add2"))
    p.add_argument("--enterprise", required=True, metavar="CUSTOMS_CODE", help=h("help.dispatch.request.enterprise"))
    p.add_argument("--kind", choices=("maintenance", "guidance"), default="maintenance",
                   help=h("help.dispatch.request.kind"))
    p.add_argument("--paid-at", metavar="ISO8601", help=h("help.dispatch.request.paid_at2"))
    p.add_argument("--receipt", metavar="NO", help=h("help.dispatch.request.receipt"))
    p.add_argument("--again", action="store_true", help=h("help.dispatch.request.again"))
    p.add_argument("--host", action="append", default=[], metavar="HOST", help=h("help.dispatch.request.host"))
    p.add_argument("--from", dest="first", metavar="DATE", help=h("help.dispatch.request.first"))
    p.add_argument("--by", dest="last", metavar="DATE", help=h("help.dispatch.request.by"))
    p.add_argument("--skill", default="maintenance", help=argparse.SUPPRESS)
    p.add_argument("--note", default="", help=h("help.dispatch.note"))
    p.set_defaults(func=handle_request_add)
    for name in ("pause", "resume", "done", "cancel"):
        p = req.add_parser(name, parents=[c], help=h(f"help.dispatch.request.{name}"))
        p.add_argument("id", type=whole_number(1, 2**62), help=h("help.dispatch.request.id"))
        p.add_argument("--at", metavar="ISO8601", help=h("help.dispatch.at"))
        p.add_argument("--note", default="", help=h("help.dispatch.note"))
        p.set_defaults(func=handle_request_event, event=name)
    p = req.add_parser("list", parents=[c], help=h("help.dispatch.request.list"))
    p.add_argument("--all", action="store_true", help=h("help.dispatch.request.all"))
    p.set_defaults(func=handle_request_list)

    eng = dsub.add_parser("engineer", help=h("help.dispatch.engineer2")).add_subparsers(
        dest="eng_cmd", metavar=action, required=True, parser_class=parser_class)
    p = eng.add_parser("add", parents=[c], help=h("help.dispatch.engineer.add2"))
    p.add_argument("id", help=h("help.dispatch.engineer.id"))
    p.add_argument("--name", default="", help=h("help.dispatch.engineer.name"))
    p.add_argument("--skills", help=h("help.dispatch.engineer.skills"))
    p.add_argument("--sites", help=h("help.dispatch.engineer.sites2"))
    p.add_argument("--capacity", type=whole_number(1, 1000), help=h("help.dispatch.engineer.capacity"))
    p.add_argument("--update", action="store_true", help=h("help.dispatch.engineer.update"))
    p.set_defaults(func=handle_engineer_add)
    p = eng.add_parser("leave", parents=[c], help=h("help.dispatch.engineer.leave2"))
    p.add_argument("id", help=h("help.dispatch.engineer.id"))
    p.add_argument("--from", dest="first", required=True, metavar="DATE", help=h("help.dispatch.leave.from"))
    p.add_argument("--to", dest="last", metavar="DATE", help=h("help.dispatch.leave.to"))
    p.add_argument("--reason", default="", help=h("help.dispatch.leave.reason"))
    p.add_argument("--no-replan", action="store_true", help=h("help.dispatch.leave.no_replan"))
    p.set_defaults(func=handle_engineer_leave)
    p = eng.add_parser("remove", parents=[c], help=h("help.dispatch.engineer.remove"))
    p.add_argument("id", help=h("help.dispatch.engineer.id"))
    p.set_defaults(func=handle_engineer_remove)
    p = eng.add_parser("list", parents=[c], help=h("help.dispatch.engineer.list"))
    p.add_argument("--all", action="store_true", help=h("help.dispatch.engineer.all"))
    p.set_defaults(func=handle_engineer_list)


def _split(text: str | None) -> list[str] | None:
    return None if text is None else [s.strip() for s in text.split(",") if s.strip()]


def handle_request_add(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from checks.i18n import t
    from checks.textio import safe_text
    from provisioning.dispatch.ops import add_guidance, add_request, guidance_deadline
    from provisioning.dispatch.sla import parse_time, sla_deadline

    ctx = context(args)
    ent = ctx.registry().enterprises.get(args.enterprise)
    if ent is None:
        raise InputError(Msg("dispatch.err.unknown_enterprise", code=repr(args.enterprise)), where="--enterprise")
    if args.kind == "guidance":
        if args.paid_at or args.receipt:
            raise InputError(t("dispatch.err.guidance_not_paid", ctx.lang), where="--kind")
        if args.host:
            raise InputError(t("dispatch.err.guidance_host", ctx.lang), where="--host")
        first = parse_date(args.first, "--from") if args.first else ctx.calendar.next_workday_after(ctx.today)
        last = parse_date(args.last, "--by") if args.last else ctx.calendar.workdays(first, 5)[-1]
        if first < ctx.today:
            raise InputError(t("dispatch.err.guidance_past", ctx.lang, today=ctx.today), where="--from")
        with ctx.store().transaction() as conn:
            rid = add_guidance(conn, ent.customs_code, ent.site, first, last, ctx.now, args.note)
        ctx.close()
        deadline = guidance_deadline(first, last, ctx.calendar, ctx.cutoff)
        if args.json:
            emit_json({"id": rid, "kind": "guidance", "new": True, **deadline.as_dict()})
        else:
            print(t("dispatch.request.guidance", ctx.lang, id=rid, name=safe_text(ent.name), code=ent.customs_code,
                    site=ent.site, first=first, last=last))
        return 0
    if not args.paid_at:
        raise InputError(t("dispatch.err.needs_paid_at", ctx.lang), where="--paid-at")
    qp_hosts = [term.host for term in ent.qp_terminals()]
    for host in args.host:
        if host not in qp_hosts:
            raise InputError(t("dispatch.err.not_qp_host", ctx.lang, host=safe_text(host), code=ent.customs_code,
                               hosts=", ".join(qp_hosts) or "-"), where="--host")
    paid = parse_time(args.paid_at, "--paid-at")
    deadline = sla_deadline(paid, ctx.calendar, cutoff=ctx.cutoff)
    added = add_request(ctx.store(), ent.customs_code, ent.site, args.skill, paid, ctx.now, args.note, args.host,
                        receipt=args.receipt, again=args.again)
    ctx.close()
    if args.json:
        emit_json({"id": added.id, "kind": "maintenance", "new": added.new, "receipt": added.receipt,
                   "hosts": list(added.hosts), **deadline.as_dict()})
        return 0
    mark = t("dispatch.estimated", ctx.lang) if deadline.estimated else ""
    key = "dispatch.request.added" if added.new else "dispatch.request.exists"
    print(t(key, ctx.lang, id=added.id, name=safe_text(ent.name), code=ent.customs_code, site=ent.site,
            deadline=deadline.deadline_date, receipt=added.receipt or "-") + mark)
    if added.hosts:
        print(t("dispatch.request.hosts", ctx.lang, hosts=", ".join(added.hosts)))
    return 0


def handle_request_event(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from provisioning.dispatch.ops import add_event
    from provisioning.dispatch.sla import parse_time

    ctx = context(args)
    at = parse_time(args.at, "--at") if args.at else ctx.now
    deadline = add_event(ctx.store(), args.id, args.event, at, args.note, ctx.calendar, ctx.cutoff)
    ctx.close()
    if args.json:
        emit_json({"id": args.id, "event": args.event, "deadline": deadline.as_dict() if deadline else None})
    elif deadline is None:
        print(t(f"dispatch.request.{args.event}", ctx.lang, id=args.id))
    elif deadline.paused:
        print(t("dispatch.request.paused", ctx.lang, id=args.id))
    else:
        print(t("dispatch.request.resumed", ctx.lang, id=args.id, deadline=deadline.deadline_date,
                skipped=", ".join(d.isoformat() for d in deadline.skipped) or "-"))
    return 0


def handle_request_list(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from provisioning.dispatch.ops import request_states

    ctx = context(args)
    states = request_states(ctx.store(), ctx.calendar, ctx.cutoff, None if args.all else "open")
    ctx.close()
    rows = [{"id": s.id, "kind": s.kind, "enterprise": s.enterprise, "site": s.site, "skill": s.skill,
             "status": s.status, "receipt": s.receipt, "paid_at": s.paid_at.isoformat(),
             "deadline": s.deadline.deadline_date.isoformat() if s.deadline and s.deadline.deadline_date else None,
             "paused": bool(s.deadline and s.deadline.paused), "estimated": bool(s.deadline and s.deadline.estimated),
             "error": s.error} for s in states]
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        dl = r["deadline"] or (t("dispatch.request.state_paused", ctx.lang) if r["paused"]
                               else t("dispatch.request.state_unknown", ctx.lang, error=r["error"]))
        print(t("dispatch.request.row", ctx.lang, id=f"{r['id']:>6}", ent=r["enterprise"], site=r["site"],
                kind=t(f"dispatch.kind.{r['kind']}", ctx.lang), status=t(f"dispatch.status.{r['status']}", ctx.lang),
                deadline=dl) + (t("dispatch.estimated", ctx.lang) if r["estimated"] else ""))
    return 0


def handle_engineer_add(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from provisioning.dispatch.ops import add_engineer

    ctx = context(args)
    sites = _split(args.sites)
    known = ctx.registry().sites if sites is not None else None
    done = add_engineer(ctx.store(), args.id, args.name, _split(args.skills), sites, args.capacity,
                        update=args.update, known_sites=known)
    ctx.close()
    if args.json:
        emit_json({"id": args.id, "result": done})
    else:
        print(t(f"dispatch.engineer.{done}", ctx.lang, id=args.id))
    return 0


def _replan_and_show(ctx: Any) -> int:
    from provisioning.dispatch.planning import run_plan
    from provisioning.dispatch.views import print_plan

    report = run_plan(ctx.store(), ctx.calendar, ctx.cutoff, ctx.now)
    ctx.close()
    return print_plan(report, ctx.lang, as_json=ctx.args.json)


def handle_engineer_leave(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from provisioning.dispatch.ops import add_leave

    ctx = context(args)
    first = parse_date(args.first, "--from")
    last = parse_date(args.last, "--to") if args.last else first
    n = add_leave(ctx.store(), args.id, first, last, args.reason)
    if not args.json:
        print(t("dispatch.engineer.leave", ctx.lang, id=args.id, n=n, first=first, last=last))
    if args.no_replan or not ctx.store().query("SELECT 1 FROM plans UNION SELECT 1 FROM campaigns LIMIT 1"):
        ctx.close()
        return 0
    return _replan_and_show(ctx)


def handle_engineer_remove(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from provisioning.dispatch.ops import remove_engineer

    ctx = context(args)
    n = remove_engineer(ctx.store(), args.id, ctx.now)
    if not args.json:
        print(t("dispatch.engineer.removed", ctx.lang, id=args.id, n=n))
    return _replan_and_show(ctx)


def handle_engineer_list(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from checks.textio import safe_text
    from provisioning.dispatch.ops import load_engineers

    ctx = context(args)
    engs = load_engineers(ctx.store(), include_removed=args.all)
    removed = {r["id"] for r in ctx.store().query("SELECT id FROM engineers WHERE removed_at IS NOT NULL")}
    ctx.close()
    if args.json:
        emit_json([{"id": e.id, "name": e.name, "skills": sorted(e.skills), "sites": sorted(e.sites),
                    "capacity": e.capacity, "leave": sorted(d.isoformat() for d in e.leave),
                    "removed": e.id in removed} for e in engs])
        return 0
    for e in engs:
        print(t("dispatch.engineer.row", ctx.lang, id=e.id, name=safe_text(e.name), skills=",".join(sorted(e.skills)),
                sites=",".join(sorted(e.sites)), cap=e.capacity, leave=len(e.leave))
              + (t("dispatch.engineer.was_removed", ctx.lang) if e.id in removed else ""))
    return 0
