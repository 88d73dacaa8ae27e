"""Payment import: the bank receipts (银行回执) of fees paid by enterprises, checked line by line.

CSV (UTF-8, with or without BOM, or GB18030 as Excel saves it), one payment per line, columns in
any order, each named once::

    receipt_no,customs_code,payer_name,method,account_type,account_number,payee_account,amount_yuan,paid_at,purpose

* ``receipt_no`` — the bank receipt number, unique: the same receipt imported twice is recorded once.
* ``method`` — ``transfer`` (银行转账, the default) or ``deposit`` (现金存款: cash deposited at the bank
  into the sub-centre's account). Cash paid at the sub-centre's counter (``cash``) is refused (§2.3).
* ``account_type`` — for a transfer, must be ``corporate`` (对公): a private account is refused (§2.3);
  ``account_number`` — the paying account (8-30 digits), stored masked. A deposit has neither.
* ``payer_name`` — the account name or depositor, which must be the enterprise's full registered name (§1.1).
* ``payee_account`` — the account credited, which must be the sub-centre's (``payee.number`` of the
  price table, §2.3); ``payee_name``, when given, must be its name.
* ``amount_yuan`` — yuan with at most 2 decimals (``1500``, ``1500.00``); a value such as
  ``1500.0000001`` (float noise from a spreadsheet) is refused. Or an ``amount_fen`` column in fen.
* ``paid_at`` — ISO 8601 with an offset (``2026-12-01T10:15:00+08:00``), 2000-2100; naive times are refused.
* ``purpose`` — ``maintenance`` (opens a visit request, SLA 2 working days) or ``installation``.

Parsing is pure; :func:`record_payments` writes in one transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from checks.errors import InputError
from checks.i18n import Msg
from checks.textio import cell_problem, csv_header, csv_records
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.dispatch.store import Store, utc_text

PURPOSES = ("maintenance", "installation")
METHODS = {"transfer": "transfer", "转账": "transfer", "银行转账": "transfer",
           "deposit": "deposit", "cash_deposit": "deposit", "现金存款": "deposit", "存现": "deposit"}
COUNTER_CASH = ("cash", "现金", "现金缴费")
COLUMNS = ("receipt_no", "customs_code", "payer_name", "method", "account_type", "account_number",
           "payee_account", "payee_name", "amount_yuan", "amount_fen", "paid_at", "purpose")
REQUIRED = ("receipt_no", "customs_code", "payer_name", "payee_account", "paid_at")
HEADER_EXAMPLE = ("receipt_no,customs_code,payer_name,method,account_type,account_number,payee_account,"
                  "amount_yuan,paid_at,purpose")
_AMOUNT = re.compile(r"^([0-9]{1,12})(?:\.([0-9]{1,2}))?$")  # ASCII digits only: never １５００
_RECEIPT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{2,63}$")
_ACCOUNT = re.compile(r"[0-9]{8,30}")


class Payee(Protocol):
    """The sub-centre's receiving account (:class:`provisioning.fees.prices.PriceTable`)."""

    @property
    def payee_name(self) -> str: ...

    @property
    def payee_bank(self) -> str: ...

    @property
    def payee_number(self) -> str: ...

    def payee_matches(self, number: str) -> bool: ...


@dataclass(frozen=True)
class Payment:
    """One checked payment line."""

    receipt_no: str
    enterprise: str
    site: str
    payer_name: str
    account_masked: str
    amount_fen: int
    paid_at: dt.datetime
    purpose: str
    source: str  # file:line
    method: str = "transfer"  # transfer | deposit


def yuan_to_fen(text: str) -> int:
    """``"1500.5"`` → 150050; refuses more than 2 decimals, signs, separators and exponents."""
    value = text.strip()
    m = _AMOUNT.match(value)
    if not m:
        if re.match(r"^[0-9]+\.[0-9]{3,}$", value):
            raise ValueError(Msg("pay.v.decimals", value=repr(value)))
        raise ValueError(Msg("pay.v.amount", value=repr(value)))
    fen = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    if fen <= 0:
        raise ValueError(Msg("pay.v.positive"))
    return fen


def mask_number(number: str) -> str:
    """Keep only the last 4 digits of a payer account: ``**** 1234``."""
    digits = "".join(ch for ch in number if "0" <= ch <= "9")
    return "**** " + digits[-4:] if len(digits) >= 4 else "****"


def parse_payments(text: str, file: str, enterprises: Mapping[str, Any],
                   payee: Payee) -> tuple[list[Payment], list[str]]:
    """Check every line; returns the good payments and one problem line per bad input line.

    ``enterprises`` maps customs code to an object with ``.name`` and ``.site`` (a registry
    :class:`~provisioning.registry.Enterprise`); ``payee`` is the price table with the sub-centre's account.
    A file whose structure is broken (a column twice, a quote never closed) is one :class:`InputError`.
    """
    records = csv_records(io.StringIO(text.lstrip("\ufeff"), newline=""), file, "payment file")
    first = next(records, None)
    if first is None:
        raise InputError(Msg("pay.err.empty", header=HEADER_EXAMPLE), where=f"{file}:1")
    index = csv_header(first[1], f"{file}:{first[0]}", COLUMNS, REQUIRED, "payment file")
    if "amount_yuan" not in index and "amount_fen" not in index:
        raise InputError(Msg("pay.err.no_amount", header=HEADER_EXAMPLE),
                         where=f"{file}:{first[0]}")
    good: list[Payment] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for line, cells in records:
        where = f"{file}:{line}"
        row = {name: cells[i].strip() if i < len(cells) else "" for name, i in index.items()}
        cell = next((p for name, value in row.items() if (p := cell_problem(value, name, 200))), None)
        if cell:
            problems.append(Msg("msg.at", where=where, what=cell))
            continue
        errs = _check_row(row, line, enterprises, payee, first_line)
        if errs:
            problems.extend(Msg("msg.at", where=where, what=e) for e in errs)
            continue
        enterprise = enterprises[row["customs_code"]]
        method = METHODS[row.get("method", "").lower() or "transfer"]
        good.append(Payment(row["receipt_no"], row["customs_code"], str(enterprise.site), row["payer_name"],
                            mask_number(row.get("account_number", "")) if method == "transfer" else "",
                            _amount(row), dt.datetime.fromisoformat(row["paid_at"]),
                            (row.get("purpose") or "maintenance").lower(), where, method))
    return good, problems


def _amount(row: Mapping[str, str]) -> int:
    if row.get("amount_fen"):
        if not re.fullmatch(r"[0-9]{1,14}", row["amount_fen"]) or int(row["amount_fen"]) <= 0:
            raise ValueError(Msg("pay.v.fen", value=repr(row["amount_fen"])))
        return int(row["amount_fen"])
    return yuan_to_fen(row.get("amount_yuan", ""))


def _check_row(row: Mapping[str, str], line: int, enterprises: Mapping[str, Any], payee: Payee,
               first_line: dict[str, int]) -> list[str]:
    errs: list[str] = []  # Msg, each (the English text of record)
    receipt = row["receipt_no"]
    if not _RECEIPT.match(receipt):
        errs.append(Msg("pay.v.receipt", receipt=repr(receipt)))
    elif receipt in first_line:
        errs.append(Msg("pay.v.duplicate", receipt=receipt, line=first_line[receipt]))
    else:
        first_line[receipt] = line
    code = row["customs_code"]
    enterprise = enterprises.get(code)
    if enterprise is None:
        errs.append(Msg("pay.v.enterprise", code=repr(code)))
    method_text = row.get("method", "").lower()
    method = METHODS.get(method_text or "transfer")
    if method_text in COUNTER_CASH:
        errs.append(Msg("pay.v.counter_cash"))
    elif method is None:
        errs.append(Msg("pay.v.method", method=repr(row.get("method"))))
    if method == "transfer":
        account_type = row.get("account_type", "").lower()
        if account_type in ("private", "personal", "对私", "个人"):
            errs.append(Msg("pay.v.private"))
        elif account_type not in ("corporate", "对公"):
            errs.append(Msg("pay.v.account_type", type=repr(row.get("account_type"))))
        if not _ACCOUNT.fullmatch(row.get("account_number", "").replace(" ", "").replace("-", "")):
            errs.append(Msg("pay.v.account_number"))
    payer = row["payer_name"]
    if enterprise is not None and payer != enterprise.name:
        errs.append(Msg("pay.v.payer_account" if method == "transfer" else "pay.v.payer_depositor",
                        payer=repr(payer), name=repr(enterprise.name)))
    if not payee.payee_matches(row["payee_account"]):
        errs.append(Msg("pay.v.payee_account", paid=mask_number(row["payee_account"]), bank=payee.payee_bank,
                        ours=mask_number(payee.payee_number)))
    if row.get("payee_name") and row["payee_name"] != payee.payee_name:
        errs.append(Msg("pay.v.payee_name", name=repr(row["payee_name"]), ours=repr(payee.payee_name)))
    try:
        _amount(row)
    except ValueError as exc:
        errs.append(Msg("pay.v.field", field="amount", what=exc.args[0] if exc.args else str(exc)))
    raw_time = row["paid_at"]
    try:
        paid_at = dt.datetime.fromisoformat(raw_time)
    except ValueError:
        errs.append(Msg("pay.v.time", value=repr(raw_time)))
    else:
        if paid_at.tzinfo is None or paid_at.utcoffset() is None:
            errs.append(Msg("pay.v.naive", value=repr(raw_time)))
        elif not 2000 <= paid_at.year <= 2100:
            errs.append(Msg("pay.v.years", value=repr(raw_time)))
    purpose = (row.get("purpose") or "maintenance").lower()
    if purpose not in PURPOSES:
        errs.append(Msg("pay.v.purpose", purpose=repr(purpose), valid=", ".join(PURPOSES)))
    return errs


@dataclass
class ImportResult:
    recorded: list[Payment]
    already: list[Payment]
    problems: list[str]
    requests_opened: int = 0


def record_payments(store: Store, payments: list[Payment], problems: list[str], *, partial: bool,
                    now: dt.datetime) -> ImportResult:
    """Record the payments in one transaction: all or nothing unless ``partial``.

    A receipt already in the store with the same data is skipped (imports are idempotent); with
    different data it is a problem. A maintenance payment opens a visit request.
    """
    result = ImportResult([], [], list(problems))
    with store.transaction() as conn:
        fresh: list[Payment] = []
        for p in payments:
            old = conn.execute("SELECT enterprise, amount_fen, paid_at, purpose FROM payments WHERE receipt_no = ?",
                               (p.receipt_no,)).fetchone()
            if old is None:
                fresh.append(p)
            elif (old["enterprise"], old["amount_fen"], old["paid_at"], old["purpose"]) == (
                    p.enterprise, p.amount_fen, utc_text(p.paid_at), p.purpose):
                result.already.append(p)
            else:
                result.problems.append(Msg("msg.at", where=p.source, what=Msg(
                    "pay.v.recorded", receipt=p.receipt_no, data=f"{old['enterprise']}, {old['amount_fen']} fen, {old['paid_at']}")))
        if result.problems and not partial:
            result.already = []
            return result  # the transaction commits nothing: no row was written
        stamp = utc_text(now)
        for p in fresh:
            conn.execute(
                "INSERT INTO payments (receipt_no, enterprise, payer_name, account_type, account_masked, amount_fen,"
                " paid_at, purpose, source, recorded_at, method) VALUES (?, ?, ?, 'corporate', ?, ?, ?, ?, ?, ?, ?)",
                (p.receipt_no, p.enterprise, p.payer_name, p.account_masked, p.amount_fen, utc_text(p.paid_at),
                 p.purpose, p.source, stamp, p.method))
            if p.purpose == "maintenance":
                conn.execute(
                    "INSERT INTO requests (enterprise, site, skill, receipt_no, paid_at, created_at)"
                    " VALUES (?, ?, 'maintenance', ?, ?, ?)",
                    (p.enterprise, p.site, p.receipt_no, utc_text(p.paid_at), stamp))
                result.requests_opened += 1
            result.recorded.append(p)
    return result
