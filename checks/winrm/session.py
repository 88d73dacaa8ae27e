"""Run a prepared sequence of cmd.exe lines on one Windows host over WinRM: setup, the command, cleanup.

The generic form of :func:`checks.winrm.remote.collect` (same timeouts, same classification of what
went wrong, one pywinrm Protocol per call): the fleet's installer runs through it. Never raises for
a host's failure; the password never appears in a reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checks.i18n import Msg, add
from checks.winrm.remote import (
    COLLECTOR_FAILED,
    Target,
    Timeouts,
    _classify,
    _network_error,
    _run,
    make_protocol,
    setup_failure,
    tcp_reachable,
)
from checks.winrm.remote import UNREACHABLE as _UNREACHABLE

DONE = "done"

add({
    "winrm.step.send": {"zh": "传送文件时（第 {i} 条命令，共 {n} 条）", "en": "sending the files (command {i} of {n})"},
    "winrm.step.command": {"zh": "运行命令时", "en": "running the command"},
    "winrm.step.cleanup": {"zh": "删除文件时", "en": "removing the files"},
    "winrm.why.answer_kept": {"zh": "已取得应答，但{reason}", "en": "answer kept, but {reason}"},
})


@dataclass
class CommandOutcome:
    """``status`` is done (the command ran: see ``code``), unreachable, auth_failed, timed_out or
    collector_failed (a setup line failed or the host answered nonsense)."""

    status: str
    stdout: bytes = b""
    stderr: bytes = b""
    code: int | None = None
    reason: str | None = None
    seconds: float = 0.0


def run_lines(target: Target, timeouts: Timeouts, setup: list[str], command: str, cleanup: str,
              protocol_factory: Callable[[Target, Timeouts], Any] = make_protocol) -> CommandOutcome:
    """Run ``setup`` (each must exit 0), then ``command`` (its output and exit code are the answer), then ``cleanup``."""
    started = time.monotonic()
    deadline = started + timeouts.total
    why = tcp_reachable(target, timeouts.connect)
    if why:
        return CommandOutcome(_UNREACHABLE, reason=why, seconds=time.monotonic() - started)
    protocol = protocol_factory(target, timeouts)
    step, shell_id = Msg("winrm.step.shell"), None
    outcome: CommandOutcome | None = None
    cut_off = False
    try:
        shell_id = protocol.open_shell()
        for i, line in enumerate(setup):
            step = Msg("winrm.step.send", i=i + 1, n=len(setup))
            _, err, code = _run(protocol, shell_id, line, deadline)
            if code != 0:
                outcome = CommandOutcome(COLLECTOR_FAILED, reason=setup_failure(step, err, code))
                break
        if outcome is None:
            step = Msg("winrm.step.command")
            out, err, code = _run(protocol, shell_id, command, deadline)
            outcome = CommandOutcome(DONE, out, err, code)
        step = Msg("winrm.step.cleanup")
        _run(protocol, shell_id, cleanup, deadline + 30)
    except Exception as exc:
        cut_off = _network_error(exc)
        status, reason = _classify(exc, step)
        if outcome is None:
            outcome = CommandOutcome(status, reason=reason)
        elif outcome.reason is None:
            outcome.reason = Msg("winrm.why.answer_kept", reason=reason)
    finally:
        if shell_id is not None and not cut_off:
            try:
                protocol.close_shell(shell_id)
            except Exception:  # noqa: S110 - closing a shell on a dropped host
                pass
    outcome.seconds = time.monotonic() - started
    return outcome
