"""SIGKILL during ``qpfleet dispatch pay import`` and ``qpfleet dispatch plan``: the database stays whole.

Each test starts the real command in a subprocess, waits until it holds SQLite's write lock (its
transaction is under way), kills it with SIGKILL and checks ``PRAGMA integrity_check`` and that
either all or none of that operation is in the database.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]
FIX = FIXTURES / "dispatch"
NOW = "2026-11-29T10:00:00+08:00"
DELAYS = (0.02, 0.3, 0.6, 0.9)  # seconds after the write lock is taken: early and late in the transaction
ENTS = [("4403990001", "深圳市甲报关有限公司"), ("4403990004", "深圳市丁进出口有限公司"),
        ("4403990005", "深圳市戊报关服务有限公司")]


def qpfleet(db: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "provisioning.cli", "dispatch", *argv, "--db", str(db), "--registry", str(FIX / "registry"),
            "--now", NOW]


def write_payments(path: Path, n: int, prefix: str) -> None:
    lines = ["receipt_no,customs_code,payer_name,account_type,account_number,amount_yuan,paid_at,purpose,payee_account"]
    for i in range(n):
        code, name = ENTS[i % 3]
        lines.append(f"{prefix}{i:08d},{code},{name},corporate,6222 0000 0000 0000 1234,200.00,"
                     f"2026-12-0{1 + i % 4}T{8 + i % 10:02d}:15:00+08:00,maintenance,443066660180100012345")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_lock_held(db: Path) -> bool:
    """True when another connection is inside a write transaction."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            return True
        raise
    finally:
        conn.close()


def kill_during_transaction(cmd: list[str], db: Path, delay: float, timeout: float = 60.0) -> bool:
    """Run ``cmd``; SIGKILL it ``delay`` s after it takes the write lock. True when it was killed by that."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if db.exists() and write_lock_held(db):
                time.sleep(delay)  # let it write rows inside the transaction
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                return proc.returncode == -signal.SIGKILL
            time.sleep(0.005)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def check(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn


def test_sigkill_during_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    subprocess.run(qpfleet(db, "engineer", "add", "E1", "--skills", "maintenance", "--sites", "5301,5316"),
                   check=True, capture_output=True, cwd=ROOT)
    big = tmp_path / "big.csv"
    write_payments(big, 60_000, "K")
    rolled_back = 0
    for delay in DELAYS:
        killed = kill_during_transaction(qpfleet(db, "pay", "import", str(big)), db, delay)
        conn = check(db)
        payments = conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
        requests = conn.execute("SELECT COUNT(*) FROM requests").fetchone()[0]
        conn.close()
        assert (payments, requests) in ((0, 0), (60_000, 60_000))
        rolled_back += killed and payments == 0
        if payments:
            break
    assert rolled_back >= 1, "no run was killed inside its transaction: the test proved nothing"
    # the interrupted import can simply be run again, and a second run records nothing twice
    for _ in range(2):
        subprocess.run(qpfleet(db, "pay", "import", str(big)), check=True, capture_output=True, cwd=ROOT)
    conn = check(db)
    assert conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 60_000
    conn.close()


def plan_state(conn: sqlite3.Connection) -> tuple[int, int]:
    plan_id, visits, late, unassigned = conn.execute(
        "SELECT id, visits, late, unassigned FROM plans ORDER BY id DESC LIMIT 1").fetchone()
    rows = conn.execute("SELECT COUNT(*), COUNT(DISTINCT plan_id), MIN(plan_id) FROM visits"
                        " WHERE request_id IS NOT NULL").fetchone()
    assert rows[0] == visits and (rows[0] == 0 or (rows[1] == 1 and rows[2] == plan_id))
    assert conn.execute("SELECT COUNT(*) FROM plan_misses WHERE plan_id = ?", (plan_id,)).fetchone()[0] \
        == late + unassigned
    return plan_id, visits


def plan_done(db: Path) -> None:
    """``dispatch plan`` to the end: exit 0, or 1 when visits will be late (12,000 requests are more than fit)."""
    run = subprocess.run(qpfleet(db, "plan"), capture_output=True, cwd=ROOT)
    assert run.returncode in (0, 1), run.stderr.decode()


def test_sigkill_during_plan_keeps_the_previous_plan_whole(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    big = tmp_path / "p.csv"
    write_payments(big, 12_000, "P")
    subprocess.run(qpfleet(db, "pay", "import", str(big)), check=True, capture_output=True, cwd=ROOT)
    from provisioning.dispatch.ops import add_engineer
    from provisioning.dispatch.store import Store

    with Store(db) as store:  # set-up only: the engineers
        for i in range(40):
            add_engineer(store, f"E{i:02d}", "", ["maintenance"], ["5301", "5316"] if i % 2 else ["5316"], 5)
    plan_done(db)
    conn = check(db)
    before = plan_state(conn)
    conn.close()
    subprocess.run(qpfleet(db, "engineer", "leave", "E01", "--from", "2026-11-30", "--to", "2026-12-11",
                           "--no-replan"), check=True, capture_output=True, cwd=ROOT)
    rolled_back = 0
    for delay in DELAYS:
        killed = kill_during_transaction(qpfleet(db, "plan"), db, delay)
        conn = check(db)
        state = plan_state(conn)
        conn.close()
        assert state == before or state[0] > before[0]
        rolled_back += killed and state == before
    assert rolled_back >= 1, "no run was killed inside its transaction: the test proved nothing"
    plan_done(db)
    conn = check(db)
    after = plan_state(conn)
    conn.close()
    assert after[0] > before[0]
