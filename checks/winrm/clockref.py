"""The clock probe of a remote terminal: its own clock against the evaluator's, corrected for the round trip.

The collector records ``collected_at.local`` (wall clock, no offset) and ``utc_offset_minutes``.
The evaluator notes its UTC clock before sending the run command and after the output came back;
the terminal read its clock somewhere in between, so the reference is the midpoint (send + RTT/2)
and the error bound is RTT/2. Pure: all times are arguments.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from checks.facts import FAILED, OBSERVED, Facts, Probe
from checks.i18n import Msg, add

add({  # why a remote terminal's clock could not be compared (checks.causes matches the English text)
    "clockref.no_local": {"zh": "检测脚本没有报告带UTC偏移的本机时间",
                          "en": "the collector reported no local time with a UTC offset"},
    "clockref.unreadable": {"zh": "无法识别检测脚本报告的本机时间 {text}", "en": "unreadable local time {text}"},
})

SHANGHAI = ZoneInfo("Asia/Shanghai")


def evaluator_clock_probe(facts: Facts, sent_utc: dt.datetime, received_utc: dt.datetime) -> Probe:
    """Compare the terminal's clock with the evaluator's UTC clock (``server: evaluator``)."""
    local_text = facts.collected_at.get("local")
    offset_min = facts.collected_at.get("utc_offset_minutes")
    if not isinstance(local_text, str) or not isinstance(offset_min, int) or isinstance(offset_min, bool):
        return Probe(FAILED, None, Msg("clockref.no_local"), "evaluator")
    try:
        local = dt.datetime.fromisoformat(local_text)
    except ValueError:
        return Probe(FAILED, None, Msg("clockref.unreadable", text=repr(local_text)), "evaluator")
    if local.tzinfo is not None:
        local = local.replace(tzinfo=None)
    terminal_utc = (local - dt.timedelta(minutes=offset_min)).replace(tzinfo=dt.UTC)
    rtt = max(0.0, (received_utc - sent_utc).total_seconds())
    reference = sent_utc + dt.timedelta(seconds=rtt / 2)
    offset = (terminal_utc - reference).total_seconds()
    return Probe(OBSERVED, {
        "offset_seconds": round(offset, 3),
        "server": "evaluator",
        "rtt_seconds": round(rtt, 3),
        "reference_utc": reference.isoformat(),
        "utc_offset_minutes": offset_min,
        "tz_name": facts.collected_at.get("tz_name"),
        "local_date": local.date().isoformat(),
        "shanghai_date": reference.astimezone(SHANGHAI).date().isoformat(),
    }, None, "evaluator")
