"""A loopback WS-Management endpoint that answers pywinrm with recorded exchanges (tests/fixtures/winrm).

Like pywinrm's own tests (``winrm/tests/conftest.py`` replays recorded envelopes through a stub
transport), but over real HTTP so that pywinrm's transport, requests and our timeouts all run.
Each recorded response is a template; the server fills in RelatesTo, ShellId, CommandId, the
base64 output streams and the exit code. It records every command line it was sent.
"""

from __future__ import annotations

import base64
import json
import struct
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "winrm"
NS = {"s": "http://www.w3.org/2003/05/soap-envelope", "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
      "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
      "rsp": "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"}
SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
TEMPLATES = {name: (FIXTURES / f"{name}.xml").read_text("utf-8") for name in
             ("create_response", "command_response", "receive_response", "signal_response", "delete_response",
              "wsman_fault", "operation_timeout_fault")}

Runner = Callable[[str], tuple[bytes, bytes, int]]


def recorded_facts(name: str = "collector-wine-xp-zh.json") -> bytes:
    return (FIXTURES / name).read_bytes()


def fresh_facts(doc_path: Path, offset_minutes: int = 480, skew_seconds: float = 0.0) -> Runner:
    """A runner whose collector prints ``doc_path`` with collected_at set to now (a correct clock)."""
    import datetime as dt

    def run(line: str) -> tuple[bytes, bytes, int]:
        if "collect_facts.js\" /paths:" not in line:
            return b"", b"", 0
        doc = json.loads(doc_path.read_text("utf-8"))
        now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=offset_minutes, seconds=skew_seconds)
        doc["collected_at"] = {"local": now.replace(tzinfo=None).isoformat(timespec="milliseconds"),
                               "utc_offset_minutes": offset_minutes, "tz_name": "China Standard Time"}
        doc["probes"].pop("clock", None)
        return json.dumps(doc, ensure_ascii=True).encode("ascii"), b"", 0
    return run


def collector_output(stdout: bytes, stderr: bytes = b"", code: int = 0) -> Runner:
    """Setup and cleanup lines succeed silently; the collector run prints ``stdout``."""
    def run(line: str) -> tuple[bytes, bytes, int]:
        if "collect_facts.js\" /paths:" in line:
            return stdout, stderr, code
        return b"", b"", 0
    return run


class ReplayServer(ThreadingHTTPServer):
    """Scenarios: ok, auth_fail, fault_on_create, http500, hang (operation timeouts), drop (mid-command)."""

    daemon_threads = True

    def __init__(self, runner: Runner, scenario: str = "ok", user: str = "qpadmin", password: str = "s3cret",
                 receive_delay: float = 0.0, auth: str = "basic", tls: tuple[Path, Path] | None = None,
                 address: str = "127.0.0.1") -> None:
        super().__init__((address, 0), _Handler)   # any of 127.0.0.0/8: one address per terminal of a fleet
        if tls:  # HTTPS with this (certificate, key)
            import ssl

            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.socket = ctx.wrap_socket(self.socket, server_side=True)
        self.runner, self.scenario, self.user, self.password = runner, scenario, user, password
        self.auth = auth                 # basic, or ntlm (credentials from $NTLM_USER_FILE, messages sealed)
        self.wire: list[tuple[str, bytes]] = []     # (Content-Type, body) of every request as it arrived
        self.receive_delay = receive_delay
        self.commands: list[str] = []
        self.actions: list[str] = []         # the last part of each WS-Management Action received
        self.pending: dict[str, str] = {}
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = -1            # headers and body leave in one segment (no delayed-ACK stall per request)
    server: ReplayServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, body: bytes, ctype: str = "application/soap+xml;charset=UTF-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    ctx: Any = None

    def do_POST(self) -> None:
        srv = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with srv.lock:
            srv.wire.append((self.headers.get("Content-Type", ""), body))
        if srv.auth == "ntlm":
            if not self._ntlm_handshake() or not body:
                return
            body = self._unseal(body)
        else:
            expected = "Basic " + base64.b64encode(f"{srv.user}:{srv.password}".encode()).decode()
            if srv.scenario == "auth_fail" or self.headers.get("Authorization") != expected:
                self._send(401, b"", "text/html", {"WWW-Authenticate": 'Basic realm="WSMAN"'})
                return
        if srv.scenario == "http500":
            self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
            return
        root = ET.fromstring(body)
        action = root.findtext("s:Header/a:Action", "", NS)
        with srv.lock:
            srv.actions.append(action.rsplit("/", 1)[-1])
        fill = {"reply_id": str(uuid.uuid4()), "relates_to": root.findtext("s:Header/a:MessageID", "", NS)}
        if action.endswith("transfer/Create"):
            if srv.scenario == "fault_on_create":
                self._send(500, TEMPLATES["wsman_fault"].format(**fill).encode())
                return
            self._reply("create_response", fill, shell_id=str(uuid.uuid4()).upper())
        elif action == f"{SHELL}/Command":
            line = root.findtext("s:Body/rsp:CommandLine/rsp:Command", "", NS)
            command_id = str(uuid.uuid4()).upper()
            with srv.lock:
                srv.commands.append(line)
                srv.pending[command_id] = line
            self._reply("command_response", fill, command_id=command_id)
        elif action == f"{SHELL}/Receive":
            stream = root.find("s:Body/rsp:Receive/rsp:DesiredStream", NS)
            command_id = stream.get("CommandId", "") if stream is not None else ""
            line = srv.pending.get(command_id, "")
            is_run = "collect_facts.js\" /paths:" in line
            if is_run and srv.scenario == "drop":
                self.close_connection = True
                self.wfile.flush()
                self.connection.shutdown(2)
                return
            if is_run and srv.scenario == "hang":
                time.sleep(0.2)
                self._send(500, TEMPLATES["operation_timeout_fault"].format(**fill).encode())
                return
            if srv.receive_delay:
                time.sleep(srv.receive_delay)
            out, err, code = srv.runner(line)
            self._reply("receive_response", fill, command_id=command_id, stdout=base64.b64encode(out).decode(),
                        stderr=base64.b64encode(err).decode(), exit_code=str(code))
        elif action == f"{SHELL}/Signal":
            self._reply("signal_response", fill)
        elif action.endswith("transfer/Delete"):
            self._reply("delete_response", fill)
        else:
            self._send(400, b"unexpected action " + action.encode())

    def _reply(self, name: str, fill: dict[str, str], **more: str) -> None:
        body = TEMPLATES[name].format(**fill, **more).encode("utf-8")
        if self.server.auth == "ntlm":
            self._send(200, self._seal(body), _SEALED_TYPE)
        else:
            self._send(200, body)

    # --- NTLM over HTTP with message encryption ([MS-WSMV] 2.2.9.1.1), the pywinrm default ---------

    def _ntlm_handshake(self) -> bool:
        """True when this connection is authenticated; otherwise the 401 has been sent."""
        import spnego
        from spnego.exceptions import SpnegoError

        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme in ("Negotiate", "NTLM") and token:
            if self.ctx is None or self.ctx.complete:
                self.ctx = spnego.server(protocol="ntlm")
            try:
                out = self.ctx.step(base64.b64decode(token))
            except SpnegoError:
                self.ctx = None
                self.close_connection = True
                self._send(401, b"", "text/html", {"WWW-Authenticate": "Negotiate"})
                return False
            if not self.ctx.complete:
                self._send(401, b"", "text/html", {"WWW-Authenticate": f"{scheme} {base64.b64encode(out).decode()}"})
                return False
        if self.ctx is None or not self.ctx.complete:
            self._send(401, b"", "text/html", {"WWW-Authenticate": "Negotiate"})
            return False
        if self.headers.get("Content-Length", "0") == "0":
            self._send(200, b"")            # pywinrm's empty request that sets up the security context
        return True

    def _unseal(self, body: bytes) -> bytes:
        part = body.split(_BOUNDARY + b"\r\n")[2]
        part = part.replace(b"\tContent-Type: application/octet-stream\r\n", b"", 1)
        if part.endswith(_BOUNDARY + b"--\r\n"):
            part = part[: -len(_BOUNDARY + b"--\r\n")]
        size = struct.unpack("<i", part[:4])[0]
        return bytes(self.ctx.unwrap(part[4:4 + size] + part[4 + size:]).data)

    def _seal(self, body: bytes) -> bytes:
        wrapped = self.ctx.wrap(body, encrypt=True).data
        return (_BOUNDARY + b"\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                b"\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=" + str(len(body)).encode()
                + b"\r\n" + _BOUNDARY + b"\r\n\tContent-Type: application/octet-stream\r\n"
                + struct.pack("<i", 16) + wrapped[:16] + wrapped[16:] + _BOUNDARY + b"--\r\n")


_BOUNDARY = b"--Encrypted Boundary"
_SEALED_TYPE = 'multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"'

