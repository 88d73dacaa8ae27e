"""Quotes for installation and maintenance: lines in fen, the total in figures and in capital numerals.

Pure: the price version and the date come in as arguments. Installation is billed per started
block of 5 QP terminals (§2.1); maintenance per computer and plan, at a named tier (§2.2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from checks.errors import InputError
from checks.i18n import Msg, add
from provisioning.fees.capital import capital
from provisioning.fees.prices import PriceVersion
from provisioning.registry.model import MAINTENANCE_PLANS

add({
    "quote.err.whole": {"zh": "终端台数应为整数", "en": "the number of terminals must be a whole number"},
    "quote.err.none": {"zh": "{n} 台：报价至少需要 1 台QP终端", "en": "{n} terminals: a quote needs at least 1 QP terminal"},
    "quote.err.many": {"zh": "{n} 台：超过 {max} 台，不像是一家企业的数量", "en": "{n} terminals: more than {max} is not a plausible enterprise"},
    "quote.err.plan": {"zh": "无效的维护方式 {got}；可选：{valid}", "en": "invalid plan {got}; valid: {valid}"},
    "quote.err.tier": {"zh": "无效的维护档次 {got}；可选：{valid}", "en": "invalid tier {got}; valid: {valid}"},
})

MAX_TERMINALS = 10_000


@dataclass(frozen=True)
class QuoteLine:
    """One line of a quote: what, how many, at what unit price, for how much (fen)."""

    item: str  # "installation" | "maintenance"
    quantity: int
    unit: str  # "block of 5 terminals" | "computer per visit" | "computer per month"
    unit_fen: int
    amount_fen: int


@dataclass(frozen=True)
class Quote:
    """A priced offer for one enterprise (or for a number of terminals)."""

    quoted_on: dt.date
    price_version: str
    terminals: int
    plan: str
    tier: str
    lines: tuple[QuoteLine, ...]
    enterprise_name: str | None = None
    customs_code: str | None = None
    payer_account: str | None = None  # masked
    notes: tuple[str, ...] = field(default=())

    @property
    def number(self) -> str:
        """The quote's number (报价单号): its date, whom it is for, and four digits that follow from what it prices.

        The same quote issued again (``--date`` reproduces an old one) has the same number; any
        change of enterprise, terminals, plan, tier, price version or amounts gives another.
        """
        priced = json.dumps([self.quoted_on.isoformat(), self.price_version, self.customs_code, self.terminals,
                             self.plan, self.tier, [(ln.item, ln.quantity, ln.unit_fen, ln.amount_fen)
                                                    for ln in self.lines]], separators=(",", ":"))
        digits = int(hashlib.sha256(priced.encode("utf-8")).hexdigest()[:8], 16) % 10_000
        whom = self.customs_code or f"T{self.terminals}"
        return f"QP{self.quoted_on:%Y%m%d}-{whom}-{digits:04d}"

    @property
    def installation_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines if line.item == "installation")

    @property
    def maintenance_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines if line.item == "maintenance")

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)

    @property
    def total_capital(self) -> str:
        return capital(self.total_fen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "quoted_on": self.quoted_on.isoformat(),
            "price_version": self.price_version,
            "enterprise": {"name": self.enterprise_name, "customs_code": self.customs_code,
                           "payer_account": self.payer_account} if self.enterprise_name else None,
            "terminals": self.terminals,
            "plan": self.plan,
            "tier": self.tier,
            "lines": [{"item": ln.item, "quantity": ln.quantity, "unit": ln.unit, "unit_fen": ln.unit_fen,
                       "amount_fen": ln.amount_fen} for ln in self.lines],
            "installation_fen": self.installation_fen,
            "maintenance_fen": self.maintenance_fen,
            "total_fen": self.total_fen,
            "total_capital": self.total_capital,
            "notes": list(self.notes),
        }


def installation_fen(terminals: int, prices: PriceVersion) -> int:
    """Installation fee: per started block (1–5 → one block, 6–10 → two …) (§2.1)."""
    _check_terminals(terminals)
    blocks = -(-terminals // prices.block_terminals)
    return blocks * prices.per_block_fen


def _check_terminals(terminals: int) -> None:
    if isinstance(terminals, bool) or not isinstance(terminals, int):
        raise InputError(Msg("quote.err.whole"), where="--terminals")
    if terminals <= 0:
        raise InputError(Msg("quote.err.none", n=terminals), where="--terminals")
    if terminals > MAX_TERMINALS:
        raise InputError(Msg("quote.err.many", n=terminals, max=MAX_TERMINALS), where="--terminals")


def make_quote(terminals: int, prices: PriceVersion, on: dt.date, plan: str | None = None,
               tier: str | None = None, enterprise_name: str | None = None, customs_code: str | None = None,
               payer_account: str | None = None, notes: tuple[str, ...] = ()) -> Quote:
    """Price ``terminals`` QP terminals with the given plan and tier (defaults from the price table)."""
    plan = plan or prices.default_plan
    tier = tier or prices.default_tier
    if plan not in MAINTENANCE_PLANS:
        raise InputError(Msg("quote.err.plan", got=repr(plan), valid=", ".join(MAINTENANCE_PLANS)), where="--plan")
    if tier not in prices.maintenance_fen:
        raise InputError(Msg("quote.err.tier", got=repr(tier), valid=", ".join(prices.maintenance_fen)), where="--tier")
    install = installation_fen(terminals, prices)
    blocks = install // prices.per_block_fen if prices.per_block_fen else -(-terminals // prices.block_terminals)
    unit_fen = prices.maintenance_fen[tier][plan]
    unit = "computer per visit" if plan == "per-visit" else "computer per month"
    lines = (
        QuoteLine("installation", blocks, f"block of {prices.block_terminals} terminals", prices.per_block_fen,
                  install),
        QuoteLine("maintenance", terminals, unit, unit_fen, terminals * unit_fen),
    )
    return Quote(on, prices.version, terminals, plan, tier, lines, enterprise_name, customs_code,
                 payer_account, notes)
