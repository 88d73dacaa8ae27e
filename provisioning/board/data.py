"""The sites overview: per customs site and enterprise, terminals approved / installed / ready / not ready /
undetermined, open requests by deadline risk, campaign days, and terminals switched over time.

Everything is read from the registry (what is approved) and the state database (what happened),
through :mod:`provisioning.state` and the dispatch module's own :func:`board_view`; nothing is
copied. Building it reads every terminal's latest result, so :class:`OverviewCache` keeps the last
one until the database changes (SQLite's ``PRAGMA data_version``, seen by a connection of its
own), the registry is reloaded or the day changes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.gcpause import cyclic_gc_paused
from provisioning import state
from provisioning.board.chart import Point, switch_series
from provisioning.dispatch.calendar import SHANGHAI
from provisioning.dispatch.store import Store

RISK_BUCKETS = ("overdue", "at_risk", "due", "on_track", "paused")


@dataclass
class Counts:
    """Terminal counts of an enterprise, a site or the whole district."""

    enterprises: int = 0
    approved: int = 0  # customs-approved QP terminals
    qp: int = 0  # QP terminals in the registry
    installed: int = 0  # QP on it, by our records (else the registry's word)
    ready: int = 0  # latest preflight verdicts of the QP terminals
    not_ready: int = 0
    undetermined: int = 0
    unchecked: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RequestCounts:
    """Open visit requests by deadline risk (the categories of ``dispatch board``)."""

    overdue: int = 0
    at_risk: int = 0  # late, unplanned, a past visit not marked, deadline unknown
    due: int = 0  # due by the next working day, planned in time
    on_track: int = 0
    paused: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.at_risk + self.due + self.on_track + self.paused

    def add(self, other: RequestCounts) -> None:
        for name in RISK_BUCKETS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class EnterpriseRow:
    code: str
    name: str
    transmission_contract: str  # status of the transmission-fee contract (§1): signed | pending | none
    service_agreement: str  # status of the technical service agreement (§2.4)
    counts: Counts
    requests: RequestCounts


@dataclass
class SiteRow:
    code: str
    name: str
    counts: Counts
    requests: RequestCounts
    campaigns: list[dict[str, Any]]
    series: list[Point]
    enterprises: list[EnterpriseRow] = field(default_factory=list)


@dataclass
class Overview:
    today: dt.date
    sites: list[SiteRow]
    total: Counts
    requests: RequestCounts
    series: list[Point]
    calendar_note: str | None
    built_at: dt.datetime


def bucket(risk_kind: str | None, paused: bool) -> str:
    """The overview's category of an open request from the key of its board risk (None: no risk)."""
    if risk_kind is None:
        return "paused" if paused else "on_track"
    if risk_kind == "dispatch.risk.overdue":
        return "overdue"
    if risk_kind == "dispatch.risk.due":
        return "due"
    return "at_risk"


def build_overview(store: Store, registry: Any, calendar: Any, cutoff: dt.time, today: dt.date,
                   day_over: bool = False) -> Overview:
    """Read everything the sites pages show, once (``day_over``: past today's cut-off, due today is late)."""
    with cyclic_gc_paused():  # every terminal and result once: many objects, no cycles (checks.gcpause)
        return _build_overview(store, registry, calendar, cutoff, today, day_over)


def _build_overview(store: Store, registry: Any, calendar: Any, cutoff: dt.time, today: dt.date,
                    day_over: bool) -> Overview:
    from provisioning.dispatch.views import board_view

    verdicts = state.latest_verdicts(store)
    installed_by_record = state.install_states(store)
    view = board_view(store, calendar, cutoff, today, (dict(registry.enterprises), dict(registry.sites)), day_over)
    risk_of = {r.request: r.kind for r in view.risks}
    per_enterprise: dict[str, RequestCounts] = {}
    for s in view.open_requests:
        paused = s.deadline is not None and s.deadline.deadline_date is None
        rc = per_enterprise.setdefault(s.enterprise, RequestCounts())
        name = bucket(risk_of.get(s.id), paused)
        setattr(rc, name, getattr(rc, name) + 1)
    campaigns: dict[str, list[dict[str, Any]]] = {}
    for r in store.query("SELECT c.id, c.site, c.day, c.notify_by, COUNT(v.id) AS visits FROM campaigns c LEFT JOIN "
                         "visits v ON v.campaign_id = c.id WHERE c.status = 'planned' GROUP BY c.id "
                         "ORDER BY c.day, c.id"):  # a cancelled campaign is no campaign day
        campaigns.setdefault(r["site"], []).append({"id": r["id"], "day": r["day"], "notify_by": r["notify_by"],
                                                    "visits": r["visits"], "past": r["day"] < today.isoformat()})
    host_site: dict[str, str] = {}
    initially_on: dict[str, set[str]] = {}
    sites: dict[str, SiteRow] = {code: SiteRow(code, s.name, Counts(), RequestCounts(), campaigns.get(code, []), [])
                                 for code, s in registry.sites.items()}
    for ent in registry.enterprises.values():
        c = Counts(enterprises=1, approved=ent.approved_terminals)
        for term in ent.qp_terminals():
            c.qp += 1
            host_site[term.host] = ent.site
            if term.qp_installed:
                initially_on.setdefault(ent.site, set()).add(term.host)
            if installed_by_record.get(term.host, term.qp_installed):
                c.installed += 1
            found = verdicts.get(term.host)
            verdict = found.verdict if found else None
            if verdict in ("ready", "not_ready", "undetermined"):
                setattr(c, verdict, getattr(c, verdict) + 1)
            else:
                c.unchecked += 1
        rc = per_enterprise.get(ent.customs_code, RequestCounts())
        site = sites[ent.site]
        site.enterprises.append(EnterpriseRow(ent.customs_code, ent.name, ent.transmission_contract.status,
                                              ent.service_agreement.status, c, rc))
        site.counts.add(c)
        site.requests.add(rc)
    events_by_site: dict[str, list[tuple[str, dt.date, bool]]] = {}
    all_events: list[tuple[str, dt.date, bool]] = []
    for host, _site, at, on in state.switch_events(store):
        code = host_site.get(host)
        if code is None:
            continue  # not a QP terminal of the registry
        event = (host, at.astimezone(SHANGHAI).date(), on)
        events_by_site.setdefault(code, []).append(event)
        all_events.append(event)
    total, total_requests = Counts(), RequestCounts()
    for code, site in sites.items():
        site_on = initially_on.get(code, set())
        site.series = switch_series(events_by_site.get(code, []), len(site_on), today, initially_on=site_on)
        total.add(site.counts)
        total_requests.add(site.requests)
    everyone: set[str] = set().union(*initially_on.values())
    return Overview(today, list(sites.values()), total, total_requests,
                    switch_series(all_events, len(everyone), today, initially_on=everyone), view.calendar_note,
                    dt.datetime.now(dt.UTC))


class OverviewCache:
    """The last :class:`Overview`, rebuilt when the database changed, the registry was reloaded, the day turned
    or its cut-off passed."""

    def __init__(self, db_path: Path) -> None:
        self._lock = threading.Lock()
        # a connection of its own that only asks PRAGMA data_version: it changes with every commit of any
        # other connection, in this process or another
        self._watch = sqlite3.connect(str(db_path), check_same_thread=False, isolation_level=None)
        self._key: tuple[int, int, dt.date, bool] | None = None
        self._value: Overview | None = None

    def close(self) -> None:
        self._watch.close()

    def get(self, generation: int, today: dt.date, build: Callable[[], Overview], day_over: bool = False) -> Overview:
        with self._lock:
            version = int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            key = (version, generation, today, day_over)
            if self._value is None or key != self._key:
                self._value = build()
                self._key = key
            return self._value
