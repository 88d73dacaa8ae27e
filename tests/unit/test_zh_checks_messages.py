"""Bad input to the checks and the USB kit, told in the user's language through the real CLI.

Each case runs ``qpfleet`` with ``--lang zh`` and ``--lang en``: the Chinese lines say what is wrong in
Chinese (file names, field paths, codes and values stay as they are; technical detail only as marked
``（详情：…）``), the English lines keep the English text of record and hold no Chinese.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, require_program
from tests.support.langcheck import chinese_chars, english_runs

GOOD_FACTS = FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json"


def both(cli, *argv: str) -> dict[str, tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    """The same command in Chinese and in English: {lang: (exit code, stdout, stderr)}."""
    return {lang: cli(*argv, "--lang", lang) for lang in ("zh", "en")}


def assert_languages(runs: dict[str, tuple[int, str, str]], zh: list[str], en: list[str],
                     data: list[str] = (), code: int = 2) -> None:  # type: ignore[assignment]
    """Exit ``code`` both times; every ``zh`` text in the Chinese stderr, every ``en`` text in the English one;
    no English sentence in the Chinese run and no Chinese in the English run (``data`` aside)."""
    for lang, expected in (("zh", zh), ("en", en)):
        rc, _out, err = runs[lang]
        assert rc == code, (lang, err)
        for text in expected:
            assert text in err, (lang, text, err)
    assert english_runs(runs["zh"][2], data) == [], runs["zh"][2]
    assert chinese_chars(runs["en"][2], data) == [], runs["en"][2]


# ---------------------------------------------------------------------------------- qp_client.yml

def test_qp_client_settings_with_a_misspelt_field_and_no_ini_path(cli, tmp_path: Path) -> None:
    client = tmp_path / "qp_client.yml"
    client.write_text("client_version: 1\ncolour: blue\ndefaults:\n  - id: declaration_type\n    target: ini\n"
                      "    ini_section: Declare\n    ini_key: Type\n    value: '0'\n    lable: 报关类型\n"
                      "  - id: copies\n    target: registry\n    registry_value: Copies\n    value: 1\n"
                      "    registry_view: 16\nprinter: {make_default: maybe}\nroad_port_folders: C:\\RoadPort\n",
                      "utf-8")
    runs = both(cli, "kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out",
                str(tmp_path / "kit"), "--client", str(client), "--db", str(tmp_path / "s.sqlite3"))
    f = str(client)
    assert_languages(runs, zh=[
        f"{f}:9: defaults[0].lable: 未知的字段；是不是“label”？",
        f"{f}:4: defaults[0].path: target 为 ini 时必须填写",
        f"{f}:2: colour: 未知的字段（可用的字段：client_version、example、defaults、printer、road_port_folders）",
        f"{f}:10: defaults[1].registry_key: target 为 registry 时必须填写",
        f"{f}:14: defaults[1].registry_view: 应为 32 或 64，而不是 16",
        f"{f}:15: printer.make_default: 应为 true 或 false",
        f"{f}:16: road_port_folders: 应为文件夹的列表",
    ], en=[
        f"{f}:9: defaults[0].lable: unknown field; did you mean 'label'?",
        f"{f}:4: defaults[0].path: required for target ini",
        f"{f}:2: colour: unknown field (known: client_version, example, defaults, printer, road_port_folders)",
        f"{f}:16: road_port_folders: must be a list of folders",
    ], data=["报关类型"])
    assert not (tmp_path / "kit").exists()


# ---------------------------------------------------------------------------------- carrier config

CARRIER = """\
carriers:
  netcom: {label: {zh: 网通, en: Netcom}, resolvers: ["127.0.0.1:9"], service_host: qp.n.test.,
           service_port: 9, expected_prefixes: ["10.1.0.0/16"]}
  telecom: {label: {zh: 电信, en: Telecom}, resolvers: ["127.0.0.1:9"], service_host: HOST,
            service_port: 9, expected_prefixes: ["10.2.0.0/16"]}
apply: APPLY
"""


def _carrier(tmp_path: Path, name: str, host: str = "qp.t.test.", apply: str = "{target: file}") -> str:
    path = tmp_path / name
    path.write_text(CARRIER.replace("HOST", host).replace("APPLY", apply), "utf-8")
    return str(path)


def test_carrier_config_that_cannot_be_applied(cli, tmp_path: Path) -> None:
    data = ["网通", "电信"]
    same = _carrier(tmp_path, "same.yaml", host="qp.n.test.", apply=f"{{target: file, path: {tmp_path}/t.txt}}")
    assert_languages(both(cli, "carrier", "test", "--apply", "--config", same), zh=[
        f"{same}:4: carriers.telecom.service_host: netcom 和 telecom 都会把 'qp.n.test' 写入QP服务器设置："
        "请在 apply.values 下给每个运营商各写一个值",
    ], en=[f"{same}:4: carriers.telecom.service_host: netcom and telecom would both write 'qp.n.test' to the QP "
           "server setting; give each carrier its own value under apply.values"], data=data)

    no_path = _carrier(tmp_path, "no-path.yaml")
    assert_languages(both(cli, "carrier", "test", "--apply", "--config", no_path),
                     zh=[f"{no_path}: apply.path：target 为 file 时必须填写"],
                     en=[f"{no_path}: apply.path is required for target file"], data=data)

    target = tmp_path / "ro" / "server.txt"
    target.parent.mkdir()
    target.write_text("qp.n.test\n")
    target.chmod(0o444)
    read_only = _carrier(tmp_path, "ro.yaml", apply=f"{{target: file, path: {target}}}")
    assert_languages(both(cli, "carrier", "test", "--apply", "--config", read_only),
                     zh=[f"{target}: QP服务器设置是只读的：请先把它改为可写（或用有权修改它的用户运行），再写入"],
                     en=[f"{target}: the QP server setting is read-only; make it writable"], data=data)
    assert target.read_text() == "qp.n.test\n"

    broken = _carrier(tmp_path, "broken.yaml", apply="{target: ini, path: '', ini_sektion: Server}")
    assert_languages(both(cli, "carrier", "test", "--config", broken), zh=[
        f"{broken}:6: apply.ini_sektion: 未知的字段；是不是“ini_section”？（可用的字段：target、path、",
        f"{broken}:6: apply.path: target 为 ini 时必须填写",
    ], en=[f"{broken}:6: apply.path: required for target ini"], data=data)


# ---------------------------------------------------------------------------------- profile

def test_profile_with_wrong_rules_and_parameters(cli, tmp_path: Path) -> None:
    profile = tmp_path / "custom.yaml"
    profile.write_text("name: x\nextends: seed-2007\ncolour: 1\nntp:\n  port: 99999\nrules:\n  cpuu:\n"
                       "    level: must\n  memory:\n    min_bytes: -5\n  antivirus:\n    vendors: ['(?i)360']\n"
                       "  os:\n    level: maybe\n  clock:\n    warn_seconds: 900\n", "utf-8")
    p = str(profile)
    runs = both(cli, "selfcheck", "--profile", p, "--facts", str(GOOD_FACTS))
    assert_languages(runs, zh=[
        f"{p}:3: colour: 未知的字段（可用的字段：name、title、extends、ntp、rules）",
        f"{p}:5: ntp.port: 端口应为 1 到 65535 之间的数，而不是 99999",
        f"{p}:7: rules.cpuu: 未知的规则“cpuu”；是不是“cpu”？（可用的规则：chassis、cpu、",
        f"{p}:10: rules.memory.min_bytes: 应为正整数，而不是 -5",
        f"{p}:12: rules.antivirus.vendors: [0] 不是有效的正则表达式（详情：",
        f"{p}:14: rules.os.level: 无效的级别 'maybe'；可选：must、recommended、info、off",
        f"{p}:16: rules.clock.warn_seconds: 不能大于 fail_seconds（900 > 300）",
    ], en=[
        f"{p}:7: rules.cpuu: unknown rule 'cpuu'; did you mean 'cpu'?",
        f"{p}:16: rules.clock.warn_seconds: must not exceed fail_seconds (900 > 300)",
    ])
    missing = tmp_path / "bare.yaml"
    missing.write_text("name: bare\nntp: {server: ''}\nrules: {cpu: 3}\n", "utf-8")
    runs = both(cli, "selfcheck", "--profile", str(missing), "--facts", str(GOOD_FACTS))
    assert_languages(runs, zh=[f"{missing}:2: ntp.server: 应为主机名或IP地址", f"{missing}:3: rules.cpu: 应为参数的映射",
                               f"{missing}:3: rules: 缺少规则“chassis”（不需要这项检查时写 level: off）"],
                     en=[f"{missing}:3: rules: rule 'chassis' missing (set level: off to disable it)"])


# ---------------------------------------------------------------------------------- facts

def test_facts_file_against_the_schema_and_strict_json(cli, tmp_path: Path) -> None:
    doc = json.loads(GOOD_FACTS.read_text("utf-8"))
    doc["probes"]["gpu"] = {"status": "observed"}
    doc["probes"]["cpu"]["status"] = "maybe"
    doc["host"] = 5
    del doc["collector"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), "utf-8")
    runs = both(cli, "selfcheck", "--facts", str(bad))
    assert_languages(runs, zh=[
        f"{bad}: 检测数据不符合格式：collector: 缺少必填的字段；host: 应为文字，而不是整数；"
        "probes.cpu.status: \"maybe\" 不是可选的值（可选：\"observed\"、\"absent\"、\"failed\"）；"
        "probes.gpu: 未知的字段（可用的字段：system、chassis、",
    ], en=[f"{bad}: collector: required field missing; host: expected string, got integer; probes.cpu.status: "
           "\"maybe\" is not one of \"observed\", \"absent\", \"failed\"; probes.gpu: unknown field (known: system, "])

    bad.write_text('{"schema_version": 1.0}', "utf-8")
    assert_languages(both(cli, "selfcheck", "--facts", str(bad)),
                     zh=[f"{bad}: 检测数据不符合格式：schema_version: 应为整数 1，而不是小数 1.0"],
                     en=[f"{bad}: schema_version: must be the whole number 1, not a decimal number 1.0"])

    bad.write_text('{"schema_version": 1,\n "schema_version": 1}', "utf-8")
    assert_languages(both(cli, "selfcheck", "--facts", str(bad)),
                     zh=[f"{bad}:2: 检测数据（JSON）文档：键 \"schema_version\" 重复"],
                     en=[f"{bad}:2: facts JSON document: duplicate key \"schema_version\""])


def test_a_report_file_that_is_a_folder(cli, tmp_path: Path) -> None:
    runs = both(cli, "selfcheck", "--facts", str(GOOD_FACTS), "--html", str(tmp_path))
    assert_languages(runs, zh=[f"{tmp_path}: 无法写入：这是文件夹，不是文件名"],
                     en=[f"{tmp_path}: cannot write: this is a folder, not a file name"])


# ---------------------------------------------------------------------------------- NTP

@pytest.fixture
def bad_ntp_server() -> Iterator[tuple[int, list[bytes]]]:
    """A UDP server on 127.0.0.1 that answers every SNTP request with the packet header in ``header[0]``
    (the request's transmit time echoed, so the client takes it as the reply)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    header = [b"\x24\x00"]
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                data, addr = sock.recvfrom(512)
            except TimeoutError:
                continue
            reply = bytearray(48)
            reply[0:2] = header[0]
            reply[24:32] = data[40:48]
            sock.sendto(bytes(reply), addr)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], header
    finally:
        stop.set()
        thread.join(5)
        sock.close()


def _clock_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "NTP" in line)


def test_ntp_server_that_refuses_or_is_no_server(cli, bad_ntp_server: tuple[int, list[bytes]]) -> None:
    port, header = bad_ntp_server
    server = f"127.0.0.1:{port}"
    for packet, zh, en in (
            (b"\x24\x00", f"NTP时间服务器 {server} 的应答不能用：服务器拒绝提供时间（kiss-of-death，层级 0）",
             f"NTP server {server}: server sent a kiss-of-death (stratum 0)"),
            (b"\x23\x02", f"NTP时间服务器 {server} 的应答不能用：收到的不是服务器的应答（模式 3）",
             f"NTP server {server}: not a server reply (mode 3)")):
        header[0] = packet
        runs = both(cli, "selfcheck", "--ntp", server)
        zh_lines, en_lines = _clock_lines(runs["zh"][1]), _clock_lines(runs["en"][1])
        assert runs["zh"][0] in (1, 3) and runs["zh"][0] == runs["en"][0]
        assert f"时间来源：未测量（详情：{zh}）" in zh_lines and f"未能检测系统时间（详情：{zh}）" in zh_lines, zh_lines
        assert f"Clock source: not measured ({en})" in en_lines and f"Could not check the clock: {en}" in en_lines
        assert english_runs(zh_lines) == [] and chinese_chars(en_lines) == [], (zh_lines, en_lines)


# ---------------------------------------------------------------------------------- MSI

def test_a_file_that_is_not_an_msi_and_a_damaged_msi(cli, tmp_path: Path) -> None:
    text = tmp_path / "qp.msi"
    text.write_text("not an installer\n", "utf-8")
    common = ["kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out", str(tmp_path / "kit"),
              "--db", str(tmp_path / "s.sqlite3"), "--qp-msi"]
    assert_languages(both(cli, *common, str(text)),
                     zh=[f"--qp-msi {text}: 不是MSI安装包（没有OLE复合文件头）"],
                     en=[f"--qp-msi {text}: not an MSI package (no OLE compound file header)"])

    wixl = require_program("wixl")
    msi = tmp_path / "real.msi"
    subprocess.run([wixl, "-a", "x86", "-o", str(msi), "qpclient.wxs"], cwd=FIXTURES / "kit", check=True,
                   capture_output=True, timeout=60)
    cut = tmp_path / "cut.msi"
    cut.write_bytes(msi.read_bytes()[:1536])           # the OLE header, then nothing the sectors point at
    runs = both(cli, *common, str(cut))
    assert runs["zh"][0] == 2 and f"--qp-msi {cut}: 不是可读的MSI安装包（详情：" in runs["zh"][2], runs["zh"][2]
    assert english_runs(runs["zh"][2]) == [] and chinese_chars(runs["en"][2]) == []
    assert not (tmp_path / "kit").exists()


# ---------------------------------------------------------------------------------- kit collect

def test_kit_collect_tells_a_different_verdict_and_a_bad_install_result(cli, tmp_path: Path) -> None:
    from checks import facts as facts_mod
    from checks.profile import load_profile
    from checks.rules import judge

    kit = tmp_path / "kit"
    code, _, err = cli("kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out", str(kit),
                       "--profile", "seed-2007", "--db", str(tmp_path / "b.sqlite3"))
    assert code == 0, err
    folder = kit / "results" / "LH-QP02"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "facts" / "laptop.json", folder / "facts.json")
    ours = judge(facts_mod.load(folder / "facts.json"), load_profile("seed-2007"))
    checks = [{"id": c.id, "status": "pass" if c.id == "chassis" else c.status} for c in ours.checks]
    (folder / "verdict.json").write_text(json.dumps({"verdict": "ready", "checks": checks}), "utf-8")
    (folder / "install.json").write_text(json.dumps({"action": "install", "outcome": "exploded"}), "utf-8")
    runs = {}
    for lang in ("zh", "en"):
        runs[lang] = cli("kit", "collect", str(kit), "--db", str(tmp_path / f"{lang}.sqlite3"), "--lang", lang)
    verdict, install = folder / "verdict.json", folder / "install.json"
    assert_languages(runs, code=1, zh=[
        f"{verdict}: U盘工具的判断（ready）与qpfleet的判断（not_ready）不一致：chassis：U盘工具 pass，qpfleet fail",
        f"{install}: 安装结果无法记录（详情：bad result 'install'/'exploded'）",
    ], en=[
        f"{verdict}: the kit judged ready, qpfleet judges not_ready (chassis: pass vs fail)",
        f"{install}: bad result 'install'/'exploded'",
    ])
    zh_out, en_out = runs["zh"][1], runs["en"][1]
    assert "LH-QP02" in zh_out and "qpfleet：不能安装" in zh_out and "U盘工具：可以安装" in zh_out, zh_out
    assert "not_ready" in en_out and "kit: ready" in en_out, en_out
    assert english_runs(zh_out) == [] and chinese_chars(en_out) == [], (zh_out, en_out)


# ---------------------------------------------------------------------------------- WinRM upload

def test_winrm_upload_refusals_in_both_languages() -> None:
    """The WinRM upload is built only after a host answered (no CLI path without Windows): its refusals as
    the CLI's one funnel would show them."""
    from checks.errors import InputError
    from checks.winrm.deliver import build_upload

    cases = [
        (lambda: build_upload({"settings.json": "é".encode()}), "winrm: settings.json 只能含ASCII字符（其他字符写成 \\uXXXX）",
         "winrm: settings.json must be ASCII (write other characters as \\uXXXX)"),
        (lambda: build_upload({"a b.txt": b""}), "winrm: 文件名 'a b.txt' 不能传送", "winrm: file name 'a b.txt' cannot be sent"),
        (lambda: build_upload({}, base="C:\\x\\"), "winrm: 临时文件夹 'C:\\\\x\\\\' 不能使用",
         "winrm: unusable temporary folder 'C:\\\\x\\\\'"),
        (lambda: build_upload({"a.txt": b"a" * 100}, limit=500), "winrm: 命令行有", "winrm: command line of"),
    ]
    for build, zh, en in cases:
        with pytest.raises(InputError) as caught:
            build()
        assert caught.value.text("zh").startswith(zh) and str(caught.value).startswith(en), caught.value.text("zh")
        assert english_runs(caught.value.text("zh")) == [] and chinese_chars(str(caught.value)) == []
