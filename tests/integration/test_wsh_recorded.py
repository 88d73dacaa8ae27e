"""The real collector in Wine's JScript against recorded Windows machines (tests/fixtures/wsh/*.json).

What Wine cannot show (JScript 5.1, StdRegProv and the 64-bit registry view, XP's WMI processor names,
Security Center states, a hardened XP without scrrun.dll) is replayed from raw values; the collector
runs unchanged. See tests/support/recorded_windows.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.facts import PROBE_NAMES, validate
from checks.profile import load_profile
from checks.rules import judge
from tests.support import recorded_windows
from tests.support.wine import WinePrefix

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_windows_2000_with_jscript_51_gets_a_complete_document_that_says_why(wine: WinePrefix,
                                                                             tmp_path: Path) -> None:
    recorded = recorded_windows.recording("win2000-jscript51")
    facts, raw = recorded_windows.run(wine, tmp_path, recorded, jscript_51=True)
    assert raw.isascii() and validate(facts.to_json()) == []
    assert facts.host == "BGQY-W2K" and facts.collector["jscript"] == "5.1"
    assert facts.collected_at["tz_name"] == "中国标准时间"
    assert set(facts.probes) == set(PROBE_NAMES) and facts.collector["unread"] == list(PROBE_NAMES)
    for probe in facts.probes.values():
        assert probe.status == "failed"
        assert probe.error.startswith("Windows Script 5.6 needed: this computer has JScript 5.1")
    checks = judge(facts, load_profile("seed-2007")).checks
    assert {c.status for c in checks if c.level == "must"} == {"unknown"}


def _programs(facts) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted((p["name"], p["source"]) for p in facts.probes["programs"].value or [])


def test_xp_misnames_a_core_2_in_wmi_the_registry_name_wins(wine: WinePrefix, tmp_path: Path) -> None:
    facts, raw = recorded_windows.run(wine, tmp_path, recorded_windows.recording("xp-sp3-core2-e8400"))
    assert raw.isascii() and validate(facts.to_json()) == []
    cpu = facts.probes["cpu"].value
    assert cpu["name"] == "Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz"
    assert cpu["wmi_name"] == "Intel Pentium III Xeon processor"           # kept, as WMI said it
    assert (cpu["family"], cpu["model"]) == (6, 23)                         # the registry's, not WMI's model 7
    assert (cpu["count"], cpu["count_kind"], cpu["cores"], cpu["logical_processors"]) == (1, "sockets", 2, 2)
    assert facts.probes["cpu"].source == "HKLM CentralProcessor\\0, Win32_Processor"
    assert facts.collected_at["tz_name"] == "中国标准时间"                   # XP: no TimeZoneKeyName
    assert facts.collector["script_bits"] == facts.collector["os_bits"] == 32
    assert facts.collector["admin"] is True and facts.collector["jscript"] == "5.7"
    assert _programs(facts) == [("WinRAR 3.71", "HKLM"), ("瑞星杀毒软件", "HKLM")]   # KB958644 has no DisplayName
    assert facts.probes["programs"].source == "Uninstall keys (StdRegProv, RegRead)"
    assert facts.probes["os"].value["architecture"] == "32-bit"             # no OSArchitecture before Vista
    assert facts.probes["optical_drives"].value == [{"name": "TSSTcorp CDDVDW SH-S223C", "id": (
        "IDE\\CDROMTSSTCORP_CDDVDW_SH-S223C________________SB02____\\5&1A2B3C4D&0&1.0.0"),
        "manufacturer": "(标准 CD-ROM 驱动器)", "drive": "E:"}]
    statuses = {c.id: c.status for c in judge(facts, load_profile("seed-2007")).checks}
    assert {k for k, v in statuses.items() if v != "pass"} == {"clock"}   # the clock needs the evaluator


def test_hardened_xp_sp2_without_scrrun_still_gives_every_wmi_and_registry_fact(wine: WinePrefix,
                                                                               tmp_path: Path) -> None:
    facts, _ = recorded_windows.run(wine, tmp_path, recorded_windows.recording("xp-sp2-p4-ht-hardened"))
    assert facts.collector["unread"] == ["paths"]
    paths = facts.probes["paths"]
    assert paths.status == "failed" and paths.error.startswith("Scripting.FileSystemObject: 0x800A01AD")
    cpu = facts.probes["cpu"].value
    assert (cpu["count"], cpu["count_kind"], cpu["cores"], cpu["logical_processors"]) == (2, "logical", None, 2)
    assert facts.collector["admin"] is False and facts.collector["user"] == "BGQY-PC02\\clerk"
    # REG_EXPAND_SZ read by RegRead; the per-user key found; the _Classes hive skipped
    assert _programs(facts) == [("WinRAR 3.71", "HKLM"), ("瑞星杀毒软件", "HKLM"), ("腾讯QQ2009", "HKLM"),
                                ("迅雷5", "HKU\\S-1-5-21-1957994488-1004336348-725345543-1003")]
    qq = next(p for p in facts.probes["programs"].value if p["name"] == "腾讯QQ2009")
    assert qq["install_location"] == "%ProgramFiles%\\Tencent\\QQ"
    checks = {c.id: c for c in judge(facts, load_profile("seed-2007")).checks}
    assert checks["antivirus"].status == "fail" and checks["antivirus"].message == "antivirus.disabled"
    assert checks["dedicated"].status == "warn" and "迅雷5" in checks["dedicated"].observed
    assert checks["longda"].status == "unknown" and checks["longda"].remedy == "remedy.cause.no_fso"
    assert checks["cpu"].status == "pass"


def test_a_32_bit_cscript_on_64_bit_windows_reads_the_64_bit_registry(wine: WinePrefix, tmp_path: Path) -> None:
    facts, _ = recorded_windows.run(wine, tmp_path, recorded_windows.recording("win7-x64-32bit-cscript"))
    assert (facts.collector["script_bits"], facts.collector["os_bits"]) == (32, 64)
    # 64-bit programs seen, 32-bit ones once, REG_EXPAND_SZ through GetExpandedStringValue
    assert _programs(facts) == [("360杀毒", "HKLM\\WOW6432Node"), ("7-Zip 9.20 (x64 edition)", "HKLM"),
                                ("WinRAR 5.61 (64-bit)", "HKLM"), ("腾讯QQ2009", "HKLM\\WOW6432Node")]
    assert facts.probes["programs"].source == "Uninstall keys (StdRegProv 64-bit view)"
    assert facts.collected_at["tz_name"] == "China Standard Time"            # not "@tzres.dll,-572"
    assert facts.probes["os"].value["architecture"] == "64 位"
    assert facts.probes["security_center"].value == [{"name": "360杀毒", "namespace": "root\\SecurityCenter2",
                                                      "enabled": True, "up_to_date": True}]
    statuses = {c.id: c.status for c in judge(facts, load_profile("current")).checks}
    assert statuses["antivirus"] == "pass" and statuses["dedicated"] == "warn" and statuses["os"] == "pass"


def test_virtual_drives_are_recorded_as_windows_names_them_and_never_pass(wine: WinePrefix,
                                                                         tmp_path: Path) -> None:
    facts, _ = recorded_windows.run(wine, tmp_path, recorded_windows.recording("xp-virtual-drives-only"))
    drives = facts.probes["optical_drives"].value
    assert [d["name"] for d in drives] == ["AXV CD/DVD-ROM SCSI CdRom Device", "ELBY CLONEDRIVE SCSI CdRom Device"]
    assert all("virtual" not in d for d in drives)                    # recognised by the rules, from the profile
    optical = next(c for c in judge(facts, load_profile("seed-2007")).checks if c.id == "optical_drive")
    assert optical.status == "warn" and optical.message == "optical_drive.virtual"
