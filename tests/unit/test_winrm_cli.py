"""``qpfleet preflight --winrm``: arguments, password sources, hosts files, reports and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from checks.preflight_cmd import PASSWORD_ENV, parse_host
from tests.conftest import FIXTURES
from tests.unit.winrm_replay import ReplayServer, fresh_facts

DESKTOP = FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json"
PASSWORD = "Cli-Pa55word"


@pytest.fixture
def password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


def base(*extra: str) -> list[str]:
    return ["preflight", "--user", "qpadmin", "--transport", "basic", "--insecure", "--profile", "seed-2007",
            "--connect-timeout", "2", "--operation-timeout", "2", "--host-timeout", "20", *extra]


def test_ready_host_exits_0_and_the_json_has_no_password(cli, password_env, tmp_path: Path) -> None:
    junit = tmp_path / "preflight.xml"
    with ReplayServer(fresh_facts(DESKTOP), password=PASSWORD) as srv:
        code, out, err = cli(*base("--winrm", f"127.0.0.1:{srv.port}", "--json", "--junit", str(junit)))
    assert code == 0, err
    report = json.loads(out)
    assert report["counts"] == {"ready": 1}
    assert report["hosts"][0]["report"]["verdict"] == "ready"
    assert "--insecure" in err
    assert PASSWORD not in out + err + junit.read_text("utf-8")
    assert ET.fromstring(junit.read_bytes()).find("testsuite").get("name")


def test_wrong_password_is_auth_failed_exit_3(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "not-the-one")
    with ReplayServer(fresh_facts(DESKTOP), password=PASSWORD) as srv:
        code, out, err = cli(*base("--winrm", f"127.0.0.1:{srv.port}", "--lang", "en"))
    assert code == 3
    assert "authentication failed" in out and "credentials rejected" in out
    assert "not-the-one" not in out + err


def test_hosts_file_with_a_bad_line_keeps_the_other_hosts(cli, password_env, tmp_path: Path) -> None:
    with ReplayServer(fresh_facts(DESKTOP), password=PASSWORD) as good, \
            ReplayServer(fresh_facts(DESKTOP), scenario="http500", password=PASSWORD) as bad:
        hosts = tmp_path / "hosts.txt"
        hosts.write_text(f"# terminals of site A\n127.0.0.1:{good.port}\nterminal 3 of A\n"
                         f"127.0.0.1:{bad.port}   # the broken one\n127.0.0.1:99999\n", "utf-8")
        junit = tmp_path / "j.xml"
        code, out, err = cli(*base("--hosts-file", str(hosts), "--json", "--junit", str(junit)))
    assert code == 2
    assert f"{hosts}:3: 'terminal 3 of A' is not a host name or address" in err
    assert f"{hosts}:5: port '99999' is not a number 1-65535" in err
    report = json.loads(out)
    assert [h["result"] for h in report["hosts"]] == ["ready", "collector_failed"]
    assert len(report["input_problems"]) == 2
    suites = ET.fromstring(junit.read_bytes()).findall("testsuite")
    assert len(suites) == 2 and suites[1].find("testcase/error").get("type") == "collector_failed"


def test_password_file_is_read_and_argv_has_no_password_option(cli, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD + "\n", "utf-8")
    with ReplayServer(fresh_facts(DESKTOP), password=PASSWORD) as srv:
        code, out, _ = cli(*base("--winrm", f"127.0.0.1:{srv.port}", "--password-file", str(secret)))
    assert code == 0, out
    code, out, err = cli(*base("--winrm", "h", "--password", "Typed-On-Argv"))
    assert code == 2 and "never taken from the command line" in err and "Typed-On-Argv" not in err


def test_no_password_and_no_terminal_is_bad_input(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    code, _, err = cli(*base("--winrm", "127.0.0.1"))
    assert code == 2 and PASSWORD_ENV in err


@pytest.mark.parametrize(("args", "words"), [
    (["--transport", "basic"], "--insecure"),
    (["--https", "--cert-validation", "ignore"], "--insecure"),
    (["--workers", "0"], "--workers"),
])
def test_insecure_choices_must_be_explicit(cli, password_env, args: list[str], words: str) -> None:
    code, _, err = cli("preflight", "--winrm", "127.0.0.1", "--user", "u", *args)
    assert code == 2 and words in err


@pytest.mark.parametrize(("text", "expected"), [
    ("pc-01", ("pc-01", 5985)), ("10.0.0.5:5986", ("10.0.0.5", 5986)), ("[fe80::1]:5985", ("fe80::1", 5985)),
    ("fe80::1", ("fe80::1", 5985)),
])
def test_parse_host(text: str, expected: tuple[str, int]) -> None:
    assert parse_host(text, 5985) == expected


@pytest.mark.parametrize("text", ["a b", "pc:0", "pc:x", "[::1", "user@pc", "\\\\pc"])
def test_parse_host_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_host(text, 5985)
