"""People of the board: roles, argon2 password hashes, server-side sessions, the login rate limit, the audit log.

* Roles: ``viewer`` reads; ``dispatcher`` also marks visits and re-plans; ``admin`` also reads the
  audit log. Passwords are hashed with argon2id at OWASP's recommended parameters (19 MiB, 2
  passes, 1 lane: tens of milliseconds per login on one core); a hash made with other parameters is
  re-hashed at the next login.
* A session is a random token in an HTTP-only, Secure, SameSite=Strict cookie; the database keeps
  only its SHA-256, the user, the CSRF token of the session and the expiry (12 hours), so logging
  out or disabling a person ends the session at once.
* Login attempts are limited: after 5 failures for one name, or 20 from one address, within 15
  minutes, further attempts are refused without checking the password until the window has passed.
* Every write — logins, logouts, refusals, visits marked, re-plans, people added or changed — is a
  row of the ``audit`` table (who, when, what, from where), written in the transaction of the write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from checks.errors import ExitCode, InputError, QpError
from checks.i18n import Msg
from provisioning.board import texts  # noqa: F401  (registers the board's words)
from provisioning.dispatch.store import Store, from_utc_text, utc_text

ROLES = ("viewer", "dispatcher", "admin")
WRITERS = ("dispatcher", "admin")
SESSION_HOURS = 12
WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 20
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_NAME = re.compile(r"^[^\W_][\w.@-]{0,63}$")
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


class LoginRefused(QpError):
    """A login that did not succeed: ``kind`` is ``bad`` (name or password wrong) or ``limited``."""

    exit_code = ExitCode.FAILED

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class Session:
    """A logged-in person."""

    id: str  # the SHA-256 of the cookie's token
    user: str
    role: str
    csrf: str
    expires_at: dt.datetime

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS


def check_name(name: str) -> str:
    """A user name: 1–64 letters, digits, ``.``, ``_``, ``@`` or ``-``, starting with a letter or digit."""
    if not _NAME.match(name or ""):
        raise InputError(Msg("users.err.name", name=repr(name)), where="NAME")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(Msg("users.err.short", n=MIN_PASSWORD), where="password")
    if len(password) > MAX_PASSWORD:
        raise InputError(Msg("users.err.long", n=MAX_PASSWORD), where="password")
    if password != password.strip() or any(ord(c) < 32 for c in password):
        raise InputError(Msg("users.err.spaces"), where="password")
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(check_password(password))


def audit(conn: sqlite3.Connection, now: dt.datetime, user: str, action: str, target: str = "",
          detail: dict[str, Any] | None = None, ip: str = "") -> None:
    """One row of the audit log; call it inside the transaction of the write it records."""
    conn.execute("INSERT INTO audit (at, user, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)",
                 (utc_text(now), user, action, target, json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
                  ip))


def add_user(store: Store, name: str, role: str, password: str, now: dt.datetime, actor: str) -> None:
    """Add a person; an existing name is refused (change it with :func:`set_password` / :func:`set_role`)."""
    check_name(name)
    if role not in ROLES:
        raise InputError(Msg("users.err.role", role=repr(role), valid=", ".join(ROLES)), where="--role")
    hashed = hash_password(password)
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise InputError(Msg("users.err.exists", name=repr(name)), where=name,
                             hint=f"qpfleet users passwd {name} / qpfleet users role {name} ROLE")
        conn.execute("INSERT INTO users (name, role, password_hash, created_at, changed_at) VALUES (?, ?, ?, ?, ?)",
                     (name, role, hashed, utc_text(now), utc_text(now)))
        audit(conn, now, actor, "user.add", name, {"role": role})


def _existing(conn: sqlite3.Connection, name: str) -> None:
    if not conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
        raise InputError(Msg("users.err.none", name=repr(name)), where=name, hint="qpfleet users list")


def set_password(store: Store, name: str, password: str, now: dt.datetime, actor: str) -> None:
    """A new password; every session of that person ends."""
    hashed = hash_password(password)
    with store.transaction() as conn:
        _existing(conn, name)
        conn.execute("UPDATE users SET password_hash = ?, changed_at = ? WHERE name = ?", (hashed, utc_text(now), name))
        conn.execute("DELETE FROM sessions WHERE user = ?", (name,))
        audit(conn, now, actor, "user.passwd", name)


def set_role(store: Store, name: str, role: str, now: dt.datetime, actor: str) -> None:
    if role not in ROLES:
        raise InputError(Msg("users.err.role", role=repr(role), valid=", ".join(ROLES)), where="ROLE")
    with store.transaction() as conn:
        _existing(conn, name)
        conn.execute("UPDATE users SET role = ?, changed_at = ? WHERE name = ?", (role, utc_text(now), name))
        audit(conn, now, actor, "user.role", name, {"role": role})


def set_disabled(store: Store, name: str, disabled: bool, now: dt.datetime, actor: str) -> None:
    """Disable (every session ends, no login) or enable a person."""
    with store.transaction() as conn:
        _existing(conn, name)
        conn.execute("UPDATE users SET disabled = ?, changed_at = ? WHERE name = ?", (int(disabled), utc_text(now), name))
        if disabled:
            conn.execute("DELETE FROM sessions WHERE user = ?", (name,))
        audit(conn, now, actor, "user.disable" if disabled else "user.enable", name)


def list_users(store: Store) -> list[dict[str, Any]]:
    return [dict(r) for r in store.query("SELECT name, role, disabled, created_at, changed_at FROM users ORDER BY name")]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def login(store: Store, name: str, password: str, ip: str, now: dt.datetime) -> tuple[str, Session]:
    """Check the password and open a session; returns the cookie's token and the session.

    Raises :class:`LoginRefused` (``limited`` before any password is checked, ``bad`` otherwise).
    """
    since = utc_text(now - WINDOW)
    with store.transaction() as conn:
        by_name = conn.execute("SELECT COUNT(*) FROM login_failures WHERE user = ? AND at >= ?", (name, since)).fetchone()[0]
        by_ip = conn.execute("SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at >= ?", (ip, since)).fetchone()[0]
        limited = by_name >= MAX_FAILURES_PER_NAME or by_ip >= MAX_FAILURES_PER_ADDRESS
        if limited:
            audit(conn, now, name[:64], "login.limited", name[:64], {"failures_name": by_name, "failures_ip": by_ip},
                  ip)
        else:
            # counted as a failure until the password is proven, so attempts made in parallel are counted too
            attempt = int(conn.execute("INSERT INTO login_failures (at, user, ip) VALUES (?, ?, ?)",
                                       (utc_text(now), name[:64], ip)).lastrowid or 0)
    if limited:
        raise LoginRefused("limited")
    row = store.query("SELECT name, role, password_hash, disabled FROM users WHERE name = ?", (name,))
    user = row[0] if row and not row[0]["disabled"] else None
    ok = False
    try:
        ok = _HASHER.verify(user["password_hash"] if user else _DUMMY_HASH, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        with store.transaction() as conn:  # the failure row stays; the audit says so
            conn.execute("DELETE FROM login_failures WHERE at < ?", (utc_text(now - 8 * WINDOW),))
            audit(conn, now, name[:64], "login.failed", name[:64], ip=ip)
        raise LoginRefused("bad")
    with store.transaction() as conn:
        conn.execute("DELETE FROM login_failures WHERE id = ?", (attempt,))
        if _HASHER.check_needs_rehash(user["password_hash"]):
            conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (_HASHER.hash(password), name))
        token = secrets.token_urlsafe(32)
        session = Session(_digest(token), name, user["role"], secrets.token_urlsafe(32),
                          now + dt.timedelta(hours=SESSION_HOURS))
        conn.execute("DELETE FROM sessions WHERE expires_at < ?", (utc_text(now),))
        conn.execute("INSERT INTO sessions (id, user, csrf, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?)",
                     (session.id, name, session.csrf, utc_text(now), utc_text(session.expires_at), ip))
        audit(conn, now, name, "login", name, ip=ip)
    return token, session


def session_for(store: Store, token: str | None, now: dt.datetime) -> Session | None:
    """The live session of a cookie's token (None: no token, unknown, expired, or the person disabled)."""
    if not token or len(token) > 200:
        return None
    rows = store.query("SELECT s.id, s.user, s.csrf, s.expires_at, u.role FROM sessions s JOIN users u ON "
                       "u.name = s.user WHERE s.id = ? AND u.disabled = 0", (_digest(token),))
    if not rows:
        return None
    r = rows[0]
    expires = from_utc_text(r["expires_at"])
    if expires <= now:
        return None
    return Session(r["id"], r["user"], r["role"], r["csrf"], expires)


def logout(store: Store, session: Session, now: dt.datetime, ip: str) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM sessions WHERE id = ?", (session.id,))
        audit(conn, now, session.user, "logout", session.user, ip=ip)


def csrf_matches(session: Session, sent: str | None) -> bool:
    return bool(sent) and secrets.compare_digest(session.csrf.encode(), str(sent).encode("utf-8", "replace"))
