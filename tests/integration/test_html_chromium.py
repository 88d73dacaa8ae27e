"""The HTML report in a real browser (headless Chromium) with real fonts: its verdict, no missing glyphs, one A4 page.

Chromium is driven over the DevTools protocol (tests/support/cdp.py): it says which fonts rendered each
element, prints the page to PDF as a clerk's browser would and takes screenshots (zh and en, PNG).
A missing glyph is drawn as an empty box whatever font is asked for, so the page's characters are
checked against fontconfig's coverage of the installed fonts (what Chromium falls back to), and the
Chinese text against the fonts Chromium really used.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, require_program
from tests.support.cdp import Chromium

pytestmark = pytest.mark.integration
FACTS = sorted((FIXTURES / "facts").glob("*.json"))
CJK_FONTS = ("Noto Sans CJK", "Noto Serif CJK", "WenQuanYi", "Microsoft YaHei", "SimSun", "Source Han")
HAN = re.compile(r"[\u4e00-\u9fff]")


def covered_codepoints() -> set[int]:
    """Every character some installed font has (fontconfig: what Chromium can fall back to)."""
    fc_list = require_program("fc-list")
    out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, check=True).stdout
    covered: set[int] = set()
    for line in out.splitlines():
        for part in line.split():
            first, _, last = part.partition("-")
            covered.update(range(int(first, 16), int(last or first, 16) + 1))
    return covered


def page_text(html: str) -> str:
    import html as html_mod

    body = html.split("<body>", 1)[1]
    return html_mod.unescape(re.sub(r"<[^>]+>", " ", body))


def missing_glyphs(text: str, covered: set[int]) -> list[str]:
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    program = require_program("chromium", "chromium-browser")
    with Chromium(program, tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium


def _report(cli, tmp_path: Path, fixture: str, lang: str, *extra: str) -> Path:  # type: ignore[no-untyped-def]
    page = tmp_path / f"{fixture}-{lang}.html"
    code, _, err = cli("selfcheck", "--facts", str(FIXTURES / "facts" / f"{fixture}.json"), "--html", str(page),
                       "--lang", lang, *extra)
    assert code in (0, 1, 3), err
    return page


def test_the_coverage_check_can_find_a_missing_glyph() -> None:
    covered = covered_codepoints()
    assert missing_glyphs("中文 ✔ →", covered) == []  # a CJK font is installed (tools/debian-packages.txt)
    assert missing_glyphs("A\u0378B\U000e0100", covered) == ["\u0378", "\U000e0100"]  # unassigned: always a box


@pytest.mark.parametrize(("fixture", "lang", "verdict", "text"), [
    ("laptop", "zh", "not_ready", "不能安装QP系统"),
    ("xp-sp3-zh-p4-desktop", "en", "ready", "Ready for QP"),
    ("wmi-failed", "zh", "undetermined", "无法确定"),
    ("xp-sp3-zh-p4-desktop", "zh", "ready", "可以安装QP系统"),
])
def test_report_renders_with_real_glyphs_on_one_a4_page(cli, browser: Chromium, tmp_path: Path, fixture: str,
                                                        lang: str, verdict: str, text: str) -> None:
    page = _report(cli, tmp_path, fixture, lang, "--site", "5301")
    browser.open(page.as_uri())
    dom = browser.call("Runtime.evaluate", expression="document.documentElement.outerHTML")["result"]["value"]
    assert f'data-verdict="{verdict}"' in dom and text in dom
    assert dom.count("<tr data-rule=") == 13
    assert 'id="next"' in dom and "0755-83395301" in dom  # what to do next, with the sub-centre's phone
    # every character has a glyph in some installed font
    assert missing_glyphs(page_text(page.read_text("utf-8")), covered_codepoints()) == []
    # and Chinese text was drawn by a CJK font, not left to chance
    for html, fonts in browser.fonts_by_element("h1, .meta, .verdict, .counts, td, th, li"):
        if HAN.search(re.sub(r"<[^>]+>", "", html)):
            families = [f["familyName"] for f in fonts]
            assert any(f.startswith(CJK_FONTS) for f in families), (html[:80], families)
    assert pdf_pages(browser.pdf()) == 1
    png = browser.screenshot()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    out = Path(os.environ.get("QPFLEET_ARTIFACTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    (out / f"report-{fixture}-{lang}.png").write_bytes(png)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_facts_fixture_prints_on_one_a4_page(cli, browser: Chromium, tmp_path: Path, lang: str) -> None:
    covered = covered_codepoints()
    assert len(FACTS) >= 25
    for facts in FACTS:
        page = _report(cli, tmp_path, facts.stem, lang, "--site", "5316")
        browser.open(page.as_uri())
        assert pdf_pages(browser.pdf()) == 1, facts.name
        assert missing_glyphs(page_text(page.read_text("utf-8")), covered) == [], facts.name


def test_pdf_page_count_sees_a_second_page(browser: Chromium, tmp_path: Path) -> None:
    """The page counter is not blind: a page twice as long as A4 prints on two pages."""
    page = tmp_path / "long.html"
    page.write_text("<!DOCTYPE html><html><body>" + "<p>行</p>" * 120 + "</body></html>", "utf-8")
    browser.open(page.as_uri())
    assert pdf_pages(browser.pdf()) >= 2

