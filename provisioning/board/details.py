"""The read models of one enterprise, one terminal, the dispatch board and the search (read only).

Results come from :mod:`provisioning.state`, requests and plans from the dispatch module's own
functions, quotes from :func:`provisioning.fees.cli.enterprise_quote`, the transmission-fee
statement from the fee ledger (read-only); the registry is the one the board currently serves.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.errors import QpError
from checks.i18n import render
from provisioning import state
from provisioning.dispatch.store import Store, from_utc_text


@dataclass
class TerminalRow:
    terminal: Any  # registry Terminal
    installed: bool
    verdict: state.HostResult | None
    install: state.HostResult | None
    install_run: state.Run | None


@dataclass
class RequestRow:
    state: Any  # provisioning.dispatch.ops.RequestState
    hosts: list[str]
    visit: dict[str, Any] | None
    closed_at: dt.datetime | None
    closed_by_run: str | None
    closed_by: state.HostResult | None
    closed_by_operator: str


@dataclass
class EnterpriseView:
    enterprise: Any
    site_name: str
    terminals: list[TerminalRow]
    payments: list[dict[str, Any]]
    requests: list[RequestRow]
    quote: Any
    quote_error: str | None
    payee: tuple[str, str] | None
    statement: list[tuple[str, int, int]] | None  # None: no ledger configured
    statement_error: str | None = None
    contract_reused: bool = False  # the transmission-fee contract is an earlier one, reused (§1.3)
    agreement_note: tuple[str, dict[str, Any]] | None = None  # what the technical service agreement still needs


def agreement_note(ent: Any, new_agreement_from: dt.date | None) -> tuple[str, dict[str, Any]] | None:
    """What the technical service agreement of ``ent`` still needs (a board catalogue key and its parameters),
    None when the new one is signed; the same rule as the registry's check (§2.4, §2.5)."""
    sa = ent.service_agreement
    if sa.status == "signed" and (new_agreement_from is None or (sa.signed_on is not None
                                                                 and sa.signed_on >= new_agreement_from)):
        return None
    old = {"day": sa.signed_on.isoformat(), "cutoff": new_agreement_from.isoformat()} if (
        sa.status == "signed" and sa.signed_on is not None and new_agreement_from is not None) else None
    installed_before = any(q.qp_installed for q in ent.qp_terminals())
    if installed_before and ent.on_approved_list:
        key = "ent.sa_must"
    elif installed_before:
        key = "ent.sa_later"
    else:
        key = "ent.sa_before_install"
    return (key + "_old", old) if old else (key, {})


def enterprise_view(store: Store, loaded: Any, ent: Any, calendar: Any, cutoff: dt.time, today: dt.date, lang: str,
                    ledger: Path | None) -> EnterpriseView:
    from provisioning.dispatch.ops import request_states
    from provisioning.fees.cli import enterprise_quote
    from provisioning.fees.ledger_store import statement

    code = ent.customs_code
    verdicts = state.latest_verdicts(store, enterprise=code)
    installs = state.latest_installs(store, enterprise=code)
    on = state.install_states(store, enterprise=code)
    runs = state.runs_by_id(store, [r.run_id for r in installs.values()])
    terminals = [TerminalRow(t, on.get(t.host, t.qp_installed), verdicts.get(t.host), installs.get(t.host),
                             runs.get(installs[t.host].run_id) if t.host in installs else None)
                 for t in ent.terminals]
    payments = [dict(r) for r in store.query(
        "SELECT receipt_no, payer_name, account_masked, amount_fen, paid_at, purpose FROM payments "
        "WHERE enterprise = ? ORDER BY paid_at DESC, receipt_no", (code,))]
    for p in payments:
        p["paid_at"] = from_utc_text(p["paid_at"])
    closing = {r["id"]: r for r in store.query(
        "SELECT id, closed_by_run, closed_by_result, closed_at FROM requests WHERE enterprise = ?", (code,))}
    hosts: dict[int, list[str]] = {}
    for r in store.query("SELECT h.request_id, h.host FROM request_hosts h JOIN requests q ON q.id = h.request_id "
                         "WHERE q.enterprise = ? ORDER BY h.host", (code,)):
        hosts.setdefault(r["request_id"], []).append(r["host"])
    visits = {r["request_id"]: dict(r) for r in store.query(
        "SELECT request_id, engineer, day, late FROM visits WHERE enterprise = ? AND request_id IS NOT NULL", (code,))}
    requests = []
    for s in reversed(request_states(store, calendar, cutoff, status=None, enterprise=code)):
        c: Any = closing.get(s.id, {})
        result = state.result_by_id(store, c["closed_by_result"]) if c and c["closed_by_result"] else None
        run = state.runs_by_id(store, [c["closed_by_run"]]).get(c["closed_by_run"]) if c and c["closed_by_run"] else None
        requests.append(RequestRow(s, hosts.get(s.id, []), visits.get(s.id),
                                   from_utc_text(c["closed_at"]) if c and c["closed_at"] else None,
                                   c["closed_by_run"] if c else None, result, run.operator if run else ""))
    quote = quote_error = payee = None
    if loaded.prices is None:
        quote_error = render(loaded.prices_error, lang)
    else:
        try:
            quote = enterprise_quote(ent, loaded.prices.on(today), today, lang)
            payee = (loaded.prices.payee_name, loaded.prices.payee_bank)
        except QpError as exc:
            quote_error = render(exc.msg, lang)
    view = EnterpriseView(ent, loaded.registry.sites[ent.site].name if ent.site in loaded.registry.sites else "",
                          terminals, payments, requests, quote, quote_error, payee, None,
                          contract_reused=loaded.registry.contract_reused(ent),
                          agreement_note=agreement_note(ent, loaded.registry.new_agreement_from))
    if ledger is not None:
        try:
            view.statement = statement(ledger, code)
        except QpError as exc:
            view.statement, view.statement_error = [], exc.text(lang)
    return view


@dataclass
class TerminalView:
    host: str
    enterprise: Any | None
    terminal: Any | None
    facts: dict[str, Any] | None
    facts_at: dt.datetime | None
    preflights: list[state.HostResult]
    installs: list[state.HostResult]
    runs: dict[str, state.Run]


def terminal_view(store: Store, loaded: Any, host: str) -> TerminalView | None:
    """None when the host is neither in the registry nor in any recorded result."""
    found = loaded.terminal(host)
    history = state.host_history(store, host)
    if found is None and not history:
        return None
    with_facts = next((r for r in history if r.facts), None)
    return TerminalView(host, found[0] if found else None, found[1] if found else None,
                        with_facts.facts if with_facts else None, with_facts.at if with_facts else None,
                        [r for r in history if r.action == "preflight"],
                        [r for r in history if r.action in ("install", "undo")],
                        state.runs_by_id(store, [r.run_id for r in history]))


def changes_of(detail: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The changes an install recorded (``changes``: before/after per item), as rows to show."""
    if not isinstance(detail, dict):
        return []
    items = detail.get("changes")
    if not isinstance(items, list):
        return []
    rows = []
    for item in items:
        if not isinstance(item, dict):
            rows.append({"what": str(item), "before": "", "after": ""})
            continue
        what = next((str(item[k]) for k in ("target", "what", "name", "path", "key") if item.get(k)), "")
        kind = str(item.get("kind", item.get("type", "")))
        rows.append({"kind": kind, "what": what, "before": _short(item.get("before")),
                     "after": _short(item.get("after"))})
    return rows


def log_of(detail: dict[str, Any] | None) -> str:
    """The msiexec log excerpt an install recorded (first of the usual names), else ''."""
    if not isinstance(detail, dict):
        return ""
    for key in ("log_excerpt", "msiexec_log", "log_tail", "log"):
        value = detail.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list):
            return "\n".join(str(x) for x in value)
    msi = detail.get("msiexec")
    return log_of(msi) if isinstance(msi, dict) else ""


def _short(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 300 else text[:297] + "…"


def pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


@dataclass
class DispatchRow:
    day: dt.date
    engineer: str
    engineer_name: str
    kind: str
    site: str
    site_name: str
    customs_code: str
    enterprise: str
    deadline: dt.date | None
    late: bool
    ref: str
    report: dict[str, Any] | None = None  # the latest done / not done report of this visit
    planned: bool = True  # False: done, so no longer in the plan
    # the rest of provisioning.dispatch.export.VisitRow: the day's window, where to go, whom to see, what to look at
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    address: str = ""
    site_address: str = ""
    contacts: tuple[tuple[str, str, str], ...] = ()
    terminals: tuple[tuple[str, str, bool], ...] = ()


@dataclass
class DispatchView:
    board: Any  # provisioning.dispatch.views.BoardView
    days: list[tuple[dt.date, dict[str, list[DispatchRow]]]]  # day -> engineer -> rows
    last_plan: dict[str, Any] | None
    shown_plan: dict[str, Any] | None
    moved: list[dict[str, str]] = field(default_factory=list)
    campaign_moved: list[dict[str, Any]] = field(default_factory=list)  # installation visits the re-plan moved
    names: dict[str, str] = field(default_factory=dict)  # enterprises of the risk list


def dispatch_view(store: Store, loaded: Any, calendar: Any, cutoff: dt.time, today: dt.date,
                  plan_id: int | None, day_over: bool = False) -> DispatchView:
    from provisioning.dispatch.views import board_view

    reg = loaded.registry
    board = board_view(store, calendar, cutoff, today, (dict(reg.enterprises), dict(reg.sites)), day_over)
    names = ({c: e.name for c, e in reg.enterprises.items()}, {c: s.name for c, s in reg.sites.items()})
    engineers = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM engineers")}
    reports: dict[tuple[str, str, str], dict[str, Any]] = {}
    marks = ", ".join("?" * len(board.days))
    for r in store.query(f"SELECT * FROM visit_reports WHERE day IN ({marks}) ORDER BY at, id",  # noqa: S608
                         tuple(d.isoformat() for d in board.days)):
        ref = f"request-{r['request_id']}" if r["request_id"] is not None else f"campaign-{r['campaign_id']}"
        reports[(ref, r["enterprise"], r["day"])] = dict(r)
    rows = [DispatchRow(**vars(v)) for v in board.rows]
    seen = set()
    for row in rows:
        key = (row.ref, row.customs_code, row.day.isoformat())
        row.report = reports.get(key)
        seen.add(key)
    for key, rep in reports.items():
        if key in seen or rep["outcome"] != "done":
            continue
        ref, code, day = key
        kind, site = "install", ""
        if rep["request_id"] is not None:
            req = store.query("SELECT kind, skill, site FROM requests WHERE id = ?", (rep["request_id"],))
            if req:  # on-site guidance is a kind of its own (its skill is the engineers' "training")
                kind = "guidance" if req[0]["kind"] == "guidance" else req[0]["skill"]
                site = req[0]["site"]
            else:
                kind = "maintenance"
        else:
            camp = store.query("SELECT site FROM campaigns WHERE id = ?", (rep["campaign_id"],))
            site = camp[0]["site"] if camp else ""
        rows.append(DispatchRow(dt.date.fromisoformat(day), rep["engineer"], engineers.get(rep["engineer"], ""), kind,
                                site, names[1].get(site, ""), code, names[0].get(code, ""), None, False, ref, rep,
                                planned=False))
    days: list[tuple[dt.date, dict[str, list[DispatchRow]]]] = []
    for d in board.days:
        per: dict[str, list[DispatchRow]] = {}
        for row in sorted((r for r in rows if r.day == d), key=lambda r: (r.engineer, r.site, r.customs_code)):
            per.setdefault(row.engineer, []).append(row)
        days.append((d, per))
    last = store.query("SELECT * FROM plans ORDER BY id DESC LIMIT 1")
    shown = store.query("SELECT * FROM plans WHERE id = ?", (plan_id,)) if plan_id else []
    view = DispatchView(board, days, _plan_row(last), _plan_row(shown))
    view.names = {r.enterprise: names[0].get(r.enterprise, "") for r in board.risks}
    if shown:
        audit = store.query("SELECT detail FROM audit WHERE action = 'dispatch.replan' AND target = ? "
                            "ORDER BY id DESC LIMIT 1", (f"plan-{plan_id}",))
        if audit:
            detail = json.loads(audit[0]["detail"])
            view.moved = detail.get("moved", [])
            view.campaign_moved = detail.get("campaign_moved", [])
    return view


def _plan_row(rows: list[Any]) -> dict[str, Any] | None:
    if not rows:
        return None
    plan = dict(rows[0])
    plan["made_at"] = from_utc_text(plan["made_at"])
    return plan


def search(store: Store, loaded: Any, text: str, limit: int = 50) -> dict[str, list[Any]]:
    """Enterprises (customs code or name), registry terminals (host or address) and recorded hosts matching ``text``.

    The text is matched literally: in Python for the registry, as a bound LIKE pattern with its
    wildcards escaped for the database.
    """
    needle = text.strip().casefold()
    if not needle:
        return {"enterprises": [], "terminals": [], "recorded": []}
    reg = loaded.registry
    ents = [e for e in reg.enterprises.values() if needle in e.customs_code.casefold() or needle in e.name.casefold()]
    terms = [(e, t) for e, t in reg.terminals() if needle in t.host.casefold() or needle == t.address]
    known = {t.host for _, t in reg.terminals()}
    recorded = [r for r in state.recorded_hosts(store, text.strip(), limit) if r[0] not in known]
    return {"enterprises": ents[:limit], "terminals": terms[:limit], "recorded": recorded}
