"""The local collector for Linux (lab hosts and CI): sysfs, /proc and psutil.

Each probe records observed / absent / failed; a missing sysfs tree (a container, a VM
without DMI) is "failed" with the reason, never "absent". Parsers are pure functions over
the text of real files so they are tested against fixtures.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checks import __version__
from checks.facts import ABSENT, FAILED, OBSERVED, Facts, Probe

_LANG_IDS = {"zh_cn": 2052, "zh_sg": 4100, "zh_tw": 1028, "zh_hk": 3076, "en_us": 1033, "en_gb": 2057}


def parse_cpuinfo(text: str) -> dict[str, Any]:
    """Name, vendor, family, model and MHz of the first processor in /proc/cpuinfo, and the count."""
    info: dict[str, Any] = {"name": None, "manufacturer": None, "family": None, "model": None,
                            "current_clock_mhz": None, "count": 0, "hypervisor": False}
    first = True
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "processor":
            info["count"] += 1
            first = info["count"] == 1
        if not first:
            continue
        if key == "model name":
            info["name"] = value
        elif key == "vendor_id":
            info["manufacturer"] = value
        elif key == "cpu family" and value.isdigit():
            info["family"] = int(value)
        elif key == "model" and value.isdigit():
            info["model"] = int(value)
        elif key == "cpu MHz":
            try:
                info["current_clock_mhz"] = round(float(value))
            except ValueError:
                pass
        elif key == "flags":
            info["hypervisor"] = "hypervisor" in value.split()
    return info


_DPKG_FIELD = re.compile(r"^(Package|Status|Version|Maintainer|Section): (.*)$", re.M)
# Library sections: what Windows lists under Uninstall are applications, not the DLLs they bring.
_LIBRARY_SECTIONS = {"libs", "libdevel", "oldlibs", "perl", "python", "java", "introspection", "fonts",
                     "localization", "debug", "ruby", "php", "javascript", "ocaml", "haskell", "rust", "golang"}


def parse_dpkg_status(text: str) -> list[dict[str, Any]]:
    """Installed applications from /var/lib/dpkg/status as programs (name, publisher, version)."""
    programs: list[dict[str, Any]] = []
    for block in text.split("\n\n"):
        fields = dict(_DPKG_FIELD.findall(block))
        section = fields.get("Section", "").rpartition("/")[2]
        if fields.get("Package") and fields.get("Status", "").endswith(" installed") \
                and section not in _LIBRARY_SECTIONS:
            publisher = fields.get("Maintainer", "").partition("<")[0].strip() or None
            programs.append({"name": fields["Package"], "publisher": publisher,
                             "version": fields.get("Version"), "source": "dpkg"})
    return programs


def parse_os_release(text: str) -> dict[str, str]:
    """KEY=value pairs of /etc/os-release (quotes removed)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and not key.startswith("#"):
            out[key.strip()] = value.strip().strip('"').strip("'")
    return out


def language_id(locale_name: str | None) -> int | None:
    """Windows language id of a POSIX locale name (zh_CN.UTF-8 -> 2052), None when unknown."""
    if not locale_name:
        return None
    return _LANG_IDS.get(locale_name.split(".")[0].split("@")[0].lower())


class _Collector:
    def __init__(self, root: Path, paths: list[str]) -> None:
        self.root = root
        self.paths = paths
        self.probes: dict[str, Probe] = {}
        self.unread: list[str] = []

    def p(self, rel: str) -> Path:
        return self.root / rel.lstrip("/")

    def read(self, rel: str) -> str:
        return self.p(rel).read_text("utf-8", errors="replace").strip()

    def run(self, name: str, fn: Callable[[], Probe]) -> None:
        try:
            probe = fn()
        except Exception as exc:
            probe = Probe(FAILED, None, f"{type(exc).__name__}: {exc}")
        if probe.status == FAILED:
            self.unread.append(name)
        self.probes[name] = probe

    # --- probes ---
    def cpuinfo(self) -> dict[str, Any]:
        return parse_cpuinfo(self.p("proc/cpuinfo").read_text("utf-8", errors="replace"))

    def system(self) -> Probe:
        dmi = self.p("sys/class/dmi/id")
        vendor = self.read("sys/class/dmi/id/sys_vendor") if (dmi / "sys_vendor").exists() else None
        model = self.read("sys/class/dmi/id/product_name") if (dmi / "product_name").exists() else None
        virtual = self.cpuinfo()["hypervisor"] or bool(
            re.search(r"VMware|VirtualBox|KVM|QEMU|Xen|Virtual Machine|Bochs", f"{vendor} {model}", re.I))
        return Probe(OBSERVED, {"manufacturer": vendor, "model": model, "virtual": virtual},
                     source="sysfs dmi, /proc/cpuinfo")

    def chassis(self) -> Probe:
        f = self.p("sys/class/dmi/id/chassis_type")
        if not f.exists():
            return Probe(FAILED, None, "no SMBIOS chassis type in sysfs (no DMI table: VM or container)")
        return Probe(OBSERVED, {"types": [int(self.read("sys/class/dmi/id/chassis_type"))]}, source=str(f))

    def battery(self) -> Probe:
        base = self.p("sys/class/power_supply")
        if not base.is_dir():
            return Probe(ABSENT, {"batteries": []}, source="sysfs power_supply")
        found = []
        for dev in sorted(base.iterdir()):
            kind = (dev / "type").read_text().strip() if (dev / "type").exists() else ""
            scope = (dev / "scope").read_text().strip() if (dev / "scope").exists() else "System"
            if kind in ("Battery", "UPS") and scope != "Device":
                found.append({"name": dev.name, "chemistry": None, "kind": kind.lower()})
        return Probe(OBSERVED if found else ABSENT, {"batteries": found}, source="sysfs power_supply")

    def cpu(self) -> Probe:
        info = self.cpuinfo()
        max_mhz = None
        f = self.p("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
        if f.exists():
            max_mhz = int(self.read("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")) // 1000
        value = {k: info[k] for k in ("name", "manufacturer", "family", "model", "current_clock_mhz", "count")}
        value.update(max_clock_mhz=max_mhz, registry_mhz=None)
        return Probe(OBSERVED, value, source="/proc/cpuinfo, cpufreq")

    def memory(self) -> Probe:
        import psutil

        usable = int(psutil.virtual_memory().total)
        installed = None
        mem = self.p("sys/devices/system/memory")
        if (mem / "block_size_bytes").exists():
            block = int(self.read("sys/devices/system/memory/block_size_bytes"), 16)
            online = sum(1 for d in mem.glob("memory*") if (d / "online").exists() and (d / "online").read_text().strip() == "1")
            installed = block * online or None
        return Probe(OBSERVED, {"installed_bytes": installed, "usable_bytes": usable},
                     source="sysfs memory blocks, psutil")

    def disks(self) -> Probe:
        import psutil

        drives = []
        for part in psutil.disk_partitions(all=False):
            try:
                usage = psutil.disk_usage(part.mountpoint)
            except OSError:
                continue
            drives.append({"id": part.mountpoint, "type": "fixed", "free_bytes": int(usage.free),
                           "total_bytes": int(usage.total), "filesystem": part.fstype})
        if not any(d["id"] == "/" for d in drives):
            usage = psutil.disk_usage("/")
            drives.insert(0, {"id": "/", "type": "fixed", "free_bytes": int(usage.free),
                              "total_bytes": int(usage.total), "filesystem": None})
        return Probe(OBSERVED, {"system_drive": "/", "drives": drives}, source="psutil")

    def optical(self) -> Probe:
        block = self.p("sys/block")
        if not block.is_dir():
            return Probe(FAILED, None, "no /sys/block")
        drives = []
        for dev in sorted(block.glob("sr*")):
            model = dev / "device" / "model"
            drives.append({"name": model.read_text().strip() if model.exists() else dev.name,
                           "id": f"/dev/{dev.name}", "virtual": None if not (dev / "device").exists() else False})
        return Probe(OBSERVED if drives else ABSENT, drives, source="/sys/block/sr*")

    def network(self) -> Probe:
        net = self.p("sys/class/net")
        if not net.is_dir():
            return Probe(FAILED, None, "no /sys/class/net")
        adapters = [{"name": d.name, "id": os.path.basename(os.path.realpath(d / "device")) if (d / "device").exists() else None,
                     "physical": (d / "device").exists()} for d in sorted(net.iterdir())]
        return Probe(OBSERVED if adapters else ABSENT, adapters, source="/sys/class/net/*/device")

    def usb(self) -> Probe:
        bus = self.p("sys/bus/usb/devices")
        if not bus.is_dir():
            return Probe(FAILED, None, "no USB bus in sysfs (/sys/bus/usb/devices missing: VM or container)")
        hubs = []
        for d in sorted(bus.glob("usb*")):
            product = d / "product"
            hubs.append({"name": product.read_text().strip() if product.exists() else d.name, "id": d.name})
        return Probe(OBSERVED if hubs else ABSENT, hubs, source="/sys/bus/usb/devices/usb*")

    def os(self) -> Probe:
        rel = {}
        if self.p("etc/os-release").exists():
            rel = parse_os_release(self.read("etc/os-release"))
        loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
        return Probe(OBSERVED, {
            "family": "linux", "caption": rel.get("PRETTY_NAME") or platform.system(),
            "version": platform.release(), "service_pack": None, "architecture": platform.machine(),
            "language_id": language_id(loc), "install_language": None, "code_page": None, "locale": loc,
        }, source="/etc/os-release, locale")

    def security_center(self) -> Probe:
        return Probe(FAILED, None, "no Security Center on Linux (installed programs are checked instead)")

    def programs(self) -> Probe:
        status = self.p("var/lib/dpkg/status")
        if not status.exists():
            return Probe(FAILED, None, "no package database (/var/lib/dpkg/status)")
        progs = parse_dpkg_status(status.read_text("utf-8", errors="replace"))
        return Probe(OBSERVED if progs else ABSENT, progs, source="dpkg")

    def services(self) -> Probe:
        units = []
        for folder in ("etc/systemd/system", "lib/systemd/system", "usr/lib/systemd/system"):
            d = self.p(folder)
            if d.is_dir():
                units += [{"name": u.name, "display_name": None, "path": str(u), "state": None}
                          for u in sorted(d.glob("*.service"))]
        if not units:
            return Probe(FAILED, None, "no systemd unit folders")
        return Probe(OBSERVED, units, source="systemd unit files")

    def folders(self) -> Probe:
        # Windows folders make no sense here; lab hosts mirror them under /opt (C:\Longda -> /opt/longda).
        found = []
        for path in self.paths:
            tail = path.replace("\\", "/").split(":", 1)[-1].strip("/").split("/")[-1].lower()
            found.append({"path": path, "exists": self.p(f"opt/{tail}").exists()})
        return Probe(OBSERVED, found, source="/opt mirrors of the Windows folders")


def collect(paths: list[str] | None = None, root: str | os.PathLike[str] = "/",
            now: dt.datetime | None = None) -> Facts:
    """Collect the facts of this Linux machine (``root`` lets tests point at a copy of /sys, /proc, /etc)."""
    c = _Collector(Path(root), list(paths or []))
    for name, fn in (("system", c.system), ("chassis", c.chassis), ("battery", c.battery), ("cpu", c.cpu),
                     ("memory", c.memory), ("disks", c.disks), ("optical_drives", c.optical),
                     ("network_adapters", c.network), ("usb_controllers", c.usb), ("os", c.os),
                     ("security_center", c.security_center), ("programs", c.programs),
                     ("services", c.services), ("paths", c.folders)):
        c.run(name, fn)
    local = (now or dt.datetime.now()).astimezone()
    offset = local.utcoffset()
    return Facts(
        host=socket.gethostname(),
        collector={"name": "linux", "version": __version__, "user": os.environ.get("USER"),
                   "admin": os.geteuid() == 0 if hasattr(os, "geteuid") else None, "unread": c.unread},
        collected_at={"local": local.replace(tzinfo=None).isoformat(timespec="seconds"),
                      "utc_offset_minutes": int(offset.total_seconds() // 60) if offset is not None else None,
                      "tz_name": local.tzname()},
        probes=c.probes,
    )
