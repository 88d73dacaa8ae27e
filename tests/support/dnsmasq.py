"""Run a real dnsmasq on a loopback address for tests: answers from a hosts file, NXDOMAIN for the rest."""

from __future__ import annotations

import random
import socket
import subprocess
import time
from pathlib import Path


def free_port(host: str, kind: int = socket.SOCK_DGRAM) -> int:
    """A port that is free for both UDP and TCP on ``host`` right now."""
    for _ in range(50):
        port = random.randint(20000, 60000)
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u, \
                    socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                u.bind((host, port))
                t.bind((host, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port found")


def random_loopback() -> str:
    """A random 127.x.y.z address (every 127/8 address works on Linux loopback)."""
    return f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"


class Dnsmasq:
    """dnsmasq answering ``hosts`` ({name: ip}) on ``address``; ``domain`` is local (unknown names: NXDOMAIN)."""

    def __init__(self, program: str, workdir: Path, hosts: dict[str, str], domain: str = "eport.test",
                 address: str | None = None) -> None:
        self.address = address or random_loopback()
        self.port = free_port(self.address)
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        hosts_file = workdir / f"hosts-{self.port}"
        hosts_file.write_text("".join(f"{ip} {name.rstrip('.')}\n" for name, ip in hosts.items()))
        self.log = workdir / f"dnsmasq-{self.port}.log"
        self.cmd = [program, "-k", "--port", str(self.port), "--listen-address", self.address,
                    "--bind-interfaces", "--no-resolv", "--no-hosts", "--addn-hosts", str(hosts_file),
                    "--pid-file=", f"--local=/{domain}/", "--cache-size=150", "--log-facility=-",
                    "--user=" + _user(), "--conf-file=/dev/null"]
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Dnsmasq:
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(self.cmd, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        import dns.message
        import dns.query

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"dnsmasq exited {self.proc.returncode}: {self.log.read_text()[-500:]}")
            try:
                dns.query.udp(dns.message.make_query("ready.probe.", "A"), self.address, timeout=0.3,
                              port=self.port)
                return
            except Exception:
                time.sleep(0.05)
        raise RuntimeError("dnsmasq did not answer within 10 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _user() -> str:
    import getpass

    return getpass.getuser()
