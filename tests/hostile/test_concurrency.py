"""Two qpfleet processes at once on the same file: the answer is the one of one run after the other.

* Fee ledger (issue 12 §1): 20 pairs of real ``qpfleet fees transmission --ledger L`` processes, on the
  same or on different event files, must charge exactly what the two imports charge one after the
  other: no declaration billed twice, no save lost (the first saver pays, §5.3), linked numbers
  (§11.6) charged once.
* A fresh dispatch store opened by two processes at once (§2): neither fails, the schema is made once.

To make the two processes really meet at the lock, the test holds the file's write lock while they
start, waits until both are idle (blocked on the lock, not computing), then lets go.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from provisioning.fees.ledger import TransmissionLedger
from provisioning.fees.ledger_store import EventReadResult, LedgerFile, iter_events
from provisioning.fees.prices import load_prices
from provisioning.registry import load_registry
from tests.conftest import ROOT

INVENTORY = ROOT / "inventory"
QPFLEET = [sys.executable, "-m", "provisioning.cli"]
PAIRS = 20
NOW = "2026-10-01T09:00+08:00"


def _cards() -> tuple[list[str], dict[str, str]]:
    reg = load_registry(INVENTORY)
    owners = {c.number: e.customs_code for e in reg.enterprises.values() for c in e.cards}
    savers = sorted(c.number for e in reg.enterprises.values() for c in e.cards if "save" in c.rights)
    return savers, owners


def _write_events(path: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    lines = ["declaration_id,event,card,time,previous_id"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _pair_files(folder: Path, seed: int, savers: list[str]) -> tuple[Path, Path]:
    """Two event files whose charges do not depend on which is imported first: the second file shares
    declarations with the first but never saves them (so the first saver cannot change), declares some
    under a linked unified number, and has declarations of its own."""
    rnd = random.Random(seed)
    a: list[tuple[str, str, str, str, str]] = []
    b: list[tuple[str, str, str, str, str]] = []
    for k in range(300):
        z = f"Z{seed:03d}{k:05d}"
        minute = rnd.randrange(600)
        for card in rnd.sample(savers, rnd.choice((1, 2))):  # sometimes two saves: the earlier one pays
            a.append((z, "save", card, f"2007-12-10T{8 + minute // 60:02d}:{minute % 60:02d}:{rnd.randrange(60):02d}", ""))
        if rnd.random() < 0.8:
            a.append((z, "declare", "5301019001", "2007-12-10T20:00:00", ""))
        roll = rnd.random()
        if roll < 0.3:
            b.append((z, "declare", "5316029001", "2007-12-11T09:00:00", ""))
        elif roll < 0.5:  # entered the data centre: declared under its unified number, linked to Z
            b.append((f"U{seed:03d}{k:05d}", "declare", "5316029001", "2007-12-11T09:00:00", z))
            b.append((f"{seed:03d}{k:06d}", "clear", "5316029001", "2007-12-12T09:00:00", f"U{seed:03d}{k:05d}"))
        elif roll < 0.6:
            b.append((z, "reject", "5316029001", "2007-12-11T10:00:00", ""))
    for k in range(100):
        n = f"N{seed:03d}{k:05d}"
        b.append((n, "save", rnd.choice(savers), "2007-12-11T08:00:00", ""))
        b.append((n, "declare", "5316029001", "2007-12-11T09:00:00", ""))
    rnd.shuffle(a)
    rnd.shuffle(b)
    fa, fb = folder / f"a{seed}.csv", folder / f"b{seed}.csv"
    _write_events(fa, a)
    _write_events(fb, b)
    return fa, fb


def _sequential(folder: Path, files: list[Path], owners: dict[str, str]) -> dict[str, tuple[str, int]]:
    """The charges of importing ``files`` one after the other (in-process, the same code path as the CLI)."""
    table = load_prices(INVENTORY / "prices.yml")
    ledger = folder / f"seq-{'-'.join(f.stem for f in files)}.sqlite"
    ledger.unlink(missing_ok=True)
    for f in files:
        fresh = TransmissionLedger()
        fresh.add_many(iter_events(f, EventReadResult(), table.versions[0].effective_from))
        with LedgerFile(ledger) as book:
            book.settle_import(fresh.state, owners.get, lambda d: table.on(d).per_declaration_fen,
                               dt.datetime.now(dt.UTC))
    return _charged(ledger)


def _charged(ledger: Path) -> dict[str, tuple[str, int]]:
    with sqlite3.connect(ledger) as db:
        return {d: (c, int(f)) for d, c, f in db.execute("SELECT declaration, customs_code, amount_fen FROM charged")}


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1
    return int(fields[11]) + int(fields[12])  # utime + stime


def _wait_until_idle(procs: list[subprocess.Popen[bytes]], quiet: float = 0.4, limit: float = 60.0) -> None:
    """Until every process has used no CPU for ``quiet`` seconds (blocked on the lock) or has ended."""
    deadline = time.monotonic() + limit
    last = {p.pid: _cpu_ticks(p.pid) for p in procs}
    still = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = {p.pid: _cpu_ticks(p.pid) for p in procs}
        if now != last:
            last, still = now, time.monotonic()
        elif time.monotonic() - still >= quiet:
            return
    raise AssertionError("the processes never became idle")


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def _start(argv: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*QPFLEET, *argv], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_twenty_concurrent_pairs_of_fee_imports_charge_what_one_after_the_other_charges(tmp_path: Path) -> None:
    savers, owners = _cards()
    pairs = []
    for seed in range(PAIRS):
        same_file = seed % 4 == 3  # every fourth pair imports one file twice at once
        fa, fb = _pair_files(tmp_path, seed, savers)
        if same_file:
            fb = fa
        expected = _sequential(tmp_path, [fa, fb], owners)
        if not same_file:
            assert expected == _sequential(tmp_path, [fb, fa], owners), "the test data must not depend on order"
        ledger = tmp_path / f"ledger{seed}.sqlite"
        LedgerFile(ledger).close()  # an existing, empty ledger: the test can hold its lock
        pairs.append((fa, fb, ledger, expected))
    locks = [_hold_write_lock(ledger) for _, _, ledger, _ in pairs]
    procs = []
    for fa, fb, ledger, _ in pairs:
        for f in (fa, fb):
            procs.append(_start(["fees", "transmission", "--events", str(f), "-i", str(INVENTORY), "--ledger",
                                 str(ledger), "--json", "--lang", "en"]))
    try:
        _wait_until_idle(procs)  # both processes of every pair have read their events and wait for the lock
    finally:
        for conn in locks:
            conn.execute("ROLLBACK")
            conn.close()
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err.decode()
    for n, (_, _, ledger, expected) in enumerate(pairs):
        one, two = (json.loads(outputs[2 * n + i][0]) for i in (0, 1))
        assert _charged(ledger) == expected  # the ledger holds exactly the sequential charges
        billed: dict[str, int] = {}
        for run in (one, two):
            for e in run["enterprises"]:
                billed[e["customs_code"]] = billed.get(e["customs_code"], 0) + e["amount_fen"]
        should: dict[str, int] = {}
        for code, fen in expected.values():
            should[code] = should.get(code, 0) + fen
        assert billed == should  # and the two runs together reported (billed) exactly that, nothing twice
        assert one["total_fen"] + two["total_fen"] == sum(should.values())


def test_a_fresh_dispatch_store_opened_by_two_processes_at_once(tmp_path: Path) -> None:
    pairs = 10
    dbs = [tmp_path / f"d{n}.sqlite3" for n in range(pairs)]
    locks = [_hold_write_lock(db) for db in dbs[: pairs // 2]]  # half meet at the lock, half start together
    procs = [_start(["dispatch", "engineer", "add", f"E{k}", "--skills", "maintenance", "--sites", "5301",
                     "--db", str(db), "--now", NOW, "--lang", "en"]) for db in dbs for k in (1, 2)]
    try:
        _wait_until_idle(procs[: pairs])
    finally:
        for conn in locks:
            conn.execute("ROLLBACK")
            conn.close()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    from provisioning.dispatch.store import SCHEMA_VERSION

    for db in dbs:
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert sorted(r[0] for r in conn.execute("SELECT id FROM engineers")) == ["E1", "E2"]
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
