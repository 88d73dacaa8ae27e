"""Reading declaration events from CSV (streamed, bad rows reported by line) and the ledger file in SQLite.

CSV columns: ``declaration_id,event,card,time`` and optionally ``previous_id`` (the earlier number of
the same declaration: its Z number, or its unified number, §11.6). A header row is optional; with a
header the columns may come in any order, and a column named twice is refused. Times are ISO 8601
between 2000 and 2100; a time without an offset is China time. A quote never closed is an error at
its line: the rest of the file is not counted.

The ledger file (``--ledger``) remembers saves, declarations, links and charges across imports. An
import is one ``BEGIN IMMEDIATE`` transaction around read-decide-write: it loads what the file
knows of the declarations in the import, decides the charges, writes them and commits, so two
imports at once give exactly what one after the other gives, and a killed import leaves the
previous state.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checks.errors import InputError
from checks.i18n import Msg, add
from checks.textio import cell_problem, csv_header, csv_records, iter_lines, safe_text
from provisioning import sqlitefile
from provisioning.fees.ledger import (
    CHINA,
    EVENTS,
    LedgerResult,
    LedgerState,
    TransmissionLedger,
    from_micros,
    micros,
)

add({
    "ledger.v.columns": {"zh": "只有 {n} 列，需要 4 列：{required}", "en": "{n} columns, need 4: {required}"},
    "ledger.v.time": {"zh": "time：“{when}”不是 ISO 日期时间（如 2007-12-10T09:30:00+08:00）",
                      "en": "time: '{when}' is not an ISO date-time (2007-12-10T09:30:00+08:00)"},
    "ledger.v.years": {"zh": "time：“{when}”不在 {first} 到 {last} 年之间",
                       "en": "time: '{when}' is outside the years {first}-{last}"},
    "ledger.v.before_prices": {"zh": "time：申报日期 {day} 早于价目表的第一个价格版本（{earliest}）：这一天的收费标准未知",
                               "en": "time: declared on {day}, before the first price version of the price table "
                                     "({earliest}): no fee is known for that day"},
    "ledger.v.declaration": {"zh": "declaration_id：为空或超过 {n} 个字符",
                             "en": "declaration_id: empty or longer than {n} characters"},
    "ledger.v.event": {"zh": "event：“{event}”不是 {events} 之一", "en": "event: '{event}' is not one of {events}"},
    "ledger.v.card": {"zh": "card：为空或超过 {n} 个字符", "en": "card: empty or longer than {n} characters"},
    "ledger.v.time_long": {"zh": "time：超过 40 个字符", "en": "time: longer than 40 characters"},
    "ledger.v.unprintable": {"zh": "有无法显示的字符", "en": "a character that cannot be printed"},
    "ledger.err.not_ledger": {
        "zh": "这不是 qpfleet 的传输费台账（是别的程序的文件，或 qpfleet 的另一个数据库？）：请给出新文件或台账本身",
        "en": "not a qpfleet transmission-fee ledger (another program's or qpfleet's other database?); give a new "
              "file or the ledger's own"},
    "ledger.err.unusable": {"zh": "不是可用的 qpfleet 台账（详情：{detail}）", "en": "not a qpfleet ledger ({detail})"},
    "ledger.err.open": {"zh": "无法打开台账（详情：{detail}）", "en": "cannot open the ledger ({detail})"},
})

COLUMNS = ("declaration_id", "event", "card", "time", "previous_id")
REQUIRED = COLUMNS[:4]
MAX_FIELD = 64
MAX_EVENTS_BYTES = 1 << 30  # 1 GiB of CSV (about 20 million events); read as a stream
FIRST_YEAR, LAST_YEAR = 2000, 2100
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_CHINA = dt.datetime(1970, 1, 1, 8, 0)  # 1970-01-01T00:00Z as a naive China time (UTC+8)
Event = tuple[str, str, str, int, str | None]


@dataclass
class EventReadResult:
    events: list[Event] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)  # "file:line: message"
    rows: int = 0


def read_events(path: str | os.PathLike[str], earliest: dt.date | None = None) -> EventReadResult:
    """Every well-formed event of a CSV file as a list, and one message per bad row (for small files)."""
    out = EventReadResult()
    out.events = list(iter_events(path, out, earliest))
    return out


def iter_events(path: str | os.PathLike[str], out: EventReadResult,
                earliest: dt.date | None = None) -> Iterator[Event]:
    """The well-formed events of a CSV file, streamed; bad rows go to ``out.bad_rows`` with their line.

    ``earliest`` is the first day prices are known: a declaration declared before it is a bad row
    naming its line (not an error blamed on the price table).
    """
    name = str(path)
    order: tuple[int, ...] = (0, 1, 2, 3, 4)
    bad = out.bad_rows
    event_names = frozenset(EVENTS)
    fromiso = dt.datetime.fromisoformat
    first_record = True
    i_decl, i_event, i_card, i_time, i_prev = order
    first_priced = micros(dt.datetime.combine(earliest, dt.time(), CHINA)) if earliest is not None else -(2**63)
    for line, row in csv_records(iter_lines(path, MAX_EVENTS_BYTES, "events file"), name, "events file"):
        out.rows = line
        if first_record:
            first_record = False
            names = [c.strip().lower() for c in row]
            if any(n in COLUMNS or n in ("declaration", "id") for n in names):
                header = csv_header(["declaration_id" if n in ("declaration", "id") else n for n in names],
                                    f"{name}:{line}", COLUMNS, REQUIRED, "events file")
                order = tuple(header.get(c, -1) for c in COLUMNS)
                i_decl, i_event, i_card, i_time, i_prev = order
                continue
        if len(row) <= max(i_decl, i_event, i_card, i_time):
            bad.append(_at(name, line, Msg("ledger.v.columns", n=len(row), required=", ".join(REQUIRED))))
            continue
        declaration, event, card, when = row[i_decl].strip(), row[i_event].strip(), row[i_card].strip(), \
            row[i_time].strip()
        previous = row[i_prev].strip() if 0 <= i_prev < len(row) else ""
        if not (0 < len(declaration) <= MAX_FIELD and event in event_names and 0 < len(card) <= MAX_FIELD
                and len(when) <= 40 and len(previous) <= MAX_FIELD and declaration.isprintable()
                and card.isprintable() and previous.isprintable()):
            bad.append(_at(name, line, _row_problem(declaration, event, card, when, previous, event_names)))
            continue
        try:
            time = fromiso(when)
        except ValueError:
            bad.append(_at(name, line, Msg("ledger.v.time", when=when)))
            continue
        if not FIRST_YEAR <= time.year <= LAST_YEAR:
            bad.append(_at(name, line, Msg("ledger.v.years", when=when, first=FIRST_YEAR, last=LAST_YEAR)))
            continue
        # microseconds since 1970 UTC by subtraction (much faster than attaching a zone and timestamp());
        # a time without an offset is China time, UTC+8 without daylight saving since 1991
        span = time - (_EPOCH_CHINA if time.tzinfo is None else _EPOCH)
        at = (span.days * 86400 + span.seconds) * 1_000_000 + span.microseconds
        if event == "declare" and at < first_priced:
            day = from_micros(at).astimezone(CHINA).date()
            bad.append(_at(name, line, Msg("ledger.v.before_prices", day=day.isoformat(), earliest=str(earliest))))
            continue
        yield declaration, event, card, at, previous or None


def _at(file: str, line: int, what: str) -> str:
    """A bad row's message: ``file:line: what``, in any language."""
    return Msg("msg.at", where=f"{file}:{line}", what=what)


def _row_problem(declaration: str, event: str, card: str, when: str, previous: str,
                 event_names: frozenset[str]) -> str:
    """Why a row was refused (the fast check in :func:`iter_events` found something)."""
    if not declaration or len(declaration) > MAX_FIELD:
        return Msg("ledger.v.declaration", n=MAX_FIELD)
    if event not in event_names:
        return Msg("ledger.v.event", event=safe_text(event[:MAX_FIELD]), events=tuple(EVENTS))
    if not card or len(card) > MAX_FIELD:
        return Msg("ledger.v.card", n=MAX_FIELD)
    if len(when) > 40:
        return Msg("ledger.v.time_long")
    for column, value in (("declaration_id", declaration), ("card", card), ("previous_id", previous)):
        problem = cell_problem(value, column, MAX_FIELD)
        if problem:
            return problem
    return Msg("ledger.v.unprintable")


# -- the ledger file ------------------------------------------------------------------------------
WHAT = "transmission-fee ledger"
APPLICATION_ID = 0x51504C47  # "QPLG": a ledger made by qpfleet, never the dispatch store or another file
_TABLES = {"first_save", "declared", "charged", "links"}
MIGRATIONS: list[sqlitefile.Migration] = [
    [  # the layout of the first ledgers (no version recorded)
        "CREATE TABLE IF NOT EXISTS first_save (declaration TEXT PRIMARY KEY, time TEXT NOT NULL, card TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS declared (declaration TEXT PRIMARY KEY, time TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS charged (declaration TEXT PRIMARY KEY, customs_code TEXT NOT NULL,
                                              amount_fen INTEGER NOT NULL, charged_at TEXT NOT NULL)""",
    ],
    [  # one declaration, three numbers (§11.6): later number -> earlier number
        "CREATE TABLE links (declaration TEXT PRIMARY KEY, previous TEXT NOT NULL) WITHOUT ROWID",
        "CREATE INDEX links_previous ON links (previous)",
        f"PRAGMA application_id = {APPLICATION_ID}",
    ],
]


def _integer_times(conn: sqlite3.Connection) -> None:
    """Times as whole microseconds since 1970 (UTC) instead of ISO text: compared and written without
    parsing a million dates. Rows of earlier ledgers are converted."""
    conn.execute("CREATE TABLE first_save2 (declaration TEXT PRIMARY KEY, at INTEGER NOT NULL, card TEXT NOT NULL)"
                 " WITHOUT ROWID")
    conn.execute("CREATE TABLE declared2 (declaration TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID")
    conn.executemany("INSERT INTO first_save2 VALUES (?, ?, ?)",
                     ((d, micros(_time(t)), c) for d, t, c in conn.execute("SELECT * FROM first_save").fetchall()))
    conn.executemany("INSERT INTO declared2 VALUES (?, ?)",
                     ((d, micros(_time(t))) for d, t in conn.execute("SELECT * FROM declared").fetchall()))
    for table in ("first_save", "declared"):
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}2 RENAME TO {table}")


MIGRATIONS.append(_integer_times)


class LedgerFile:
    """An open ledger file; :meth:`settle_import` is the one read-decide-write."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.where = str(self.path)
        self.conn = sqlitefile.connect(self.path, WHAT, identity=self._check_identity)
        try:
            sqlitefile.migrate(self.conn, MIGRATIONS, WHAT, self.where)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise InputError(Msg("ledger.err.unusable", detail=str(exc)), where=self.where) from None
        except BaseException:
            self.conn.close()
            raise

    def _check_identity(self, conn: sqlite3.Connection) -> None:
        """Another program's file (or the dispatch database) is refused before anything is written to it."""
        app = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = sqlitefile.user_version(conn)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app not in (0, APPLICATION_ID) or (app == 0 and (version != 0 or not tables <= _TABLES)):
            raise InputError(Msg("ledger.err.not_ledger"), where=self.where)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> LedgerFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def settle_import(self, fresh: LedgerState, card_owner: Callable[[str], str | None],
                      rate_on: Callable[[dt.date], int], now: dt.datetime) -> LedgerResult:
        """Merge this import's facts with what the file knows of the same declarations, charge, write:
        all inside one ``BEGIN IMMEDIATE`` transaction."""
        with sqlitefile.transaction(self.conn, WHAT, self.where) as conn:
            state = self._load(conn, fresh.ids())
            state.merge(fresh)
            result = TransmissionLedger(state).settle(card_owner, rate_on)
            stamp = now.isoformat()
            conn.executemany("INSERT OR REPLACE INTO first_save VALUES (?, ?, ?)",
                             ((d, t, c) for d, (t, c) in state.first_save.items()))
            conn.executemany("INSERT OR REPLACE INTO declared VALUES (?, ?)", state.declared.items())
            conn.executemany("INSERT OR REPLACE INTO links VALUES (?, ?)", state.links.items())
            conn.executemany("INSERT INTO charged VALUES (?, ?, ?, ?)",
                             ((d, c, f, stamp) for d, (c, f) in result.new_charges.items()))
        return result

    @staticmethod
    def _load(conn: sqlite3.Connection, ids: set[str]) -> LedgerState:
        """What the file knows of ``ids`` and of every number linked to them."""
        state = LedgerState()
        if not conn.execute("SELECT 1 FROM declared UNION ALL SELECT 1 FROM first_save LIMIT 1").fetchone():
            return state  # a new ledger: nothing to load
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute("DELETE FROM touched")
        conn.executemany("INSERT OR IGNORE INTO touched VALUES (?)", ((d,) for d in ids))
        if conn.execute("SELECT 1 FROM links LIMIT 1").fetchone():
            conn.execute("""INSERT OR IGNORE INTO touched
                WITH RECURSIVE comp(id) AS (
                    SELECT id FROM touched
                    UNION SELECT l.previous FROM links l JOIN comp ON l.declaration = comp.id
                    UNION SELECT l.declaration FROM links l JOIN comp ON l.previous = comp.id)
                SELECT id FROM comp""")
        for d, t, c in conn.execute("SELECT f.declaration, f.at, f.card FROM first_save f"
                                    " JOIN touched ON touched.id = f.declaration"):
            state.first_save[d] = (int(t), c)
        for d, t in conn.execute("SELECT x.declaration, x.at FROM declared x JOIN touched ON touched.id = x.declaration"):
            state.declared[d] = int(t)
        for d, p in conn.execute("SELECT k.declaration, k.previous FROM links k JOIN touched ON touched.id = k.declaration"):
            state.links[d] = p
        for d, c, f in conn.execute("SELECT g.declaration, g.customs_code, g.amount_fen FROM charged g"
                                    " JOIN touched ON touched.id = g.declaration"):
            state.charged[d] = (c, int(f))
        conn.execute("DELETE FROM touched")
        return state


def _time(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=CHINA)


def statement(path: str | os.PathLike[str], customs_code: str) -> list[tuple[str, int, int]]:
    """One enterprise's transmission-fee statement from the ledger: ``(YYYY-MM, declarations, fen)`` per month
    of charging, oldest first. The ledger is opened read-only; a missing file has no charges."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        db = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError(Msg("ledger.err.open", detail=str(exc)), where=str(p)) from None
    try:
        rows = db.execute("SELECT substr(charged_at, 1, 7) AS month, COUNT(*), SUM(amount_fen) FROM charged "
                          "WHERE customs_code = ? GROUP BY month ORDER BY month", (customs_code,)).fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError(Msg("ledger.err.unusable", detail=str(exc)), where=str(p)) from None
    finally:
        db.close()
    return [(str(m), int(n), int(f)) for m, n, f in rows]
