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
from checks.i18n import Msg, add

add({
    "clock.err.empty": {"zh": "没有写NTP服务器", "en": "empty NTP server"},
    "clock.err.host": {"zh": "{text} 中没有主机名", "en": "no host in {text}"},
    "clock.err.port": {"zh": "端口 {port} 无效：应为 1 到 65535 之间的数", "en": "invalid port {port}; use a number 1-65535"},
    # why the clock could not be measured (the clock probe's error; checks.causes matches the English text)
    "ntp.no_answer": {"zh": "NTP时间服务器 {server} 在 {s} 秒内没有应答", "en": "no answer from NTP server {server} within {s} s"},
    "ntp.dns": {"zh": "无法解析NTP时间服务器的域名 {server}（详情：{detail}）",
                "en": "NTP server name {server} cannot be resolved (DNS: {detail})"},
    "ntp.refused": {"zh": "NTP时间服务器 {server} 拒绝了查询（该端口上没有NTP服务）",
                    "en": "NTP server {server}: refused (nothing answers NTP on that port)"},
    "ntp.bad_reply": {"zh": "NTP时间服务器 {server} 的应答不能用：{why}", "en": "NTP server {server}: {why}"},
    "ntp.error": {"zh": "NTP时间服务器 {server} 出错（详情：{detail}）", "en": "NTP server {server}: {detail}"},
    "ntp.mode": {"zh": "收到的不是服务器的应答（模式 {mode}）", "en": "not a server reply (mode {mode})"},
    "ntp.kiss": {"zh": "服务器拒绝提供时间（kiss-of-death，层级 0）", "en": "server sent a kiss-of-death (stratum 0)"},
})


class NtpReplyError(ValueError):
    """An answer that is no usable SNTP reply; ``msg`` says why (a catalogue text)."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg

NTP_EPOCH_OFFSET = 2208988800  # seconds from 1900-01-01 to 1970-01-01
SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse_server(text: str, default_port: int = 123) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT`` or ``[v6]:PORT`` -> (host, port); a bad port is an InputError."""
    text = text.strip()
    if not text:
        raise InputError(Msg("clock.err.empty"), where="--ntp")
    host, port = text, default_port
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":"):
            port = _port(rest[1:])
    elif text.count(":") == 1:
        host, _, p = text.partition(":")
        port = _port(p)
    if not host:
        raise InputError(Msg("clock.err.host", text=repr(text)), where="--ntp")
    return host, port


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise InputError(Msg("clock.err.port", port=repr(text)), where="--ntp")
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
    Raises OSError / TimeoutError / :class:`NtpReplyError` (a ValueError) on failure.
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
        raise NtpReplyError(Msg("ntp.mode", mode=mode))
    if stratum == 0:
        raise NtpReplyError(Msg("ntp.kiss"))
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
        return Probe(FAILED, None, Msg("ntp.no_answer", server=label, s=f"{timeout:g}"), source="sntp")
    except socket.gaierror as exc:  # the name, not the server: a DNS problem (checks.causes: ntp_dns)
        return Probe(FAILED, None, Msg("ntp.dns", server=server, detail=str(exc.strerror or exc)), source="sntp")
    except ConnectionRefusedError:  # an ICMP port unreachable came back: nothing serves NTP there
        return Probe(FAILED, None, Msg("ntp.refused", server=label), source="sntp")
    except NtpReplyError as exc:
        return Probe(FAILED, None, Msg("ntp.bad_reply", server=label, why=exc.msg), source="sntp")
    except (OSError, ValueError) as exc:
        return Probe(FAILED, None, Msg("ntp.error", server=label, detail=str(exc)), source="sntp")
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
