"""The text of a holiday notice: NFKC normalisation, HTML to text, sentences, clauses, dates and ranges.

Helpers of :mod:`provisioning.dispatch.notice`; pure, no file, no clock.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import re
import unicodedata
from dataclasses import dataclass

NUMERALS = "一二三四五六七八九十"
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
DATE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
                   r"(?:\s*\((?P<note>[^()]*)\))?")
CONNECTOR = re.compile(r"^\s*(?:[-—–~至到]+)\s*$")
WEEKDAY_NOTE = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")
TOTAL = re.compile(r"(?:共|放假)\s*(\d{1,2})\s*天")
TITLE = re.compile(r"国务院(?:办公厅)?关于.{0,60}?的通知")
YEAR = re.compile(r"(\d{4})\s*年")
DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
ITEM = re.compile(rf"^\s*([{NUMERALS}]+)\s*、\s*(.*)$")
HEADER = re.compile(r"^(?P<name>[^:,.;()]{1,24}?)\s*:\s*")


def norm(text: str) -> str:
    """NFKC: full-width punctuation, digits and spaces become their half-width forms."""
    return unicodedata.normalize("NFKC", text)


class _TextOfHtml(html.parser.HTMLParser):
    _BLOCK = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "title", "table", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def plain_text(text: str) -> str:
    """The text itself, or the text of an HTML page saved from gov.cn."""
    head = text[:2000].lower()
    if "<html" in head or "<p" in head or "<div" in head or "<body" in head:
        parser = _TextOfHtml()
        parser.feed(text)
        parser.close()
        return "".join(parser.parts)
    return text


@dataclass
class Token:
    day: dt.date | None
    start: int
    end: int
    weekday: int | None
    raw: str


def sentences_of(line: str) -> list[str]:
    """A line's sentences, each with its 。, stripped, without empty ones."""
    return [p.strip() for p in re.findall(r"[^。]+。?", line) if p.strip() and p.strip() != "。"]


def clauses(text: str) -> list[str]:
    """Clauses of a normalised sentence: split at , and ; outside brackets."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [c.strip() for c in out if c.strip()]


def dates_in(clause: str, tokens: list[Token]) -> list[dt.date]:
    """The days a clause names: single dates and ranges (``A至B``, ``A—B``)."""
    days: list[dt.date] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and CONNECTOR.match(clause[tok.end:nxt.start]) and tok.day and nxt.day:
            d = tok.day
            while d <= nxt.day and len(days) < 400:
                days.append(d)
                d += dt.timedelta(days=1)
            i += 2
            continue
        if tok.day is not None:
            days.append(tok.day)
        i += 1
    return days
