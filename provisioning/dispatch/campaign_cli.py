"""``qpfleet dispatch campaign|training``: site installation campaigns and training registrations on the store."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from provisioning.dispatch.commands import context, emit_json, parse_date


def handle_campaign_plan(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from checks.i18n import t
    from provisioning.dispatch.campaign import notification_list, schedule_installs
    from provisioning.dispatch.ops import horizon, load_engineers, run_plan
    from provisioning.dispatch.store import utc_text
    from provisioning.fees.prices import find_prices, load_prices
    from provisioning.fees.quote import installation_fen

    ctx = context(args)
    reg = ctx.registry()
    site = reg.sites.get(args.site)
    if site is None:
        raise InputError(f"unknown customs site {args.site!r}; valid: {', '.join(sorted(reg.sites))}", where="--site")
    day = parse_date(args.day, "--day")
    if day < ctx.today:
        raise InputError(f"installation day {day} is in the past", where="--day")
    if not ctx.calendar.is_workday(day):
        raise InputError(f"{day} is not a working day; next one is {ctx.calendar.next_workday_after(day)}",
                         where="--day")
    notify_by = day
    for _ in range(max(0, args.notice_days)):
        notify_by = notify_by - dt.timedelta(days=1)
        while not ctx.calendar.is_workday(notify_by):
            notify_by -= dt.timedelta(days=1)
    store = ctx.store()
    paid = {r["enterprise"]: int(r["fen"]) for r in store.query(
        "SELECT enterprise, SUM(amount_fen) AS fen FROM payments WHERE purpose = 'installation' GROUP BY enterprise")}
    prices = load_prices(find_prices(args.registry)).on(day)
    notices = notification_list(reg.enterprises_at(site.code), paid, lambda n: installation_fen(n, prices))
    days, note = horizon(ctx.calendar, day, 5)
    booked: dict[tuple[str, dt.date], int] = {}
    for r in store.query("SELECT engineer, day, COUNT(*) AS n FROM visits WHERE campaign_id IS NOT NULL"
                         " GROUP BY engineer, day"):
        booked[(r["engineer"], dt.date.fromisoformat(r["day"]))] = int(r["n"])
    plan, codes = schedule_installs(site.code, notices, load_engineers(store), days, booked)
    with store.transaction() as conn:
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
    unplaced = [codes[m.request_id] for m in plan.misses if m.day is None]
    if store.query("SELECT 1 FROM plans LIMIT 1"):
        run_plan(store, ctx.calendar, ctx.cutoff, ctx.now)  # maintenance around the new installation visits
    ctx.close()
    result = {"campaign": cid, "site": site.code, "site_name": site.name, "day": day.isoformat(),
              "notify_by": notify_by.isoformat(), "notice_too_short": notify_by < ctx.today,
              "install": [{"enterprise": codes[a.request_id], "engineer": a.engineer, "day": a.day.isoformat()}
                          for a in plan.assignments],
              "no_installer": unplaced, "horizon_note": note,
              "notifications": [{"customs_code": n.customs_code, "name": n.name, "contacts": n.contacts,
                                 "lacks": [x.text(ctx.lang) for x in n.lacks],
                                 "notes": [x.text(ctx.lang) for x in n.notes], "installable": n.installable}
                                for n in notices]}
    if args.json:
        emit_json(result)
        return 0
    print(t("dispatch.campaign.head", ctx.lang, id=cid, site=site.code, name=site.name, day=day, notify=notify_by))
    if result["notice_too_short"]:
        print(f"qpfleet: warning: fewer than {args.notice_days} working days of notice left (notify by {notify_by})")
    _print_notices(result["notifications"], ctx.lang)
    for a in result["install"]:
        print(f"  {a['day']} {a['engineer']}: {t('dispatch.kind.install', ctx.lang)} {a['enterprise']}")
    for code in unplaced:
        print(f"  {code}: no engineer with skill 'install' serving site {site.code} has capacity")
    return 0


def _print_notices(notices: list[dict[str, Any]], lang: str) -> None:
    from checks.i18n import t

    for n in notices:
        verdict = t("dispatch.campaign.install" if n["installable"] else "dispatch.campaign.skip", lang)
        people = "; ".join(f"{c['name']} {c['phone']}" + (f" ({c['role']})" if c.get("role") else "")
                           for c in n["contacts"]) or "-"
        print(f"  [{verdict}] {n['customs_code']} {n['name']}  {people}")
        for item in n["lacks"]:
            print(f"      {t('dispatch.campaign.lacks', lang)}{item}")
        for item in n.get("notes", []):
            print(f"      {item}")


def handle_campaign_show(args: argparse.Namespace) -> int:
    from pathlib import Path

    from checks.errors import InputError
    from checks.fsutil import write_atomic
    from checks.textio import csv_text
    from provisioning.dispatch.reasons import Reason

    ctx = context(args)
    store = ctx.store()
    rows = store.query("SELECT * FROM campaigns WHERE id = ?", (args.id,))
    if not rows:
        raise InputError(f"no campaign {args.id}", where=str(args.id))
    camp = rows[0]
    notices = []
    for r in store.query("SELECT * FROM notifications WHERE campaign_id = ? ORDER BY id", (args.id,)):
        stored = json.loads(r["lacks"])
        notices.append({"customs_code": r["enterprise"], "name": r["name"], "contacts": json.loads(r["contacts"]),
                        "lacks": [Reason.from_json(x).text(ctx.lang) for x in stored["lacks"]],
                        "notes": [Reason.from_json(x).text(ctx.lang) for x in stored["notes"]],
                        "installable": bool(r["installable"])})
    ctx.close()
    if args.csv:
        write_atomic(Path(args.csv), csv_text(
            ["海关编码 customs_code", "企业名称 name", "联系人 contacts", "安装 install", "缺少 lacks", "备注 notes"],
            ([n["customs_code"], n["name"], "; ".join(f"{c['name']} {c['phone']}" for c in n["contacts"]),
              "yes" if n["installable"] else "no", "; ".join(n["lacks"]), "; ".join(n["notes"])] for n in notices)))
    if args.json:
        emit_json({"campaign": dict(camp), "notifications": notices})
    else:
        print(f"campaign #{camp['id']}: site {camp['site']}, installation {camp['day']}, notify by {camp['notify_by']}")
        _print_notices(notices, ctx.lang)
    return 0


def _sync_sessions(ctx: Any, config_path: str | None) -> tuple[Any, list[dt.datetime]]:
    from provisioning.dispatch.store import utc_text
    from provisioning.dispatch.training import generate_sessions, load_training_config

    config = load_training_config(config_path)
    sessions = generate_sessions(config, ctx.calendar)
    with ctx.store().transaction() as conn:
        for start in sessions:
            conn.execute("INSERT INTO training_sessions (starts_at, capacity) VALUES (?, ?)"
                         " ON CONFLICT(starts_at) DO UPDATE SET capacity = excluded.capacity",
                         (utc_text(start), config.capacity))
    return config, sessions


def handle_training_sessions(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from provisioning.dispatch.store import utc_text

    ctx = context(args)
    config, sessions = _sync_sessions(ctx, args.config)
    rows = []
    for start in sessions:
        r = ctx.store().query("SELECT s.capacity, COUNT(g.id) AS n FROM training_sessions s LEFT JOIN registrations g"
                              " ON g.session_id = s.id WHERE s.starts_at = ? GROUP BY s.id", (utc_text(start),))[0]
        rows.append({"session": f"{start:%Y-%m-%d %H:%M}", "weekday": f"{start:%a}", "taken": int(r["n"]),
                     "capacity": int(r["capacity"])})
    ctx.close()
    if args.json:
        emit_json({"registration_due": config.registration_due.isoformat(), "place": config.place, "sessions": rows})
        return 0
    print(f"{len(rows)} session(s), {config.place}; registration due {config.registration_due} (end of day)")
    for r in rows:
        print(t("dispatch.training.seats", ctx.lang, session=f"{r['session']} {r['weekday']}", taken=r["taken"],
                cap=r["capacity"]))
    return 0


def handle_training_register(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from checks.i18n import t
    from provisioning.dispatch.calendar import SHANGHAI
    from provisioning.dispatch.store import utc_text
    from provisioning.dispatch.training import registration_refusal

    ctx = context(args)
    ent = ctx.registry().enterprises.get(args.enterprise)
    if ent is None:
        raise InputError(f"unknown enterprise {args.enterprise!r} (not in the registry)", where="--enterprise")
    person = args.person.strip()
    if not person:
        raise InputError("give the trainee's name", where="--person")
    try:
        start = dt.datetime.fromisoformat(args.session.strip())
    except ValueError:
        raise InputError(f"{args.session!r} is not a session time ('2026-12-10 09:30')", where="--session") from None
    start = start.replace(tzinfo=SHANGHAI) if start.tzinfo is None else start.astimezone(SHANGHAI)
    config, sessions = _sync_sessions(ctx, args.config)
    if start not in sessions:
        raise InputError(f"no session at {start:%Y-%m-%d %H:%M}; sessions: "
                         f"{', '.join(f'{s:%m-%d %H:%M}' for s in sessions)}", where="--session")
    with ctx.store().transaction() as conn:
        sess = conn.execute("SELECT id, capacity FROM training_sessions WHERE starts_at = ?", (utc_text(start),)).fetchone()
        taken = int(conn.execute("SELECT COUNT(*) FROM registrations WHERE session_id = ?", (sess["id"],)).fetchone()[0])
        already = conn.execute("SELECT 1 FROM registrations WHERE session_id = ? AND enterprise = ? AND person = ?",
                               (sess["id"], ent.customs_code, person)).fetchone() is not None
        reason = registration_refusal(ctx.now, config, start, taken, int(sess["capacity"]), already)
        if reason is None:
            conn.execute("INSERT INTO registrations (session_id, enterprise, person, registered_at) VALUES (?, ?, ?, ?)",
                         (sess["id"], ent.customs_code, person, utc_text(ctx.now)))
    ctx.close()
    label = f"{start:%Y-%m-%d %H:%M}"
    if args.json:
        emit_json({"registered": reason is None, "reason": reason.text(ctx.lang) if reason else None,
                   "session": label, "enterprise": ent.customs_code, "person": person})
    elif reason is None:
        print(t("dispatch.training.ok", ctx.lang, person=person, ent=ent.name, session=label))
    else:
        print(t("dispatch.training.refused", ctx.lang, reason=reason.text(ctx.lang)))
    return 0 if reason is None else 1
