"""The loop closes: a visit request is done, without anyone clicking, when an install succeeded where it was needed.

Called by :func:`provisioning.state.finish_run` inside the transaction that finishes a run, so
every route — the fleet (ansible-runner), a WinRM install, ``kit collect`` — closes requests the
same way, and a run and the requests it closed are committed together or not at all.

A run closes an open paid visit request (kind ``maintenance``, skill ``maintenance`` or ``install``) of an
enterprise when:

* the run finished ``complete`` (an interrupted or failed run closes nothing; its retry does, since
  the rule looks at each terminal's latest result, whichever run recorded it);
* the run recorded an install result for that enterprise;
* every terminal the request concerns — the hosts listed for it (``request_hosts``), or, when none
  are listed, every terminal of that enterprise this run installed on — has as its latest
  install/undo result a successful install (``installed`` or ``unchanged``: QP is there);
* each of those results was recorded at or after the payment that opened the request (work done
  before the fee was paid does not answer it), and at least one was recorded by this run.

The request becomes ``done`` with ``closed_by_run``, ``closed_by_result`` (the newest of those
results) and ``closed_at``; a ``done`` event says which run closed it, and its planned visits are
removed, as when a dispatcher marks it done.

On-site guidance requests (kind ``guidance``, §7.2) are never closed by an install: the guidance is
given after the switch-over, in person; only a dispatcher (or the board) marks it done.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from provisioning.dispatch.store import utc_text

SUCCESS = ("installed", "unchanged")
SKILLS = ("maintenance", "install")


@dataclass(frozen=True)
class Closed:
    """A request closed by a run, and the result that closed it."""

    request_id: int
    enterprise: str
    run_id: str
    result_id: int
    host: str


def _latest_install_state(conn: sqlite3.Connection, hosts: list[str]) -> dict[str, sqlite3.Row]:
    """The latest install/undo result of each host (by time, then by row id)."""
    out: dict[str, sqlite3.Row] = {}
    for host in hosts:
        row = conn.execute(
            "SELECT id, run_id, host, action, outcome, at FROM host_results WHERE host = ? AND action IN "
            "('install', 'undo') ORDER BY at DESC, id DESC LIMIT 1", (host,)).fetchone()
        if row is not None:
            out[host] = row
    return out


def close_requests(conn: sqlite3.Connection, run_id: str, now: dt.datetime) -> list[Closed]:
    """Close the requests this run satisfied (see the module docstring); inside the caller's transaction."""
    run = conn.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
    if run is None or run["status"] != "complete":
        return []
    installed_here: dict[str, list[str]] = {}
    for row in conn.execute("SELECT DISTINCT enterprise, host FROM host_results WHERE run_id = ? AND action = "
                            "'install' AND enterprise != '' ORDER BY enterprise, host", (run_id,)):
        installed_here.setdefault(row["enterprise"], []).append(row["host"])
    closed: list[Closed] = []
    stamp = utc_text(now)
    for enterprise, run_hosts in installed_here.items():
        requests = conn.execute(
            "SELECT id, paid_at FROM requests WHERE enterprise = ? AND status = 'open' AND kind = 'maintenance'"
            " AND skill IN (?, ?) ORDER BY id",
            (enterprise, *SKILLS)).fetchall()
        for req in requests:
            listed = [r["host"] for r in conn.execute("SELECT host FROM request_hosts WHERE request_id = ? ORDER BY host",
                                                      (req["id"],))]
            hosts = listed or run_hosts
            latest = _latest_install_state(conn, hosts)
            if len(latest) != len(hosts):
                continue  # a terminal it concerns has no install yet
            rows = list(latest.values())
            if not all(r["action"] == "install" and r["outcome"] in SUCCESS and r["at"] >= req["paid_at"]
                       for r in rows):
                continue
            ours = [r for r in rows if r["run_id"] == run_id]
            if not ours:
                continue  # satisfied before this run; another run's finish closes it
            last = max(ours, key=lambda r: (r["at"], r["id"]))
            conn.execute("UPDATE requests SET status = 'done', closed_by_run = ?, closed_by_result = ?, closed_at = ? "
                         "WHERE id = ?", (run_id, last["id"], stamp, req["id"]))
            conn.execute("INSERT INTO request_events (request_id, kind, at, note) VALUES (?, 'done', ?, ?)",
                         (req["id"], stamp, f"closed by run {run_id} (result {last['id']}, {last['host']})"))
            conn.execute("DELETE FROM visits WHERE request_id = ?", (req["id"],))
            closed.append(Closed(req["id"], enterprise, run_id, int(last["id"]), last["host"]))
    return closed
