"""Real servers for integration tests, started on loopback and stopped afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import require_program


def free_udp_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextmanager
def chrony_server(workdir: Path, shift: str | None = None, host: str = "127.0.0.1") -> Iterator[int]:
    """A real chronyd serving NTP on ``host``:port (yielded), its clock shifted by faketime ``shift`` (e.g. '+600s')."""
    chronyd = require_program("chronyd")
    port = free_udp_port(host)
    conf = workdir / f"chrony-{port}.conf"
    conf.write_text(f"port {port}\nbindaddress {host}\nallow {host}\nlocal stratum 8\ncmdport 0\n"
                    f"pidfile {workdir}/chronyd-{port}.pid\n", "utf-8")
    cmd = [chronyd, "-x", "-d", "-f", str(conf)]
    if os.geteuid() == 0:
        cmd[1:1] = ["-u", "root"]
    if shift:
        cmd = [require_program("faketime"), "-f", shift, *cmd]
    log = (workdir / f"chronyd-{port}.log").open("wb")
    # Its own process group: faketime runs chronyd as a child, and both must go at the end.
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_ntp(host, port, proc)
        yield port
    finally:
        _stop_group(proc)
        log.close()


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the whole process group; SIGKILL it if anything is left after 5 s."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        proc.poll()  # reap the leader so only live members keep the group
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _wait_for_ntp(host: str, port: int, proc: subprocess.Popen[bytes]) -> None:
    from checks.clock import sntp_query

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chronyd exited with {proc.returncode}")
        try:
            sntp_query(host, port, timeout=0.3)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("chronyd did not answer within 10 s")
