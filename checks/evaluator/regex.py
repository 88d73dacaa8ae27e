"""Python regular expressions as JavaScript (ES3, JScript 5.5+) regular expressions that find the same texts.

The contract: for every text ``s``, ``re.search(pattern, s, flags)`` finds a match exactly when the
evaluator's ``pySearch(new RegExp(source, "g"), s)`` does (common.js: it skips a match that starts in
the middle of a surrogate pair, where Python has no position). Python's own ``re`` parser reads the
pattern, and every character test (a literal under IGNORECASE, a class, ``.``, ``\\w``, ``\\d``, ``\\s``)
becomes an explicit set of code points computed by Python's ``re`` itself over all of Unicode, so the
case rules (``k`` also matches U+212A KELVIN SIGN), Unicode digits and word characters are Python's,
not JScript's. Code points above U+FFFF become surrogate pairs. ``\\b``/``\\B`` become lookaheads where
the character before is known to be a word character or not, or consume the character before the match
at the start of the pattern (JScript has no look-behind).

What cannot be expressed exactly raises :class:`Untranslatable` with the reason: look-behind,
back-references, conditionals, atomic groups and possessive repeats, MULTILINE anchors, LOCALE, and a
``\\b`` whose neighbour is neither known nor at the start.
"""

from __future__ import annotations

import re
import re._constants as C
import re._parser as sre_parse
from functools import cache
from typing import Any

MAX_UNICODE = 0x10FFFF
Ranges = tuple[tuple[int, int], ...]
Part = str | Ranges  # a piece of JavaScript source, or a set of code points still to be written out
_FLAGS = re.IGNORECASE | re.DOTALL | re.ASCII
_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


class Untranslatable(ValueError):
    """A pattern the evaluator cannot run with exactly Python's meaning."""


@cache
def _all_code_points() -> str:
    return "".join(map(chr, range(MAX_UNICODE + 1)))


@cache
def char_set(source: str, flags: int, bmp_only: bool = False) -> Ranges:
    """The code points one character test matches, as sorted ranges, computed by Python's ``re``.

    ``(?:X)+`` over every code point in order matches runs of consecutive members: each run is a range.
    ``bmp_only`` limits the scan to U+0000-U+FFFF (a BMP literal: no case mapping leaves its plane).
    """
    text = _all_code_points()[:0x10000] if bmp_only else _all_code_points()
    rx = re.compile(f"(?:{source})+", flags & _FLAGS)
    return tuple((m.start(), m.end() - 1) for m in rx.finditer(text))


def _esc(cp: int) -> str:
    return f"\\U{cp:08x}"


def _atom_source(op: Any, av: Any) -> str:
    if op is C.LITERAL:
        return _esc(av)
    if op is C.NOT_LITERAL:
        return f"[^{_esc(av)}]"
    if op is C.ANY:
        return "."
    parts, negate = [], False
    for iop, iav in av:
        if iop is C.NEGATE:
            negate = True
        elif iop is C.LITERAL:
            parts.append(_esc(iav))
        elif iop is C.RANGE:
            parts.append(f"{_esc(iav[0])}-{_esc(iav[1])}")
        elif iop is C.CATEGORY and iav in _CATEGORIES:
            parts.append(_CATEGORIES[iav])
        else:
            raise Untranslatable(f"character class item {iop}")
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def atom_set(op: Any, av: Any, flags: int) -> Ranges:
    """The code points matched by one single-character item (literal, class, ``.``)."""
    bmp = op is C.LITERAL and av < 0x10000
    return char_set(_atom_source(op, av), flags, bmp)


# ---------------------------------------------------------------------------------- sets of code points

def _normalise(ranges: list[tuple[int, int]]) -> Ranges:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def _clip(ranges: Ranges, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(max(a, lo), min(b, hi)) for a, b in ranges if a <= hi and b >= lo]


def _intersects(a: Ranges, b: Ranges) -> bool:
    return any(_clip(b, lo, hi) for lo, hi in a)


def _subset(a: Ranges, b: Ranges) -> bool:
    return all(sum(y - x + 1 for x, y in _clip(b, lo, hi)) == hi - lo + 1 for lo, hi in a)


def _js_unit_class(ranges: list[tuple[int, int]]) -> str:
    def u(cp: int) -> str:
        return f"\\u{cp:04x}"
    return "[" + "".join(u(a) if a == b else f"{u(a)}-{u(b)}" for a, b in ranges) + "]"


def js_class(ranges: Ranges) -> str:
    """JavaScript source matching one code point of ``ranges`` (astral ones as surrogate pairs)."""
    units = _clip(ranges, 0, 0xD7FF) + _clip(ranges, 0xE000, 0xFFFF) + _clip(ranges, 0xDC00, 0xDFFF)
    highs = _clip(ranges, 0xD800, 0xDBFF)
    by_high: dict[int, list[tuple[int, int]]] = {}
    for lo, hi in _clip(ranges, 0x10000, MAX_UNICODE):
        # one high surrogate per block of 1024 code points
        h_first, h_last = 0xD800 + ((lo - 0x10000) >> 10), 0xD800 + ((hi - 0x10000) >> 10)
        for h in range(h_first, h_last + 1):
            base = 0x10000 + ((h - 0xD800) << 10)
            a, b = max(lo, base), min(hi, base + 0x3FF)
            by_high.setdefault(h, []).append((0xDC00 + a - base, 0xDC00 + b - base))
    alts: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            head = _js_unit_class([(run[0], run[-1])])
            alts.append(head + _js_unit_class(list(_normalise(by_high[run[0]]))))
            run.clear()

    for h in sorted(by_high):
        if run and (h != run[-1] + 1 or _normalise(by_high[h]) != _normalise(by_high[run[0]])):
            flush()
        run.append(h)
    flush()
    merged_units = list(_normalise(units))
    if merged_units:
        alts.append(_js_unit_class(merged_units))
    if highs:
        alts.append(_js_unit_class(highs) + "(?![\\udc00-\\udfff])")
    if not alts:
        return "[^\\s\\S]"
    return alts[0] if len(alts) == 1 and not highs and not by_high else "(?:" + "|".join(alts) + ")"


# ---------------------------------------------------------------------------------- the translator

class _Translator:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def refuse(self, why: str) -> Untranslatable:
        return Untranslatable(f"{why} in {self.pattern!r}")

    def word(self, flags: int) -> Ranges:
        return char_set(r"\w", flags)

    def not_word(self, flags: int) -> Ranges:
        return char_set(r"\W", flags)

    # -- what an item consumes first / last (None: not known or may be empty) --
    def last_set(self, items: list[tuple[Any, Any]], flags: int) -> Ranges | str | None:
        """The set of the last character the items consume, ``"start"`` after ``^`` alone, else None."""
        for op, av in reversed(items):
            if op in _ZERO_WIDTH:
                if op is C.AT and av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
                    return "start"
                continue
            return self.item_last(op, av, flags)
        return None

    def item_last(self, op: Any, av: Any, flags: int) -> Ranges | None:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return atom_set(op, av, flags)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            last = self.last_set(list(av[2]), flags)
            return last if isinstance(last, tuple) else None
        if op is C.SUBPATTERN:
            last = self.last_set(list(av[3]), self.flags_in(flags, av))
            return last if isinstance(last, tuple) else None
        if op is C.BRANCH:
            sets = [self.last_set(list(alt), flags) for alt in av[1]]
            if all(isinstance(s, tuple) for s in sets):
                return _normalise([r for s in sets if isinstance(s, tuple) for r in s])
        return None

    @staticmethod
    def flags_in(flags: int, av: Any) -> int:
        _, add, delete, _ = av
        return int((flags | add) & ~delete)

    # -- emission --
    def seq(self, items: list[tuple[Any, Any]], flags: int, at_start: bool) -> list[Part]:
        out: list[Part] = []
        for i, (op, av) in enumerate(items):
            first = at_start and all(o in _ZERO_WIDTH and not (o is C.AT and a in (C.AT_BEGINNING,
                                                                                    C.AT_BEGINNING_STRING))
                                     for o, a in items[:i])
            out += self.item(op, av, flags, items[:i], first)
        return out

    def item(self, op: Any, av: Any, flags: int, before: list[tuple[Any, Any]], first: bool) -> list[Part]:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return [atom_set(op, av, flags)]
        if op is C.SUBPATTERN:         # a capturing group stays one: the CPU rule reads group 1
            head = "(" if av[0] is not None else "(?:"
            return [head, *self.seq(list(av[3]), self.flags_in(flags, av), first), ")"]
        if op is C.BRANCH:
            out: list[Part] = ["(?:"]
            for n, alt in enumerate(av[1]):
                if n:
                    out.append("|")
                out += self.seq(list(alt), flags, first)
            return [*out, ")"]
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, sub = av
            body = self.seq(list(sub), flags, False)
            if (lo, hi) == (0, C.MAXREPEAT):
                quant = "*"
            elif (lo, hi) == (1, C.MAXREPEAT):
                quant = "+"
            elif (lo, hi) == (0, 1):
                quant = "?"
            elif hi == C.MAXREPEAT:
                quant = f"{{{lo},}}"
            else:
                quant = f"{{{lo},{hi}}}" if lo != hi else f"{{{lo}}}"
            return ["(?:", *body, ")", quant + ("?" if op is C.MIN_REPEAT else "")]
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction < 0:
                raise self.refuse("a look-behind (JScript has none)")
            head = "(?=" if op is C.ASSERT else "(?!"
            return [head, *self.seq(list(sub), flags, False), ")"]
        if op is C.AT:
            return self.anchor(av, flags, before, first)
        names = {C.GROUPREF: "a back-reference", C.GROUPREF_EXISTS: "a conditional group",
                 C.ATOMIC_GROUP: "an atomic group", C.POSSESSIVE_REPEAT: "a possessive repeat"}
        raise self.refuse(names.get(op, f"the construct {op}"))

    def anchor(self, code: Any, flags: int, before: list[tuple[Any, Any]], first: bool) -> list[Part]:
        if flags & re.MULTILINE and code in (C.AT_BEGINNING, C.AT_END):
            raise self.refuse("a MULTILINE anchor")
        if code in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
            return ["^"]
        if code is C.AT_END:
            return ["(?=\\n?$)"]          # Python's $ also matches before a final newline
        if code is C.AT_END_STRING:
            return ["$"]
        if code not in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY):
            raise self.refuse(f"the anchor {code}")
        boundary = code is C.AT_BOUNDARY
        word, not_word = self.word(flags), self.not_word(flags)
        prev = self.last_set(before, flags)
        if prev == "start":
            prev = ()                       # nothing before: counts as a non-word character
        if isinstance(prev, tuple):
            if _subset(prev, word):          # after a word character
                return ["(?!", word, ")"] if boundary else ["(?=", word, ")"]
            if not _intersects(prev, word):  # after a non-word character, or at the start
                return ["(?=", word, ")"] if boundary else ["(?!", word, ")"]
            raise self.refuse("\\b after a character that may or may not be a word character")
        if not first:
            raise self.refuse("\\b in a place where the character before it is not known")
        # at the start of the match: consume the character before (or none, at the start of the text)
        if boundary:
            return ["(?:(?:^|", not_word, ")(?=", word, ")|", word, "(?!", word, "))"]
        return ["(?:(?:^|", not_word, ")(?!", word, ")|", word, "(?=", word, "))"]


def translate_parts(pattern: str, flags: int = re.IGNORECASE) -> list[Part]:
    """The JavaScript source of ``pattern`` as pieces of text and code-point sets (see :func:`join`)."""
    if flags & re.LOCALE:
        raise Untranslatable(f"LOCALE flag in {pattern!r}")
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error as exc:
        raise Untranslatable(f"{pattern!r} is not a valid regular expression: {exc}") from None
    effective = parsed.state.flags | flags
    if effective & re.LOCALE:
        raise Untranslatable(f"LOCALE flag in {pattern!r}")
    parts = _Translator(pattern).seq(list(parsed), effective, True)
    merged: list[Part] = []
    for part in parts:                     # join adjacent texts
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


def join(parts: list[Part]) -> str:
    """The whole JavaScript source of translated pieces."""
    return "".join(p if isinstance(p, str) else js_class(p) for p in parts)


def translate(pattern: str, flags: int = re.IGNORECASE) -> str:
    """The JavaScript source (for ``new RegExp(source, "g")``, no other flag) equivalent to ``pattern``."""
    return join(translate_parts(pattern, flags))
