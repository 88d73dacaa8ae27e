"""The requirement rules: pure functions from facts and a profile to verdicts.

No I/O, no clock, no environment: everything a rule needs is in the facts or the profile.
A probe that failed (or was not collected) makes its rule UNKNOWN, never PASS.
Rule ids are fixed: chassis, cpu, memory, disk_c, optical_drive, network, usb, os, antivirus,
clock, dedicated, longda, road_port.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from checks.facts import ABSENT, FAILED, OBSERVED, Facts, Probe
from checks.profile import Profile

PASS, WARN, FAIL, UNKNOWN = "pass", "warn", "fail", "unknown"
READY, NOT_READY, UNDETERMINED = "ready", "not_ready", "undetermined"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Check:
    """The verdict of one rule. ``message``/``remedy`` are catalogue keys with ``params``."""

    id: str
    level: str
    status: str
    observed: str
    required: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    remedy: str | None = None


@dataclass(frozen=True)
class Judgement:
    """All checks of one terminal and the overall verdict."""

    verdict: str
    checks: list[Check]
    profile: str


def _why(p: Probe) -> str:
    return p.error or ("not collected" if p.status == FAILED else p.status)


def _unknown(rule_id: str, level: str, required: str, p: Probe, what: str) -> Check:
    return Check(rule_id, level, UNKNOWN, "not readable", required, "probe_failed",
                 {"what": what, "why": _why(p)}, "remedy.probe_failed")


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if value > 0 else None  # 0 and -1 are sentinels, never data


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _items(p: Probe) -> list[dict[str, Any]]:
    value = p.value if p.status == OBSERVED else []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _fmt_bytes(n: int) -> str:
    if n >= 1024 * MIB:
        return f"{n / (1024 * MIB):.2f} GB"
    return f"{n / MIB:.0f} MB"


# --- hardware -------------------------------------------------------------------------------------

def rule_chassis(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.1 desktop only: every chassis code counts; a battery is a secondary signal only."""
    required = "desktop"
    p = f.probe("chassis")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return _unknown("chassis", level, required, p, "chassis type")
    types = [t for t in p.value.get("types") or [] if isinstance(t, int)]
    observed = "chassis " + (", ".join(str(t) for t in types) if types else "none reported")
    system = f.probe("system")
    if system.ok and isinstance(system.value, dict):
        model = " ".join(str(system.value.get(k) or "") for k in ("manufacturer", "model")).strip()
        if model:
            observed += f"; {model}"
    portable = sorted(set(types) & set(prm["portable_types"]))
    if portable:
        return Check("chassis", level, FAIL, observed, required, "chassis.portable",
                     {"types": ", ".join(str(x) for x in portable)}, "remedy.chassis.portable")
    if system.ok and isinstance(system.value, dict) and system.value.get("virtual") is True:
        return Check("chassis", level, UNKNOWN, observed, required, "chassis.virtual", {}, "remedy.chassis.inspect")
    if not types or not set(types) <= set(prm["desktop_types"]):
        odd = ", ".join(str(x) for x in sorted(set(types) - set(prm["desktop_types"]))) or "-"
        return Check("chassis", level, UNKNOWN, observed, required, "chassis.unclear",
                     {"types": odd}, "remedy.chassis.inspect")
    battery = f.probe("battery")
    if battery.status == OBSERVED and battery.value and (battery.value.get("batteries") or []):
        return Check("chassis", level, WARN, observed + "; battery present", required, "chassis.battery",
                     {}, "remedy.chassis.battery")
    return Check("chassis", level, PASS, observed, required, "chassis.desktop", {})


_GHZ = re.compile(r"(\d+(?:\.\d+)?)\s*GHz", re.IGNORECASE)
_MHZ = re.compile(r"(\d{3,4})\s*MHz", re.IGNORECASE)


def cpu_name_mhz(name: str | None) -> int | None:
    """The rated clock in a CPU name string: "... @ 3.00GHz" -> 3000, "... 2800MHz" -> 2800."""
    if not name:
        return None
    m = _GHZ.search(name)
    if m:
        return round(float(m.group(1)) * 1000)
    m = _MHZ.search(name)
    return int(m.group(1)) if m else None


_NEWER_NAMES = re.compile(r"Core|Xeon|Athlon 64|Athlon\(tm\) (64|II)|Phenom|Ryzen|Opteron|Sempron|Turion", re.I)
_P4_NAMES = re.compile(r"Pentium\(R\) 4|Celeron\(R\) CPU 2", re.I)


def _newer_than_p4(cpu: dict[str, Any]) -> bool:
    """Core/Core 2 and later (Intel family 6 model >= 14), AMD K8 and later: faster per clock than a P4."""
    name = str(cpu.get("name") or "")
    family, model = cpu.get("family"), cpu.get("model")
    if _NEWER_NAMES.search(name):
        return not _P4_NAMES.search(name)
    vendor = str(cpu.get("manufacturer") or "")
    if isinstance(family, int) and "AMD" in vendor.upper():
        return family >= 15  # K8 (Athlon 64) and later
    if isinstance(family, int) and isinstance(model, int):
        return family == 6 and model >= 14  # Intel Core / Core 2 and later; a P4 is family 15
    return False


def rule_cpu(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 P4 3.0 GHz or better: the best of the name string, registry ~MHz and WMI MaxClockSpeed."""
    floor = prm["min_mhz"] - prm["tolerance_mhz"]
    required = f">= {prm['min_mhz']} MHz (P4 3.0)"
    p = f.probe("cpu")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return _unknown("cpu", level, required, p, "processor")
    cpu = p.value
    sources = {
        "name": cpu_name_mhz(cpu.get("name")),
        "registry": _int(cpu.get("registry_mhz")),
        "wmi": _int(cpu.get("max_clock_mhz")),
        "current": _int(cpu.get("current_clock_mhz")),  # a lower bound: power saving only reads lower
    }
    seen = {k: v for k, v in sources.items() if v}
    observed = (str(cpu.get("name") or "?").strip() + ": "
                + (", ".join(f"{v} MHz ({k})" for k, v in seen.items()) or "no speed reported"))
    if not seen:
        return Check("cpu", level, UNKNOWN, observed, required, "cpu.no_speed", {}, "remedy.probe_failed")
    best_src, best = max(seen.items(), key=lambda kv: kv[1])
    if best >= floor:
        return Check("cpu", level, PASS, observed, required, "cpu.ok", {"mhz": best, "source": best_src})
    if _newer_than_p4(cpu):
        return Check("cpu", level, WARN, observed, required, "cpu.review", {"mhz": best}, "remedy.cpu.review")
    if best_src == "current":
        # Only the current clock was readable: power saving reads low, so it cannot prove slowness.
        return Check("cpu", level, UNKNOWN, observed, required, "cpu.no_speed", {}, "remedy.probe_failed")
    return Check("cpu", level, FAIL, observed, required, "cpu.slow", {"mhz": best}, "remedy.cpu.slow")


def rule_memory(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 256 MB: installed modules count; usable memory may be lower by the graphics share."""
    need, margin = prm["min_bytes"], prm["shared_video_margin_bytes"]
    required = f">= {_fmt_bytes(need)}"
    p = f.probe("memory")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return _unknown("memory", level, required, p, "memory")
    installed, usable = _int(p.value.get("installed_bytes")), _int(p.value.get("usable_bytes"))
    parts = []
    if installed:
        parts.append(f"{_fmt_bytes(installed)} installed")
    if usable:
        parts.append(f"{_fmt_bytes(usable)} usable")
    observed = ", ".join(parts) or "not reported"
    if installed:
        if installed >= need:
            return Check("memory", level, PASS, observed, required, "memory.ok", {"size": _fmt_bytes(installed)})
        return Check("memory", level, FAIL, observed, required, "memory.low", {"size": _fmt_bytes(installed)},
                     "remedy.memory")
    if usable:
        if usable >= need:
            return Check("memory", level, PASS, observed, required, "memory.ok", {"size": _fmt_bytes(usable)})
        if usable >= need - margin:
            return Check("memory", level, WARN, observed, required, "memory.shared", {"size": _fmt_bytes(usable)},
                         "remedy.memory.shared")
        return Check("memory", level, FAIL, observed, required, "memory.low", {"size": _fmt_bytes(usable)},
                     "remedy.memory")
    return Check("memory", level, UNKNOWN, observed, required, "probe_failed",
                 {"what": "memory", "why": "no size reported"}, "remedy.probe_failed")


def rule_disk_c(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 2 GB free on C: (free space, not size)."""
    need = prm["min_free_bytes"]
    p = f.probe("disks")
    os_p = f.probe("os")
    windows = not (os_p.ok and isinstance(os_p.value, dict) and os_p.value.get("family") not in ("windows", None))
    target = str(prm["drive"])
    if not windows and p.ok and isinstance(p.value, dict) and p.value.get("system_drive"):
        target = str(p.value["system_drive"])
    required = f">= {_fmt_bytes(need)} free on {target}"
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return _unknown("disk_c", level, required, p, "disks")
    drives = [d for d in p.value.get("drives") or [] if isinstance(d, dict)]
    drive = next((d for d in drives if str(d.get("id", "")).rstrip("\\").upper() == target.upper()), None)
    if drive is None:
        return Check("disk_c", level, FAIL, f"no drive {target}", required, "disk.missing", {"drive": target},
                     "remedy.disk.missing")
    free = drive.get("free_bytes")
    if not isinstance(free, int) or isinstance(free, bool) or free < 0:
        return Check("disk_c", level, UNKNOWN, f"{target}: free space not reported", required, "probe_failed",
                     {"what": f"free space of {target}", "why": "not reported"}, "remedy.probe_failed")
    total = drive.get("total_bytes")
    observed = f"{target} {_fmt_bytes(free)} free" + (f" of {_fmt_bytes(total)}" if isinstance(total, int) else "")
    if drive.get("type") not in ("fixed", None):
        return Check("disk_c", level, FAIL, observed + f" ({drive.get('type')})", required, "disk.not_fixed",
                     {"drive": target}, "remedy.disk.missing")
    if free >= need:
        return Check("disk_c", level, PASS, observed, required, "disk.ok", {"drive": target, "free": _fmt_bytes(free)})
    return Check("disk_c", level, FAIL, observed, required, "disk.low", {"drive": target, "free": _fmt_bytes(free)},
                 "remedy.disk.low")


def _devices(rule_id: str, probe: str, f: Facts, level: str, required: str, what: str,
             is_real: Callable[[dict[str, Any]], bool | None]) -> Check:
    """Shared shape of optical drive / network card / USB: at least one real device."""
    p = f.probe(probe)
    if p.status == FAILED:
        return _unknown(rule_id, level, required, p, what)
    items = _items(p)
    if p.status == ABSENT or not items:
        return Check(rule_id, level, FAIL, f"no {what} found", required, f"{rule_id}.none", {},
                     f"remedy.{rule_id}")
    names = "; ".join(str(i.get("name") or i.get("id") or "?") for i in items[:4])
    real = [is_real(i) for i in items]
    if any(r is True for r in real):
        return Check(rule_id, level, PASS, names, required, f"{rule_id}.ok", {"count": real.count(True)})
    if any(r is None for r in real):
        return Check(rule_id, level, UNKNOWN, names, required, f"{rule_id}.unclear", {}, f"remedy.{rule_id}")
    return Check(rule_id, level, FAIL if rule_id == "network" else WARN, names, required, f"{rule_id}.virtual",
                 {}, f"remedy.{rule_id}")


def rule_optical_drive(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 an optical drive (a virtual one alone is a WARN: the QP discs need a real drive)."""
    return _devices("optical_drive", "optical_drives", f, level, "an optical drive", "optical drive",
                    lambda d: d.get("virtual") is not True)


def rule_network(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 a network card: a physical adapter, not a loopback, VPN or WAN miniport."""
    return _devices("network", "network_adapters", f, level, "a physical network card", "network adapter",
                    lambda d: d.get("physical") if isinstance(d.get("physical"), bool) else None)


def rule_usb(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 USB ports: counted as USB host controllers (ports themselves are not visible)."""
    return _devices("usb", "usb_controllers", f, level, "a USB controller", "USB controller", lambda d: True)


# --- software -------------------------------------------------------------------------------------

_WIN_NAMES = {"5.0": "Windows 2000", "5.1": "Windows XP", "5.2": "Windows Server 2003 / XP x64",
              "6.0": "Windows Vista / 2008", "6.1": "Windows 7", "6.2": "Windows 8", "6.3": "Windows 8.1",
              "10.0": "Windows 10 / 11"}


def rule_os(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 Windows XP or 2000, Simplified Chinese edition: the OS language id decides, not the code page."""
    versions = ", ".join(_WIN_NAMES.get(v, v) for v in prm["versions"])
    required = f"{versions}; language {', '.join(str(x) for x in prm['language_ids']) or 'any'}"
    p = f.probe("os")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return _unknown("os", level, required, p, "operating system")
    o = p.value
    family, version = o.get("family"), str(o.get("version") or "")
    caption = str(o.get("caption") or family or "?").strip()
    lang, install_lang, cp = o.get("language_id"), o.get("install_language"), o.get("code_page")
    observed = f"{caption} {version} {o.get('service_pack') or ''}".strip() + f"; language {lang}, code page {cp}"
    if family not in prm["families"]:
        return Check("os", level, FAIL, observed, required, "os.family", {"family": family}, "remedy.os.version")
    if family == "windows":
        major_minor = ".".join(version.split(".")[:2])
        if not version:
            return Check("os", level, UNKNOWN, observed, required, "probe_failed",
                         {"what": "Windows version", "why": "not reported"}, "remedy.probe_failed")
        if major_minor not in prm["versions"]:
            return Check("os", level, FAIL, observed, required, "os.version",
                         {"name": _WIN_NAMES.get(major_minor, caption)}, "remedy.os.version")
    wanted = prm["language_ids"]
    if not wanted:
        return Check("os", level, PASS, observed, required, "os.ok", {"name": caption})
    if isinstance(lang, int) and not isinstance(lang, bool):
        if lang in wanted:
            return Check("os", level, PASS, observed, required, "os.ok", {"name": caption})
        return Check("os", level, FAIL, observed, required, "os.language", {"lang": lang, "cp": cp},
                     "remedy.os.language")
    # No OSLanguage: the installation language from the registry (0804) corroborates; a code page never does.
    if isinstance(install_lang, str) and install_lang.strip():
        try:
            lang_id = int(install_lang.strip(), 16)
        except ValueError:
            lang_id = -1
        if lang_id in wanted:
            return Check("os", level, PASS, observed, required, "os.ok", {"name": caption})
        return Check("os", level, FAIL, observed, required, "os.language", {"lang": install_lang, "cp": cp},
                     "remedy.os.language")
    return Check("os", level, UNKNOWN, observed, required, "os.language_unknown", {"cp": cp}, "remedy.probe_failed")


@cache
def _any_rx(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex matching any of ``patterns`` (one search per text instead of one per pattern)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def _match(patterns: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The texts that any of ``patterns`` matches, in order, without repeats."""
    rx = _any_rx(tuple(patterns))
    if rx is None:
        return []
    found: list[str] = []
    for text in texts:
        if rx.search(text) and text not in found:
            found.append(text)
    return found


def _program_texts(p: Probe) -> list[tuple[str, str]]:
    """(name, name + publisher) of each installed program."""
    return [(str(i.get("name")), f"{i.get('name')} {i.get('publisher') or ''}") for i in _items(p)]


def rule_antivirus(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 antivirus installed: Security Center first, then installed programs by vendor.

    An empty or missing Security Center (Windows 2000, XP before SP2, domains) proves nothing.
    """
    required = "an antivirus product"
    sc, progs = f.probe("security_center"), f.probe("programs")
    products = [str(i.get("name")) for i in _items(sc)]
    if products:
        return Check("antivirus", level, PASS, "; ".join(products) + " (Security Center)", required,
                     "antivirus.ok", {"names": ", ".join(products), "source": "Security Center"})
    vendors = _any_rx(tuple(prm["vendors"]))
    hits = [name for name, text in _program_texts(progs) if vendors and vendors.search(text)]
    if hits:
        return Check("antivirus", level, PASS, "; ".join(hits[:3]) + " (installed programs)", required,
                     "antivirus.ok", {"names": ", ".join(hits[:3]), "source": "installed programs"})
    if sc.status == ABSENT and progs.status in (OBSERVED, ABSENT):
        return Check("antivirus", level, FAIL, "none in Security Center or installed programs", required,
                     "antivirus.none", {}, "remedy.antivirus")
    why = _why(sc) if sc.status == FAILED else _why(progs)
    return Check("antivirus", level, UNKNOWN, f"Security Center: {_why(sc)}; no known vendor installed", required,
                 "antivirus.unknown", {"why": why}, "remedy.antivirus.unknown")


MANUAL_CLOCK = "manual"  # the clock probe's source when a person typed Beijing time (USB kit, no network)


def rule_clock(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§13.13 the PC clock sets the import date on the printed declaration: offset and time zone.

    A reading typed by a person from a phone (probe source ``manual``) is judged with both limits
    widened by ``manual_margin_seconds``: it is read to the minute, and typing takes time.
    """
    required = f"within {prm['warn_seconds']:g} s, UTC{prm['utc_offset_minutes'] / 60:+g}"
    p = f.probe("clock")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        unknown = _unknown("clock", level, required, p, "clock")
        return Check(unknown.id, level, UNKNOWN, unknown.observed, required, unknown.message, unknown.params,
                     "remedy.clock.unknown")
    c = p.value
    manual = p.source == MANUAL_CLOCK
    margin = prm.get("manual_margin_seconds", 0) if manual else 0
    offset = float(c.get("offset_seconds") or 0.0)
    tz = c.get("utc_offset_minutes", f.collected_at.get("utc_offset_minutes"))
    if manual:
        observed = f"{offset:+.1f} s vs Beijing time typed at the keyboard (manual reading, limits +{margin:g} s)"
    else:
        observed = f"{offset:+.1f} s vs {c.get('server') or 'reference'}"
    if tz is not None:
        observed += f", UTC{tz / 60:+g}"
    if tz is not None and tz != prm["utc_offset_minutes"]:
        return Check("clock", level, FAIL, observed, required, "clock.tz",
                     {"tz": f"UTC{tz / 60:+g}"}, "remedy.clock.tz")
    local_date, sh_date = c.get("local_date"), c.get("shanghai_date")
    if local_date and sh_date and local_date != sh_date:
        return Check("clock", level, FAIL, observed + f"; date {local_date} vs {sh_date}", required, "clock.date",
                     {"local": local_date, "real": sh_date}, "remedy.clock")
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
    required = "no chat or download software"
    p = f.probe("programs")
    if p.status == FAILED:
        return _unknown("dedicated", level, required, p, "installed programs")
    texts = _program_texts(p)
    suspects = {text for text in _match([sw["pattern"] for sw in prm["software"]], [t for _, t in texts])}
    found = [f"{sw['name']}: {name}" for sw in prm["software"] for name, text in texts
             if text in suspects and _rx(sw["pattern"]).search(text)]
    if found:
        return Check("dedicated", level, WARN, "; ".join(found[:5]), required, "dedicated.found",
                     {"names": ", ".join(found[:5])}, "remedy.dedicated")
    return Check("dedicated", level, PASS, "none found", required, "dedicated.ok", {})


def _signatures(f: Facts, prm: dict[str, Any]) -> tuple[list[str], list[Probe]]:
    """Evidence matching a product's signatures (programs, services, folders) and the probes that failed."""
    evidence: list[str] = []
    failed: list[Probe] = []
    progs = f.probe("programs")
    if progs.status == FAILED:
        failed.append(progs)
    evidence += [f"program {n}" for n in _match(prm.get("programs", []), [t for _, t in _program_texts(progs)])]
    if "services" in prm:
        svc = f.probe("services")
        if svc.status == FAILED:
            failed.append(svc)
        texts = [f"{i.get('name')} {i.get('display_name') or ''} {i.get('path') or ''}" for i in _items(svc)]
        evidence += [f"service {n.strip()}" for n in _match(prm["services"], texts)]
    wanted = {str(x).lower() for x in prm.get("paths", [])}
    paths = f.probe("paths")
    if wanted:
        if paths.status == FAILED:
            failed.append(paths)
        evidence += [f"folder {i['path']}" for i in _items(paths)
                     if i.get("exists") is True and str(i.get("path")).lower() in wanted]
    return evidence, failed


def rule_longda(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.1 never install QP on a computer that has (or had) the old vendor's (龙达 Longda) system."""
    required = "no Longda system, now or before"
    if not (prm["programs"] or prm["services"] or prm["paths"]):
        return Check("longda", level, UNKNOWN, "no signatures in the profile", required, "longda.no_signatures",
                     {}, "remedy.probe_failed")
    evidence, failed = _signatures(f, prm)
    if evidence:
        return Check("longda", level, FAIL, "; ".join(evidence[:4]), required, "longda.found",
                     {"evidence": "; ".join(evidence[:4])}, "remedy.longda")
    if failed:
        return _unknown("longda", level, required, failed[0], "Longda signatures")
    return Check("longda", level, PASS, "none found", required, "longda.ok", {})


def rule_road_port(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.5 informational: the road-port system (公路口岸系统) may share the PC; installation leaves it alone."""
    required = "may coexist"
    evidence, failed = _signatures(f, prm)
    if evidence:
        return Check("road_port", level, PASS, "; ".join(evidence[:3]), required, "road_port.found", {})
    if failed:
        return _unknown("road_port", level, required, failed[0], "road-port system")
    return Check("road_port", level, PASS, "not installed", required, "road_port.absent", {})


RULES: dict[str, Callable[[Facts, dict[str, Any], str], Check]] = {
    "chassis": rule_chassis, "cpu": rule_cpu, "memory": rule_memory, "disk_c": rule_disk_c,
    "optical_drive": rule_optical_drive, "network": rule_network, "usb": rule_usb, "os": rule_os,
    "antivirus": rule_antivirus, "clock": rule_clock, "dedicated": rule_dedicated, "longda": rule_longda,
    "road_port": rule_road_port,
}


def overall(checks: Iterable[Check]) -> str:
    """ready / not_ready (a must-rule FAIL) / undetermined (a must-rule UNKNOWN, none FAIL)."""
    must = [c.status for c in checks if c.level == "must"]
    if FAIL in must:
        return NOT_READY
    if UNKNOWN in must:
        return UNDETERMINED
    return READY


def judge(facts: Facts, profile: Profile) -> Judgement:
    """Run every enabled rule of ``profile`` over ``facts``."""
    checks = []
    for rule_id, fn in RULES.items():
        params = profile.rules[rule_id]
        level = str(params["level"])
        if level == "off":
            continue
        try:
            check = fn(facts, params, level)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            # A fact of a shape the schema allows but the rule did not foresee: UNKNOWN, never a crash or PASS.
            check = Check(rule_id, level, UNKNOWN, f"unreadable facts ({type(exc).__name__})", "-", "probe_failed",
                          {"what": rule_id, "why": str(exc)}, "remedy.probe_failed")
        if level == "recommended" and check.status == FAIL:
            check = Check(check.id, level, WARN, check.observed, check.required, check.message, check.params,
                          check.remedy)
        checks.append(check)
    return Judgement(overall(checks), checks, profile.name)
