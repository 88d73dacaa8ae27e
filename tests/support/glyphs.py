"""Missing glyphs on a page as Chromium rendered it: every character against the fonts that drew it.

Chromium's DevTools protocol names, for each element, the platform fonts it used for the element's
own text (``CSS.getPlatformFontsForNode``); fontconfig (``fc-list``) gives each installed font's
character set. A character that none of the fonts used for its element contains was drawn as a
box (tofu) or not at all: that is a missing glyph.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from typing import Any

from tests.conftest import require_program

SKIP = {"script", "style", "head", "title", "noscript", "template"}


@dataclass(frozen=True)
class Font:
    families: tuple[str, ...]
    postscript: str
    charset: frozenset[int]


def _ranges(text: str) -> frozenset[int]:
    out: set[int] = set()
    for part in text.split():
        lo, _, hi = part.partition("-")
        out.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return frozenset(out)


def system_fonts() -> list[Font]:
    fc_list = require_program("fc-list")
    out = subprocess.run([fc_list, "--format", "%{family}\t%{postscriptname}\t%{charset}\n"], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    fonts = []
    for line in out.splitlines():
        family, postscript, charset = ([*line.split("\t"), "", "", ""])[:3]
        fonts.append(Font(tuple(f.strip() for f in family.split(",")), postscript.strip(), _ranges(charset)))
    return fonts


@dataclass(frozen=True)
class Missing:
    element: str
    text: str
    characters: str
    fonts: tuple[str, ...]


def missing_glyphs(driver: Any, fonts: list[Font]) -> tuple[list[Missing], int]:
    """The elements of the current page with characters their fonts lack, and how many elements were checked."""
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    by_family: dict[str, set[int]] = {}
    by_postscript: dict[str, frozenset[int]] = {}
    for f in fonts:
        for fam in f.families:
            by_family.setdefault(fam.casefold(), set()).update(f.charset)
        by_postscript[f.postscript] = f.charset
    found: list[Missing] = []
    checked = 0
    stack = [root]
    while stack:
        node = stack.pop()
        name = str(node.get("nodeName", "")).lower()
        if name in SKIP:
            continue
        children = node.get("children", [])
        stack.extend(children)
        text = "".join(c.get("nodeValue", "") for c in children if c.get("nodeType") == 3)
        if node.get("nodeType") != 1 or not text.strip():
            continue
        used = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        if not used:
            continue  # not rendered (a closed <details>, display: none)
        checked += 1
        covered: set[int] = set()
        for f in used:
            covered |= by_postscript.get(f.get("postScriptName", ""), frozenset())
            covered |= by_family.get(str(f.get("familyName", "")).casefold(), set())
        lacking = "".join(sorted({c for c in text if not c.isspace() and ord(c) not in covered}))
        if lacking:
            found.append(Missing(name, text.strip()[:80], lacking, tuple(f.get("familyName", "") for f in used)))
    return found, checked
