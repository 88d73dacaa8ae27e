"""The hardware rules (§6.1, §6.3): desktop chassis, processor, memory, free space on C:, optical drive,
network card and USB ports. Pure: facts and profile parameters in, a Check out."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from checks.facts import ABSENT, FAILED, OBSERVED, Facts
from checks.i18n import CATALOG, Msg
from checks.rules import words  # noqa: F401  (registers the words of observed and required)
from checks.rules.base import (
    FAIL,
    PASS,
    UNKNOWN,
    WARN,
    Check,
    any_rx,
    fmt_bytes,
    items,
    not_reported,
    positive_int,
    unknown,
)


def rule_chassis(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.1 desktop only: every chassis code counts; a battery is a secondary signal only."""
    required = Msg("req.chassis")
    p = f.probe("chassis")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return unknown("chassis", level, required, p, Msg("what.chassis"))
    types = [t for t in p.value.get("types") or [] if isinstance(t, int)]
    observed = Msg("obs.chassis", types=tuple(str(t) for t in types) if types else Msg("obs.none_reported"))
    system = f.probe("system")
    if system.ok and isinstance(system.value, dict):
        model = " ".join(str(system.value.get(k) or "") for k in ("manufacturer", "model")).strip()
        if model:
            observed = Msg("obs.also", first=observed, then=model)
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
        return Check("chassis", level, WARN, Msg("obs.also", first=observed, then=Msg("obs.battery")), required,
                     "chassis.battery",
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


# Names of CPUs newer than a P4 (and of P4-class ones that match them); module constants so the
# terminal's evaluator translates these very expressions (checks.evaluator.generate).
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
    required = Msg("req.cpu", mhz=prm["min_mhz"])
    p = f.probe("cpu")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return unknown("cpu", level, required, p, Msg("what.cpu"))
    cpu = p.value
    sources = {
        "name": cpu_name_mhz(cpu.get("name")),
        "registry": positive_int(cpu.get("registry_mhz")),
        "wmi": positive_int(cpu.get("max_clock_mhz")),
        "current": positive_int(cpu.get("current_clock_mhz")),  # a lower bound: power saving only reads lower
    }
    seen = {k: v for k, v in sources.items() if v}
    speeds = tuple(Msg("obs.cpu.speed", mhz=v, source=Msg(f"obs.cpu.src.{k}")) for k, v in seen.items())
    observed = Msg("obs.cpu", name=str(cpu.get("name") or "?").strip(), speeds=speeds or Msg("obs.cpu.none"))
    if not seen:
        return Check("cpu", level, UNKNOWN, observed, required, "cpu.no_speed", {}, "remedy.cause.not_available")
    best_src, best = max(seen.items(), key=lambda kv: kv[1])
    if best >= floor:
        return Check("cpu", level, PASS, observed, required, "cpu.ok", {"mhz": best, "source": best_src})
    if _newer_than_p4(cpu):
        return Check("cpu", level, WARN, observed, required, "cpu.review", {"mhz": best}, "remedy.cpu.review")
    if best_src == "current":
        # Only the current clock was readable: power saving reads low, so it cannot prove slowness.
        return Check("cpu", level, UNKNOWN, observed, required, "cpu.no_speed", {}, "remedy.cause.not_available")
    return Check("cpu", level, FAIL, observed, required, "cpu.slow", {"mhz": best}, "remedy.cpu.slow")


def rule_memory(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 256 MB: installed modules count; usable memory may be lower by the graphics share."""
    need, margin = prm["min_bytes"], prm["shared_video_margin_bytes"]
    required = Msg("req.at_least", size=fmt_bytes(need))
    p = f.probe("memory")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return unknown("memory", level, required, p, Msg("what.memory"))
    installed, usable = positive_int(p.value.get("installed_bytes")), positive_int(p.value.get("usable_bytes"))
    parts = []
    if installed:
        parts.append(Msg("obs.memory.installed", size=fmt_bytes(installed)))
    if usable:
        parts.append(Msg("obs.memory.usable", size=fmt_bytes(usable)))
    observed: Msg = Msg("obs.list", items=tuple(parts)) if parts else Msg("obs.not_reported")
    if installed:
        if installed >= need:
            return Check("memory", level, PASS, observed, required, "memory.ok", {"size": fmt_bytes(installed)})
        return Check("memory", level, FAIL, observed, required, "memory.low", {"size": fmt_bytes(installed)},
                     "remedy.memory")
    if usable:
        if usable >= need:
            return Check("memory", level, PASS, observed, required, "memory.ok", {"size": fmt_bytes(usable)})
        if usable >= need - margin:
            return Check("memory", level, WARN, observed, required, "memory.shared", {"size": fmt_bytes(usable)},
                         "remedy.memory.shared")
        return Check("memory", level, FAIL, observed, required, "memory.low", {"size": fmt_bytes(usable)},
                     "remedy.memory")
    return not_reported("memory", level, observed, required, Msg("what.memory"))


def rule_disk_c(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 2 GB free on C: (free space, not size)."""
    need = prm["min_free_bytes"]
    p = f.probe("disks")
    os_p = f.probe("os")
    windows = not (os_p.ok and isinstance(os_p.value, dict) and os_p.value.get("family") not in ("windows", None))
    target = str(prm["drive"])
    if not windows and p.ok and isinstance(p.value, dict) and p.value.get("system_drive"):
        target = str(p.value["system_drive"])
    required = Msg("req.disk", size=fmt_bytes(need), drive=target)
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return unknown("disk_c", level, required, p, Msg("what.disks"))
    drives = [d for d in p.value.get("drives") or [] if isinstance(d, dict)]
    drive = next((d for d in drives if str(d.get("id", "")).rstrip("\\").upper() == target.upper()), None)
    if drive is None:
        return Check("disk_c", level, FAIL, Msg("obs.disk.none", drive=target), required, "disk.missing",
                     {"drive": target},
                     "remedy.disk.missing")
    free = drive.get("free_bytes")
    if not isinstance(free, int) or isinstance(free, bool) or free < 0:
        return not_reported("disk_c", level, Msg("obs.disk.free_unknown", drive=target), required,
                            Msg("what.disk_free", drive=target))
    total = drive.get("total_bytes")
    observed = (Msg("obs.disk.free_of", drive=target, free=fmt_bytes(free), total=fmt_bytes(total))
                if isinstance(total, int) else Msg("obs.disk.free", drive=target, free=fmt_bytes(free)))
    if drive.get("type") not in ("fixed", None):
        kind = str(drive.get("type"))
        shown = Msg(f"obs.disk.kind.{kind}") if f"obs.disk.kind.{kind}" in CATALOG else kind
        return Check("disk_c", level, FAIL, Msg("obs.disk.kind", disk=observed, kind=shown), required, "disk.not_fixed",
                     {"drive": target}, "remedy.disk.missing")
    if free >= need:
        return Check("disk_c", level, PASS, observed, required, "disk.ok", {"drive": target, "free": fmt_bytes(free)})
    return Check("disk_c", level, FAIL, observed, required, "disk.low", {"drive": target, "free": fmt_bytes(free)},
                 "remedy.disk.low")


def _devices(rule_id: str, probe: str, f: Facts, level: str, required: Msg, what: Msg,
             is_real: Callable[[dict[str, Any]], bool | None]) -> Check:
    """Shared shape of optical drive / network card / USB: at least one real device."""
    p = f.probe(probe)
    if p.status == FAILED:
        return unknown(rule_id, level, required, p, what)
    found = items(p)
    if p.status == ABSENT or not found:
        return Check(rule_id, level, FAIL, Msg("obs.none_of", what=what), required, f"{rule_id}.none", {},
                     f"remedy.{rule_id}")
    real = [is_real(i) for i in found]
    shown = [str(i.get("name") or i.get("id") or "?") for i in found]
    names = Msg("obs.items", items=[Msg("obs.virtual", name=n) if r is False else n
                                    for n, r in list(zip(shown, real, strict=True))[:4]])
    if any(r is True for r in real):
        return Check(rule_id, level, PASS, names, required, f"{rule_id}.ok", {"count": real.count(True)})
    if any(r is None for r in real):
        return Check(rule_id, level, UNKNOWN, names, required, f"{rule_id}.unclear", {}, f"remedy.{rule_id}")
    return Check(rule_id, level, FAIL if rule_id == "network" else WARN, names, required, f"{rule_id}.virtual",
                 {}, f"remedy.{rule_id}")


def _drive_text(d: dict[str, Any]) -> str:
    """Everything a drive says about itself: name, PNP id, manufacturer, description."""
    return " ".join(str(d.get(k) or "") for k in ("name", "id", "manufacturer", "description", "caption"))


def rule_optical_drive(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 an optical drive. A virtual drive (Alcohol, CloneDrive, DAEMON Tools, a mounted ISO, a VM's drive;
    the profile's ``virtual_drives`` signatures) is never one: virtual drives alone are a WARN, the QP discs
    need a real drive (an external USB one will do on the day)."""
    signatures = any_rx(tuple(prm["virtual_drives"]))

    def is_real(d: dict[str, Any]) -> bool:
        if d.get("virtual") is True:
            return False
        return not (signatures and signatures.search(_drive_text(d)))

    return _devices("optical_drive", "optical_drives", f, level, Msg("req.optical_drive"),
                    Msg("what.optical_drive"), is_real)


def rule_network(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 a network card: a physical adapter, not a loopback, VPN or WAN miniport."""
    return _devices("network", "network_adapters", f, level, Msg("req.network"), Msg("what.network"),
                    lambda d: d.get("physical") if isinstance(d.get("physical"), bool) else None)


def rule_usb(f: Facts, prm: dict[str, Any], level: str) -> Check:
    """§6.3 USB ports: counted as USB host controllers (ports themselves are not visible)."""
    return _devices("usb", "usb_controllers", f, level, Msg("req.usb"), Msg("what.usb"), lambda d: True)


