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
