"""People of the board: argon2 hashes, sessions, the rate limit, roles, the audit log; ``qpfleet users``."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from provisioning.board import auth
from provisioning.dispatch.store import Store

NOW = dt.datetime(2026, 12, 3, 1, 0, tzinfo=dt.UTC)
PW = "correct horse battery"


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "s.sqlite3")
    auth.add_user(s, "zhang.wei", "dispatcher", PW, NOW, "test")
    yield s
    s.close()


def test_passwords_are_argon2_hashes_and_sessions_keep_only_a_digest(store: Store, tmp_path: Path) -> None:
    (row,) = store.query("SELECT password_hash FROM users")
    assert row["password_hash"].startswith("$argon2id$") and PW not in row["password_hash"]
    token, session = auth.login(store, "zhang.wei", PW, "127.0.0.1", NOW)
    assert session.can_write and session.role == "dispatcher"
    assert store.query("SELECT id FROM sessions")[0]["id"] == session.id != token
    assert token.encode() not in (tmp_path / "s.sqlite3").read_bytes()
    assert auth.session_for(store, token, NOW) == session
    assert auth.session_for(store, token, NOW + dt.timedelta(hours=auth.SESSION_HOURS)) is None  # expired
    assert auth.session_for(store, token + "x", NOW) is None and auth.session_for(store, None, NOW) is None
    assert auth.csrf_matches(session, session.csrf) and not auth.csrf_matches(session, "") \
        and not auth.csrf_matches(session, None) and not auth.csrf_matches(session, session.csrf[:-1])


def test_wrong_names_and_passwords_are_refused_alike_and_audited(store: Store) -> None:
    for name, pw in (("zhang.wei", "wrong"), ("nobody", PW), ("zhang.wei", PW.upper())):
        with pytest.raises(auth.LoginRefused) as info:
            auth.login(store, name, pw, "10.0.0.1", NOW)
        assert info.value.kind == "bad"
    actions = [r["action"] for r in store.query("SELECT action FROM audit ORDER BY id")]
    assert actions == ["user.add", "login.failed", "login.failed", "login.failed"]


def test_five_failures_lock_the_name_and_twenty_the_address_for_fifteen_minutes(store: Store) -> None:
    for i in range(auth.MAX_FAILURES_PER_NAME):
        with pytest.raises(auth.LoginRefused):
            auth.login(store, "zhang.wei", "wrong", f"10.0.0.{i}", NOW)
    with pytest.raises(auth.LoginRefused) as info:
        auth.login(store, "zhang.wei", PW, "10.0.9.9", NOW + dt.timedelta(minutes=14))
    assert info.value.kind == "limited"
    auth.login(store, "zhang.wei", PW, "10.0.9.9", NOW + dt.timedelta(minutes=16))  # the window has passed
    auth.add_user(store, "li.na", "viewer", PW, NOW, "test")
    for i in range(auth.MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(auth.LoginRefused):
            auth.login(store, f"guess{i}", "wrong", "192.0.2.7", NOW + dt.timedelta(minutes=20))
    with pytest.raises(auth.LoginRefused) as info:
        auth.login(store, "li.na", PW, "192.0.2.7", NOW + dt.timedelta(minutes=21))
    assert info.value.kind == "limited"
    auth.login(store, "li.na", PW, "192.0.2.8", NOW + dt.timedelta(minutes=21))  # another address may


def test_a_new_password_or_disabling_ends_every_session(store: Store) -> None:
    token, _ = auth.login(store, "zhang.wei", PW, "127.0.0.1", NOW)
    auth.set_password(store, "zhang.wei", "another long password", NOW, "cli:root")
    assert auth.session_for(store, token, NOW) is None
    token, _ = auth.login(store, "zhang.wei", "another long password", "127.0.0.1", NOW)
    auth.set_disabled(store, "zhang.wei", True, NOW, "cli:root")
    assert auth.session_for(store, token, NOW) is None
    with pytest.raises(auth.LoginRefused):
        auth.login(store, "zhang.wei", "another long password", "127.0.0.1", NOW)
    auth.set_disabled(store, "zhang.wei", False, NOW, "cli:root")
    auth.set_role(store, "zhang.wei", "viewer", NOW, "cli:root")
    _, session = auth.login(store, "zhang.wei", "another long password", "127.0.0.1", NOW)
    assert not session.can_write


@pytest.mark.parametrize(("name", "password", "message"), [
    ("bad name", PW, "invalid user name"), ("-x", PW, "invalid user name"), ("a" * 65, PW, "invalid user name"),
    ("ok", "short", "at least 10"), ("ok", " padded password ", "spaces"), ("ok", "tab\there pass", "control")])
def test_bad_names_and_passwords_are_refused(store: Store, name: str, password: str, message: str) -> None:
    with pytest.raises(auth.InputError, match=message):
        auth.add_user(store, name, "viewer", password, NOW, "test")


def test_users_cli_reads_the_password_from_a_file_never_from_argv(cli, tmp_path: Path) -> None:
    db = str(tmp_path / "u.sqlite3")
    pw = tmp_path / "pw"
    pw.write_text("a long enough password\nsecond line ignored\n", "utf-8")
    code, out, _ = cli("users", "add", "王芳", "--role", "admin", "--password-file", str(pw), "--db", db,
                       "--lang", "zh")
    assert code == 0 and "已新增用户 王芳（管理员）" in out
    code, _, err = cli("users", "add", "王芳", "--role", "viewer", "--password-file", str(pw), "--db", db)
    assert code == 2 and "exists already" in err
    code, _, err = cli("users", "add", "x1", "--role", "viewer", "--password", "secret123456", "--db", db)
    assert code == 2 and "secret123456" not in err
    empty = tmp_path / "empty"
    empty.write_text("", "utf-8")
    code, _, err = cli("users", "add", "x2", "--role", "viewer", "--password-file", str(empty), "--db", db)
    assert code == 2 and "empty" in err
    code, _, err = cli("users", "role", "nobody", "admin", "--db", db)
    assert code == 2 and "no user 'nobody'" in err
    code, out, _ = cli("users", "list", "--db", db, "--json")
    people = json.loads(out)
    assert [(p["name"], p["role"]) for p in people] == [("王芳", "admin")] and "hash" not in out
    # for people: the role in words and the time of the change in Beijing time, never the stored UTC text
    code, out, _ = cli("users", "list", "--db", db, "--lang", "zh")
    changed = dt.datetime.fromisoformat(people[0]["changed_at"]).astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert code == 0 and "管理员" in out and f"修改于 {changed:%Y-%m-%d %H:%M}（北京时间）" in out, out
    assert people[0]["changed_at"] not in out
    cli("users", "disable", "王芳", "--db", db)
    code, out, _ = cli("users", "list", "--db", db, "--lang", "en")
    assert code == 0 and "admin" in out and "(disabled)" in out and "(Beijing time)" in out, out
    with Store(db) as store:
        audit = store.query("SELECT user, action, target FROM audit")
        assert [(r["action"], r["target"]) for r in audit] == [("user.add", "王芳"), ("user.disable", "王芳")]
        assert audit[0]["user"].startswith("cli")


def test_users_cli_without_a_terminal_asks_for_a_file_instead_of_hanging(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "provisioning.cli", "users", "add", "li", "--role", "viewer",
                           "--db", str(tmp_path / "u.sqlite3")], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "--password-file" in done.stderr
