"""A two-carrier lab on loopback: per carrier a dnsmasq behind a fault proxy, and a QP stand-in behind another.

Netcom's QP stand-in answers on 127.10.x.y and Telecom's on 127.20.x.y, so the expected prefixes
127.10.0.0/16 and 127.20.0.0/16 tell the carriers apart. A third dnsmasq ("hijacker") answers
Netcom's name with Telecom's address (a wrong-carrier answer). Used by the integration tests and
the benchmark's real-socket run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.support.dnsmasq import Dnsmasq, free_port
from tests.support.faultproxy import BannerServer, Faults, TcpFaultProxy, UdpFaultProxy

NAMES = {"netcom": "qp.netcom.eport.test.", "telecom": "qp.telecom.eport.test."}
PREFIX = {"netcom": "127.10", "telecom": "127.20"}


def _addr(prefix: str) -> str:
    return f"{prefix}.{random.randint(1, 254)}.{random.randint(2, 254)}"


@dataclass
class CarrierSide:
    dnsmasq: Dnsmasq
    dns_proxy: UdpFaultProxy
    server: BannerServer
    tcp_proxy: TcpFaultProxy

    def set(self, dns: Faults | None = None, tcp: Faults | None = None, seed: int = 1) -> None:
        """New faults, with the dice re-seeded so a scenario draws the same fates every run."""
        self.dns_proxy.faults = dns or Faults()
        self.tcp_proxy.faults = tcp or Faults()
        self.dns_proxy.dice.rng.seed(seed)
        self.tcp_proxy.dice.rng.seed(seed + 1)
        self.dns_proxy.upstream = (self.dnsmasq.address, self.dnsmasq.port)


@dataclass
class CarrierLab:
    workdir: Path
    program: str
    seed: int = 7
    sides: dict[str, CarrierSide] = field(default_factory=dict)
    hijacker: Dnsmasq | None = None

    def start(self) -> CarrierLab:
        rng = random.Random(self.seed)
        tcp_addr = {}
        for cid in ("netcom", "telecom"):
            host = _addr(PREFIX[cid])
            tcp_addr[cid] = (host, free_port(host))
        for i, cid in enumerate(("netcom", "telecom")):
            dm = Dnsmasq(self.program, self.workdir / cid, {NAMES[cid]: tcp_addr[cid][0]}).start()
            proxy_host = _addr("127.30" if cid == "netcom" else "127.40")
            dns_proxy = UdpFaultProxy((proxy_host, 0), (dm.address, dm.port), seed=rng.randrange(1 << 30)).start()
            server = BannerServer((_addr("127.50"), 0)).start()
            tcp_proxy = TcpFaultProxy(tcp_addr[cid], server.address, seed=rng.randrange(1 << 30) + i).start()
            self.sides[cid] = CarrierSide(dm, dns_proxy, server, tcp_proxy)
        self.hijacker = Dnsmasq(self.program, self.workdir / "hijack",
                                {NAMES["netcom"]: tcp_addr["telecom"][0]}).start()
        return self

    def stop(self) -> None:
        for side in self.sides.values():
            for part in (side.dns_proxy, side.tcp_proxy, side.server):
                part.close()
            side.dnsmasq.stop()
        if self.hijacker:
            self.hijacker.stop()

    def reset(self) -> None:
        for side in self.sides.values():
            side.set()

    def point_dns(self, cid: str, to: Dnsmasq) -> None:
        """Send carrier ``cid``'s DNS queries to another dnsmasq (hijack, NXDOMAIN scenarios)."""
        self.sides[cid].dns_proxy.upstream = (to.address, to.port)

    def config(self, path: Path, state_dir: Path, target: Path, **measure: object) -> Path:
        data = {
            "version": 1,
            "carriers": {
                cid: {
                    "label": {"zh": "网通" if cid == "netcom" else "电信", "en": cid.capitalize()},
                    "resolvers": [f"{s.dns_proxy.address[0]}:{s.dns_proxy.address[1]}"],
                    "service_host": NAMES[cid], "service_port": s.tcp_proxy.address[1],
                    "expected_prefixes": [f"{PREFIX[cid]}.0.0/16"],
                } for cid, s in self.sides.items()
            },
            # a late DNS answer is awaited up to slow_link_timeout_ms: 800 keeps the dead-resolver scenarios short
            "measure": {"warmup_rounds": 2, "round_interval_ms": 40, "dns_timeout_ms": 300,
                        "tcp_timeout_ms": 400, "tcp_until": "first_byte", "slow_link_timeout_ms": 800, **measure},
            "apply": {"target": "file", "path": str(target), "state_dir": str(state_dir)},
        }
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path


def run_cli(capsys: object, *argv: str) -> tuple[int, str, str]:
    """Run ``qpfleet`` in-process: (exit code, stdout, stderr)."""
    from provisioning.cli import main

    code = main(list(argv))
    out = capsys.readouterr()  # type: ignore[attr-defined]
    return code, out.out, out.err
