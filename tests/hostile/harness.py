"""Run qpfleet as a real process under a memory limit and a time limit, and measure what it cost.

Every hostile case is one ``python -m provisioning.cli ...`` process (the console script's code path)
with ``RLIMIT_AS`` set (``ulimit -v``), a wall-clock guard that kills a hang, and its own resource usage
read with ``wait4`` (CPU seconds, peak resident memory) by the small launcher :mod:`tests.hostile.measure`. Cases run in parallel, a few
at a time, so the whole suite stays short.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

# ulimit -v (1 GiB of address space; qpfleet needs ~60 MB) and ulimit -f: see tests/hostile/measure.py
CPU_SECONDS = 2.0  # each case's own CPU time (user + system), asserted
RSS_MB = 300  # each case's peak resident memory, asserted
WALL_SECONDS = 2.0  # each case's wall time, asserted (the machine may be shared: see WALL_GUARD)
WALL_GUARD = 20.0  # a case still running after this is a hang: it is killed and fails
QPFLEET = [sys.executable, "-m", "provisioning.cli"]
# Permission bits do not stop root: as root, a case about a read-only folder or an unreadable file runs
# qpfleet without the capabilities that override them (setpriv, util-linux), so the bits count.
UNPRIVILEGED = (["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *QPFLEET]
                if os.geteuid() == 0 else QPFLEET)


@dataclass
class Run:
    """What one process did: exit code, output, and what it cost."""

    argv: list[str]
    code: int
    out: str
    err: str
    wall: float
    cpu: float
    rss_mb: float
    killed: bool = False

    @property
    def error_lines(self) -> list[str]:
        """stderr lines without the usage error's "(try: ... --help)" hint (in either language)."""
        return [line for line in self.err.splitlines() if line and not line.startswith(("(try: ", "（查看帮助"))]


def run(argv: Sequence[str], cwd: Path = ROOT, env: dict[str, str] | None = None, stdin: bytes | None = None,
        program: Sequence[str] = QPFLEET, guard: float = WALL_GUARD) -> Run:
    """Run ``program argv`` under the limits (through :mod:`tests.hostile.measure`); never raises for the
    child's behaviour. A run still going after ``guard`` seconds is killed with its process group."""
    full = [*program, *argv]
    child_env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "QPFLEET_DEBUG": "", "LC_ALL": "C.UTF-8",
                 **(env or {})}  # messages in English whatever the machine's locale (--lang decides otherwise)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "usage.json"
        proc = subprocess.Popen([sys.executable, "-m", "tests.hostile.measure", str(report), "--", *full], cwd=cwd,
                                env=child_env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        killed = False
        try:
            out, err = proc.communicate(stdin, timeout=guard)
        except subprocess.TimeoutExpired:
            killed = True
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        usage = json.loads(report.read_text()) if report.exists() else {"code": -9, "cpu": 0, "rss_mb": 0,
                                                                          "wall": guard}
    return Run(full, int(usage["code"]), out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
               float(usage["wall"]), float(usage["cpu"]), float(usage["rss_mb"]), killed)


@dataclass
class Case:
    """A hostile input: the command, what it must answer, and what must not happen.

    ``argv`` items are formatted with ``d`` (the case's own folder), ``root`` (the repository) and
    ``inv`` (the demo inventory). ``where`` and ``words`` must both appear in the first error line.
    """

    name: str
    argv: list[str]
    code: int = 2
    where: str = ""
    words: str = ""
    lines: int = 1
    make: Callable[[Path], None] | None = None
    absent: list[str] = field(default_factory=list)  # files in the case folder that must not exist after
    secret: str | None = None  # must not appear anywhere in the output
    check: Callable[[Run, Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)
    program: Sequence[str] = tuple(QPFLEET)

    def argv_for(self, folder: Path) -> list[str]:
        return [a.format(d=folder, root=ROOT, inv=ROOT / "inventory") for a in self.argv]


def run_all(cases: Sequence[Case], base: Path, workers: int | None = None) -> dict[str, tuple[Run, Path]]:
    """Every case, a few at a time: {name: (run, folder)}."""
    def one(case: Case) -> tuple[str, tuple[Run, Path]]:
        folder = base / case.name
        folder.mkdir(parents=True)
        if case.make is not None:
            case.make(folder)
        env = {k: v.format(d=folder, root=ROOT) for k, v in case.env.items()}
        return case.name, (run(case.argv_for(folder), env=env, program=case.program), folder)

    with ThreadPoolExecutor(max_workers=workers or max(2, os.cpu_count() or 2)) as pool:
        return dict(pool.map(one, cases))
