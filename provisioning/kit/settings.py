"""The installer's settings document (docs/dev/installer.md), made from data, never typed.

:func:`build_settings` is called by ``qpfleet kit build`` and by the fleet's Ansible modules: the
registry says which terminals the enterprise has and how many are approved, the state database which
ones already have QP, the profile what the road-port system looks like, the client config where the
defaults go, the MSI its own ProductCode and version, the carrier config and choice the server setting.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from checks import __version__, i18n
from checks.carrier.apply import target_document
from checks.carrier.config import CarrierConfig
from checks.collectors import probe_paths
from checks.errors import InputError
from checks.evaluator.generate import profile_digest
from checks.evaluator.regex import Untranslatable, join, translate_parts
from checks.i18n import Msg
from checks.profile import Profile
from provisioning.kit import texts  # noqa: F401  (registers the installer's words)
from provisioning.kit.client import ClientConfig, fill
from provisioning.kit.msi import QpPackage
from provisioning.registry.model import Enterprise, Registry

SCHEMA = "qpfleet.install-settings"
MSI_NAME = "qp-client.msi"


def find_enterprise(registry: Registry, code: str) -> Enterprise:
    """The enterprise with customs code ``code``; an unknown code gets did-you-mean (codes and names)."""
    if code in registry.enterprises:
        return registry.enterprises[code]
    import difflib

    by_name = {e.name: c for c, e in registry.enterprises.items()}
    close = difflib.get_close_matches(code, list(registry.enterprises), n=3, cutoff=0.6)
    close += [by_name[n] for n in difflib.get_close_matches(code, list(by_name), n=2, cutoff=0.3)]
    close += [c for n, c in by_name.items() if code and code in n]
    hint = ", ".join(dict.fromkeys(f"{c} ({registry.enterprises[c].name})" for c in close))
    raise InputError(Msg("kit.err.no_enterprise", code=repr(code),
                         hint=Msg("kit.err.did_you_mean", names=hint) if hint else ""), where="--enterprise")


def road_port_names(profile: Profile) -> list[str]:
    """The profile's road-port program patterns as JavaScript sources (the evaluator's translator)."""
    try:
        return [join(translate_parts(p)) for p in profile.rules["road_port"].get("programs", [])]
    except Untranslatable as exc:
        raise InputError(Msg("kit.err.untranslatable", detail=str(exc)),
                         where=f"profile {profile.name}: rules.road_port.programs") from None


def build_settings(registry: Registry, enterprise: str, *, profile: Profile, client: ClientConfig,
                   qp: QpPackage | None = None, carrier: tuple[str, CarrierConfig] | None = None,
                   installed_hosts: Iterable[str] = (), ntp: str | None = None, lang: str = "zh",
                   now: dt.datetime, state_dir: str | None = None) -> dict[str, Any]:
    """The settings document for one enterprise's terminals (JSON-ready; write it with :func:`dumps`)."""
    e = find_enterprise(registry, enterprise)
    site = registry.sites.get(e.site)
    facts = {"site": e.site, "customs_code": e.customs_code}
    counted = sorted({t.host for t in e.terminals if t.role == "qp" and t.qp_installed} | set(installed_hosts))
    values = []
    for v in client.values:
        item = dict(v)
        if "value" in item:
            item["value"] = fill(item["value"], facts)
        values.append(item)
    if carrier is not None:
        carrier_id, config = carrier
        if carrier_id not in config.ids:
            raise InputError(Msg("carrier.err.current", got=repr(carrier_id), valid=", ".join(config.ids)),
                             where="--carrier")
        if config.example:
            raise InputError(Msg("kit.err.example_carrier"),
                             where=config.source)
        values.append({"id": "carrier", "label": "QP server", **target_document(config.apply),
                       **({"registry_type": "REG_SZ", "registry_view": 32} if config.apply.target == "registry" else {}),
                       "value": config.value_for(carrier_id)})
    road_folders = [*profile.rules["road_port"].get("paths", []), *client.road_port_folders]
    return {
        "schema": SCHEMA, "schema_version": 1,
        "generated_at": now.isoformat(timespec="seconds"), "generator": f"qpfleet {__version__}", "lang": lang,
        "enterprise": {"customs_code": e.customs_code, "name": e.name, "site": e.site,
                       "site_name": site.name if site else "", "approved_terminals": e.approved_terminals},
        "terminals": [{"host": t.host, "role": t.role} for t in e.terminals],
        "counted_hosts": counted,
        "profile": {"name": profile.name, "sha256": profile_digest(profile)},
        "qp": None if qp is None else {"msi": MSI_NAME, "product_code": qp.product_code, "version": qp.version,
                                       "name": qp.name, "sha256": qp.sha256, "size": qp.size, "properties": {}},
        "road_port": {"display_names": road_port_names(profile), "folders": list(dict.fromkeys(road_folders))},
        "values": values,
        "printer": dict(client.printer),
        "clock": {"ntp_server": ntp or profile.ntp["server"], "w32tm_samples": 3},
        "state_dir": state_dir,
        "paths": probe_paths(profile),
        "texts": {k: v for k, v in i18n.CATALOG.items() if k.startswith("install.")},
    }


def dumps(settings: dict[str, Any]) -> str:
    """The settings as pure-ASCII JSON (every other character as \\uXXXX: no code page can garble it)."""
    return json.dumps(settings, ensure_ascii=True, indent=1) + "\n"
