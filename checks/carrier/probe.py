"""The carrier probe (I/O): paired rounds of one-try DNS queries and TCP connects, fed to the decision.

Per carrier and round: one UDP query for the absolute QP host name straight to the carrier's
resolver (dnspython, fresh id, one attempt, late or foreign datagrams ignored), timed with
``perf_counter``; then a TCP connect to the answered address on the service port (or, with
``tcp_until: first_byte``, until the server's first byte). Both carriers are probed at the same
moment from two threads, started in random order; rounds are paced so no resolver sees more
than ~5 queries/s. Warm-up rounds are discarded (their answers are still checked).
"""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from checks.carrier.config import Carrier, CarrierConfig, MeasureParams
from checks.carrier.decide import Decision, Sample, SequentialTest, quantile


def query_dns(host: str, port: int, name: str, timeout_s: float,
              late_s: float = 0.0) -> tuple[float | None, str | None, str | None, bool]:
    """One UDP A query: (ms or None, first A address or None, error or None, late).

    With ``late_s`` above ``timeout_s`` a query that timed out is still awaited until ``late_s``: an
    answer then is returned with its real time and ``late`` True (the line is slow, not losing queries).
    Late or foreign datagrams of other queries are ignored (fresh id, the question must match).
    """
    import dns.exception
    import dns.flags
    import dns.message
    import dns.query
    import dns.rcode
    import dns.rdatatype

    query = dns.message.make_query(name, dns.rdatatype.A)  # a fresh random id each time
    query.flags |= dns.flags.RD
    late = False
    where = (host, port)
    try:
        with dns.query.make_socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            start, wall = time.perf_counter(), time.time()
            dns.query.send_udp(sock, query, where, wall + timeout_s)
            try:
                reply, _ = dns.query.receive_udp(sock, where, wall + timeout_s, ignore_unexpected=True, query=query)
            except dns.exception.Timeout:
                if late_s <= timeout_s:
                    raise
                reply, _ = dns.query.receive_udp(sock, where, wall + late_s, ignore_unexpected=True, query=query)
                late = True
            ms = (time.perf_counter() - start) * 1000.0
    except dns.exception.Timeout:
        return None, None, "timeout", False
    except ConnectionRefusedError:
        return None, None, "port_unreachable", False
    except (OSError, dns.exception.DNSException) as exc:
        return None, None, f"error {type(exc).__name__}", False
    rcode = reply.rcode()
    if rcode == dns.rcode.NXDOMAIN:
        return None, None, "nxdomain", late
    if rcode != dns.rcode.NOERROR:
        return None, None, dns.rcode.to_text(rcode).lower(), late
    for rrset in reply.answer:
        if rrset.rdtype == dns.rdatatype.A:
            for rdata in rrset:
                return ms, str(rdata.address), None, late
    return None, None, "noanswer", late


def tcp_time(address: str, port: int, timeout_s: float, until: str = "connect") -> tuple[float | None, str | None]:
    """Time a TCP connect (or connect plus the server's first byte): (ms or None, error or None)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout_s)
    start = time.perf_counter()
    try:
        sock.connect((address, port))
        if until == "first_byte":
            sock.settimeout(max(0.001, timeout_s - (time.perf_counter() - start)))
            if not sock.recv(1):
                return None, "closed"
        return (time.perf_counter() - start) * 1000.0, None
    except TimeoutError:
        return None, "timeout"
    except ConnectionRefusedError:
        return None, "refused"
    except OSError as exc:
        return None, f"error {exc.errno}"
    finally:
        sock.close()


@dataclass
class CarrierProbe:
    """The probing state of one carrier: the next resolver to ask, the last valid answer."""

    carrier: Carrier
    params: MeasureParams
    turn: int = 0
    last_answer: str | None = None
    listen_late: bool = False  # await a timed-out DNS query up to slow_link_timeout_ms (see measure)

    def probe(self) -> Sample:
        c, p = self.carrier, self.params
        resolver = c.resolvers[self.turn % len(c.resolvers)]
        self.turn += 1
        late_s = p.slow_link_timeout_ms / 1000 if self.listen_late else 0.0
        dns_ms, answer, error, late = query_dns(resolver.host, resolver.port, c.service_host,
                                                p.dns_timeout_ms / 1000, late_s)
        if answer is not None and not c.plausible(answer):
            return Sample(None, None, answer, "implausible", "not_tried", late)
        if answer is not None:
            self.last_answer = answer
        # when this round's query was lost, connect to the last good answer: the client caches it
        target = answer or self.last_answer
        if target is None:
            return Sample(dns_ms, None, None, error, "not_tried", late)
        # a late answer means a slow line: its connect gets the raised timeout already
        tcp_s = max(p.tcp_timeout_ms, p.slow_link_timeout_ms if late else 0.0) / 1000
        tcp_ms, tcp_error = tcp_time(target, c.service_port, tcp_s, p.tcp_until)
        return Sample(dns_ms, tcp_ms, answer, error, tcp_error, late)


@dataclass
class Measurement:
    """A finished measurement: the decision, the engine's state and the timing."""

    test: SequentialTest
    decision: Decision
    elapsed_s: float
    warmup: list[dict[str, Sample]] = field(default_factory=list)
    throughput: dict[str, Any] = field(default_factory=dict)
    slow_link: bool = False  # the timeouts were raised mid-test (both lines slow)
    slow_link_because: str | None = None  # late_dns (a DNS answer after the timeout) | tcp_medians


def measure(config: CarrierConfig, current: str | None = None, max_rounds: int | None = None,
            rng: random.Random | None = None, on_round: Callable[[int, dict[str, Sample]], None] | None = None,
            ) -> Measurement:
    """Run paired rounds until the decision is made (or the round limit) and return the result."""
    import dataclasses

    params = config.decide
    if max_rounds is not None:
        params = dataclasses.replace(params, max_rounds=max_rounds, extended_max_rounds=max_rounds,
                                     min_rounds=min(params.min_rounds, max_rounds))
    rng = rng or random.Random()
    probes = {c.id: CarrierProbe(c, config.measure) for c in config.carriers}
    test = SequentialTest(config.ids, params, current)
    interval = config.measure.round_interval_ms / 1000
    warmup: list[dict[str, Sample]] = []
    start = time.perf_counter()
    decision: Decision | None = None
    slow_link = False
    slow_because: str | None = None
    late_until = config.measure.warmup_rounds + config.measure.late_answer_rounds
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="carrier-probe") as pool:
        total = config.measure.warmup_rounds + params.extended_max_rounds
        for index in range(total):
            slot = time.perf_counter()
            for probe in probes.values():  # until raised, a timed-out query is awaited a little longer
                probe.listen_late = not slow_link and index < late_until
            order = list(config.ids)
            rng.shuffle(order)  # neither carrier always goes first
            futures = {cid: pool.submit(probes[cid].probe) for cid in order}
            samples = {cid: fut.result() for cid, fut in futures.items()}
            if index < config.measure.warmup_rounds:
                warmup.append(samples)
                for cid, s in samples.items():
                    if s.dns_error == "implausible":  # a hijack seen in warm-up still counts
                        test.mark_unusable(cid, f"implausible {s.answer}")
            else:
                decision = test.add(samples)
                if on_round:
                    on_round(test.rounds, samples)
            if not slow_link:
                # a lost SYN or query must not be confused with a slow but working line
                slow_because = ("late_dns" if any(s.late for s in samples.values()) else
                                "tcp_medians" if _slow_link(test, config.measure) else None)
                if slow_because:
                    slow_link = True
                    raised = dataclasses.replace(config.measure, dns_timeout_ms=config.measure.slow_link_timeout_ms,
                                                 tcp_timeout_ms=config.measure.slow_link_timeout_ms)
                    for probe in probes.values():
                        probe.params = raised
            if decision is not None:
                break
            time.sleep(max(0.0, interval - (time.perf_counter() - slot)))
    if decision is None:
        decision = test.fallback()
    return Measurement(test, decision, time.perf_counter() - start, warmup, slow_link=slow_link,
                       slow_link_because=slow_because)


def _slow_link(test: SequentialTest, p: MeasureParams) -> bool:
    """Both carriers' TCP medians above ``slow_link_ms`` after 5 rounds, and timeouts still below the raise."""
    if test.rounds < 5 or max(p.dns_timeout_ms, p.tcp_timeout_ms) >= p.slow_link_timeout_ms:
        return False
    medians = [quantile(st.tcp_ms, 0.5) for st in test.stats.values()]
    return all(m is not None and m > p.slow_link_ms for m in medians)


def throughput(url: str, timeout_s: float = 60.0) -> dict[str, Any]:
    """Download speed via speedtest-cli (``--mini URL --no-upload``); reported, never a gate."""
    import json
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from checks.carrier import texts  # noqa: F401  (registers carrier.tp.*)
    from checks.i18n import Msg

    beside = Path(sys.executable).parent / "speedtest-cli"  # the one installed with qpfleet's venv
    exe = str(beside) if beside.exists() else shutil.which("speedtest-cli")
    if exe is None:
        return {"url": url, "error": Msg("carrier.tp.missing")}
    try:
        done = subprocess.run([exe, "--mini", url, "--no-upload", "--json"], capture_output=True,
                              text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return {"url": url, "error": Msg("carrier.tp.timeout", s=f"{timeout_s:.0f}")}
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return {"url": url, "error": lines[-1] if lines else f"exit {done.returncode}"}
    try:
        data = json.loads(done.stdout)
        return {"url": url, "download_mbit_s": round(float(data["download"]) / 1e6, 2),
                "ping_ms": data.get("ping")}
    except (ValueError, KeyError, TypeError):
        return {"url": url, "error": Msg("carrier.tp.unreadable")}
