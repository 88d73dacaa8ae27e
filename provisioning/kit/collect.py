"""``qpfleet kit collect DIR``: re-judge what a USB kit saved and record it in the one state database.

For every ``results/<HOST>/facts.json`` on the stick: the Python rules judge it again with the profile
the kit was built with (its digest must match), any difference from the kit's own ``verdict.json``
(verdict or a rule's status) is reported as an error, and the terminal's verdict (route ``kit``, the time
it was judged on the terminal, the facts) and its install/undo result (``install.json``) are recorded
as one run of kind ``kit``, ended with ``finish_run``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks import facts as facts_mod
from checks.errors import InputError
from checks.evaluator.generate import profile_digest
from checks.i18n import Msg
from checks.profile import Profile, load_profile
from checks.rules import judge
from checks.textio import decode_utf8, loads_json, read_bytes
from provisioning.dispatch.store import Store
from provisioning.kit import texts  # noqa: F401  (registers the kit's words)
from provisioning.state import HostResult, finish_run, record_result, start_run

MAX_DOC = 8 * 1024 * 1024


@dataclass
class HostReport:
    host: str
    verdict: str | None = None
    kit_verdict: str | None = None
    differences: list[str] = field(default_factory=list)
    install: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class CollectReport:
    run_id: str
    enterprise: str
    hosts: list[HostReport]

    @property
    def errors(self) -> list[str]:
        return [p for h in self.hosts for p in h.problems]


def _json(path: Path) -> dict[str, Any]:
    """A document of the kit: a JSON object, strict JSON through the one loader (a key twice, NaN, deep nesting,
    a list where an object belongs: refused with the path, never a traceback — a stick comes back from anywhere)."""
    doc = loads_json(decode_utf8(read_bytes(path, MAX_DOC), str(path), "kit document"), str(path), "JSON document")
    if not isinstance(doc, dict):
        raise InputError(Msg("kit.err.not_object"), where=str(path))
    return doc


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _when(local: Any, offset: Any, fallback: dt.datetime) -> dt.datetime:
    """A terminal's local ISO time and its UTC offset (minutes) as an aware time."""
    try:
        naive = dt.datetime.fromisoformat(str(local))
        return naive.replace(tzinfo=dt.timezone(dt.timedelta(minutes=int(offset))))
    except (TypeError, ValueError):
        return fallback


def read_kit(kit: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(manifest, settings) of a kit folder; an InputError when it is not one."""
    if not (kit / "manifest.json").is_file() or not (kit / "qpfleet" / "settings.json").is_file():
        raise InputError(Msg("kit.err.not_kit"), where=str(kit))
    manifest, settings = _json(kit / "manifest.json"), _json(kit / "qpfleet" / "settings.json")
    if manifest.get("schema") != "qpfleet.kit-manifest" or settings.get("schema") != "qpfleet.install-settings":
        raise InputError(Msg("kit.err.schema"), where=str(kit))
    return manifest, settings


def collect_kit(kit: Path, store: Store, now: dt.datetime, profile_ref: str | None = None) -> CollectReport:
    """Re-judge and record every terminal's results of the kit at ``kit``."""
    _, settings = read_kit(kit)
    profile: Profile = load_profile(profile_ref or settings["profile"]["name"])
    if profile_digest(profile) != settings["profile"]["sha256"]:
        raise InputError(Msg("kit.err.profile", name=repr(settings["profile"]["name"])), where=str(kit))
    enterprise = settings["enterprise"]
    folders = sorted(p for p in (kit / "results").iterdir() if p.is_dir()) if (kit / "results").is_dir() else []
    run_id = start_run(store, "kit", "kit", now, target=enterprise["customs_code"], options={"kit": str(kit)},
                       data_dir=str(kit), hosts_total=len(folders))
    hosts: list[HostReport] = []
    status = "failed"
    try:
        for folder in folders:
            hosts.append(_collect_host(store, run_id, folder, profile, enterprise, now))
        status = "complete"
    finally:
        finish_run(store, run_id, status, now)
    return CollectReport(run_id, enterprise["customs_code"], hosts)


def _collect_host(store: Store, run_id: str, folder: Path, profile: Profile, enterprise: dict[str, Any],
                  now: dt.datetime) -> HostReport:
    host = folder.name
    report = HostReport(host)
    common = {"route": "kit", "enterprise": enterprise["customs_code"], "site": enterprise["site"]}
    facts_path, verdict_path = folder / "facts.json", folder / "verdict.json"
    if facts_path.is_file():
        facts = facts_mod.load(facts_path)
        judgement = judge(facts, profile)
        checks = [{"id": c.id, "status": c.status} for c in judgement.checks]
        report.verdict = judgement.verdict
        at = _when(facts.collected_at.get("local"), facts.collected_at.get("utc_offset_minutes"), now)
        reason_key, params = "", {}
        if verdict_path.is_file():
            kit = _json(verdict_path)
            at = _when(kit.get("judged_at"), kit.get("utc_offset_minutes"), at)
            report.kit_verdict = kit.get("verdict")
            listed: list[Any] = kit["checks"] if isinstance(kit.get("checks"), list) else []
            theirs = {str(c.get("id")): c.get("status") for c in listed if isinstance(c, dict)}
            ours = {c["id"]: c["status"] for c in checks}
            differ = [(rid, str(theirs.get(rid) or "-"), str(ours.get(rid) or "-"))
                      for rid in sorted(set(theirs) | set(ours)) if theirs.get(rid) != ours.get(rid)]
            report.differences = [Msg("kit.collect.rule", rule=rid, kit=k, python=q) for rid, k, q in differ]
            if report.kit_verdict != judgement.verdict or report.differences:
                reason_key = "kit.verdict_differs"
                # stored with the result and shown later in either language: statuses and rule ids only
                params = {"host": host, "kit": str(report.kit_verdict), "python": judgement.verdict,
                          "rules": "; ".join(f"{rid}: {k} → {q}" for rid, k, q in differ) or "-"}
                rules = Msg("kit.collect.rules", rules=list(report.differences)) if report.differences else ""
                report.problems.append(Msg("msg.at", where=str(verdict_path), what=Msg(
                    "kit.collect.differs", kit=str(report.kit_verdict), python=judgement.verdict, rules=rules)))
        record_result(store, run_id, HostResult(host, "preflight", judgement.verdict, at, verdict=judgement.verdict,
                                                checks=checks, facts=facts.to_json(), reason_key=reason_key,
                                                reason_params=params, **common))
    install_path = folder / "install.json"
    if install_path.is_file():
        doc = _json(install_path)
        action, outcome = doc.get("action"), doc.get("outcome")
        if doc.get("check"):
            return report                      # a dry run changed nothing: not a result
        if action not in ("install", "undo") or not isinstance(outcome, str):
            report.problems.append(Msg("msg.at", where=str(install_path), what=Msg("kit.collect.not_install")))
            return report
        reason = _obj(doc.get("reason"))
        verdict = _obj(doc.get("verdict")).get("verdict")
        try:
            record_result(store, run_id, HostResult(
                host, action, outcome, _when(doc.get("finished_at"), doc.get("utc_offset_minutes"), now),
                verdict=verdict, reboot_needed=bool(doc.get("reboot_needed")),
                reason_key=str(reason.get("key") or ""), reason_params=_obj(reason.get("params")),
                detail=doc, **common))
        except ValueError as exc:
            report.problems.append(Msg("msg.at", where=str(install_path), what=Msg("kit.collect.bad_result",
                                                                                    detail=str(exc))))
            return report
        report.install = f"{action}: {outcome}"
    return report
