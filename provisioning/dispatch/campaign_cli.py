"""``qpfleet dispatch campaign plan|show|list|cancel|move``: site installation campaigns on the store.

A campaign notifies every enterprise of a customs site (§10.3), installs those whose formalities
are complete (§1.2) and opens the on-site guidance after the switch-over (§7.2) for every
enterprise of the site that has QP then. Cancelling frees its engineers and cancels its open
guidance; moving it re-schedules its installations and guidance on the new day. Both print who
must be told again, and re-plan the maintenance visits around it when a plan exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
from typing import Any

from checks.argtypes import whole_number
from checks.i18n import Msg, add, h
from provisioning.dispatch.commands import context, emit_json, parse_date
from provisioning.registry import texts as _registry_texts  # noqa: F401  (inv.err.site)

GUIDANCE_DAYS = 5


add({
    "help.dispatch.campaign.guidance": {"zh": "安装后多少个工作日内完成现场操作指导（§7.2；默认 5；0 为不安排）",
                                        "en": "on-site guidance within this many working days after the installation "
                                              "(§7.2; default 5; 0: none)"},
    "help.dispatch.campaign.list": {"zh": "集中安装列表：现场、日期、状态、安装家数", "en": "campaigns: site, day, status, "
                                    "installations"},
    "help.dispatch.campaign.all": {"zh": "也显示已取消的", "en": "also cancelled campaigns"},
    "help.dispatch.campaign.cancel": {"zh": "取消集中安装：删除其安装，取消未完成的现场指导",
                                      "en": "cancel a campaign: its visits and open guidance go"},
    "help.dispatch.campaign.move": {"zh": "把集中安装改到另一个工作日", "en": "move a campaign to another working day"},
    "help.dispatch.campaign.newday": {"zh": "新的安装日", "en": "the new installation day"},
})


def register(dsub: Any, common: argparse.ArgumentParser, parser_class: Any) -> None:
    camp = dsub.add_parser("campaign", help=h("help.dispatch.campaign")).add_subparsers(
        dest="camp_cmd", metavar=h("cli.action"), required=True, parser_class=parser_class)
    p = camp.add_parser("plan", parents=[common], help=h("help.dispatch.campaign.plan"))
    p.add_argument("--site", required=True, metavar="CODE", help=h("help.dispatch.campaign.site"))
    p.add_argument("--day", required=True, metavar="DATE", help=h("help.dispatch.campaign.day"))
    p.add_argument("--notice-days", type=whole_number(0, 60), default=3, help=h("help.dispatch.campaign.notice"))
    p.add_argument("--guidance-days", type=whole_number(0, 366), default=GUIDANCE_DAYS, help=h("help.dispatch.campaign.guidance"))
    p.set_defaults(func=handle_campaign_plan)
    p = camp.add_parser("show", parents=[common], help=h("help.dispatch.campaign.show"))
    p.add_argument("id", type=whole_number(1, 2**62), help=h("help.dispatch.campaign.id"))
    p.add_argument("--csv", metavar="FILE", help=h("help.dispatch.campaign.csv"))
    p.set_defaults(func=handle_campaign_show)
    p = camp.add_parser("list", parents=[common], help=h("help.dispatch.campaign.list"))
    p.add_argument("--all", action="store_true", help=h("help.dispatch.campaign.all"))
    p.set_defaults(func=handle_campaign_list)
    p = camp.add_parser("cancel", parents=[common], help=h("help.dispatch.campaign.cancel"))
    p.add_argument("id", type=whole_number(1, 2**62), help=h("help.dispatch.campaign.id"))
    p.set_defaults(func=handle_campaign_cancel)
    p = camp.add_parser("move", parents=[common], help=h("help.dispatch.campaign.move"))
    p.add_argument("id", type=whole_number(1, 2**62), help=h("help.dispatch.campaign.id"))
    p.add_argument("--day", required=True, metavar="DATE", help=h("help.dispatch.campaign.newday"))
    p.add_argument("--notice-days", type=whole_number(0, 60), default=3, help=h("help.dispatch.campaign.notice"))
    p.add_argument("--guidance-days", type=whole_number(0, 366), default=GUIDANCE_DAYS, help=h("help.dispatch.campaign.guidance"))
    p.set_defaults(func=handle_campaign_move)


def _check_day(ctx: Any, day: dt.date) -> None:
    from checks.errors import InputError
    from checks.i18n import t
    from provisioning.dispatch.ops import is_after_cutoff

    if day < ctx.today:
        raise InputError(t("dispatch.campaign.err.past", ctx.lang, day=day), where="--day")
    if day == ctx.today and is_after_cutoff(ctx.now, ctx.cutoff):
        raise InputError(t("dispatch.campaign.err.day_over", ctx.lang, day=day, cutoff=ctx.cutoff.strftime("%H:%M")),
                         where="--day")
    if not ctx.calendar.is_workday(day):
        raise InputError(t("dispatch.campaign.err.not_workday", ctx.lang, day=day,
                           next=ctx.calendar.next_workday_after(day)), where="--day")


def _notify_by(calendar: Any, day: dt.date, notice_days: int) -> dt.date:
    notify_by = day
    for _ in range(max(0, notice_days)):
        notify_by = notify_by - dt.timedelta(days=1)
        while not calendar.is_workday(notify_by):
            notify_by -= dt.timedelta(days=1)
    return notify_by


def _booked(conn: sqlite3.Connection, exclude: int | None = None) -> dict[tuple[str, dt.date], int]:
    booked: dict[tuple[str, dt.date], int] = {}
    for r in conn.execute("SELECT v.engineer, v.day, COUNT(*) AS n FROM visits v JOIN campaigns c ON c.id = v.campaign_id"
                          " WHERE c.status = 'planned' AND c.id IS NOT ? GROUP BY v.engineer, v.day", (exclude,)):
        booked[(r["engineer"], dt.date.fromisoformat(r["day"]))] = int(r["n"])
    return booked


def _open_guidance(conn: sqlite3.Connection, ctx: Any, cid: int, site: str, codes: list[str], day: dt.date,
                   guidance_days: int) -> list[str]:
    """The on-site guidance after the switch-over (§7.2) for the enterprises that have QP after ``day``."""
    from provisioning.dispatch.ops import add_guidance

    if guidance_days <= 0 or not codes:
        return []
    first = ctx.calendar.next_workday_after(day)
    last = ctx.calendar.workdays(first, guidance_days)[-1]
    for code in codes:
        add_guidance(conn, code, site, first, last, ctx.now, campaign_id=cid)
    return codes


def _with_qp_after(notices: list[dict[str, Any]], reg_enterprises: dict[str, Any]) -> list[str]:
    """Enterprises that will have QP after the campaign: installed now, or installed by it."""
    out = []
    for n in notices:
        ent = reg_enterprises.get(n["customs_code"])
        has_qp = ent is not None and any(t.role == "qp" and t.qp_installed for t in ent.terminals)
        if n["installable"] or has_qp:
            out.append(n["customs_code"])
    return out


def _replan_if_planned(ctx: Any) -> Any:
    from provisioning.dispatch.planning import run_plan

    store = ctx.store()
    if store.query("SELECT 1 FROM plans LIMIT 1"):
        return run_plan(store, ctx.calendar, ctx.cutoff, ctx.now)
    return None


def handle_campaign_plan(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from checks.i18n import t
    from provisioning.dispatch.campaign import notification_list, schedule_installs
    from provisioning.dispatch.ops import load_engineers
    from provisioning.dispatch.planning import horizon
    from provisioning.dispatch.store import utc_text
    from provisioning.fees.prices import find_prices, load_prices
    from provisioning.fees.quote import installation_fen

    ctx = context(args)
    reg = ctx.registry()
    site = reg.sites.get(args.site)
    if site is None:
        raise InputError(Msg("inv.err.site", site=repr(args.site), known=", ".join(sorted(reg.sites))), where="--site")
    day = parse_date(args.day, "--day")
    _check_day(ctx, day)
    notify_by = _notify_by(ctx.calendar, day, args.notice_days)
    store = ctx.store()
    prices = load_prices(find_prices(args.registry)).on(day)
    days, note = horizon(ctx.calendar, day, 5)
    with store.transaction() as conn:
        paid = {r["enterprise"]: int(r["fen"]) for r in conn.execute(
            "SELECT enterprise, SUM(amount_fen) AS fen FROM payments WHERE purpose = 'installation' GROUP BY enterprise")}
        notices = notification_list(reg.enterprises_at(site.code), paid, lambda n: installation_fen(n, prices))
        plan, codes = schedule_installs(site.code, notices, load_engineers(store), days, _booked(conn))
        cid = int(conn.execute("INSERT INTO campaigns (site, day, notify_by, created_at) VALUES (?, ?, ?, ?)",
                               (site.code, day.isoformat(), notify_by.isoformat(), utc_text(ctx.now))).lastrowid or 0)
        conn.executemany(
            "INSERT INTO notifications (campaign_id, enterprise, name, contacts, lacks, installable)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(cid, n.customs_code, n.name, json.dumps(n.contacts, ensure_ascii=False),
              json.dumps({"lacks": [x.to_json() for x in n.lacks], "notes": [x.to_json() for x in n.notes]}),
              int(n.installable)) for n in notices])
        conn.executemany(
            "INSERT INTO visits (campaign_id, kind, engineer, day, site, enterprise, late) VALUES (?, 'install', ?, ?, ?, ?, ?)",
            [(cid, a.engineer, a.day.isoformat(), a.site, codes[a.request_id], int(a.late)) for a in plan.assignments])
        shown = [{"customs_code": n.customs_code, "installable": n.installable} for n in notices]
        guided = _open_guidance(conn, ctx, cid, site.code, _with_qp_after(shown, reg.enterprises), day,
                                args.guidance_days)
    unplaced = [codes[m.request_id] for m in plan.misses if m.day is None]
    _replan_if_planned(ctx)
    ctx.close()
    result = {"campaign": cid, "site": site.code, "site_name": site.name, "day": day.isoformat(),
              "notify_by": notify_by.isoformat(), "notice_too_short": notify_by < ctx.today,
              "install": [{"enterprise": codes[a.request_id], "engineer": a.engineer, "day": a.day.isoformat()}
                          for a in plan.assignments],
              "no_installer": unplaced, "horizon_note": note, "guidance": guided,
              "notifications": [{"customs_code": n.customs_code, "name": n.name, "contacts": n.contacts,
                                 "lacks": [x.text(ctx.lang) for x in n.lacks],
                                 "notes": [x.text(ctx.lang) for x in n.notes], "installable": n.installable}
                                for n in notices]}
    if args.json:
        emit_json(result)
        return 0
    print(t("dispatch.campaign.head", ctx.lang, id=cid, site=site.code, name=site.name, day=day, notify=notify_by))
    if result["notice_too_short"]:
        print(t("dispatch.campaign.short_notice", ctx.lang, n=args.notice_days, day=notify_by))
    _print_notices(result["notifications"], ctx.lang)
    for a in result["install"]:
        print(f"  {a['day']} {a['engineer']}: {t('dispatch.kind.install', ctx.lang)} {a['enterprise']}")
    for code in unplaced:
        print(t("dispatch.campaign.no_installer", ctx.lang, code=code, site=site.code))
    if guided:
        print(t("dispatch.campaign.guidance", ctx.lang, n=len(guided), days=args.guidance_days))
    return 0


def _print_notices(notices: list[dict[str, Any]], lang: str) -> None:
    from checks.i18n import t
    from checks.textio import safe_text

    for n in notices:
        verdict = t("dispatch.campaign.install" if n["installable"] else "dispatch.campaign.skip", lang)
        people = "; ".join(f"{c['name']} {c['phone']}" + (f" ({c['role']})" if c.get("role") else "")
                           for c in n["contacts"]) or "-"
        print(f"  [{verdict}] {n['customs_code']} {safe_text(n['name'])}  {safe_text(people)}")
        for item in n["lacks"]:
            print(f"      {t('dispatch.campaign.lacks', lang)}{item}")
        for item in n.get("notes", []):
            print(f"      {item}")


def _stored_notices(store: Any, cid: int, lang: str) -> list[dict[str, Any]]:
    from provisioning.dispatch.reasons import Reason

    out = []
    for r in store.query("SELECT * FROM notifications WHERE campaign_id = ? ORDER BY id", (cid,)):
        stored = json.loads(r["lacks"])
        out.append({"customs_code": r["enterprise"], "name": r["name"], "contacts": json.loads(r["contacts"]),
                    "lacks": [Reason.from_json(x).text(lang) for x in stored["lacks"]],
                    "notes": [Reason.from_json(x).text(lang) for x in stored["notes"]],
                    "installable": bool(r["installable"])})
    return out


def _campaign(store: Any, cid: int, lang: str) -> Any:
    from checks.errors import InputError
    from checks.i18n import t

    rows = store.query("SELECT * FROM campaigns WHERE id = ?", (cid,))
    if not rows:
        raise InputError(t("dispatch.campaign.err.none", lang, id=cid), where=str(cid))
    return rows[0]


def handle_campaign_show(args: argparse.Namespace) -> int:
    from pathlib import Path

    from checks.fsutil import write_atomic
    from checks.i18n import t
    from checks.textio import csv_text

    ctx = context(args)
    camp = _campaign(ctx.store(), args.id, ctx.lang)
    notices = _stored_notices(ctx.store(), args.id, ctx.lang)
    ctx.close()
    if args.csv:
        head = [t(f"dispatch.notify.col.{k}", ctx.lang) for k in ("code", "name", "contacts", "install", "lacks",
                                                                   "notes")]
        body = [[n["customs_code"], n["name"], "; ".join(f"{c['name']} {c['phone']}" for c in n["contacts"]),
                 t("dispatch.yes" if n["installable"] else "dispatch.no", ctx.lang), "; ".join(n["lacks"]),
                 "; ".join(n["notes"])] for n in notices]
        write_atomic(Path(args.csv), csv_text(head, body))
    if args.json:
        emit_json({"campaign": dict(camp), "notifications": notices})
    else:
        print(t("dispatch.campaign.show", ctx.lang, id=camp["id"], site=camp["site"], day=camp["day"],
                notify=camp["notify_by"], status=t(f"dispatch.campaign.status.{camp['status']}", ctx.lang)))
        _print_notices(notices, ctx.lang)
    return 0


def handle_campaign_list(args: argparse.Namespace) -> int:
    from checks.i18n import t

    ctx = context(args)
    rows = [dict(r) for r in ctx.store().query(
        "SELECT c.id, c.site, c.day, c.notify_by, c.status,"
        " (SELECT COUNT(*) FROM visits v WHERE v.campaign_id = c.id) AS installs,"
        " (SELECT COUNT(*) FROM notifications n WHERE n.campaign_id = c.id) AS notified,"
        " (SELECT COUNT(*) FROM requests r WHERE r.campaign_id = c.id AND r.kind = 'guidance'"
        "  AND r.status = 'open') AS guidance"
        " FROM campaigns c WHERE (? OR c.status = 'planned') ORDER BY c.day, c.id", (int(args.all),))]
    ctx.close()
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print(t("dispatch.campaign.none", ctx.lang))
    for r in rows:
        print(t("dispatch.campaign.row", ctx.lang, id=r["id"], site=r["site"], day=r["day"], notify=r["notify_by"],
                status=t(f"dispatch.campaign.status.{r['status']}", ctx.lang), installs=r["installs"],
                notified=r["notified"], guidance=r["guidance"]))
    return 0


def handle_campaign_cancel(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from checks.i18n import t
    from provisioning.dispatch.store import utc_text

    ctx = context(args)
    store = ctx.store()
    with store.transaction() as conn:
        camp = _campaign(store, args.id, ctx.lang)
        if camp["status"] != "planned":
            raise InputError(t("dispatch.campaign.err.cancelled", ctx.lang, id=args.id), where=str(args.id))
        removed = conn.execute("DELETE FROM visits WHERE campaign_id = ? AND day >= ?",
                               (args.id, ctx.today.isoformat())).rowcount
        guidance = [r["id"] for r in conn.execute("SELECT id FROM requests WHERE campaign_id = ? AND kind = 'guidance'"
                                                  " AND status = 'open'", (args.id,))]
        for rid in guidance:
            conn.execute("UPDATE requests SET status = 'cancelled' WHERE id = ?", (rid,))
            conn.execute("INSERT INTO request_events (request_id, kind, at, note) VALUES (?, 'cancel', ?, ?)",
                         (rid, utc_text(ctx.now), f"campaign {args.id} cancelled"))
            conn.execute("DELETE FROM visits WHERE request_id = ?", (rid,))
        conn.execute("UPDATE campaigns SET status = 'cancelled', changed_at = ? WHERE id = ?",
                     (utc_text(ctx.now), args.id))
    notices = _stored_notices(store, args.id, ctx.lang)
    report = _replan_if_planned(ctx)
    ctx.close()
    if args.json:
        emit_json({"campaign": args.id, "status": "cancelled", "visits_removed": removed,
                   "guidance_cancelled": guidance, "tell": notices,
                   "replanned": report.plan_id if report else None})
        return 0
    print(t("dispatch.campaign.cancelled", ctx.lang, id=args.id, site=camp["site"], day=camp["day"], n=removed,
            g=len(guidance)))
    print(t("dispatch.campaign.tell", ctx.lang))
    _print_notices(notices, ctx.lang)
    return 0


def handle_campaign_move(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from checks.i18n import t
    from provisioning.dispatch.campaign import schedule_installs_for
    from provisioning.dispatch.ops import load_engineers
    from provisioning.dispatch.planning import horizon
    from provisioning.dispatch.store import utc_text

    ctx = context(args)
    day = parse_date(args.day, "--day")
    _check_day(ctx, day)
    store = ctx.store()
    reg = ctx.registry()
    notify_by = _notify_by(ctx.calendar, day, args.notice_days)
    days, note = horizon(ctx.calendar, day, 5)
    with store.transaction() as conn:
        camp = _campaign(store, args.id, ctx.lang)
        if camp["status"] != "planned":
            raise InputError(t("dispatch.campaign.err.cancelled", ctx.lang, id=args.id), where=str(args.id))
        if camp["day"] < ctx.today.isoformat():
            raise InputError(t("dispatch.campaign.err.done", ctx.lang, id=args.id, day=camp["day"]), where=str(args.id))
        notices = _stored_notices(store, args.id, ctx.lang)
        installable = [n["customs_code"] for n in notices if n["installable"]]
        conn.execute("DELETE FROM visits WHERE campaign_id = ?", (args.id,))
        plan, codes = schedule_installs_for(camp["site"], installable, load_engineers(store), days,
                                            _booked(conn, exclude=args.id))
        conn.executemany(
            "INSERT INTO visits (campaign_id, kind, engineer, day, site, enterprise, late) VALUES (?, 'install', ?, ?, ?, ?, ?)",
            [(args.id, a.engineer, a.day.isoformat(), a.site, codes[a.request_id], int(a.late))
             for a in plan.assignments])
        conn.execute("UPDATE campaigns SET day = ?, notify_by = ?, changed_at = ? WHERE id = ?",
                     (day.isoformat(), notify_by.isoformat(), utc_text(ctx.now), args.id))
        if args.guidance_days <= 0:
            for r in conn.execute("SELECT id FROM requests WHERE campaign_id = ? AND kind = 'guidance'"
                                  " AND status = 'open'", (args.id,)).fetchall():
                conn.execute("UPDATE requests SET status = 'cancelled' WHERE id = ?", (r["id"],))
                conn.execute("DELETE FROM visits WHERE request_id = ?", (r["id"],))
        guided = _open_guidance(conn, ctx, args.id, camp["site"], _with_qp_after(notices, reg.enterprises), day,
                                args.guidance_days)
    report = _replan_if_planned(ctx)
    ctx.close()
    unplaced = [codes[m.request_id] for m in plan.misses if m.day is None]
    result = {"campaign": args.id, "site": camp["site"], "day_before": camp["day"], "day": day.isoformat(),
              "notify_by": notify_by.isoformat(), "notice_too_short": notify_by < ctx.today,
              "install": [{"enterprise": codes[a.request_id], "engineer": a.engineer, "day": a.day.isoformat()}
                          for a in plan.assignments], "no_installer": unplaced, "guidance": guided,
              "horizon_note": note, "tell": notices, "replanned": report.plan_id if report else None}
    if args.json:
        emit_json(result)
        return 0
    print(t("dispatch.campaign.moved", ctx.lang, id=args.id, site=camp["site"], before=camp["day"], day=day,
            notify=notify_by))
    if result["notice_too_short"]:
        print(t("dispatch.campaign.short_notice", ctx.lang, n=args.notice_days, day=notify_by))
    for a in result["install"]:
        print(f"  {a['day']} {a['engineer']}: {t('dispatch.kind.install', ctx.lang)} {a['enterprise']}")
    for code in unplaced:
        print(t("dispatch.campaign.no_installer", ctx.lang, code=code, site=camp["site"]))
    print(t("dispatch.campaign.tell", ctx.lang))
    _print_notices(notices, ctx.lang)
    return 0
