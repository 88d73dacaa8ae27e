"""Write tests/fixtures/facts/*.json: facts shaped as the Windows collector produces them.

Each fixture is a real-world case from research/preflight.md (a laptop, a UPS on a desktop, a
Core 2 under power saving, shared graphics memory, English XP with code page 936, Windows 2000
without Security Center, ...). Run: python tools/make_facts_fixtures.py
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "facts"
GB = 1024**3
MB = 1024**2


def ok(value: Any, source: str) -> dict[str, Any]:
    return {"status": "observed", "value": value, "source": source}


def failed(error: str, source: str) -> dict[str, Any]:
    return {"status": "failed", "value": None, "error": error, "source": source}


def absent(value: Any, source: str) -> dict[str, Any]:
    return {"status": "absent", "value": value, "source": source}


BASE: dict[str, Any] = {
    "schema": "qpfleet.facts",
    "schema_version": 1,
    "host": "BGQY-PC01",
    "collector": {"name": "wsh", "version": "0.1.0", "user": "Administrator", "admin": True, "unread": []},
    "collected_at": {"local": "2026-11-30T09:12:05", "utc_offset_minutes": 480, "tz_name": "中国标准时间"},
    "probes": {
        "system": ok({"manufacturer": "LENOVO", "model": "ThinkCentre M51e 8141", "virtual": False},
                     "Win32_ComputerSystem"),
        "chassis": ok({"types": [3]}, "Win32_SystemEnclosure"),
        "battery": absent({"batteries": []}, "Win32_Battery"),
        "cpu": ok({"name": "Intel(R) Pentium(R) 4 CPU 3.00GHz", "manufacturer": "GenuineIntel",
                   "max_clock_mhz": 2992, "current_clock_mhz": 2992, "registry_mhz": 2993,
                   "family": 15, "model": 4, "count": 1}, "Win32_Processor, HKLM CentralProcessor\\0"),
        "memory": ok({"installed_bytes": 512 * MB, "usable_bytes": 503 * MB},
                     "Win32_PhysicalMemory, Win32_ComputerSystem"),
        "disks": ok({"system_drive": "C:", "drives": [
            {"id": "C:", "type": "fixed", "free_bytes": int(6.4 * GB), "total_bytes": 20 * GB, "filesystem": "NTFS"},
            {"id": "D:", "type": "fixed", "free_bytes": 30 * GB, "total_bytes": 54 * GB, "filesystem": "NTFS"},
            {"id": "E:", "type": "cdrom", "free_bytes": None, "total_bytes": None, "filesystem": None}]},
            "Win32_LogicalDisk"),
        "optical_drives": ok([{"name": "HL-DT-ST DVD-ROM GDR8164B", "id": "IDE\\CDROMHL-DT-ST_DVD-ROM_GDR8164B\\5&1",
                               "virtual": False}], "Win32_CDROMDrive"),
        "network_adapters": ok([
            {"name": "Broadcom NetXtreme Gigabit Ethernet", "id": "PCI\\VEN_14E4&DEV_1677\\4&2", "physical": True},
            {"name": "WAN Miniport (PPPOE)", "id": "ROOT\\MS_PPPOEMINIPORT\\0000", "physical": False},
            {"name": "RAS Async Adapter", "id": "SW\\{EEAB7790}\\ASYNCMAC", "physical": False}],
            "Win32_NetworkAdapter"),
        "usb_controllers": ok([{"name": "Intel(R) 82801FB/FBM USB Universal Host Controller - 2658",
                                "id": "PCI\\VEN_8086&DEV_2658\\3&1"}], "Win32_USBController"),
        "os": ok({"family": "windows", "caption": "Microsoft Windows XP Professional", "version": "5.1.2600",
                  "service_pack": "Service Pack 3", "architecture": "32-bit", "language_id": 2052,
                  "install_language": "0804", "code_page": 936, "locale": "0804"}, "Win32_OperatingSystem"),
        "security_center": ok([{"name": "瑞星杀毒软件", "namespace": "root\\SecurityCenter", "enabled": True,
                                "up_to_date": True}], "root\\SecurityCenter AntiVirusProduct"),
        "programs": ok([
            {"name": "瑞星杀毒软件", "publisher": "北京瑞星信息技术有限公司", "version": "21.00", "source": "HKLM"},
            {"name": "WinRAR 3.71", "publisher": "win.rar GmbH", "version": "3.71.0", "source": "HKLM"},
            {"name": "Microsoft Office 2003", "publisher": "Microsoft Corporation", "version": "11.0.5614.0",
             "source": "HKLM"}], "Uninstall keys"),
        "services": ok([{"name": "Spooler", "display_name": "Print Spooler",
                         "path": "C:\\WINDOWS\\system32\\spoolsv.exe", "state": "Running"},
                        {"name": "RsRavMon", "display_name": "瑞星杀毒软件监控服务",
                         "path": "C:\\Program Files\\Rising\\Rav\\RavMonD.exe", "state": "Running"}],
                       "Win32_Service"),
        "paths": ok([{"path": "C:\\Longda", "exists": False}, {"path": "C:\\Program Files\\Longda", "exists": False},
                     {"path": "C:\\Program Files\\龙达", "exists": False}, {"path": "D:\\Longda", "exists": False},
                     {"path": "C:\\Program Files\\公路口岸系统", "exists": False}], "FileSystemObject.FolderExists"),
        "clock": ok({"offset_seconds": 2.4, "server": "evaluator", "rtt_seconds": 0.03,
                     "reference_utc": "2026-11-30T01:12:03+00:00", "utc_offset_minutes": 480,
                     "tz_name": "中国标准时间", "local_date": "2026-11-30", "shanghai_date": "2026-11-30"},
                    "evaluator"),
    },
}


def variant(name: str, **probes: Any) -> tuple[str, dict[str, Any]]:
    doc = copy.deepcopy(BASE)
    doc["host"] = name.upper()[:15]
    for key, value in probes.items():
        if key.startswith("_"):
            continue
        doc["probes"][key] = value
    return name, doc


def with_programs(*extra: dict[str, Any]) -> dict[str, Any]:
    return ok(BASE["probes"]["programs"]["value"] + list(extra), "Uninstall keys")


def too_old_document() -> dict[str, Any]:
    """What collect_facts.js prints under JScript 5.1 (tests/integration/test_wsh_recorded.py runs it)."""
    reason = ("Windows Script 5.6 needed: this computer has JScript 5.1 (the script needs 5.5 or later); "
              "install Windows Script 5.6 for Windows 2000 and run it again")
    names = list(BASE["probes"])
    doc = copy.deepcopy(BASE)
    doc["host"] = "BGQY-W2K"
    doc["collector"] = {"name": "wsh", "version": "0.3.0", "user": "BGQY-W2K\\Administrator", "admin": None,
                        "script_host": "Windows Script Host 5.1", "jscript": "5.1", "unread": names}
    doc["probes"] = {name: {"status": "failed", "value": None, "error": reason, "source": None} for name in names}
    return doc


CASES = [
    variant("xp-sp3-zh-p4-desktop"),
    variant("laptop", chassis=ok({"types": [10]}, "Win32_SystemEnclosure"),
            battery=ok({"batteries": [{"name": "DELL 1X2229", "chemistry": "LION", "kind": "battery"}]}, "Win32_Battery"),
            system=ok({"manufacturer": "Dell Inc.", "model": "Latitude D620", "virtual": False}, "Win32_ComputerSystem")),
    variant("notebook-docked", chassis=ok({"types": [3, 9]}, "Win32_SystemEnclosure")),
    variant("all-in-one", chassis=ok({"types": [13]}, "Win32_SystemEnclosure"),
            system=ok({"manufacturer": "Founder", "model": "Founder AIO", "virtual": False}, "Win32_ComputerSystem")),
    variant("vmware-vm", chassis=ok({"types": [1]}, "Win32_SystemEnclosure"),
            system=ok({"manufacturer": "VMware, Inc.", "model": "VMware Virtual Platform", "virtual": True},
                      "Win32_ComputerSystem")),
    variant("chassis-unknown-2", chassis=ok({"types": [2]}, "Win32_SystemEnclosure")),
    variant("desktop-with-ups", battery=ok({"batteries": [{"name": "APC Back-UPS ES 500", "chemistry": None,
                                                          "kind": "ups"}]}, "Win32_Battery")),
    variant("core2-powersave", cpu=ok({"name": "Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz",
                                      "manufacturer": "GenuineIntel", "max_clock_mhz": 1600,
                                      "current_clock_mhz": 1600, "registry_mhz": None, "family": 6, "model": 23,
                                      "count": 1}, "Win32_Processor")),
    variant("core2-2ghz", cpu=ok({"name": "Intel(R) Core(TM)2 CPU          6400  @ 2.13GHz",
                                 "manufacturer": "GenuineIntel", "max_clock_mhz": 2133, "current_clock_mhz": 2133,
                                 "registry_mhz": 2133, "family": 6, "model": 15, "count": 1}, "Win32_Processor")),
    variant("celeron-2400", cpu=ok({"name": "Intel(R) Celeron(R) CPU 2.40GHz", "manufacturer": "GenuineIntel",
                                   "max_clock_mhz": 2399, "current_clock_mhz": 2399, "registry_mhz": 2400,
                                   "family": 15, "model": 2, "count": 1}, "Win32_Processor")),
    variant("memory-248-of-256", memory=ok({"installed_bytes": 256 * MB, "usable_bytes": 248 * MB},
                                          "Win32_PhysicalMemory, Win32_ComputerSystem")),
    variant("memory-usable-only-248", memory=ok({"installed_bytes": None, "usable_bytes": 248 * MB},
                                               "Win32_ComputerSystem")),
    variant("memory-128", memory=ok({"installed_bytes": 128 * MB, "usable_bytes": 120 * MB}, "Win32_PhysicalMemory")),
    variant("c-1.9gb-free", disks=ok({"system_drive": "C:", "drives": [
        {"id": "C:", "type": "fixed", "free_bytes": int(1.9 * GB), "total_bytes": 40 * GB, "filesystem": "NTFS"}]},
        "Win32_LogicalDisk")),
    variant("no-optical-drive", optical_drives=absent([], "Win32_CDROMDrive")),
    variant("virtual-optical-only", optical_drives=ok([{"name": "DAEMON Tools Virtual CD",
                                                        "id": "SCSI\\CDROM&VEN_DTSOFT&PROD_VIRTUAL_CDROM\\1",
                                                        "virtual": True}], "Win32_CDROMDrive")),
    variant("english-xp-cp936", os=ok({"family": "windows", "caption": "Microsoft Windows XP Professional",
                                       "version": "5.1.2600", "service_pack": "Service Pack 3",
                                       "architecture": "32-bit", "language_id": 1033, "install_language": "0409",
                                       "code_page": 936, "locale": "0804"}, "Win32_OperatingSystem")),
    variant("windows7-zh", os=ok({"family": "windows", "caption": "Microsoft Windows 7 旗舰版", "version": "6.1.7601",
                                  "service_pack": "Service Pack 1", "architecture": "32 位", "language_id": 2052,
                                  "install_language": "0804", "code_page": 936, "locale": "0804"},
                                 "Win32_OperatingSystem")),
    variant("win2000-no-security-center",
            os=ok({"family": "windows", "caption": "Microsoft Windows 2000 Professional", "version": "5.0.2195",
                   "service_pack": "Service Pack 4", "architecture": None, "language_id": 2052,
                   "install_language": "0804", "code_page": 936, "locale": "0804"}, "Win32_OperatingSystem"),
            security_center=failed("root\\SecurityCenter: 0x8004100E Invalid namespace", "root\\SecurityCenter"),
            programs=ok([{"name": "WinRAR 3.71", "publisher": "win.rar GmbH", "version": "3.71.0", "source": "HKLM"}],
                        "Uninstall keys")),
    variant("win2000-av-by-program",
            os=ok({"family": "windows", "caption": "Microsoft Windows 2000 Professional", "version": "5.0.2195",
                   "service_pack": "Service Pack 4", "architecture": None, "language_id": 2052,
                   "install_language": "0804", "code_page": 936, "locale": "0804"}, "Win32_OperatingSystem"),
            security_center=failed("root\\SecurityCenter: 0x8004100E Invalid namespace", "root\\SecurityCenter"),
            programs=ok([{"name": "江民杀毒软件KV2008", "publisher": "北京江民新科技术有限公司", "version": "11.0",
                          "source": "HKLM"}], "Uninstall keys")),
    variant("no-antivirus", security_center=absent([], "root\\SecurityCenter AntiVirusProduct"),
            programs=ok([{"name": "WinRAR 3.71", "publisher": "win.rar GmbH", "version": "3.71.0", "source": "HKLM"}],
                        "Uninstall keys")),
    variant("qq-and-thunder", programs=with_programs(
        {"name": "腾讯QQ2008", "publisher": "腾讯科技(深圳)有限公司", "version": "8.0.1", "source": "HKLM"},
        {"name": "迅雷5", "publisher": "深圳市迅雷网络技术有限公司", "version": "5.8.9", "source": "WOW6432Node"},
        {"name": "QQ拼音输入法", "publisher": "腾讯", "version": "2.0", "source": "HKLM"})),
    variant("longda-present",
            programs=with_programs({"name": "龙达报关预录入系统", "publisher": "龙达公司", "version": "3.2",
                                    "source": "HKLM"}),
            paths=ok([{"path": "C:\\Longda", "exists": True}, {"path": "C:\\Program Files\\Longda", "exists": False},
                      {"path": "C:\\Program Files\\龙达", "exists": False}, {"path": "D:\\Longda", "exists": False},
                      {"path": "C:\\Program Files\\公路口岸系统", "exists": False}], "FileSystemObject.FolderExists")),
    variant("longda-leftover-folder",
            paths=ok([{"path": "C:\\Longda", "exists": False}, {"path": "C:\\Program Files\\Longda", "exists": False},
                      {"path": "C:\\Program Files\\龙达", "exists": False}, {"path": "D:\\Longda", "exists": True},
                      {"path": "C:\\Program Files\\公路口岸系统", "exists": False}], "FileSystemObject.FolderExists")),
    variant("road-port-coexists",
            programs=with_programs({"name": "公路口岸系统", "publisher": "中国电子口岸", "version": "2.1",
                                    "source": "HKLM"})),
    variant("wmi-failed",
            chassis=failed("Win32_SystemEnclosure: 0x80041010 Invalid class", "Win32_SystemEnclosure"),
            cpu=ok({"name": None, "manufacturer": None, "max_clock_mhz": None, "current_clock_mhz": None,
                    "registry_mhz": 2993, "family": None, "model": None, "count": None}, "HKLM CentralProcessor\\0"),
            memory=failed("Win32_PhysicalMemory: 0x80041003 Access denied", "Win32_PhysicalMemory"),
            optical_drives=failed("Win32_CDROMDrive: 0x80041003 Access denied", "Win32_CDROMDrive"),
            network_adapters=failed("WMI service not running (0x80070422)", "Win32_NetworkAdapter"),
            usb_controllers=failed("WMI service not running (0x80070422)", "Win32_USBController"),
            security_center=failed("WMI service not running (0x80070422)", "root\\SecurityCenter")),
    variant("clock-ten-minutes-ahead", clock=ok({"offset_seconds": 600.2, "server": "evaluator", "rtt_seconds": 0.02,
                                                 "reference_utc": "2026-11-30T01:02:05+00:00",
                                                 "utc_offset_minutes": 480, "tz_name": "中国标准时间",
                                                 "local_date": "2026-11-30", "shanghai_date": "2026-11-30"},
                                                "evaluator")),
    variant("clock-wrong-timezone", clock=ok({"offset_seconds": 0.4, "server": "evaluator", "rtt_seconds": 0.02,
                                              "reference_utc": "2026-11-30T01:12:05+00:00",
                                              "utc_offset_minutes": -480, "tz_name": "Pacific Standard Time",
                                              "local_date": "2026-11-29", "shanghai_date": "2026-11-30"},
                                             "evaluator")),
    variant("clock-not-measured", clock=failed("no answer from NTP server ntp.aliyun.com:123 within 2 s", "sntp")),
    variant("clock-ntp-name-unresolved",
            clock=failed("NTP server name ntp.aliyun.com cannot be resolved (DNS: Name or service not known)", "sntp")),
    # Security Center keeps what it was told: a product turned off, out of date, or one that no longer reports
    variant("antivirus-turned-off", security_center=ok([{"name": "瑞星杀毒软件", "namespace": "root\\SecurityCenter",
                                                         "enabled": False, "up_to_date": True}],
                                                       "root\\SecurityCenter AntiVirusProduct")),
    variant("antivirus-out-of-date", security_center=ok([{"name": "瑞星杀毒软件", "namespace": "root\\SecurityCenter",
                                                          "enabled": True, "up_to_date": False}],
                                                        "root\\SecurityCenter AntiVirusProduct")),
    variant("antivirus-stale-entry",   # uninstalled: Security Center still lists it, without a state
            security_center=ok([{"name": "360杀毒", "namespace": "root\\SecurityCenter", "enabled": None,
                                 "up_to_date": None}], "root\\SecurityCenter AntiVirusProduct"),
            programs=ok([{"name": "WinRAR 3.71", "publisher": "win.rar GmbH", "version": "3.71.0", "source": "HKLM"}],
                        "Uninstall keys")),
    variant("antivirus-state-unreported-but-installed",
            security_center=ok([{"name": "瑞星杀毒软件", "namespace": "root\\SecurityCenter", "enabled": None,
                                 "up_to_date": None}], "root\\SecurityCenter AntiVirusProduct")),
    variant("win7-defender-off-only",  # Windows 7: only a disabled Windows Defender (productState 393472)
            os=ok({"family": "windows", "caption": "Microsoft Windows 7 专业版", "version": "6.1.7601",
                   "service_pack": "Service Pack 1", "architecture": "32 位", "language_id": 2052,
                   "install_language": "0804", "code_page": 936, "locale": "0804"}, "Win32_OperatingSystem"),
            security_center=ok([{"name": "Windows Defender", "namespace": "root\\SecurityCenter2", "enabled": False,
                                 "up_to_date": True}], "root\\SecurityCenter2 AntiVirusProduct"),
            programs=ok([{"name": "WinRAR 5.61 (32-bit)", "publisher": "win.rar GmbH", "version": "5.61.0",
                          "source": "HKLM"}], "Uninstall keys")),
    # virtual optical drives as Win32_CDROMDrive names them (published inventories), no collector judgement
    variant("virtual-alcohol-and-clonedrive", optical_drives=ok([
        {"name": "AXV CD/DVD-ROM SCSI CdRom Device", "id": "SCSI\\CDROM&VEN_AXV&PROD_CD/DVD-ROM&REV_2\\1&2AFD7D61&0&000000",
         "manufacturer": "(标准 CD-ROM 驱动器)"},
        {"name": "ELBY CLONEDRIVE SCSI CdRom Device", "id": "SCSI\\CDROM&VEN_ELBY&PROD_CLONEDRIVE&REV_1.4\\1&2AFD7D61&0&000001",
         "manufacturer": "(标准 CD-ROM 驱动器)"}], "Win32_CDROMDrive")),
    variant("virtual-daemon-and-real-drive", optical_drives=ok([
        {"name": "DTSOFT Virtual CdRom Device", "id": "SCSI\\CDROM&VEN_DTSOFT&PROD_VIRTUAL_CDROM&REV_1.0A\\1&2AFD7D61&0&000000"},
        {"name": "TSSTcorp CDDVDW SH-S182D", "id": "IDE\\CDROMTSSTCORP_CDDVDW_SH-S182D_SB04____\\5&1"}],
        "Win32_CDROMDrive")),
    # XP's WMI misnames newer Intel CPUs (KB952978): the collector takes the registry's name, keeps WMI's
    variant("xp-core2-wmi-misnamed", cpu=ok({"name": "Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz",
                                             "wmi_name": "Intel Pentium III Xeon processor",
                                             "manufacturer": "GenuineIntel", "max_clock_mhz": 2997,
                                             "current_clock_mhz": 2997, "registry_mhz": 2997, "family": 6,
                                             "model": 23, "count": 1, "count_kind": "sockets", "cores": 2,
                                             "logical_processors": 2},
                                            "HKLM CentralProcessor\\0, Win32_Processor")),
    # Windows 2000 with JScript 5.1: the collector's whole document says why (checks.causes: wsh_too_old)
    ("win2000-jscript-51", too_old_document()),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, doc in CASES:
        (OUT / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {len(CASES)} fixtures to {OUT}")


if __name__ == "__main__":
    main()
