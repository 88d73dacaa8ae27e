"""The qpfleet.fleet.qp_carrier role through ansible-playbook on localhost: the same decision as the CLI, applied, undone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, require_program
from tests.support.carrier_lab import CarrierLab, run_cli
from tests.support.faultproxy import Faults
from tests.support.langcheck import english_runs

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CarrierLab]:
    lab = CarrierLab(tmp_path_factory.mktemp("carrier-ansible"), require_program("dnsmasq"), seed=3).start()
    try:
        yield lab
    finally:
        lab.stop()


def play(tmp_path: Path, variables: dict, check: bool = False) -> tuple[int, dict]:
    playbook = tmp_path / "carrier.yml"
    playbook.write_text(yaml.safe_dump([{
        "name": "Carrier selector", "hosts": "all", "gather_facts": False,
        "roles": [{"role": "qpfleet.fleet.qp_carrier"}], "vars": variables,
    }]))
    env = {**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(ROOT / "playbooks"), "ANSIBLE_STDOUT_CALLBACK": "json",
           "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"), "ANSIBLE_HOME": str(tmp_path / "ansible-home"),
           "ANSIBLE_NOCOLOR": "1", "ANSIBLE_RETRY_FILES_ENABLED": "0"}
    exe = Path(sys.executable).parent / "ansible-playbook"
    cmd = [str(exe), "-i", "localhost,", "-c", "local", "-e", f"ansible_python_interpreter={sys.executable}",
           str(playbook)] + (["--check"] if check else [])
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    try:
        out = json.loads(done.stdout)
    except ValueError:
        raise AssertionError(f"ansible-playbook output is not JSON: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    tasks = {t["task"]["name"].removeprefix("qpfleet.fleet.qp_carrier : "): t["hosts"]["localhost"]
             for p in out["plays"] for t in p["tasks"]}
    return done.returncode, tasks


def test_role_applies_the_same_decision_and_cli_undoes_it(lab: CarrierLab, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    lab.reset()
    lab.sides["netcom"].set(Faults(6, 0.15), Faults(60, 0.15), seed=5)
    lab.sides["telecom"].set(Faults(6, 0.15), Faults(20, 0.15), seed=6)
    target = tmp_path / "qp-server.txt"
    target.write_text("qp.netcom.eport.test\n")
    config = lab.config(tmp_path / "carrier.yaml", tmp_path / "state", target)
    rc, tasks = play(tmp_path, {"qp_carrier_config": str(config), "qp_carrier_lang": "en"})
    measured = tasks["Carrier | MEASURE | Paired probes, sequential decision, apply"]
    assert rc == 0, measured
    assert measured["chosen"] == "telecom" and measured["reason"] == "sprt" and measured["changed"] is True
    assert measured["applied"]["previous"] == "qp.netcom.eport.test"
    assert target.read_text() == "qp.telecom.eport.test\n"
    assert tasks["Carrier | REPORT | Verdict"]["msg"].startswith("Telecom: median")
    # the state written by the role is the one the CLI undoes
    code, _, err = run_cli(capsys, "carrier", "undo", "--config", str(config))
    assert code == 0, err
    assert target.read_text() == "qp.netcom.eport.test\n"


def test_role_check_mode_changes_nothing(lab: CarrierLab, tmp_path: Path) -> None:
    lab.reset()
    lab.sides["netcom"].set(Faults(6, 0.15), Faults(60, 0.15), seed=5)
    lab.sides["telecom"].set(Faults(6, 0.15), Faults(20, 0.15), seed=6)
    target = tmp_path / "qp-server.txt"
    config = lab.config(tmp_path / "carrier.yaml", tmp_path / "state", target)
    rc, tasks = play(tmp_path, {"qp_carrier_config": str(config), "qp_carrier_lang": "en"}, check=True)
    measured = tasks["Carrier | MEASURE | Paired probes, sequential decision, apply"]
    assert rc == 0 and measured["chosen"] == "telecom" and measured["changed"] is True
    assert not target.exists()


def test_role_fails_when_no_carrier_is_usable(lab: CarrierLab, tmp_path: Path) -> None:
    lab.reset()
    lab.sides["netcom"].set(Faults(blackhole=True), Faults(20), seed=5)
    lab.sides["telecom"].set(Faults(blackhole=True), Faults(20), seed=6)
    config = lab.config(tmp_path / "carrier.yaml", tmp_path / "state", tmp_path / "t.txt")
    rc, tasks = play(tmp_path, {"qp_carrier_config": str(config), "qp_carrier_lang": "en"})
    measured = tasks["Carrier | MEASURE | Paired probes, sequential decision, apply"]
    assert rc != 0 and measured["failed"] is True
    assert measured["msg"].startswith("No carrier usable")


def test_role_rejects_a_bad_config_with_file_line(lab: CarrierLab, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("carriers:\n  netcom: 1\n  telecom: 2\n")
    rc, tasks = play(tmp_path, {"qp_carrier_config": str(bad), "qp_carrier_lang": "en"})
    measured = tasks["Carrier | MEASURE | Paired probes, sequential decision, apply"]
    assert rc != 0 and f"{bad}:2: carriers.netcom: must be a mapping" in measured["msg"]
    # by default the play speaks Chinese, as the field engineer reads it
    rc, tasks = play(tmp_path, {"qp_carrier_config": str(bad)})
    measured = tasks["Carrier | MEASURE | Paired probes, sequential decision, apply"]
    assert rc != 0 and f"{bad}:2" in measured["msg"] and "must be a mapping" not in measured["msg"], measured["msg"]
    assert english_runs(measured["msg"], [str(bad)]) == [], measured["msg"]
