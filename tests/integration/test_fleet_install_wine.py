"""qpfleet install -i through ansible-runner against a Wine "terminal": the real installer runs msiexec.

pywinrm -> loopback WS-Management (NTLM, sealed) -> every cmd.exe line run by Wine's cmd.exe, so the
collector, install.js, msiexec and reg are the real ones. The stand-in QP MSI (wixl) is staged on the
terminal (--msi-on-terminal): sending it needs ADODB.Stream, which Wine has without its type library.
Proven: preflight, check mode with --diff (nothing changed), install (QP registered by ProductCode,
the road-port stand-in untouched), a second run that changes nothing, the gates, undo.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, require_program
from tests.support.wine import WinePrefix, wine_prefix
from tests.support.winrm_fleet import Lab, Terminal
from tests.unit.winrm_replay import ReplayServer

pytestmark = [pytest.mark.integration, pytest.mark.slow]
QPFLEET = Path(sys.executable).parent / "qpfleet"
QP_CODE = "{6D3F4F0B-4A2B-4C39-9E4B-1C8E2B7A0901}"
UNINSTALL_32 = "HKLM\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall"
LAB_PROFILE = """name: wine-lab
extends: current
title: {zh: Wine 终端（测试）, en: Wine terminal (tests)}
rules:
  chassis: {level: "off"}
  cpu: {level: "off"}
  optical_drive: {level: "off"}
  usb: {level: "off"}
  antivirus: {level: "off"}
"""


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WinePrefix]:
    """A prefix of its own (the session's is shared with tests that install the QP stand-in too)."""
    with wine_prefix(tmp_path_factory.mktemp("wine-terminal")) as prefix:
        yield prefix


def wixl(wxs: Path, out: Path, cwd: Path) -> Path:
    arch = "x64" if "ProgramFiles64Folder" in wxs.read_text("utf-8") else "x86"
    subprocess.run([require_program("wixl"), "-a", arch, "-o", str(out), str(wxs)], cwd=cwd, check=True,
                   capture_output=True, timeout=60)
    return out


@pytest.fixture(scope="module")
def site(wine: WinePrefix, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A registry naming this machine's Wine as terminal (its COMPUTERNAME is the host name), an endpoint
    running each line in Wine, the road-port stand-in installed, the QP MSI staged on the terminal."""
    root = tmp_path_factory.mktemp("wine-site")
    work = root / "lines"
    work.mkdir()
    qp_msi = wixl(FIXTURES / "kit" / "qpclient.wxs", root / "qp-client.msi", FIXTURES / "kit")
    road = wixl(FIXTURES / "msi" / "roadport.wxs", root / "roadport.msi", FIXTURES / "msi")
    wine.run("msiexec", "/i", wine.win(road), "/qn", timeout=180)
    staged = wine.unix("C:\\qpkit\\qp-client.msi")
    staged.parent.mkdir(parents=True, exist_ok=True)
    staged.write_bytes(qp_msi.read_bytes())
    name = socket.gethostname().split(".")[0].lower()

    def in_wine(line: str) -> tuple[bytes, bytes, int]:
        capture = line.startswith("cscript //nologo ") and "unhex" not in line
        code, out = wine.exact(line, work, capture=capture)
        return out, b"", code

    lab = Lab(root, [Terminal(name)])
    users = root / "ntlm-users"
    lab.terminals[0].credential, lab.terminals[0].address = "site-5301", "127.0.30.1"
    with ReplayServer(in_wine, auth="ntlm", address="127.0.30.1") as srv:
        lab.terminals[0].port = srv.port
        lab.write_inventory({})
        users.write_text(f"QPDOM:qpadmin:{lab.password}\n", "utf-8")
        os.environ["NTLM_USER_FILE"] = str(users)
        lab.vault_file.write_text(lab.vault_password + "\n", "utf-8")
        profile = root / "wine-lab.yaml"
        profile.write_text(LAB_PROFILE, "utf-8")
        yield {"lab": lab, "wine": wine, "host": name, "qp_msi": qp_msi, "profile": profile, "server": srv}


def qpfleet(site: dict, *args: str) -> subprocess.CompletedProcess[str]:
    lab: Lab = site["lab"]
    argv = [str(QPFLEET), *args, "-i", str(lab.inventory), "--limit", site["host"], "--runs-dir",
            str(lab.root / "runs"), "--db", str(lab.root / "state.sqlite3"), "--vault-password-file",
            str(lab.vault_file), "--profile", str(site["profile"]), "--lang", "en"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
                          env={**os.environ, "ANSIBLE_HOME": str(lab.root / "ansible-home")})


def install(site: dict, *more: str) -> subprocess.CompletedProcess[str]:
    return qpfleet(site, "install", "--qp-msi", str(site["qp_msi"]), "--msi-on-terminal", "C:\\qpkit\\qp-client.msi",
                   "--host-timeout", "400", *more)


def qp_registered(wine: WinePrefix) -> bool:
    return wine.run("reg", "query", f"{UNINSTALL_32}\\{QP_CODE}", check=False).returncode == 0


def test_preflight_then_gated_install_check_install_again_and_undo(site: dict) -> None:
    wine: WinePrefix = site["wine"]
    host = site["host"]
    # 1. no preflight yet: the install does not start, and says what to run
    refused = install(site)
    assert refused.returncode == 2 and "latest preflight of these terminals is not ready" in refused.stderr
    assert f"qpfleet preflight -i {site['lab'].inventory} --limit {host}" in refused.stderr
    # 2. the preflight through Ansible: the Wine terminal is ready under the lab profile
    pre = qpfleet(site, "preflight", "--json")
    assert pre.returncode == 0, pre.stderr + pre.stdout
    assert json.loads(pre.stdout)["hosts"][0]["outcome"] == "ready"
    # 3. the installation fee is not paid yet: the gate refuses, the terminal is untouched
    gated = install(site, "--json")
    doc = json.loads(gated.stdout)
    assert gated.returncode == 1 and doc["hosts"][0]["outcome"] == "refused"
    assert "installation" in doc["hosts"][0]["reason"] and "qpfleet dispatch pay import" in doc["hosts"][0]["reason"]
    assert not qp_registered(wine)
    _pay(site)
    # 4. check mode with --diff: says what would change, changes nothing
    check = install(site, "--check", "--diff", "--json")
    assert check.returncode == 0, check.stderr
    row = json.loads(check.stdout)["hosts"][0]
    assert row["outcome"] == "would_change", row
    assert not qp_registered(wine)
    # 5. the install: QP registered by its ProductCode (32-bit MSI: WOW6432Node), road-port intact
    done = install(site, "--json")
    assert done.returncode == 0, done.stderr + done.stdout
    row = json.loads(done.stdout)["hosts"][0]
    assert row["outcome"] == "installed", row
    assert qp_registered(wine)
    road = row["detail"]["installer"]["road_port"]
    assert road["present"] is True and road["intact"] is True, road      # hashed before and after msiexec
    assert row["detail"]["installer"]["qp"]["after"] == "1.0.0"
    # 6. a second run changes nothing and says so
    again = install(site, "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["hosts"][0]["outcome"] == "unchanged"
    # 7. undo removes QP and keeps the road-port system
    undo = qpfleet(site, "install", "--undo", "--json")
    assert undo.returncode == 0, undo.stderr + undo.stdout
    assert json.loads(undo.stdout)["hosts"][0]["outcome"] == "undone"
    assert not qp_registered(wine)


def _pay(site: dict) -> None:
    lab: Lab = site["lab"]
    from provisioning.registry import load_registry

    reg = load_registry(lab.inventory)
    (e,) = reg.enterprises.values()
    receipts = lab.root / "receipts.csv"
    from provisioning.fees.prices import load_prices

    payee = load_prices(lab.inventory / "prices.yml").payee_number
    receipts.write_text("receipt_no,customs_code,payer_name,method,account_type,account_number,payee_account,"
                        "amount_yuan,paid_at,purpose\n"
                        f"R-001,{e.customs_code},{e.bank.name},transfer,corporate,{e.bank.number},{payee},1500,"
                        "2026-12-01T10:00:00+08:00,installation\n", "utf-8")
    done = subprocess.run([str(QPFLEET), "dispatch", "pay", "import", str(receipts), "--db",
                           str(lab.root / "state.sqlite3"), "--registry", str(lab.inventory)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
