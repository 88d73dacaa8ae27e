"""Payment import: the bank receipts (银行回执) of fees paid by enterprises, checked line by line.

CSV (UTF-8, with or without BOM), one payment per line, header names::

    receipt_no,customs_code,payer_name,account_type,account_number,amount_yuan,paid_at,purpose

* ``receipt_no`` — the bank receipt number, unique: the same receipt imported twice is recorded once.
* ``account_type`` — must be ``corporate`` (对公): transfers from a private account are refused (§2.3).
* ``payer_name`` — the account name, which must be the enterprise's full registered name (§1.1).
* ``amount_yuan`` — yuan with at most 2 decimals (``1500``, ``1500.00``); a value such as
  ``1500.0000001`` (float noise from a spreadsheet) is refused. Or an ``amount_fen`` column in fen.
* ``paid_at`` — ISO 8601 with an offset (``2026-12-01T10:15:00+08:00``); naive times are refused.
* ``purpose`` — ``maintenance`` (opens a visit request, SLA 2 working days) or ``installation``.

Parsing is pure; :func:`record_payments` writes in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checks.errors import InputError
from provisioning.dispatch.store import Store, utc_text

PURPOSES = ("maintenance", "installation")
REQUIRED = ("receipt_no", "customs_code", "payer_name", "account_type", "account_number", "paid_at")
_AMOUNT = re.compile(r"^(\d{1,12})(?:\.(\d{1,2}))?$")
_RECEIPT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{2,63}$")


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


def yuan_to_fen(text: str) -> int:
    """``"1500.5"`` → 150050; refuses more than 2 decimals, signs, separators and exponents."""
    value = text.strip()
    m = _AMOUNT.match(value)
    if not m:
        if re.match(r"^\d+\.\d{3,}$", value):
            raise ValueError(f"amount {value!r} has more than 2 decimal places (float noise?); "
                             "give yuan with at most 2 decimals, e.g. 1500.00")
        raise ValueError(f"amount {value!r} is not yuan with at most 2 decimals (e.g. 1500.00); "
                         "no signs, thousands separators or exponents")
    fen = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    if fen <= 0:
        raise ValueError("amount must be more than 0")
    return fen


def mask_number(number: str) -> str:
    """Keep only the last 4 digits of a payer account: ``**** 1234``."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return "**** " + digits[-4:] if len(digits) >= 4 else "****"


def parse_payments(text: str, file: str, enterprises: Mapping[str, Any]) -> tuple[list[Payment], list[str]]:
    """Check every line; returns the good payments and one problem line per bad input line.

    ``enterprises`` maps customs code to an object with ``.name`` and ``.site`` (a registry
    :class:`~provisioning.registry.Enterprise`).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [h for h in REQUIRED if h not in header]
    if "amount_yuan" not in header and "amount_fen" not in header:
        missing.append("amount_yuan (or amount_fen)")
    if missing:
        raise InputError(f"payment file header lacks {', '.join(missing)}; expected: "
                         f"receipt_no,customs_code,payer_name,account_type,account_number,amount_yuan,paid_at,purpose",
                         where=f"{file}:1")
    good: list[Payment] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        where = f"{file}:{line}"
        row = {(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items()}
        if not any(row.values()):
            continue
        errs: list[str] = []
        receipt = row.get("receipt_no", "")
        if not _RECEIPT.match(receipt):
            errs.append(f"receipt_no: {receipt!r} is not a bank receipt number (3-64 letters, digits, -_./)")
        elif receipt in first_line:
            errs.append(f"receipt_no: duplicate receipt {receipt} (first at line {first_line[receipt]})")
        else:
            first_line[receipt] = line
        code = row.get("customs_code", "")
        enterprise = enterprises.get(code)
        if enterprise is None:
            errs.append(f"customs_code: unknown enterprise {code!r} (not in the registry)")
        account_type = row.get("account_type", "").lower()
        if account_type in ("private", "personal", "对私", "个人"):
            errs.append("account_type: paid from a private account; only the enterprise's corporate (对公) "
                        "account is accepted (§2.3)")
        elif account_type not in ("corporate", "对公"):
            errs.append(f"account_type: {row.get('account_type')!r} invalid; valid: corporate, private")
        payer = row.get("payer_name", "")
        if enterprise is not None and payer != enterprise.name:
            errs.append(f"payer_name: account name {payer!r} is not the enterprise's registered name "
                        f"{enterprise.name!r} (§1.1)")
        amount_fen = 0
        try:
            if row.get("amount_fen"):
                if not re.fullmatch(r"\d{1,14}", row["amount_fen"]) or int(row["amount_fen"]) <= 0:
                    raise ValueError(f"amount_fen {row['amount_fen']!r} is not a whole number of fen above 0")
                amount_fen = int(row["amount_fen"])
            else:
                amount_fen = yuan_to_fen(row.get("amount_yuan", ""))
        except ValueError as exc:
            errs.append(f"amount: {exc}")
        paid_at: dt.datetime | None = None
        raw_time = row.get("paid_at", "")
        try:
            paid_at = dt.datetime.fromisoformat(raw_time)
        except ValueError:
            errs.append(f"paid_at: {raw_time!r} is not an ISO 8601 date-time (e.g. 2026-12-01T10:15:00+08:00)")
        else:
            if paid_at.tzinfo is None or paid_at.utcoffset() is None:
                errs.append(f"paid_at: {raw_time!r} has no time zone; add the offset, e.g. +08:00")
                paid_at = None
        purpose = (row.get("purpose") or "maintenance").lower()
        if purpose not in PURPOSES:
            errs.append(f"purpose: {purpose!r} invalid; valid: {', '.join(PURPOSES)}")
        if errs:
            problems.extend(f"{where}: {e}" for e in errs)
            continue
        assert enterprise is not None and paid_at is not None
        good.append(Payment(receipt, code, str(enterprise.site), payer, mask_number(row.get("account_number", "")),
                            amount_fen, paid_at, purpose, where))
    return good, problems


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
                result.problems.append(f"{p.source}: receipt_no: receipt {p.receipt_no} is already recorded with "
                                       f"different data ({old['enterprise']}, {old['amount_fen']} fen, {old['paid_at']})")
        if result.problems and not partial:
            result.already = []
            return result  # the transaction commits nothing: no row was written
        stamp = utc_text(now)
        for p in fresh:
            conn.execute(
                "INSERT INTO payments (receipt_no, enterprise, payer_name, account_type, account_masked, amount_fen,"
                " paid_at, purpose, source, recorded_at) VALUES (?, ?, ?, 'corporate', ?, ?, ?, ?, ?, ?)",
                (p.receipt_no, p.enterprise, p.payer_name, p.account_masked, p.amount_fen, utc_text(p.paid_at),
                 p.purpose, p.source, stamp))
            if p.purpose == "maintenance":
                conn.execute(
                    "INSERT INTO requests (enterprise, site, skill, receipt_no, paid_at, created_at)"
                    " VALUES (?, ?, 'maintenance', ?, ?, ?)",
                    (p.enterprise, p.site, p.receipt_no, utc_text(p.paid_at), stamp))
                result.requests_opened += 1
            result.recorded.append(p)
    return result
