"""Drive ansible-playbook through ansible-runner: a fresh private data dir per run, timeouts, Ctrl-C, events.

Lessons of ansible-runner's tracker built in: one private data dir (and ident) per run, never shared;
the event handler only queues (a slow handler stalls pexpect) and returns True so every event is
kept in the artifacts; ``timeout`` and ``idle_timeout`` are always set (their defaults are None);
``cancel_callback`` is the way to stop (runner then kills ansible-playbook's process group). The
limit is checked against the registry before this runs: an empty match would produce no events.
SIGINT and SIGTERM set the cancel flag; the partial result stays readable.
"""

from __future__ import annotations

import os
import queue
import shlex
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.errors import InputError, MissingDependency
from checks.i18n import current_lang, h
from provisioning.fleet import words  # noqa: F401

Event = dict[str, Any]


@dataclass
class RunSpec:
    """Everything one ansible-playbook run needs; nothing secret except ``prompts`` (kept in memory)."""

    run_id: str
    data_dir: Path
    project: Path
    playbook: Path
    binary: str
    inventory: Path
    hosts: list[str]
    forks: int
    job_timeout: float
    idle_timeout: float
    extravars: dict[str, Any] = field(default_factory=dict)
    cmdline: list[str] = field(default_factory=list)
    prompts: dict[str, str] = field(default_factory=dict, repr=False)


@dataclass
class RunEnd:
    """How a run ended: runner status, return code, whether the final stats came, the last lines of output."""

    status: str              # successful, failed, canceled, timeout
    rc: int | None
    stats: bool
    events: int
    seconds: float
    tail: str = ""
    signal: int | None = None


def project_root() -> Path:
    """The qpfleet checkout holding ``ansible.cfg`` and ``playbooks/`` (``$QPFLEET_PROJECT`` or this package's)."""
    env = os.environ.get("QPFLEET_PROJECT")
    root = Path(env) if env else Path(__file__).resolve().parents[2]
    if not (root / "ansible.cfg").is_file() or not (root / "playbooks").is_dir():
        raise InputError(h("fleet.engine.no_project"), where=str(root), hint="QPFLEET_PROJECT=/path/to/qpfleet")
    return root


def playbook_binary() -> str:
    """ansible-playbook of this Python's environment (beside it), else the one on PATH."""
    import shutil

    beside = Path(sys.executable).parent / "ansible-playbook"
    found = str(beside) if beside.is_file() else shutil.which("ansible-playbook")
    if not found:
        raise MissingDependency(h("fleet.engine.no_playbook"), hint="pip install 'qpfleet[fleet]'")
    return found


def make_data_dir(runs_dir: Path, run_id: str) -> Path:
    """``runs_dir/run_id``, new; a runs folder that cannot be written is bad input (nothing started)."""
    try:
        runs_dir.mkdir(parents=True, exist_ok=True)
        data_dir = runs_dir / run_id
        data_dir.mkdir(mode=0o700)
        probe = data_dir / ".writable"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(h("fleet.engine.runs_dir", why=exc.strerror or str(exc)), where=str(runs_dir)) from None
    return data_dir


@contextmanager
def stop_on_signals(stop: threading.Event, notice: Callable[[int], None]) -> Iterator[list[int]]:
    """SIGINT and SIGTERM set ``stop`` (once noticed) instead of raising; the signals received are listed."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def handler(signum: int, frame: Any) -> None:
        received.append(signum)
        if not stop.is_set():
            stop.set()
            notice(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


def execute(spec: RunSpec, consume: Callable[[Event], None], tick: Callable[[], None],
            notice: Callable[[int], None]) -> RunEnd:
    """Run the playbook; ``consume`` sees every event on this thread, ``tick`` runs a few times a second."""
    try:
        import ansible_runner
    except ImportError:
        raise MissingDependency(h("fleet.engine.no_runner"), hint="pip install 'qpfleet[fleet]'") from None
    events: queue.SimpleQueue[Event] = queue.SimpleQueue()
    stop = threading.Event()          # asked for: Ctrl-C, SIGTERM, or our own time limit
    cancel = threading.Event()        # told to runner once ansible-playbook's processes are signalled

    def on_event(event: Event) -> bool:
        events.put(event)
        return True                       # keep it in the artifacts (False would drop it)

    env = {
        "ANSIBLE_CONFIG": str(spec.project / "ansible.cfg"),
        # modules reach the local Python through stdin: no AnsiballZ file holding arguments on disk
        "ANSIBLE_PIPELINING": "True",
        "ANSIBLE_LOCAL_TEMP": str(spec.data_dir / "tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_DISPLAY_ARGS_TO_STDOUT": "False",
        # the language qpfleet was started with: the plugins' and modules' messages (gates, bad input) use it
        "QPFLEET_LANG": current_lang(),
        # runner starts "ansible-playbook" by name: the one of this environment comes first
        "PATH": str(Path(spec.binary).parent) + os.pathsep + os.environ.get("PATH", ""),
    }
    started = time.monotonic()
    count = 0
    with stop_on_signals(stop, notice) as received:
        thread, runner = ansible_runner.run_async(
            private_data_dir=str(spec.data_dir), ident=spec.run_id, project_dir=str(spec.project),
            playbook=str(spec.playbook), inventory=str(spec.inventory), limit=",".join(spec.hosts),
            forks=spec.forks, extravars=spec.extravars or None, envvars=env,
            cmdline=" ".join(shlex.quote(w) for w in spec.cmdline) or None, passwords=spec.prompts or None,
            event_handler=on_event, cancel_callback=cancel.is_set, timeout=int(spec.job_timeout) + 60,
            settings={"idle_timeout": int(spec.idle_timeout), "pexpect_timeout": 1, "suppress_ansible_output": True},
            quiet=True, rotate_artifacts=0, fact_cache_type="jsonfile")
        try:
            stats, timed_out, count = _follow(spec, events, thread, stop, cancel, consume, tick, started)
        except BaseException:
            stop_processes(cancel)          # never leave ansible-playbook running behind an error of ours
            thread.join(30)
            raise
    status = "timeout" if timed_out else str(runner.status)
    return RunEnd(status, runner.rc, stats, count, time.monotonic() - started,
                  tail=_tail(spec.data_dir / "artifacts" / spec.run_id / "stdout"),
                  signal=received[0] if received else None)


def _follow(spec: RunSpec, events: queue.SimpleQueue[Event], thread: threading.Thread, stop: threading.Event,
            cancel: threading.Event, consume: Callable[[Event], None], tick: Callable[[], None],
            started: float) -> tuple[bool, bool, int]:
    """Hand every event to ``consume`` until the runner's thread ends; (final stats seen, timed out, events)."""
    stats = timed_out = False
    count = 0
    while True:
        if not timed_out and time.monotonic() - started > spec.job_timeout:
            timed_out = True
            stop.set()
        if stop.is_set() and not cancel.is_set():
            stop_processes(cancel)
        try:
            event = events.get(timeout=0.25)
        except queue.Empty:
            tick()
            if not thread.is_alive():
                break
            continue
        count += 1
        stats = stats or event.get("event") == "playbook_on_stats"
        consume(event)
    thread.join()
    while True:                       # whatever arrived after the thread ended
        try:
            event = events.get_nowait()
        except queue.Empty:
            break
        count += 1
        stats = stats or event.get("event") == "playbook_on_stats"
        consume(event)
    return stats, timed_out, count


def stop_processes(cancel: threading.Event, grace: float = 3.0) -> None:
    """Stop ansible-playbook and everything it started, then tell runner (``cancel``).

    Ansible's workers call setsid(), so killing ansible-playbook's process group (what runner does
    on cancel) would leave them and their modules running. Every descendant is signalled while it
    is still ours to find: SIGTERM first (a worker then stops its own module), SIGKILL after ``grace``.
    """
    import psutil

    me = psutil.Process()
    try:
        tree = me.children(recursive=True)
    except psutil.Error:
        tree = []
    for proc in tree:
        try:
            proc.terminate()
        except psutil.Error:
            pass
    cancel.set()
    _, alive = psutil.wait_procs(tree, timeout=grace)
    for proc in alive:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=grace)


def _tail(path: Path, lines: int = 6) -> str:
    try:
        text = path.read_bytes()[-8192:].decode("utf-8", "replace")
    except OSError:
        return ""
    kept = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    errors = [ln for ln in kept if "ERROR" in ln or "error" in ln.lower()]
    return "\n".join((errors or kept)[-lines:])
