"""The requirement rules: pure functions from facts and a profile to verdicts.

No I/O, no clock, no environment: everything a rule needs is in the facts or the profile.
A probe that failed (or was not collected) makes its rule UNKNOWN, never PASS, and the advice of
an UNKNOWN follows its cause (:mod:`checks.causes`).
Rule ids are fixed: chassis, cpu, memory, disk_c, optical_drive, network, usb, os, antivirus,
clock, dedicated, longda, road_port. ``hardware`` and ``software`` hold the rules, ``base`` their types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from checks.causes import remedy_key
from checks.facts import Facts
from checks.i18n import Msg
from checks.profile import Profile
from checks.rules.base import FAIL, MIB, NOT_READY, PASS, READY, UNDETERMINED, UNKNOWN, WARN, Check, Judgement
from checks.rules.hardware import (
    cpu_name_mhz,
    rule_chassis,
    rule_cpu,
    rule_disk_c,
    rule_memory,
    rule_network,
    rule_optical_drive,
    rule_usb,
)
from checks.rules.software import (
    rule_antivirus,
    rule_clock,
    rule_dedicated,
    rule_longda,
    rule_os,
    rule_road_port,
)

__all__ = ["FAIL", "MIB", "NOT_READY", "PASS", "READY", "RULES", "UNDETERMINED", "UNKNOWN", "WARN", "Check",
           "Judgement", "cpu_name_mhz", "judge", "overall"]

RULES: dict[str, Callable[[Facts, dict[str, Any], str], Check]] = {
    "chassis": rule_chassis, "cpu": rule_cpu, "memory": rule_memory, "disk_c": rule_disk_c,
    "optical_drive": rule_optical_drive, "network": rule_network, "usb": rule_usb, "os": rule_os,
    "antivirus": rule_antivirus, "clock": rule_clock, "dedicated": rule_dedicated, "longda": rule_longda,
    "road_port": rule_road_port,
}


def overall(checks: Iterable[Check]) -> str:
    """ready / not_ready (a must-rule FAIL) / undetermined (a must-rule UNKNOWN, none FAIL)."""
    must = [c.status for c in checks if c.level == "must"]
    if FAIL in must:
        return NOT_READY
    if UNKNOWN in must:
        return UNDETERMINED
    return READY


def judge(facts: Facts, profile: Profile) -> Judgement:
    """Run every enabled rule of ``profile`` over ``facts``."""
    checks = []
    for rule_id, fn in RULES.items():
        params = profile.rules[rule_id]
        level = str(params["level"])
        if level == "off":
            continue
        try:
            check = fn(facts, params, level)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            # A fact of a shape the schema allows but the rule did not foresee: UNKNOWN, never a crash or PASS.
            check = Check(rule_id, level, UNKNOWN, Msg("obs.unreadable", kind=type(exc).__name__), Msg("req.none"),
                          "probe_failed", {"what": Msg(f"rule.{rule_id}"), "why": str(exc)}, remedy_key(None))
        if level == "recommended" and check.status == FAIL:
            check = Check(check.id, level, WARN, check.observed, check.required, check.message, check.params,
                          check.remedy)
        checks.append(check)
    return Judgement(overall(checks), checks, profile.name)
