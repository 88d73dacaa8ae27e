"""Bad input of a fleet run: each one line naming what and where, exit 2, nothing started (no run, no data dir)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.winrm_fleet import Lab, Terminal, write_vault

QPFLEET = Path(sys.executable).parent / "qpfleet"


@pytest.fixture
def lab(tmp_path: Path) -> Lab:
    """An inventory naming two terminals (no endpoint is started: nothing may be contacted)."""
    lab = Lab(tmp_path, [Terminal("t000"), Terminal("t001"), Terminal("kit-01", via="offline-kit")])
    for t in lab.terminals:
        t.credential, t.address, t.port = f"site-{t.site}", f"127.0.20.{len(t.host)}{t.host[-1]}", 9
    lab.write_inventory({})
    lab.vault_file.write_text(lab.vault_password + "\n", "utf-8")
    return lab


def run(lab: Lab, *args: str, vault: bool = True) -> tuple[int, str, str]:
    argv = [str(QPFLEET), "preflight", "-i", str(lab.inventory), "--db", str(lab.root / "s.sqlite3"),
            "--runs-dir", str(lab.root / "runs"), "--lang", "en", *args]
    if vault:
        argv += ["--vault-password-file", str(lab.vault_file)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout, done.stderr


def nothing_started(lab: Lab) -> bool:
    return not (lab.root / "runs").exists() or not any((lab.root / "runs").iterdir())


@pytest.mark.parametrize("args, words", [
    (["--limit", "5301", "--forks", "0"], "--forks: --forks must be at least 1, got 0"),
    (["--limit", "5399"], "--limit: '5399' matches no customs site, enterprise or QP terminal"),
    (["--limit", "t00"], "did you mean t001, t000"),
    (["--limit", "kit-01"], "kit-01 is reachable only with the USB kit"),
    (["--limit", "5301", "--retry-failed", "x"], "cannot be used together"),
    ([], "name the terminals with --limit"),
    (["--limit", "5301", "--timeout", "0"], "timeouts must be positive"),
    (["--limit", "5301", "--user", "bob"], "--user is for --winrm"),
    (["--limit", "5301", "--html", "/nonexistent/dir/r.html"], "--html /nonexistent/dir/r.html: the folder"),
    (["--limit", "5301", "--profile", "nosuch"], "nosuch"),
    (["--retry-failed", "nope"], "RUN: no run 'nope'"),
])
def test_bad_arguments_are_one_line_and_start_nothing(lab: Lab, args: list[str], words: str) -> None:
    code, out, err = run(lab, *args)
    assert code == 2, err
    assert words in err and "Traceback" not in err and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert nothing_started(lab)


def test_a_wrong_vault_password_names_the_file(lab: Lab) -> None:
    lab.vault_file.write_text("not the vault password\n", "utf-8")
    code, _, err = run(lab, "--limit", "5301")
    assert code == 2 and "group_vars/all/credentials.yml: the vault password does not open this file" in err
    assert nothing_started(lab)


def test_a_vault_without_a_password_is_refused_without_a_terminal(lab: Lab) -> None:
    code, _, err = run(lab, "--limit", "5301", vault=False)
    assert code == 2 and "encrypted with Ansible Vault and no vault password was given" in err


def test_a_credential_without_an_account_is_named_with_its_hosts(lab: Lab) -> None:
    write_vault(lab.inventory / "group_vars" / "all" / "credentials.yml",
                "qp_credentials:\n  site-9999: {user: a, password: b}\n", lab.vault_password)
    code, _, err = run(lab, "--limit", "5301")
    assert code == 2 and "credential 'site-5301' (t000, t001) has no account" in err
    assert "$QPFLEET_CRED_SITE_5301_PASSWORD" in err and nothing_started(lab)


def test_a_runs_folder_that_cannot_be_written(lab: Lab) -> None:
    blocker = lab.root / "not-a-folder"
    blocker.write_text("x", "utf-8")
    argv = [str(QPFLEET), "preflight", "-i", str(lab.inventory), "--limit", "5301", "--db", str(lab.root / "s.db"),
            "--runs-dir", str(blocker / "runs"), "--vault-password-file", str(lab.vault_file), "--lang", "en"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and f"{blocker}/runs: the runs folder cannot be written" in done.stderr


def test_a_host_with_no_address_stops_the_run_with_the_registrys_line(lab: Lab) -> None:
    site = lab.inventory / "registry" / "site-5301.yml"
    text = site.read_text("utf-8")
    site.write_text(text.replace("        address: 127.0.20.40\n", "", 1), "utf-8")
    code, _, err = run(lab, "--limit", "5301")
    assert code == 2
    assert "site-5301.yml:" in err and "address" in err and "Traceback" not in err
    assert nothing_started(lab)


def test_a_host_with_no_connection_stops_the_run(lab: Lab) -> None:
    site = lab.inventory / "registry" / "site-5301.yml"
    lines = [ln for ln in site.read_text("utf-8").splitlines() if "via: winrm" not in ln or "t001" in ln]
    site.write_text("\n".join(lines) + "\n", "utf-8")
    code, _, err = run(lab, "--limit", "5301")
    assert code == 2 and "connection" in err and nothing_started(lab)


def test_limit_and_vault_flags_need_inventory_in_winrm_mode(tmp_path: Path) -> None:
    done = subprocess.run([str(QPFLEET), "preflight", "--winrm", "h1", "--limit", "5301", "--user", "u"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "--limit needs -i inventory/" in done.stderr


def test_install_lists_its_terminals_without_an_installer(lab: Lab) -> None:
    """`install --list-hosts` answers "which terminals would this touch?" before anyone has the MSI at hand;
    the install itself still needs it. Nothing is contacted, no run is recorded."""
    argv = [str(QPFLEET), "install", "-i", str(lab.inventory), "--limit", "t000", "--db", str(lab.root / "s.sqlite3"),
            "--runs-dir", str(lab.root / "runs"), "--lang", "en"]
    done = subprocess.run([*argv, "--list-hosts"], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and "t000" in done.stdout and "t001" not in done.stdout, done.stderr
    assert nothing_started(lab)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "--qp-msi" in done.stderr and nothing_started(lab)
