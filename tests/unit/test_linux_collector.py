"""The Linux collector: pure parsers over real file excerpts, and a collection over a prepared sysfs tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.collectors import linux
from checks.facts import validate
from tests.conftest import FIXTURES

LINUX = FIXTURES / "linux"


def test_parse_cpuinfo_of_a_p4_with_hyperthreading() -> None:
    info = linux.parse_cpuinfo((LINUX / "cpuinfo-p4-ht.txt").read_text())
    assert info["name"] == "Intel(R) Pentium(R) 4 CPU 3.00GHz"
    assert (info["family"], info["model"], info["count"]) == (15, 4, 2)
    assert info["current_clock_mhz"] == 2993 and info["hypervisor"] is False


def test_parse_dpkg_status_keeps_installed_applications_only() -> None:
    progs = {p["name"]: p for p in linux.parse_dpkg_status((LINUX / "dpkg-status.txt").read_text())}
    assert "chrony" in progs and "faketime" in progs
    assert "libyaml-0-2" not in progs  # a library, not an application
    assert "xunlei-stub" not in progs  # removed, only config files left
    assert "<" not in (progs["chrony"]["publisher"] or "")


def test_language_ids() -> None:
    assert linux.language_id("zh_CN.UTF-8") == 2052
    assert linux.language_id("en_US.utf8") == 1033
    assert linux.language_id("C.UTF-8") is None and linux.language_id(None) is None


def make_root(tmp: Path, *, dmi: bool = True, usb: bool = True) -> Path:
    root = tmp / "root"
    (root / "proc").mkdir(parents=True)
    shutil.copy(LINUX / "cpuinfo-p4-ht.txt", root / "proc" / "cpuinfo")
    (root / "var/lib/dpkg").mkdir(parents=True)
    shutil.copy(LINUX / "dpkg-status.txt", root / "var/lib/dpkg/status")
    (root / "etc").mkdir()
    shutil.copy(LINUX / "os-release", root / "etc/os-release")
    if dmi:
        (root / "sys/class/dmi/id").mkdir(parents=True)
        (root / "sys/class/dmi/id/chassis_type").write_text("3\n")
        (root / "sys/class/dmi/id/sys_vendor").write_text("LENOVO\n")
        (root / "sys/class/dmi/id/product_name").write_text("ThinkCentre M51e\n")
    (root / "sys/block/sr0/device").mkdir(parents=True)
    (root / "sys/block/sr0/device/model").write_text("DVD-ROM GDR8164B\n")
    (root / "sys/block/sda").mkdir(parents=True)
    (root / "sys/class/net/eth0/device").mkdir(parents=True)
    (root / "sys/class/net/lo").mkdir(parents=True)
    if usb:
        (root / "sys/bus/usb/devices/usb1").mkdir(parents=True)
        (root / "sys/bus/usb/devices/usb1/product").write_text("UHCI Host Controller\n")
    (root / "sys/class/power_supply/UPS0").mkdir(parents=True)
    (root / "sys/class/power_supply/UPS0/type").write_text("UPS\n")
    (root / "sys/class/power_supply/hidpp_battery_0").mkdir(parents=True)
    (root / "sys/class/power_supply/hidpp_battery_0/type").write_text("Battery\n")
    (root / "sys/class/power_supply/hidpp_battery_0/scope").write_text("Device\n")  # a wireless mouse
    (root / "opt/longda").mkdir(parents=True)
    return root


def test_collect_over_a_prepared_tree(tmp_path: Path) -> None:
    facts = linux.collect(paths=["C:\\Longda", "C:\\Program Files\\公路口岸系统"], root=make_root(tmp_path))
    assert validate(facts.to_json()) == []
    p = facts.probes
    assert p["chassis"].value == {"types": [3]}
    assert p["system"].value["virtual"] is False
    assert p["battery"].value["batteries"] == [{"name": "UPS0", "chemistry": None, "kind": "ups"}]
    assert p["optical_drives"].value == [{"name": "DVD-ROM GDR8164B", "id": "/dev/sr0", "virtual": False}]
    assert {a["name"]: a["physical"] for a in p["network_adapters"].value} == {"eth0": True, "lo": False}
    assert p["usb_controllers"].value[0]["name"] == "UHCI Host Controller"
    assert p["os"].value["caption"] == "Debian GNU/Linux 12 (bookworm)"
    assert p["paths"].value == [{"path": "C:\\Longda", "exists": True},
                                {"path": "C:\\Program Files\\公路口岸系统", "exists": False}]
    # no Security Center on Linux; the prepared tree has no systemd units
    assert facts.collector["unread"] == ["security_center", "services"]


def test_missing_sysfs_trees_are_failed_never_absent(tmp_path: Path) -> None:
    facts = linux.collect(root=make_root(tmp_path, dmi=False, usb=False))
    assert facts.probes["chassis"].status == "failed" and "DMI" in (facts.probes["chassis"].error or "")
    assert facts.probes["usb_controllers"].status == "failed"
    assert {"chassis", "usb_controllers"} <= set(facts.collector["unread"])


def test_a_probe_that_throws_is_recorded_as_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: object) -> None:
        raise PermissionError("denied")

    monkeypatch.setattr(linux._Collector, "programs", boom)
    facts = linux.collect(root=make_root(tmp_path))
    assert facts.probes["programs"].status == "failed"
    assert facts.probes["programs"].error == "PermissionError: denied"


def test_real_collection_on_this_machine_validates() -> None:
    facts = linux.collect()
    assert validate(facts.to_json()) == []
    assert facts.probes["memory"].value["usable_bytes"] > 0
