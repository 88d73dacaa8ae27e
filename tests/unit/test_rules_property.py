"""Property-based: random facts documents never crash the rules, and a failed probe is never a PASS."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks import facts, rules
from checks.profile import load_profile
from tests.conftest import FIXTURES

PROFILE = load_profile("seed-2007")
BASE = json.loads((FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json").read_text("utf-8"))
# The probe each must-rule depends on; when it failed, the rule may not PASS.
DEPENDS = {"chassis": "chassis", "cpu": "cpu", "memory": "memory", "disk_c": "disks",
           "optical_drive": "optical_drives", "network": "network_adapters", "usb": "usb_controllers",
           "os": "os", "clock": "clock"}

scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40), st.floats(allow_nan=False),
                    st.text(max_size=12))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)


def probe_values(name: str) -> st.SearchStrategy[Any]:
    """Values shaped like the real probe's, with random fields, plus arbitrary JSON."""
    real = BASE["probes"][name]["value"]
    if isinstance(real, dict):
        shaped = st.fixed_dictionaries({k: scalars | json_values for k in real})
    else:
        shaped = st.lists(st.fixed_dictionaries({k: scalars for k in (real[0] if real else {"name": 0})}), max_size=3)
    return st.one_of(shaped, json_values)


probes = st.fixed_dictionaries({
    name: st.fixed_dictionaries({"status": st.sampled_from(["observed", "absent", "failed"]),
                                 "value": probe_values(name), "error": st.none() | st.text(max_size=10)})
    for name in BASE["probes"]
})


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(probes)
def test_random_facts_never_crash_and_failed_probes_never_pass(random_probes: dict[str, Any]) -> None:
    doc = dict(BASE, probes=random_probes)
    if facts.validate(doc):
        return  # the loader refuses it with a message (tested elsewhere); the rules never see it
    judgement = rules.judge(facts.from_json(doc), PROFILE)
    statuses = {c.id: c.status for c in judgement.checks}
    assert set(statuses) == set(rules.RULES)
    for rule_id, probe in DEPENDS.items():
        if random_probes[probe]["status"] == "failed":
            assert statuses[rule_id] in ("unknown", "fail"), (rule_id, statuses[rule_id])
    assert judgement.verdict in ("ready", "not_ready", "undetermined")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=6))
def test_random_documents_get_errors_not_exceptions(doc: dict[str, Any]) -> None:
    errors = facts.validate(doc)
    assert errors and all(isinstance(e, str) for e in errors)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(BASE["probes"])), json_values)
def test_any_value_in_a_valid_frame_is_judged_or_refused(name: str, value: Any) -> None:
    doc = json.loads(json.dumps(BASE))
    doc["probes"][name]["value"] = value
    if facts.validate(doc):
        return
    judgement = rules.judge(facts.from_json(doc), PROFILE)
    assert len(judgement.checks) == len(rules.RULES)


def test_a_clock_reading_without_a_finite_offset_is_never_a_pass() -> None:
    """Files cannot carry such a reading (the schema and the strict JSON reader refuse it); values made in
    memory (an SNTP answer gone wrong) must still be UNKNOWN, never the PASS that 0 would give."""
    base = json.loads((FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json").read_text("utf-8"))
    profile = load_profile("current")
    for offset in (float("nan"), float("inf"), None, True, "3"):
        doc = json.loads(json.dumps(base))
        value = doc["probes"]["clock"]["value"]
        doc["probes"]["clock"]["value"] = {**value, "offset_seconds": 0.0}
        parsed = facts.loads(json.dumps(doc).encode())
        parsed.probes["clock"].value["offset_seconds"] = offset
        (clock,) = [c for c in rules.judge(parsed, profile).checks if c.id == "clock"]
        assert clock.status == rules.UNKNOWN, (offset, clock)
