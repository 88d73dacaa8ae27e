"""The collection and playbooks as Ansible, ansible-lint and ansible-builder see them (no terminal contacted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, require_program

pytestmark = pytest.mark.integration
BIN = Path(sys.executable).parent
PLAYBOOKS = ["preflight.yml"] + (["install.yml"] if (ROOT / "playbooks" / "install.yml").exists() else [])


def tool(program: str, *args: str, cwd: Path = ROOT, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    exe = BIN / program
    if not exe.exists():
        exe = Path(require_program(program))
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "NO_COLOR": "1",
           "ANSIBLE_LOCAL_TEMP": "/tmp", "ANSIBLE_HOME": "/tmp/.ansible-qpfleet-test"}
    return subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_playbooks_pass_the_syntax_check(playbook: str) -> None:
    run = tool("ansible-playbook", "--syntax-check", "-i", "inventory/", f"playbooks/{playbook}")
    assert run.returncode == 0, run.stdout + run.stderr


def test_ansible_lint_production_profile_is_clean() -> None:
    run = tool("ansible-lint", "--offline", "--profile", "production", "playbooks/", timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Profile 'production' was required, and it passed" in run.stderr + run.stdout


def test_every_module_is_documented_under_its_fqcn() -> None:
    for module in ("qp_facts", "qp_install", "qp_undo", "qp_carrier"):
        run = tool("ansible-doc", "--json", f"qpfleet.fleet.{module}")
        assert run.returncode == 0 and f'"qpfleet.fleet.{module}"' in run.stdout, run.stderr
    run = tool("ansible-doc", "-t", "inventory", "qpfleet.fleet.registry")
    assert run.returncode == 0 and "AWX" in run.stdout, run.stderr
    for kind, name in (("lookup", "install_gate"), ("strategy", "free"), ("callback", "preload")):
        run = tool("ansible-doc", "-t", kind, f"qpfleet.fleet.{name}")
        assert run.returncode == 0, run.stdout + run.stderr


def test_roles_have_argument_specs_for_every_default() -> None:
    roles = ROOT / "playbooks" / "ansible_collections" / "qpfleet" / "fleet" / "roles"
    for role in roles.iterdir():
        defaults = yaml.safe_load((role / "defaults" / "main.yml").read_text("utf-8"))
        specs = yaml.safe_load((role / "meta" / "argument_specs.yml").read_text("utf-8"))
        options = specs["argument_specs"]["main"]["options"]
        assert set(defaults) == set(options), role.name
        assert all(k.startswith(role.name + "_") for k in defaults), role.name


def test_execution_environment_builds_a_context_offline(tmp_path: Path) -> None:
    run = tool("ansible-builder", "create", "--file", "execution-environment.yml", "--context", str(tmp_path / "ee"))
    assert run.returncode == 0, run.stdout + run.stderr
    context = tmp_path / "ee"
    recipe = next(p for p in (context / "Containerfile", context / "Dockerfile") if p.exists()).read_text("utf-8")
    assert "pip install --no-cache-dir /opt/qpfleet" in recipe
    assert (context / "_build" / "qpfleet" / "provisioning" / "fleet" / "hostcheck.py").is_file()
    assert "pywinrm" in (context / "_build" / "requirements.txt").read_text("utf-8")
