"""The clock check against a real chronyd on loopback, with a true and a skewed reference (faketime)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.clock import check_clock, parse_server
from tests.support.servers import chrony_server, free_udp_port

pytestmark = pytest.mark.integration


def clock_check(report: dict) -> dict:
    return next(c for c in report["checks"] if c["id"] == "clock")


def test_true_reference_passes(tmp_path: Path, cli) -> None:
    with chrony_server(tmp_path) as port:
        probe = check_clock("127.0.0.1", port, timeout=2)
        assert probe.status == "observed" and abs(probe.value["offset_seconds"]) < 1
        _, out, _ = cli("selfcheck", "--profile", "lab", "--ntp", f"127.0.0.1:{port}", "--json")
    check = clock_check(json.loads(out))
    # the machine's own zone decides between PASS and a time-zone FAIL; the offset must be ~0 either way
    assert check["status"] in ("pass", "fail")
    assert "vs 127.0.0.1:" in check["observed"]
    if check["status"] == "fail":
        assert "UTC+8" not in check["observed"]


def test_reference_ten_minutes_ahead_means_our_clock_is_behind(tmp_path: Path) -> None:
    with chrony_server(tmp_path, shift="+600s") as port:
        probe = check_clock("127.0.0.1", port, timeout=2)
    assert probe.status == "observed"
    assert probe.value["offset_seconds"] == pytest.approx(-600, abs=2)
    assert probe.value["server"] == f"127.0.0.1:{port}"


def test_skewed_clock_fails_the_rule_in_shanghai(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    try:
        with chrony_server(tmp_path, shift="-400s") as port:
            code, out, _ = cli("selfcheck", "--profile", "lab", "--ntp", f"127.0.0.1:{port}", "--json", "--lang", "en")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    check = clock_check(json.loads(out))
    assert check["status"] == "fail" and "+400" in check["message"]
    assert code in (1, 3)


def test_no_server_is_unknown_with_the_reason(cli) -> None:
    port = free_udp_port()
    probe = check_clock("127.0.0.1", port, timeout=0.5)
    assert probe.status == "failed"
    assert "127.0.0.1" in (probe.error or "")
    _, out, _ = cli("selfcheck", "--profile", "lab", "--ntp", f"127.0.0.1:{port}", "--json")
    check = clock_check(json.loads(out))
    assert check["status"] == "unknown"


def test_unresolvable_server_is_unknown() -> None:
    probe = check_clock("no-such-host.invalid", 123, timeout=0.5)
    assert probe.status == "failed" and "no-such-host.invalid" in (probe.error or "")


def test_parse_server() -> None:
    assert parse_server("ntp.aliyun.com") == ("ntp.aliyun.com", 123)
    assert parse_server("127.0.0.1:1123") == ("127.0.0.1", 1123)
    assert parse_server("[::1]:1123") == ("::1", 1123)
