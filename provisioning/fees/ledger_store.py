"""Reading declaration events from CSV (bad rows reported by line) and keeping ledger state in SQLite.

CSV columns: ``declaration_id,event,card,time`` (a header row is optional; with a header the
columns may come in any order). Times are ISO 8601; a time without an offset is China time.
The SQLite file (``--ledger``) remembers saves, declarations and charges across imports; it is
written in one transaction, so an interrupted import leaves the previous state intact.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from checks.errors import InputError
from provisioning.fees.ledger import EVENTS, LedgerState

CHINA = ZoneInfo("Asia/Shanghai")
COLUMNS = ("declaration_id", "event", "card", "time")
MAX_FIELD = 64


@dataclass
class EventReadResult:
    events: list[tuple[str, str, str, dt.datetime]] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)  # "file:line: message"
    rows: int = 0


def read_events(path: str | os.PathLike[str]) -> EventReadResult:
    """Every well-formed event of a CSV file, and one message per bad row."""
    p = Path(path)
    out = EventReadResult()
    try:
        handle = p.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError("events file not found", where=str(p)) from None
    except IsADirectoryError:
        raise InputError("events file is a directory", where=str(p)) from None
    with handle:
        try:
            _read_rows(csv.reader(handle), str(p), out)
        except UnicodeDecodeError:
            raise InputError("events file is not UTF-8 text; save it as UTF-8 CSV",
                             where=f"{p}:{out.rows + 1}") from None
        except csv.Error as exc:
            raise InputError(f"CSV error: {exc}", where=f"{p}:{out.rows + 1}") from None
    return out


def _read_rows(reader: Iterator[list[str]], name: str, out: EventReadResult) -> None:
    order = (0, 1, 2, 3)
    events, bad = out.events, out.bad_rows
    event_names = frozenset(EVENTS)
    fromiso = dt.datetime.fromisoformat
    for line, row in enumerate(reader, start=1):
        out.rows = line
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if line == 1 and row[0].strip().lower() in ("declaration_id", "declaration", "id"):
            header = [c.strip().lower() for c in row]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise InputError(f"header lacks {', '.join(missing)}; columns: {', '.join(COLUMNS)}",
                                 where=f"{name}:1")
            order = tuple(header.index(c) for c in COLUMNS)  # type: ignore[assignment]
            continue
        if len(row) < 4:
            bad.append(f"{name}:{line}: {len(row)} columns, need 4: {', '.join(COLUMNS)}")
            continue
        declaration, event, card, when = (row[i].strip() for i in order)
        if not declaration or len(declaration) > MAX_FIELD:
            bad.append(f"{name}:{line}: declaration_id: empty or longer than {MAX_FIELD} characters")
            continue
        if event not in event_names:
            bad.append(f"{name}:{line}: event: '{event[:MAX_FIELD]}' is not one of {', '.join(EVENTS)}")
            continue
        if not card or len(card) > MAX_FIELD:
            bad.append(f"{name}:{line}: card: empty or longer than {MAX_FIELD} characters")
            continue
        try:
            time = fromiso(when)
        except ValueError:
            bad.append(f"{name}:{line}: time: '{when[:MAX_FIELD]}' is not an ISO date-time (2007-12-10T09:30:00+08:00)")
            continue
        if time.tzinfo is None:
            time = time.replace(tzinfo=CHINA)
        events.append((declaration, event, card, time))


SCHEMA = """
CREATE TABLE IF NOT EXISTS first_save (declaration TEXT PRIMARY KEY, time TEXT NOT NULL, card TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS declared (declaration TEXT PRIMARY KEY, time TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS charged (declaration TEXT PRIMARY KEY, customs_code TEXT NOT NULL,
                                    amount_fen INTEGER NOT NULL, charged_at TEXT NOT NULL);
"""


def load_state(path: str | os.PathLike[str]) -> LedgerState:
    """The ledger state kept in ``path`` (empty when the file does not exist yet)."""
    state = LedgerState()
    if not Path(path).exists():
        return state
    try:
        with sqlite3.connect(path) as db:
            db.executescript(SCHEMA)
            state.first_save = {d: (dt.datetime.fromisoformat(t), c)
                                for d, t, c in db.execute("SELECT declaration, time, card FROM first_save")}
            state.declared = {d: dt.datetime.fromisoformat(t)
                              for d, t in db.execute("SELECT declaration, time FROM declared")}
            state.charged = {d: (c, f) for d, c, f in
                             db.execute("SELECT declaration, customs_code, amount_fen FROM charged")}
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not a qpfleet ledger ({exc})", where=str(path)) from None
    return state


def save_state(path: str | os.PathLike[str], state: LedgerState, new_charges: dict[str, tuple[str, int]],
               now: dt.datetime) -> None:
    """Write the state in one transaction (all or nothing)."""
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        with db:
            db.executemany("INSERT OR REPLACE INTO first_save VALUES (?, ?, ?)",
                           ((d, t.isoformat(), c) for d, (t, c) in state.first_save.items()))
            db.executemany("INSERT OR REPLACE INTO declared VALUES (?, ?)",
                           ((d, t.isoformat()) for d, t in state.declared.items()))
            db.executemany("INSERT OR IGNORE INTO charged VALUES (?, ?, ?, ?)",
                           ((d, c, f, now.isoformat()) for d, (c, f) in new_charges.items()))
    finally:
        db.close()


def statement(path: str | os.PathLike[str], customs_code: str) -> list[tuple[str, int, int]]:
    """One enterprise's transmission-fee statement from the ledger: ``(YYYY-MM, declarations, fen)`` per month
    of charging, oldest first. The ledger is opened read-only; a missing file has no charges."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        db = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError(f"cannot open the ledger ({exc})", where=str(p)) from None
    try:
        rows = db.execute("SELECT substr(charged_at, 1, 7) AS month, COUNT(*), SUM(amount_fen) FROM charged "
                          "WHERE customs_code = ? GROUP BY month ORDER BY month", (customs_code,)).fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not a qpfleet ledger ({exc})", where=str(p)) from None
    finally:
        db.close()
    return [(str(m), int(n), int(f)) for m, n, f in rows]
