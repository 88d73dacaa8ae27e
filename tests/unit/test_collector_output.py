"""Real output of the WSH collector (recorded under Wine) and its re-encodings: parse, validate, judge.

One generic test runs every recorded output (tests/fixtures/winrm/collector-*.json), as pyinfra runs its
fact fixtures; the re-encodings are what a console or a redirect may turn the bytes into.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checks.collectors.windows import cscript_argv, parse_output, script_text
from checks.errors import InputError
from checks.facts import PROBE_NAMES, loads, schema
from checks.profile import load_profile
from checks.rules import judge
from tests.conftest import FIXTURES

RECORDED = sorted((FIXTURES / "winrm").glob("collector-*.json"))


def test_there_are_recorded_outputs() -> None:
    assert len(RECORDED) >= 3


@pytest.mark.parametrize("path", RECORDED, ids=lambda p: p.stem)
@pytest.mark.parametrize("encoding", ["raw", "utf-8-sig", "utf-16", "gbk"])
def test_recorded_output_parses_validates_and_is_judged(path: Path, encoding: str) -> None:
    raw = path.read_bytes()
    assert raw.isascii(), "the collector writes every non-ASCII character as \\uXXXX"
    if encoding != "raw":  # the same document as another tool might re-encode it (unescaped)
        raw = json.dumps(json.loads(raw), ensure_ascii=False).encode(encoding)
    facts = loads(raw, where=path.name)
    jsonschema.validate(facts.to_json(), schema())
    assert set(facts.probes) == set(PROBE_NAMES)
    assert facts.collector["name"] == "wsh" and isinstance(facts.collector["unread"], list)
    assert facts.probes["clock"].status == "failed"      # measured by the evaluator, never by the terminal
    for name in facts.collector["unread"]:
        assert facts.probes[name].status == "failed" and facts.probes[name].error
    for profile in ("seed-2007", "current"):
        judgement = judge(facts, load_profile(profile))
        assert judgement.verdict in ("not_ready", "undetermined")   # Wine is never a ready QP terminal
        assert {c.id: c.status for c in judgement.checks}["chassis"] == "unknown"


def test_chinese_program_names_survive_an_english_code_page() -> None:
    facts = loads((FIXTURES / "winrm" / "collector-wine-win7-en.json").read_bytes())
    assert facts.probes["os"].value["code_page"] == 1252
    assert "迅雷5" in {p["name"] for p in facts.probes["programs"].value}


@pytest.mark.parametrize(("stdout", "stderr", "code", "words"), [
    (b"", b"", 1, "empty facts document; collector said: exit code 1"),
    ("Microsoft JScript 运行时错误: 对象不支持此属性或方法\r\n".encode("gbk"), b"", 1, "对象不支持此属性或方法"),
    (b'{"schema": "qpfleet.facts"', b"", 0, "not a facts JSON document"),
    (b"{}", b"", 0, "required field missing"),
    (b"", "Windows Script Host 访问被拒绝".encode("utf-16"), 1, "访问被拒绝"),
])
def test_bad_output_gives_one_clear_message(stdout: bytes, stderr: bytes, code: int, words: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_output(stdout, stderr, code, "pc-07")
    assert words in str(exc.value) and str(exc.value).startswith("pc-07: ")


def test_cscript_argv_carries_the_folders() -> None:
    argv = cscript_argv(["C:\\Longda", "C:\\Program Files\\公路口岸系统"], script="x.js")
    assert argv == ["cscript", "//nologo", "x.js", "/paths:C:\\Longda|C:\\Program Files\\公路口岸系统"]
    with pytest.raises(InputError):
        cscript_argv(["C:\\a|b"])


def test_script_has_no_modern_javascript() -> None:
    """JScript 5.x on Windows 2000/XP: no JSON object, no let/const, no arrow functions, no trailing commas."""
    text = script_text()
    assert "JSON." not in text and "=>" not in text
    assert not any(line.lstrip().startswith(("let ", "const ")) for line in text.splitlines())
    assert ",\n}" not in text.replace(" ", "") and ",]" not in text.replace(" ", "")
