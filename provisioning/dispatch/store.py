"""The dispatch store: one SQLite file (WAL), versioned migrations, every write in one transaction.

This is the project's one state database ("what happened"; the registry says what is approved).
Tables: payments (bank receipt number unique, corporate account only, amount in fen), visit
requests and their clock events, engineers and their leave, plans and visits, campaigns and
their notifications, training sessions and registrations; (migration 2, used through
:mod:`provisioning.state`) runs of checks and installs — fleet, WinRM or USB kit — with one
result per terminal and action; (migration 3) request kinds — the paid maintenance visit and the
on-site guidance after the switch-over (§7.2) —, cancelled or moved campaigns, removed engineers;
(migration 4) the terminals a request concerns and the run and result that closed it
(:mod:`provisioning.dispatch.closure`); (migration 5) the roll-out board's people, sessions, failed
logins, visit reports and the audit log of every write (:mod:`provisioning.board`);
(migration 6) how a payment was made: a transfer or a cash deposit at the bank (§2.3).

Times are stored as ISO 8601 text in UTC, dates as ``YYYY-MM-DD``; amounts as integer fen.
A process killed in the middle of a write leaves the previous state: SQLite rolls the
unfinished transaction back on the next open.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from checks.errors import InputError
from checks.i18n import Msg
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.sqlitefile import Busy, connect, migrate, transaction, user_version

SCHEMA_VERSION = 7
APPLICATION_ID = 0x51504453  # "QPDS": the dispatch (state) database of qpfleet, never the ledger or another file


def _add_column(conn: sqlite3.Connection, table: str, column: str, declaration: str) -> None:
    """``ALTER TABLE … ADD COLUMN`` unless the column is there already (a migration may meet a half-done past)."""
    if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


def _migration_3(conn: sqlite3.Connection) -> None:
    """3: request kinds (paid maintenance visit or on-site guidance after the switch-over, §7.2) with their own
    first and last day; campaigns that are cancelled or moved; engineers who left (their past visits stay)."""
    _add_column(conn, "requests", "kind",
                "TEXT NOT NULL DEFAULT 'maintenance' CHECK (kind IN ('maintenance', 'guidance'))")
    _add_column(conn, "requests", "earliest_day", "TEXT")
    _add_column(conn, "requests", "due_day", "TEXT")
    _add_column(conn, "requests", "campaign_id", "INTEGER REFERENCES campaigns (id)")
    _add_column(conn, "campaigns", "status",
                "TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled'))")
    _add_column(conn, "campaigns", "changed_at", "TEXT")
    _add_column(conn, "engineers", "removed_at", "TEXT")
    conn.execute("CREATE INDEX IF NOT EXISTS requests_enterprise ON requests (enterprise, kind, paid_at)")


def _migration_6(conn: sqlite3.Connection) -> None:
    """6: §2.3: a payment is a transfer from the enterprise's corporate account or cash it deposited at the
    bank into the sub-centre's account; ``account_type`` 'corporate' then means "in the enterprise's name"."""
    _add_column(conn, "payments", "method",
                "TEXT NOT NULL DEFAULT 'transfer' CHECK (method IN ('transfer', 'deposit'))")


Migration = list[str] | Callable[[sqlite3.Connection], None]

# Each migration is a list of statements (or a function) applied in one transaction; index + 1 = user_version.
MIGRATIONS: list[Migration] = [
    [
        """CREATE TABLE payments (
            receipt_no TEXT PRIMARY KEY,
            enterprise TEXT NOT NULL,
            payer_name TEXT NOT NULL,
            account_type TEXT NOT NULL CHECK (account_type = 'corporate'),
            account_masked TEXT NOT NULL,
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            paid_at TEXT NOT NULL,
            purpose TEXT NOT NULL,
            source TEXT NOT NULL,
            recorded_at TEXT NOT NULL)""",
        """CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            enterprise TEXT NOT NULL,
            site TEXT NOT NULL,
            skill TEXT NOT NULL,
            receipt_no TEXT UNIQUE REFERENCES payments (receipt_no),
            paid_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL)""",
        "CREATE INDEX requests_status ON requests (status)",
        """CREATE TABLE request_events (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES requests (id),
            kind TEXT NOT NULL CHECK (kind IN ('pause', 'resume', 'done', 'cancel')),
            at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '')""",
        """CREATE TABLE engineers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            skills TEXT NOT NULL,
            sites TEXT NOT NULL,
            daily_capacity INTEGER NOT NULL CHECK (daily_capacity > 0))""",
        """CREATE TABLE leave (
            engineer TEXT NOT NULL REFERENCES engineers (id),
            day TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (engineer, day))""",
        """CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            made_at TEXT NOT NULL,
            first_day TEXT NOT NULL,
            days INTEGER NOT NULL,
            visits INTEGER NOT NULL,
            late INTEGER NOT NULL,
            unassigned INTEGER NOT NULL,
            estimated INTEGER NOT NULL)""",
        """CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            day TEXT NOT NULL,
            notify_by TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER REFERENCES plans (id),
            request_id INTEGER REFERENCES requests (id),
            campaign_id INTEGER REFERENCES campaigns (id),
            kind TEXT NOT NULL,
            engineer TEXT NOT NULL REFERENCES engineers (id),
            day TEXT NOT NULL,
            site TEXT NOT NULL,
            enterprise TEXT NOT NULL,
            deadline TEXT,
            late INTEGER NOT NULL DEFAULT 0,
            CHECK ((request_id IS NULL) <> (campaign_id IS NULL)))""",
        "CREATE INDEX visits_day ON visits (day, engineer)",
        """CREATE TABLE plan_misses (
            plan_id INTEGER NOT NULL REFERENCES plans (id),
            request_id INTEGER NOT NULL REFERENCES requests (id),
            deadline TEXT,
            day TEXT,
            reason TEXT NOT NULL,
            PRIMARY KEY (plan_id, request_id))""",
        """CREATE TABLE notifications (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
            enterprise TEXT NOT NULL,
            name TEXT NOT NULL,
            contacts TEXT NOT NULL,
            lacks TEXT NOT NULL,
            installable INTEGER NOT NULL,
            UNIQUE (campaign_id, enterprise))""",
        """CREATE TABLE training_sessions (
            id INTEGER PRIMARY KEY,
            starts_at TEXT NOT NULL UNIQUE,
            capacity INTEGER NOT NULL CHECK (capacity > 0))""",
        """CREATE TABLE registrations (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES training_sessions (id),
            enterprise TEXT NOT NULL,
            person TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            UNIQUE (session_id, enterprise, person))""",
    ],
    # 2: runs and per-terminal results (provisioning/state.py): preflight, install and undo, by any route.
    [
        """CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('preflight', 'install', 'undo', 'kit')),
            route TEXT NOT NULL CHECK (route IN ('ansible', 'winrm', 'kit')),
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'complete', 'interrupted', 'failed')),
            target TEXT NOT NULL DEFAULT '',
            operator TEXT NOT NULL DEFAULT '',
            options TEXT NOT NULL DEFAULT '{}',
            data_dir TEXT,
            retry_of TEXT REFERENCES runs (id),
            hosts_total INTEGER NOT NULL DEFAULT 0)""",
        "CREATE INDEX runs_started ON runs (started_at)",
        """CREATE TABLE host_results (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs (id),
            host TEXT NOT NULL,
            enterprise TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL CHECK (action IN ('preflight', 'install', 'undo')),
            outcome TEXT NOT NULL CHECK (outcome IN (
                'ready', 'not_ready', 'undetermined',
                'installed', 'unchanged', 'refused', 'undone', 'would_change',
                'failed', 'unreachable')),
            verdict TEXT CHECK (verdict IS NULL OR verdict IN ('ready', 'not_ready', 'undetermined')),
            reboot_needed INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL,
            route TEXT NOT NULL CHECK (route IN ('ansible', 'winrm', 'kit')),
            reason_key TEXT NOT NULL DEFAULT '',
            reason_params TEXT NOT NULL DEFAULT '{}',
            checks TEXT,
            facts TEXT,
            detail TEXT,
            UNIQUE (run_id, host, action))""",
        "CREATE INDEX host_results_host ON host_results (host, action, at)",
        "CREATE INDEX host_results_enterprise ON host_results (enterprise, action, at)",
    ],
    _migration_3,
    # 4: the loop closes (provisioning/dispatch/closure.py): which terminals a visit request concerns
    # (none listed: the enterprise's terminals a run installed), and the run/result that closed it.
    [
        "ALTER TABLE requests ADD COLUMN closed_by_run TEXT REFERENCES runs (id)",
        "ALTER TABLE requests ADD COLUMN closed_by_result INTEGER REFERENCES host_results (id)",
        "ALTER TABLE requests ADD COLUMN closed_at TEXT",
        """CREATE TABLE request_hosts (
            request_id INTEGER NOT NULL REFERENCES requests (id),
            host TEXT NOT NULL,
            PRIMARY KEY (request_id, host))""",
        "CREATE INDEX requests_enterprise_status ON requests (enterprise, status)",
    ],
    # 5: the roll-out board (provisioning/board): people and their roles, sessions (the cookie's hash
    # only), failed logins for the rate limit, what engineers reported about visits, the audit log.
    [
        """CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'dispatcher', 'admin')),
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            user TEXT NOT NULL REFERENCES users (name),
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            ip TEXT NOT NULL DEFAULT '')""",
        """CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            ip TEXT NOT NULL)""",
        "CREATE INDEX login_failures_at ON login_failures (at)",
        """CREATE TABLE visit_reports (
            id INTEGER PRIMARY KEY,
            request_id INTEGER REFERENCES requests (id),
            campaign_id INTEGER REFERENCES campaigns (id),
            enterprise TEXT NOT NULL,
            day TEXT NOT NULL,
            engineer TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('done', 'not_done')),
            reason TEXT NOT NULL DEFAULT '',
            by_user TEXT NOT NULL,
            at TEXT NOT NULL,
            CHECK ((request_id IS NULL) <> (campaign_id IS NULL)))""",
        "CREATE INDEX visit_reports_day ON visit_reports (day)",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '{}',
            ip TEXT NOT NULL DEFAULT '')""",
    ],
    _migration_6,
    [f"PRAGMA application_id = {APPLICATION_ID}"],  # (7) the file says whose it is
]
assert len(MIGRATIONS) == SCHEMA_VERSION


def default_db_path() -> Path:
    """``dispatch.sqlite3`` in the user's data directory (platformdirs), or ``$QPFLEET_DISPATCH_DB``."""
    env = os.environ.get("QPFLEET_DISPATCH_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("qpfleet", appauthor=False)) / "dispatch.sqlite3"


def utc_text(value: dt.datetime) -> str:
    """An aware time as UTC ISO 8601 text (sorts correctly as text)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


def from_utc_text(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# The tables migrations 1-7 create (a file without an application id may hold only these).
_TABLES = frozenset({"audit", "campaigns", "engineers", "host_results", "leave", "login_failures", "notifications",
                     "payments", "plan_misses", "plans", "registrations", "request_events", "request_hosts",
                     "requests", "runs", "sessions", "training_sessions", "users", "visit_reports", "visits"})
_SQLITE_TABLES = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"})

StoreBusy = Busy  # another process holds the write lock for longer than the busy timeout (exit 1)
WHAT = "dispatch database"


class Store:
    """An open dispatch database; use :meth:`transaction` for every write.

    Its folder is made unless ``create_folder`` is false (the CLI's ``--db``: a folder that does not exist
    or cannot be written is then one line naming the path, exit 2). Two processes opening a fresh file at once both
    succeed: migrations run under the write lock and are idempotent (:mod:`provisioning.sqlitefile`).
    """

    def __init__(self, path: str | os.PathLike[str], create_folder: bool = True) -> None:
        self.path = Path(path)
        self.conn = connect(self.path, WHAT, create_folder=create_folder, busy_seconds=10.0,
                            identity=self._check_identity)
        self.conn.row_factory = sqlite3.Row
        self._depth = 0  # nested transaction() calls: savepoints
        try:
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise InputError(Msg("dispatch.err.database", detail=str(exc)), where=str(self.path)) from None
        except BaseException:
            self.conn.close()
            raise

    def _check_identity(self, conn: sqlite3.Connection) -> None:
        """Refuse another program's SQLite file (or qpfleet's ledger) before anything is written into it.
        A file from before migration 7 has no application id: its tables must all be ours."""
        app = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = user_version(conn)
        if version > SCHEMA_VERSION:
            return  # a newer qpfleet's: migrate() says so
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        foreign = app not in (0, APPLICATION_ID) or (app == 0 and (
            (version == 0 and bool(tables - _SQLITE_TABLES)) or not tables <= _TABLES | _SQLITE_TABLES))
        if foreign:
            raise InputError(Msg("dispatch.err.not_dispatch"), where=str(self.path))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return user_version(self.conn)

    def migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION` in one transaction, idempotent under two writers."""
        migrate(self.conn, MIGRATIONS, WHAT, str(self.path))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls the whole write back.

        Inside another transaction of this store it is a savepoint of that one, so a write made of
        several operations (a board action and its audit record, a run and the requests it closes)
        commits or rolls back as one.
        """
        if self.conn.in_transaction:
            with self._savepoint():
                yield self.conn
            return
        with transaction(self.conn, WHAT, str(self.path)) as conn:
            yield conn

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self._depth += 1
        name = f"qp_{self._depth}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        else:
            self.conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    def integrity(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def query(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, params))
