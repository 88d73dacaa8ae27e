"""Opening a qpfleet SQLite file: its folder checked first, migrations under one write lock, and
``BEGIN IMMEDIATE`` transactions; every failure is one line naming the file.

The dispatch store and the transmission-fee ledger both open their file here, so both behave alike:

* a missing folder, a folder that cannot be written, a path that is a folder, a file that is not
  SQLite: :class:`checks.errors.InputError` (exit 2) naming the path, never a ``sqlite3`` traceback;
* migrations are idempotent under two writers at once: the version is read again *after* the write
  lock is taken, so a second process that waited finds the work done and changes nothing;
* a write lock held by another process longer than the busy timeout: :class:`Busy` (exit 1).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from checks.errors import ExitCode, InputError, QpError
from checks.i18n import Msg, add

# The files opened here, by the name their code gives them (``what``), and every problem, in the user's language.
_FILES = {"dispatch database": "调度数据库", "transmission-fee ledger": "传输费台账"}
add({f"db.file.{name}": {"zh": zh, "en": name} for name, zh in _FILES.items()})
add({
    "db.err.folder": {"zh": "无法创建{what}所在的文件夹（详情：{detail}）", "en": "cannot create the folder of the {what}: {detail}"},
    "db.err.no_folder": {"zh": "无法创建{what}：文件夹 {folder} 不存在",
                         "en": "cannot create the {what}: folder {folder} does not exist"},
    "db.err.not_regular": {"zh": "{what}不是普通文件", "en": "the {what} is not a regular file"},
    "db.err.not_writable": {"zh": "无法创建{what}：文件夹 {folder} 不可写",
                            "en": "cannot create the {what}: folder {folder} is not writable"},
    "db.err.busy": {"zh": "{what}正被另一个 qpfleet 写入：请稍后再试",
                    "en": "the {what} is busy: another qpfleet is writing it; try again"},
    "db.err.unusable": {"zh": "不是可用的{what}（详情：{detail}）", "en": "not a usable {what} ({detail})"},
    "db.err.readonly": {"zh": "无法以写入方式打开{what}：它所在的文件夹可写吗？（详情：{detail}）",
                        "en": "cannot open the {what} for writing ({detail}): is its folder writable?"},
    "db.err.open": {"zh": "无法打开{what}（详情：{detail}）", "en": "cannot open the {what} ({detail})"},
    "db.err.write": {"zh": "无法写入{what}，没有做任何更改（详情：{detail}）",
                     "en": "cannot write the {what} (nothing was changed): {detail}"},
    "db.err.newer": {"zh": "{what}的结构版本 {current} 比这个 qpfleet 认识的（{target}）更新：请升级 qpfleet",
                     "en": "{what} schema version {current} is newer than this qpfleet knows ({target}); upgrade qpfleet"},
})


def _name(what: str) -> str:
    """The file's name for people (``dispatch database`` …) in the user's language."""
    return Msg(f"db.file.{what}") if what in _FILES else what


BUSY_SECONDS = 30.0
Migration = Sequence[str] | Callable[[sqlite3.Connection], None]


class Busy(QpError):
    """Another process holds the file's write lock for longer than the busy timeout."""

    exit_code = ExitCode.FAILED


def connect(path: str | os.PathLike[str], what: str, *, create_folder: bool = False,
            busy_seconds: float = BUSY_SECONDS,
            identity: Callable[[sqlite3.Connection], None] | None = None) -> sqlite3.Connection:
    """An open connection in WAL mode with foreign keys on; refuses what cannot become the file.

    ``identity`` looks at the file before anything is written to it (not even the switch to WAL, which
    changes the file's header): another program's database is refused untouched."""
    p = Path(path)
    where = str(p)
    if create_folder:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(Msg("db.err.folder", what=_name(what), detail=str(exc.strerror or exc)),
                             where=where) from None
    check_path(p, what)
    try:
        conn = sqlite3.connect(where, isolation_level=None, timeout=busy_seconds)
    except sqlite3.Error as exc:
        raise _open_error(exc, what, where) from None
    deadline = time.monotonic() + busy_seconds
    while True:
        try:
            conn.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
            if identity is not None:
                identity(conn)
            # Switching a fresh file to WAL needs it alone for a moment; when two processes switch at once,
            # SQLite answers "locked" at once rather than wait (to avoid a deadlock): try again shortly.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            return conn
        except sqlite3.OperationalError as exc:
            if ("locked" in str(exc) or "busy" in str(exc)) and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            conn.close()
            raise _open_error(exc, what, where) from None
        except sqlite3.Error as exc:
            conn.close()
            raise _open_error(exc, what, where) from None
        except BaseException:
            conn.close()
            raise


def check_path(path: str | os.PathLike[str], what: str) -> None:
    """Refuse early (before any other work) a path that cannot become the file: its folder missing or
    not a folder, or the path itself a folder, device or FIFO."""
    p = Path(path)
    if not p.parent.is_dir():
        raise InputError(Msg("db.err.no_folder", what=_name(what), folder=str(p.parent)), where=str(p))
    if p.exists() and not p.is_file():
        raise InputError(Msg("db.err.not_regular", what=_name(what)), where=str(p))
    if not p.exists() and not os.access(p.parent, os.W_OK | os.X_OK):
        raise InputError(Msg("db.err.not_writable", what=_name(what), folder=str(p.parent)), where=str(p))


def _open_error(exc: sqlite3.Error, what: str, where: str) -> QpError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return Busy(Msg("db.err.busy", what=_name(what)), where=where)
    if "not a database" in text or "malformed" in text:
        return InputError(Msg("db.err.unusable", what=_name(what), detail=text), where=where)
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return InputError(Msg("db.err.readonly", what=_name(what), detail=text), where=where)
    return InputError(Msg("db.err.open", what=_name(what), detail=text), where=where)


@contextmanager
def transaction(conn: sqlite3.Connection, what: str, where: str) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock is taken before anything is read, so a
    read-decide-write is never interleaved with another process's; any exception rolls back."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise Busy(Msg("db.err.busy", what=_name(what)), where=where) from None
        raise _open_error(exc, what, where) from None
    try:
        yield conn
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise QpError(Msg("db.err.write", what=_name(what), detail=str(exc)), where=where) from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise QpError(Msg("db.err.write", what=_name(what), detail=str(exc)), where=where) from None


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration], what: str, where: str) -> None:
    """Bring the file to ``len(migrations)`` (``PRAGMA user_version``), all steps in one transaction.

    The version is read again under the write lock: of two processes creating a fresh file at once,
    the second waits, sees the first one's work and does nothing.
    """
    target = len(migrations)
    if user_version(conn) == target:
        return
    with transaction(conn, what, where):
        current = user_version(conn)
        if current > target:
            raise InputError(Msg("db.err.newer", what=_name(what), current=current, target=target), where=where)
        for number in range(current + 1, target + 1):
            step = migrations[number - 1]
            if callable(step):
                step(conn)
            else:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
