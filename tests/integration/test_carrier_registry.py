"""The registry apply target through a real ``reg`` (Wine's reg.exe): apply, read back, undo."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from checks.carrier.apply import Target, apply_choice, current_carrier, undo
from checks.carrier.config import load_config
from tests.conftest import require_program

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.fixture
def wine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """wine with a fresh prefix whose wineserver stays up between calls (each reg call is then fast)."""
    program = require_program("wine")
    (tmp_path / "wineprefix").mkdir()
    monkeypatch.setenv("WINEPREFIX", str(tmp_path / "wineprefix"))
    monkeypatch.setenv("WINEDEBUG", "-all")
    server = shutil.which("wineserver") or "wineserver"
    keeper = subprocess.Popen([server, "-f", "-p"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # no pipes: wine's helper processes outlive wineboot and would hold them open
        subprocess.run([program, "wineboot", "-i"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=180, check=False)
        yield program
    finally:  # stops only this prefix's wineserver, the one started here
        subprocess.run([server, "-k"], capture_output=True, timeout=30, check=False)
        try:
            keeper.wait(timeout=10)
        except subprocess.TimeoutExpired:
            keeper.kill()
            keeper.wait()


def test_registry_apply_and_undo_with_wine_reg(tmp_path: Path, wine: str) -> None:
    cfg_file = tmp_path / "c.yaml"
    cfg_file.write_text(f"""\
carriers:
  netcom: {{resolvers: ["10.0.0.53"], service_host: qp.netcom.example., service_port: 80,
           expected_prefixes: ["10.1.0.0/16"]}}
  telecom: {{resolvers: ["10.9.0.53"], service_host: qp.telecom.example., service_port: 80,
            expected_prefixes: ["10.2.0.0/16"]}}
apply:
  target: registry
  registry_key: 'HKLM\\SOFTWARE\\QuickPass\\Server'
  registry_value: Address
  registry_command: ["{wine}", reg]
  values: {{netcom: "qp.netcom.example:8080"}}
  state_dir: {tmp_path / "state"}
""", encoding="utf-8")
    cfg = load_config(str(cfg_file))
    target = Target(cfg)
    assert target.read() is None  # a fresh prefix has no QP setting
    apply_choice(cfg, "netcom", {}, NOW)
    assert target.read() == "qp.netcom.example:8080"
    assert current_carrier(cfg, target.read()) == "netcom"
    done = apply_choice(cfg, "telecom", {}, NOW)
    assert done["previous"] == "qp.netcom.example:8080" and target.read() == "qp.telecom.example"
    assert undo(cfg, NOW)["restored"] == "qp.netcom.example:8080"
    assert target.read() == "qp.netcom.example:8080"
