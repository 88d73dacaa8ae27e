"""Install parts without a terminal: the gates, the upload lines, the result's diff, fleet settings, bad input."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from checks.errors import InputError
from checks.winrm.deliver import BINARY_DECODER_JS, build_upload
from provisioning import state
from provisioning.dispatch.store import Store
from provisioning.fleet.gates import gate
from provisioning.fleet.hostinstall import diff_text
from provisioning.fleet.install_cmd import fleet_settings
from provisioning.registry import load_registry
from tests.conftest import ROOT

T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
QPFLEET = Path(sys.executable).parent / "qpfleet"


def _preflight(store: Store, host: str, verdict: str, longda: str = "pass", at: int = 0) -> None:
    rid = state.start_run(store, "preflight", "ansible", T0, run_id=f"r-{host}-{at}")
    state.record_result(store, rid, state.HostResult(
        host, "preflight", verdict, T0 + dt.timedelta(minutes=at), "ansible", "4403980101", "5301", verdict,
        checks=[{"id": "longda", "status": longda, "level": "must"}], run_id=rid))


def test_gates_of_the_demo_enterprise(tmp_path: Path) -> None:
    reg = load_registry(ROOT / "inventory")
    with Store(tmp_path / "s.sqlite3") as store:
        g = gate(store, reg, "ht-qp03", ["ht-qp03"])
        assert not g.preflight_ok and g.preflight == "none"
        _preflight(store, "ht-qp03", "ready")
        g = gate(store, reg, "ht-qp03", ["ht-qp03"])
        assert g.preflight_ok and g.terminal_ok and not g.paid and not g.formalities_ok
        assert g.contract == "transmission contract signed, service agreement signed"
        # 华通 is approved for 3 and has QP on ht-qp01 and ht-qp02: ht-qp03 takes the last place
        assert g.counted == ["ht-qp01", "ht-qp02"] and g.place == 1 and g.count_ok
        store.conn.execute("INSERT INTO payments VALUES ('R1', '4403980101', 'x', 'corporate', '6222', 150000, "
                           "'2026-12-01T02:00:00+00:00', 'installation', 'test', '2026-12-01T02:00:00+00:00', 'transfer')")
        assert gate(store, reg, "ht-qp03", ["ht-qp03"]).ok
        _preflight(store, "ht-qp03", "ready", longda="fail", at=5)      # the old vendor's system found later
        assert not gate(store, reg, "ht-qp03", ["ht-qp03"]).preflight_ok
        assert gate(store, reg, "ht-qp01", ["ht-qp01"]).place == 0      # already counted: keeps its place


def test_binary_files_travel_in_chunks_under_the_line_limit() -> None:
    data = bytes(range(256)) * 200
    up = build_upload({"settings.json": b'{"a": 1}', "qp-client.msi": data}, {"qp-client.msi"}, token="t1",
                      limit=3000)
    assert all(len(line) < 3000 - 400 for line in up.setup)
    chunks = "".join(line.split(" echo ", 1)[1] for line in up.setup if "qp-client.msi.hex" in line and " echo " in line)
    assert bytes.fromhex(chunks) == data
    assert any("unhexbin.js" in line and "qp-client.msi" in line for line in up.setup)
    assert "ADODB.Stream" in BINARY_DECODER_JS and up.cleanup == 'rmdir /s /q "%TEMP%\\qpfleet-t1"'
    with pytest.raises(InputError, match="must be ASCII"):
        build_upload({"settings.json": "中".encode()})


def test_diff_lists_qp_and_every_value() -> None:
    before, after = diff_text({"qp": {"product_code": "{X}", "before": None, "after": "1.0.0"},
                               "changes": [{"where": "HKLM\\SOFTWARE\\QuickPass\\Defaults\\DeclarationType",
                                            "before": None, "after": "有纸报关"}]}, "en")
    assert before.splitlines() == ["QP {X}: (not installed)", "HKLM\\SOFTWARE\\QuickPass\\Defaults\\DeclarationType: (absent)"]
    assert after.splitlines()[1].endswith(": 有纸报关")
    before, _ = diff_text({"qp": {"product_code": "{X}", "before": None, "after": "1.0.0"}}, "zh")
    assert before.splitlines() == ["QP {X}: （未安装）"]


def test_fleet_settings_are_checked_with_their_line(tmp_path: Path) -> None:
    assert fleet_settings(ROOT / "inventory") == {"serial": 5, "max_fail_percentage": 20, "host_timeout": 900}
    (tmp_path / "fleet.yml").write_text("fleet_version: 1\ninstall:\n  serial: 0\n", "utf-8")
    with pytest.raises(InputError, match=r"fleet.yml:3: .*install.serial must be a number 1-10000, got 0"):
        fleet_settings(tmp_path)


def test_an_msi_that_does_not_exist_stops_the_install_before_anything(tmp_path: Path) -> None:
    done = subprocess.run([str(QPFLEET), "install", "-i", str(ROOT / "inventory"), "--limit", "5301", "--qp-msi",
                           str(tmp_path / "nope.msi"), "--db", str(tmp_path / "s.db"), "--runs-dir",
                           str(tmp_path / "runs"), "--lang", "en"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "nope.msi: the QP installer file does not exist" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "runs").exists()
