"""The HTML report renders in a real browser (headless Chromium) with its verdict."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, require_program

pytestmark = pytest.mark.integration
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.parametrize(("fixture", "lang", "verdict", "text"), [
    ("laptop", "zh", "not_ready", "不能安装QP系统"),
    ("xp-sp3-zh-p4-desktop", "en", "ready", "Ready for QP"),
])
def test_report_renders_the_verdict(cli, tmp_path: Path, fixture: str, lang: str, verdict: str, text: str) -> None:
    chromium = require_program("chromium", "chromium-browser")
    page = tmp_path / "report.html"
    cli("selfcheck", "--facts", str(FIXTURES / "facts" / f"{fixture}.json"), "--html", str(page), "--lang", lang)
    dom = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                          page.as_uri()], capture_output=True, text=True, timeout=90, check=True).stdout
    assert f'data-verdict="{verdict}"' in dom
    assert text in dom
    assert dom.count("<tr data-rule=") == 13
