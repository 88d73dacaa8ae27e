"""ansible-inventory of qpfleet's inventory run from another folder: it works with ANSIBLE_CONFIG, and
without it (ansible.cfg not found, so the registry plugin unknown) it says so instead of silently
showing the data files as groups."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_program

pytestmark = pytest.mark.integration


def _inventory(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "ansible-inventory"
    if not exe.exists():
        exe = Path(require_program("ansible-inventory"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update({"ANSIBLE_NOCOLOR": "1", "ANSIBLE_HOME": str(tmp_path / ".ansible"), "HOME": str(tmp_path), **extra})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    return subprocess.run([str(exe), "-i", str(ROOT / "inventory"), "--graph"], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=120)


def test_with_ansible_config_it_works_from_any_folder(tmp_path: Path) -> None:
    run = _inventory(tmp_path, ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"))
    assert run.returncode == 0, run.stderr
    assert "@site_5301:" in run.stdout and "@enterprise_4403980101:" in run.stdout and "ht-qp01" in run.stdout


def test_without_ansible_cfg_it_says_what_to_do(tmp_path: Path) -> None:
    run = _inventory(tmp_path)
    assert "ansible.cfg of qpfleet is not in effect" in run.stderr
    assert run.stderr.index("没有使用 qpfleet 的 ansible.cfg") < run.stderr.index("ansible.cfg of qpfleet")  # Chinese first
    assert "ANSIBLE_CONFIG=/path/to/qpfleet/ansible.cfg" in run.stderr
    assert "没有使用 qpfleet 的 ansible.cfg" in run.stderr
    assert "ht-qp01" not in run.stdout  # no fleet is pretended


def test_the_guard_is_never_run_with_the_projects_config() -> None:
    cfg = (ROOT / "ansible.cfg").read_text("utf-8")
    assert "^zz-qpfleet-needs-ansible-cfg$" in cfg
    assert os.access(ROOT / "inventory" / "zz-qpfleet-needs-ansible-cfg", os.X_OK)
