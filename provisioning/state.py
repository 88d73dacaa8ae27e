"""Runs and per-terminal results in the one state database: what was checked and installed, where, when, how.

Every route records here — the fleet (ansible-runner), ``preflight --winrm`` and the USB kit
(``kit collect``) — and the board, the install gates and ``runs list|show`` read from here. The
tables live in the dispatch store (:mod:`provisioning.dispatch.store`, migration 2); nothing is
copied from the registry: a result names its host, enterprise and site by their codes.

A result's reason is a catalogue key with parameters (rendered in the reader's language), never
a sentence. Facts, checks and details are JSON. Options of a run never hold a secret: keys that
look like one are dropped before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from checks.errors import InputError
from checks.i18n import Msg, add
from provisioning.dispatch.closure import Closed, close_requests
from provisioning.dispatch.store import Store, from_utc_text, utc_text

add({
    "runs.err.ambiguous": {"zh": "运行编号 {run} 不唯一，可能是：{runs}", "en": "run id {run} is ambiguous: {runs}"},
    "runs.err.none": {"zh": "没有运行 {run}", "en": "no run {run}"},
    "runs.hint.recent": {"zh": "最近的运行：{runs}", "en": "recent runs: {runs}"},
    "runs.hint.none": {"zh": "还没有运行记录", "en": "no runs recorded yet"},
})

KINDS = ("preflight", "install", "undo", "kit")
ROUTES = ("ansible", "winrm", "kit")
RUN_STATUSES = ("running", "complete", "interrupted", "failed")
ACTIONS = ("preflight", "install", "undo")
PREFLIGHT_OUTCOMES = ("ready", "not_ready", "undetermined", "failed", "unreachable")
INSTALL_OUTCOMES = ("installed", "unchanged", "refused", "would_change", "failed", "unreachable")
UNDO_OUTCOMES = ("undone", "unchanged", "refused", "would_change", "failed", "unreachable")
OUTCOMES = {"preflight": PREFLIGHT_OUTCOMES, "install": INSTALL_OUTCOMES, "undo": UNDO_OUTCOMES}
# Outcomes after which the host did not finish: ``--retry-failed`` runs these again.
UNFINISHED = ("failed", "unreachable")
_SECRET_KEY = re.compile(r"pass|secret|token|key|cred|vault", re.IGNORECASE)


@dataclass(frozen=True)
class HostResult:
    """The result of one action on one terminal."""

    host: str
    action: str  # preflight | install | undo
    outcome: str
    at: dt.datetime
    route: str
    enterprise: str = ""
    site: str = ""
    verdict: str | None = None  # the preflight verdict (or the one an install was gated on)
    reboot_needed: bool = False
    reason_key: str = ""
    reason_params: dict[str, Any] = field(default_factory=dict)
    checks: list[dict[str, Any]] | None = None  # [{"id": ..., "status": ...}]
    facts: dict[str, Any] | None = None
    detail: dict[str, Any] | None = None  # the installer's result document, log excerpts …
    run_id: str = ""


@dataclass(frozen=True)
class Run:
    """One run: a fleet preflight/install, a WinRM preflight or a kit collection."""

    id: str
    kind: str
    route: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    target: str
    operator: str
    options: dict[str, Any]
    data_dir: str | None
    retry_of: str | None
    hosts_total: int


def new_run_id(now: dt.datetime) -> str:
    """A sortable, unique run id: ``20261203T170102Z-3f9a1c``."""
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def scrub(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` without any key that looks like a secret (password, token, vault, credential …)."""
    return {k: v for k, v in options.items() if not _SECRET_KEY.search(str(k))}


def start_run(store: Store, kind: str, route: str, now: dt.datetime, *, target: str = "", operator: str = "",
              options: dict[str, Any] | None = None, data_dir: str | None = None, retry_of: str | None = None,
              hosts_total: int = 0, run_id: str | None = None) -> str:
    """Record the start of a run and return its id."""
    if kind not in KINDS or route not in ROUTES:
        raise ValueError(f"bad run kind/route {kind!r}/{route!r}")
    rid = run_id or new_run_id(now)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO runs (id, kind, route, started_at, target, operator, options, data_dir, retry_of, hosts_total)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, kind, route, utc_text(now), target, operator, json.dumps(scrub(options or {}), ensure_ascii=False),
             data_dir, retry_of, hosts_total))
    return rid


def finish_run(store: Store, run_id: str, status: str, now: dt.datetime) -> list[Closed]:
    """Mark a run complete, interrupted or failed; returns the visit requests it closed.

    Every route ends its runs here, so this is the one place where the loop closes: in the same
    transaction, the maintenance and installation requests that the run's successful installs
    answered are marked done with the run and result that closed them
    (:func:`provisioning.dispatch.closure.close_requests`).
    """
    if status not in RUN_STATUSES:
        raise ValueError(f"bad run status {status!r}")
    with store.transaction() as conn:
        conn.execute("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", (status, utc_text(now), run_id))
        return close_requests(conn, run_id, now)


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def record_result(store: Store, run_id: str, r: HostResult) -> None:
    """Record (or replace) the result of one action on one host in a run, in one transaction."""
    if r.action not in ACTIONS or r.outcome not in OUTCOMES[r.action]:
        raise ValueError(f"bad result {r.action!r}/{r.outcome!r}")
    with store.transaction() as conn:
        conn.execute(
            """INSERT INTO host_results (run_id, host, enterprise, site, action, outcome, verdict, reboot_needed, at,
                   route, reason_key, reason_params, checks, facts, detail)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (run_id, host, action) DO UPDATE SET
                   enterprise = excluded.enterprise, site = excluded.site, outcome = excluded.outcome,
                   verdict = excluded.verdict, reboot_needed = excluded.reboot_needed, at = excluded.at,
                   route = excluded.route, reason_key = excluded.reason_key,
                   reason_params = excluded.reason_params, checks = excluded.checks, facts = excluded.facts,
                   detail = excluded.detail""",
            (run_id, r.host, r.enterprise, r.site, r.action, r.outcome, r.verdict, int(r.reboot_needed),
             utc_text(r.at), r.route, r.reason_key, json.dumps(r.reason_params, ensure_ascii=False, sort_keys=True),
             _dumps(r.checks), _dumps(r.facts), _dumps(r.detail)))


def _run(row: Any) -> Run:
    return Run(row["id"], row["kind"], row["route"], from_utc_text(row["started_at"]),
               from_utc_text(row["finished_at"]) if row["finished_at"] else None, row["status"], row["target"],
               row["operator"], json.loads(row["options"]), row["data_dir"], row["retry_of"], row["hosts_total"])


def _result(row: Any) -> HostResult:
    def load(v: str | None) -> Any:
        return None if v is None else json.loads(v)

    return HostResult(row["host"], row["action"], row["outcome"], from_utc_text(row["at"]), row["route"],
                      row["enterprise"], row["site"], row["verdict"], bool(row["reboot_needed"]), row["reason_key"],
                      json.loads(row["reason_params"]), load(row["checks"]), load(row["facts"]),
                      load(row["detail"]), row["run_id"])


def get_run(store: Store, run_id: str) -> Run:
    """One run by id (a unique prefix is enough); an unknown id is an :class:`InputError` with suggestions."""
    rows = store.query("SELECT * FROM runs WHERE id = ? OR id LIKE ? ORDER BY id", (run_id, run_id + "%"))
    exact = [r for r in rows if r["id"] == run_id]
    if exact or len(rows) == 1:
        return _run((exact or rows)[0])
    if len(rows) > 1:
        raise InputError(Msg("runs.err.ambiguous", run=repr(run_id), runs=", ".join(r["id"] for r in rows[:5])),
                         where="RUN")
    recent = [r["id"] for r in store.query("SELECT id FROM runs ORDER BY started_at DESC LIMIT 3")]
    hint = Msg("runs.hint.recent", runs=", ".join(recent)) if recent else Msg("runs.hint.none")
    raise InputError(Msg("runs.err.none", run=repr(run_id)), where="RUN", hint=hint)


def list_runs(store: Store, limit: int = 50) -> list[Run]:
    """The most recent runs, newest first."""
    return [_run(r) for r in store.query("SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?", (limit,))]


def run_results(store: Store, run_id: str) -> list[HostResult]:
    """Every result of one run, by host and action."""
    return [_result(r) for r in store.query("SELECT * FROM host_results WHERE run_id = ? ORDER BY host, action",
                                            (run_id,))]


def latest_results(store: Store, action: str, *, hosts: list[str] | None = None,
                   enterprise: str | None = None) -> dict[str, HostResult]:
    """The latest result of ``action`` per host (optionally only ``hosts`` or one enterprise's)."""
    sql = ("SELECT h.* FROM host_results h JOIN (SELECT host, MAX(at) AS at FROM host_results WHERE action = ? "
           "GROUP BY host) m ON h.host = m.host AND h.at = m.at WHERE h.action = ?")
    params: list[Any] = [action, action]
    if enterprise is not None:
        sql += " AND h.enterprise = ?"
        params.append(enterprise)
    out: dict[str, HostResult] = {}
    for row in store.query(sql + " ORDER BY h.id", tuple(params)):
        out[row["host"]] = _result(row)  # two results at the same second: the later row wins
    if hosts is not None:
        wanted = set(hosts)
        out = {h: r for h, r in out.items() if h in wanted}
    return out


def latest_verdict(store: Store, host: str) -> HostResult | None:
    """The latest preflight of ``host`` that reached a verdict (unreachable/failed runs do not count)."""
    rows = store.query("SELECT * FROM host_results WHERE host = ? AND action = 'preflight' AND verdict IS NOT NULL "
                       "ORDER BY at DESC, id DESC LIMIT 1", (host,))
    return _result(rows[0]) if rows else None


def installed_hosts(store: Store, enterprise: str) -> set[str]:
    """Hosts of ``enterprise`` on which QP is installed by our records (latest install/undo says so)."""
    rows = store.query(
        "SELECT host, action, outcome FROM host_results WHERE enterprise = ? AND action IN ('install', 'undo') "
        "AND outcome IN ('installed', 'unchanged', 'undone') ORDER BY at, id", (enterprise,))
    state: dict[str, bool] = {}
    for row in rows:
        state[row["host"]] = row["action"] == "install"
    return {h for h, on in state.items() if on}


def installation_paid(store: Store, enterprise: str) -> bool:
    """Whether an installation fee payment of ``enterprise`` is recorded (§2.1, §2.3: corporate account only)."""
    rows = store.query("SELECT 1 FROM payments WHERE enterprise = ? AND purpose = 'installation' LIMIT 1",
                       (enterprise,))
    return bool(rows)

# --- bulk readers for the board: light rows (no facts, checks or detail documents) -------------------

_LIGHT = ("id, run_id, host, enterprise, site, action, outcome, verdict, reboot_needed, at, route, reason_key, "
          "reason_params")
DECISIVE = ("installed", "unchanged", "undone")  # outcomes that say whether QP is on a terminal


def _light(row: Any) -> HostResult:
    return HostResult(row["host"], row["action"], row["outcome"], from_utc_text(row["at"]), row["route"],
                      row["enterprise"], row["site"], row["verdict"], bool(row["reboot_needed"]), row["reason_key"],
                      json.loads(row["reason_params"]), None, None, None, row["run_id"])


def _latest_per_host(store: Store, condition: str, params: list[Any], site: str | None,
                     enterprise: str | None) -> dict[str, HostResult]:
    if site is not None:
        condition += " AND site = ?"
        params.append(site)
    if enterprise is not None:
        condition += " AND enterprise = ?"
        params.append(enterprise)
    # constant text only; every value is a bound parameter
    sql = (f"SELECT {_LIGHT} FROM (SELECT {_LIGHT}, ROW_NUMBER() OVER (PARTITION BY host ORDER BY at DESC, "  # noqa: S608
           f"id DESC) AS rn FROM host_results WHERE {condition}) WHERE rn = 1")
    return {row["host"]: _light(row) for row in store.query(sql, tuple(params))}


def latest_verdicts(store: Store, *, site: str | None = None, enterprise: str | None = None) -> dict[str, HostResult]:
    """Per host, the latest preflight that reached a verdict (as :func:`latest_verdict`, for many hosts)."""
    return _latest_per_host(store, "action = 'preflight' AND verdict IS NOT NULL", [], site, enterprise)


def latest_installs(store: Store, *, site: str | None = None, enterprise: str | None = None) -> dict[str, HostResult]:
    """Per host, the latest install or undo result, whatever its outcome (what was last tried)."""
    return _latest_per_host(store, "action IN ('install', 'undo')", [], site, enterprise)


def install_states(store: Store, *, site: str | None = None, enterprise: str | None = None) -> dict[str, bool]:
    """Per host with a decisive result, whether QP is on it by our records (as :func:`installed_hosts`)."""
    found = _latest_per_host(store, "action IN ('install', 'undo') AND outcome IN (?, ?, ?)", list(DECISIVE),
                             site, enterprise)
    return {h: r.action == "install" for h, r in found.items()}


def switch_events(store: Store) -> list[tuple[str, str, dt.datetime, bool]]:
    """Every decisive install/undo result in time order: (host, site, when, QP on after it)."""
    rows = store.query("SELECT host, site, at, action FROM host_results WHERE action IN ('install', 'undo') AND "
                       "outcome IN (?, ?, ?) ORDER BY at, id", DECISIVE)
    return [(r["host"], r["site"], from_utc_text(r["at"]), r["action"] == "install") for r in rows]


def host_history(store: Store, host: str, limit: int = 200) -> list[HostResult]:
    """Every result of one host, newest first (whole documents), at most ``limit``."""
    return [_result(r) for r in store.query("SELECT * FROM host_results WHERE host = ? ORDER BY at DESC, id DESC "
                                            "LIMIT ?", (host, limit))]


def result_by_id(store: Store, result_id: int) -> HostResult | None:
    """One recorded result by its row id (a request's ``closed_by_result``)."""
    rows = store.query("SELECT * FROM host_results WHERE id = ?", (result_id,))
    return _result(rows[0]) if rows else None


def runs_by_id(store: Store, ids: list[str]) -> dict[str, Run]:
    """The runs with these ids (unknown ids are left out)."""
    wanted = sorted(set(ids))
    out: dict[str, Run] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in store.query(f"SELECT * FROM runs WHERE id IN ({marks})", tuple(chunk)):  # noqa: S608 (placeholders only)
            out[row["id"]] = _run(row)
    return out


def recorded_hosts(store: Store, text: str, limit: int = 50) -> list[tuple[str, str, str]]:
    """Hosts with recorded results whose name contains ``text`` literally: (host, enterprise, site)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = store.query("SELECT host, MAX(enterprise) AS enterprise, MAX(site) AS site FROM host_results "
                       "WHERE host LIKE ? ESCAPE '\\' GROUP BY host ORDER BY host LIMIT ?", (pattern, limit))
    return [(r["host"], r["enterprise"], r["site"]) for r in rows]
