"""The roll-out board as a real process for tests and the bench, a cookie-keeping HTTP client, a demo world.

The server is ``python -m provisioning.cli serve ... --port 0``; its address is read from the
line it prints once the socket is bound. It is stopped with SIGTERM and must exit 0.
The client keeps cookies by hand: the board's cookies are ``Secure`` (``__Host-`` prefixed), which
browsers send to http://127.0.0.1 but Python's cookie jars do not.
"""

from __future__ import annotations

import datetime as dt
import http.cookies
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from provisioning.board.auth import add_user
from provisioning.dispatch.store import Store
from provisioning.registry.codes import org_code_check_char
from tests.support.board_data import DemoInfo, demo

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "board-test-password"
NOW = "2026-12-03T09:00:00+08:00"  # a Thursday; the next working day is Friday 2026-12-04
HOSTILE_NAME = '<script>alert("qp")</script>深圳市"引号"&报关行'
HOSTILE_CODE = "4403989999"


@dataclass
class World:
    """A registry folder (the demo's, plus an enterprise with a hostile name) and a filled state database."""

    inventory: Path
    db: Path
    password_file: Path
    info: DemoInfo


def hostile_enterprise_yaml() -> str:
    body = "77665544"
    org = body + org_code_check_char(body)
    name = HOSTILE_NAME.replace('"', '\\"')
    return f"""registry_version: 2
enterprises:
  - customs_code: "{HOSTILE_CODE}"
    name: "{name}"
    address: "<i>沙头角</i>中英街"
    org_code: "{org}"
    site: "5320"
    on_approved_list: true
    approved_terminals: 1
    transmission_contract: {{status: signed, signed_on: 2007-12-01, signer: "{name}",
                            account_number: "6222 0000 0000 9876"}}
    service_agreement: {{status: pending}}
    bank: {{name: "{name}", type: corporate, number: "6222 0000 0000 9876"}}
    contacts:
      - {{name: "<b>赵六</b>", phone: "13700000000"}}
    maintenance_plan: per-visit
    terminals:
      - {{host: xss-qp01, address: 10.53.9.1, role: qp, chassis: desktop, qp_installed: false,
          connection: {{via: winrm, credential: site-5320}}}}
"""


def make_world(base: Path) -> World:
    inventory = base / "inventory"
    shutil.copytree(ROOT / "inventory", inventory)
    (inventory / "registry" / "site-5320-hostile.yml").write_text(hostile_enterprise_yaml(), "utf-8")
    db = base / "state.sqlite3"
    now = dt.datetime.fromisoformat(NOW)
    with Store(db) as store:
        info = demo(store, inventory, now)
        for name, role in (("admin", "admin"), ("disp", "dispatcher"), ("viewer", "viewer")):
            add_user(store, name, role, PASSWORD, now, "test")
    pw = base / "password"
    pw.write_text(PASSWORD + "\n", "utf-8")
    return World(inventory, db, pw, info)


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def stop(self, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return int(self.proc.returncode)


def serve_argv(world: World, *extra: str) -> list[str]:
    return [sys.executable, "-m", "provisioning.cli", "serve", "-i", str(world.inventory), "--db", str(world.db),
            "--port", "0", "--now", NOW, "--reload-interval", "0.2", "--lang", "en", *extra]


def run_serve(argv: list[str], timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """A ``serve`` that is expected to refuse to start: its exit code and output."""
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})


@contextmanager
def board_server(world: World, *extra: str, argv: list[str] | None = None) -> Iterator[Server]:
    """Start the board; yield once it listens; stop it with SIGTERM at the end."""
    proc = subprocess.Popen(argv or serve_argv(world, *extra), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            start_new_session=True)
    assert proc.stdout is not None
    lines: list[str] = []
    found: list[str] = []
    ready = threading.Event()

    def reader() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            m = re.search(r"listening on (https?://\S+?)/? ", line)
            if m and not found:
                found.append(m.group(1).rstrip("/"))
                ready.set()
        ready.set()

    threading.Thread(target=reader, daemon=True).start()
    if not ready.wait(60) or not found:
        proc.kill()
        proc.wait(5)
        raise AssertionError("the board did not start:\n" + "".join(lines))
    server = Server(found[0], proc, lines)
    try:
        yield server
    finally:
        server.stop()


class Client:
    """HTTP with the board's cookies kept by hand; no redirects are followed."""

    def __init__(self, base: str, lang: str | None = None) -> None:
        self.base = base
        self.http = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
        self.cookies: dict[str, str] = {}
        if lang:
            self.cookies["qpfleet_lang"] = lang

    def close(self) -> None:
        self.http.close()

    def _keep(self, response: httpx.Response) -> httpx.Response:
        for header in response.headers.get_list("set-cookie"):
            jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self._keep(self.http.get(path, headers=self._headers(kw.pop("headers", None)), **kw))

    def post(self, path: str, data: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        return self._keep(self.http.post(path, data=data, headers=self._headers(kw.pop("headers", None)), **kw))

    def post_raw(self, path: str, content: bytes, content_type: str, **kw: Any) -> httpx.Response:
        headers = self._headers({"content-type": content_type, **kw.pop("headers", {})})
        return self._keep(self.http.post(path, content=content, headers=headers, **kw))

    def login(self, name: str, password: str = PASSWORD) -> httpx.Response:
        page = self.get("/login")
        token = csrf_of(page.text)
        return self.post("/login", {"csrf": token, "name": name, "password": password, "next": "/sites"})

    def csrf(self, path: str = "/dispatch") -> str:
        return csrf_of(self.get(path).text)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def wait_for(predicate: Any, timeout: float = 10, step: float = 0.1) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False
