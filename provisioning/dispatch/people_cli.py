"""``qpfleet dispatch request|engineer``: visit requests (paid visits, on-site guidance) and field engineers."""

from __future__ import annotations

import argparse
from typing import Any

from provisioning.dispatch.commands import context, emit_json, parse_date


def register(dsub: Any, c: argparse.ArgumentParser, parser_class: Any) -> None:
    req = dsub.add_parser("request", help="visit requests and their SLA clock").add_subparsers(
        dest="req_cmd", metavar="ACTION", required=True, parser_class=parser_class)
    p = req.add_parser("add", parents=[c], help="open a visit request by hand (a payment already imported is "
                                               "not opened twice); --kind guidance for on-site guidance (§7.2)")
    p.add_argument("--enterprise", required=True, metavar="CUSTOMS_CODE")
    p.add_argument("--kind", choices=("maintenance", "guidance"), default="maintenance",
                   help="maintenance: the paid visit, due 2 working days after --paid-at (§2.6); guidance: on-site "
                        "operating guidance after the switch-over, between --from and --by (§7.2)")
    p.add_argument("--paid-at", metavar="ISO8601", help="receipt time with offset (maintenance)")
    p.add_argument("--receipt", metavar="NO", help="the bank receipt number of the payment (maintenance)")
    p.add_argument("--again", action="store_true",
                   help="a second payment of the enterprise on the same day: open another request")
    p.add_argument("--from", dest="first", metavar="DATE", help="first day of the guidance (default: next working day)")
    p.add_argument("--by", dest="last", metavar="DATE", help="last day of the guidance (default: 5 working days on)")
    p.add_argument("--skill", default="maintenance", help=argparse.SUPPRESS)
    p.add_argument("--note", default="")
    p.set_defaults(func=handle_request_add)
    for action, text in (("pause", "the enterprise asked to postpone"), ("resume", "the enterprise is ready again"),
                         ("done", "the visit took place"), ("cancel", "the request is withdrawn")):
        p = req.add_parser(action, parents=[c], help=text)
        p.add_argument("id", type=int)
        p.add_argument("--at", metavar="ISO8601", help="when (default: now)")
        p.add_argument("--note", default="")
        p.set_defaults(func=handle_request_event, event=action)
    p = req.add_parser("list", parents=[c], help="requests with their deadlines")
    p.add_argument("--all", action="store_true", help="also done and cancelled requests")
    p.set_defaults(func=handle_request_list)

    eng = dsub.add_parser("engineer", help="field engineers, their leave, their removal").add_subparsers(
        dest="eng_cmd", metavar="ACTION", required=True, parser_class=parser_class)
    p = eng.add_parser("add", parents=[c], help="add an engineer (an existing id is refused; --update changes it)")
    p.add_argument("id")
    p.add_argument("--name", default="")
    p.add_argument("--skills", help="comma list: maintenance,install,training")
    p.add_argument("--sites", help="comma list of customs site codes served (sites of the registry)")
    p.add_argument("--capacity", type=int, help="visits per working day (default 4)")
    p.add_argument("--update", action="store_true", help="change an existing engineer (only the options given)")
    p.set_defaults(func=handle_engineer_add)
    p = eng.add_parser("leave", parents=[c], help="record leave and re-plan (campaign installs too)")
    p.add_argument("id")
    p.add_argument("--from", dest="first", required=True, metavar="DATE")
    p.add_argument("--to", dest="last", metavar="DATE")
    p.add_argument("--reason", default="")
    p.add_argument("--no-replan", action="store_true")
    p.set_defaults(func=handle_engineer_leave)
    p = eng.add_parser("remove", parents=[c], help="an engineer who left: out of planning, visits re-planned")
    p.add_argument("id")
    p.set_defaults(func=handle_engineer_remove)
    p = eng.add_parser("list", parents=[c], help="engineers")
    p.add_argument("--all", action="store_true", help="also removed engineers")
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
        raise InputError(f"unknown enterprise {args.enterprise!r} (not in the registry)", where="--enterprise")
    if args.kind == "guidance":
        if args.paid_at or args.receipt:
            raise InputError(t("dispatch.err.guidance_not_paid", ctx.lang), where="--kind")
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
    paid = parse_time(args.paid_at, "--paid-at")
    deadline = sla_deadline(paid, ctx.calendar, cutoff=ctx.cutoff)
    added = add_request(ctx.store(), ent.customs_code, ent.site, args.skill, paid, ctx.now, args.note,
                        receipt=args.receipt, again=args.again)
    ctx.close()
    if args.json:
        emit_json({"id": added.id, "kind": "maintenance", "new": added.new, "receipt": added.receipt,
                   **deadline.as_dict()})
        return 0
    mark = t("dispatch.estimated", ctx.lang) if deadline.estimated else ""
    key = "dispatch.request.added" if added.new else "dispatch.request.exists"
    print(t(key, ctx.lang, id=added.id, name=safe_text(ent.name), code=ent.customs_code, site=ent.site,
            deadline=deadline.deadline_date, receipt=added.receipt or "-") + mark)
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
