"""Our fault proxy does what it claims: delay, jitter, loss, bursts and blackholing, for UDP and TCP."""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Iterator

import pytest

from checks.carrier.probe import tcp_time
from tests.support.faultproxy import BannerServer, Faults, TcpFaultProxy, UdpFaultProxy

pytestmark = pytest.mark.integration


@pytest.fixture
def echo() -> Iterator[tuple[str, int]]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(2048)
                sock.sendto(data, peer)
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()
    stop.set()
    thread.join()
    sock.close()


def udp_times(address: tuple[str, int], n: int, timeout: float = 0.5) -> list[float | None]:
    out: list[float | None] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        for i in range(n):
            start = time.perf_counter()
            s.sendto(str(i).encode(), address)
            try:
                while s.recv(2048) != str(i).encode():  # a late reply to an earlier datagram
                    pass
                out.append((time.perf_counter() - start) * 1000)
            except TimeoutError:
                out.append(None)
    return out


def test_udp_delay_jitter_and_loss(echo: tuple[str, int]) -> None:
    proxy = UdpFaultProxy(("127.0.0.1", 0), echo, Faults(delay_ms=30, jitter_sigma=0.2, loss=0.3), seed=4).start()
    try:
        times = udp_times(proxy.address, 60, timeout=0.15)
    finally:
        proxy.close()
    got = [t for t in times if t is not None]
    assert 8 <= times.count(None) <= 30  # 30 % of 60, seeded
    assert proxy.dice.dropped == times.count(None)
    assert 25 <= statistics.median(got) <= 45 and min(got) >= 15
    assert statistics.pstdev(got) > 2  # jitter is there


def test_udp_blackhole_and_bursts(echo: tuple[str, int]) -> None:
    proxy = UdpFaultProxy(("127.0.0.1", 0), echo, Faults(blackhole=True), seed=1).start()
    try:
        assert udp_times(proxy.address, 3, timeout=0.2) == [None, None, None]
        proxy.faults = Faults(delay_ms=5, burst_p=0.3, burst_len=3, burst_ms=(80.0, 120.0))
        times = [t for t in udp_times(proxy.address, 30) if t is not None]
    finally:
        proxy.close()
    slow = [t for t in times if t > 70]
    assert len(times) == 30 and 3 <= len(slow) <= 27  # bursts of 3 add 80-120 ms
    assert min(times) < 20


def test_tcp_delay_shows_in_first_byte_and_loss_times_out() -> None:
    server = BannerServer(("127.0.0.1", 0)).start()
    proxy = TcpFaultProxy(("127.0.0.1", 0), server.address, Faults(delay_ms=40), seed=2).start()
    try:
        first, err = tcp_time(*proxy.address, 1.0, "first_byte")
        connect, _ = tcp_time(*proxy.address, 1.0, "connect")
        proxy.faults = Faults(loss=1.0)
        lost = tcp_time(*proxy.address, 0.3, "first_byte")
    finally:
        proxy.close()
        server.close()
    assert err is None and first is not None and 38 <= first <= 120
    assert connect is not None and connect < 20  # the kernel finishes the handshake at once (README)
    assert lost == (None, "timeout")
