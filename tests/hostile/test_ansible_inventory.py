"""A billion-laughs registry file is refused in milliseconds by the loader, and by the real
``ansible-inventory`` through the qpfleet inventory plugin, under the same memory limit."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from checks.errors import ValidationErrors
from provisioning.registry import load_registry
from tests.conftest import ROOT, require_program
from tests.hostile import harness
from tests.hostile.inputs import billion_laughs

BIN = Path(sys.executable).parent


def _inventory(tmp_path: Path, bomb: bool) -> Path:
    inv = tmp_path / ("bomb" if bomb else "plain") / "inventory"
    shutil.copytree(ROOT / "inventory", inv, ignore=shutil.ignore_patterns("calendar*"))
    if bomb:
        (inv / "registry" / "laughs.yml").write_text(billion_laughs("sites"), encoding="utf-8")
    return inv


def test_the_loader_refuses_a_billion_laughs_file_in_milliseconds(tmp_path: Path) -> None:
    inv = _inventory(tmp_path, bomb=True)
    assert len(billion_laughs().encode()) < 1100  # about 1 KB, 10^9 strings once expanded
    start = time.perf_counter()
    with pytest.raises(ValidationErrors) as caught:
        load_registry(inv)
    took = time.perf_counter() - start
    assert any("laughs.yml:" in p and "aliases expand this document" in p for p in caught.value.problems)
    assert took < 0.5, f"{took:.3f} s"  # generous: about 30 ms on an idle core


def test_ansible_inventory_refuses_it_through_the_plugin_under_the_memory_limit(tmp_path: Path) -> None:
    exe = BIN / "ansible-inventory"
    if not exe.exists():
        require_program("ansible-inventory")
    env = {"ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCAL_TEMP": str(tmp_path),
           "ANSIBLE_HOME": str(tmp_path / ".ansible")}
    plain = harness.run(["-i", str(_inventory(tmp_path, bomb=False)), "--graph"], env=env, program=[str(exe)])
    bomb = harness.run(["-i", str(_inventory(tmp_path, bomb=True)), "--graph"], env=env, program=[str(exe)])
    assert plain.code == 0, plain.err
    assert not bomb.killed and bomb.code != 0 and "Traceback" not in bomb.err, bomb.err
    assert "laughs.yml:" in bomb.err and "aliases expand this document" in bomb.err, bomb.err
    assert bomb.rss_mb < harness.RSS_MB, f"{bomb.rss_mb:.0f} MB"
    # the refusal costs about what reading the valid demo registry costs: no expansion happened
    assert bomb.cpu < plain.cpu + 0.5, f"bomb {bomb.cpu:.2f} s of CPU, valid registry {plain.cpu:.2f} s"
