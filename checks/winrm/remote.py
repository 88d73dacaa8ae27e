"""Run the WSH collector on one Windows host over WinRM (cmd shell only) and say how it ended.

One pywinrm ``Protocol`` per call, used by one thread only (pywinrm sessions are not thread-safe).
Outcomes: ``collected`` (facts), or ``unreachable`` / ``auth_failed`` / ``timed_out`` /
``collector_failed`` with a reason. The password is never put in a reason.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from checks.errors import InputError
from checks.facts import Facts
from checks.i18n import Msg, add
from checks.winrm.commands import DEFAULT_BASE, INCOMPLETE_EXIT, build_delivery

# Why a host ended as it did: a Chinese explanation, then the technical detail as WinRM or the
# network gave it (（详情：…）), never in place of it.
add({
    "winrm.step.shell": {"zh": "打开命令行时", "en": "opening a cmd shell"},
    "winrm.step.deliver": {"zh": "传送检测脚本时（第 {i} 条命令，共 {n} 条）",
                           "en": "delivering the collector (command {i} of {n})"},
    "winrm.step.run": {"zh": "运行检测脚本时", "en": "running the collector"},
    "winrm.step.remove": {"zh": "删除检测脚本时", "en": "removing the collector"},
    "winrm.why.deliver_failed": {"zh": "{step}出错{detail}", "en": "{step} failed{detail}"},
    "winrm.why.incomplete": {"zh": "{step}出错：传到主机上的文件不完整（有一段没有写进去或写了两次），请重试",
                             "en": "{step} failed: the file sent to the host arrived incomplete (a part was lost or "
                                   "written twice); try again"},
    "winrm.why.output": {"zh": "检测脚本的输出无法读取{detail}", "en": "collector output unreadable{detail}"},
    "winrm.why.kept": {"zh": "已取得检测数据，但{reason}", "en": "facts kept, but {reason}"},
    "winrm.why.deadline": {"zh": "超过了每台主机的时限，{step}没有结果", "en": "no result within the host's time limit ({step})"},
    "winrm.why.credentials": {"zh": "用户名或密码被拒绝{detail}", "en": "credentials rejected{detail}"},
    "winrm.why.fault": {"zh": "{step}WinRM报告错误{code}{detail}", "en": "WS-Management fault{code} during {step}{detail}"},
    "winrm.why.http": {"zh": "{step}收到HTTP错误 {code}{detail}", "en": "HTTP {code} during {step}{detail}"},
    "winrm.why.timeout": {"zh": "{step}超时", "en": "timed out during {step}"},
    "winrm.why.tls": {"zh": "不接受服务器的TLS证书：请检查证书或颁发机构{detail}",
                      "en": "TLS certificate not accepted; check the certificate or CA{detail}"},
    "winrm.why.lost": {"zh": "{step}连接中断{detail}", "en": "connection lost during {step}{detail}"},
    "winrm.why.winrm": {"zh": "{step}WinRM出错{detail}", "en": "WinRM error during {step}{detail}"},
    "winrm.why.unreadable": {"zh": "{step}收到无法读取的应答{detail}", "en": "unreadable answer during {step}{detail}"},
    "winrm.why.no_answer": {"zh": "{endpoint} 在 {seconds} 秒内没有应答", "en": "no answer from {endpoint} within {seconds} s"},
    "winrm.why.refused": {"zh": "无法连接 {endpoint}{detail}", "en": "cannot connect to {endpoint}{detail}"},
    "winrm.why.clear_text": {"zh": "{transport} 经HTTP传输时一切都是明文：请用 --https、ntlm/kerberos/credssp，"
                                   "或加 --insecure 表示接受",
                             "en": "{transport} over HTTP sends everything in clear text; use --https, "
                                   "ntlm/kerberos/credssp, or --insecure to accept it"},
})


def detail(text: object) -> Msg | str:
    """Technical detail (an errno text, a WinRM fault) as its source gave it, after the explanation."""
    return Msg("msg.detail", text=str(text)) if text else ""


def setup_failure(step: Msg, err: bytes, code: int) -> Msg:
    """Why a delivery line failed: its own error output, else what its exit code means."""
    text = err.decode("utf-8", "replace").strip()
    if not text and code == INCOMPLETE_EXIT:
        return Msg("winrm.why.incomplete", step=step)
    return Msg("winrm.why.deliver_failed", step=step, detail=detail(text[:200] or f"exit code {code}"))


UNREACHABLE, AUTH_FAILED, TIMED_OUT, COLLECTOR_FAILED = "unreachable", "auth_failed", "timed_out", "collector_failed"
TRANSPORTS = ("ntlm", "kerberos", "credssp", "basic", "plaintext")
ENCRYPTING = ("ntlm", "kerberos", "credssp")


@dataclass(frozen=True)
class Target:
    """Where and how to reach one host. ``password`` is kept out of ``repr``."""

    host: str
    port: int
    https: bool = False
    transport: str = "ntlm"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    cert_validation: str = "validate"
    insecure: bool = False
    label: str | None = None

    @property
    def name(self) -> str:
        return self.label or self.host

    @property
    def endpoint(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.https else 'http'}://{host}:{self.port}/wsman"

    def message_encryption(self) -> str:
        """Encrypt every message over HTTP; HTTPS carries its own. Unencrypted only with --insecure."""
        if self.https:
            return "auto"
        if self.transport in ENCRYPTING:
            return "always"
        if not self.insecure:
            raise InputError(Msg("winrm.why.clear_text", transport=self.transport), where=self.name)
        return "never"


@dataclass(frozen=True)
class Timeouts:
    """connect: TCP connect; operation: one WS-Management operation; total: the whole host."""

    connect: float = 10.0
    operation: int = 20
    total: float = 300.0

    @property
    def read(self) -> int:
        return self.operation + 10     # pywinrm requires read timeout > operation timeout


@dataclass
class Outcome:
    """How one host's collection ended."""

    target: Target
    status: str
    facts: Facts | None = None
    reason: Msg | None = None  # why it ended so (str() is the English text)
    sent_utc: dt.datetime | None = None
    received_utc: dt.datetime | None = None
    seconds: float = 0.0


class _Deadline(Exception):
    pass


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _classify(exc: BaseException, step: Msg) -> tuple[str, Msg]:
    """(status, reason) for an exception raised while talking to a host."""
    import requests
    from winrm import exceptions as wx

    if isinstance(exc, _Deadline):
        return TIMED_OUT, Msg("winrm.why.deadline", step=step)
    if isinstance(exc, wx.InvalidCredentialsError | wx.BasicAuthDisabledError):
        return AUTH_FAILED, Msg("winrm.why.credentials", detail=detail(exc))
    if isinstance(exc, wx.WSManFaultError):
        code = f" 0x{exc.wsman_fault_code:08X}" if exc.wsman_fault_code is not None else ""
        return COLLECTOR_FAILED, Msg("winrm.why.fault", code=code, step=step, detail=detail(exc.reason.strip()))
    if isinstance(exc, wx.WinRMTransportError):
        body = " ".join(exc.response_text.split())[:160]
        return COLLECTOR_FAILED, Msg("winrm.why.http", code=exc.code, step=step, detail=detail(body))
    if isinstance(exc, wx.WinRMOperationTimeoutError | requests.exceptions.Timeout):
        return TIMED_OUT, Msg("winrm.why.timeout", step=step)
    if isinstance(exc, requests.exceptions.SSLError):
        return UNREACHABLE, Msg("winrm.why.tls", detail=detail(f"{type(exc).__name__}: {_short(exc)}"))
    if isinstance(exc, requests.exceptions.ConnectionError | ConnectionError):
        return UNREACHABLE, Msg("winrm.why.lost", step=step, detail=detail(_short(exc)))
    if isinstance(exc, wx.WinRMError):
        return COLLECTOR_FAILED, Msg("winrm.why.winrm", step=step, detail=detail(exc))
    if isinstance(exc, ValueError | KeyError | IndexError):   # unparseable answer (not WS-Management)
        return COLLECTOR_FAILED, Msg("winrm.why.unreadable", step=step,
                                     detail=detail(f"{type(exc).__name__}: {_short(exc)}"))
    raise exc


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:160] or type(exc).__name__


def tcp_reachable(target: Target, timeout: float) -> Msg | None:
    """None when a TCP connection opens within ``timeout``, else why not."""
    endpoint = f"{target.host}:{target.port}"
    try:
        with socket.create_connection((target.host, target.port), timeout=timeout):
            return None
    except TimeoutError:
        return Msg("winrm.why.no_answer", endpoint=endpoint, seconds=f"{timeout:g}")
    except OSError as exc:
        return Msg("winrm.why.refused", endpoint=endpoint, detail=detail(exc.strerror or exc))


def make_protocol(target: Target, timeouts: Timeouts) -> Any:
    """A pywinrm Protocol for one host (import kept here: winrm is heavy)."""
    from winrm.protocol import Protocol

    options: dict[str, Any] = {
        "transport": target.transport, "username": target.user, "password": target.password,
        "server_cert_validation": target.cert_validation, "message_encryption": target.message_encryption(),
        "read_timeout_sec": timeouts.read, "operation_timeout_sec": timeouts.operation,
    }
    return Protocol(target.endpoint, **options)


def _run(protocol: Any, shell_id: str, line: str, deadline: float) -> tuple[bytes, bytes, int]:
    """Run one cmd.exe line and collect its output, giving up at ``deadline`` (monotonic)."""
    from winrm.exceptions import WinRMOperationTimeoutError

    command_id = protocol.run_command(shell_id, line)
    out: list[bytes] = []
    err: list[bytes] = []
    cut_off = False
    try:
        while True:
            if time.monotonic() > deadline:
                raise _Deadline
            try:
                stdout, stderr, code, done = protocol.get_command_output_raw(shell_id, command_id)
            except WinRMOperationTimeoutError:
                continue        # the command is still running: ask again until the deadline
            out.append(stdout)
            err.append(stderr)
            if done:
                return b"".join(out), b"".join(err), int(code)
    except BaseException as exc:
        cut_off = _network_error(exc)
        raise
    finally:
        if not cut_off:   # a host that dropped would make every further call wait for its own timeout
            try:
                protocol.cleanup_command(shell_id, command_id)
            except Exception:  # noqa: S110 - the host may be gone; the first error is the one to report
                pass


def _network_error(exc: BaseException) -> bool:
    import requests

    return isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout | ConnectionError)


def collect(target: Target, script: str, paths: list[str], timeouts: Timeouts,
            protocol_factory: Callable[[Target, Timeouts], Any] = make_protocol,
            base: str = DEFAULT_BASE) -> Outcome:
    """Deliver, run and remove the collector on ``target``; never raises for a host's failure."""
    from checks.collectors.windows import parse_output

    started = time.monotonic()
    deadline = started + timeouts.total
    why = tcp_reachable(target, timeouts.connect)
    if why:
        return Outcome(target, UNREACHABLE, reason=why, seconds=time.monotonic() - started)
    delivery = build_delivery(script, paths, base=base)
    protocol = protocol_factory(target, timeouts)
    step, shell_id = Msg("winrm.step.shell"), None
    outcome: Outcome | None = None
    cut_off = False
    try:
        shell_id = protocol.open_shell()
        for i, line in enumerate(delivery.setup):
            step = Msg("winrm.step.deliver", i=i + 1, n=len(delivery.setup))
            _, err, code = _run(protocol, shell_id, line, deadline)
            if code != 0:
                outcome = Outcome(target, COLLECTOR_FAILED, reason=setup_failure(step, err, code))
                break
        if outcome is None:
            step = Msg("winrm.step.run")
            sent = _utcnow()
            out, err, code = _run(protocol, shell_id, delivery.run, deadline)
            received = _utcnow()
            try:
                facts = parse_output(out, err, code, target.name)
                outcome = Outcome(target, "collected", facts=facts, sent_utc=sent, received_utc=received)
            except InputError as exc:
                outcome = Outcome(target, COLLECTOR_FAILED, reason=Msg("winrm.why.output", detail=detail(exc)))
        step = Msg("winrm.step.remove")
        _run(protocol, shell_id, delivery.cleanup, deadline + 30)
    except Exception as exc:
        cut_off = _network_error(exc)
        status, reason = _classify(exc, step)
        if outcome is None:
            outcome = Outcome(target, status, reason=reason)
        elif outcome.reason is None:
            outcome.reason = Msg("winrm.why.kept", reason=reason)
    finally:
        if shell_id is not None and not cut_off:
            try:
                protocol.close_shell(shell_id)
            except Exception:  # noqa: S110 - closing a shell on a dropped host
                pass
    outcome.seconds = time.monotonic() - started
    return outcome
