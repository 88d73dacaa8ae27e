"""``qpfleet dispatch plan|board|export``: the handlers that make, show and export plans."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from typing import Any

from checks.argtypes import whole_number
from checks.i18n import Msg, add, h
from provisioning.dispatch.commands import context, emit_json, parse_date

add({
    "help.dispatch.plan": {"zh": "安排所有未完成的维护单和现场指导（期限早的优先）；有上门会超期时退出码为 1",
                           "en": "plan every open request (earliest deadline first); exit 1 when a visit will be late"},
    "help.dispatch.plan.from": {"zh": "第一天（默认今天；过了截止时间则为下一个工作日）",
                                "en": "first day (default: today, or the next working day after the cut-off)"},
    "help.dispatch.plan.days": {"zh": "安排多少个工作日（默认20）", "en": "working days to plan (default 20)"},
    "help.dispatch.board": {"zh": "今天和下一个工作日的上门安排，以及超期风险",
                            "en": "today's and the next working day's visits, SLA risks"},
    "help.dispatch.export": {"zh": "导出已安排的上门", "en": "export the planned visits"},
    "help.dispatch.export.ics": {"zh": "在此目录为每位工程师写一个iCalendar日历文件",
                                 "en": "one iCalendar file per engineer in DIR"},
    "help.dispatch.export.csv": {"zh": "CSV文件（UTF-8带BOM，Excel可直接打开）", "en": "CSV (UTF-8 with BOM, opens in Excel)"},
    "help.dispatch.campaign": {"zh": "现场集中安装", "en": "site installation campaigns"},
    "help.dispatch.campaign.plan": {"zh": "安排某海关现场的集中安装", "en": "schedule the installation at a customs site"},
    "help.dispatch.campaign.site": {"zh": "海关现场代码", "en": "customs site code"},
    "help.dispatch.campaign.day": {"zh": "安装日（须为工作日）", "en": "installation day (a working day)"},
    "help.dispatch.campaign.notice": {"zh": "提前通知的工作日数（默认3）", "en": "working days of notice (default 3)"},
    "help.dispatch.campaign.show": {"zh": "集中安装的通知名单", "en": "a campaign's notification list"},
    "help.dispatch.campaign.id": {"zh": "集中安装编号", "en": "campaign number"},
    "help.dispatch.campaign.csv": {"zh": "把通知名单写成CSV（UTF-8带BOM）",
                                   "en": "write the notification list as CSV (UTF-8 with BOM)"},
    "help.dispatch.training": {"zh": "集中培训场次和报名", "en": "central training sessions and registrations"},
    "help.dispatch.training.sessions": {"zh": "培训场次和名额", "en": "sessions and seats"},
    "help.dispatch.training.register": {"zh": "为某人报名某一场培训", "en": "register a person for a session"},
    "help.dispatch.training.config": {"zh": "培训配置（默认 inventory/calendar/training.yml）",
                                      "en": "training configuration (default: inventory/calendar/training.yml)"},
    "help.dispatch.training.enterprise": {"zh": "企业的海关编码", "en": "the enterprise's customs code"},
    "help.dispatch.training.person": {"zh": "参加培训的人", "en": "the trainee's name"},
    "help.dispatch.training.session": {"zh": "场次，北京时间", "en": "Beijing time"},
})


def register(dsub: Any, common: argparse.ArgumentParser, parser_class: Any) -> None:
    from provisioning.dispatch import campaign_cli, training_cli

    p = dsub.add_parser("plan", parents=[common], help=h("help.dispatch.plan"))
    p.add_argument("--days", type=whole_number(1, 366), default=20, help=h("help.dispatch.plan.days"))
    p.add_argument("--from", dest="first", metavar="DATE", help=h("help.dispatch.plan.from"))
    p.set_defaults(func=handle_plan)
    p = dsub.add_parser("board", parents=[common], help=h("help.dispatch.board"))
    p.set_defaults(func=handle_board)
    p = dsub.add_parser("export", parents=[common], help=h("help.dispatch.export"))
    p.add_argument("--ics", metavar="DIR", help=h("help.dispatch.export.ics"))
    p.add_argument("--csv", metavar="FILE", help=h("help.dispatch.export.csv"))
    p.set_defaults(func=handle_export)
    campaign_cli.register(dsub, common, parser_class)
    training_cli.register(dsub, common, parser_class)


def plan_data(report: Any, lang: str, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The plan as data: counts, every visit, every miss with its reason, campaign visits that moved."""
    plan = report.plan
    names = names or {}
    late = [m for m in plan.misses if m.day is not None]
    return {
        "plan_id": report.plan_id, "first_day": report.first_day.isoformat(), "working_days": len(report.days),
        "visit_count": len(plan.assignments), "trips": plan.trips, "on_time": plan.on_time, "late": len(late),
        "unassigned": len(plan.misses) - len(late),
        "day_over": report.day_over.isoformat() if report.day_over else None,
        "visits": [{"request": a.request_id, "kind": report.states[a.request_id].kind,
                    "enterprise": report.states[a.request_id].enterprise,
                    "name": names.get(report.states[a.request_id].enterprise),
                    "site": a.site, "engineer": a.engineer, "day": a.day.isoformat(),
                    "deadline": report.states[a.request_id].deadline.deadline_date.isoformat(),  # type: ignore[union-attr]
                    "late": a.late} for a in plan.assignments],
        "misses": [{"request": m.request_id, "kind": report.states[m.request_id].kind,
                    "enterprise": report.states[m.request_id].enterprise,
                    "site": report.states[m.request_id].site, "deadline": m.deadline.isoformat(),
                    "visit_day": m.day.isoformat() if m.day else None, "reason": m.reason.text(lang)}
                   for m in plan.misses],
        "campaign_moves": [{"campaign": c.campaign, "enterprise": c.enterprise, "engineer_before": c.before[0],
                            "day_before": c.before[1].isoformat(),
                            "engineer_after": c.after[0] if c.after else None,
                            "day_after": c.after[1].isoformat() if c.after else None,
                            "notify_again": c.day_changed} for c in report.campaign_moves],
        "paused": [s.id for s in report.paused],
        "deadline_unknown": [{"request": s.id, "error": s.error} for s in report.unknown],
        "horizon_note": report.horizon_note,
        "moved": [{"request": r, "before": b, "after": a} for r, b, a in report.moved],
        "estimated": any(s.deadline and s.deadline.estimated for s in report.states.values()),
    }


def print_plan(report: Any, lang: str, as_json: bool = False, names: dict[str, str] | None = None) -> int:
    """Print a plan run; returns 1 when any visit will be late or is without a day, else 0."""
    from checks.i18n import render, t

    data = plan_data(report, lang, names)
    code = 1 if report.plan.misses or any(c.day_changed for c in report.campaign_moves) else 0
    if as_json:
        emit_json(data)
        return code
    if report.horizon_note:
        print(f"qpfleet: {t('dispatch.warning', lang)}: {render(report.horizon_note, lang)}", file=sys.stderr)
    if report.day_over:
        print(t("dispatch.plan.day_over", lang, day=report.day_over, first=report.first_day))
    print(t("dispatch.plan.summary", lang, id=report.plan_id, first=report.first_day.isoformat(),
            days=len(report.days), visits=data["visit_count"], trips=data["trips"], on_time=data["on_time"],
            late=data["late"], unassigned=data["unassigned"]) + (t("dispatch.estimated", lang) if data["estimated"]
                                                                 else ""))
    if report.plan.misses:
        print(t("dispatch.plan.misses", lang))
        for m in data["misses"]:
            when = (t("dispatch.plan.visit_on", lang, day=m["visit_day"]) if m["visit_day"]
                    else t("dispatch.plan.no_visit", lang))
            print(t("dispatch.plan.miss", lang, id=m["request"], ent=m["enterprise"], site=m["site"],
                    kind=t(f"dispatch.kind.{m['kind']}", lang), deadline=m["deadline"], when=when, why=m["reason"]))
    for s in report.unknown:
        print(t("dispatch.plan.unknown", lang, id=s.id, ent=s.enterprise, error=s.error))
    if report.paused:
        print(t("dispatch.plan.paused", lang, ids=", ".join(f"#{s.id}" for s in report.paused)))
    if report.campaign_moves:
        print(t("dispatch.plan.campaign_moves", lang))
        for c in report.campaign_moves:
            after = (f"{c.after[0]} {c.after[1]}" if c.after else t("dispatch.plan.no_visit", lang))
            note = t("dispatch.plan.notify_again", lang) if c.day_changed else ""
            print(t("dispatch.plan.campaign_move", lang, id=c.campaign, ent=c.enterprise,
                    before=f"{c.before[0]} {c.before[1]}", after=after) + note)
    if report.moved:
        print(t("dispatch.plan.moved", lang))
        for r, b, a in report.moved:
            print(f"  #{r}: {b} -> {a}")
    return code


def handle_plan(args: argparse.Namespace) -> int:
    from checks.errors import InputError
    from provisioning.dispatch.planning import run_plan

    ctx = context(args)
    if not 1 <= args.days <= 366:
        raise InputError(Msg("dispatch.err.days", n=args.days), where="--days")
    first = parse_date(args.first, "--from") if args.first else None
    report = run_plan(ctx.store(), ctx.calendar, ctx.cutoff, ctx.now, args.days, first)
    names, _ = _names(ctx, quiet=True)
    ctx.close()
    return print_plan(report, ctx.lang, args.json, {c: n.name for c, n in names.items()})


def _names(ctx: Any, quiet: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    """Enterprises and sites of the registry (empty when it cannot be read, with a warning)."""
    from checks.errors import QpError
    from checks.i18n import t

    try:
        reg = ctx.registry()
    except QpError as exc:
        if not quiet:
            print(f"qpfleet: {t('dispatch.warning', ctx.lang)}: "
                  f"{t('dispatch.no_names', ctx.lang, error=exc.text(ctx.lang).splitlines()[0])}", file=sys.stderr)
        return {}, {}
    return dict(reg.enterprises), dict(reg.sites)


def visit_rows(store: Any, names: tuple[dict[str, Any], dict[str, Any]], cutoff: dt.time,
               since: dt.date | None = None, days: tuple[dt.date, ...] | None = None) -> list[Any]:
    """The planned visits from ``since`` on (or on ``days``) — not those of a cancelled campaign — with the
    enterprise's and site's names, address, contacts and terminals (``names``: the registry's enterprises
    and sites by code) and the working window of the day."""
    from provisioning.dispatch.export import VisitRow, day_window

    ents, sites = names
    engs = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM engineers")}
    select = ("SELECT v.*, c.status AS campaign_status FROM visits v LEFT JOIN campaigns c ON c.id = v.campaign_id"
              " WHERE (c.status IS NULL OR c.status = 'planned') AND ")
    order = " ORDER BY v.day, v.engineer, v.site, v.enterprise"
    if days is not None:
        marks = ", ".join("?" * len(days))
        found = store.query(f"{select}v.day IN ({marks}){order}", tuple(d.isoformat() for d in days))
    else:
        found = store.query(f"{select}v.day >= ?{order}", ((since or dt.date.min).isoformat(),))
    rows = []
    for r in found:
        ref = f"request-{r['request_id']}" if r["request_id"] is not None else f"campaign-{r['campaign_id']}"
        ent, site = ents.get(r["enterprise"]), sites.get(r["site"])
        day = dt.date.fromisoformat(r["day"])
        start, end = day_window(day, cutoff)
        qp = [t for t in ent.terminals if t.role == "qp"] if ent else []
        if r["kind"] == "install":
            qp = [t for t in qp if not t.qp_installed] or qp
        rows.append(VisitRow(day, r["engineer"], engs.get(r["engineer"], ""), r["kind"], r["site"],
                             site.name if site else "", r["enterprise"], ent.name if ent else "",
                             dt.date.fromisoformat(r["deadline"]) if r["deadline"] else None, bool(r["late"]), ref,
                             start, end,
                             (ent.address or "") if ent else "", site.address if site else "",
                             tuple((c.name, c.phone, c.role or "") for c in ent.contacts) if ent else (),
                             tuple((t.host, t.address, t.qp_installed) for t in qp)))
    return rows


def _visit_rows(ctx: Any, since: dt.date | None = None) -> list[Any]:
    return visit_rows(ctx.store(), _names(ctx), ctx.cutoff, since)


@dataclass(frozen=True)
class Risk:
    """An open request at risk of missing its deadline, and why (a catalogue reason)."""

    request: int
    enterprise: str
    site: str
    deadline: dt.date | None
    why: Any  # provisioning.dispatch.reasons.Reason
    request_kind: str = "maintenance"  # what the visit is (dispatch.kind.*): the request's skill, or guidance

    @property
    def kind(self) -> str:
        """The reason's catalogue key: ``dispatch.risk.overdue``, ``dispatch.risk.due``, ``dispatch.why.*`` …"""
        return str(self.why.parts[0][0])


@dataclass
class BoardView:
    """What ``dispatch board`` and the web board show: the visits of today and the next working day, the risks."""

    today: dt.date
    next_day: dt.date | None
    calendar_note: str | None
    rows: list[Any]  # VisitRow of today and the next working day
    risks: list[Risk]
    has_plan: bool
    open_requests: list[Any] = field(default_factory=list)  # RequestState of every open request
    day_over: bool = False  # past the cut-off: a visit due today is late

    @property
    def days(self) -> list[dt.date]:
        return [d for d in (self.today, self.next_day) if d is not None]


def _visit_kind(s: Any) -> str:
    """On-site guidance is a kind of its own; a paid request is the visit its skill names."""
    return "guidance" if s.kind == "guidance" else str(s.skill)


def board_view(store: Any, calendar: Any, cutoff: dt.time, today: dt.date,
               names: tuple[dict[str, Any], dict[str, Any]], day_over: bool = False) -> BoardView:
    """The board's data (read only): visits of ``today`` and the next working day, and the SLA risks.

    ``names``: the registry's enterprises and sites by code; ``day_over``: the cut-off of ``today`` has
    passed (:func:`provisioning.dispatch.ops.is_after_cutoff`), so what is due today is late.
    """
    from provisioning.dispatch.calendar import CalendarGap
    from provisioning.dispatch.ops import request_states
    from provisioning.dispatch.planning import latest_misses
    from provisioning.dispatch.reasons import reason

    note = None
    try:
        nxt: dt.date | None = calendar.next_workday_after(today)
    except CalendarGap as exc:
        nxt, note = None, str(exc)
    rows = visit_rows(store, names, cutoff, days=tuple(d for d in (today, nxt) if d is not None))
    planned = {r["request_id"]: r for r in store.query("SELECT * FROM visits WHERE request_id IS NOT NULL")}
    misses = {m.request_id: m for m in latest_misses(store)}
    risks: list[Risk] = []
    states = request_states(store, calendar, cutoff)
    for s in states:
        if s.deadline is None:
            risks.append(Risk(s.id, s.enterprise, s.site, None, reason("dispatch.risk.unknown", error=s.error),
                              _visit_kind(s)))
            continue
        dl = s.deadline.deadline_date
        if dl is None:
            continue
        visit = planned.get(s.id)
        why = None
        if dl < today or (dl == today and day_over):  # after the cut-off the day is over: due today is late
            why = reason("dispatch.risk.overdue", day=dl.isoformat())
        elif s.id in misses:
            why = misses[s.id].reason
        elif visit is None:
            why = reason("dispatch.risk.not_planned")
        elif visit["late"]:
            why = reason("dispatch.risk.late", day=visit["day"])
        elif visit["day"] < today.isoformat():
            why = reason("dispatch.risk.past_visit", day=visit["day"], engineer=visit["engineer"])
        elif nxt is not None and dl <= nxt:
            why = reason("dispatch.risk.due", deadline=dl.isoformat(), day=visit["day"], engineer=visit["engineer"])
        if why:
            risks.append(Risk(s.id, s.enterprise, s.site, dl, why, _visit_kind(s)))
    has_plan = bool(store.query("SELECT 1 FROM plans LIMIT 1"))
    return BoardView(today, nxt, note, rows, risks, has_plan, states, day_over)


def handle_board(args: argparse.Namespace) -> int:
    from checks.i18n import t
    from checks.textio import safe_text
    from provisioning.dispatch.ops import is_after_cutoff

    ctx = context(args)
    view = board_view(ctx.store(), ctx.calendar, ctx.cutoff, ctx.today, _names(ctx),
                      is_after_cutoff(ctx.now, ctx.cutoff))
    ctx.close()
    if view.calendar_note:
        print(f"qpfleet: {t('dispatch.warning', ctx.lang)}: {view.calendar_note}", file=sys.stderr)
    rows = view.rows
    risks = [{"request": r.request, "enterprise": r.enterprise, "deadline": r.deadline.isoformat() if r.deadline else None,
              "why": r.why.text(ctx.lang)} for r in view.risks]
    days = view.days
    dl_word = t("dispatch.col.deadline", ctx.lang)
    if args.json:
        emit_json({"days": {d.isoformat(): [r.as_dict() for r in rows if r.day == d] for d in days}, "risks": risks,
                   "has_plan": view.has_plan, "day_over": view.day_over})
        return 0
    if not view.has_plan:
        print(t("dispatch.board.noplan", ctx.lang))
    for label, d in zip((t("dispatch.board.today", ctx.lang), t("dispatch.board.next", ctx.lang)), days, strict=False):
        print(t("dispatch.board.day", ctx.lang, label=label, day=f"{d.isoformat()} {t(f'weekday.{d.weekday()}', ctx.lang)}"))
        todays = [r for r in rows if r.day == d]
        if not todays:
            print(t("dispatch.board.none", ctx.lang))
        for eng in sorted({r.engineer for r in todays}):
            mine = [r for r in todays if r.engineer == eng]
            print(f"  {eng} {safe_text(mine[0].engineer_name)}:")
            for r in mine:
                print(f"    {t(f'dispatch.kind.{r.kind}', ctx.lang)} {r.site} {safe_text(r.site_name)} {r.customs_code} "
                      f"{safe_text(r.enterprise)}" + (f" ({dl_word} {r.deadline})" if r.deadline else ""))
    print(t("dispatch.board.risk", ctx.lang))
    if not risks:
        print(t("dispatch.board.norisk", ctx.lang))
    for r in risks:
        print(f"  #{r['request']} {r['enterprise']} {dl_word} {r['deadline'] or '?'}: {r['why']}")
    return 0


def handle_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from checks.errors import InputError
    from checks.fsutil import write_atomic
    from checks.i18n import t
    from provisioning.dispatch.export import csv_text_of, ics_files

    if not args.ics and not args.csv:
        raise InputError(Msg("dispatch.err.export"), where="export")
    ctx = context(args)
    rows = _visit_rows(ctx)
    engineers = {r["id"]: r["name"] for r in ctx.store().query("SELECT id, name FROM engineers WHERE removed_at IS NULL")}
    ctx.close()
    if args.csv:
        write_atomic(Path(args.csv), csv_text_of(rows, ctx.lang))
        print(t("dispatch.export.csv", ctx.lang, file=args.csv, n=len(rows)))
    if args.ics:
        files = ics_files(rows, ctx.now, ctx.lang, engineers)
        for name, data in files.items():
            write_atomic(Path(args.ics) / name, data)
        print(t("dispatch.export.ics", ctx.lang, dir=args.ics, files=len(files), n=len(rows)))
    return 0
