"""The transmission-fee ledger: 15 yuan per declaration once declared, charged once, to the first saver.

Rules (§5.1, §5.3): a declaration is charged once it is declared (申报), whatever the customs reply
(reject, clear); declaring it again is not charged again; the charge goes to the enterprise of the
card that **first saved** (暂存) it, not of the card that declared it.

One declaration, three numbers (§11.6): saved, it has a temporary number starting with ``Z``; in the
data centre's database it gets the unified number (统一编号); once cleared, the 9-digit declaration
number (报关单号). An event under a later number carries the earlier one (``previous``), and the
numbers so linked are one declaration: its first save is the earliest save under any of them, it is
charged once, under the number it was first saved with.

Pure: events come in as values, "who owns a card" and "what is the rate on a day" as functions; state
from earlier imports comes in as :class:`LedgerState`, so re-importing a file never charges twice.
Times are kept as whole microseconds since 1970 (UTC): a million events fit in a small memory.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from checks.i18n import Msg, add

add({
    "ledger.no_save": {"zh": "已申报，但还没有看到暂存记录", "en": "declared but no save event seen yet"},
    "ledger.no_save_numbers": {"zh": "已申报（编号 {numbers}），但还没有看到暂存记录",
                               "en": "declared (numbers {numbers}) but no save event seen yet"},
    "ledger.unknown_card": {"zh": "首次暂存用的卡 {card} 不在登记册中", "en": "first saved with card {card}, which is not in the registry"},
})

EVENTS = ("save", "declare", "reject", "clear")
CHINA = ZoneInfo("Asia/Shanghai")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def micros(time: dt.datetime) -> int:
    """An aware time as whole microseconds since 1970-01-01 UTC."""
    span = time - _EPOCH
    return (span.days * 86400 + span.seconds) * 1_000_000 + span.microseconds


def from_micros(value: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=value)


@dataclass
class LedgerState:
    """What imports established: first saves, first declarations, links between numbers, charges made."""

    first_save: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (micros, card)
    declared: dict[str, int] = field(default_factory=dict)  # id -> first declare (micros)
    links: dict[str, str] = field(default_factory=dict)  # later number -> earlier number of the same declaration
    charged: dict[str, tuple[str, int]] = field(default_factory=dict)  # id charged under -> (customs code, fen)

    def ids(self) -> set[str]:
        return {*self.first_save, *self.declared, *self.links, *self.links.values(), *self.charged}

    def merge(self, other: LedgerState) -> None:
        """Add ``other``'s facts: the earliest save and declaration win, links and charges add up."""
        for d, (time, card) in other.first_save.items():
            self._save(d, time, card)
        for d, time in other.declared.items():
            self._declare(d, time)
        self.links.update(other.links)
        self.charged.update(other.charged)

    def _save(self, declaration: str, time: int, card: str) -> None:
        first = self.first_save.get(declaration)
        # two saves in the same microsecond: the lower card number, so the import order never matters
        if first is None or (time, card) < first:
            self.first_save[declaration] = (time, card)

    def _declare(self, declaration: str, time: int) -> None:
        first = self.declared.get(declaration)
        if first is None or time < first:
            self.declared[declaration] = time


@dataclass
class EnterpriseCharge:
    customs_code: str
    declarations: int = 0
    amount_fen: int = 0


@dataclass
class LedgerResult:
    """New charges of this import per enterprise, and what could not be charged and why."""

    charges: dict[str, EnterpriseCharge]
    new_charges: dict[str, tuple[str, int]]  # id charged under -> (customs code, fen), to record
    already_charged: int
    unattributed: dict[str, str]  # id -> reason (no save seen / card not in the registry)
    numbers: dict[str, list[str]] = field(default_factory=dict)  # id charged under -> all its numbers, if several
    charged_twice: list[list[str]] = field(default_factory=list)  # linked numbers charged separately before

    @property
    def total_fen(self) -> int:
        return sum(c.amount_fen for c in self.charges.values())


class TransmissionLedger:
    """Feeds events into the state; :meth:`settle` turns declared declarations into charges."""

    def __init__(self, state: LedgerState | None = None) -> None:
        self.state = state or LedgerState()

    def add(self, declaration: str, event: str, card: str, time: dt.datetime | int,
            previous: str | None = None) -> None:
        """One event; ``event`` is one of :data:`EVENTS` (checked by the reader); ``previous`` is the
        earlier number of the same declaration (its Z number, or its unified number), when known."""
        at = time if isinstance(time, int) else micros(time)
        if event == "save":
            self.state._save(declaration, at, sys.intern(card))
        elif event == "declare":
            self.state._declare(declaration, at)
        # reject / clear: customs replies never change the fee (§5.3)
        if previous and previous != declaration:
            self.link(declaration, previous)

    def link(self, later: str, earlier: str) -> None:
        """``later`` is a later number of the declaration first numbered ``earlier``."""
        self.state.links[later] = earlier

    def add_many(self, events: Iterable[tuple[str, str, str, dt.datetime | int] |
                                        tuple[str, str, str, dt.datetime | int, str | None]]) -> None:
        """Many events; the loop of :meth:`add` written out, as a million events go through it."""
        saves, declared, links, intern = self.state.first_save, self.state.declared, self.state.links, sys.intern
        for event in events:
            declaration, kind, card, time = event[0], event[1], event[2], event[3]
            at = time if type(time) is int else micros(time)  # type: ignore[arg-type]
            if kind == "save":
                first = saves.get(declaration)
                if first is None or (at, card) < first:
                    saves[declaration] = (at, intern(card))
            elif kind == "declare":
                first_declared = declared.get(declaration)
                if first_declared is None or at < first_declared:
                    declared[declaration] = at
            previous = event[4] if len(event) > 4 else None  # type: ignore[misc]
            if previous and previous != declaration:
                links[declaration] = previous

    def groups(self) -> list[list[str]]:
        """The numbers of each declaration: every id of the state, linked ids together (sorted)."""
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for later, earlier in self.state.links.items():
            a, b = root(later), root(earlier)
            if a != b:
                parent[max(a, b)] = min(a, b)
        members: dict[str, list[str]] = {}
        st = self.state
        for d in {*st.first_save, *st.declared, *st.charged, *parent}:
            members.setdefault(root(d), []).append(d)
        return [sorted(ids) for ids in members.values()]

    def settle(self, card_owner: Callable[[str], str | None], rate_on: Callable[[dt.date], int]) -> LedgerResult:
        """Charge every declared declaration not charged before, to its first saver's enterprise."""
        st = self.state
        charges: dict[str, EnterpriseCharge] = {}
        new: dict[str, tuple[str, int]] = {}
        unattributed: dict[str, str] = {}
        numbers: dict[str, list[str]] = {}
        twice: list[list[str]] = []
        already = 0
        for ids in self.groups() if st.links else ([d] for d in st.declared):
            declared = [st.declared[d] for d in ids if d in st.declared]
            if not declared:
                continue
            charged = [d for d in ids if d in st.charged]
            if charged:
                already += 1
                if len(charged) > 1:
                    twice.append(charged)
                continue
            saves = [(st.first_save[d], d) for d in ids if d in st.first_save]
            if not saves:
                unattributed[ids[0]] = (Msg("ledger.no_save") if len(ids) == 1 else
                                        Msg("ledger.no_save_numbers", numbers=", ".join(ids)))
                continue
            (_, card), first_id = min(saves)
            owner = card_owner(card)
            if owner is None:
                unattributed[first_id] = Msg("ledger.unknown_card", card=card)
                continue
            fen = rate_on(from_micros(min(declared)).astimezone(CHINA).date())
            new[first_id] = (owner, fen)
            if len(ids) > 1:
                numbers[first_id] = ids
            entry = charges.get(owner)
            if entry is None:
                entry = charges[owner] = EnterpriseCharge(owner)
            entry.declarations += 1
            entry.amount_fen += fen
        st.charged.update(new)
        return LedgerResult(charges, new, already, unattributed, numbers, twice)
