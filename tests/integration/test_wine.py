"""The WSH collector under Wine (default, Windows XP, Simplified Chinese), stand-in MSIs built by wixl,
and the exact cmd.exe lines the WinRM path sends, executed by Wine's cmd.exe.

Findings on this 64-bit-only Wine 8 (no wine32), asserted below as they really are:
- a 32-bit MSI still installs (64-bit msiexec) and registers under WOW6432Node; a 64-bit one under
  the native Uninstall key;
- wixl writes the MSI string pool as UTF-8 whatever Codepage says, and Wine's msi then registers an
  empty DisplayName for a Chinese product name, so the collector (rightly) lists no such program;
  Chinese names are proven through the registry instead;
- Wine has no ChassisTypes, Security Center, CD-ROM or USB controller: UNKNOWN / FAIL, never a crash.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from checks.collectors.windows import collect_via_cscript, script_path, script_text
from checks.facts import loads
from checks.profile import load_profile
from checks.rules import judge
from checks.winrm.commands import build_delivery
from tests.conftest import FIXTURES, require_program
from tests.support.wine import WinePrefix

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def msis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    wixl = require_program("wixl")
    out = tmp_path_factory.mktemp("msi")
    built = {}
    for wxs in sorted((FIXTURES / "msi").glob("*.wxs")):
        arch = "x64" if "ProgramFiles64Folder" in wxs.read_text("utf-8") else "x86"
        target = out / f"{wxs.stem}.msi"
        subprocess.run([wixl, "-a", arch, "-o", str(target), str(wxs)], cwd=FIXTURES / "msi", check=True,
                       capture_output=True, timeout=60)
        built[wxs.stem] = target
    return built


def test_default_prefix_output_validates_and_wine_quirks_are_unknown(wine: WinePrefix) -> None:
    facts, raw = wine.collect("C:\\windows", "D:\\Longda")
    assert raw.isascii(), "the collector escapes every non-ASCII character"
    assert set(facts.probes) == {"system", "chassis", "battery", "cpu", "memory", "disks", "optical_drives",
                                 "network_adapters", "usb_controllers", "os", "security_center", "programs",
                                 "services", "paths", "clock"}
    assert facts.collector["name"] == "wsh"
    assert facts.probes["system"].value["emulator"] == "wine"
    assert facts.probes["chassis"].status == "failed" and "ChassisTypes" in facts.probes["chassis"].error
    assert facts.probes["security_center"].status == "failed"
    assert "0x8004100E" in facts.probes["security_center"].error
    assert set(facts.collector["unread"]) >= {"chassis", "security_center"}
    assert facts.probes["cpu"].value["registry_mhz"] and facts.probes["memory"].value["installed_bytes"]
    assert {"path": "C:\\windows", "exists": True} in facts.probes["paths"].value
    checks = {c.id: c.status for c in judge(facts, load_profile("current")).checks}
    assert checks["chassis"] == "unknown" and checks["antivirus"] == "unknown"


def test_what_wine_shows_of_the_real_windows_changes(wine: WinePrefix) -> None:
    """Bitness, the registry's CPU name beside WMI's, TimeZoneKeyName, a REG_EXPAND_SZ DisplayName."""
    key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\QpExpandTest"
    wine.run("reg", "add", key, "/v", "DisplayName", "/t", "REG_EXPAND_SZ", "/d", "扩展名程序 %SystemDrive%", "/f")
    try:
        facts, _ = wine.collect()
    finally:
        wine.run("reg", "delete", key, "/f")
    assert (facts.collector["script_bits"], facts.collector["os_bits"]) == (64, 64)   # wine64 only
    cpu = facts.probes["cpu"].value
    name = wine.run("reg", "query", "HKLM\\HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", "/v",
                    "ProcessorNameString").stdout.decode("utf-8", "replace")
    assert cpu["name"] and cpu["name"] in name and cpu["wmi_name"]
    assert cpu["count_kind"] == "sockets" and cpu["logical_processors"]
    tz = wine.run("reg", "query", "HKLM\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation", "/v",
                  "TimeZoneKeyName").stdout.decode("utf-8", "replace")
    assert facts.collected_at["tz_name"] and facts.collected_at["tz_name"] in tz
    programs = {p["name"]: p["source"] for p in facts.probes["programs"].value}
    assert programs["扩展名程序 %SystemDrive%"].startswith("HKU\\S-1-5-")      # reg export writes it as hex(2)


def test_without_the_file_system_object_the_wmi_facts_still_come(wine: WinePrefix, tmp_path: Path) -> None:
    """An XP hardened with 'regsvr32 /u scrrun.dll': Scripting.FileSystemObject cannot be created.

    Wine's own 'regsvr32 /u scrrun.dll' also drops the .js association (cscript then runs nothing) and
    Wine's WScript.Shell imports scrrun.dll, so the test removes what unregistering removes for the
    collector, the Scripting.FileSystemObject class name, and puts it back afterwards.
    """
    saved = tmp_path / "fso.reg"
    wine.run("reg", "export", "HKCR\\Scripting.FileSystemObject", wine.win(saved), "/y")
    wine.run("reg", "delete", "HKCR\\Scripting.FileSystemObject", "/f")
    try:
        facts, _ = wine.collect("C:\\windows")
    finally:
        wine.run("reg", "import", wine.win(saved))
    paths = facts.probes["paths"]
    assert paths.status == "failed" and paths.error.startswith("Scripting.FileSystemObject: 0x800A01AD")
    assert facts.probes["programs"].status == "failed"        # Wine's fallback needs reg.exe and a temp file
    for name in ("system", "cpu", "memory", "disks", "network_adapters", "os", "services"):
        assert facts.probes[name].status == "observed", name
    checks = {c.id: c for c in judge(facts, load_profile("current")).checks}
    assert checks["longda"].status == "unknown" and checks["longda"].remedy == "remedy.cause.no_fso"
    assert wine.collect("C:\\windows")[0].probes["paths"].status == "observed"     # put back


def test_xp_mode_and_simplified_chinese_locale(wine: WinePrefix) -> None:
    wine.run("reg", "add", "HKCU\\Software\\Wine", "/v", "Version", "/d", "winxp", "/f")
    try:
        facts, _ = wine.collect()
    finally:
        wine.run("reg", "delete", "HKCU\\Software\\Wine", "/v", "Version", "/f")
    os_value = facts.probes["os"].value
    assert os_value["version"].startswith("5.1.") and "XP" in os_value["caption"]
    assert os_value["language_id"] == 2052 and os_value["code_page"] == 936
    assert facts.probes["paths"].source.endswith("(default folders)")   # no /paths: the seed-2007 folders
    judgement = judge(facts, load_profile("seed-2007"))
    assert {c.id: c.status for c in judgement.checks}["os"] == "pass"
    assert judgement.verdict == "not_ready"    # Wine has no optical drive and no USB controller


def test_stand_in_msis_land_under_the_right_uninstall_keys(wine: WinePrefix, msis: dict[str, Path]) -> None:
    for msi in msis.values():
        wine.run("msiexec", "/i", wine.win(msi), "/qn", timeout=180)
    wine.run("reg", "add", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\XunleiZh",
             "/v", "DisplayName", "/d", "迅雷5", "/f")
    facts, _ = wine.collect("C:\\Program Files (x86)\\Longda", "C:\\Program Files\\公路口岸系统")
    programs = {p["name"]: p["source"] for p in facts.probes["programs"].value}
    assert programs["Tencent QQ 2009"] == "HKLM\\WOW6432Node"       # 32-bit MSI on 64-bit Wine
    assert programs["Thunder 5 (Xunlei)"] == "HKLM\\WOW6432Node"
    assert programs["Road Port System"] == "HKLM"                   # 64-bit MSI
    assert programs["迅雷5"].startswith("HKU\\S-1-5-")                # per-user key, Chinese name intact
    assert not any("迅雷5" == n for n, s in programs.items() if s.startswith("HKLM")), \
        "wixl's UTF-8 string pool now decodes in Wine: update this test and the notes"
    # an English code page (1252) must not turn the Chinese name into "??" (reg export is UTF-16)
    english, _ = wine.collect(env={"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
    assert english.probes["os"].value["code_page"] != 936
    assert "迅雷5" in {p["name"] for p in english.probes["programs"].value}
    paths = {p["path"]: p["exists"] for p in facts.probes["paths"].value}
    assert paths == {"C:\\Program Files (x86)\\Longda": True, "C:\\Program Files\\公路口岸系统": False}
    checks = {c.id: c for c in judge(facts, load_profile("seed-2007")).checks}
    assert checks["dedicated"].status == "warn" and "QQ" in checks["dedicated"].observed
    assert "迅雷" in checks["dedicated"].observed
    assert checks["longda"].status == "fail"
    assert checks["road_port"].status == "pass" and "Road Port System" in checks["road_port"].observed


def test_winrm_command_lines_work_in_cmd_with_spaces_and_chinese(wine: WinePrefix, tmp_path: Path) -> None:
    base = "C:\\临时 文件夹\\测 试"
    wine.unix(base).mkdir(parents=True)
    delivery = build_delivery(script_text(), ["C:\\Program Files\\龙达", "D:\\Longda"], base=base, limit=3000)
    assert len(delivery.setup) > 8            # several chunks, each near the (reduced) line limit
    for line in delivery.setup:     # send(): an append Wine ended without running it goes once more
        assert wine.send(line, tmp_path) == 0, (line[:120], wine.last_stderr)
    assert (wine.unix(delivery.workdir) / "collect_facts.js").read_text("ascii") == script_text()
    code, out = wine.exact(delivery.run, tmp_path, capture=True)
    assert code == 0
    facts = loads(out)
    assert facts.probes["paths"].value[0]["path"] == "C:\\Program Files\\龙达"
    code, _ = wine.exact(delivery.cleanup, tmp_path)
    assert code == 0 and not wine.unix(delivery.workdir).exists()


def test_a_chunk_lost_or_sent_twice_stops_the_decoder(wine: WinePrefix, tmp_path: Path) -> None:
    """cmd.exe's exit code for a failed ``>>`` cannot be trusted (Wine's is 0, shown first), so the decoders
    count the hex digits: a lost or doubled chunk ends them with INCOMPLETE_EXIT and writes nothing."""
    from checks.winrm.commands import INCOMPLETE_EXIT
    from checks.winrm.deliver import build_upload

    assert wine.exact('>>"C:\\no such folder\\x.hex" echo 00', tmp_path)[0] == 0      # the redirect failed
    base = "C:\\qp lost"
    wine.unix(base).mkdir(parents=True, exist_ok=True)
    for drop, twice in ((1, None), (None, 2)):      # which chunk is lost / sent twice; a new folder each time
        delivery = build_delivery(script_text(), [], base=base, limit=3000)
        chunks = [i for i, line in enumerate(delivery.setup) if line.startswith(">>")]
        for i, line in enumerate(delivery.setup[:-1]):
            if drop is None or i != chunks[drop]:
                assert wine.send(line, tmp_path) == 0, (line[:120], wine.last_stderr)
            if twice is not None and i == chunks[twice]:
                assert wine.send(line, tmp_path) == 0, (line[:120], wine.last_stderr)
        assert wine.exact(delivery.setup[-1], tmp_path)[0] == INCOMPLETE_EXIT
        assert not (wine.unix(delivery.workdir) / "collect_facts.js").exists()
        assert wine.exact(delivery.cleanup, tmp_path)[0] == 0
    upload = build_upload({"a.bin": bytes(range(256)) * 20}, {"a.bin"}, base=base, token="lostbin", limit=1200)
    decode = next(i for i, line in enumerate(upload.setup) if "unhexbin.js\" \"" in line)
    for i, line in enumerate(upload.setup[:decode]):
        if i != decode - 2:                                     # one chunk of the binary file lost
            assert wine.send(line, tmp_path) == 0, (line[:120], wine.last_stderr)
    assert wine.exact(upload.setup[decode], tmp_path)[0] == INCOMPLETE_EXIT
    assert not wine.unix(upload.path("a.bin")).exists()
    assert wine.exact(upload.cleanup, tmp_path)[0] == 0


def test_default_temp_line_expands_temp(wine: WinePrefix, tmp_path: Path) -> None:
    delivery = build_delivery("WScript.Echo('ok');", [], token="t0")
    for line in delivery.setup:
        assert wine.exact(line, tmp_path)[0] == 0
    code, out = wine.exact('cscript //nologo "%TEMP%\\qpfleet-t0\\collect_facts.js"', tmp_path, capture=True)
    assert code == 0 and out.strip() == b"ok"
    assert wine.exact(delivery.cleanup, tmp_path)[0] == 0


def test_collect_via_cscript_is_the_local_entry_point(wine: WinePrefix, monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in wine.env.items():
        monkeypatch.setenv(k, v)
    facts = collect_via_cscript(["C:\\windows"], prefix=["wine"], script=wine.win(Path(script_path())))
    assert facts.probes["paths"].value == [{"path": "C:\\windows", "exists": True}]
    assert shutil.which("wine")


def test_preflight_over_winrm_with_commands_executed_by_wine(wine: WinePrefix, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole path: pywinrm -> loopback WS-Management (NTLM, sealed) -> each line run by Wine's cmd.exe."""
    from checks.winrm.fleet import run_fleet
    from checks.winrm.remote import Target, Timeouts
    from tests.unit.winrm_replay import ReplayServer

    creds = tmp_path / "ntlm-users"
    creds.write_text("QPDOM:qpadmin:Wine-Pa55\n", "utf-8")
    monkeypatch.setenv("NTLM_USER_FILE", str(creds))

    def in_wine(line: str) -> tuple[bytes, bytes, int]:
        capture = "collect_facts.js\" /paths:" in line
        code, out = wine.exact(line, tmp_path, capture=capture)
        return out, b"", code

    with ReplayServer(in_wine, auth="ntlm") as srv:
        target = Target("127.0.0.1", srv.port, user="QPDOM\\qpadmin", password="Wine-Pa55")
        (res,) = run_fleet([target], load_profile("seed-2007"), script_text(), ["C:\\Program Files\\龙达"],
                           Timeouts(connect=5, operation=20, total=240))
    assert res.outcome.status == "collected", res.outcome.reason
    facts = res.outcome.facts
    assert facts.probes["paths"].value == [{"path": "C:\\Program Files\\龙达", "exists": False}]
    assert facts.probes["clock"].status == "observed" and facts.probes["clock"].source == "evaluator"
    assert abs(facts.probes["clock"].value["offset_seconds"]) < 60
    assert res.result == "not_ready"          # Wine: no optical drive, no USB controller
    assert srv.commands[-1].startswith("rmdir /s /q ")
    assert not list((wine.root / "drive_c" / "users").glob("**/qpfleet-*")), "the collector was left behind"
