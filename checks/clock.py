"""The clock check: SNTP (RFC 4330) against a reference server, and the date as seen in Asia/Shanghai.

QP prints a declaration's import date (进口日期) from the PC's clock (source §13.13), so the
offset, the time zone and the calendar date in China all matter. The result is a ``clock``
probe added to the facts; the ``clock`` rule judges it. No server reachable -> a failed probe
(the rule says UNKNOWN with the reason), never a pass.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import struct
import time
from zoneinfo import ZoneInfo

from checks.errors import InputError
from checks.facts import FAILED, OBSERVED, Probe

NTP_EPOCH_OFFSET = 2208988800  # seconds from 1900-01-01 to 1970-01-01
SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse_server(text: str, default_port: int = 123) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT`` or ``[v6]:PORT`` -> (host, port); a bad port is an InputError."""
    text = text.strip()
    if not text:
        raise InputError("empty NTP server", where="--ntp")
    host, port = text, default_port
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":"):
            port = _port(rest[1:])
    elif text.count(":") == 1:
        host, _, p = text.partition(":")
        port = _port(p)
    if not host:
        raise InputError(f"no host in {text!r}", where="--ntp")
    return host, port


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise InputError(f"invalid port {text!r}; use a number 1-65535", where="--ntp")
    return int(text)


def _to_ntp(t: float) -> bytes:
    secs = int(t) + NTP_EPOCH_OFFSET
    frac = int((t - int(t)) * 2**32) & 0xFFFFFFFF
    return struct.pack("!II", secs & 0xFFFFFFFF, frac)


def _from_ntp(data: bytes) -> float:
    secs, frac = struct.unpack("!II", data)
    return float(secs - NTP_EPOCH_OFFSET + frac / 2**32)


def sntp_query(host: str, port: int = 123, timeout: float = 2.0) -> tuple[float, float]:
    """One SNTP exchange: (offset of the server's clock from ours in seconds, round-trip delay).

    offset = ((T2 - T1) + (T3 - T4)) / 2, delay = (T4 - T1) - (T3 - T2)  (RFC 4330 §5).
    Raises OSError / TimeoutError / ValueError on failure.
    """
    infos = socket.getaddrinfo(host, port, 0, socket.SOCK_DGRAM)
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        t1 = time.time()
        packet = b"\x23" + b"\x00" * 39 + _to_ntp(t1)  # LI 0, version 4, mode 3 (client)
        sock.sendto(packet, addr)
        while True:
            data, _ = sock.recvfrom(512)
            t4 = time.time()
            if len(data) >= 48 and data[24:32] == packet[40:48]:
                break  # a reply to our request (originate timestamp echoed), not a stray packet
    mode, stratum = data[0] & 0x7, data[1]
    if mode != 4:
        raise ValueError(f"not a server reply (mode {mode})")
    if stratum == 0:
        raise ValueError("server sent a kiss-of-death (stratum 0)")
    t2, t3 = _from_ntp(data[32:40]), _from_ntp(data[40:48])
    return ((t2 - t1) + (t3 - t4)) / 2, (t4 - t1) - (t3 - t2)


def check_clock(server: str, port: int = 123, timeout: float = 2.0, now: dt.datetime | None = None,
                local_tz: dt.tzinfo | None = None) -> Probe:
    """Measure this machine's clock against ``server`` and return a ``clock`` probe.

    ``offset_seconds`` is how far the local clock is off (positive = ahead), ``local_date`` the
    date the PC shows, ``shanghai_date`` the true date in Asia/Shanghai.
    """
    label = f"{server}:{port}"
    try:
        server_minus_local, rtt = sntp_query(server, port, timeout)
    except TimeoutError:
        return Probe(FAILED, None, f"no answer from NTP server {label} within {timeout:g} s", source="sntp")
    except socket.gaierror as exc:  # the name, not the server: a DNS problem (checks.causes: ntp_dns)
        return Probe(FAILED, None, f"NTP server name {server} cannot be resolved (DNS: {exc.strerror or exc})",
                     source="sntp")
    except ConnectionRefusedError:  # an ICMP port unreachable came back: nothing serves NTP there
        return Probe(FAILED, None, f"NTP server {label}: refused (nothing answers NTP on that port)", source="sntp")
    except (OSError, ValueError) as exc:
        return Probe(FAILED, None, f"NTP server {label}: {exc}", source="sntp")
    local = (now or dt.datetime.now()).astimezone(local_tz) if local_tz else (now or dt.datetime.now()).astimezone()
    true_utc = local.astimezone(dt.UTC) + dt.timedelta(seconds=server_minus_local)
    offset = local.utcoffset()
    return Probe(OBSERVED, {
        "offset_seconds": round(-server_minus_local, 3),
        "server": label,
        "rtt_seconds": round(rtt, 4),
        "reference_utc": true_utc.isoformat(timespec="seconds"),
        "utc_offset_minutes": int(offset.total_seconds() // 60) if offset is not None else None,
        "tz_name": local.tzname() or os.environ.get("TZ"),
        "local_date": local.date().isoformat(),
        "shanghai_date": true_utc.astimezone(SHANGHAI).date().isoformat(),
    }, source="sntp")
