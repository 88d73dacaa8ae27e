"""Table-driven: every rule's status over facts shaped as real Windows terminals produce them."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from checks import facts, rules
from checks.profile import load_profile
from tests.conftest import FIXTURES

FACTS = FIXTURES / "facts"
EXPECTED = yaml.safe_load((FACTS / "expected.yaml").read_text("utf-8"))
CASES = [(profile, name, exp) for profile, table in EXPECTED.items() for name, exp in table.items()]


def test_every_fixture_has_expectations_under_every_profile() -> None:
    names = {p.stem for p in FACTS.glob("*.json")}
    for profile, table in EXPECTED.items():
        assert names == set(table), f"each fixture needs a line in expected.yaml under {profile}"


@pytest.mark.parametrize(("profile", "name", "expected"), CASES, ids=[f"{p}:{n}" for p, n, _ in CASES])
def test_fixture_statuses(profile: str, name: str, expected: dict[str, Any]) -> None:
    judgement = rules.judge(facts.load(FACTS / f"{name}.json"), load_profile(profile))
    statuses = {c.id: c.status for c in judgement.checks}
    want = {rule_id: expected.get(rule_id, "pass") for rule_id in rules.RULES}
    assert statuses == want
    assert judgement.verdict == expected["verdict"]
    # every UNKNOWN from a failed probe names its cause, and its advice is that cause's
    causes = {c.id: c.remedy.removeprefix("remedy.cause.") for c in judgement.checks
              if c.status == "unknown" and c.remedy and c.remedy.startswith("remedy.cause.")}
    assert causes == expected.get("causes", {})


def test_fixtures_validate_against_the_json_schema_with_jsonschema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(facts.schema())
    for path in FACTS.glob("*.json"):
        doc = json.loads(path.read_text("utf-8"))
        assert not list(validator.iter_errors(doc)), path.name
        assert facts.validate(doc) == [], path.name


def test_core2_speed_comes_from_the_name_not_the_power_saving_reading() -> None:
    j = rules.judge(facts.load(FACTS / "core2-powersave.json"), load_profile("seed-2007"))
    cpu = next(c for c in j.checks if c.id == "cpu")
    assert cpu.params == {"mhz": 3000, "source": "name"}
    assert "1600 MHz (wmi)" in cpu.observed


def test_cpu_name_parsing() -> None:
    assert rules.cpu_name_mhz("Intel(R) Pentium(R) 4 CPU 3.00GHz") == 3000
    assert rules.cpu_name_mhz("Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz") == 3000
    assert rules.cpu_name_mhz("AMD Athlon(tm) 64 Processor 3000+") is None
    assert rules.cpu_name_mhz("Intel Pentium III 933MHz") == 933
    assert rules.cpu_name_mhz(None) is None


def test_longda_evidence_names_what_was_found() -> None:
    j = rules.judge(facts.load(FACTS / "longda-present.json"), load_profile("seed-2007"))
    longda = next(c for c in j.checks if c.id == "longda")
    assert "龙达报关预录入系统" in longda.observed and "C:\\Longda" in longda.observed


def test_qq_input_method_is_not_chat_software() -> None:
    j = rules.judge(facts.load(FACTS / "qq-and-thunder.json"), load_profile("seed-2007"))
    dedicated = next(c for c in j.checks if c.id == "dedicated")
    assert "腾讯QQ2008" in dedicated.observed and "迅雷5" in dedicated.observed
    assert "拼音" not in dedicated.observed


def test_a_probe_the_collector_did_not_run_is_unknown_not_absent() -> None:
    doc = json.loads((FACTS / "xp-sp3-zh-p4-desktop.json").read_text("utf-8"))
    del doc["probes"]["optical_drives"], doc["probes"]["programs"]
    j = rules.judge(facts.from_json(doc), load_profile("seed-2007"))
    statuses = {c.id: c.status for c in j.checks}
    assert statuses["optical_drive"] == "unknown"
    assert statuses["longda"] == "unknown"  # no programs list: cannot prove the old system is absent
    assert j.verdict == "undetermined"


def test_level_off_disables_a_rule_and_recommended_never_fails(tmp_path) -> None:
    prof = tmp_path / "p.yaml"
    prof.write_text("name: custom\nextends: seed-2007\nrules:\n  optical_drive: {level: off}\n"
                    "  disk_c: {level: recommended}\n", "utf-8")
    j = rules.judge(facts.load(FACTS / "c-1.9gb-free.json"), load_profile(str(prof)))
    statuses = {c.id: c.status for c in j.checks}
    assert "optical_drive" not in statuses
    assert statuses["disk_c"] == "warn"
    assert j.verdict == "ready"


def test_security_center_states_decide_the_antivirus_rule() -> None:
    def check(name: str) -> rules.Check:
        j = rules.judge(facts.load(FACTS / f"{name}.json"), load_profile("current"))
        return next(c for c in j.checks if c.id == "antivirus")

    off = check("win7-defender-off-only")
    assert off.status == "fail" and off.message == "antivirus.disabled" and off.params == {"names": "Windows Defender"}
    assert "Windows Defender: off, up to date (Security Center)" == off.observed
    assert check("antivirus-out-of-date").message == "antivirus.outdated"
    stale = check("antivirus-stale-entry")
    assert stale.status == "unknown" and stale.remedy == "remedy.antivirus.state_unknown"
    corroborated = check("antivirus-state-unreported-but-installed")
    assert corroborated.status == "pass" and corroborated.params["source"] == "installed programs"


def test_virtual_drives_are_named_in_the_observation() -> None:
    j = rules.judge(facts.load(FACTS / "virtual-daemon-and-real-drive.json"), load_profile("seed-2007"))
    optical = next(c for c in j.checks if c.id == "optical_drive")
    assert optical.status == "pass" and optical.params == {"count": 1}
    assert "DTSOFT Virtual CdRom Device (virtual)" in optical.observed
    assert "TSSTcorp CDDVDW SH-S182D" in optical.observed and "SH-S182D (virtual)" not in optical.observed


def test_the_virtual_drive_signatures_are_profile_data(tmp_path) -> None:
    prof = tmp_path / "p.yaml"
    prof.write_text("name: custom\nextends: seed-2007\nrules:\n  optical_drive: {virtual_drives: []}\n", "utf-8")
    j = rules.judge(facts.load(FACTS / "virtual-alcohol-and-clonedrive.json"), load_profile(str(prof)))
    assert {c.id: c.status for c in j.checks}["optical_drive"] == "pass"   # nothing to recognise them by
