"""``qpfleet serve``: the roll-out board under uvicorn, on loopback by default, stopping cleanly on SIGTERM.

The registry is validated and the database opened before the port is taken: an invalid registry
refuses to start with the registry's own messages, a database from a newer qpfleet with one clear
line (exit 2). The listening address is printed once the socket is bound (``--port 0`` takes a
free port). SIGTERM and Ctrl+C stop accepting connections, let requests in flight finish, and
exit 0.
"""

from __future__ import annotations

import argparse
import ipaddress
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from checks.i18n import Msg, add, h

add({
    "help.serve": {"zh": "切换看板：各现场切换进度、上门安排和安装结果的网页",
                   "en": "the roll-out board: a web page of the switch-over, visits and installs"},
    "help.serve.description": {"zh": "以 HTTP 提供切换看板（现场、企业、终端、调度）。",
                               "en": "Serve the roll-out board (sites, enterprises, terminals, dispatch) over HTTP."},
    "help.serve.db": {"zh": "状态数据库（默认与 qpfleet dispatch 相同，或 $QPFLEET_DISPATCH_DB）",
                      "en": "the state database (default: as qpfleet dispatch, or $QPFLEET_DISPATCH_DB)"},
    "help.serve.host": {"zh": "监听地址（默认 127.0.0.1：只有本机能访问）",
                        "en": "address to listen on (default 127.0.0.1: this machine only)"},
    "help.serve.port": {"zh": "端口（默认 8080；0 表示任选一个空闲端口）", "en": "port (default 8080; 0 takes a free one)"},
    "help.serve.ledger": {"zh": "数据传输服务费的计费台账（fees transmission 命令的 --ledger 文件，只读），用于企业的账单",
                          "en": "the transmission-fee ledger of qpfleet fees transmission (read only), for the "
                                "enterprises' fee statements"},
    "help.serve.calendar": {"zh": "工作日调整文件（默认 inventory/calendar/overrides.yml）",
                            "en": "working-day override file (default: inventory/calendar/overrides.yml)"},
    "help.serve.estimate": {"zh": "对没有官方数据的年份估算工作日（标为“估算”）",
                            "en": "estimate working days of years without official data (marked ESTIMATED)"},
    "help.serve.cutoff": {"zh": "到账截止时间（默认 17:30）", "en": "payment cut-off (default 17:30)"},
    "help.serve.now": {"zh": "把调度时钟固定在这一时刻（演示和测试用）", "en": "fix the dispatch clock at this time "
                                                                         "(demos and tests)"},
    "help.serve.tls_cert": {"zh": "用此证书（PEM）提供 HTTPS", "en": "serve HTTPS with this certificate (PEM)"},
    "help.serve.tls_key": {"zh": "证书的私钥（PEM）", "en": "the certificate's private key (PEM)"},
    "help.serve.reload": {"zh": "检查登记册文件是否改动的最短间隔秒数（默认 2）",
                          "en": "look at the registry files at most this often (default 2)"},
})


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help=h("help.serve"), description=h("help.serve.description"))
    p.add_argument("-i", "--inventory", default="inventory/", help=h("help.registry"))
    p.add_argument("--db", metavar="FILE", help=h("help.serve.db"))
    p.add_argument("--host", default="127.0.0.1", help=h("help.serve.host"))
    p.add_argument("--port", type=int, default=8080, help=h("help.serve.port"))
    p.add_argument("--ledger", metavar="FILE", help=h("help.serve.ledger"))
    p.add_argument("--calendar", metavar="FILE", help=h("help.serve.calendar"))
    p.add_argument("--allow-estimate", action="store_true", help=h("help.serve.estimate"))
    p.add_argument("--cutoff", metavar="HH:MM", default="17:30", help=h("help.serve.cutoff"))
    p.add_argument("--now", metavar="ISO8601", help=h("help.serve.now"))
    p.add_argument("--tls-cert", metavar="FILE", help=h("help.serve.tls_cert"))
    p.add_argument("--tls-key", metavar="FILE", help=h("help.serve.tls_key"))
    p.add_argument("--reload-interval", type=float, default=2.0, metavar="SECONDS", help=h("help.serve.reload"))
    p.set_defaults(func=handle_serve, lang=None)


def _bind(host: str, port: int) -> socket.socket:
    from checks.errors import InputError

    if not 0 <= port <= 65535:
        raise InputError(Msg("serve.err.port", port=port), where="--port")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InputError(Msg("serve.err.resolve", host=repr(host), detail=Msg("msg.detail", text=str(exc.strerror))),
                         where="--host") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise InputError(Msg("serve.err.listen", at=f"{host}:{port}", detail=Msg("msg.detail", text=str(exc.strerror))),
                         where="--port") from None
    sock.set_inheritable(True)
    return sock


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def handle_serve(args: argparse.Namespace) -> int:
    import datetime as dt
    import logging

    import uvicorn

    from checks.errors import InputError
    from checks.i18n import detect_lang, render, t
    from provisioning.board import texts  # noqa: F401
    from provisioning.board.app import BoardConfig, create_app
    from provisioning.dispatch.sla import parse_cutoff, parse_time
    from provisioning.dispatch.store import default_db_path

    lang = detect_lang(args.lang)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise InputError(Msg("serve.err.tls"), where="--tls-cert")
    for option, value in (("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key), ("--ledger", args.ledger)):
        if value and not Path(value).is_file():
            raise InputError(Msg("serve.err.no_file"), where=f"{option} {value}")
    if not 0.1 <= args.reload_interval <= 3600:
        raise InputError(Msg("serve.err.interval"), where="--reload-interval")
    db = Path(args.db) if args.db else default_db_path()
    cfg = BoardConfig(Path(args.inventory), db, Path(args.ledger) if args.ledger else None, args.calendar,
                      args.allow_estimate, parse_cutoff(args.cutoff),
                      parse_time(args.now, "--now") if args.now else None, args.reload_interval)
    app = create_app(cfg)  # the registry's messages or the database's refusal, before the port is taken
    board = app.board
    from provisioning.dispatch.store import Store

    with Store(db) as store:
        if not store.query("SELECT 1 FROM users WHERE disabled = 0 LIMIT 1"):
            print(f"qpfleet: {t('cli.warning', lang)}: {t('serve.no_users', lang, db=db)}", file=sys.stderr)
    for line in board.registry.current().registry.warnings[:5]:
        print(f"qpfleet: {t('cli.warning', lang)}: {render(line, lang)}", file=sys.stderr)
    if not _loopback(args.host) and not args.tls_cert:
        print(f"qpfleet: {t('cli.warning', lang)}: {t('serve.not_loopback', lang, host=args.host)}", file=sys.stderr)
    sock = _bind(args.host, args.port)
    bound = sock.getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    url = f"{'https' if args.tls_cert else 'http'}://{shown}:{bound[1]}/"
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    config = uvicorn.Config(app, log_level="info", access_log=True, proxy_headers=False, server_header=False,
                            timeout_graceful_shutdown=10, ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key,
                            lifespan="off")
    server = uvicorn.Server(config)
    # uvicorn raises the signal again once it has shut down; with these handlers in place that ends here,
    # and the command returns 0 instead of dying of the signal
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGTERM, signal.SIGINT)}
    print(f"qpfleet: {t('serve.listening', lang, url=url)}", flush=True)
    started = dt.datetime.now(dt.UTC)
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
        board.cache.close()
    print(f"qpfleet: {t('serve.stopped', lang)} ({(dt.datetime.now(dt.UTC) - started).total_seconds():.0f} s)",
          flush=True)
    return 0
