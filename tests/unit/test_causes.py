"""The cause behind an UNKNOWN picks its advice: errors as each collector really words them."""

from __future__ import annotations

import socket

import pytest

from checks.causes import cause_of, remedy_key
from checks.clock import check_clock


@pytest.mark.parametrize(("error", "cause"), [
    ("Windows Script 5.6 needed: this computer has JScript 5.1 (the script needs 5.5 or later); ...", "wsh_too_old"),
    ("not checked (--offline)", "offline"),
    ("NTP server name ntp.aliyun.com cannot be resolved (DNS: Name or service not known)", "ntp_dns"),
    ("no answer from NTP server ntp.aliyun.com:123 within 2 s", "ntp_no_answer"),
    ("NTP server 10.1.1.1:123: refused (nothing answers NTP on that port)", "ntp_no_answer"),
    ("needs a reference clock: measured by the evaluator", "needs_reference"),
    ("the collector reported no local time with a UTC offset", "clock_unreadable"),
    ("Win32_PhysicalMemory: 0x80041003 Access denied", "access_denied"),
    ("WMI service not running (0x80070422)", "wmi_stopped"),
    ("root\\SecurityCenter2: 0x8004100E Invalid namespace; root\\SecurityCenter: 0x8004100E Invalid namespace",
     "no_security_center"),
    ("root\\SecurityCenter2: 0x80041003 Access denied", "access_denied"),     # a cause beats the namespace
    ("no Security Center on Linux (installed programs are checked instead)", "no_security_center"),
    ("Scripting.FileSystemObject: 0x800A01AD Automation server can't create object", "no_fso"),
    ("Win32_SystemEnclosure: 0x80041010 Invalid class", "not_available"),
    ("Win32_SystemEnclosure.ChassisTypes: not reported (null)", "not_available"),
    ("no SMBIOS chassis type in sysfs (no DMI table: VM or container)", "not_available"),
    ("not collected by this collector", "not_collected"),
    ("KeyError: 'types'", "unexplained"),
    (None, "unexplained"),
])
def test_cause_of_real_errors(error: str | None, cause: str) -> None:
    assert cause_of(error) == cause
    assert remedy_key(error) == f"remedy.cause.{cause}"


def test_an_unresolvable_ntp_name_is_a_dns_problem_not_a_permission_one() -> None:
    probe = check_clock("qpfleet-no-such-host.invalid", 123, timeout=2.0)
    assert probe.status == "failed" and "cannot be resolved" in (probe.error or "")
    assert cause_of(probe.error) == "ntp_dns"


def test_a_closed_ntp_port_is_no_answer() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:   # a port nobody serves once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    probe = check_clock("127.0.0.1", port, timeout=1.0)
    assert probe.status == "failed" and cause_of(probe.error) == "ntp_no_answer", probe.error
