"""Facts documents: schema validation messages, encodings, and the CLI's handling of bad facts files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks import facts
from checks.errors import InputError
from tests.conftest import FIXTURES

GOOD = FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json"


def good_doc() -> dict:
    return json.loads(GOOD.read_text("utf-8"))


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d.update(schema_version=7), "schema_version: unknown version 7; this qpfleet reads version 1"),
    (lambda d: d.pop("host"), "host: required field missing"),
    (lambda d: d.update(host=""), "host: must not be empty"),
    (lambda d: d["probes"]["cpu"]["value"].update(max_clock_mhz="3 GHz"),
     "probes.cpu.value.max_clock_mhz: expected integer or null, got string"),
    (lambda d: d["probes"]["memory"].update(status="maybe"),
     'probes.memory.status: "maybe" is not one of "observed", "absent", "failed"'),
    (lambda d: d["probes"]["chassis"]["value"].update(types="3"),
     "probes.chassis.value.types: expected array, got string"),
    (lambda d: d["probes"].update(gpu={"status": "observed"}), "probes.gpu: unknown field"),
    (lambda d: d["probes"]["disks"]["value"]["drives"][0].update(type="floppy"),
     'probes.disks.value.drives[0].type: "floppy" is not one of'),
    (lambda d: d["probes"]["os"]["value"].update(language_id=True),
     "probes.os.value.language_id: expected integer or null, got boolean"),
])
def test_schema_errors_name_the_field(mutate, message: str) -> None:
    doc = good_doc()
    mutate(doc)
    errors = facts.validate(doc)
    assert any(message in e for e in errors), errors
    with pytest.raises(InputError):
        facts.from_json(doc)


def test_the_validator_agrees_with_jsonschema_on_broken_documents() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(facts.schema())
    doc = good_doc()
    for broken in ({**doc, "host": 5}, {**doc, "probes": {"cpu": {"status": "observed", "value": "fast"}}},
                   {**doc, "collector": {}}, [], {**doc, "extra": 1}):
        assert facts.validate(broken), broken
        assert list(validator.iter_errors(broken)), broken


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk"])
def test_collector_output_in_any_declared_encoding(encoding: str) -> None:
    raw = GOOD.read_text("utf-8").encode(encoding)
    parsed = facts.loads(raw, where="x")
    assert parsed.probe("os").value["caption"] == "Microsoft Windows XP Professional"
    assert parsed.probe("security_center").value[0]["name"] == "瑞星杀毒软件"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty facts document"),
    (b'{"schema_version": 1, "host": "x"', "not a facts JSON document"),
    ("SWbemObjectEx: 无效类别\r\n".encode("gbk"), "not a facts JSON document"),
    (b"[" * 100000 + b"]" * 100000, "nested more than 64 levels deep"),
    (b'{"schema_version": 1, "schema_version": 1}', 'duplicate key "schema_version"'),
    (b'{"schema_version": 1.0, "host": "x"}', "schema_version: must be the whole number 1, not a decimal number 1.0"),
    (b'{"schema_version": true, "host": "x"}', "schema_version: must be the whole number 1, not boolean true"),
    (b'{"schema_version": 1, "n": 1' + b"0" * 400 + b"}", "beyond the 64-bit range"),
    (b'{"schema_version": 1, "n": 1e400}', "beyond the range of a decimal number"),
    (b'{"schema_version": 1, "n": NaN}', "NaN is not a JSON number"),
    (b'{"schema_version": 1}', "host: required field missing"),
])
def test_bad_collector_output_is_a_clear_error(content: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        facts.loads(content, where="PC-07")
    assert message in str(info.value)
    assert str(info.value).startswith(("PC-07: ", "PC-07:1: "))


def test_cli_bad_facts_file_is_one_line_exit_2(cli, tmp_path: Path) -> None:
    bad = tmp_path / "facts.json"
    doc = good_doc()
    doc["probes"]["memory"]["value"]["installed_bytes"] = "256MB"
    bad.write_text(json.dumps(doc), "utf-8")
    code, out, err = cli("selfcheck", "--facts", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{bad}: probes.memory.value.installed_bytes: expected integer or null, got string" in err


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_cli_missing_or_directory_facts_file(cli, tmp_path: Path, name: str) -> None:
    code, _, err = cli("selfcheck", "--facts", str(tmp_path / name))
    assert code == 2 and "facts file" in err and "Traceback" not in err
