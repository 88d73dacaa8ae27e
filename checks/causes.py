"""Why a fact could not be read: the cause behind an UNKNOWN, so its advice names the real fix.

A failed probe carries the error text of whoever tried (the WSH collector's ``0x80041003 Access
denied``, the SNTP client's ``no answer from NTP server``, the evaluator's ``needs a reference clock``).
:data:`CAUSES` is matched against it in order; the first match names the cause, and the catalogue key
``remedy.cause.<cause>`` says what to do. A DNS failure for the NTP server is therefore never "re-run
as an administrator". Pure data and one function: the kit's generated evaluator reads the same table.
"""

from __future__ import annotations

import re
from functools import cache

# (cause, case-insensitive regular expression over the probe's error text), first match wins.
CAUSES: tuple[tuple[str, str], ...] = (
    ("wsh_too_old", r"Windows Script 5\.6 needed"),
    ("offline", r"--offline"),
    ("clock_not_measured", r"not measured: .*no Beijing time typed"),   # the USB kit without a network
    ("ntp_dns", r"NTP server name .* cannot be resolved"),
    ("ntp_no_answer", r"no answer from NTP server|NTP server \S+: .*(refused|unreachable|timed out)"),
    ("needs_reference", r"needs a reference clock"),
    ("clock_unreadable", r"reported no local time|unreadable local time"),
    ("access_denied", r"0x80041003|0x80070005|access (is )?denied|permission denied|拒绝访问"),
    ("wmi_stopped", r"0x80070422|0x800706BA|WMI service not running|RPC server (is )?unavailable"),
    ("no_security_center", r"SecurityCenter2?: 0x8004100E|no Security Center"),
    ("no_fso", r"0x800A01AD|Scripting\.FileSystemObject"),
    ("not_available", r"0x80041010|0x8004100E|0x80004001|0x80041013|Invalid class|Invalid namespace|"
                      r"Not implemented|not reported|no SMBIOS|no USB bus|VM or container|no /sys/|"
                      r"no package database|no systemd"),
    ("not_collected", r"not collected"),
)
UNEXPLAINED = "unexplained"


@cache
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((cause, re.compile(pattern, re.IGNORECASE)) for cause, pattern in CAUSES)


def cause_of(error: str | None) -> str:
    """The cause id of a probe's error text (``unexplained`` when nothing matches or there is none)."""
    if error:
        for cause, rx in _compiled():
            if rx.search(error):
                return cause
    return UNEXPLAINED


def remedy_key(error: str | None) -> str:
    """The catalogue key of the advice for a probe that failed with ``error``."""
    return f"remedy.cause.{cause_of(error)}"
