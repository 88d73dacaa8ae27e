"""The registry's data model: customs sites, enterprises, their terminals, cards, two contracts and bank accounts.

Plain dataclasses, built only by :func:`provisioning.registry.load_registry` after validation, so a
value of these types always obeys the source's rules. Bank account numbers are kept but never shown:
``str()``/``repr()`` of a :class:`BankAccount` and every export give the masked form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

TERMINAL_ROLES = ("qp", "longda_backup", "road_port_only")
CHASSIS_KINDS = ("desktop", "tower", "all-in-one", "laptop")
CONTRACT_STATUSES = ("signed", "pending", "none")
BANK_ACCOUNT_TYPES = ("corporate", "private")
MAINTENANCE_PLANS = ("per-visit", "monthly")
CARD_KINDS = ("operator", "declarant")
CARD_RIGHTS = ("save", "upload", "declare")  # 暂存 / 上载 / 申报
CARD_RIGHT_ALIASES = {"暂存": "save", "上载": "upload", "申报": "declare"}
CARD_STATUSES = ("active", "suspended", "cancelled")
CONNECTION_KINDS = ("winrm", "ssh", "offline-kit")


@dataclass(frozen=True)
class SubCentre:
    """The data sub-centre's (数据分中心) service point for a site: whom its enterprises call and pay.

    What the self-check report tells a clerk to do next: call ``phone`` to book a visit, send the report
    to ``email``, pay the visit fee to ``payee`` at ``bank`` (corporate transfer or deposit, §2.3).
    """

    name: str
    phone: str
    address: str
    contact: str | None = None  # the person to ask for
    email: str | None = None  # where the self-check report goes
    hours: str | None = None  # office hours on working days, "09:00-17:30"
    payee: str | None = None  # the account name fees are paid to
    bank: str | None = None  # the bank of that account


@dataclass(frozen=True)
class CustomsSite:
    """A customs site (关区/现场) where enterprises declare, e.g. 5301 皇岗海关."""

    code: str
    name: str
    address: str
    sub_centre: SubCentre | None = None


@dataclass(frozen=True)
class TransmissionContract:
    """The transmission-fee contract (传输费协议: 《委托银行代收电子报关数据传输服务费合同书》, §1).

    Signed in the enterprise's full registered name, naming the debit account in that name (§1.1);
    a contract signed before is reused while the account name and number are unchanged (§1.3).
    Entry rights (暂存/上载) on the enterprise's cards are granted only once it is signed (§3.2, §4.4).
    """

    status: str  # "signed" | "pending" | "none"
    signed_on: dt.date | None
    signer: str | None
    account_number: str | None = field(default=None, repr=False)  # the debit account the contract names

    def account_masked(self) -> str | None:
        return mask_account_number(self.account_number) if self.account_number else None


@dataclass(frozen=True)
class ServiceAgreement:
    """The technical service agreement (技术服务协议) for installation and maintenance (§2.4, §2.5).

    Enterprises of the approved list that installed QP before must sign the new one (§2.4);
    enterprises off the list may sign it later (§2.5).
    """

    status: str  # "signed" | "pending" | "none"
    signed_on: dt.date | None


@dataclass(frozen=True)
class BankAccount:
    """The debit account (扣款账号); the number is stored but only ever shown masked."""

    name: str
    type: str  # "corporate" | "private"
    number: str = field(repr=False)

    def masked(self) -> str:
        """The number with all but the first and last four digits hidden: ``6222 **** **** 1234``."""
        return mask_account_number(self.number)

    def __repr__(self) -> str:
        return f"BankAccount(name={self.name!r}, type={self.type!r}, number={self.masked()!r})"

    def __str__(self) -> str:
        return f"{self.name} ({self.type}) {self.masked()}"


def mask_account_number(number: str) -> str:
    """Mask a bank account number: keep the first and last four digits, star the middle in groups."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) <= 8:
        return "*" * len(digits)
    middle = len(digits) - 8
    groups = ["****"] * max(1, (middle + 3) // 4)
    return " ".join([digits[:4], *groups, digits[-4:]])


@dataclass(frozen=True)
class Contact:
    """A person to call at the enterprise."""

    name: str
    phone: str
    role: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Terminal:
    """A computer at the enterprise: a QP terminal, a Longda backup (never touched) or road-port only."""

    host: str
    address: str
    role: str  # "qp" | "longda_backup" | "road_port_only"
    chassis: str
    qp_installed: bool
    connection: dict[str, Any]  # by reference only: {"via": "winrm", "credential": "site-5301"}

    @property
    def is_qp_target(self) -> bool:
        """Whether QP may be installed, checked or maintained here (only ``qp`` terminals; §6.1, §6.2)."""
        return self.role == "qp"

    @property
    def schedulable(self) -> bool:
        """Whether a visit or job may be scheduled on this terminal (never on a Longda backup)."""
        return self.role == "qp"


@dataclass(frozen=True)
class Card:
    """An operator card (操作员卡) or a declarant IC card (报关员IC卡) and its rights."""

    kind: str  # "operator" | "declarant"
    number: str
    holder: str
    rights: list[str]  # among "save" (暂存), "upload" (上载), "declare" (申报)
    status: str
    holder_left_on: dt.date | None = None


@dataclass(frozen=True)
class Enterprise:
    """A customs pre-entry enterprise (报关预录入企业): a pre-entry company or a customs broker."""

    customs_code: str  # 海关编码, 10 characters
    name: str  # full registered name
    org_code: str  # 9-character 组织机构代码 or 18-character 统一社会信用代码
    site: str
    on_approved_list: bool  # one of the "116"
    approved_terminals: int
    transmission_contract: TransmissionContract
    service_agreement: ServiceAgreement
    bank: BankAccount
    contacts: list[Contact]
    maintenance_plan: str  # "per-visit" | "monthly"
    terminals: list[Terminal]
    cards: list[Card]
    address: str | None = None  # where the engineers go (the office with the terminals)

    def qp_terminals(self) -> list[Terminal]:
        """The terminals that are (or will be) QP terminals."""
        return [t for t in self.terminals if t.role == "qp"]


@dataclass
class Registry:
    """A validated registry: sites and enterprises, plus warnings that did not stop it."""

    sites: dict[str, CustomsSite]
    enterprises: dict[str, Enterprise]
    warnings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    new_agreement_from: dt.date | None = None  # policy: the date of the new agreements (§1.3, §2.4)

    def contract_reused(self, e: Enterprise) -> bool:
        """Whether the enterprise's transmission-fee contract is an earlier one, reused (§1.3)."""
        tc = e.transmission_contract
        return (tc.status == "signed" and tc.signed_on is not None and self.new_agreement_from is not None
                and tc.signed_on < self.new_agreement_from)

    def enterprises_at(self, site_code: str) -> list[Enterprise]:
        """The enterprises at one customs site, in registry order."""
        return [e for e in self.enterprises.values() if e.site == site_code]

    def terminals(self) -> Iterator[tuple[Enterprise, Terminal]]:
        """Every terminal with its enterprise."""
        for enterprise in self.enterprises.values():
            for terminal in enterprise.terminals:
                yield enterprise, terminal

    def card_owner(self, card_number: str) -> Enterprise | None:
        """The enterprise a card belongs to (None when unknown)."""
        index = self.__dict__.get("_card_index")
        if index is None:
            index = {c.number: e for e in self.enterprises.values() for c in e.cards}
            self.__dict__["_card_index"] = index
        return index.get(card_number)
