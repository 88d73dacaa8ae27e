"""A fault-injecting UDP/TCP proxy (delay distribution, jitter, loss, bursts, blackholing) and a QP stand-in.

The kernel here has no netem, so faults are injected in this process. Each request (a UDP
datagram or a TCP connection) draws: lost? (``loss``, or ``burst_loss`` inside a burst, or
``blackhole``); else a delay = ``delay_ms`` x lognormal(0, ``jitter_sigma``) + uniform(0, ``jitter_ms``)
+ the burst's extra delay. A burst starts at a request with probability ``burst_p`` and lasts
``burst_len`` requests, adding uniform(``burst_ms``) each.

TCP: the kernel completes the handshake with the proxy at once, so the proxy cannot delay the
SYN/ACK. It delays the *upstream* connection instead; a client that times connect plus the
server's first byte (the :class:`BannerServer` stand-in sends one at once) sees the delay. A lost
TCP "connection" is accepted and then held silent until the client gives up.

Usable by hand: ``python -m tests.support.faultproxy --udp 127.0.0.1:5353=127.0.0.1:53 --delay 40``.
"""

from __future__ import annotations

import argparse
import random
import socket
import threading
import time
from dataclasses import dataclass
from typing import Self


@dataclass
class Faults:
    delay_ms: float = 0.0
    jitter_sigma: float = 0.0
    jitter_ms: float = 0.0
    loss: float = 0.0
    burst_p: float = 0.0
    burst_len: int = 3
    burst_ms: tuple[float, float] = (20.0, 200.0)
    burst_loss: float = 0.0
    blackhole: bool = False


class _Dice:
    """Draws a fate per request; thread-safe, seeded."""

    def __init__(self, faults: Faults, seed: int | None) -> None:
        self.faults = faults
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.burst_left = 0
        self.burst_extra = 0.0
        self.dropped = 0
        self.passed = 0

    def draw(self) -> float | None:
        """Seconds to hold the request, or None to drop it."""
        with self.lock:
            f, rng = self.faults, self.rng
            if self.burst_left > 0:
                self.burst_left -= 1
            elif f.burst_p and rng.random() < f.burst_p:
                self.burst_left = max(0, f.burst_len - 1)
                self.burst_extra = rng.uniform(*f.burst_ms)
            else:
                self.burst_extra = 0.0
            in_burst = self.burst_extra > 0
            loss = f.burst_loss if in_burst and f.burst_loss else f.loss
            if f.blackhole or (loss and rng.random() < loss):
                self.dropped += 1
                return None
            ms = f.delay_ms * (rng.lognormvariate(0.0, f.jitter_sigma) if f.jitter_sigma else 1.0)
            ms += rng.uniform(0.0, f.jitter_ms) if f.jitter_ms else 0.0
            self.passed += 1
            return (ms + self.burst_extra) / 1000.0


class UdpFaultProxy:
    """Relays datagrams from ``listen`` to ``upstream`` and the replies back, with faults."""

    def __init__(self, listen: tuple[str, int], upstream: tuple[str, int], faults: Faults | None = None,
                 seed: int | None = None) -> None:
        self.upstream = upstream
        self.dice = _Dice(faults or Faults(), seed)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(listen)
        self.address: tuple[str, int] = self.sock.getsockname()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="udp-fault-proxy", daemon=True)

    @property
    def faults(self) -> Faults:
        return self.dice.faults

    @faults.setter
    def faults(self, value: Faults) -> None:
        with self.dice.lock:
            self.dice.faults = value
            self.dice.burst_left = 0

    def start(self) -> UdpFaultProxy:
        self._thread.start()
        return self

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                data, client = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            hold = self.dice.draw()
            if hold is not None:
                threading.Thread(target=self._relay, args=(data, client, hold), daemon=True).start()

    def _relay(self, data: bytes, client: tuple[str, int], hold: float) -> None:
        time.sleep(hold)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as up:
            up.settimeout(3.0)
            try:
                up.sendto(data, self.upstream)
                reply, _ = up.recvfrom(65535)
                self.sock.sendto(reply, client)
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        if self._thread.is_alive():
            self._thread.join(timeout=1)


class _TcpListener:
    """A listening TCP socket served by one thread; each accepted connection goes to ``_on_connection``."""

    name = "tcp-listener"

    def __init__(self, listen: tuple[str, int]) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(listen)
        self.sock.listen(64)
        self.address: tuple[str, int] = self.sock.getsockname()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=self.name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._on_connection(conn)

    def _on_connection(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        if self._thread.is_alive():
            self._thread.join(timeout=1)


class TcpFaultProxy(_TcpListener):
    """Relays TCP connections from ``listen`` to ``upstream``; faults apply per connection."""

    name = "tcp-fault-proxy"

    def __init__(self, listen: tuple[str, int], upstream: tuple[str, int], faults: Faults | None = None,
                 seed: int | None = None) -> None:
        self.upstream = upstream
        self.dice = _Dice(faults or Faults(), seed)
        super().__init__(listen)

    faults = UdpFaultProxy.faults

    def _on_connection(self, conn: socket.socket) -> None:
        threading.Thread(target=self._handle, args=(conn, self.dice.draw()), daemon=True).start()

    def _handle(self, conn: socket.socket, hold: float | None) -> None:
        with conn:
            if hold is None:  # lost: stay silent until the client gives up
                conn.settimeout(10.0)
                try:
                    while conn.recv(4096):
                        pass
                except OSError:
                    pass
                return
            time.sleep(hold)
            try:
                up = socket.create_connection(self.upstream, timeout=3.0)
            except OSError:
                return
            with up:
                threading.Thread(target=_pump, args=(up, conn), daemon=True).start()
                _pump(conn, up)


def _pump(src: socket.socket, dst: socket.socket) -> None:
    try:
        src.settimeout(10.0)
        while data := src.recv(65536):
            dst.sendall(data)
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


class BannerServer(_TcpListener):
    """A stand-in for the QP login server: accepts, sends a banner at once, closes."""

    name = "qp-standin"

    def __init__(self, listen: tuple[str, int], banner: bytes = b"QP-STANDIN 1.0\r\n") -> None:
        self.banner = banner
        super().__init__(listen)

    def _on_connection(self, conn: socket.socket) -> None:
        try:
            conn.sendall(self.banner)
        except OSError:
            pass
        finally:
            conn.close()


def _addr(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host, int(port)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - manual use
    ap = argparse.ArgumentParser(description="fault-injecting UDP/TCP proxy")
    ap.add_argument("--udp", action="append", default=[], metavar="LISTEN=UPSTREAM")
    ap.add_argument("--tcp", action="append", default=[], metavar="LISTEN=UPSTREAM")
    ap.add_argument("--delay", type=float, default=0.0, help="median added delay, ms")
    ap.add_argument("--sigma", type=float, default=0.0, help="log-normal jitter sigma")
    ap.add_argument("--jitter", type=float, default=0.0, help="uniform extra jitter, ms")
    ap.add_argument("--loss", type=float, default=0.0)
    ap.add_argument("--burst-p", type=float, default=0.0)
    ap.add_argument("--blackhole", action="store_true")
    ap.add_argument("--seed", type=int)
    args = ap.parse_args(argv)
    faults = Faults(args.delay, args.sigma, args.jitter, args.loss, args.burst_p, blackhole=args.blackhole)
    proxies: list[UdpFaultProxy | TcpFaultProxy] = []
    for spec in args.udp:
        listen, upstream = spec.split("=")
        proxies.append(UdpFaultProxy(_addr(listen), _addr(upstream), faults, args.seed).start())
    for spec in args.tcp:
        listen, upstream = spec.split("=")
        proxies.append(TcpFaultProxy(_addr(listen), _addr(upstream), faults, args.seed).start())
    for p in proxies:
        print(f"{type(p).__name__} on {p.address[0]}:{p.address[1]} -> {p.upstream[0]}:{p.upstream[1]}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
