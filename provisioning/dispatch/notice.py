"""The State Council holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知), read from its own text.

:func:`parse_notice` takes the text as pasted from gov.cn (or saved as HTML) and returns the
holidays and make-up working days (调休上班) it states, or raises :class:`NoticeInvalid` with one
problem per sentence at fault. Pure: no file, no clock, no calendar data.

What it reads, as the notices of 2008–2026 wrote it:

* full-width or half-width punctuation and digits (the text is NFKC-normalised sentence by
  sentence; messages quote the original sentence), ``星期X`` / ``周X`` / ``星期天``;
* numbered festival sentences ``二、春节：…``, several festivals in one (``中秋节、国庆节：``),
  and the unnumbered arrangement of a supplementary notice (an adjustment, an extension, a
  one-off day);
* holiday blocks ``A至B放假调休，共N天`` / ``A—B放假`` / ``A放假，与周末连休`` /
  ``A放假1天，不调休`` / ``A放假，B（星期一）补休`` / ``A至B调休放假``, a month left out
  (``2月2日（农历除夕）至8日``), a year given (``2022年12月31日至2023年1月2日``) or implied
  (``12月29日`` in the New Year sentence is in the year before);
* make-up working days ``X月X日（周X）、Y日（周Y）上班``, and the 2008/2009 wording where a
  weekend is moved (``2月2日（星期六）、2月3日（星期日）两个公休日调至2月11日…``): a moved
  weekend day outside the holiday block is a working day even where no ``上班`` sentence says so;
* an extension ``延长2020年春节假期至2月2日`` (every day from the notice's date to that day is
  a holiday); advice (``鼓励…``) and ``起正常上班`` are not arrangements.

Checks for sense: the weekday written beside a date is that date's weekday; a make-up working day
is a Saturday or Sunday; a holiday block is contiguous (only weekends between its days) and has
the ``共N天`` it states; no day is both; every festival the notice names has a sentence.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from checks.errors import InputError
from provisioning.dispatch import texts  # noqa: F401  (registers the notice's words)
from provisioning.dispatch.notice_text import (
    DATE,
    DATE_LINE,
    HEADER,
    ITEM,
    TITLE,
    TOTAL,
    WEEKDAY_NOTE,
    WEEKDAYS,
    YEAR,
    Token,
    clauses,
    dates_in,
    norm,
    plain_text,
    sentences_of,
)
from provisioning.dispatch.reasons import Reason, reason

FESTIVALS: dict[str, tuple[str, ...]] = {
    "new_year": ("元旦", "新年"),
    "spring": ("春节",),
    "qingming": ("清明",),
    "labour": ("劳动节", "五一"),
    "dragon_boat": ("端午",),
    "mid_autumn": ("中秋",),
    "national": ("国庆", "十一"),
    "special": ("纪念日",),
}


@dataclass(frozen=True)
class Sentence:
    """One sentence of the notice as written (for messages) and where it is."""

    text: str
    line: int


@dataclass(frozen=True)
class Holiday:
    """The holiday days one festival sentence states (weekend days inside the block included)."""

    festivals: tuple[str, ...]
    header: str  # "二、春节" (or the notice's title for an unnumbered arrangement)
    days: tuple[dt.date, ...]
    sentence: Sentence


@dataclass(frozen=True)
class MakeUpDay:
    """A make-up working day (调休上班) on a weekend."""

    day: dt.date
    festivals: tuple[str, ...]
    header: str
    sentence: Sentence


@dataclass(frozen=True)
class Notice:
    """What one notice states."""

    title: str
    year: int
    issued: dt.date | None  # the date under the signature (成文日期)
    kind: str  # "main" (部分节假日安排) or "supplement" (an adjustment, an extension, a one-off day)
    festivals: tuple[str, ...]  # named by the notice's title or opening sentence
    holidays: tuple[Holiday, ...]
    workdays: tuple[MakeUpDay, ...]
    issued_line: int = 0

    def stated(self) -> dict[dt.date, tuple[bool, str, Sentence]]:
        """Every day the notice states: date -> (working day?, section header, sentence)."""
        out: dict[dt.date, tuple[bool, str, Sentence]] = {}
        for h in self.holidays:
            for d in h.days:
                out[d] = (False, h.header, h.sentence)
        for w in self.workdays:
            out[w.day] = (True, w.header, w.sentence)
        return out

    @property
    def reference(self) -> str:
        """How an entry written from this notice names its source: the title and the notice's date."""
        when = self.issued.isoformat() if self.issued else "?"
        return f"{self.title}（{when}）"


@dataclass(frozen=True)
class Problem:
    """Something wrong with one sentence of the notice."""

    line: int
    sentence: str
    why: Reason

    def text(self, file: str, lang: str) -> str:
        quoted = f"「{_shorten(self.sentence)}」: " if self.sentence else ""
        return f"{file}:{self.line}: {quoted}{self.why.text(lang)}"


class NoticeInvalid(InputError):
    """The text is not a usable notice; ``problems`` says why, one sentence each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the notice")
        self.problems = problems


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def festivals_in(text: str) -> tuple[str, ...]:
    """The festivals a piece of text names, in the order of :data:`FESTIVALS`."""
    return tuple(key for key, words in FESTIVALS.items() if any(w in text for w in words))


@dataclass
class _Section:
    festivals: tuple[str, ...]
    header: str
    sentences: list[Sentence] = field(default_factory=list)


def parse_notice(text: str) -> Notice:
    """Read a notice; raises :class:`NoticeInvalid` listing every problem (sentence by sentence)."""
    lines = plain_text(text).splitlines()
    normed = [norm(line).strip() for line in lines]
    first_words = next(((i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()), (1, ""))
    title_at = next((i for i, line in enumerate(normed) if TITLE.search(line)), None)
    intro_at = next((i for i, line in enumerate(normed) if "通知如下" in line), None)
    title = TITLE.search(normed[title_at]).group(0) if title_at is not None else ""  # type: ignore[union-attr]
    if title_at is None and intro_at is None:
        raise NoticeInvalid([Problem(first_words[0], first_words[1], reason("notice.err.not_notice"))])
    sections = _sections(lines, normed, intro_at)
    if not sections:
        at = intro_at if intro_at is not None else title_at
        assert at is not None
        raise NoticeInvalid([Problem(at + 1, lines[at].strip(), reason("notice.err.no_arrangement"))])
    year, year_line = _notice_year(normed, title_at, intro_at)
    if year is None:
        raise NoticeInvalid([Problem(year_line + 1, lines[year_line].strip(), reason("notice.err.no_year"))])
    intro = normed[intro_at] if intro_at is not None else ""
    named = festivals_in(intro.split("通知如下")[0]) or festivals_in(title)
    kind = "main" if "部分节假日" in title or ("调休日期" in intro and "调整" not in intro) else "supplement"
    issued, issued_line = _issued(normed)
    problems: list[Problem] = []
    holidays: list[Holiday] = []
    workdays: list[MakeUpDay] = []
    for section in sections:
        if not section.festivals:
            section.festivals = named if len(named) == 1 else ()
        _read_section(section, year, issued, holidays, workdays, problems)
    at = intro_at if intro_at is not None else (title_at or 0)
    _check_across(holidays, workdays, named, sections, kind, Sentence(lines[at].strip(), at + 1), problems)
    if issued is not None and not (year - 1 <= issued.year <= year):
        problems.append(Problem(issued_line, lines[issued_line - 1].strip(),
                                reason("notice.err.issued", issued=issued.isoformat(), year=year)))
    if problems:
        raise NoticeInvalid(problems)
    return Notice(title or f"{year}", year, issued, kind, named, tuple(holidays),
                  tuple(sorted(workdays, key=lambda w: w.day)), issued_line)


def _notice_year(normed: list[str], title_at: int | None, intro_at: int | None) -> tuple[int | None, int]:
    for at in (title_at, intro_at):
        if at is not None:
            found = YEAR.search(normed[at].split("通知如下")[0])
            if found:
                return int(found.group(1)), at
    return None, title_at if title_at is not None else (intro_at or 0)


def _issued(normed: list[str]) -> tuple[dt.date | None, int]:
    """The notice's date: 成文日期 of a gov.cn page, else the date line under the signature."""
    candidates: list[tuple[int, re.Match[str]]] = []
    for i, line in enumerate(normed):
        if "成文日期" in line:
            m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{1,2})-(\d{1,2})", line)
            if m:
                y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
                try:
                    return dt.date(int(y), int(mo), int(d)), i + 1
                except ValueError:
                    return None, i + 1
        found = DATE_LINE.match(line)
        if found:
            candidates.append((i, found))
    if not candidates:
        return None, 0
    i, m = candidates[-1]
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), i + 1
    except ValueError:
        return None, i + 1


def _sections(lines: list[str], normed: list[str], intro_at: int | None) -> list[_Section]:
    """Festival sentences (numbered, with a festival before the colon) and unnumbered arrangements."""
    sections: list[_Section] = []
    current: _Section | None = None
    start = (intro_at + 1) if intro_at is not None else 0
    for i in range(start, len(lines)):
        text = normed[i]
        if not text:
            continue  # a blank line between paragraphs ends nothing
        if DATE_LINE.match(text) or "成文日期" in text or "发布日期" in text:
            current = None
            continue
        item = ITEM.match(text)
        has_date = bool(DATE.search(text))
        if item:
            head = HEADER.match(item.group(2))
            found = festivals_in(head.group("name")) if head else ()
            if head and found:
                current = _Section(found, f"{item.group(1)}、{head.group('name').strip()}")
            elif has_date:
                current = _Section((), f"{item.group(1)}、")
            else:
                current = None
                continue
            sections.append(current)
        elif not has_date:
            current = None
            continue
        elif current is None:
            if intro_at is None:
                continue  # dates before any arrangement: not part of one
            current = _Section((), "")
            sections.append(current)
        for piece in sentences_of(lines[i]):
            current.sentences.append(Sentence(piece, i + 1))
    return [s for s in sections if s.sentences]


@dataclass
class _Context:
    year: int  # the notice's year
    new_year: bool  # the section is the New Year's one (a December date is in the year before)
    last: dt.date | None = None


def _tokens(clause: str, ctx: _Context, sentence: Sentence, problems: list[Problem]) -> list[Token]:
    out: list[Token] = []
    for m in DATE.finditer(clause):
        y, mo, d = m.group("y"), m.group("m"), int(m.group("d"))
        if mo is None and ctx.last is None:
            problems.append(Problem(sentence.line, sentence.text, reason("notice.err.no_month", text=m.group(0))))
            out.append(Token(None, m.start(), m.end(), None, m.group(0)))
            continue
        month = int(mo) if mo is not None else ctx.last.month  # type: ignore[union-attr]
        if y is not None:
            year = int(y)
        elif mo is None:
            year = ctx.last.year  # type: ignore[union-attr]
        elif ctx.new_year and month == 12:
            year = ctx.year - 1
        elif ctx.last is not None and month < ctx.last.month and ctx.last.month == 12:
            year = ctx.last.year + 1
        else:
            year = ctx.year
        try:
            day: dt.date | None = dt.date(year, month, d)
        except ValueError:
            problems.append(Problem(sentence.line, sentence.text, reason("notice.err.bad_date", text=m.group(0))))
            day = None
        note = m.group("note") or ""
        wd = WEEKDAY_NOTE.search(note)
        weekday = WEEKDAYS[wd.group(1)] if wd else None
        if day is not None:
            ctx.last = day
            if weekday is not None and day.weekday() != weekday:
                problems.append(Problem(sentence.line, sentence.text, reason(
                    "notice.err.weekday", text=m.group(0), day=day.isoformat(), wrote=wd.group(0),  # type: ignore[union-attr]
                    real=f"@weekday.{day.weekday()}")))
        out.append(Token(day, m.start(), m.end(), weekday, m.group(0)))
    return out


def _read_section(section: _Section, year: int, issued: dt.date | None, holidays: list[Holiday],
                  workdays: list[MakeUpDay], problems: list[Problem]) -> None:
    ctx = _Context(year, "new_year" in section.festivals)
    rest: dict[dt.date, Sentence] = {}
    work: dict[dt.date, Sentence] = {}
    moved: dict[dt.date, Sentence] = {}
    totals: list[tuple[int, Sentence]] = []
    first = section.sentences[0]
    for sentence in section.sentences:
        text = norm(sentence.text)
        if section.header and sentence is first:
            text = HEADER.sub("", ITEM.sub(r"\2", text), count=1) if section.festivals else ITEM.sub(r"\2", text)
        if text.startswith("鼓励"):
            continue  # advice to employers, not an arrangement
        for clause in clauses(text):
            tokens = _tokens(clause, ctx, sentence, problems)
            total = TOTAL.search(clause)
            if total:
                totals.append((int(total.group(1)), sentence))
            if not tokens or "正常上班" in clause:
                continue
            if "延长" in clause and "至" in clause:
                target = tokens[-1].day
                if issued is None:
                    problems.append(Problem(sentence.line, sentence.text, reason("notice.err.extension_date")))
                elif target is not None:
                    d = max(issued, dt.date(year, 1, 1))
                    while d <= target:
                        rest.setdefault(d, sentence)
                        d += dt.timedelta(days=1)
                continue
            if "调至" in clause:
                cut = clause.index("调至")
                before = [t for t in tokens if t.end <= cut]
                after = [t for t in tokens if t.start >= cut]
                for d in dates_in(clause, before):
                    moved.setdefault(d, sentence)
                for d in dates_in(clause, after):
                    rest.setdefault(d, sentence)
                continue
            days = dates_in(clause, tokens)
            if "放假" in clause or "补休" in clause or "调休" in clause or "公休" in clause or "法定" in clause:
                for d in days:
                    rest.setdefault(d, sentence)
            elif "上班" in clause:
                for d in days:
                    work.setdefault(d, sentence)
            else:
                problems.append(Problem(sentence.line, sentence.text, reason("notice.err.unclear", text=clause)))
    for d, sentence in moved.items():
        if d not in rest and d not in work:
            work[d] = sentence  # a weekend moved into the block is worked (2008/2009 wording)
    where = first
    if not rest:
        problems.append(Problem(where.line, where.text, reason("notice.err.no_holiday")))
        return
    for d, sentence in sorted(work.items()):
        if d in rest:
            problems.append(Problem(sentence.line, sentence.text, reason("notice.err.both", day=d.isoformat())))
        elif d.weekday() < 5:
            problems.append(Problem(sentence.line, sentence.text, reason(
                "notice.err.weekday_makeup", day=d.isoformat(), weekday=f"@weekday.{d.weekday()}")))
    days = sorted(rest)
    for a, b in itertools.pairwise(days):
        gap = [a + dt.timedelta(days=k) for k in range(1, (b - a).days)]
        blocking = [g for g in gap if g.weekday() < 5 or g in work]
        if blocking:
            problems.append(Problem(where.line, where.text, reason(
                "notice.err.gap", first=a.isoformat(), last=b.isoformat(), day=blocking[0].isoformat())))
            break
    span = (days[-1] - days[0]).days + 1
    for n, sentence in totals[:1]:
        if n != span:
            problems.append(Problem(sentence.line, sentence.text, reason(
                "notice.err.total", n=n, first=days[0].isoformat(), last=days[-1].isoformat(), span=span)))
    holidays.append(Holiday(section.festivals, section.header, tuple(days), first))
    workdays.extend(MakeUpDay(d, section.festivals, section.header, s) for d, s in sorted(work.items()))


def _check_across(holidays: list[Holiday], workdays: list[MakeUpDay], named: tuple[str, ...],
                  sections: list[_Section], kind: str, intro: Sentence, problems: list[Problem]) -> None:
    seen: dict[dt.date, tuple[bool, Sentence]] = {}
    for h in holidays:
        for d in h.days:
            other = seen.get(d)
            if other is not None and other[0]:
                problems.append(Problem(h.sentence.line, h.sentence.text, reason("notice.err.both", day=d.isoformat())))
            seen[d] = (False, h.sentence)
    for w in workdays:
        other = seen.get(w.day)
        if other is not None and not other[0]:
            problems.append(Problem(w.sentence.line, w.sentence.text, reason("notice.err.both", day=w.day.isoformat())))
    found = {f for s in sections for f in s.festivals}
    missing = [f for f in named if f not in found and f != "special"]
    if missing and kind == "main":
        for f in missing:
            problems.append(Problem(intro.line, intro.text, reason("notice.err.missing_festival",
                                                                   festival=f"@festival.{f}")))
