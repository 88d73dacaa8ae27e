"""The USB kit without Wine: kit build's refusals, the MSI reader, the settings document, kit collect,
the manual clock, and the JavaScript the kit carries run by node against Python (the regex translator,
the INI edit rules). The Wine proof is tests/integration/test_kit_wine.py."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks import facts as facts_mod
from checks.carrier.config import ApplyTarget, CarrierConfig
from checks.carrier.targets import Target
from checks.collectors.windows import script_text
from checks.evaluator.generate import evaluator_script, profile_digest
from checks.evaluator.regex import Untranslatable, translate
from checks.profile import load_profile
from checks.rules import judge
from tests.conftest import FIXTURES, ROOT, require_program

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
QP_CODE = "{6D3F4F0B-4A2B-4C39-9E4B-1C8E2B7A0901}"


@pytest.fixture(scope="module")
def qp_msi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wixl = require_program("wixl")
    out = tmp_path_factory.mktemp("msi") / "qpclient.msi"
    subprocess.run([wixl, "-a", "x86", "-o", str(out), "qpclient.wxs"], cwd=FIXTURES / "kit", check=True,
                   capture_output=True, timeout=60)
    return out


def _node(script: str) -> str:
    import tempfile

    node = require_program("node")
    with tempfile.NamedTemporaryFile("w", suffix=".js", encoding="utf-8", delete=False) as fh:
        fh.write(script)
    try:
        return subprocess.run([node, fh.name], capture_output=True, text=True, check=True, timeout=120).stdout
    finally:
        Path(fh.name).unlink()


# ---------------------------------------------------------------------------------- kit build refusals

def test_kit_build_writes_every_file_in_its_manifest(cli, tmp_path: Path, qp_msi: Path) -> None:
    out = tmp_path / "kit"
    code, _stdout, err = cli("kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out", str(out),
                            "--qp-msi", str(qp_msi), "--qp-product-code", QP_CODE.strip("{}").lower(),
                            "--db", str(tmp_path / "s.sqlite3"))
    assert code == 0, err
    manifest = json.loads((out / "manifest.json").read_text("ascii"))
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(manifest["files"]) == files
    assert {"selfcheck.cmd", "install.cmd", "README.txt", "qpfleet/evaluate.js", "qpfleet/qp-client.msi"} <= files
    import hashlib
    for rel, entry in manifest["files"].items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == entry["sha256"]
    readme = (out / "README.txt").read_bytes().decode("gbk")
    assert "深圳市罗湖联合货运报关行" in readme and "\r\n" in readme and "海关批准的QP终端数：1 台" in readme
    settings = json.loads((out / "qpfleet" / "settings.json").read_text("ascii"))
    assert settings["qp"]["product_code"] == QP_CODE and settings["qp"]["version"] == "1.0.0"
    for name in ("selfcheck.cmd", "install.cmd", "qpfleet/install.js", "qpfleet/evaluate.js"):
        assert (out / name).read_bytes().isascii() and b"\r\n" in (out / name).read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    (["--enterprise", "4403980204"], "no enterprise with customs code '4403980204' in the registry; did you mean "
                                     "4403980203"),
    (["--enterprise", "罗湖联合"], "did you mean 4403980203 (深圳市罗湖联合货运报关行)"),
    (["--enterprise", "4403980203", "--qp-msi", "missing.msi"], "--qp-msi missing.msi: the QP installer file does not exist"),
    (["--enterprise", "4403980203", "--qp-msi", "README.md"], "--qp-msi README.md: not an MSI package"),
    (["--enterprise", "4403980203", "--qp-product-code", QP_CODE], "--qp-product-code needs --qp-msi"),
    (["--site", "9999"], "no enterprise at customs site '9999'"),
])
def test_kit_build_refuses_bad_input_before_writing(cli, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "kit"
    code, _, err = cli("kit", "build", "-i", "inventory/", "--out", str(out), *args)
    assert code == 2 and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_kit_build_refuses_another_product_code(cli, tmp_path: Path, qp_msi: Path) -> None:
    code, _, err = cli("kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out", str(tmp_path / "k"),
                       "--qp-msi", str(qp_msi), "--qp-product-code", "{00000000-0000-0000-0000-000000000000}")
    assert code == 2 and f"the package's ProductCode is {QP_CODE}, not {{00000000" in err
    assert not (tmp_path / "k").exists()


def test_kit_build_refuses_an_invalid_registry_with_its_own_message(cli, tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "inventory" / "registry", registry)
    site = registry / "site-5316.yml"
    site.write_text(site.read_text("utf-8").replace("approved_terminals: 1", "approved_terminals: -1", 1), "utf-8")
    code, _, err = cli("kit", "build", "--enterprise", "4403980203", "-i", str(registry), "--out", str(tmp_path / "k"))
    assert code == 2 and "site-5316.yml:" in err and "approved_terminals" in err
    assert not (tmp_path / "k").exists()


def test_a_profile_the_evaluator_cannot_express_stops_the_build(cli, tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("name: lookbehind\nextends: current\nrules:\n  dedicated:\n    software:\n"
                       "      - {name: QQ, pattern: '(?<!Tencent )QQ'}\n", "utf-8")
    code, _, err = cli("kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out", str(tmp_path / "k"),
                       "--profile", str(profile))
    assert code == 2 and "cannot express this profile exactly" in err and "look-behind" in err
    assert not (tmp_path / "k").exists()


def test_kit_build_will_not_overwrite_a_folder(cli, tmp_path: Path) -> None:
    out = tmp_path / "k"
    out.mkdir()
    (out / "notes.txt").write_text("mine", "utf-8")
    code, _, err = cli("kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out", str(out), "--force")
    assert code == 2 and "is not a kit" in err and (out / "notes.txt").exists()


def test_kit_build_for_a_whole_site(cli, tmp_path: Path) -> None:
    code, _out, err = cli("kit", "build", "--site", "5316", "-i", "inventory/", "--out", str(tmp_path / "site"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["4403980201", "4403980202", "4403980203"]
    assert "note: no QP installer given" in err or "没有提供QP安装程序" in err


# ---------------------------------------------------------------------------------- settings and MSI

def test_settings_come_from_the_registry_profile_client_msi_and_carrier(qp_msi: Path, tmp_path: Path) -> None:
    from provisioning.kit.client import load_client_config
    from provisioning.kit.msi import read_msi
    from provisioning.kit.settings import build_settings, dumps
    from provisioning.registry.loader import load_registry

    registry = load_registry(ROOT / "inventory" / "registry")
    config = CarrierConfig(load_carrier_config().carriers, load_carrier_config().measure,
                           load_carrier_config().decide,
                           ApplyTarget(target="ini", path="C:\\QP\\QPServer.ini", ini_section="Server",
                                       ini_key="Address"), "site.yaml")
    s = build_settings(registry, "4403980101", profile=load_profile("current"),
                       client=load_client_config(ROOT / "inventory" / "qp_client.yml"), qp=read_msi(qp_msi),
                       carrier=("telecom", config), installed_hosts={"ht-qp03"}, ntp="10.1.1.1", now=NOW)
    assert s["counted_hosts"] == ["ht-qp01", "ht-qp02", "ht-qp03"]   # registry qp_installed + state database
    assert {t["host"]: t["role"] for t in s["terminals"]}["ht-ld01"] == "longda_backup"
    values = {v["id"]: v for v in s["values"]}
    assert values["declaring_customs"]["value"] == "5301" and values["declaration_type"]["value"] == "有纸报关"
    assert values["carrier"] == {"id": "carrier", "label": "QP server", "target": "ini", "path": "C:\\QP\\QPServer.ini",
                                 "ini_section": "Server", "ini_key": "Address", "value": "qp-telecom.eport.example"}
    assert values["printer"]["value_from"] == "printer" and s["clock"]["ntp_server"] == "10.1.1.1"
    assert s["profile"]["sha256"] == profile_digest(load_profile("current"))
    assert all(k.startswith("install.") for k in s["texts"]) and dumps(s).isascii()


def load_carrier_config() -> CarrierConfig:
    from checks.carrier.config import load_config

    return load_config("builtin:carrier.yaml")


def test_an_example_carrier_config_never_reaches_a_kit() -> None:
    from provisioning.kit.client import load_client_config
    from provisioning.kit.settings import build_settings
    from provisioning.registry.loader import load_registry

    with pytest.raises(Exception, match="example data"):
        build_settings(load_registry(ROOT / "inventory" / "registry"), "4403980203", profile=load_profile("current"),
                       client=load_client_config(ROOT / "inventory" / "qp_client.yml"),
                       carrier=("netcom", load_carrier_config()), now=NOW)


def test_client_locations_are_validated_with_line_numbers(tmp_path: Path) -> None:
    from checks.errors import ValidationErrors
    from provisioning.kit.client import load_client_config

    bad = tmp_path / "c.yml"
    bad.write_text("client_version: 1\ndefaults:\n  - id: x\n    target: file\n    path: /tmp/x\n    value: 1\n"
                   "  - id: y\n    target: registry\n    registry_vlaue: V\n    value: 2\n", "utf-8")
    with pytest.raises(ValidationErrors) as err:
        load_client_config(bad)
    text = "\n".join(err.value.problems)
    assert "c.yml:4: defaults[0].target: must be ini or registry" in text
    assert "defaults[1].registry_vlaue: unknown field; did you mean 'registry_value'?" in text


# ---------------------------------------------------------------------------------- the manual clock

def _clock_facts(source: str, offset: float) -> facts_mod.Facts:
    doc = json.loads((FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json").read_text("utf-8"))
    doc["probes"]["clock"] = {"status": "observed", "source": source,
                              "value": {"offset_seconds": offset, "server": source, "utc_offset_minutes": 480}}
    return facts_mod.from_json(doc)


@pytest.mark.parametrize(("source", "offset", "status"), [
    ("manual", 170.0, "pass"), ("manual", 250.0, "warn"), ("manual", 430.0, "fail"),
    ("sntp", 170.0, "warn"), ("w32tm", 310.0, "fail"),
])
def test_a_typed_clock_is_judged_with_wider_limits(source: str, offset: float, status: str) -> None:
    clock = next(c for c in judge(_clock_facts(source, offset), load_profile("seed-2007")).checks if c.id == "clock")
    assert clock.status == status
    if source == "manual":
        assert clock.message.endswith("_manual") and "manual reading" in clock.observed


def test_every_report_names_the_clock_source(cli, tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text(json.dumps(_clock_facts("manual", 20.0).to_json()), "utf-8")
    code, out, _ = cli("selfcheck", "--facts", str(path), "--lang", "zh", "--junit", str(tmp_path / "j.xml"),
                       "--html", str(tmp_path / "r.html"))
    assert "时间来源：手工输入的北京时间（手机读数，允许误差放宽 120 秒）" in out
    assert 'name="clock_source"' in (tmp_path / "j.xml").read_text("utf-8")
    assert "手工输入的北京时间" in (tmp_path / "r.html").read_text("utf-8")
    not_measured = json.loads((FIXTURES / "facts" / "clock-not-measured.json").read_text("utf-8"))
    not_measured["probes"]["clock"] = {"status": "failed", "value": None, "source": "kit",
                                       "error": "not measured: no answer from NTP server x (w32tm exit code 9009); "
                                                "no Beijing time typed (no console input)"}
    path.write_text(json.dumps(not_measured), "utf-8")
    code, out, _ = cli("selfcheck", "--facts", str(path), "--lang", "zh")
    assert code == 3 and "时间来源：未测量" in out and "在U盘自检提示时输入手机上的北京时间" in out


def test_profiles_written_before_the_manual_margin_stay_valid(tmp_path: Path) -> None:
    p = tmp_path / "old.yaml"
    p.write_text("name: old\nextends: seed-2007\nrules:\n  clock: {level: must, warn_seconds: 30, fail_seconds: 60, "
                 "utc_offset_minutes: 480}\n", "utf-8")
    assert load_profile(str(p)).rules["clock"]["manual_margin_seconds"] == 120


# ---------------------------------------------------------------------------------- kit collect

def test_kit_collect_records_a_run_and_reports_a_different_verdict(cli, tmp_path: Path) -> None:
    from provisioning.dispatch.store import Store
    from provisioning.state import list_runs, run_results

    kit = tmp_path / "kit"
    assert cli("kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out", str(kit),
               "--profile", "seed-2007")[0] == 0
    for host, fixture in (("LH-QP01", "xp-sp3-zh-p4-desktop"), ("LH-QP02", "laptop")):
        folder = kit / "results" / host
        folder.mkdir(parents=True)
        shutil.copy(FIXTURES / "facts" / f"{fixture}.json", folder / "facts.json")
        j = judge(facts_mod.load(folder / "facts.json"), load_profile("seed-2007"))
        verdict = "ready" if host == "LH-QP02" else j.verdict          # LH-QP02's kit verdict is wrong
        (folder / "verdict.json").write_text(json.dumps({
            "verdict": verdict, "checks": [{"id": c.id, "status": c.status} for c in j.checks],
            "judged_at": "2026-12-01T10:04:12.345", "utc_offset_minutes": 480}), "utf-8")
    (kit / "results" / "LH-QP01" / "install.json").write_text(json.dumps({
        "action": "install", "check": False, "outcome": "installed", "reboot_needed": True, "host": "LH-QP01",
        "reason": {"key": "install.installed_reboot", "params": {"version": "1.0.0"}},
        "finished_at": "2026-12-01T10:09:00.000", "utc_offset_minutes": 480, "verdict": {"verdict": "ready"}}), "utf-8")
    db = tmp_path / "s.sqlite3"
    code, _out, err = cli("kit", "collect", str(kit), "--db", str(db))
    assert code == 1 and "LH-QP02" in err and "the kit judged ready, qpfleet judges not_ready" in err
    with Store(db) as store:
        run = list_runs(store)[0]
        results = {(r.host, r.action): r for r in run_results(store, run.id)}
    assert (run.kind, run.route, run.status, run.target) == ("kit", "kit", "complete", "4403980203")
    ready = results[("LH-QP01", "preflight")]
    assert ready.verdict == "ready" and ready.at == dt.datetime(2026, 12, 1, 2, 4, 12, tzinfo=dt.UTC)  # the store keeps seconds
    assert results[("LH-QP02", "preflight")].reason_key == "kit.verdict_differs"
    install = results[("LH-QP01", "install")]
    assert install.outcome == "installed" and install.reboot_needed and install.route == "kit"


def test_kit_collect_refuses_a_folder_that_is_not_a_kit_or_another_profile(cli, tmp_path: Path) -> None:
    code, _, err = cli("kit", "collect", str(tmp_path), "--db", str(tmp_path / "s.sqlite3"))
    assert code == 2 and "not a qpfleet USB kit" in err
    kit = tmp_path / "kit"
    assert cli("kit", "build", "--enterprise", "4403980203", "-i", "inventory/", "--out", str(kit))[0] == 0
    settings_path = kit / "qpfleet" / "settings.json"
    doc = json.loads(settings_path.read_text("ascii"))
    doc["profile"]["sha256"] = "0" * 64
    settings_path.write_text(json.dumps(doc), "ascii")
    code, _, err = cli("kit", "collect", str(kit), "--db", str(tmp_path / "s.sqlite3"))
    assert code == 2 and "another version of profile 'current'" in err


# ---------------------------------------------------------------------------------- the kit's JavaScript in node

PY_PATTERNS = [r"^(腾讯)?QQ(?![A-Za-z])(?!.*(拼音|输入法))", r"\bThunder\b", r"迅雷|Xunlei", r"(\d+(?:\.\d+)?)\s*GHz",
               r"KV200[0-9]|KV20[0-9]{2}", r"Trend ?Micro|趋势", r"x$", r"\Bk", r"[^\W\d]+\b", r"(?s:.)y", r"\W",
               r"0x80041003|access (is )?denied|拒绝访问", r"a{2,3}?b", r"(?i:Σ)"]
ALPHABET = "QqTtIiMmKkSsXxYyAaBb \u212a\u017f\u0130\u0131\u03c3\u03a3\u03c2龙达迅雷腾讯拼音_-.0123456789\n\u3000\u0660" \
           "\U0001d400\U0001F600@()GHzhunder"


def _utf16_json(s: str) -> str:
    out = []
    for ch in s:
        o = ord(ch)
        if o > 0xFFFF:
            o -= 0x10000
            out.append(f"\\u{0xD800 + (o >> 10):04x}\\u{0xDC00 + (o & 0x3FF):04x}")
        else:
            out.append(f"\\u{o:04x}")
    return '"' + "".join(out) + '"'


@settings(max_examples=1, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=400, max_size=400))
def test_translated_patterns_find_what_python_finds(texts: list[str]) -> None:
    sources = [translate(p) for p in PY_PATTERNS]
    common = script_text("install.js")
    search = common[common.index("function pySearch("):common.index("\n}\n", common.index("function pySearch(")) + 3]
    result = json.loads(_node(search + f"var S={json.dumps(sources)};var T=[{','.join(map(_utf16_json, texts))}];"
                        "var o=[];for(var a=0;a<S.length;a++){var r=new RegExp(S[a],'g'),row='';"
                        "for(var b=0;b<T.length;b++)row+=pySearch(r,T[b])?'1':'0';o.push(row);}"
                        "console.log(JSON.stringify(o));"))
    for pattern, row in zip(PY_PATTERNS, result, strict=True):
        rx = re.compile(pattern, re.IGNORECASE)
        assert row == "".join("1" if rx.search(t) else "0" for t in texts), pattern


@pytest.mark.parametrize(("pattern", "why"), [("(?<=a)b", "look-behind"), (r"(a)\1", "back-reference"),
                                               ("(?m)^a", "MULTILINE"), ("a|.\\bb", "\\b")])
def test_what_cannot_be_expressed_is_refused(pattern: str, why: str) -> None:
    with pytest.raises(Untranslatable, match=re.escape(why)):
        translate(pattern)


INI_CASES = [
    "", "[Print]\r\nFormat=old\r\n", "; QP\r\n[Server]\r\nAddress = 10.0.0.1 \r\n\r\n[Print]\r\nPaper=A4",
    "[print]\nformat =  x\nCopies=2\n\n[Other]\nk=v\n", "[Print]\r\nCopies=1\r\n\r\n\r\n[Next]\r\n",
    "no section line\r\n", "[Print]\r\nFormat=a\r\nFormat=b\r\n", "[A]\rB=1\r[Print]\rX=1",
]


@pytest.mark.parametrize("text", INI_CASES)
@pytest.mark.parametrize(("section", "key"), [("Print", "Format"), ("Server", "Address"), ("New", "Key")])
def test_install_js_edits_an_ini_file_as_the_carrier_writer_does(text: str, section: str, key: str) -> None:
    apply = ApplyTarget(target="ini", path="qp.ini", ini_section=section, ini_key=key)
    config = CarrierConfig(load_carrier_config().carriers, load_carrier_config().measure, load_carrier_config().decide,
                           apply, "t")
    expected = Target(config)._ini_render(text, "标准格式")
    if not text:
        expected = expected.replace("\n", "\r\n")      # a new file on Windows: CRLF (the writer runs on Linux here)
    install = script_text("install.js").replace("WScript.Quit(installerMain());", "")
    js = ("var ActiveXObject=function(){return {};};var WScript={Arguments:{length:0},Echo:function(){}};\n" + install
          + f"\nconsole.log(JSON.stringify([iniRender({json.dumps(text)}, {{ini_section: {json.dumps(section)}, "
            f"ini_key: {json.dumps(key)}}}, {json.dumps('标准格式')}), iniValue({json.dumps(text)}, "
            f"{{ini_section: {json.dumps(section)}, ini_key: {json.dumps(key)}}})]))")
    rendered, value = json.loads(_node(js))
    assert rendered == expected
    assert value == Target(config).value_of(__import__("checks.carrier.targets", fromlist=["Snapshot"]).Snapshot(
        raw=text.encode("utf-8"))) if text else value is None


def _bad_facts() -> list[tuple[str, object]]:
    good = json.loads((FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json").read_text("utf-8"))

    def changed(edit) -> dict:  # type: ignore[no-untyped-def]
        doc = json.loads(json.dumps(good))
        edit(doc)
        return doc

    many = changed(lambda d: [d["probes"][k].update(status=7) for k in list(d["probes"])[:7]])
    return [
        ("no host", changed(lambda d: d.pop("host"))),
        ("unknown field", changed(lambda d: d.update(extra=1))),
        ("wrong type", changed(lambda d: d["probes"]["memory"].update(status=3))),
        ("bad enum", changed(lambda d: d["probes"]["cpu"].update(status="seen"))),
        ("schema 2", changed(lambda d: d.update(schema_version=2))),
        ("schema 1.0", changed(lambda d: d.update(schema_version=1.0))),
        ("schema text", changed(lambda d: d.update(schema_version="1"))),
        ("empty host", changed(lambda d: d.update(host=""))),
        ("seven problems", many),
        ("a list", [1, 2]),
        ("control characters", changed(lambda d: d["probes"]["cpu"].update(status="se\ten\x1b[2J\x85\x7f\u202eexe.txt\u2028"))),
        ("another document", changed(lambda d: d.update(schema="检测数据\n"))),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_evaluator_words_invalid_facts_as_the_cli_does(lang: str) -> None:
    """The clerk's stick says what is wrong with a facts document in the same words, in Chinese first,
    as ``qpfleet`` does (it used to print English schema messages after the Chinese lead)."""
    from checks.errors import InputError
    from checks.i18n import t
    from tests.support.langcheck import english_runs

    script = evaluator_script(load_profile("seed-2007")).replace("WScript.Quit(evaluatorMain());", "")
    cases = _bad_facts()
    js = ("var ActiveXObject=function(){return {};};var WScript={Arguments:{length:0},Echo:function(){}};\n"
          + script + f"\nvar out=[];var docs={json.dumps([json.dumps(d, ensure_ascii=True) for _, d in cases])};"
          "for(var i=0;i<docs.length;i++){var r=judgeText(docs[i]);"
          f"out.push(r.error?t('kit.facts_invalid',{{why:r.error}},'{lang}'):'accepted');}}"
          "console.log(JSON.stringify(out));")
    said = json.loads(_node(js))
    for (name, doc), line in zip(cases, said, strict=True):
        with pytest.raises(InputError) as caught:
            facts_mod.from_json(doc)
        shown = caught.value.msg.params["detail"]
        assert line == t("kit.facts_invalid", lang, why=shown), name
        if lang == "zh":
            assert english_runs(line) == [], line


def test_the_evaluator_is_pure_ascii_and_gbk_safe() -> None:
    script = evaluator_script(load_profile("seed-2007"))
    assert script.isascii() and "/*@QPFLEET-DATA@*/" not in script
    data = json.loads(script[script.index("var QP = ") + 9:script.index(";\nvar EVALUATOR_VERSION")])
    for key, texts in data["texts"].items():
        texts["zh"].encode("gbk")
        assert key.startswith(("rule.", "status.", "verdict.", "report.", "probe_failed", "remedy.", "clock.", "kit.",
                               "chassis.", "cpu.", "memory.", "disk.", "optical_drive.", "network.", "usb.", "os.",
                               "antivirus.", "dedicated.", "longda.", "road_port.",
                               "obs.", "req.", "what.", "src.", "value.", "lcid.", "msg.", "punct.",
                               "facts.", "v.unknown_field", "io.json.not", "file.facts JSON document"))
