"""The WinRM path against recorded WS-Management exchanges on loopback: every way a host can end."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
from pathlib import Path

import pytest

from checks.collectors.windows import script_text
from checks.errors import InputError
from checks.facts import loads
from checks.profile import load_profile
from checks.winrm.clockref import evaluator_clock_probe
from checks.winrm.commands import (
    CMD_LINE_LIMIT,
    DECODER_JS,
    EXPANSION_RESERVE,
    INCOMPLETE_EXIT,
    build_delivery,
    paths_argument,
)
from checks.winrm.fleet import exit_code, run_fleet
from checks.winrm.remote import Target, Timeouts
from tests.conftest import FIXTURES
from tests.unit.winrm_replay import ReplayServer, collector_output, fresh_facts, recorded_facts

DESKTOP = FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json"
PASSWORD = "s3cret-Pa55"
PATHS = ["C:\\Longda", "C:\\Program Files\\龙达"]
FAST = Timeouts(connect=2.0, operation=2, total=20.0)


def target(srv: ReplayServer, password: str = PASSWORD, label: str | None = None) -> Target:
    return Target("127.0.0.1", srv.port, transport="basic", user="qpadmin", password=password, insecure=True,
                  label=label)


def one(srv: ReplayServer, timeouts: Timeouts = FAST, password: str = PASSWORD):
    (result,) = run_fleet([target(srv, password)], load_profile("seed-2007"), script_text(), PATHS, timeouts)
    return result


# --- the command lines ------------------------------------------------------------------------------

def test_delivery_lines_fit_cmd_and_rebuild_the_script() -> None:
    script = script_text()
    d = build_delivery(script, PATHS, token="abc123")
    assert d.setup[0] == 'mkdir "%TEMP%\\qpfleet-abc123"'
    assert all(len(line) <= CMD_LINE_LIMIT - EXPANSION_RESERVE for line in d.all_lines())
    chunks = [line.split(" echo ", 1)[1] for line in d.setup if line.startswith('>>"')]
    assert len(chunks) >= 2, "the script must need several chunks, or the chunking is not exercised"
    assert bytes.fromhex("".join(chunks)).decode("ascii") == script
    assert d.run == 'cscript //nologo "%TEMP%\\qpfleet-abc123\\collect_facts.js" /paths:"C:\\Longda|C:\\Program Files\\龙达"'
    assert d.cleanup == 'rmdir /s /q "%TEMP%\\qpfleet-abc123"'
    assert not re.search(r"[&|<>^%!]", DECODER_JS)


def test_script_is_ascii_so_no_code_page_can_garble_it() -> None:
    script_text().encode("ascii")


@pytest.mark.parametrize("bad", ['C:\\a"b', "C:\\%TEMP%", "C:\\a|b", "", "C:\\x\r\ny"])
def test_paths_cmd_cannot_carry_are_refused(bad: str) -> None:
    with pytest.raises(InputError):
        paths_argument([bad])


def test_a_small_limit_gives_more_chunks() -> None:
    d = build_delivery("var x = 1;\n" * 400, [], limit=1200)
    assert all(len(line) <= 1200 - EXPANSION_RESERVE for line in d.all_lines())
    assert len(d.setup) > 10


# --- the clock ------------------------------------------------------------------------------------

def test_evaluator_clock_uses_the_midpoint_of_the_round_trip() -> None:
    facts = loads(DESKTOP.read_bytes())
    facts.collected_at = {"local": "2026-11-30T09:00:05", "utc_offset_minutes": 480, "tz_name": "中国标准时间"}
    sent = dt.datetime(2026, 11, 30, 1, 0, 0, tzinfo=dt.UTC)
    probe = evaluator_clock_probe(facts, sent, sent + dt.timedelta(seconds=4))
    assert probe.status == "observed"
    assert probe.value["offset_seconds"] == 3.0 and probe.value["rtt_seconds"] == 4.0
    assert probe.value["shanghai_date"] == "2026-11-30" and probe.value["server"] == "evaluator"


def test_clock_without_offset_is_failed_not_zero() -> None:
    facts = loads(DESKTOP.read_bytes())
    facts.collected_at = {"local": "2026-11-30T09:00:05"}
    now = dt.datetime.now(dt.UTC)
    assert evaluator_clock_probe(facts, now, now).status == "failed"


# --- hosts over recorded exchanges ------------------------------------------------------------------

def test_success_sends_exactly_the_delivery_lines_and_judges_the_facts() -> None:
    with ReplayServer(fresh_facts(DESKTOP), password=PASSWORD) as srv:
        res = one(srv)
    assert res.result == "ready", res.outcome.reason
    assert res.outcome.facts.probes["clock"].source == "evaluator"
    assert abs(res.outcome.facts.probes["clock"].value["offset_seconds"]) < 5
    sent = srv.commands
    assert sent[0].startswith('mkdir "%TEMP%\\qpfleet-') and sent[-1].startswith("rmdir /s /q ")
    assert srv.actions[0] == "Create" and srv.actions[-1] == "Delete" and srv.actions.count("Signal") == len(sent)
    assert sent[-2].startswith("cscript //nologo ") and sent[-2].endswith('/paths:"C:\\Longda|C:\\Program Files\\龙达"')
    assert all(len(line) <= CMD_LINE_LIMIT for line in sent)


def test_recorded_wine_output_is_judged_and_wines_quirks_end_in_unknown() -> None:
    with ReplayServer(collector_output(recorded_facts()), password=PASSWORD) as srv:
        res = one(srv)
    checks = {c.id: c.status for c in res.judgement.checks}
    assert checks["chassis"] == "unknown"             # Wine: ChassisTypes cannot be read
    assert res.result == "not_ready"                  # no optical drive, no USB under Wine


def test_a_file_arriving_incomplete_is_said_so_in_chinese_first() -> None:
    facts = fresh_facts(DESKTOP)

    def decoder_counts_wrong(line: str) -> tuple[bytes, bytes, int]:
        return (b"", b"", INCOMPLETE_EXIT) if "unhex.js" in line and line.startswith("cscript") else facts(line)

    with ReplayServer(decoder_counts_wrong, password=PASSWORD) as srv:
        res = one(srv)
    assert res.result == "collector_failed"
    assert res.outcome.reason.text("zh").endswith("出错：传到主机上的文件不完整（有一段没有写进去或写了两次），请重试")
    assert "arrived incomplete" in str(res.outcome.reason)
    assert srv.commands[-1].startswith("rmdir /s /q ")        # the half-delivered folder is still removed


def test_wrong_password_is_auth_failed_and_never_echoed() -> None:
    with ReplayServer(fresh_facts(DESKTOP), password=PASSWORD) as srv:
        res = one(srv, password="wrong-guess-123")
    assert res.result == "auth_failed"
    assert "wrong-guess-123" not in (res.outcome.reason or "") and "wrong-guess-123" not in repr(res.outcome)


def test_wsman_fault_is_collector_failed_with_its_reason() -> None:
    with ReplayServer(fresh_facts(DESKTOP), scenario="fault_on_create", password=PASSWORD) as srv:
        res = one(srv)
    assert res.result == "collector_failed"
    assert "0x803381A6" in res.outcome.reason and "concurrent shells" in res.outcome.reason


def test_http_500_is_collector_failed() -> None:
    with ReplayServer(fresh_facts(DESKTOP), scenario="http500", password=PASSWORD) as srv:
        res = one(srv)
    assert res.result == "collector_failed" and "HTTP 500" in res.outcome.reason


def test_a_collector_that_never_finishes_times_out() -> None:
    with ReplayServer(fresh_facts(DESKTOP), scenario="hang", password=PASSWORD) as srv:
        res = one(srv, Timeouts(connect=2.0, operation=1, total=1.5))
    assert res.result == "timed_out" and "running the collector" in res.outcome.reason


def test_a_host_that_drops_mid_command_is_unreachable_with_the_step() -> None:
    with ReplayServer(fresh_facts(DESKTOP), scenario="drop", password=PASSWORD) as srv:
        res = one(srv)
    assert res.result == "unreachable" and "connection lost during running the collector" in res.outcome.reason
    assert srv.actions[-1] == "Receive", "no Signal/Delete sent to a host that dropped (each would wait a timeout)"


def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t = Target("127.0.0.1", port, transport="basic", user="u", password="p", insecure=True)
    (res,) = run_fleet([t], load_profile("seed-2007"), script_text(), PATHS, FAST)
    assert res.result == "unreachable" and f"127.0.0.1:{port}" in res.outcome.reason


@pytest.mark.parametrize(("stdout", "code", "words"), [
    (b"{\"schema\": \"qpfleet.facts\", \"schema_ver", 0, "not a facts JSON document"),
    (b"\x00\xff garbage \x13", 0, "not a facts JSON document"),
    ("C:\\qp\\collect_facts.js(120, 3) Microsoft JScript 运行时错误: 0x8004100E 无效名称空间\r\n".encode("gbk"), 1,
     "无效名称空间"),
    (b"", 1, "empty facts document"),
])
def test_bad_collector_output_is_collector_failed_with_a_clear_reason(stdout: bytes, code: int, words: str) -> None:
    with ReplayServer(collector_output(stdout, code=code), password=PASSWORD) as srv:
        res = one(srv)
    assert res.result == "collector_failed" and words in res.outcome.reason


def test_output_in_the_gbk_code_page_is_decoded() -> None:
    doc = json.loads(DESKTOP.read_text("utf-8"))
    raw = json.dumps(doc, ensure_ascii=False).encode("gbk")
    with ReplayServer(collector_output(raw), password=PASSWORD) as srv:
        res = one(srv)
    assert res.outcome.status == "collected"
    assert res.outcome.facts.probes["security_center"].value[0]["name"] == "瑞星杀毒软件"


def test_one_bad_host_does_not_cost_the_others() -> None:
    with ReplayServer(fresh_facts(DESKTOP), password=PASSWORD) as good, \
            ReplayServer(fresh_facts(DESKTOP), scenario="http500", password=PASSWORD) as bad:
        targets = [target(good, label="good-1"), target(bad, label="bad"), target(good, label="good-2")]
        results = run_fleet(targets, load_profile("seed-2007"), script_text(), PATHS, FAST, workers=3)
    assert [r.result for r in results] == ["ready", "collector_failed", "ready"]
    assert exit_code(results) == 3


def test_exit_code_prefers_not_ready_over_undetermined() -> None:
    from checks.winrm.fleet import HostResult
    from checks.winrm.remote import Outcome

    t = Target("h", 1)
    mk = lambda kind: HostResult(Outcome(t, kind), kind)  # noqa: E731
    assert exit_code([mk("ready"), mk("unreachable"), mk("not_ready")]) == 1
    assert exit_code([mk("ready"), mk("timed_out")]) == 3
    assert exit_code([mk("ready")]) == 0


def test_clear_text_needs_insecure() -> None:
    with pytest.raises(InputError, match="--insecure"):
        Target("h", 5985, transport="basic").message_encryption()
    assert Target("h", 5985).message_encryption() == "always"
    assert Target("h", 5986, https=True).message_encryption() == "auto"


def test_fixture_dir_has_the_recorded_exchanges() -> None:
    names = {p.name for p in (FIXTURES / "winrm").iterdir()}
    assert {"create_response.xml", "receive_response.xml", "wsman_fault.xml"} <= names
    assert Path(FIXTURES / "winrm" / "collector-wine-xp-zh.json").read_bytes().isascii()


# --- the secure default: NTLM with message encryption over HTTP -------------------------------------

def test_ntlm_default_seals_every_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    creds = tmp_path / "ntlm-users"
    creds.write_text(f"QPDOM:qpadmin:{PASSWORD}\n", "utf-8")
    monkeypatch.setenv("NTLM_USER_FILE", str(creds))
    with ReplayServer(fresh_facts(DESKTOP), auth="ntlm") as srv:
        t = Target("127.0.0.1", srv.port, user="QPDOM\\qpadmin", password=PASSWORD)   # ntlm, no --insecure
        (res,) = run_fleet([t], load_profile("seed-2007"), script_text(), PATHS, FAST)
        bad = Target("127.0.0.1", srv.port, user="QPDOM\\qpadmin", password="nope")
        (denied,) = run_fleet([bad], load_profile("seed-2007"), script_text(), PATHS, FAST)
    assert res.result == "ready", res.outcome.reason
    assert srv.commands[-2].startswith("cscript //nologo ")
    soap = [(ctype, body) for ctype, body in srv.wire if body]
    assert soap and all(ctype.startswith("multipart/encrypted") for ctype, _ in soap)
    assert not any(b"collect_facts.js" in body or b"Envelope" in body for _, body in soap)
    assert denied.result == "auth_failed"


# --- HTTPS: the certificate is checked unless --insecure says otherwise ----------------------------

@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    import subprocess

    from tests.conftest import require_program

    openssl = require_program("openssl")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(d / "key.pem"), "-out",
                    str(d / "cert.pem")], check=True, capture_output=True, timeout=60)
    return d / "cert.pem", d / "key.pem"


def test_https_refuses_an_unknown_certificate_by_default(self_signed: tuple[Path, Path]) -> None:
    with ReplayServer(fresh_facts(DESKTOP), password=PASSWORD, tls=self_signed) as srv:
        checked = Target("127.0.0.1", srv.port, https=True, transport="basic", user="qpadmin", password=PASSWORD)
        (refused,) = run_fleet([checked], load_profile("seed-2007"), script_text(), PATHS, FAST)
        ignored = Target("127.0.0.1", srv.port, https=True, transport="basic", user="qpadmin", password=PASSWORD,
                         cert_validation="ignore", insecure=True)
        (accepted,) = run_fleet([ignored], load_profile("seed-2007"), script_text(), PATHS, FAST)
    assert refused.result == "unreachable" and "certificate" in refused.outcome.reason
    assert accepted.result == "ready", accepted.outcome.reason


def test_progress_bar_draws_on_a_terminal_only() -> None:
    import io

    from checks.winrm.fleet import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, log = Tty(), io.StringIO()
    for stream in (tty, log):
        bar = Progress(2, stream)
        bar.step("ready")
        bar.step("unreachable")
    assert "2/2" in tty.getvalue() and "ready=1" in tty.getvalue() and tty.getvalue().endswith("\n")
    assert log.getvalue() == ""
