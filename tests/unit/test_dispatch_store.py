"""The store: WAL, migrations, transactions, constraints; payment import idempotence and all-or-nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from checks.errors import InputError
from provisioning.dispatch.payments import parse_payments, record_payments, yuan_to_fen
from provisioning.dispatch.store import SCHEMA_VERSION, Store, default_db_path
from provisioning.fees.prices import load_prices
from provisioning.registry import load_registry
from tests.conftest import FIXTURES

FIX = FIXTURES / "dispatch"
NOW = dt.datetime(2026, 11, 29, 2, 0, tzinfo=dt.UTC)
PAYEE = load_prices(FIX / "registry" / "prices.yml")


@pytest.fixture(scope="module")
def enterprises():
    return load_registry(FIX / "registry").enterprises


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "d.sqlite3")
    yield s
    s.close()


def test_new_database_is_migrated_and_in_wal_mode(store: Store) -> None:
    assert store.version == SCHEMA_VERSION
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"
    assert store.integrity() == "ok"
    tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"payments", "requests", "request_events", "engineers", "leave", "plans", "visits", "campaigns",
            "notifications", "training_sessions", "registrations"} <= tables


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    Store(tmp_path / "d.sqlite3").close()
    with Store(tmp_path / "d.sqlite3") as s:
        assert s.version == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "d.sqlite3")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(InputError, match="newer than this qpfleet"):
        Store(tmp_path / "d.sqlite3")


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "d.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError, match="not a usable dispatch database"):
        Store(bad)


def test_transaction_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("INSERT INTO engineers (id, name, skills, sites, daily_capacity) VALUES ('A', 'a', '[]', '[]', 1)")
        raise RuntimeError("boom")
    assert store.query("SELECT COUNT(*) FROM engineers")[0][0] == 0


def test_schema_refuses_private_accounts_and_zero_amounts(store: Store) -> None:
    for account, fen in (("private", 100), ("corporate", 0)):
        with pytest.raises(sqlite3.IntegrityError), store.transaction() as conn:
            conn.execute("INSERT INTO payments VALUES ('R1', 'X', 'n', ?, '****', ?, 't', 'maintenance', 's', 't',"
                         " 'transfer')",
                         (account, fen))


def test_default_path_is_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("QPFLEET_DISPATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "qpfleet" / "dispatch.sqlite3"
    monkeypatch.setenv("QPFLEET_DISPATCH_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"


@pytest.mark.parametrize(("text", "fen"), [("1500", 150000), ("1500.00", 150000), ("1500.5", 150050),
                                          ("0.01", 1), ("200.05", 20005)])
def test_yuan_to_fen(text: str, fen: int) -> None:
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize(("text", "why"), [("1500.0000001", "float noise"), ("1500.001", "float noise"),
                                          ("-200", "no signs"), ("1,500.00", "separators"), ("1.5e3", "exponents"),
                                          ("0", "more than 0"), ("", "not yuan")])
def test_yuan_to_fen_refuses(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        yuan_to_fen(text)


def test_bad_payment_file_is_reported_by_line(enterprises) -> None:
    text = (FIX / "payments-bad.csv").read_text(encoding="utf-8")
    good, problems = parse_payments(text, "bad.csv", enterprises, PAYEE)
    assert [p.receipt_no for p in good] == ["BOC20261130101", "BOC20261130108"]
    joined = "\n".join(problems)
    assert "bad.csv:3: amount: amount '1500.0000001' has more than 2 decimal places" in joined
    assert "bad.csv:4: paid_at: '2026-11-30 10:00:00' has no time zone" in joined
    assert "bad.csv:5: paid_at: '2026-11-31T10:00:00+08:00' is not an ISO 8601" in joined
    assert "bad.csv:6: customs_code: unknown enterprise '9999999999'" in joined
    assert "bad.csv:7: receipt_no: duplicate receipt BOC20261130101 (first at line 2)" in joined
    assert "bad.csv:8: account_type: paid from a private account" in joined
    assert "bad.csv:8: payer_name" in joined


def test_missing_header_is_one_error(enterprises) -> None:
    with pytest.raises(InputError, match="lacks paid_at"):
        parse_payments("receipt_no,customs_code,payer_name,account_type,account_number,amount_yuan,payee_account\n",
                       "x.csv", enterprises, PAYEE)


def test_all_or_nothing_then_partial(store: Store, enterprises) -> None:
    good, problems = parse_payments((FIX / "payments-bad.csv").read_text(encoding="utf-8"), "bad.csv", enterprises,
                                    PAYEE)
    result = record_payments(store, good, problems, partial=False, now=NOW)
    assert result.recorded == [] and store.query("SELECT COUNT(*) FROM payments")[0][0] == 0
    result = record_payments(store, good, problems, partial=True, now=NOW)
    assert len(result.recorded) == 2 and store.query("SELECT COUNT(*) FROM payments")[0][0] == 2
    assert store.query("SELECT COUNT(*) FROM requests")[0][0] == 2


def test_importing_twice_records_once(store: Store, enterprises) -> None:
    text = (FIX / "payments-good.csv").read_text(encoding="utf-8")
    for _ in range(2):
        good, problems = parse_payments(text, "good.csv", enterprises, PAYEE)
        assert not problems
        result = record_payments(store, good, problems, partial=False, now=NOW)
    assert len(result.recorded) == 0 and len(result.already) == 4
    assert store.query("SELECT COUNT(*) FROM payments")[0][0] == 4
    assert store.query("SELECT COUNT(*) FROM requests")[0][0] == 3  # the installation payment opens none
    masked = [r[0] for r in store.query("SELECT account_masked FROM payments")]
    assert all(m.startswith("****") for m in masked)
    amounts = sorted(r[0] for r in store.query("SELECT amount_fen FROM payments"))
    assert amounts == [20000, 20050, 30000, 150000]


def test_same_receipt_with_other_data_is_a_conflict(store: Store, enterprises) -> None:
    text = (FIX / "payments-good.csv").read_text(encoding="utf-8")
    good, _ = parse_payments(text, "good.csv", enterprises, PAYEE)
    record_payments(store, good, [], partial=False, now=NOW)
    changed, _ = parse_payments(text.replace("200.00,2026-11-30T09:15", "250.00,2026-11-30T09:15"), "again.csv",
                                enterprises, PAYEE)
    result = record_payments(store, changed, [], partial=False, now=NOW)
    assert any("again.csv:2: receipt_no: receipt BOC20261130001 is already recorded with different data" in p
               for p in result.problems)
    assert store.query("SELECT amount_fen FROM payments WHERE receipt_no = 'BOC20261130001'")[0][0] == 20000


HEAD = "receipt_no,customs_code,payer_name,method,account_type,account_number,payee_account,amount_yuan,paid_at,purpose\n"
ROW = ("BOC1,4403990001,深圳市甲报关有限公司,{method},{type},{account},{payee},200.00,2026-11-30T09:15:00+08:00,"
       "maintenance\n")
SUB_CENTRE = "4430 6666 0180 1000 12345"


def _row(method: str = "transfer", type_: str = "corporate", account: str = "6222 0000 0000 0000 1234",
         payee: str = SUB_CENTRE) -> str:
    return ROW.format(method=method, type=type_, account=account, payee=payee)


@pytest.mark.parametrize("method", ["deposit", "现金存款", "存现"])
def test_cash_deposited_at_the_bank_into_the_sub_centre_account_is_a_payment(enterprises, store: Store,
                                                                             method: str) -> None:
    good, problems = parse_payments(HEAD + _row(method, "", ""), "p.csv", enterprises, PAYEE)
    assert problems == [] and [(p.method, p.account_masked) for p in good] == [("deposit", "")]
    result = record_payments(store, good, problems, partial=False, now=NOW)
    assert result.requests_opened == 1
    assert store.query("SELECT method FROM payments")[0][0] == "deposit"


@pytest.mark.parametrize(("row", "message"), [
    (_row("cash", "", ""), "p.csv:2: method: cash paid at the sub-centre is not accepted"),
    (_row("现金", "", ""), "p.csv:2: method: cash paid at the sub-centre is not accepted"),
    (_row(payee="6222 9999 9999 9999 9999"), "p.csv:2: payee_account: paid into account **** 9999, not the "
                                             "sub-centre's account at 交通银行 (**** 2345)"),
    (_row(payee=""), "p.csv:2: payee_account: paid into account ****, not the sub-centre's account"),
    (_row("transfer", "corporate", ""), "p.csv:2: account_number: a transfer needs the paying account's number"),
    (_row("transfer", "private"), "p.csv:2: account_type: paid from a private account"),
    (_row("wire"), "p.csv:2: method: 'wire' invalid; valid: transfer, deposit"),
    (_row().replace("200.00", "２００.00"), "p.csv:2: amount: amount '２００.00' is not yuan"),
    (_row().replace("2026-11-30", "1900-11-30"), "p.csv:2: paid_at: '1900-11-30T09:15:00+08:00' is outside the "
                                                 "years 2000-2100"),
    (_row().replace("深圳市甲报关有限公司", "深圳市甲报关有限公司\x1b[2J"), "p.csv:2: payer_name: control character U+001B"),
])
def test_each_payment_is_checked_against_the_payee_account_and_the_method(enterprises, row: str,
                                                                          message: str) -> None:
    good, problems = parse_payments(HEAD + row, "p.csv", enterprises, PAYEE)
    assert good == [] and any(p.startswith(message) for p in problems), problems


@pytest.mark.parametrize(("text", "message"), [
    (HEAD.replace("purpose", "amount_yuan"), "p.csv:1: payment file: column 'amount_yuan' appears twice"),
    (HEAD.replace(",purpose", ",colour"), "p.csv:1: payment file: unknown column 'colour'"),
    (HEAD + _row().replace("深圳市甲", '"深圳市甲'), "p.csv:2: payment file: a quote (\") opened here is never closed"),
    ("", "p.csv:1: payment file is empty"),
])
def test_a_broken_payment_file_is_one_error_naming_its_line(enterprises, text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_payments(text, "p.csv", enterprises, PAYEE)
    assert str(caught.value).startswith(message)


def test_columns_in_any_order(enterprises) -> None:
    names = HEAD.strip().split(",")
    values = _row().strip().split(",")
    order = list(reversed(range(len(names))))
    text = ",".join(names[i] for i in order) + "\n" + ",".join(values[i] for i in order) + "\n"
    good, problems = parse_payments(text, "p.csv", enterprises, PAYEE)
    assert problems == [] and [p.amount_fen for p in good] == [20000]
