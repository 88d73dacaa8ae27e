"""Property: any valid facts document renders in every report, in both languages, without a traceback.

Documents are generated from the facts schema itself (every probe observed, absent or failed; any
chassis list; any Windows language; texts with CJK, HTML and XML specials and control characters), so
the property covers what the schema allows, not only what the fixtures show. Each goes through the
renderers the CLI uses (table with and without colour, JSON, JUnit, HTML) and through the fleet
report (table, JSON, JUnit) as a WinRM host would.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks import facts as facts_mod
from checks.profile import load_profile
from checks.report import render_html, render_json, render_junit, render_table
from checks.rules import RULES, judge
from checks.winrm.fleet import HostResult
from checks.winrm.fleet_report import render_fleet_json, render_fleet_junit, render_fleet_table
from checks.winrm.remote import Outcome, Target

PROFILES = [load_profile("seed-2007"), load_profile("current")]
# texts a real terminal may report: Chinese names, markup, quotes, control characters, lone surrogates excluded
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=16) | st.sampled_from(
    ["瑞星杀毒软件", "<script>alert(1)</script>", "\x1b[31mred\x1b[0m", "a\x00b\x07c", "&amp; \"'", "{lang}",
     "龙达报关预录入系统", "腾讯QQ2008", "\u2028line", "C:\\Program Files\\公路口岸系统"])
INTS = st.integers(-1, 2**40) | st.sampled_from([1033, 2052, 936, 1252, 3, 8, 9, 10, 30, 31, 32, 2992, 3000])


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against a (sub)schema of facts.schema.json (the keywords it uses)."""
    if "anyOf" in schema:
        return st.one_of([from_schema(s) for s in schema["anyOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type", "object")
    if isinstance(kinds, list):
        return st.one_of([from_schema({**schema, "type": k}) for k in kinds])
    if kinds == "null":
        return st.none()
    if kinds == "boolean":
        return st.booleans()
    if kinds == "integer":
        return INTS
    if kinds == "number":
        return INTS | st.floats(-1e7, 1e7, allow_nan=False)
    if kinds == "string":
        return TEXT.filter(lambda s: len(s) >= schema.get("minLength", 0))
    if kinds == "array":
        return st.lists(from_schema(schema.get("items", {"type": "string"})), max_size=4)
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    return st.fixed_dictionaries({k: from_schema(v) for k, v in props.items() if k in required},
                                 optional={k: from_schema(v) for k, v in props.items() if k not in required})


DOCUMENTS = from_schema(facts_mod.schema())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(DOCUMENTS, st.sampled_from(PROFILES))
def test_any_facts_document_renders_in_every_report_in_both_languages(doc: dict[str, Any], profile: Any) -> None:
    assert facts_mod.validate(doc) == [], "the strategy makes only documents the loader accepts"
    facts = facts_mod.from_json(doc)
    judgement = judge(facts, profile)
    assert [c.id for c in judgement.checks] == [r for r in RULES if profile.rules[r]["level"] != "off"]
    target = Target("pc-07", 5985, user="u", password="p")
    host = HostResult(Outcome(target, "collected", facts=facts), judgement.verdict, judgement)
    for lang in ("zh", "en"):
        for colour in (False, True):
            table = render_table(judgement, facts, lang, colour=colour)
            data_lines = table.splitlines()
            assert len(data_lines) >= 2 * len(judgement.checks) + 4, "one line per rule at least, none merged"
            assert "\x1b" not in table.replace("\x1b[", "") and "\x00" not in table  # no terminal control from data
        report = json.loads(render_json(judgement, facts, lang))
        assert report["verdict"] == judgement.verdict
        ET.fromstring(render_junit([(judgement, facts)], lang).encode("utf-8"))
        page = render_html(judgement, facts, lang)
        assert f'data-verdict="{judgement.verdict}"' in page and "<script>" not in page
        json.dumps(render_fleet_json([host], profile.name, [], lang))
        ET.fromstring(render_fleet_junit([host], lang).encode("utf-8"))
        assert render_fleet_table([host], lang).count("\n") == 2
