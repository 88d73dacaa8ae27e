"""The source's rules over a whole enterprise: approved counts, Longda backups, laptops, contracts, cards.

Pure: takes the parsed enterprise and "today", reports through the :class:`FieldReader` of the file
it came from, so each message has the right ``file:line: field.path``. Section numbers (§6.2 …)
are those of the source FAQ.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checks.yamlio import join
from provisioning.registry import codes
from provisioning.registry.model import CustomsSite, Enterprise
from provisioning.registry.reader import FieldReader


@dataclass(frozen=True)
class Policy:
    """Registry-wide settings: the date from which a contract counts as the new agreement (§2.4)."""

    new_agreement_from: dt.date | None = None


def check_unique(entries: list[tuple[Enterprise, FieldReader, str]], problems: list[str]) -> None:
    """Customs codes, host names, addresses and card numbers are unique across the whole registry."""
    kinds = (("customs code", None, "customs_code"), ("host name", "terminals", "host"),
             ("address", "terminals", "address"), ("card number", "cards", "number"))
    seen: list[dict[str, tuple[int, int]]] = [{}, {}, {}, {}]  # value -> (entry index, item index)

    def path_of(entry: int, kind: int, item: int) -> tuple[FieldReader, str]:
        _, reader, path = entries[entry]
        _, listed, leaf = kinds[kind]
        return reader, (join(path, leaf) if listed is None else f"{path}.{listed}[{item}].{leaf}")

    def once(kind: int, value: str, entry: int, item: int) -> None:
        first = seen[kind].setdefault(codes.address_key(value) if kind == 2 else value, (entry, item))
        if first != (entry, item):
            r0, p0 = path_of(first[0], kind, first[1])
            r1, p1 = path_of(entry, kind, item)
            problems.append(f"{r1.problem_where(p1)}: duplicate {kinds[kind][0]} '{value}' "
                            f"(first at {r0.problem_where(p0).rsplit(':', 1)[0]})")

    for n, (e, _, _) in enumerate(entries):
        once(0, e.customs_code, n, 0)
        for i, t in enumerate(e.terminals):
            once(1, t.host, n, i)
            once(2, t.address, n, i)
        for i, c in enumerate(e.cards):
            once(3, c.number, n, i)


def check_enterprise(e: Enterprise, r: FieldReader, path: str, policy: Policy,
                     sites: dict[str, CustomsSite], today: dt.date | None) -> None:
    """Every per-enterprise rule; errors and warnings go to ``r``."""
    _check_terminals(e, r, path)
    _check_money(e, r, path, today)
    _check_agreement(e, r, path, policy)
    _check_cards(e, r, path)


def _check_terminals(e: Enterprise, r: FieldReader, path: str) -> None:
    qp_seen = 0
    qp_total = len(e.qp_terminals())
    for i, t in enumerate(e.terminals):
        tpath = join(join(path, "terminals"), i)
        if t.role == "qp":
            qp_seen += 1
            if qp_seen == e.approved_terminals + 1:
                r.error(join(tpath, "role"),
                        f"{qp_total} QP terminals but customs approved {e.approved_terminals}: "
                        f"terminal {t.host} and any after it are over the approved count (§6.2)")
            if t.chassis == "laptop":
                r.error(join(tpath, "chassis"), f"'laptop' cannot be a QP terminal ({t.host}): desktops only (§6.1)")
        elif t.role == "longda_backup" and t.qp_installed:
            r.error(join(tpath, "qp_installed"),
                    f"{t.host} is a Longda backup: QP is never installed on it and it stays untouched (§6.1, §6.2)")
        elif t.role == "road_port_only" and t.qp_installed:
            r.error(join(tpath, "qp_installed"),
                    f"{t.host} has QP installed but role road_port_only; use role qp (QP may share the PC, §6.5)")
    if qp_total < e.approved_terminals:
        pending = e.approved_terminals - qp_total
        r.warn(join(path, "approved_terminals"),
               f"{pending} installs pending: customs approved {e.approved_terminals}, "
               f"{qp_total} QP terminals registered")


def _check_money(e: Enterprise, r: FieldReader, path: str, today: dt.date | None) -> None:
    bank, contract = e.bank, e.contract
    if bank.type == "private":
        r.error(join(join(path, "bank"), "type"),
                "a private account cannot pay: the enterprise's corporate account only (§2.3)")
    if bank.name != e.name:
        r.error(join(join(path, "bank"), "name"),
                f"account name '{bank.name}' must be exactly the registered name '{e.name}' (§1.1)")
    if contract.status == "signed" and contract.signer is not None and contract.signer != bank.name:
        r.error(join(join(path, "contract"), "signer"),
                f"contract signer '{contract.signer}' differs from bank account name '{bank.name}' (§1.1)")
    if contract.signed_on is not None and today is not None and contract.signed_on > today:
        r.error(join(join(path, "contract"), "signed_on"), f"signed_on {contract.signed_on} is in the future")
    if contract.status != "signed" and (contract.signed_on is not None or contract.signer is not None):
        r.error(join(path, "contract"), f"contract status is '{contract.status}' but signed_on/signer are given")


def _check_agreement(e: Enterprise, r: FieldReader, path: str, policy: Policy) -> None:
    contract = e.contract
    installed_before = any(t.qp_installed for t in e.qp_terminals())
    cutoff = policy.new_agreement_from
    signed_new = contract.status == "signed" and (
        cutoff is None or (contract.signed_on is not None and contract.signed_on >= cutoff))
    cpath = join(path, "contract")
    if signed_new:
        return
    what = (f"signed on {contract.signed_on}, before the new agreement of {cutoff}"
            if contract.status == "signed" else f"contract {contract.status}")
    if installed_before and e.on_approved_list:
        r.error(cpath, f"on the approved list with QP installed before: must sign the new agreement "
                f"before any install or maintenance ({what}) (§2.4)")
    elif installed_before:
        r.warn(cpath, f"not on the approved list, QP installed: may sign the new agreement later ({what}); "
               "fees at the new standard (§2.5)")
    elif contract.status != "signed":
        r.warn(cpath, f"{what}: formalities must be complete before the site's central installation (§1.2)")


def _check_cards(e: Enterprise, r: FieldReader, path: str) -> None:
    for i, c in enumerate(e.cards):
        cpath = join(join(path, "cards"), i)
        if c.kind == "operator" and "declare" in c.rights:
            r.error(join(join(cpath, "rights"), c.rights.index("declare")),
                    f"operator card {c.number} cannot hold declare (申报): save and upload only (§4.1)")
        if c.kind == "declarant" and "declare" not in c.rights:
            r.error(join(cpath, "rights"),
                    f"declarant IC card {c.number} always holds declare (申报) (§4.2)")
        if c.holder_left_on is not None and c.status != "cancelled":
            r.warn(join(cpath, "holder_left_on"),
                   f"holder {c.holder} left on {c.holder_left_on} but card {c.number} is still {c.status}: "
                   "cancel it (§10.4)")
