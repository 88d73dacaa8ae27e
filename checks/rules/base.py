"""What every rule shares: the verdict types, the statuses, and the helpers that read probes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from checks.causes import remedy_key
from checks.facts import FAILED, OBSERVED, Probe
from checks.i18n import Msg
from checks.rules import words  # noqa: F401  (registers why.*)

PASS, WARN, FAIL, UNKNOWN = "pass", "warn", "fail", "unknown"
READY, NOT_READY, UNDETERMINED = "ready", "not_ready", "undetermined"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Check:
    """The verdict of one rule. ``message``/``remedy`` are catalogue keys; ``params`` fill both."""

    id: str
    level: str
    status: str
    observed: str
    required: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    remedy: str | None = None


@dataclass(frozen=True)
class Judgement:
    """All checks of one terminal and the overall verdict."""

    verdict: str
    checks: list[Check]
    profile: str


def why(p: Probe) -> str:
    """The reason a probe could not be read, as its collector said it (the English text of record when
    it said nothing: ``not collected``, a catalogue text)."""
    return p.error or (Msg("why.not_collected") if p.status == FAILED else p.status)


def unknown(rule_id: str, level: str, required: str, p: Probe, what: str) -> Check:
    """UNKNOWN because probe ``p`` failed; the advice follows the failure's cause (checks.causes)."""
    return Check(rule_id, level, UNKNOWN, Msg("obs.not_readable"), required, "probe_failed",
                 {"what": what, "why": why(p)}, remedy_key(why(p)))


def not_reported(rule_id: str, level: str, observed: str, required: str, what: str) -> Check:
    """UNKNOWN because the probe ran but this Windows did not report the value."""
    return Check(rule_id, level, UNKNOWN, observed, required, "probe_failed",
                 {"what": what, "why": Msg("why.not_reported")}, remedy_key("not reported"))


def positive_int(value: Any) -> int | None:
    """A positive whole number, else None (0 and -1 are sentinels, never data)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if value > 0 else None


@cache
def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def any_rx(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex matching any of ``patterns`` (one search per text instead of one per pattern)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def items(p: Probe) -> list[dict[str, Any]]:
    """The list entries of an observed probe (nothing for absent or failed ones)."""
    value = p.value if p.status == OBSERVED else []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def fmt_bytes(n: int) -> str:
    if n >= 1024 * MIB:
        return f"{n / (1024 * MIB):.2f} GB"
    return f"{n / MIB:.0f} MB"


def match(patterns: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The texts that any of ``patterns`` matches, in order, without repeats."""
    combined = any_rx(tuple(patterns))
    if combined is None:
        return []
    found: list[str] = []
    for text in texts:
        if combined.search(text) and text not in found:
            found.append(text)
    return found


def program_texts(p: Probe) -> list[tuple[str, str]]:
    """(name, name + publisher) of each installed program."""
    return [(str(i.get("name")), f"{i.get('name')} {i.get('publisher') or ''}") for i in items(p)]
