"""Write the terminal's evaluator (``evaluate.js``) from a profile: its thresholds, lists and patterns as data.

The judging code is ``checks/collectors/windows/evaluate.js`` (a line-by-line port of
:mod:`checks.rules`); this module fills its data marker with everything that varies: the profile's
parameters, its regular expressions translated by :mod:`checks.evaluator.regex` (and the rules' own
CPU patterns, read from :mod:`checks.rules`, never retyped), the catalogue's words (zh and en), the facts
schema, and Python's string tables (case mappings, white space, Unicode digits, wide characters).
A profile the translator cannot express raises :class:`Untranslatable`: no evaluator is written.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import cache
from typing import Any

from checks import causes, i18n, messages, rules  # noqa: F401  (messages registers the words)
from checks.collectors.windows import COMMON_NAME, source_text
from checks.evaluator.regex import Part, Ranges, Untranslatable, js_class, translate_parts
from checks.facts import schema
from checks.profile import Profile
from checks.rules import hardware, software

TEMPLATE = "evaluate.js"
MARKER = "/*@QPFLEET-DATA@*/null"
# The words the evaluator prints: the self-check's catalogue and the kit's own.
TEXT_PREFIXES = ("rule.", "status.", "verdict.", "report.", "probe_failed", "chassis.", "cpu.", "memory.", "disk.",
                 "optical_drive.", "network.", "usb.", "os.", "antivirus.", "clock.", "dedicated.", "longda.",
                 "road_port.", "remedy.", "kit.",
                 # what the rules observed and require, and values for people (checks.rules.words, checks.humanize)
                 "obs.", "req.", "what.", "src.", "value.", "lcid.", "msg.", "punct.",
                 # a facts document that is not valid, worded as checks.facts and checks.textio word it
                 "facts.", "v.unknown_field", "io.json.not", "file.facts JSON document")
# Pattern lists of the profile: (rule, parameter, key in a list item or None).
PATTERN_LISTS = (("antivirus", "vendors", None), ("optical_drive", "virtual_drives", None),
                 ("dedicated", "software", "pattern"), ("longda", "programs", None),
                 ("longda", "services", None), ("road_port", "programs", None), ("road_port", "services", None))


def profile_digest(profile: Profile) -> str:
    """SHA-256 of the profile's name and rules as canonical JSON (what a kit was judged with)."""
    text = json.dumps({"name": profile.name, "rules": profile.rules}, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


class _Classes:
    """Distinct code-point sets, written once and referred to by index."""

    def __init__(self) -> None:
        self.index: dict[Ranges, int] = {}
        self.sources: list[str] = []

    def parts(self, parts: list[Part]) -> list[str | int]:
        out: list[str | int] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            else:
                if part not in self.index:
                    self.index[part] = len(self.sources)
                    self.sources.append(js_class(part))
                out.append(self.index[part])
        return out


def _translate_list(where: str, patterns: list[str], classes: _Classes) -> list[list[str | int]]:
    if patterns:
        try:  # the rules join a list into one expression (checks.rules._any_rx): it must compile joined
            re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        except re.error as exc:
            raise Untranslatable(f"{where}: the patterns cannot be joined into one expression ({exc}); "
                                 "inline flags such as (?i) must not be used") from None
    out = []
    for i, pattern in enumerate(patterns):
        try:
            out.append(classes.parts(translate_parts(pattern, re.IGNORECASE)))
        except Untranslatable as exc:
            raise Untranslatable(f"{where}[{i}]: {exc}") from None
    return out


@cache
def _case_runs(upper: bool) -> tuple[list[list[int]], dict[str, str]]:
    runs: list[list[int]] = []
    multi: dict[str, str] = {}
    for cp in range(0x110000):
        ch = chr(cp)
        mapped = ch.upper() if upper else ch.lower()
        if mapped == ch:
            continue
        if len(mapped) != 1:
            multi[str(cp)] = mapped
            continue
        delta = ord(mapped) - cp
        if runs:
            start, count, stride, d = runs[-1]
            if d == delta and ((count == 1 and cp - start in (1, 2)) or (count > 1 and cp == start + count * stride)):
                runs[-1] = [start, count + 1, cp - start if count == 1 else stride, d]
                continue
        runs.append([cp, 1, 1, delta])
    return runs, multi


@cache
def python_tables() -> dict[str, Any]:
    """Python's string behaviour the rules rely on, as data for the evaluator."""
    lower, lower_multi = _case_runs(False)
    upper, upper_multi = _case_runs(True)
    zeros = [cp for cp in range(0x110000) if unicodedata.decimal(chr(cp), None) == 0]
    for z in zeros:  # Unicode decimal digits come in runs of ten from a zero
        assert all(unicodedata.decimal(chr(z + d), None) == d for d in range(10))
    wide: list[list[int]] = []
    for cp in range(0x110000):
        if unicodedata.east_asian_width(chr(cp)) in "WF":
            if wide and wide[-1][1] == cp - 1:
                wide[-1][1] = cp
            else:
                wide.append([cp, cp])
    return {"lower": lower, "lower_multi": lower_multi, "upper": upper, "upper_multi": upper_multi,
            "space": {str(cp): 1 for cp in range(0x110000) if chr(cp).isspace()},
            "zeros": [z for z in zeros if z > 57], "wide": wide}


def _texts() -> dict[str, dict[str, str]]:
    import provisioning.kit.texts  # noqa: F401  (registers the kit's words)

    out = {k: v for k, v in i18n.CATALOG.items()
           if k.startswith(TEXT_PREFIXES) and not k.startswith(("kit.help", "kit.readme"))}
    for key, texts in out.items():
        try:
            texts["zh"].encode("gbk")
        except UnicodeEncodeError as exc:
            raise Untranslatable(f"catalogue {key!r}: {texts['zh'][exc.start:exc.end]!r} cannot be shown on a "
                                 "Chinese (GBK) console") from None
    return out


def evaluator_data(profile: Profile) -> dict[str, Any]:
    """Everything the evaluator template needs, as JSON-ready data."""
    classes = _Classes()
    rx: dict[str, list[list[str | int]]] = {}
    for rule_id, param, key in PATTERN_LISTS:
        values = profile.rules[rule_id].get(param, [])
        patterns = [v[key] for v in values] if key else list(values)
        rx[f"{rule_id}.{param}"] = _translate_list(f"rules.{rule_id}.{param}", patterns, classes)
    for name, compiled in (("cpu.ghz", hardware._GHZ), ("cpu.mhz", hardware._MHZ),
                           ("cpu.newer", hardware._NEWER_NAMES), ("cpu.p4", hardware._P4_NAMES)):
        rx[name] = [classes.parts(translate_parts(compiled.pattern, compiled.flags))]
    rx["causes"] = [classes.parts(translate_parts(pattern, re.IGNORECASE)) for _, pattern in causes.CAUSES]
    return {
        "profile": {"name": profile.name, "sha256": profile_digest(profile), "rules": profile.rules},
        "order": list(rules.RULES),
        "rx": rx,
        "classes": classes.sources,
        "lower_paths": {r: [str(x).lower() for x in profile.rules[r].get("paths", [])] for r in ("longda", "road_port")},
        "causes": [cause for cause, _ in causes.CAUSES],
        "win_names": software._WIN_NAMES,
        "manual_source": software.MANUAL_CLOCK,
        "texts": _texts(),
        "schema": json.dumps(schema(), ensure_ascii=True, separators=(",", ":")),
        "tables": python_tables(),
    }


def evaluator_script(profile: Profile) -> str:
    """The deliverable ``evaluate.js``: common.js + the template with this profile's data (pure ASCII)."""
    return _script(json.dumps(evaluator_data(profile), ensure_ascii=True, separators=(",", ":"), sort_keys=True))


@cache
def _script(data: str) -> str:
    template = source_text(TEMPLATE)
    if template.count(MARKER) != 1:
        raise AssertionError(f"{TEMPLATE} must hold the data marker once")
    return source_text(COMMON_NAME) + "\n" + template.replace(MARKER, data)
