"""The software rules (§6.1, §6.3–6.5, §13.13): Windows edition, antivirus, clock, dedicated machine,
the old Longda system and the road-port system. Pure: facts and profile parameters in, a Check out."""

from __future__ import annotations

import math
from typing import Any

from checks.causes import remedy_key
from checks.facts import ABSENT, FAILED, OBSERVED, Facts, Probe
from checks.humanize import language_msg
from checks.i18n import Msg
from checks.rules import words  # noqa: F401  (registers the words of observed and required)
from checks.rules.base import (
    FAIL,
    PASS,
    UNKNOWN,
    WARN,
    Check,
    any_rx,
    items,
    match,
    not_reported,
    program_texts,
    rx,
    unknown,
    why,
)

_WIN_NAMES = {"5.0": "Windows 2000", "5.1": "Windows XP", "5.2": "Windows Server 2003 / XP x64",
              "6.0": "Windows Vista / 2008", "6.1": "Windows 7", "6.2": "Windows 8", "6.3": "Windows 8.1",
              "10.0": "Windows 10 / 11"}


def rule_os(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 Windows XP or 2000, Simplified Chinese edition: the OS language id decides, not the code page."""
    versions = tuple(_WIN_NAMES.get(v, v) for v in prm["versions"])
    languages = tuple(language_msg(x) for x in prm["language_ids"]) or Msg("req.os.any_language")
    required = Msg("req.os", versions=versions, languages=languages)
    p = f.probe("os")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return unknown("os", level, required, p, Msg("what.os"))
    o = p.value
    family, version = o.get("family"), str(o.get("version") or "")
    caption = str(o.get("caption") or family or "?").strip()
    lang, install_lang, cp = o.get("language_id"), o.get("install_language"), o.get("code_page")
    system = f"{caption} {version} {o.get('service_pack') or ''}".strip()
    observed = Msg("obs.os", system=system, lang=language_msg(lang if lang is not None else install_lang), cp=cp)
    if family not in prm["families"]:
        return Check("os", level, FAIL, observed, required, "os.family", {"family": family}, "remedy.os.version")
    if family == "windows":
        major_minor = ".".join(version.split(".")[:2])
        if not version:
            return not_reported("os", level, observed, required, Msg("what.windows_version"))
        if major_minor not in prm["versions"]:
            return Check("os", level, FAIL, observed, required, "os.version",
                         {"name": _WIN_NAMES.get(major_minor, caption)}, "remedy.os.version")
    wanted = prm["language_ids"]
    if not wanted:
        return Check("os", level, PASS, observed, required, "os.ok", {"name": caption})
    if isinstance(lang, int) and not isinstance(lang, bool):
        if lang in wanted:
            return Check("os", level, PASS, observed, required, "os.ok", {"name": caption})
        return Check("os", level, FAIL, observed, required, "os.language", {"lang": language_msg(lang), "cp": cp},
                     "remedy.os.language")
    # No OSLanguage: the installation language from the registry (0804) corroborates; a code page never does.
    if isinstance(install_lang, str) and install_lang.strip():
        try:
            lang_id = int(install_lang.strip(), 16)
        except ValueError:
            lang_id = -1
        if lang_id in wanted:
            return Check("os", level, PASS, observed, required, "os.ok", {"name": caption})
        return Check("os", level, FAIL, observed, required, "os.language",
                     {"lang": language_msg(install_lang), "cp": cp}, "remedy.os.language")
    return Check("os", level, UNKNOWN, observed, required, "os.language_unknown", {"cp": cp},
                 "remedy.cause.not_available")


def _state(product: dict[str, Any]) -> Msg:
    """"360杀毒: on, out of date" from a Security Center entry."""
    on, current = product.get("enabled"), product.get("up_to_date")
    state = Msg("obs.av.on" if on is True else "obs.av.off" if on is False else "obs.av.unreported")
    return Msg("obs.av.state", name=str(product.get("name") or "?"), state=state,
               current=Msg("obs.av.current") if current is True else Msg("obs.av.outdated") if current is False else "")


def _names(products: list[dict[str, Any]]) -> str:
    return ", ".join(str(i.get("name") or "?") for i in products)


def rule_antivirus(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 antivirus installed, and on: Security Center's products with their state first, then installed
    programs by vendor.

    Security Center keeps an entry after the product was uninstalled and lists a disabled Windows
    Defender, so an entry alone proves nothing: an enabled product passes (out of date: WARN); only
    disabled ones FAIL; entries whose state is not reported need an installed program of a known vendor.
    An empty or missing Security Center (Windows 2000, XP before SP2, domains) falls back to the programs.
    """
    required = Msg("req.antivirus")
    sc, progs = f.probe("security_center"), f.probe("programs")
    products = items(sc)
    vendors = any_rx(tuple(prm["vendors"]))
    hits = [name for name, text in program_texts(progs) if vendors and vendors.search(text)]
    by_program = Msg("obs.av.from_programs", names=list(hits[:3]))
    on = [i for i in products if i.get("enabled") is True]
    off = [i for i in products if i.get("enabled") is False]
    unsure = [i for i in products if not isinstance(i.get("enabled"), bool)]
    states = Msg("obs.av.from_sc", states=[_state(i) for i in products])
    if on:
        current = [i for i in on if i.get("up_to_date") is not False]
        if current:
            return Check("antivirus", level, PASS, states, required, "antivirus.ok",
                         {"names": _names(current), "source": Msg("src.security_center")})
        return Check("antivirus", level, WARN, states, required, "antivirus.outdated", {"names": _names(on)},
                     "remedy.antivirus.outdated")
    if unsure:
        if hits:
            return Check("antivirus", level, PASS, Msg("obs.items", items=[states, by_program]), required,
                         "antivirus.ok", {"names": ", ".join(hits[:3]), "source": Msg("src.programs")})
        if progs.status == FAILED:
            return unknown("antivirus", level, required, progs, Msg("what.programs"))
        return Check("antivirus", level, UNKNOWN, states, required, "antivirus.state_unknown",
                     {"names": _names(unsure)}, "remedy.antivirus.state_unknown")
    if off:
        return Check("antivirus", level, FAIL, states, required, "antivirus.disabled", {"names": _names(off)},
                     "remedy.antivirus.disabled")
    if hits:
        return Check("antivirus", level, PASS, by_program, required, "antivirus.ok",
                     {"names": ", ".join(hits[:3]), "source": Msg("src.programs")})
    if sc.status == ABSENT and progs.status in (OBSERVED, ABSENT):
        return Check("antivirus", level, FAIL, Msg("obs.av.none"), required,
                     "antivirus.none", {}, "remedy.antivirus")
    failed = sc if sc.status == FAILED else progs
    return Check("antivirus", level, UNKNOWN, Msg("obs.av.unknown", why=why(sc)), required,
                 "antivirus.unknown", {"why": why(failed)}, remedy_key(why(failed)))


MANUAL_CLOCK = "manual"  # the clock probe's source when a person typed Beijing time (USB kit, no network)


def rule_clock(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§13.13 the PC clock sets the import date on the printed declaration: offset and time zone.

    A reading typed by a person from a phone (probe source ``manual``) is judged with both limits
    widened by ``manual_margin_seconds``: it is read to the minute, and typing takes time.
    """
    required = Msg("req.clock", s=f"{prm['warn_seconds']:g}", tz=f"{prm['utc_offset_minutes'] / 60:+g}")
    p = f.probe("clock")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return unknown("clock", level, required, p, Msg("what.clock"))
    c = p.value
    manual = p.source == MANUAL_CLOCK
    margin = prm.get("manual_margin_seconds", 0) if manual else 0
    raw = c.get("offset_seconds")
    # A reading without a finite offset is not a measurement: never a PASS (a missing offset once read as 0).
    valid = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
    offset = float(raw) if isinstance(raw, int | float) and valid else 0.0
    tz = c.get("utc_offset_minutes", f.collected_at.get("utc_offset_minutes"))
    if manual:
        observed = Msg("obs.clock.manual" if valid else "obs.clock.manual_none", offset=f"{offset:+.1f}",
                       margin=f"{margin:g}")
    else:
        server = c.get("server")
        observed = Msg("obs.clock" if valid else "obs.clock.none", offset=f"{offset:+.1f}",
                       server=Msg("obs.clock.evaluator") if server == "evaluator"
                       else server or Msg("obs.clock.reference"))
    if tz is not None:
        observed = Msg("obs.clock.tz", clock=observed, tz=f"{tz / 60:+g}")
    if tz is not None and tz != prm["utc_offset_minutes"]:
        return Check("clock", level, FAIL, observed, required, "clock.tz",
                     {"tz": f"UTC{tz / 60:+g}"}, "remedy.clock.tz")
    local_date, sh_date = c.get("local_date"), c.get("shanghai_date")
    if local_date and sh_date and local_date != sh_date:
        return Check("clock", level, FAIL, Msg("obs.clock.date", clock=observed, local=local_date, real=sh_date),
                     required, "clock.date",
                     {"local": local_date, "real": sh_date}, "remedy.clock")
    if not valid:
        return not_reported("clock", level, observed, required, Msg("what.clock_offset"))
    off_key, ok_key = ("clock.off_manual", "clock.ok_manual") if manual else ("clock.off", "clock.ok")
    extra = {"margin": f"{margin:g}"} if manual else {}
    if abs(offset) > prm["fail_seconds"] + margin:
        return Check("clock", level, FAIL, observed, required, off_key, {"offset": f"{offset:+.0f}", **extra},
                     "remedy.clock")
    if abs(offset) > prm["warn_seconds"] + margin:
        return Check("clock", level, WARN, observed, required, off_key, {"offset": f"{offset:+.0f}", **extra},
                     "remedy.clock")
    return Check("clock", level, PASS, observed, required, ok_key, {"offset": f"{offset:+.1f}", **extra})


def rule_dedicated(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.4 a dedicated machine: chat and download software is a WARN (a recommendation), never a FAIL."""
    required = Msg("req.dedicated")
    p = f.probe("programs")
    if p.status == FAILED:
        return unknown("dedicated", level, required, p, Msg("what.programs"))
    texts = program_texts(p)
    suspects = {text for text in match([sw["pattern"] for sw in prm["software"]], [t for _, t in texts])}
    found = [f"{sw['name']}: {name}" for sw in prm["software"] for name, text in texts
             if text in suspects and rx(sw["pattern"]).search(text)]
    if found:
        return Check("dedicated", level, WARN, "; ".join(found[:5]), required, "dedicated.found",
                     {"names": ", ".join(found[:5])}, "remedy.dedicated")
    return Check("dedicated", level, PASS, Msg("obs.none_found"), required, "dedicated.ok", {})


def _signatures(f: Facts, prm: dict[str, Any]) -> tuple[list[Msg], list[Probe]]:
    """Evidence matching a product's signatures (programs, services, folders) and the probes that failed."""
    evidence: list[Msg] = []
    failed: list[Probe] = []
    progs = f.probe("programs")
    if progs.status == FAILED:
        failed.append(progs)
    evidence += [Msg("obs.program", name=n) for n in match(prm.get("programs", []),
                                                           [t for _, t in program_texts(progs)])]
    if "services" in prm:
        svc = f.probe("services")
        if svc.status == FAILED:
            failed.append(svc)
        texts = [f"{i.get('name')} {i.get('display_name') or ''} {i.get('path') or ''}" for i in items(svc)]
        evidence += [Msg("obs.service", name=n.strip()) for n in match(prm["services"], texts)]
    wanted = {str(x).lower() for x in prm.get("paths", [])}
    paths = f.probe("paths")
    if wanted:
        if paths.status == FAILED:
            failed.append(paths)
        evidence += [Msg("obs.folder", name=i["path"]) for i in items(paths)
                     if i.get("exists") is True and str(i.get("path")).lower() in wanted]
    return evidence, failed


def rule_longda(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.1 never install QP on a computer that has (or had) the old vendor's (龙达 Longda) system."""
    required = Msg("req.longda")
    if not (prm["programs"] or prm["services"] or prm["paths"]):
        return Check("longda", level, UNKNOWN, Msg("obs.no_signatures"), required, "longda.no_signatures",
                     {}, "remedy.profile.longda")
    evidence, failed = _signatures(f, prm)
    if evidence:
        return Check("longda", level, FAIL, Msg("obs.items", items=evidence[:4]), required, "longda.found",
                     {"evidence": evidence[:4]}, "remedy.longda")
    if failed:
        return unknown("longda", level, required, failed[0], Msg("what.longda"))
    return Check("longda", level, PASS, Msg("obs.none_found"), required, "longda.ok", {})


def rule_road_port(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.5 informational: the road-port system (公路口岸系统) may share the PC; installation leaves it alone."""
    required = Msg("req.road_port")
    evidence, failed = _signatures(f, prm)
    if evidence:
        return Check("road_port", level, PASS, Msg("obs.items", items=evidence[:3]), required, "road_port.found", {})
    if failed:
        return unknown("road_port", level, required, failed[0], Msg("what.road_port"))
    return Check("road_port", level, PASS, Msg("obs.not_installed"), required, "road_port.absent", {})


