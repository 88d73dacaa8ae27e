"""The Ansible inventory plugin through the real ansible-inventory and ansible-playbook of this venv."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks.errors import ValidationErrors
from provisioning.registry import load_registry
from tests.conftest import ROOT, require_program

pytestmark = pytest.mark.integration
BIN = Path(sys.executable).parent


def ansible(program: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = BIN / program
    if not exe.exists():
        require_program(program)
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1",
           "ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_LOCAL_TEMP": "/tmp", "ANSIBLE_HOME": "/tmp/.ansible-qpfleet-test"}
    return subprocess.run([str(exe), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def copy_inventory(tmp_path: Path) -> Path:
    inv = tmp_path / "inventory"
    shutil.copytree(ROOT / "inventory", inv, ignore=shutil.ignore_patterns("calendar*"))
    return inv


def test_graph_shows_the_demo_fleet_by_site_and_enterprise() -> None:
    run = ansible("ansible-inventory", "-i", "inventory/", "--graph")
    assert run.returncode == 0, run.stderr
    graph = run.stdout
    for name in ("@site_5301:", "@site_5316:", "@site_5320:", "@enterprise_4403980101:", "ht-qp01", "st-qp02"):
        assert name in graph
    reg = load_registry(ROOT / "inventory")
    qp_hosts = {t.host for _, t in reg.terminals() if t.role == "qp"}
    for _, t in reg.terminals():
        # Longda backups and road-port-only PCs are never Ansible hosts
        assert (t.host in graph) == (t.host in qp_hosts), t.host


def test_hostvars_carry_the_registry_with_the_bank_number_masked() -> None:
    run = ansible("ansible-inventory", "-i", "inventory/", "--list")
    assert run.returncode == 0, run.stderr
    # registry values come in as untrusted data (never templated): ansible-inventory marks them
    data = json.loads(run.stdout, object_hook=lambda d: d.get("__ansible_unsafe", d))
    hv = data["_meta"]["hostvars"]["pc-qp01"]
    assert hv["ansible_host"] == "10.53.2.11"
    assert hv["ansible_connection"] == "winrm" and hv["qp_credential"] == "site-5301"
    assert hv["qp_enterprise_code"] == "4403980102" and hv["qp_site_name"] == "皇岗海关"
    assert hv["qp_bank_account"] == "6222 **** **** **** 8901"
    assert hv["qp_transmission_contract_status"] == "signed" and hv["qp_service_agreement_status"] == "signed"
    assert hv["qp_entry_rights_allowed"] is True and "qp_contract_status" not in hv
    assert hv["qp_enterprise_address"] == "深圳市福田区皇岗路5001号鹏程物流园3栋2楼"
    off_list = data["_meta"]["hostvars"]["zg-qp01"]
    assert off_list["qp_transmission_contract_status"] == "none" and off_list["qp_entry_rights_allowed"] is False
    for e in load_registry(ROOT / "inventory").enterprises.values():
        assert e.bank.number not in run.stdout
    assert "password" not in run.stdout.lower()
    assert sorted(data["qp_pending"]["hosts"]) == ["ht-qp03", "lh-qp01"]


def test_broken_registry_fails_ansible_inventory_with_the_loaders_messages(tmp_path: Path) -> None:
    inv = copy_inventory(tmp_path)
    site = inv / "registry" / "site-5320.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("chassis: desktop", "chassis: laptop", 1)
                    .replace("rights: [save, upload]", "rights: [save, upload, declare]"), encoding="utf-8")
    with pytest.raises(ValidationErrors) as caught:
        load_registry(inv)
    assert len(caught.value.problems) == 2
    run = ansible("ansible-inventory", "-i", str(inv), "--list")
    assert run.returncode != 0
    assert "Completely failed to parse inventory source" in run.stderr
    for problem in caught.value.problems:
        assert problem in run.stderr
    assert "site-5320.yml:31: enterprises[0].terminals[0].chassis: 'laptop' cannot be a QP terminal" in run.stderr


def test_broken_registry_stops_ansible_playbook(tmp_path: Path) -> None:
    inv = copy_inventory(tmp_path)
    site = inv / "registry" / "site-5316.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("approved_terminals: 6", "approved_terminals: 5"),
                    encoding="utf-8")
    play = tmp_path / "play.yml"
    play.write_text("- name: Touch nothing\n  hosts: site_5316\n  gather_facts: false\n  tasks:\n"
                    "    - name: Ping\n      ansible.builtin.ping:\n", encoding="utf-8")
    run = ansible("ansible-playbook", "-i", str(inv), str(play), "--list-hosts")
    assert run.returncode != 0
    assert "6 QP terminals but customs approved 5: terminal td-qp06" in run.stderr
    ok = ansible("ansible-playbook", "-i", "inventory/", str(play), "--list-hosts")
    assert ok.returncode == 0, ok.stderr
    assert "td-qp06" in ok.stdout and "wj-ld01" not in ok.stdout


def test_localhost_runs_with_the_python_of_ansible() -> None:
    run = ansible("ansible", "-i", "inventory/", "localhost", "-m", "ansible.builtin.ping")
    assert run.returncode == 0, run.stdout + run.stderr
    assert '"ping": "pong"' in run.stdout
