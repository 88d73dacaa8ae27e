"""The install gates of one terminal: what must hold before qpfleet touches it, each with an actionable reason.

1. its latest preflight (state database) is ``ready`` and found no old-vendor system;
2. it is a QP terminal of the registry and not a laptop (§6.1: Longda backups stay untouched);
3. its enterprise's formalities are complete (§1.2): the transmission contract (传输费协议) and the
   technical service agreement (技术服务协议, §2.4) signed, and an installation payment recorded (§2.1, §2.3);
4. the install stays within the customs-approved count (§6.2): terminals already counted (QP
   installed by the registry or by our install records) keep their place; the others of the run
   get the free places in run order, so parallel forks never over-allocate.

The Ansible lookup ``qpfleet.fleet.install_gate`` and the CLI's pre-check both call :func:`gate`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from provisioning import state
from provisioning.dispatch.store import Store
from provisioning.registry.model import Registry


@dataclass(frozen=True)
class Gate:
    """One terminal's gates: each ``*_ok`` with the facts its message needs."""

    host: str
    enterprise: str
    preflight: str            # ready | not_ready | undetermined | none
    preflight_at: str
    old_vendor: bool
    preflight_ok: bool
    role: str
    chassis: str
    terminal_ok: bool
    contract: str
    paid: bool
    formalities_ok: bool
    approved: int
    counted: list[str]
    place: int                # 0: already counted; n: the n-th new install of the enterprise in this run
    count_ok: bool

    @property
    def ok(self) -> bool:
        return self.preflight_ok and self.terminal_ok and self.formalities_ok and self.count_ok

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def gate(store: Store, reg: Registry, host: str, run_hosts: list[str]) -> Gate:
    """The gates of ``host`` in a run over ``run_hosts`` (play order)."""
    by_host = {t.host: (e, t) for e, t in reg.terminals()}
    if host not in by_host:
        return Gate(host, "", "none", "", False, False, "unknown", "", False, "none", False, False, 0, [], 0, False)
    e, t = by_host[host]
    latest = state.latest_verdict(store, host)
    verdict = latest.verdict if latest and latest.verdict else "none"
    old_vendor = bool(latest and any(c.get("id") == "longda" and c.get("status") == "fail" for c in latest.checks or []))
    counted = sorted({x.host for x in e.terminals if x.role == "qp" and x.qp_installed}
                     | state.installed_hosts(store, e.customs_code))
    new = [h for h in run_hosts if h in by_host and by_host[h][0].customs_code == e.customs_code and h not in counted]
    place = 0 if host in counted else (new.index(host) + 1 if host in new else len(new) + 1)
    paid = state.installation_paid(store, e.customs_code)
    contracts = f"transmission contract {e.transmission_contract.status}, service agreement {e.service_agreement.status}"
    signed = e.transmission_contract.status == "signed" and e.service_agreement.status == "signed"
    return Gate(host, e.customs_code, verdict, latest.at.isoformat() if latest else "", old_vendor,
                verdict == "ready" and not old_vendor, t.role, t.chassis, t.role == "qp" and t.chassis != "laptop",
                contracts, paid, signed and paid, e.approved_terminals, counted, place,
                place == 0 or len(counted) + place <= e.approved_terminals)
