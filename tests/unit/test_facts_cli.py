"""`qpfleet facts` shows what was detected for people, in the user's language (the JSON stays raw)."""

from __future__ import annotations

import re
from typing import Any

import pytest


def test_facts_are_shown_for_people(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """`qpfleet facts`: probes by their Chinese names, sizes in MB/GB, a language id by name, no null/None."""
    import json

    from checks import collectors
    from checks.facts import from_json
    from checks.humanize import fact_value
    from tests.conftest import FIXTURES

    windows = from_json(json.loads((FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json").read_text("utf-8")))
    monkeypatch.setattr(collectors, "collect_local", lambda profile: windows)
    code, out, _ = cli("facts", "--lang", "zh")
    assert code == 0
    assert "内存" in out and "处理器" in out and "操作系统" in out and "系统语言：简体中文 (2052)" in out, out
    assert "已安装：512 MB" in out and "发布者：" in out
    assert " GB" in out or " MB" in out
    assert "null" not in out and "None" not in out and not re.search(r"_bytes: [0-9.]+[;,}\n…]", out), out
    code, out, _ = cli("facts", "--lang", "en")
    assert code == 0 and "Simplified Chinese (2052)" in out and "memory" in out
    raw = json.loads(cli("facts", "--json")[1])
    assert raw["probes"]["memory"]["value"]["installed_bytes"] > 0  # the JSON for programs stays raw
    assert fact_value({"usable_bytes": 268435456, "x": None, "ok": True}, "en") == "usable_bytes: 256 MB; x: —; ok: ✓"
    assert fact_value({"usable_bytes": 268435456, "x": None, "ok": True}, "zh") == "可用内存：256 MB；x：—；ok：✓"
    programs = [{"name": f"p{i}", "version": "1"} for i in range(7)]
    assert fact_value(programs, "zh") == "共 7 项：p0、p1、p2、p3、p4…"
    assert fact_value(programs[:2], "en") == "(name: p0; version: 1), (name: p1; version: 1)"
    assert fact_value("a" * 500, "zh", limit=10) == "a" * 9 + "…"
