"""Site installation campaigns: who at a customs site is notified, what each still lacks, who is installed.

Before the engineers install at a customs site the sub-centre notifies **every** enterprise there
(§10.3). An enterprise is installed only when its formalities are complete (§1.2): a signed
transmission-fee contract (§1) and technical service agreement (§2.4; an off-list enterprise that
already has QP may sign the agreement later, §2.5), the installation fee paid from its corporate account (§2.1, §2.3, §10.1), and no more
QP terminals than its approved count. Pure: the registry, the payments and the engineers come in
as arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from checks.errors import InputError
from checks.i18n import Msg
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.dispatch.planner import Engineer, Plan, VisitRequest, make_plan
from provisioning.dispatch.reasons import Reason, reason


def yuan(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


@dataclass
class Notice:
    """One line of a campaign's notification list."""

    customs_code: str
    name: str
    contacts: list[dict[str, str]]
    lacks: list[Reason] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)
    to_install: int = 0  # QP terminals without QP yet

    @property
    def installable(self) -> bool:
        return not self.lacks and self.to_install > 0


def notification_list(enterprises: Sequence[Any], paid_installation_fen: Mapping[str, int],
                      installation_fee: Callable[[int], int]) -> list[Notice]:
    """Every enterprise of the site (registry :class:`Enterprise` objects), with what each lacks.

    ``installation_fee(terminals)`` gives the fee in fen from the price table in force
    (:func:`provisioning.fees.quote.installation_fen`).
    """
    notices: list[Notice] = []
    for ent in enterprises:
        qp = [t for t in ent.terminals if t.role == "qp"]
        pending = [t for t in qp if not t.qp_installed]
        contacts = [{"name": c.name, "phone": c.phone, "role": c.role or ""} for c in ent.contacts]
        notice = Notice(ent.customs_code, ent.name, contacts, to_install=len(pending))
        if not contacts:
            notice.notes.append(reason("dispatch.note.no_contact"))
        if not pending:
            notice.notes.append(reason("dispatch.note.all_installed" if qp else "dispatch.note.no_qp"))
        may_sign_later = (not ent.on_approved_list) and any(t.qp_installed for t in qp)
        tc, sa = ent.transmission_contract, ent.service_agreement
        if tc.status != "signed":
            notice.lacks.append(reason("dispatch.lack.transmission_contract", status=f"@reg.status.{tc.status}"))
        if sa.status != "signed":
            if may_sign_later:
                notice.notes.append(reason("dispatch.note.sign_later", status=f"@reg.status.{sa.status}"))
            else:
                notice.lacks.append(reason("dispatch.lack.service_agreement", status=f"@reg.status.{sa.status}"))
        if ent.bank.type != "corporate":
            notice.lacks.append(reason("dispatch.lack.account"))
        if pending:
            fee = installation_fee(len(qp))
            paid = paid_installation_fen.get(ent.customs_code, 0)
            if paid < fee:
                notice.lacks.append(reason("dispatch.lack.payment", fee=yuan(fee), n=len(qp), paid=yuan(paid)))
        if len(qp) > ent.approved_terminals:
            notice.lacks.append(reason("dispatch.lack.approved", n=len(qp), approved=ent.approved_terminals))
        notices.append(notice)
    return notices


def schedule_installs(site: str, notices: Sequence[Notice], engineers: Sequence[Engineer],
                      days: Sequence[dt.date], booked: Mapping[tuple[str, dt.date], int] | None = None
                      ) -> tuple[Plan, dict[int, str]]:
    """Install visits for the installable enterprises from the campaign day on (one visit each).

    Returns the plan (visits on the first day are on time, later ones are overflow) and the map
    from the plan's request ids to customs codes.
    """
    return schedule_installs_for(site, [n.customs_code for n in notices if n.installable], engineers, days, booked)


def schedule_installs_for(site: str, codes: Sequence[str], engineers: Sequence[Engineer], days: Sequence[dt.date],
                          booked: Mapping[tuple[str, dt.date], int] | None = None) -> tuple[Plan, dict[int, str]]:
    """Install visits for the enterprises ``codes`` at ``site`` from ``days[0]`` on (see :func:`schedule_installs`)."""
    if not days:
        raise InputError(Msg("dispatch.err.no_install_day"), where="--day")
    by_id = {i + 1: code for i, code in enumerate(codes)}
    requests = [VisitRequest(i, site, "install", days[0], days[0], code) for i, code in by_id.items()]
    return make_plan(requests, engineers, days, booked), by_id
