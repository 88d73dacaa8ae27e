"""An install gate refusing a terminal through the real ansible-runner and ansible-playbook, in the language
qpfleet was started with: the play's output, the run's table and the recorded reason (shown again in English).

The terminal's latest preflight is ready, but its enterprise's installation fee is not recorded: the gate
stops it before anything talks to it (its WinRM port is closed, so a gate that let it through would fail
as unreachable, not be refused).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from provisioning import state
from provisioning.dispatch.store import Store
from tests.conftest import FIXTURES, require_program
from tests.support.langcheck import chinese_chars, english_runs
from tests.support.winrm_fleet import Lab, Terminal

pytestmark = [pytest.mark.integration, pytest.mark.slow]
QPFLEET = Path(sys.executable).parent / "qpfleet"
T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)


def test_the_gate_refusal_is_in_chinese_in_the_play_and_the_report_and_stays_words_in_the_database(
        tmp_path: Path) -> None:
    msi = tmp_path / "qp-client.msi"
    subprocess.run([require_program("wixl"), "-a", "x86", "-o", str(msi), "qpclient.wxs"], cwd=FIXTURES / "kit",
                   check=True, capture_output=True, timeout=60)
    lab = Lab(tmp_path, [Terminal("gate-01", scenario="closed")]).start()
    db = tmp_path / "state.sqlite3"
    with Store(db) as store:
        rid = state.start_run(store, "preflight", "ansible", T0, run_id="r-pre")
        state.record_result(store, rid, state.HostResult(
            "gate-01", "preflight", "ready", T0, "ansible", "4403901000", "5301", "ready",
            checks=[{"id": "longda", "status": "pass", "level": "must"}], run_id=rid))
    env = {**os.environ, "ANSIBLE_HOME": str(tmp_path / "ansible-home")}
    common = ["--db", str(db)]
    run = subprocess.run([str(QPFLEET), "install", "-i", str(lab.inventory), "--limit", "gate-01", "--qp-msi", str(msi),
                          "--runs-dir", str(tmp_path / "runs"), "--vault-password-file", str(lab.vault_file),
                          *common, "--lang", "zh"], capture_output=True, text=True, timeout=300,
                         stdin=subprocess.DEVNULL, env=env)
    assert run.returncode == 1, run.stdout + run.stderr
    refusal = ("gate-01：企业 4403901000 的传输费协议已签订，技术服务协议已签订，安装费付款未登记；两份协议都签订、"
               "安装费付清后才能安装（§1.2、§2.1）；银行回执用 qpfleet dispatch pay import FILE 登记")
    assert "拒绝安装" in run.stdout and refusal in run.stdout, run.stdout
    data = [str(lab.inventory), "gate-01", "深圳市测试5301第0号报关有限公司", "皇岗海关"]
    assert english_runs(run.stdout + run.stderr, data) == [], english_runs(run.stdout + run.stderr, data)
    # the play's own output (what ansible-playbook printed for the field engineer) says it in Chinese too
    played = b"".join(p.read_bytes() for p in (tmp_path / "runs").rglob("stdout") if p.is_file()).decode()
    assert refusal in played, played[-3000:]
    # recorded as words: the same run shown in English
    runs = json.loads(subprocess.run([str(QPFLEET), "runs", "list", "--json", *common], capture_output=True,
                                     text=True, timeout=60, env=env, check=True).stdout)
    install = next(r for r in runs if r["kind"] == "install")
    shown = subprocess.run([str(QPFLEET), "runs", "show", install["run"], *common, "--lang", "en"],
                           capture_output=True, text=True, timeout=60, env=env)
    assert shown.returncode == 0, shown.stderr
    assert ("gate-01: enterprise 4403901000 has transmission contract signed, service agreement signed, installation "
            "payment not recorded; both must be signed and the fee paid before installing") in shown.stdout
    assert chinese_chars(shown.stdout, data) == [], chinese_chars(shown.stdout, data)
