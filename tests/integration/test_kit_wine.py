"""The USB kit under Wine: conformance of the generated evaluator, selfcheck.cmd and install.cmd run by
Wine's cmd.exe from a folder whose path has spaces and Chinese characters, stand-in MSIs built by wixl
(the QP client, 32-bit; the road-port system, 64-bit; Longda), the clock without a network, the
refusals, a second run, /check and /undo, and ``qpfleet kit collect`` into the state database.

The Wine "terminal" is judged with tests/fixtures/kit/wine-lab.yaml (Wine reports no chassis, optical
drive, USB controller or Security Center) and runs in Asia/Shanghai. Its console is a pseudo-terminal,
as a person's is; standard input is /dev/null (no console input) or a pipe with what is typed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from checks import facts as facts_mod
from checks.evaluator.generate import evaluator_script
from checks.profile import builtin_names, load_profile
from checks.rules import judge
from provisioning.cli import main
from tests.conftest import FIXTURES, ROOT, require_program
from tests.support.wine import WinePrefix, build_msis

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QP_CODE = "{6D3F4F0B-4A2B-4C39-9E4B-1C8E2B7A0901}"
WOW_UNINSTALL = "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall"
DEFAULTS_KEY = "HKLM\\SOFTWARE\\WOW6432Node\\QuickPass\\Defaults"
DEVICE_KEY = "HKCU\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows"
ROAD_PORT_DIR = "C:\\Program Files\\RoadPort"
INI = "C:\\QuickPass\\QPPrint.ini"


@dataclass
class Lab:
    wine: WinePrefix
    host: str
    kit: Path
    db: Path
    msis: dict[str, Path]
    registry: Path

    def console(self, script: str, *args: str, typed: str | None = None, wrap: list[str] | None = None,
                env: dict[str, str] | None = None) -> tuple[int, str]:
        return self.wine.run_console(["cmd", "/c", script, *args, "/nopause"], self.kit, typed, env=env, wrap=wrap)

    @property
    def results(self) -> Path:
        return self.kit / "results" / self.host

    def doc(self, name: str) -> dict:
        return json.loads((self.results / name).read_text("ascii"))

    def reg(self, key: str, value: str) -> str | None:
        proc = self.wine.run("reg", "query", key, "/v", value, check=False)
        if proc.returncode:
            return None
        for line in proc.stdout.decode("gbk", "replace").splitlines():
            parts = line.strip().split(None, 2)
            if parts and parts[0] == value:
                return parts[2] if len(parts) == 3 else ""
        return None


def beijing(minutes: int = 0) -> str:
    return (dt.datetime.now(ZoneInfo("Asia/Shanghai")) + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def road_port_files(wine: WinePrefix) -> dict[str, str]:
    root = wine.unix(ROAD_PORT_DIR)
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def lab(wine: WinePrefix, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    tmp = tmp_path_factory.mktemp("kitlab")
    wixl = require_program("wixl")
    msis = {**build_msis(FIXTURES / "kit", tmp, wixl), **build_msis(FIXTURES / "msi", tmp, wixl)}
    host = wine.run("cmd", "/c", "echo %COMPUTERNAME%").stdout.decode("ascii").strip()
    registry = tmp / "inventory"
    shutil.copytree(ROOT / "inventory" / "registry", registry / "registry")
    site = registry / "registry" / "site-5316.yml"
    site.write_text(site.read_text("utf-8").replace("host: lh-qp01", f"host: {host.lower()}"), "utf-8")
    client = tmp / "qp_client.yml"
    client.write_text((ROOT / "inventory" / "qp_client.yml").read_text("utf-8").replace(
        "road_port_folders: []", f"road_port_folders: ['{ROAD_PORT_DIR}']"), "utf-8")
    wine.run("msiexec", "/i", wine.win(msis["roadport"]), "/qn", timeout=180)
    wine.run("reg", "add", "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Print\\Printers\\HP LaserJet 1020",
             "/v", "Port", "/d", "USB001", "/f")
    kit = tmp / "U盘 工具" / "QP 检查"
    db = tmp / "state.sqlite3"
    code = main(["kit", "build", "--enterprise", "4403980203", "-i", str(registry / "registry"), "--out", str(kit),
                 "--profile", str(FIXTURES / "kit" / "wine-lab.yaml"), "--client", str(client),
                 "--qp-msi", str(msis["qpclient"]), "--qp-product-code", QP_CODE, "--db", str(db)])
    assert code == 0
    yield Lab(wine, host, kit, db, msis, registry)


def test_generated_evaluator_judges_every_fixture_as_the_python_rules(wine: WinePrefix, tmp_path: Path) -> None:
    fixtures = sorted((FIXTURES / "facts").glob("*.json"))
    for path in fixtures:   # the collector's transport form: pure ASCII, \\uXXXX escapes
        (tmp_path / path.name).write_text(json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=True), "ascii")
    for name in builtin_names():
        profile = load_profile(name)
        script = tmp_path / f"evaluate-{name}.js"
        script.write_bytes(evaluator_script(profile).replace("\n", "\r\n").encode("ascii"))
        out = tmp_path / f"out-{name}"
        args = [f"/facts:{wine.win(tmp_path / p.name)}" for p in fixtures]
        proc = wine.run("cscript", "//nologo", wine.win(script), *args, f"/out:{wine.win(out)}", "/quiet",
                        timeout=300, check=False)
        assert proc.returncode == 0, proc.stdout[-500:]
        for path in fixtures:
            kit = json.loads((out / f"{path.stem}.verdict.json").read_text("ascii"))
            ours = judge(facts_mod.load(path), profile)
            assert kit["verdict"] == ours.verdict, f"{name}: {path.name}"
            assert [(c["id"], c["status"], c["message"], c["observed"]) for c in kit["checks"]] == \
                   [(c.id, c.status, c.message, c.observed) for c in ours.checks], f"{name}: {path.name}"


def test_an_invalid_facts_file_is_told_in_chinese_by_real_jscript(wine: WinePrefix, tmp_path: Path) -> None:
    """The same words as the CLI (the node test compares ten cases in both languages); here JScript
    itself, through a console as a clerk sees it."""
    from checks.errors import InputError
    from checks.i18n import t

    doc = json.loads((FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json").read_text("utf-8"))
    doc["probes"]["cpu"]["status"] = "seen"
    del doc["host"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=True), "ascii")
    script = tmp_path / "evaluate.js"
    script.write_bytes(evaluator_script(load_profile("seed-2007")).replace("\n", "\r\n").encode("ascii"))
    code, screen = wine.run_console(["cscript", "//nologo", wine.win(script), f"/facts:{wine.win(bad)}"], tmp_path)
    with pytest.raises(InputError) as caught:
        facts_mod.from_json(doc)
    assert code == 2
    screen = screen.replace("\n", "")         # the console wraps at 80 columns
    assert f"{wine.win(bad)}: " + t("kit.facts_invalid", "zh", why=caught.value.msg.params["detail"]) in screen
    assert "检测数据无效：host: 缺少必填的字段；probes.cpu.status: \"seen\" 不是可选的值" in screen


def test_selfcheck_without_console_input_does_not_wait_and_reports_in_chinese(lab: Lab) -> None:
    code, screen = lab.console("selfcheck.cmd")          # stdin: /dev/null, as when nobody can type
    assert code == 3, screen
    assert "QP系统终端自检报告" in screen and "无法确定：部分项目未能检测" in screen
    assert "时间来源：未测量" in screen and "没有测到系统时间" in screen
    clock = lab.doc("facts.json")["probes"]["clock"]
    assert clock["status"] == "failed" and "no console input" in clock["error"]
    verdict = lab.doc("verdict.json")
    assert verdict["verdict"] == "undetermined" and {"id": "clock", "status": "unknown"}.items() <= \
        next(c for c in verdict["checks"] if c["id"] == "clock").items()
    assert "检测结果已保存到U盘" in screen


def test_unreadable_typed_time_is_asked_again_then_not_measured(lab: Lab) -> None:
    code, screen = lab.console("selfcheck.cmd", typed="12:30\n")
    assert code == 3
    assert "无法识别输入的“12:30”" in screen
    assert screen.count("请看手机上显示的北京时间") == 2


def test_typed_beijing_time_is_a_manual_reading_named_in_every_report(lab: Lab, cli) -> None:
    code, screen = lab.console("selfcheck.cmd", typed=beijing() + "\n")
    assert code == 0, screen
    assert "时间来源：手工输入的北京时间" in screen and "== 可以安装QP系统 ==" in screen
    facts = lab.results / "facts.json"
    clock = json.loads(facts.read_text("ascii"))["probes"]["clock"]
    assert clock["source"] == "manual" and abs(clock["value"]["offset_seconds"]) < 120
    profile = str(FIXTURES / "kit" / "wine-lab.yaml")
    rc, out, _ = cli("selfcheck", "--facts", str(facts), "--profile", profile, "--lang", "zh")
    assert rc == 0 and "时间来源：手工输入的北京时间（手机读数，允许误差放宽 120 秒）" in out
    rc, out, _ = cli("selfcheck", "--facts", str(facts), "--profile", profile, "--lang", "en", "--json")
    assert json.loads(out)["clock_source"].startswith("Beijing time typed in from a phone")


def test_w32tm_reading_needs_no_question(lab: Lab, tmp_path: Path) -> None:
    stub = tmp_path / "bin"
    stub.mkdir()
    recorded = FIXTURES / "kit" / "w32tm-stripchart-en.txt"
    (stub / "w32tm.cmd").write_bytes(f'@type "{lab.wine.win(recorded)}"\r\n'.encode("ascii"))
    code, screen = lab.console("selfcheck.cmd", env={"WINEPATH": lab.wine.win(stub)})
    assert code == 0, screen
    assert "北京时间" not in screen.split("QP系统终端自检报告")[0]          # nothing was asked
    assert "时间来源：NTP时间服务器 ntp.aliyun.com（w32tm 测量）" in screen
    clock = lab.doc("facts.json")["probes"]["clock"]
    assert clock["source"] == "w32tm" and clock["value"]["offset_seconds"] == -0.002   # median 1.7035 ms, negated


def test_refused_when_not_ready_undetermined_or_counted_out(lab: Lab) -> None:
    code, screen = lab.console("install.cmd", typed=beijing(180) + "\n")     # the PC clock 3 hours behind
    assert code == 1, screen
    doc = lab.doc("install.json")
    assert (doc["outcome"], doc["reason"]["key"]) == ("refused", "install.refused.not_ready")
    assert "clock" in doc["reason"]["params"]["failed"] and "不能安装：本机自检结果为“不符合要求”" in screen
    code, _ = lab.console("install.cmd")                                       # nobody types: undetermined
    assert code == 3 and lab.doc("install.json")["reason"]["key"] == "install.refused.undetermined"
    other = lab.kit / "results" / "OTHER-PC"
    other.mkdir()
    (other / "install.json").write_text(json.dumps({"action": "install", "check": False, "outcome": "installed",
                                                    "host": "OTHER-PC"}), "ascii")
    try:
        code, screen = lab.console("install.cmd", typed=beijing() + "\n")
    finally:
        shutil.rmtree(other)
    doc = lab.doc("install.json")
    assert code == 1 and doc["reason"]["key"] == "install.refused.count_reached", screen
    assert doc["count"]["from_kit"] == ["other-pc"] and "已达到海关批准的终端数 1 台" in screen
    assert lab.reg(f"{WOW_UNINSTALL}\\{QP_CODE}", "DisplayVersion") is None


def test_refused_when_a_kit_file_was_changed(lab: Lab) -> None:
    readme = lab.kit / "README.txt"
    original = readme.read_bytes()
    readme.write_bytes(original + b" ")
    try:
        code, screen = lab.console("install.cmd", typed=beijing() + "\n")
    finally:
        readme.write_bytes(original)
    assert code == 1, screen
    assert "工具包中的文件“README.txt”已被改动" in screen
    assert lab.doc("install.json")["reason"] == {"key": "install.refused.tampered", "params": {"file": "README.txt"}}


def test_read_only_stick_still_reports_and_says_it_could_not_save(lab: Lab) -> None:
    # Immutable files (chattr +i) stop even root, and wineserver opens files for Wine's processes.
    import subprocess

    chattr = require_program("chattr")
    saved = lab.results / "verdict.json"
    before = saved.read_bytes() if saved.exists() else None
    subprocess.run([chattr, "-R", "+i", str(lab.kit)], check=True, capture_output=True)
    try:
        code, screen = lab.console("selfcheck.cmd", typed=beijing() + "\n")
        code2, screen2 = lab.console("install.cmd", typed=beijing() + "\n")
    finally:
        subprocess.run([chattr, "-R", "-i", str(lab.kit)], check=True, capture_output=True)
    assert code == 0 and "== 可以安装QP系统 ==" in screen, screen
    assert "无法把检测结果保存到U盘" in screen
    assert (saved.read_bytes() if saved.exists() else None) == before
    assert code2 == 1 and "不能安装：无法在" in screen2, screen2
    assert lab.reg(f"{WOW_UNINSTALL}\\{QP_CODE}", "DisplayVersion") is None


def test_install_twice_check_and_undo(lab: Lab) -> None:
    road_before = road_port_files(lab.wine)
    assert road_before, "the road-port stand-in is installed"
    device_before = lab.reg(DEVICE_KEY, "Device")
    code, screen = lab.console("install.cmd", typed=beijing() + "\n")
    assert code == 0, screen
    doc = lab.doc("install.json")
    assert (doc["outcome"], doc["reboot_needed"]) == ("installed", False)
    assert doc["qp"]["before"] is None and doc["qp"]["after"] == "1.0.0"
    assert doc["qp"]["uninstall_key"].endswith(f"WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{QP_CODE}")
    assert lab.reg(f"{WOW_UNINSTALL}\\{QP_CODE}", "DisplayVersion") == "1.0.0"      # 32-bit MSI on 64-bit Wine
    assert doc["msiexec"]["exit_code"] == 0 and (lab.results / doc["msiexec"]["log"]).is_file()
    assert doc["road_port"]["intact"] and doc["road_port"]["before"]["files"] == len(road_before)
    assert road_port_files(lab.wine) == road_before
    assert lab.reg(DEFAULTS_KEY, "DeclarationType") == "有纸报关" and lab.reg(DEFAULTS_KEY, "DeclareCustoms") == "5316"
    ini = lab.wine.unix(INI).read_bytes().decode("gbk")
    assert "Format=标准格式\r\n" in ini and "Paper=A4" in ini and "Printer=HP LaserJet 1020" in ini
    assert lab.reg(DEVICE_KEY, "Device") == "HP LaserJet 1020,winspool,USB001"
    changes = {c["id"]: c for c in doc["changes"]}
    assert changes["declaration_type"]["before"] is None and changes["declaration_type"]["after"] == "有纸报关"
    assert "QP系统 1.0.0 已安装" in screen

    code, screen = lab.console("install.cmd", typed=beijing() + "\n")
    again = lab.doc("install.json")
    assert code == 0 and again["outcome"] == "unchanged", screen
    assert all(c["result"] == "unchanged" for c in again["changes"]) and again["msiexec"] is None
    assert "这次没有改动任何东西" in screen
    assert list(lab.results.glob("install-*.json")), "the earlier result documents are kept"

    code, screen = lab.console("install.cmd", "/check", typed=beijing() + "\n")
    assert code == 0 and lab.doc("install.json")["check"] and lab.doc("install.json")["outcome"] == "unchanged"

    code, screen = lab.console("install.cmd", "/undo")
    undone = lab.doc("install.json")
    assert code == 0 and undone["outcome"] == "undone", screen
    assert lab.reg(f"{WOW_UNINSTALL}\\{QP_CODE}", "DisplayVersion") is None
    assert lab.reg(DEFAULTS_KEY, "DeclarationType") is None and lab.reg(DEFAULTS_KEY, "DeclareCustoms") is None
    assert lab.reg(DEVICE_KEY, "Device") == device_before
    assert "Format=" not in lab.wine.unix(INI).read_bytes().decode("gbk")
    assert undone["road_port"]["intact"] and road_port_files(lab.wine) == road_before
    assert {c["result"] for c in undone["changes"]} == {"removed"}

    code, _ = lab.console("install.cmd", "/undo")
    assert code == 0 and lab.doc("install.json")["reason"]["key"] == "install.nothing_to_undo"


def test_refused_when_the_old_vendor_system_is_present(lab: Lab) -> None:
    lab.wine.run("msiexec", "/i", lab.wine.win(lab.msis["longda"]), "/qn", timeout=180)
    try:
        code, screen = lab.console("install.cmd", typed=beijing() + "\n")
    finally:
        lab.wine.run("msiexec", "/x", lab.wine.win(lab.msis["longda"]), "/qn", timeout=180)
    assert code == 1, screen
    assert lab.doc("install.json")["reason"]["key"] == "install.refused.old_vendor"
    assert "这台电脑装有（或装过）原龙达系统" in screen
    assert lab.reg(f"{WOW_UNINSTALL}\\{QP_CODE}", "DisplayVersion") is None


def test_kit_collect_rejudges_and_records_in_the_state_database(lab: Lab, cli, tmp_path: Path) -> None:
    from provisioning.dispatch.store import Store
    from provisioning.state import list_runs, run_results

    rc, _out, err = cli("kit", "collect", str(lab.kit), "--db", str(lab.db), "--profile",
                       str(FIXTURES / "kit" / "wine-lab.yaml"))
    assert rc == 0, err
    with Store(lab.db) as store:
        run = list_runs(store)[0]
        results = {(r.host, r.action): r for r in run_results(store, run.id)}
    assert (run.kind, run.route, run.status) == ("kit", "kit", "complete")
    preflight = results[(lab.host, "preflight")]
    assert preflight.route == "kit" and preflight.verdict == "not_ready" and preflight.facts is not None
    assert results[(lab.host, "install")].outcome == "refused"    # the last document: the Longda refusal

    copy = tmp_path / "kit"
    shutil.copytree(lab.kit, copy)
    verdict = copy / "results" / lab.host / "verdict.json"
    doc = json.loads(verdict.read_text("ascii"))
    doc["verdict"] = "ready"
    verdict.write_text(json.dumps(doc), "ascii")
    rc, _, err = cli("kit", "collect", str(copy), "--db", str(lab.db), "--profile",
                     str(FIXTURES / "kit" / "wine-lab.yaml"))
    assert rc == 1 and "the kit judged ready, qpfleet judges not_ready" in err


def test_windows_2000_with_jscript_51_gets_one_line_from_the_kit_scripts(wine: WinePrefix, tmp_path: Path) -> None:
    from checks.collectors.windows import script_text
    from tests.support import recorded_windows

    recorded = recorded_windows.recording("win2000-jscript51")
    head = (recorded_windows.SHIM.read_text("ascii") + f"\nvar RECORDED = {json.dumps(recorded)};\n"
            + recorded_windows.JSCRIPT_51)
    for name, text in (("evaluate.js", evaluator_script(load_profile("seed-2007"))),
                       ("install.js", script_text("install.js"))):
        path = tmp_path / name
        path.write_text((head + text).replace("\n", "\r\n"), "ascii")
        proc = wine.run("cscript", "//nologo", wine.win(path), "/settings:x", "/out:y", check=False)
        lines = proc.stdout.decode("ascii").strip().splitlines()
        assert proc.returncode == 2, (name, proc.stdout[-300:], proc.stderr[-300:])
        assert lines == ["Windows Script 5.6 needed: this computer has JScript 5.1 (the script needs 5.5 or later); "
                         "install Windows Script 5.6 for Windows 2000 and run it again"], name
