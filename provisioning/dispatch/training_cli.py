"""``qpfleet dispatch training sessions|register|list|cancel|attendance``: central training (§7.1) on the store.

Sessions come from the training configuration; a registration is checked against the due date,
the session's start and its seats (:mod:`provisioning.dispatch.training`). ``list`` shows who is
registered, ``cancel`` frees a seat, ``attendance`` writes the sign-in sheet of the sessions as CSV
for Excel (through :func:`checks.textio.csv_text`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from checks.argtypes import whole_number
from checks.i18n import Msg, add, h
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.dispatch.commands import context, emit_json

add({
    "help.dispatch.training.list": {"zh": "按场次列出报名的人", "en": "who is registered, by session"},
    "help.dispatch.training.cancel": {"zh": "取消一项报名（空出名额）", "en": "cancel a registration (frees the seat)"},
    "help.dispatch.training.attendance": {"zh": "写出各场次的签到表（CSV）", "en": "the sign-in sheet of the sessions as CSV"},
    "help.dispatch.training.only_session": {"zh": "只看这一场（北京时间）", "en": "only this session (Beijing time)"},
    "help.dispatch.training.only_enterprise": {"zh": "只看这家企业（海关编码）", "en": "only this enterprise (customs code)"},
    "help.dispatch.training.id": {"zh": "报名编号（见 training list）", "en": "the registration's number (training list)"},
    "help.dispatch.training.csv": {"zh": "签到表文件（UTF-8 带 BOM，Excel 可直接打开）",
                                   "en": "the sheet (UTF-8 with BOM, opens in Excel)"},
})


def register(dsub: Any, common: argparse.ArgumentParser, parser_class: Any) -> None:
    tr = dsub.add_parser("training", help=h("help.dispatch.training")).add_subparsers(
        dest="tr_cmd", metavar=h("cli.action"), required=True, parser_class=parser_class)
    actions = (("sessions", handle_training_sessions), ("register", handle_training_register),
               ("list", handle_training_list), ("cancel", handle_training_cancel),
               ("attendance", handle_training_attendance))
    for name, func in actions:
        p = tr.add_parser(name, parents=[common], help=h(f"help.dispatch.training.{name}"))
        p.add_argument("--config", metavar="FILE", help=h("help.dispatch.training.config"))
        p.set_defaults(func=func)
        if name == "register":
            p.add_argument("--enterprise", required=True, metavar="CUSTOMS_CODE",
                           help=h("help.dispatch.training.enterprise"))
            p.add_argument("--person", required=True, help=h("help.dispatch.training.person"))
            p.add_argument("--session", required=True, metavar="'YYYY-MM-DD HH:MM'",
                           help=h("help.dispatch.training.session"))
        if name in ("list", "attendance"):
            p.add_argument("--session", metavar="'YYYY-MM-DD HH:MM'", help=h("help.dispatch.training.only_session"))
            p.add_argument("--enterprise", metavar="CUSTOMS_CODE", help=h("help.dispatch.training.only_enterprise"))
        if name == "cancel":
            p.add_argument("id", type=whole_number(1, 2**62), help=h("help.dispatch.training.id"))
        if name == "attendance":
            p.add_argument("--csv", required=True, metavar="FILE", help=h("help.dispatch.training.csv"))


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


def _session_time(text: str) -> dt.datetime:
    from checks.errors import InputError
    from provisioning.dispatch.calendar import SHANGHAI

    try:
        start = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Msg("dispatch.err.session_time", text=repr(text)), where="--session") from None
    return start.replace(tzinfo=SHANGHAI) if start.tzinfo is None else start.astimezone(SHANGHAI)


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
    print(t("dispatch.training.head", ctx.lang, n=len(rows), place=config.place, due=config.registration_due))
    for r, start in zip(rows, sessions, strict=True):
        print(t("dispatch.training.seats", ctx.lang, session=f"{r['session']} {t(f'weekday.{start.weekday()}', ctx.lang)}",
                taken=r["taken"], cap=r["capacity"]))
    return 0


def handle_training_register(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from checks.i18n import t
    from provisioning.dispatch.store import utc_text
    from provisioning.dispatch.training import registration_refusal

    ctx = context(args)
    ent = ctx.registry().enterprises.get(args.enterprise)
    if ent is None:
        raise InputError(Msg("dispatch.err.unknown_enterprise", code=repr(args.enterprise)), where="--enterprise")
    from checks.textio import name_problem

    person = args.person.strip()
    if not person:
        raise InputError(Msg("dispatch.err.person"), where="--person")
    problem = name_problem(person)
    if problem is not None:
        raise InputError(problem, where="--person")
    start = _session_time(args.session)
    config, sessions = _sync_sessions(ctx, args.config)
    if start not in sessions:
        raise InputError(Msg("dispatch.err.no_session", at=f"{start:%Y-%m-%d %H:%M}",
                             sessions=", ".join(f"{s:%m-%d %H:%M}" for s in sessions)), where="--session")
    rid = None
    with ctx.store().transaction() as conn:
        sess = conn.execute("SELECT id, capacity FROM training_sessions WHERE starts_at = ?", (utc_text(start),)).fetchone()
        taken = int(conn.execute("SELECT COUNT(*) FROM registrations WHERE session_id = ?", (sess["id"],)).fetchone()[0])
        already = conn.execute("SELECT 1 FROM registrations WHERE session_id = ? AND enterprise = ? AND person = ?",
                               (sess["id"], ent.customs_code, person)).fetchone() is not None
        reason = registration_refusal(ctx.now, config, start, taken, int(sess["capacity"]), already)
        if reason is None:
            rid = conn.execute("INSERT INTO registrations (session_id, enterprise, person, registered_at)"
                               " VALUES (?, ?, ?, ?)", (sess["id"], ent.customs_code, person, utc_text(ctx.now))).lastrowid
    ctx.close()
    label = f"{start:%Y-%m-%d %H:%M}"
    if args.json:
        emit_json({"registered": reason is None, "id": rid, "reason": reason.text(ctx.lang) if reason else None,
                   "session": label, "enterprise": ent.customs_code, "person": person})
    elif reason is None:
        print(t("dispatch.training.ok", ctx.lang, person=person, ent=ent.name, session=label) + f" (#{rid})")
    else:
        print(t("dispatch.training.refused", ctx.lang, reason=reason.text(ctx.lang)))
    return 0 if reason is None else 1


def _registrants(ctx: Any, session: str | None, enterprise: str | None) -> list[dict[str, Any]]:
    from checks.errors import QpError
    from provisioning.dispatch.calendar import SHANGHAI
    from provisioning.dispatch.store import from_utc_text, utc_text

    sql = ("SELECT g.id, s.starts_at, g.enterprise, g.person, g.registered_at FROM registrations g"
           " JOIN training_sessions s ON s.id = g.session_id WHERE 1 = 1")
    params: list[object] = []
    if session:
        sql += " AND s.starts_at = ?"
        params.append(utc_text(_session_time(session)))
    if enterprise:
        sql += " AND g.enterprise = ?"
        params.append(enterprise)
    try:
        names = {c: e.name for c, e in ctx.registry().enterprises.items()}
    except QpError:  # names are a convenience: an unreadable registry leaves them out
        names = {}
    return [{"id": r["id"], "session": f"{from_utc_text(r['starts_at']).astimezone(SHANGHAI):%Y-%m-%d %H:%M}",
             "enterprise": r["enterprise"], "name": names.get(r["enterprise"], ""), "person": r["person"],
             "registered_at": f"{from_utc_text(r['registered_at']).astimezone(SHANGHAI):%Y-%m-%d %H:%M}"}
            for r in ctx.store().query(sql + " ORDER BY s.starts_at, g.enterprise, g.person", tuple(params))]


def handle_training_list(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from checks.report import pad
    from checks.textio import safe_text

    ctx = context(args)
    rows = _registrants(ctx, args.session, args.enterprise)
    ctx.close()
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print(t("dispatch.training.nobody", ctx.lang))
    current = None
    for r in rows:
        if r["session"] != current:
            current = r["session"]
            print(t("dispatch.training.session", ctx.lang, session=current,
                    n=sum(1 for x in rows if x["session"] == current)))
        print(f"  #{r['id']:<5} {r['enterprise']}  {pad(safe_text(r['name']), 32)}  {safe_text(r['person'])}")
    return 0


def handle_training_cancel(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from checks.i18n import t
    from provisioning.dispatch.calendar import SHANGHAI
    from provisioning.dispatch.store import from_utc_text

    ctx = context(args)
    with ctx.store().transaction() as conn:
        row = conn.execute("SELECT g.*, s.starts_at FROM registrations g JOIN training_sessions s ON s.id = g.session_id"
                           " WHERE g.id = ?", (args.id,)).fetchone()
        if row is None:
            raise InputError(t("dispatch.training.err.none", ctx.lang, id=args.id), where=str(args.id))
        start = from_utc_text(row["starts_at"])
        if ctx.now >= start:
            raise InputError(t("dispatch.training.err.started", ctx.lang, id=args.id,
                               session=f"{start.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"), where=str(args.id))
        conn.execute("DELETE FROM registrations WHERE id = ?", (args.id,))
    ctx.close()
    label = f"{start.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
    if args.json:
        emit_json({"cancelled": args.id, "session": label, "enterprise": row["enterprise"], "person": row["person"]})
    else:
        print(t("dispatch.training.cancelled", ctx.lang, id=args.id, person=row["person"], session=label))
    return 0


def handle_training_attendance(args: argparse.Namespace) -> int:
    from pathlib import Path

    from checks.fsutil import write_atomic
    from checks.i18n import t
    from checks.textio import csv_text

    ctx = context(args)
    rows = _registrants(ctx, args.session, args.enterprise)
    ctx.close()
    head = [t(f"dispatch.attendance.col.{k}", ctx.lang) for k in ("no", "session", "code", "name", "person", "sign",
                                                                   "remark")]
    body = [[i + 1, r["session"], r["enterprise"], r["name"], r["person"], "", ""] for i, r in enumerate(rows)]
    write_atomic(Path(args.csv), csv_text(head, body))
    if args.json:
        emit_json({"file": args.csv, "rows": len(rows)})
    else:
        print(t("dispatch.attendance.written", ctx.lang, file=args.csv, n=len(rows),
                sessions=len({r["session"] for r in rows})))
    return 0
