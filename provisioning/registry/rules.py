"""The source's rules over a whole enterprise: approved counts, Longda backups, laptops, two contracts, cards.

Pure: takes the parsed enterprise and "today", reports through the :class:`FieldReader` of the file
it came from, so each message has the right ``file:line: field.path``. Section numbers (§6.2 …)
are those of the source FAQ.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checks.i18n import Msg
from checks.yamlio import join
from provisioning.registry import codes, texts  # noqa: F401  (texts registers the contract rules' words)
from provisioning.registry.model import CustomsSite, Enterprise
from provisioning.registry.reader import FieldReader


@dataclass(frozen=True)
class Policy:
    """Registry-wide settings: the date from which a technical service agreement is the new one (§2.4)."""

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
            problems.append(Msg("msg.at", where=r1.problem_where(p1), what=Msg(
                f"reg.err.duplicate.{kinds[kind][2]}", value=value, first=r0.problem_where(p0).rsplit(":", 1)[0])))

    for n, (e, _, _) in enumerate(entries):
        once(0, e.customs_code, n, 0)
        for i, t in enumerate(e.terminals):
            once(1, t.host, n, i)
            once(2, t.address, n, i)
        for i, c in enumerate(e.cards):
            once(3, c.number, n, i)


def check_enterprise(e: Enterprise, r: FieldReader, path: str, policy: Policy,
                     sites: dict[str, CustomsSite], today: dt.date | None) -> None:
    """Every per-enterprise rule; errors and warnings go to ``r`` as catalogue messages."""
    _check_terminals(e, r, path)
    _check_money(e, r, path, today)
    _check_agreement(e, r, path, policy, today)
    _check_cards(e, r, path)


def _check_terminals(e: Enterprise, r: FieldReader, path: str) -> None:
    qp_seen = 0
    qp_total = len(e.qp_terminals())
    for i, t in enumerate(e.terminals):
        tpath = join(join(path, "terminals"), i)
        if t.role == "qp":
            qp_seen += 1
            if qp_seen == e.approved_terminals + 1:
                r.error(join(tpath, "role"), Msg("reg.err.over_count", n=qp_total, approved=e.approved_terminals,
                                                 host=t.host))
            if t.chassis == "laptop":
                r.error(join(tpath, "chassis"), Msg("reg.err.laptop", host=t.host))
        elif t.role == "longda_backup" and t.qp_installed:
            r.error(join(tpath, "qp_installed"), Msg("reg.err.longda_qp", host=t.host))
        elif t.role == "road_port_only" and t.qp_installed:
            r.error(join(tpath, "qp_installed"), Msg("reg.err.road_port_qp", host=t.host))
    if qp_total < e.approved_terminals:
        pending = e.approved_terminals - qp_total
        r.warn(join(path, "approved_terminals"), Msg("reg.warn.pending", pending=pending, approved=e.approved_terminals,
                                                     n=qp_total))


def _check_money(e: Enterprise, r: FieldReader, path: str, today: dt.date | None) -> None:
    """The debit account and the transmission-fee contract that names it (§1.1, §1.3, §2.3)."""
    bank, tc = e.bank, e.transmission_contract
    tpath = join(path, "transmission_contract")
    if bank.type == "private":
        r.error(join(join(path, "bank"), "type"), Msg("reg.err.private"))
    if bank.name != e.name:
        r.error(join(join(path, "bank"), "name"), Msg("reg.err.account_name", account=bank.name, name=e.name))
    if tc.signed_on is not None and today is not None and tc.signed_on > today:
        r.error(join(tpath, "signed_on"), Msg("reg.future", day=tc.signed_on))
    if tc.status != "signed":
        r.warn(tpath, Msg("reg.tc.unsigned", status=Msg(f"reg.status.{tc.status}")))
        return
    if tc.signer is not None and tc.signer != bank.name:
        r.error(join(tpath, "signer"), Msg("reg.tc.signer", signer=tc.signer, account=bank.name))
    if tc.account_number is not None and tc.account_number != "".join(ch for ch in bank.number if ch.isdigit()):
        r.error(join(tpath, "account_number"), Msg("reg.tc.account", day=tc.signed_on, old=tc.account_masked(),
                                                 new=bank.masked()))


def _check_agreement(e: Enterprise, r: FieldReader, path: str, policy: Policy, today: dt.date | None) -> None:
    """The technical service agreement: the new one for approved-list enterprises with QP (§2.4, §2.5)."""
    sa = e.service_agreement
    spath = join(path, "service_agreement")
    if sa.signed_on is not None and today is not None and sa.signed_on > today:
        r.error(join(spath, "signed_on"), Msg("reg.future", day=sa.signed_on))
    installed_before = any(q.qp_installed for q in e.qp_terminals())
    cutoff = policy.new_agreement_from
    signed_new = sa.status == "signed" and (cutoff is None or (sa.signed_on is not None and sa.signed_on >= cutoff))
    if signed_new:
        return
    what = (Msg("reg.sa.old", day=sa.signed_on, cutoff=cutoff) if sa.status == "signed"
            else Msg("reg.sa.status", status=Msg(f"reg.status.{sa.status}")))
    if installed_before and e.on_approved_list:
        r.error(spath, Msg("reg.sa.must", what=what))
    elif installed_before:
        r.warn(spath, Msg("reg.sa.later", what=what))
    else:
        r.warn(spath, Msg("reg.sa.before_install", what=what))


def _check_cards(e: Enterprise, r: FieldReader, path: str) -> None:
    tc_status = e.transmission_contract.status
    for i, c in enumerate(e.cards):
        cpath = join(join(path, "cards"), i)
        entry = [x for x in c.rights if x in ("save", "upload")]
        if entry and tc_status != "signed" and c.status != "cancelled":
            names = tuple(Msg(f"right.{x}") for x in entry)
            r.error(join(cpath, "rights"), Msg("reg.card.entry", number=c.number, rights=names,
                                             status=Msg("reg.status.tc", status=Msg(f"reg.status.{tc_status}"))))
        if c.kind == "operator" and "declare" in c.rights:
            r.error(join(join(cpath, "rights"), c.rights.index("declare")), Msg("reg.err.operator_declare", number=c.number))
        if c.kind == "declarant" and "declare" not in c.rights:
            r.error(join(cpath, "rights"), Msg("reg.err.declarant", number=c.number))
        if c.holder_left_on is not None and c.status != "cancelled":
            r.warn(join(cpath, "holder_left_on"), Msg("reg.warn.left", holder=c.holder, left=c.holder_left_on,
                                                      number=c.number, status=Msg(f"card.status.{c.status}")))
