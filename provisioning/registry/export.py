"""Plain-data views of a registry for JSON output and Ansible: bank numbers always masked, secrets never present.

``enterprise_dict`` is what ``qpfleet inventory show --json`` prints; ``ansible_groups`` is what
the Ansible inventory plugin turns into groups and host variables.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from provisioning.registry.model import Enterprise, Registry, Terminal


def group_name(prefix: str, value: str) -> str:
    """An Ansible-safe group name: ``site_5301``, ``enterprise_4403980101``."""
    return f"{prefix}_{re.sub(r'[^A-Za-z0-9_]', '_', value)}"


def enterprise_dict(e: Enterprise, reused: bool = False) -> dict[str, Any]:
    """One enterprise as JSON-ready data, bank number masked."""
    return {
        "customs_code": e.customs_code,
        "name": e.name,
        "org_code": e.org_code,
        "site": e.site,
        "on_approved_list": e.on_approved_list,
        "approved_terminals": e.approved_terminals,
        "qp_terminals": len(e.qp_terminals()),
        "address": e.address,
        "transmission_contract": {
            "status": e.transmission_contract.status,
            "signed_on": e.transmission_contract.signed_on.isoformat() if e.transmission_contract.signed_on else None,
            "signer": e.transmission_contract.signer,
            "account_number": e.transmission_contract.account_masked(),
            "reused": reused,
        },
        "service_agreement": {
            "status": e.service_agreement.status,
            "signed_on": e.service_agreement.signed_on.isoformat() if e.service_agreement.signed_on else None,
        },
        "bank": {"name": e.bank.name, "type": e.bank.type, "number": e.bank.masked()},
        "contacts": [{"name": c.name, "phone": c.phone, "role": c.role, "email": c.email} for c in e.contacts],
        "maintenance_plan": e.maintenance_plan,
        "terminals": [terminal_dict(t) for t in e.terminals],
        "cards": [
            {"kind": c.kind, "number": c.number, "holder": c.holder, "rights": list(c.rights), "status": c.status,
             "holder_left_on": c.holder_left_on.isoformat() if c.holder_left_on else None}
            for c in e.cards
        ],
    }


def terminal_dict(t: Terminal) -> dict[str, Any]:
    """One terminal as JSON-ready data."""
    return {"host": t.host, "address": t.address, "role": t.role, "chassis": t.chassis,
            "qp_installed": t.qp_installed, "connection": dict(t.connection)}


def registry_dict(reg: Registry, enterprises: list[Enterprise] | None = None) -> dict[str, Any]:
    """The registry (or a selection of its enterprises) as JSON-ready data."""
    chosen = list(reg.enterprises.values()) if enterprises is None else enterprises
    codes = {e.site for e in chosen}
    return {
        "sites": [{"code": s.code, "name": s.name, "address": s.address,
                   "sub_centre": dataclasses.asdict(s.sub_centre) if s.sub_centre else None}
                  for s in reg.sites.values() if enterprises is None or s.code in codes],
        "enterprises": [enterprise_dict(e, reg.contract_reused(e)) for e in chosen],
        "warnings": list(reg.warnings),
    }


def host_vars(e: Enterprise, t: Terminal) -> dict[str, Any]:
    """Ansible host variables of a QP terminal: connection by reference, registry facts, bank masked."""
    conn = t.connection
    hv: dict[str, Any] = {
        "ansible_host": t.address,
        "qp_site": e.site,
        "qp_enterprise_code": e.customs_code,
        "qp_enterprise_name": e.name,
        "qp_org_code": e.org_code,
        "qp_installed": t.qp_installed,
        "qp_chassis": t.chassis,
        "qp_role": t.role,
        "qp_maintenance_plan": e.maintenance_plan,
        "qp_transmission_contract_status": e.transmission_contract.status,
        "qp_service_agreement_status": e.service_agreement.status,
        "qp_entry_rights_allowed": e.transmission_contract.status == "signed",
        **({"qp_enterprise_address": e.address} if e.address else {}),
        "qp_bank_account": e.bank.masked(),
        "qp_connection_via": conn["via"],
    }
    if "credential" in conn:
        hv["qp_credential"] = conn["credential"]  # a name; the secret lives in the vault
    if conn["via"] == "winrm":
        hv["ansible_connection"] = "winrm"
        hv["ansible_port"] = conn.get("port", 5986 if conn.get("scheme") == "https" else 5985)
        hv["ansible_winrm_transport"] = conn.get("transport", "ntlm")
        hv["ansible_winrm_scheme"] = conn.get("scheme", "http")
    elif conn["via"] == "ssh":
        hv["ansible_connection"] = "ssh"
        hv["ansible_port"] = conn.get("port", 22)
        # interpreter discovery can pick a broken shim: name the interpreter explicitly
        hv["ansible_python_interpreter"] = conn.get("python", "/usr/bin/python3")
    return hv


@dataclass
class AnsibleView:
    """The registry as Ansible sees it: groups with hosts and child groups, host and group variables."""

    hosts: dict[str, list[str]] = field(default_factory=dict)  # group -> hosts directly in it
    children: dict[str, list[str]] = field(default_factory=dict)  # group -> child groups
    hostvars: dict[str, dict[str, Any]] = field(default_factory=dict)
    groupvars: dict[str, dict[str, Any]] = field(default_factory=dict)


def ansible_view(reg: Registry) -> AnsibleView:
    """Groups per customs site (``site_5301``) holding groups per enterprise (``enterprise_4403980101``).

    Only ``qp`` terminals become hosts: Longda backups are never touched (§6.1, §6.2) and
    road-port-only PCs are not ours to manage. ``qp_pending`` holds QP terminals not installed yet;
    ``offline_kit`` those reachable only with the USB kit (no WinRM/SSH), so plays can skip them.
    """
    view = AnsibleView(hosts={"qp_pending": [], "offline_kit": []}, children={"qp_terminals": []})
    for code, site in reg.sites.items():
        sgroup = group_name("site", code)
        view.groupvars[sgroup] = {"qp_site_code": code, "qp_site_name": site.name, "qp_site_address": site.address}
        view.children[sgroup] = []
        view.children["qp_terminals"].append(sgroup)
    for e in reg.enterprises.values():
        egroup = group_name("enterprise", e.customs_code)
        view.children[group_name("site", e.site)].append(egroup)
        view.hosts[egroup] = []
        view.groupvars[egroup] = {"qp_enterprise_name": e.name, "qp_approved_terminals": e.approved_terminals}
        for t in e.qp_terminals():
            view.hostvars[t.host] = host_vars(e, t)
            view.hosts[egroup].append(t.host)
            if not t.qp_installed:
                view.hosts["qp_pending"].append(t.host)
            if t.connection["via"] == "offline-kit":
                view.hosts["offline_kit"].append(t.host)
    return view
