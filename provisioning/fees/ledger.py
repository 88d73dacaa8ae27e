"""The transmission-fee ledger: 15 yuan per declaration once declared, charged once, to the first saver.

Rules (§5.1, §5.3): a declaration is charged once it is declared (申报), whatever the customs reply
(reject, clear); declaring it again is not charged again; the charge goes to the enterprise of the
card that **first saved** (暂存) it, not of the card that declared it. Pure: events come in as
values, "who owns a card" and "what is the rate on a day" as functions; state from earlier imports
comes in as :class:`LedgerState` so re-importing a file never charges twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

EVENTS = ("save", "declare", "reject", "clear")


@dataclass
class LedgerState:
    """What earlier imports established: first saves, first declarations, and charges made."""

    first_save: dict[str, tuple[dt.datetime, str]] = field(default_factory=dict)  # id -> (time, card)
    declared: dict[str, dt.datetime] = field(default_factory=dict)  # id -> first declare time
    charged: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (customs code, fen)


@dataclass
class EnterpriseCharge:
    customs_code: str
    declarations: int = 0
    amount_fen: int = 0


@dataclass
class LedgerResult:
    """New charges of this import per enterprise, and what could not be charged and why."""

    charges: dict[str, EnterpriseCharge]
    new_charges: dict[str, tuple[str, int]]  # id -> (customs code, fen), to record
    already_charged: int
    unattributed: dict[str, str]  # id -> reason (no save seen / card not in the registry)

    @property
    def total_fen(self) -> int:
        return sum(c.amount_fen for c in self.charges.values())


class TransmissionLedger:
    """Feeds events into the state; :meth:`settle` turns declared declarations into charges."""

    def __init__(self, state: LedgerState | None = None) -> None:
        self.state = state or LedgerState()

    def add(self, declaration: str, event: str, card: str, time: dt.datetime) -> None:
        """One event; ``event`` is one of :data:`EVENTS` (checked by the reader)."""
        st = self.state
        if event == "save":
            first = st.first_save.get(declaration)
            # two saves in the same second: the lower card number, so the import order never matters
            if first is None or (time, card) < first:
                st.first_save[declaration] = (time, card)
        elif event == "declare":
            first_declared = st.declared.get(declaration)
            if first_declared is None or time < first_declared:
                st.declared[declaration] = time
        # reject / clear: customs replies never change the fee (§5.3)

    def add_many(self, events: Iterable[tuple[str, str, str, dt.datetime]]) -> None:
        for declaration, event, card, time in events:
            self.add(declaration, event, card, time)

    def settle(self, card_owner: Callable[[str], str | None], rate_on: Callable[[dt.date], int]) -> LedgerResult:
        """Charge every declared declaration not charged before, to its first saver's enterprise."""
        st = self.state
        charges: dict[str, EnterpriseCharge] = {}
        new: dict[str, tuple[str, int]] = {}
        unattributed: dict[str, str] = {}
        already = 0
        for declaration, declared_at in st.declared.items():
            if declaration in st.charged:
                already += 1
                continue
            first = st.first_save.get(declaration)
            if first is None:
                unattributed[declaration] = "declared but no save (暂存) event seen yet"
                continue
            owner = card_owner(first[1])
            if owner is None:
                unattributed[declaration] = f"first saved with card {first[1]}, which is not in the registry"
                continue
            fen = rate_on(declared_at.date())
            new[declaration] = (owner, fen)
            entry = charges.get(owner)
            if entry is None:
                entry = charges[owner] = EnterpriseCharge(owner)
            entry.declarations += 1
            entry.amount_fen += fen
        st.charged.update(new)
        return LedgerResult(charges, new, already, unattributed)
