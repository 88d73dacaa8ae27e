"""One terminal's install (or undo) as the controller-side ``qpfleet.fleet.qp_install`` / ``qp_undo`` run it.

The settings document comes from :func:`provisioning.kit.settings.build_settings` (registry, profile,
client locations, the MSI's own ProductCode and version, the state database's install records),
the verdict document from the terminal's latest preflight in the state database: inputs are never
typed twice. install.js (assembled), settings.json, verdict.json and — unless it is already on the
terminal — the MSI travel as hexadecimal chunks; install.js runs with ``/json`` and its result
document (docs/dev/installer.md) is the answer. ``/check`` is Ansible's check mode; the before/after
pairs of the result are the ``--diff``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from checks.errors import InputError
from checks.i18n import CATALOG, Msg, t
from provisioning.fleet import words
from provisioning.fleet.hostcheck import NoCredentials, build_target, timeouts

ANSIBLE_STATUS = {"installed": "ok", "unchanged": "ok", "undone": "ok", "would_change": "ok",
                  "refused": "failed", "failed": "failed", "unreachable": "unreachable"}


def verdict_document(latest: Any, profile: str) -> dict[str, Any]:
    """The verdict document install.js reads, from a preflight result of the state database."""
    facts = latest.facts or {}
    return {"schema": "qpfleet.verdict", "schema_version": 1, "host": facts.get("host") or latest.host,
            "verdict": latest.verdict, "checks": [{"id": c.get("id"), "status": c.get("status")}
                                                  for c in latest.checks or []],
            "profile": profile, "judged_at": latest.at.astimezone(dt.UTC).isoformat(timespec="milliseconds"),
            "utc_offset_minutes": 0, "judged_by": f"qpfleet fleet ({latest.route}, run {latest.run_id})",
            "clock_source": ((facts.get("probes") or {}).get("clock") or {}).get("source") or "evaluator"}


def diff_text(doc: dict[str, Any], lang: str = "zh") -> tuple[str, str]:
    """(before, after) of everything install.js changed or would change, one line per item (``--diff``)."""
    before, after = [], []
    none, absent = t("fleet.diff.not_installed", lang), t("fleet.diff.absent", lang)
    qp = doc.get("qp") or {}
    if qp:
        before.append(f"QP {qp.get('product_code')}: {qp.get('before') or none}")
        after.append(f"QP {qp.get('product_code')}: {qp.get('after') or none}")
    for c in doc.get("changes") or []:
        before.append(f"{c.get('where')}: {c.get('before') if c.get('before') is not None else absent}")
        after.append(f"{c.get('where')}: {c.get('after') if c.get('after') is not None else absent}")
    return "\n".join(before) + "\n", "\n".join(after) + "\n"


def _settings(params: Mapping[str, Any], undo: bool) -> tuple[dict[str, Any], Any, Any]:
    from checks.profile import load_profile
    from provisioning import state
    from provisioning.dispatch.store import Store
    from provisioning.kit.client import DEFAULT_CLIENT, load_client_config
    from provisioning.kit.msi import read_msi
    from provisioning.kit.settings import build_settings
    from provisioning.registry import load_registry

    now = dt.datetime.now(dt.UTC)
    reg = load_registry(str(params["inventory"]), today=now.date())
    profile = load_profile(params.get("profile") or None)
    client = load_client_config(params.get("client_config") or DEFAULT_CLIENT)
    # the MSI's own ProductCode, version and SHA-256 go into the settings, also when it is already on the terminal
    qp = read_msi(str(params["msi"]), params.get("product_code") or None) if params.get("msi") else None
    with Store(str(params["state_db"])) as store:
        installed = state.installed_hosts(store, str(params["enterprise"]))
        latest = state.latest_verdict(store, str(params.get("name") or params["host"]))
    settings = build_settings(reg, str(params["enterprise"]), profile=profile, client=client, qp=qp,
                              installed_hosts=installed, lang=str(params.get("lang") or "zh"), now=now)
    return settings, latest, qp


def install(params: Mapping[str, Any], undo: bool = False, check: bool = False,
            environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Install (or undo) QP on one terminal; the answer's ``outcome`` is one of :data:`ANSIBLE_STATUS`."""
    from checks.collectors.windows import script_text
    from checks.winrm.deliver import build_upload
    from checks.winrm.session import DONE, run_lines
    from provisioning.kit.settings import MSI_NAME, dumps

    name = str(params.get("name") or params["host"])
    try:
        target = build_target(params, environ)
    except NoCredentials as exc:
        return {"host": name, "outcome": "failed", "result": "no_credentials",
                "reason": exc.text(words.run_lang(params.get("lang")))}
    settings, latest, qp = _settings(params, undo)
    files = {"install.js": script_text("install.js").encode("ascii"), "settings.json": dumps(settings).encode("ascii")}
    if not undo:
        if latest is None:
            return {"host": name, "outcome": "refused",
                    "reason": t("fleet.reason.no_preflight", words.run_lang(params.get("lang"))),
                    "reason_key": "fleet.reason.no_preflight", "reason_params": {}}
        files["verdict.json"] = json.dumps(verdict_document(latest, settings["profile"]["name"]),
                                           ensure_ascii=True).encode("ascii")
    binary: set[str] = set()
    if not undo and qp is not None and not params.get("msi_on_terminal"):
        files[MSI_NAME] = Path(qp.path).read_bytes()
        binary.add(MSI_NAME)
    upload = build_upload(files, binary)
    out_dir = str(params.get("out_dir") or "%ALLUSERSPROFILE%\\qpfleet\\results")
    argv = [f'cscript //nologo "{upload.path("install.js")}"', f'"/settings:{upload.path("settings.json")}"',
            f'"/out:{out_dir}"', "/json"]
    if not undo:
        argv.append(f'"/verdict:{upload.path("verdict.json")}"')
        if params.get("msi_on_terminal"):
            argv.append(f'"/msi:{params["msi_on_terminal"]}"')
    argv += ["/undo"] if undo else []
    argv += ["/check"] if check else []
    outcome = run_lines(target, timeouts(params), upload.setup, " ".join(argv), upload.cleanup)
    answer: dict[str, Any] = {"host": name, "endpoint": target.endpoint, "seconds": round(outcome.seconds, 3)}
    if outcome.status != DONE:
        kind = "unreachable" if outcome.status == "unreachable" else "failed"
        return answer | {"outcome": kind, "result": outcome.status, "reason": outcome.reason}
    try:
        doc = json.loads(outcome.stdout.decode("ascii", "replace"))
        if not isinstance(doc, dict) or doc.get("schema") != "qpfleet.install-result":
            raise ValueError("not an install result document")
    except ValueError:
        said = (outcome.stderr or outcome.stdout).decode("utf-8", "replace").strip().splitlines()
        key = f"fleet.reason.installer_exit.{outcome.code or 0}"
        key = key if key in CATALOG else "fleet.reason.installer_exit"
        why = {"code": outcome.code, "said": (said[-1] if said else "-")[:300]}
        return answer | {"outcome": "failed", "result": "installer_failed", "reason_key": key, "reason_params": why,
                         "reason": t(key, words.run_lang(params.get("lang")), **why)}
    reason = doc.get("reason") or {}
    before, after = diff_text(doc, words.run_lang(params.get("lang")))
    return answer | {
        "outcome": doc.get("outcome"), "result": doc.get("outcome"), "reboot_needed": bool(doc.get("reboot_needed")),
        "reason_key": reason.get("key"), "reason_params": reason.get("params") or {},
        "reason": "; ".join(doc.get("lines") or [])[:600], "installer": doc, "diff": {"before": before,
                                                                                   "after": after},
        "verdict": (doc.get("verdict") or {}).get("verdict")}


def check_inputs(params: Mapping[str, Any], undo: bool) -> None:
    """What the CLI checks before a run: the MSI exists and is an MSI of the right ProductCode."""
    if undo or not params.get("msi"):
        return
    from provisioning.kit.msi import read_msi

    if not Path(str(params["msi"])).is_file():
        raise InputError(Msg("install.err.msi_missing"), where=f"--qp-msi {params['msi']}")
    read_msi(str(params["msi"]), params.get("product_code") or None)
