"""qpfleet preflight -i inventory/ --limit: the real CLI driving real ansible-runner and ansible-playbook against
loopback WS-Management endpoints (NTLM, sealed), with a generated registry naming them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from provisioning import state
from provisioning.dispatch.store import Store
from tests.support.winrm_fleet import NOT_READY_FACTS, Lab, Terminal, lab_of

pytestmark = [pytest.mark.integration, pytest.mark.slow]
QPFLEET = Path(sys.executable).parent / "qpfleet"


def qpfleet(lab: Lab, *args: str, env: dict[str, str] | None = None, vault: bool = True,
            timeout: float = 240) -> subprocess.CompletedProcess[str]:
    argv = [str(QPFLEET), *args, "--runs-dir", str(lab.root / "runs"), "--db", str(lab.root / "state.sqlite3")]
    if vault:
        argv += ["--vault-password-file", str(lab.vault_file)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          env={**os.environ, "ANSIBLE_HOME": str(lab.root / "ansible-home"), **(env or {})})


def everything_written(lab: Lab) -> bytes:
    """Every byte under the runs folder and of the state database (with its WAL)."""
    out = b""
    for p in sorted((lab.root / "runs").rglob("*")) + sorted(lab.root.glob("state.sqlite3*")):
        if p.is_file():
            out += p.read_bytes()
    return out


def leaks(secret: str, blob: bytes) -> bool:
    forms = {secret.encode(), json.dumps(secret).encode()[1:-1], json.dumps(secret, ensure_ascii=False).encode()[1:-1]}
    return any(f in blob for f in forms)


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Lab]:
    lab = Lab(tmp_path, [
        Terminal("ok-01"), Terminal("ok-02"), Terminal("weak-01", facts=NOT_READY_FACTS),
        Terminal("gone-01", enterprise=1, scenario="closed"), Terminal("drop-01", enterprise=1, scenario="drop"),
        Terminal("auth-01", enterprise=1, scenario="auth_fail"), Terminal("kit-01", enterprise=1, via="offline-kit"),
        Terminal("other-01", site="5316", enterprise=2),
    ]).start()
    for k, v in lab.ntlm_env().items():
        monkeypatch.setenv(k, v)
    try:
        yield lab
    finally:
        lab.stop()


def test_a_site_preflight_records_every_terminal_and_leaks_no_password(mixed: Lab) -> None:
    junit, page = mixed.root / "preflight.xml", mixed.root / "preflight.html"
    run = qpfleet(mixed, "preflight", "-i", str(mixed.inventory), "--limit", "5301", "--forks", "4", "--json",
                  "--junit", str(junit), "--html", str(page), "--lang", "en")
    assert run.returncode == 1, run.stderr          # one terminal is not ready
    doc = json.loads(run.stdout)
    got = {h["host"]: h for h in doc["hosts"]}
    assert set(got) == {"ok-01", "ok-02", "weak-01", "gone-01", "drop-01", "auth-01"}   # 5316 and the kit host not run
    assert got["ok-01"]["outcome"] == got["ok-02"]["outcome"] == "ready"
    assert got["weak-01"]["outcome"] == "not_ready" and "memory" in got["weak-01"]["reason"]
    assert got["gone-01"]["outcome"] == "unreachable" and "Connection refused" in got["gone-01"]["reason"]
    assert got["drop-01"]["outcome"] == "unreachable" and "running the collector" in got["drop-01"]["reason"]
    assert got["auth-01"]["outcome"] == "failed" and "rejected the account" in got["auth-01"]["reason"]
    assert doc["status"] == "complete" and doc["counts"] == {"ready": 2, "not_ready": 1, "undetermined": 0,
                                                            "unreachable": 2, "failed": 1, "not_run": 0}
    assert "kit-01" in run.stderr and "USB kit" in run.stderr
    # the state database has every result, with facts for the judged ones
    with Store(mixed.root / "state.sqlite3") as store:
        (r,) = state.list_runs(store)
        assert r.kind == "preflight" and r.route == "ansible" and r.status == "complete" and r.hosts_total == 6
        results = {x.host: x for x in state.run_results(store, r.id)}
        assert results["ok-01"].verdict == "ready" and results["ok-01"].facts["schema"] == "qpfleet.facts"
        assert results["ok-01"].enterprise == "4403901000" and results["ok-01"].site == "5301"
        assert state.latest_verdict(store, "weak-01").verdict == "not_ready"
        assert results["drop-01"].outcome in state.UNFINISHED and results["auth-01"].outcome in state.UNFINISHED
    # reports
    suites = {s.get("name"): s for s in ET.parse(junit).getroot()}
    assert suites["weak-01"].get("failures") == "1" and suites["gone-01"].get("errors") == "1"
    text = page.read_text("utf-8")
    assert 'data-host="drop-01" data-outcome="unreachable"' in text and "<script" not in text
    # runs show gives the same table, grouped by site and enterprise, in Chinese
    show = subprocess.run([str(QPFLEET), "runs", "show", r.id, "--db", str(mixed.root / "state.sqlite3"), "--lang",
                           "zh"], capture_output=True, text=True, timeout=60)
    assert show.returncode == 0, show.stderr
    lines = show.stdout.splitlines()
    assert lines[2] == "皇岗海关 (5301)" and lines[3].startswith("  深圳市测试5301第0号报关有限公司 (4403901000)")
    assert any(ln.split()[:2] == ["weak-01", "不符合要求"] for ln in lines)
    assert "共 6 台：可以安装 2，不符合要求 1，无法确定 0，无法连接 2，失败 1" in show.stdout
    # the known password appears nowhere: runner's artifacts, the data dir, the state database, any output
    blob = everything_written(mixed) + run.stdout.encode() + run.stderr.encode() + show.stdout.encode()
    assert not leaks(mixed.password, blob) and not leaks("not-the-password", blob)
    assert (mixed.root / "runs" / r.id / "artifacts" / r.id / "job_events").is_dir()
    assert not (mixed.root / "runs" / r.id / "secrets").exists() or not any((mixed.root / "runs" / r.id / "secrets")
                                                                            .iterdir())


def test_credentials_from_the_environment_work_and_leak_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lab = lab_of(tmp_path, 3).start()
    try:
        for k, v in lab.ntlm_env().items():
            monkeypatch.setenv(k, v)
        for f in (lab.inventory / "group_vars").rglob("*.yml"):
            f.unlink()                                   # no vault at all
        env = {"QPFLEET_CRED_SITE_5301_USER": "QPDOM\\qpadmin", "QPFLEET_CRED_SITE_5301_PASSWORD": lab.password}
        run = qpfleet(lab, "preflight", "-i", str(lab.inventory), "--limit", "t000,t001,t002", "--json",
                      env=env, vault=False)
        assert run.returncode == 0, run.stderr
        assert {h["outcome"] for h in json.loads(run.stdout)["hosts"]} == {"ready"}
        blob = everything_written(lab) + run.stdout.encode() + run.stderr.encode()
        assert not leaks(lab.password, blob)             # not even in ansible-runner's artifacts/<id>/command env
        command = next((lab.root / "runs").glob("*/artifacts/*/command")).read_text("utf-8")
        assert "QPFLEET_CRED_SITE_5301_PASSWORD" not in command
    finally:
        lab.stop()


def _results(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM host_results").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_a_run_stopped_halfway_keeps_its_results_and_retry_failed_finishes_it(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    lab = lab_of(tmp_path, 8, delay=1.5, scenario=lambda i: "closed" if i == 0 else "ok").start()
    try:
        for k, v in lab.ntlm_env().items():
            monkeypatch.setenv(k, v)
        db = lab.root / "state.sqlite3"
        argv = [str(QPFLEET), "preflight", "-i", str(lab.inventory), "--limit", "5301", "--forks", "2", "--runs-dir",
                str(lab.root / "runs"), "--db", str(db), "--vault-password-file", str(lab.vault_file), "--lang", "en"]
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "ANSIBLE_HOME": str(lab.root / "ansible-home")})
        deadline = time.monotonic() + 120
        while _results(db) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)                  # Ctrl-C
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "interrupted" in err
        with Store(db) as store:
            (first,) = state.list_runs(store)
            assert first.status == "interrupted"
            done = {r.host: r.outcome for r in state.run_results(store, first.id)}
        assert 3 <= len(done) < 8 and done["t000"] == "unreachable"
        assert "not run" in out                          # a readable partial result
        assert not _leftover(lab.root)
        served = {t.host: len(t.server.commands) for t in lab.terminals if t.server}
        retry = qpfleet(lab, "preflight", "-i", str(lab.inventory), "--retry-failed", first.id[:12], "--json")
        assert retry.returncode == 3, retry.stderr       # t000 is still unreachable
        doc = json.loads(retry.stdout)
        again = {h["host"] for h in doc["hosts"]}
        assert again == {"t000"} | ({f"t{i:03d}" for i in range(8)} - set(done))
        assert doc["retry_of"] == first.id
        for t in lab.terminals:                          # finished terminals were not contacted again
            if t.server and t.host in done:
                assert len(t.server.commands) == served[t.host], t.host
        with Store(db) as store:
            latest = state.latest_results(store, "preflight")
        assert {h for h, r in latest.items() if r.outcome == "ready"} == {f"t{i:03d}" for i in range(1, 8)}
    finally:
        lab.stop()


def _leftover(root: Path) -> list[str]:
    """ansible-playbook or module processes of this test still alive."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if str(root) in cmd and ("ansible" in cmd or "qp_facts" in cmd):
                found.append(cmd)
    return found
