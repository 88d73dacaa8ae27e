"""Every Windows-side script still COMPILES under JScript 5.1 (Windows 2000), so its version gate can speak.

JScript compiles regular-expression literals with the script: one ECMA-262 3rd edition construct
(``(?:``, a lazy ``*?``, the ``m`` flag) anywhere in the assembled file and Windows 2000's JScript 5.1
refuses the whole script before ``jscriptTooOld()`` can run. No JScript 5.1 runs here (Wine's jscript
accepts far more), so this reads every ``*.js`` of ``checks/collectors/windows`` with a small lexer and
checks each literal against what JScript 5.1 knows; the runtime half (push, hasOwnProperty, apply
missing) is proven under Wine in ``tests/integration/test_wsh_recorded.py``.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

FOLDER = Path(str(resources.files("checks.collectors.windows")))
SCRIPTS = sorted(FOLDER.glob("*.js"))
# A "/" after one of these starts a regular expression; after anything else it divides.
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof", "case", "do", "else", "in", "instanceof",
                                               "new", "delete", "void", "throw", ""}
# JScript 5.5 features the 5.1-safe code must not touch (JScript version information, learn.microsoft.com).
_JSCRIPT_55 = ("undefined", ".push(", ".pop(", ".shift(", ".unshift(", ".splice(", "hasOwnProperty", ".apply(",
               ".call(", "encodeURI", "decodeURI", "toFixed", "toPrecision", "toExponential", "isPrototypeOf",
               "propertyIsEnumerable")
END_OF_SAFE_PART = "// ---------------------------------------------------------------- end of the 5.1-safe part"


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) of a JScript source: code, string, comment or regex."""
    out: list[tuple[str, str]] = []
    i, n, last = 0, len(text), ""
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(("comment", text[i:j]))
            i = j
        elif text.startswith("/*", i):
            j = text.index("*/", i) + 2
            out.append(("comment", text[i:j]))
            i = j
        elif c in "'\"":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(("string", text[i:j + 1]))
            last = "x"
            i = j + 1
        elif c == "/" and last in _REGEX_AFTER:
            j, in_class = i + 1, False
            while in_class or text[j] != "/":
                if text[j] == "\\":
                    j += 1
                elif text[j] == "[":
                    in_class = True
                elif text[j] == "]":
                    in_class = False
                assert text[j] != "\n", f"unterminated regular expression at offset {i}"
                j += 1
            m = re.match(r"[a-z]*", text[j + 1:])
            flags = m.group(0) if m else ""
            out.append(("regex", text[i:j + 1 + len(flags)]))
            last = "x"
            i = j + 1 + len(flags)
        elif c.isspace():
            i += 1
        else:
            m = re.match(r"[A-Za-z_$][\w$]*|\d[\w.]*|.", text[i:], re.S)
            assert m is not None
            word = m.group(0)
            out.append(("code", word))
            last = word if (word in _REGEX_AFTER or not (word[0].isalnum() or word[0] in "_$)]")) else "x"
            i += len(word)
    return out


def jscript51_problems(literal: str) -> list[str]:
    """What in one regular-expression literal JScript 5.1 cannot compile."""
    body, flags = literal[1:literal.rindex("/")], literal[literal.rindex("/") + 1:]
    problems = [f"flag {f!r}" for f in flags if f not in "gi"]
    i, in_class = 0, False
    while i < len(body):
        c = body[i]
        if c == "\\":
            if body[i + 1:i + 2] == "u":
                problems.append("\\u escape")
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(" and body[i + 1:i + 2] == "?":
            problems.append(f"group {body[i:i + 3]!r}")
        elif c in "*+?}" and body[i + 1:i + 2] == "?":
            problems.append(f"lazy quantifier {body[i:i + 2]!r}")
        i += 1
    return problems


def test_the_lexer_finds_the_literals_it_must() -> None:
    found = [t for kind, t in tokens(Path(FOLDER / "collect_facts.js").read_text("ascii")) if kind == "regex"]
    assert "/Family (\\d+) Model (\\d+)/i" in found and len(found) > 10
    assert jscript51_problems("/^(?:a|b)*?$/m") == ["flag 'm'", "group '(?:'", "lazy quantifier '*?'"]
    assert jscript51_problems("/[(?]\\u0041\\(?/g") == ["\\u escape"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_regular_expression_literal_compiles_under_jscript_51(script: Path) -> None:
    bad = {lit: p for kind, lit in tokens(script.read_text("ascii")) if kind == "regex"
           if (p := jscript51_problems(lit))}
    assert not bad, f"{script.name}: build these with new RegExp(...) after jscriptTooOld(): {bad}"


def _code_of(text: str) -> str:
    return " ".join(t for kind, t in tokens(text) if kind == "code")


def test_the_gate_and_the_safe_part_of_common_js_use_no_jscript_55() -> None:
    text = (FOLDER / "common.js").read_text("ascii")
    assert END_OF_SAFE_PART in text, "common.js must keep its 5.1-safe part marker"
    safe = _code_of(text[:text.index(END_OF_SAFE_PART)]).replace(" . ", ".").replace(" (", "(")
    compact = re.sub(r"\s+", "", safe.replace(" ", " "))
    used = [w for w in _JSCRIPT_55 if (w in compact if w.startswith(".") else re.search(rf"\b{w}\b", safe))]
    assert not used, f"the 5.1-safe part of common.js uses JScript 5.5: {used}"
    for name in ("jscriptTooOld", "tooOldMessage", "toJson", "quote", "print", "env", "localIso"):
        assert re.search(rf"function {name}\(", text[:text.index(END_OF_SAFE_PART)]), name


def test_the_collectors_too_old_path_uses_no_jscript_55() -> None:
    text = (FOLDER / "collect_facts.js").read_text("ascii")
    start = text.index("function tooOldDocument(")
    body = text[start:text.index("\n}\n", start)]
    compact = re.sub(r"\s+", "", _code_of(body))
    used = [w for w in _JSCRIPT_55 if (w in compact if w.startswith(".") else re.search(rf"\b{w}\b", _code_of(body)))]
    assert not used, f"tooOldDocument uses JScript 5.5: {used}"
    safe_part = (FOLDER / "common.js").read_text("ascii")
    safe_part = safe_part[:safe_part.index(END_OF_SAFE_PART)]
    safe = set(re.findall(r"function (\w+)\(", safe_part)) | {"Date", "String", "Number", "getTimezoneOffset"}
    called = set(re.findall(r"\b(\w+)\s*\(", " ".join(t for kind, t in tokens(body) if kind == "code")))
    called -= {"function", "for", "if", "tooOldDocument"}
    assert called <= safe, f"tooOldDocument calls what JScript 5.1 may not run: {sorted(called - safe)}"
    main = text[text.index("function main("):]
    assert main.index("jscriptTooOld()") < main.index("run("), "the gate must come first in main()"
