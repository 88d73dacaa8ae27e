"""The transmission-fee ledger: once per declaration, to the first saver, never twice across imports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provisioning.fees.ledger import EVENTS, LedgerState, TransmissionLedger, micros
from provisioning.fees.ledger_store import LedgerFile, read_events
from tests.conftest import ROOT

CHINA = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2007, 12, 10, 9, 0, tzinfo=CHINA)
OWNERS = {"OP-A": "ENT-A", "DC-A": "ENT-A", "OP-B": "ENT-B", "DC-B": "ENT-B"}
INVENTORY = str(ROOT / "inventory")


def rate(_: dt.date) -> int:
    return 1500


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_charged_once_to_the_first_saver_whatever_the_reply() -> None:
    ledger = TransmissionLedger()
    ledger.add_many([
        ("D1", "save", "OP-B", at(5)),
        ("D1", "save", "OP-A", at(1)),  # earlier save, listed later: A saved first
        ("D1", "declare", "DC-B", at(10)),
        ("D1", "reject", "DC-B", at(20)),
        ("D1", "declare", "DC-B", at(30)),  # declared again: no second charge
        ("D1", "clear", "DC-B", at(40)),
        ("D2", "save", "OP-B", at(1)),  # saved, never declared: nothing to pay
    ])
    result = ledger.settle(OWNERS.get, rate)
    assert {k: (v.declarations, v.amount_fen) for k, v in result.charges.items()} == {"ENT-A": (1, 1500)}
    assert result.total_fen == 1500


def test_unattributable_declarations_wait_and_are_charged_when_the_save_arrives() -> None:
    ledger = TransmissionLedger()
    ledger.add_many([("D1", "declare", "DC-A", at(10)), ("D2", "save", "STRANGER", at(1)),
                     ("D2", "declare", "DC-A", at(2))])
    first = ledger.settle(OWNERS.get, rate)
    assert first.total_fen == 0
    assert set(first.unattributed) == {"D1", "D2"}
    assert "not in the registry" in first.unattributed["D2"]
    ledger.add("D1", "save", "OP-B", at(0))
    second = ledger.settle(OWNERS.get, rate)
    assert {k: v.amount_fen for k, v in second.charges.items()} == {"ENT-B": 1500}


events = st.lists(st.tuples(st.sampled_from(["D1", "D2", "D3", "D4"]), st.sampled_from(EVENTS),
                            st.sampled_from(sorted(OWNERS)), st.integers(0, 100).map(at)), max_size=40)


@settings(max_examples=200)
@given(events, st.randoms())
def test_order_and_repeats_never_change_the_charges(evts: list, rnd) -> None:
    one = TransmissionLedger()
    one.add_many(evts)
    shuffled = evts * 2
    rnd.shuffle(shuffled)
    two = TransmissionLedger()
    two.add_many(shuffled)
    a, b = one.settle(OWNERS.get, rate), two.settle(OWNERS.get, rate)
    assert {k: v.amount_fen for k, v in a.charges.items()} == {k: v.amount_fen for k, v in b.charges.items()}
    declared = {d for d, e, _, _ in evts if e == "declare"}
    assert a.total_fen == 1500 * (len(declared) - len(a.unattributed))


@given(events)
def test_reimport_charges_nothing_twice(evts: list) -> None:
    ledger = TransmissionLedger()
    ledger.add_many(evts)
    first = ledger.settle(OWNERS.get, rate)
    ledger.add_many(evts)
    again = ledger.settle(OWNERS.get, rate)
    assert again.total_fen == 0
    assert again.already_charged == len(first.new_charges)


def test_state_survives_in_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    first = TransmissionLedger()
    first.add_many([("D1", "save", "OP-A", at(1)), ("D2", "declare", "DC-B", at(2))])
    with LedgerFile(db) as book:
        result = book.settle_import(first.state, OWNERS.get, rate, at(100))
    assert result.total_fen == 0 and set(result.unattributed) == {"D2"}
    # the save of D2 comes in a later file; D1 is declared later too
    later = TransmissionLedger()
    later.add_many([("D2", "save", "OP-B", at(0)), ("D1", "declare", "DC-B", at(50))])
    with LedgerFile(db) as book:
        result = book.settle_import(later.state, OWNERS.get, rate, at(200))
    assert {k: v.amount_fen for k, v in result.charges.items()} == {"ENT-A": 1500, "ENT-B": 1500}
    again = TransmissionLedger()
    again.add_many([("D1", "declare", "DC-B", at(60)), ("D2", "declare", "DC-B", at(70))])
    with LedgerFile(db) as book:
        result = book.settle_import(again.state, OWNERS.get, rate, at(300))
    assert result.total_fen == 0 and result.already_charged == 2


# §11.6: saved as Z..., entered the data centre as its unified number, cleared with the 9-digit number
THREE_NUMBERS = [
    ("Z20071210000001", "save", "OP-A", at(1), None),
    ("Z20071210000001", "save", "OP-B", at(3), None),
    ("530120071000000017", "declare", "DC-B", at(10), "Z20071210000001"),
    ("530120071000000017", "reject", "DC-B", at(20), None),
    ("530120071000000017", "declare", "DC-B", at(30), None),
    ("100000017", "clear", "DC-B", at(40), "530120071000000017"),
    ("100000017", "declare", "DC-B", at(41), None),
]


def test_one_declaration_three_numbers_is_charged_once_to_the_first_saver() -> None:
    ledger = TransmissionLedger()
    ledger.add_many(THREE_NUMBERS)
    result = ledger.settle(OWNERS.get, rate)
    assert {k: (v.declarations, v.amount_fen) for k, v in result.charges.items()} == {"ENT-A": (1, 1500)}
    assert result.new_charges == {"Z20071210000001": ("ENT-A", 1500)}
    assert result.numbers == {"Z20071210000001": ["100000017", "530120071000000017", "Z20071210000001"]}


def test_a_link_that_arrives_later_joins_the_numbers(tmp_path: Path) -> None:
    """The declare under the unified number comes first without its link: not chargeable (no save);
    the next file links it to the Z number: charged once, to the first saver, across imports."""
    db = tmp_path / "ledger.sqlite"
    one = TransmissionLedger()
    one.add_many([("U1", "declare", "DC-B", at(10)), ("Z1", "save", "OP-A", at(1))])
    with LedgerFile(db) as book:
        first = book.settle_import(one.state, OWNERS.get, rate, at(100))
    assert first.total_fen == 0 and set(first.unattributed) == {"U1"}
    two = TransmissionLedger()
    two.add_many([("N1", "clear", "DC-B", at(40), "U1"), ("U1", "reject", "DC-B", at(20), "Z1")])
    with LedgerFile(db) as book:
        second = book.settle_import(two.state, OWNERS.get, rate, at(200))
    assert second.new_charges == {"Z1": ("ENT-A", 1500)}
    three = TransmissionLedger()
    three.add_many([("N1", "declare", "DC-B", at(50))])
    with LedgerFile(db) as book:
        assert book.settle_import(three.state, OWNERS.get, rate, at(300)).already_charged == 1


def test_numbers_charged_separately_before_their_link_are_reported() -> None:
    ledger = TransmissionLedger(LedgerState(charged={"Z1": ("ENT-A", 1500), "U1": ("ENT-B", 1500)},
                                            declared={"Z1": micros(at(5)), "U1": micros(at(6))}))
    ledger.add("U1", "clear", "DC-B", at(9), previous="Z1")
    result = ledger.settle(OWNERS.get, rate)
    assert result.total_fen == 0 and result.charged_twice == [["U1", "Z1"]]


def test_csv_bad_rows_are_reported_by_line(tmp_path: Path) -> None:
    f = tmp_path / "ev.csv"
    f.write_text("declaration_id,event,card,time\n"
                 "D1,save,OP-A,2007-12-10T09:00:00+08:00\n"
                 "D1,declare,DC-A\n"
                 "D1,approve,DC-A,2007-12-10T09:00:00\n"
                 "D1,declare,DC-A,yesterday\n"
                 ",declare,DC-A,2007-12-10T09:00:00\n"
                 "\n"
                 "D1,declare,DC-A,2007-12-10 10:00\n", encoding="utf-8")
    read = read_events(f)
    assert read.bad_rows == [
        f"{f}:3: 3 columns, need 4: declaration_id, event, card, time",
        f"{f}:4: event: 'approve' is not one of save, declare, reject, clear",
        f"{f}:5: time: 'yesterday' is not an ISO date-time (2007-12-10T09:30:00+08:00)",
        f"{f}:6: declaration_id: empty or longer than 64 characters",
    ]
    assert [e[1] for e in read.events] == ["save", "declare"]
    assert read.events[1][3] == micros(dt.datetime(2007, 12, 10, 10, 0, tzinfo=CHINA))  # naive = China time


def _csv(tmp_path: Path, rows: list[str]) -> str:
    f = tmp_path / "events.csv"
    f.write_text("declaration_id,event,card,time\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(f)


def test_cli_per_enterprise_and_reimport(cli, tmp_path: Path) -> None:
    events = _csv(tmp_path, [
        "D001,save,5301010001,2007-12-10T09:00:00+08:00",   # 华通 operator saves
        "D001,declare,5301019001,2007-12-10T09:30:00+08:00",
        "D002,save,5316010001,2007-12-10T09:00:00+08:00",   # 文锦 saves first …
        "D002,declare,5316029001,2007-12-10T09:40:00+08:00",  # … 通达's declarant declares: 文锦 pays
        "D002,declare,5316029001,2007-12-10T11:40:00+08:00",
        "D003,save,5320010001,2007-12-10T09:00:00+08:00",   # saved only: free
    ])
    ledger = str(tmp_path / "ledger.sqlite")
    code, out, err = cli("fees", "transmission", "--events", events, "-i", INVENTORY, "--ledger", ledger, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [(e["customs_code"], e["declarations"], e["amount_fen"]) for e in data["enterprises"]] == [
        ("4403980101", 1, 1500), ("4403980201", 1, 1500)]
    assert data["total_fen"] == 3000 and data["total_capital"] == "叁拾元整"
    code, out, _ = cli("fees", "transmission", "--events", events, "-i", INVENTORY, "--ledger", ledger, "--json")
    again = json.loads(out)
    assert code == 0 and again["total_fen"] == 0 and again["already_charged"] == 2


def test_cli_bad_rows_counted_or_refused_with_strict(cli, tmp_path: Path) -> None:
    events = _csv(tmp_path, ["D001,save,5301010001,2007-12-10T09:00:00+08:00",
                             "D001,declare,5301019001,2007-12-10T09:30:00+08:00", "D002,teleport,x,y"])
    code, out, err = cli("fees", "transmission", "--events", events, "-i", INVENTORY, "--lang", "en")
    assert code == 1
    assert "new charges this import: 1 declarations, 15.00 yuan (壹拾伍元整)" in out
    assert f"{events}:4: event: 'teleport' is not one of" in err
    ledger = tmp_path / "l.sqlite"
    code, out, err = cli("fees", "transmission", "--events", events, "-i", INVENTORY, "--strict",
                         "--ledger", str(ledger))
    assert code == 2 and out == "" and "--strict: nothing imported (1 bad rows)" in err
    assert not ledger.exists()


def test_cli_refuses_non_utf8_and_missing_files(cli, tmp_path: Path) -> None:
    f = tmp_path / "gbk.csv"
    f.write_bytes("declaration_id,event,card,time\nD1,save,卡,2007-12-10\n".encode("gbk"))
    code, _, err = cli("fees", "transmission", "--events", str(f), "-i", INVENTORY)
    assert code == 2 and "not UTF-8" in err
    code, _, err = cli("fees", "transmission", "--events", str(tmp_path / "none.csv"), "-i", INVENTORY)
    assert code == 2 and "events file not found" in err


def test_a_ledger_of_the_first_layout_is_migrated_and_keeps_its_charges(tmp_path: Path) -> None:
    """Ledgers written before the links and integer times (no version recorded, ISO text times)."""
    import sqlite3

    db = tmp_path / "old.sqlite"
    with sqlite3.connect(db) as conn:
        conn.executescript("""
            CREATE TABLE first_save (declaration TEXT PRIMARY KEY, time TEXT NOT NULL, card TEXT NOT NULL);
            CREATE TABLE declared (declaration TEXT PRIMARY KEY, time TEXT NOT NULL);
            CREATE TABLE charged (declaration TEXT PRIMARY KEY, customs_code TEXT NOT NULL,
                                  amount_fen INTEGER NOT NULL, charged_at TEXT NOT NULL);
            INSERT INTO first_save VALUES ('D1', '2007-12-10T09:01:00+08:00', 'OP-A'), ('D2', '2007-12-10T09:00:00', 'OP-B');
            INSERT INTO declared VALUES ('D1', '2007-12-10T10:00:00+08:00');
            INSERT INTO charged VALUES ('D1', 'ENT-A', 1500, '2007-12-11T00:00:00+08:00');""")
    later = TransmissionLedger()
    later.add_many([("D1", "declare", "DC-B", at(90)), ("D2", "save", "OP-A", at(5)), ("D2", "declare", "DC-A", at(9))])
    with LedgerFile(db) as book:
        result = book.settle_import(later.state, OWNERS.get, rate, at(100))
    assert result.already_charged == 1 and result.new_charges == {"D2": ("ENT-B", 1500)}  # B saved at 09:00 first
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT at FROM first_save WHERE declaration = 'D1'").fetchone()[0] == micros(at(1))


def test_another_database_is_not_taken_for_a_ledger(tmp_path: Path) -> None:
    from checks.errors import InputError
    from provisioning.dispatch.store import Store

    Store(tmp_path / "dispatch.sqlite3").close()
    with pytest.raises(InputError, match="not a qpfleet transmission-fee ledger"):
        LedgerFile(tmp_path / "dispatch.sqlite3")
