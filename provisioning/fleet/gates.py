"""The install gates of one terminal: what must hold before qpfleet touches it, each with an actionable reason.

1. its latest preflight (state database) is ``ready`` and found no old-vendor system;
2. it is a QP terminal of the registry and not a laptop (§6.1: Longda backups stay untouched);
3. its enterprise's formalities are complete (§1.2): the transmission contract (传输费协议) and the
   technical service agreement (技术服务协议, §2.4) signed, and an installation payment recorded (§2.1, §2.3);
4. the install stays within the customs-approved count (§6.2): terminals already counted (QP
   installed by the registry or by our install records) keep their place; the others of the run
   get the free places in run order, so parallel forks never over-allocate.

The Ansible lookup ``qpfleet.fleet.install_gate`` and the CLI's pre-check both call :func:`gate`.
:meth:`Gate.refusal` says why a terminal is refused (the first gate that does not hold) as a catalogue key
with flat parameters, so the play shows it in the run's language and the state database keeps it for any
reader's language (a value written ``@key`` is a word of the catalogue, :func:`provisioning.fleet.words.at_words`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from checks.i18n import t
from provisioning import state
from provisioning.dispatch.store import Store
from provisioning.fleet.words import at_words
from provisioning.registry import texts as _registry_texts  # noqa: F401  (reg.status.* words of the refusals)
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
    tc_status: str = "none"   # the transmission contract's and the service agreement's status (registry codes)
    sa_status: str = "none"

    @property
    def ok(self) -> bool:
        return self.preflight_ok and self.terminal_ok and self.formalities_ok and self.count_ok

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}

    def refusal(self, inventory: str = "inventory/") -> tuple[str, dict[str, Any]] | None:
        """Why the terminal is refused: the first gate that does not hold, in the order the play checks them,
        as a catalogue key and flat parameters (None when every gate holds)."""
        if not self.preflight_ok:
            if self.preflight == "none":
                return "gate.no_preflight", {"host": self.host, "inventory": inventory}
            return ("gate.preflight_longda" if self.old_vendor else "gate.preflight"), {
                "host": self.host, "inventory": inventory, "verdict": f"@gate.verdict.{self.preflight}",
                "at": _local(self.preflight_at)}
        if not self.terminal_ok:
            if self.role == "unknown":
                return "gate.not_registered", {"host": self.host}
            if self.role != "qp":
                return "gate.not_qp", {"host": self.host, "role": f"@fleet.role.{self.role}"}
            return "gate.laptop", {"host": self.host}
        if not self.formalities_ok:
            return "gate.formalities", {"host": self.host, "enterprise": self.enterprise,
                                        "tc": f"@reg.status.{self.tc_status}", "sa": f"@reg.status.{self.sa_status}",
                                        "paid": "@gate.paid.yes" if self.paid else "@gate.paid.no"}
        if not self.count_ok:
            return "gate.count", {"host": self.host, "enterprise": self.enterprise, "approved": self.approved,
                                  "n": len(self.counted), "counted": ", ".join(self.counted)}
        return None

    def message(self, lang: str, inventory: str = "inventory/") -> str:
        """The refusal in ``lang`` ("" when every gate holds)."""
        found = self.refusal(inventory)
        return t(found[0], lang, **at_words(found[1])) if found else ""


def _local(iso: str) -> str:
    """A recorded time in Beijing time for people ("" when none)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    if not iso:
        return ""
    return dt.datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")


def gate(store: Store, reg: Registry, host: str, run_hosts: list[str]) -> Gate:
    """The gates of ``host`` in a run over ``run_hosts`` (play order)."""
    by_host = {term.host: (e, term) for e, term in reg.terminals()}
    if host not in by_host:
        return Gate(host, "", "none", "", False, False, "unknown", "", False, "none", False, False, 0, [], 0, False)
    e, term = by_host[host]
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
                verdict == "ready" and not old_vendor, term.role, term.chassis,
                term.role == "qp" and term.chassis != "laptop",
                contracts, paid, signed and paid, e.approved_terminals, counted, place,
                place == 0 or len(counted) + place <= e.approved_terminals,
                e.transmission_contract.status, e.service_agreement.status)
