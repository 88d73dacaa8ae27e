"""``qpfleet preflight --winrm``: check many Windows terminals remotely with the WSH collector over WinRM.

Secure by default (NTLM with message encryption over HTTP, or HTTPS with certificate validation);
clear text or unchecked certificates only with ``--insecure``, which prints a warning. The password
comes from a prompt, ``QPFLEET_WINRM_PASSWORD`` or ``--password-file``; never from argv.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from checks import (
    i18n,
    textio,  # noqa: F401  (registers the file words)
)
from checks.argtypes import seconds, whole_number
from checks.errors import ExitCode, InputError
from checks.i18n import Msg
from checks.textio import safe_text

PASSWORD_ENV = "QPFLEET_WINRM_PASSWORD"  # noqa: S105 - the name of the variable, not a password
MAX_HOSTS_FILE_BYTES = 4 * 1024 * 1024
MAX_HOSTS = 100_000

i18n.add({
    "preflight.result.ready": {"zh": "可以安装", "en": "ready"},
    "preflight.result.not_ready": {"zh": "不符合要求", "en": "not ready"},
    "preflight.result.undetermined": {"zh": "无法确定", "en": "undetermined"},
    "preflight.result.unreachable": {"zh": "无法连接", "en": "unreachable"},
    "preflight.result.auth_failed": {"zh": "登录失败", "en": "authentication failed"},
    "preflight.result.timed_out": {"zh": "超时", "en": "timed out"},
    "preflight.result.collector_failed": {"zh": "采集失败", "en": "collector failed"},
    "preflight.summary": {"zh": "共 {total} 台：{counts}", "en": "{total} host(s): {counts}"},
    "preflight.insecure": {"zh": "警告：--insecure 已启用，密码或数据可能以明文传输，或不校验服务器证书。",
                           "en": "warning: --insecure: credentials or data may travel in clear text, "
                                 "or the server certificate is not checked."},
    "preflight.err.password_argv": {"zh": "密码不能写在命令行上：请用 --password-file 文件、${env} 或在提示时输入",
                                    "en": "a password is never taken from the command line; use --password-file FILE, "
                                          "${env} or the prompt"},
    "preflight.err.v6": {"zh": "IPv6地址的 [ 没有闭合", "en": "unclosed [ in an IPv6 address"},
    "preflight.err.after": {"zh": "地址后面多了 {rest}", "en": "unexpected {rest} after the address"},
    "preflight.err.host": {"zh": "{text} 不是主机名或地址", "en": "{text} is not a host name or address"},
    "preflight.err.port": {"zh": "端口 {port} 不是 1 到 65535 之间的数", "en": "port {port} is not a number 1-65535"},
    "preflight.err.many": {"zh": "一次运行超过 {n} 台主机：请把文件拆开", "en": "more than {n} hosts in one run; split the file"},
    "preflight.err.empty_password": {"zh": "密码文件是空的", "en": "the password file is empty"},
    "preflight.err.no_password": {"zh": "没有密码：请用 --password-file 或设置 {env}（没有终端可以提示输入）",
                                  "en": "no password: give --password-file or set {env} (no terminal to prompt on)"},
    "preflight.prompt": {"zh": "{user} 在WinRM主机上的密码：", "en": "password for {user} on the WinRM hosts: "},
    "preflight.err.needs_i": {"zh": "{option} 需要 -i inventory/（批量模式）", "en": "{option} needs -i inventory/ (the fleet mode)"},
    "preflight.err.workers": {"zh": "--workers 至少为 1，不能是 {n}", "en": "--workers must be at least 1, got {n}"},
    "preflight.err.timeouts": {"zh": "超时必须大于0", "en": "timeouts must be positive"},
    "preflight.err.cert": {"zh": "--cert-validation ignore 会接受任何服务器证书：确实要这样，请加 --insecure",
                           "en": "--cert-validation ignore accepts any server certificate; add --insecure to mean it"},
    "preflight.err.basic": {"zh": "经HTTP的basic认证会让路上的任何人读到密码：请用 --https、ntlm/kerberos/credssp，或加 --insecure",
                            "en": "basic authentication over HTTP sends the password in a form anyone on the path can "
                                  "read; use --https, ntlm/kerberos/credssp, or add --insecure"},
    "preflight.err.user": {"zh": "必须给出 --user（Windows主机上的账户）", "en": "--user is required (the account on the Windows hosts)"},
    "preflight.err.no_host": {"zh": "没有可用的主机", "en": "no usable host given"},
    "preflight.bad_line": {"zh": "主机清单有错误，这些行已跳过", "en": "hosts file has bad lines; they were skipped"},
})


class _RefusePassword(argparse.Action):
    """``--password`` on argv is refused without echoing it (argv lands in shell history and process lists)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser.error(i18n.h("preflight.err.password_argv", env=PASSWORD_ENV))


i18n.add({
    "help.preflight": {"zh": "通过WinRM远程检查Windows终端", "en": "check Windows terminals remotely over WinRM"},
    "help.preflight.description": {
        "zh": "通过WinRM在Windows终端上运行WSH检测脚本（只用cmd.exe和cscript：XP SP3加WinRM 2.0即可），"
              "并按要求判定：手头的主机用 --winrm / --hosts-file，整个现场用 -i inventory/ --limit 现场|企业|主机"
              "（经 Ansible）。退出码：0 全部可以安装，1 有不能安装的，3 有无法确定或连接不上的，2 输入有误。",
        "en": "Run the WSH facts collector on Windows hosts over WinRM (cmd.exe and cscript only: works on "
              "XP SP3 with WinRM 2.0) and judge them against a profile: hosts at hand with --winrm / "
              "--hosts-file, or whole sites of the registry through Ansible with -i inventory/ --limit "
              "SITE|ENTERPRISE|HOST. Exit 0 all ready, 1 any not ready, 3 any undetermined or not reached, "
              "2 bad input."},
    "help.preflight.winrm": {"zh": "主机名或地址（HOST 或 HOST:PORT）", "en": "host names or addresses (HOST or HOST:PORT)"},
    "help.preflight.hosts_file": {"zh": "主机清单文件：每行一个 HOST[:PORT]，# 开始注释",
                                  "en": "one HOST[:PORT] per line; # starts a comment"},
    "help.preflight.user": {"zh": "终端上的账户（DOMAIN\\user 或 user@domain）",
                            "en": "account on the hosts (DOMAIN\\user or user@domain)"},
    "help.preflight.password_file": {"zh": "从此文件读取密码（否则用 ${env}，再否则提示输入）",
                                     "en": "read the password from FILE (else ${env}, else a prompt)"},
    "help.preflight.transport": {"zh": "认证方式（默认 ntlm，经HTTP时对消息加密）",
                                 "en": "authentication (default ntlm, with message encryption over HTTP)"},
    "help.preflight.port": {"zh": "WinRM端口（默认5985，--https时为5986）",
                            "en": "WinRM port (default 5985, or 5986 with --https)"},
    "help.preflight.https": {"zh": "使用HTTPS（校验服务器证书）", "en": "use HTTPS (certificate validated)"},
    "help.preflight.http": {"zh": "使用HTTP（默认；消息由NTLM加密）",
                            "en": "use HTTP (the default; messages encrypted by NTLM)"},
    "help.preflight.cert": {"zh": "HTTPS证书校验；ignore 需要同时加 --insecure",
                            "en": "HTTPS certificate check; 'ignore' needs --insecure"},
    "help.preflight.insecure": {"zh": "允许basic认证、明文传输或不校验证书",
                                "en": "allow basic auth / clear text / unchecked certificates"},
    "help.preflight.profile": {"zh": "要求（默认 current）", "en": "requirement profile (default: current)"},
    "help.preflight.workers": {"zh": "同时检查的主机数（默认8）", "en": "hosts checked at the same time (default 8)"},
    "help.preflight.connect_timeout": {"zh": "建立连接的超时秒数（默认10）",
                                       "en": "seconds to open a connection (default 10)"},
    "help.preflight.operation_timeout": {"zh": "每个WinRM操作的超时秒数（默认20）",
                                         "en": "seconds per WinRM operation (default 20)"},
    "help.preflight.host_timeout": {"zh": "一台主机全部检查的超时秒数（默认300）",
                                    "en": "seconds for one whole host (default 300)"},
})


def register(sub: Any) -> None:
    h = i18n.h
    # allow_abbrev=False: "--password SECRET" must be refused, not taken as --password-file SECRET.
    p = sub.add_parser("preflight", help=h("help.preflight"), allow_abbrev=False,
                       description=h("help.preflight.description"))
    hosts = p.add_mutually_exclusive_group(required=True)
    hosts.add_argument("--winrm", nargs="+", metavar="HOST", help=h("help.preflight.winrm"))
    hosts.add_argument("--hosts-file", metavar="FILE", help=h("help.preflight.hosts_file"))
    p.add_argument("--user", help=h("help.preflight.user"))
    p.add_argument("--password-file", metavar="FILE", help=h("help.preflight.password_file", env=PASSWORD_ENV))
    p.add_argument("--password", "-p", action=_RefusePassword, help=argparse.SUPPRESS)
    p.add_argument("--transport", default="ntlm", choices=("ntlm", "kerberos", "credssp", "basic"),
                   help=h("help.preflight.transport"))
    p.add_argument("--port", type=whole_number(1, 65535), help=h("help.preflight.port"))
    scheme = p.add_mutually_exclusive_group()
    scheme.add_argument("--https", action="store_true", help=h("help.preflight.https"))
    scheme.add_argument("--http", action="store_true", help=h("help.preflight.http"))
    p.add_argument("--cert-validation", choices=("validate", "ignore"), default="validate",
                   help=h("help.preflight.cert"))
    p.add_argument("--insecure", action="store_true", help=h("help.preflight.insecure"))
    p.add_argument("--profile", metavar="NAME|FILE", help=h("help.preflight.profile"))
    p.add_argument("--workers", type=whole_number(-(2**31), 1024), default=8, help=h("help.preflight.workers"))
    p.add_argument("--connect-timeout", type=seconds(3600), default=10.0, help=h("help.preflight.connect_timeout"))
    p.add_argument("--operation-timeout", type=whole_number(-(2**31), 3600), default=20, help=h("help.preflight.operation_timeout"))
    p.add_argument("--host-timeout", type=seconds(86400), default=300.0, help=h("help.preflight.host_timeout"))
    p.add_argument("--json", action="store_true", help=h("help.json"))
    p.add_argument("--junit", metavar="FILE", help=h("help.junit"))
    from provisioning.fleet.commands import add_fleet_options

    add_fleet_options(p, hosts)        # -i inventory/ --limit ... (the fleet through ansible-runner)
    p.set_defaults(func=preflight)


def parse_host(text: str, default_port: int) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT`` or ``[v6]:PORT``; raises ValueError with the reason."""
    text = text.strip()
    host: str = text
    port: int = default_port
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise ValueError(Msg("preflight.err.v6"))
        host, rest = text[1:end], text[end + 1:]
        if rest:
            if not rest.startswith(":"):
                raise ValueError(Msg("preflight.err.after", rest=repr(rest)))
            port = _port(rest[1:])
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        port = _port(port_text)
    if not host or len(host) > 253 or any(c.isspace() or not c.isprintable() for c in host) \
            or any(c in host for c in "/\\@\"'"):
        raise ValueError(Msg("preflight.err.host", text=repr(safe_text(text)[:80])))
    return host, port


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 5 or not 0 < int(text) < 65536:  # never ８０
        raise ValueError(Msg("preflight.err.port", port=repr(safe_text(text)[:20])))
    return int(text)


def read_hosts_file(path: str, default_port: int) -> tuple[list[tuple[str, int]], list[str]]:
    """(hosts, problems): every bad line is reported with its number; good lines are kept."""
    from checks.textio import decode_utf8, read_bytes

    text = decode_utf8(read_bytes(path, MAX_HOSTS_FILE_BYTES, "hosts file"), path, "hosts file")
    hosts: list[tuple[str, int]] = []
    problems: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        item = line.split("#", 1)[0].strip()
        if not item:
            continue
        try:
            entry = parse_host(item, default_port)
        except ValueError as exc:
            problems.append(Msg("msg.at", where=f"{path}:{n}", what=exc.args[0]))
            continue
        if entry not in hosts:
            hosts.append(entry)
        if len(hosts) > MAX_HOSTS:
            raise InputError(Msg("preflight.err.many", n=f"{MAX_HOSTS:,}"), where=f"{path}:{n}")
    return hosts, problems


def read_password(args: argparse.Namespace) -> str:
    """The password from --password-file, the environment, or a prompt (in that order)."""
    if args.password_file:
        from checks.textio import decode_utf8, read_bytes

        raw = read_bytes(args.password_file, 64 * 1024, "password file")
        try:
            first = decode_utf8(raw, args.password_file, "password file").split("\n", 1)[0].rstrip("\r")
        except InputError:  # never a line or byte of a password in a message
            raise InputError(Msg("io.not_utf8", what=Msg("file.password file"), hint=""), where=args.password_file) from None
        if not first:
            raise InputError(Msg("preflight.err.empty_password"), where=args.password_file)
        return first
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise InputError(Msg("preflight.err.no_password", env=PASSWORD_ENV), where="--user")
    import getpass

    return getpass.getpass(i18n.h("preflight.prompt", user=args.user))


def preflight(args: argparse.Namespace) -> int:
    from checks.collectors import probe_paths
    from checks.collectors.windows import script_text
    from checks.profile import load_profile
    from checks.winrm.fleet import Progress, exit_code, run_fleet
    from checks.winrm.remote import Target, Timeouts

    if args.inventory:
        from provisioning.fleet.preflight import fleet_preflight

        return fleet_preflight(args)
    for option in ("limit", "retry_failed", "vault_password_file", "html"):
        if getattr(args, option):
            raise InputError(Msg("preflight.err.needs_i", option=f"--{option.replace('_', '-')}"),
                             where=f"--{option.replace('_', '-')}")
    lang = i18n.detect_lang(args.lang)
    if args.workers < 1:
        raise InputError(Msg("preflight.err.workers", n=args.workers), where="--workers")
    if args.operation_timeout < 1 or args.connect_timeout <= 0 or args.host_timeout <= 0:
        raise InputError(Msg("preflight.err.timeouts"), where="--operation-timeout")
    if args.cert_validation == "ignore" and not args.insecure:
        raise InputError(Msg("preflight.err.cert"),
                         where="--cert-validation")
    if args.transport == "basic" and not args.https and not args.insecure:
        raise InputError(Msg("preflight.err.basic"), where="--transport")
    if args.user is None and args.transport != "kerberos":
        raise InputError(Msg("preflight.err.user"), where="--user")
    default_port = args.port or (5986 if args.https else 5985)
    problems: list[str] = []
    if args.hosts_file:
        hosts, problems = read_hosts_file(args.hosts_file, default_port)
    else:
        hosts = []
        for item in args.winrm:
            try:
                entry = parse_host(item, default_port)
            except ValueError as exc:
                problems.append(Msg("msg.at", where="--winrm", what=exc.args[0]))
                continue
            if entry not in hosts:
                hosts.append(entry)
    for line in problems:
        print(f"qpfleet: {i18n.h('cli.error')}: {safe_text(i18n.render(line, i18n.current_lang()))}", file=sys.stderr)
    if not hosts:
        raise InputError(Msg("preflight.err.no_host"), where=args.hosts_file or "--winrm")
    profile = load_profile(args.profile)
    from checks.winrm.commands import paths_argument

    paths_argument(probe_paths(profile))        # a folder cmd.exe cannot carry is bad input, before connecting
    password = read_password(args) if args.transport != "kerberos" or args.password_file else None
    if args.insecure:
        print(i18n.t("preflight.insecure", lang), file=sys.stderr)
    targets = [Target(h, p, https=args.https, transport=args.transport, user=args.user, password=password,
                      cert_validation=args.cert_validation, insecure=args.insecure,
                      label=h if p == default_port else f"{h}:{p}") for h, p in hosts]
    for t in targets:
        t.message_encryption()        # refuse clear text before connecting anywhere
    timeouts = Timeouts(args.connect_timeout, args.operation_timeout, args.host_timeout)
    results = run_fleet(targets, profile, script_text(), probe_paths(profile), timeouts, workers=args.workers,
                        progress=Progress(len(targets)))
    from checks.winrm.fleet_report import render_fleet_json, render_fleet_junit, render_fleet_table

    if args.junit:
        from checks.fsutil import write_atomic

        write_atomic(args.junit, render_fleet_junit(results, lang))
    if args.json:
        sys.stdout.write(json.dumps(render_fleet_json(results, profile.name, problems, lang), ensure_ascii=False)
                         + "\n")
    else:
        sys.stdout.write(render_fleet_table(results, lang))
    if problems:
        print(f"qpfleet: {i18n.t('cli.error', lang)}: {i18n.t('preflight.bad_line', lang)} ({len(problems)})", file=sys.stderr)
        return int(ExitCode.USAGE)
    return int(exit_code(results))
