"""``qpfleet selfcheck`` and ``qpfleet facts``: check this terminal (or facts from elsewhere) against a profile."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from checks import i18n
from checks.errors import ExitCode

VERDICT_EXIT = {"ready": ExitCode.OK, "not_ready": ExitCode.FAILED, "undetermined": ExitCode.UNDETERMINED}


i18n.add({
    "help.selfcheck": {"zh": "检查本机是否符合安装QP系统的要求", "en": "check whether this terminal meets the QP requirements"},
    "help.selfcheck.description": {
        "zh": "按要求（profile）检查本机（或一份在别处采集的检测数据）。"
              "退出码：0 可以安装，1 不能安装，2 输入有误，3 无法确定。",
        "en": "Check this terminal (or a facts file) against a requirement profile. "
              "Exit 0 ready, 1 not ready, 2 bad input, 3 undetermined."},
    "help.selfcheck.profile": {"zh": "要求：seed-2007、current（默认）、lab，或一个YAML文件",
                               "en": "seed-2007, current (default), lab, or a YAML file"},
    "help.selfcheck.facts": {"zh": "判定在别处采集的检测数据（U盘工具包、WinRM）",
                             "en": "judge facts collected elsewhere (offline kit, WinRM)"},
    "help.selfcheck.html": {"zh": "另外写一份可打印、可发送的HTML报告（一页A4）",
                            "en": "also write a self-contained HTML report (one A4 page)"},
    "help.selfcheck.offline": {"zh": "不联网：不检查系统时间（结果为“无法确定”）",
                               "en": "no network: skip the clock check (it stays UNKNOWN)"},
    "help.ntp": {"zh": "检查系统时间用的NTP时间服务器（默认按要求文件）",
                 "en": "NTP server for the clock check (default: the profile's)"},
    "help.selfcheck.carrier": {
        "zh": "同时用此线路配置测量网通和电信（默认：$QPFLEET_CARRIER_CONFIG，或用户qpfleet配置目录中的"
              "carrier.yaml，如果有；--offline时不测）",
        "en": "also measure Netcom vs Telecom with this carrier config (default: $QPFLEET_CARRIER_CONFIG "
              "or carrier.yaml in the user's qpfleet config folder, when present; never with --offline)"},
    "help.selfcheck.site": {"zh": "本机所属海关现场的代码，如 5301：报告末尾写出该现场分中心的电话、地址和付款方式"
                                  "（默认 $QPFLEET_SITE）",
                            "en": "the customs site code of this terminal, e.g. 5301: the report ends with its "
                                  "sub-centre's phone, address and how to pay (default: $QPFLEET_SITE)"},
    "selfcheck.err.ntp_offline": {"zh": "--ntp 和 --offline 互相矛盾（不联网就无法检查时间）",
                                  "en": "--ntp and --offline contradict each other"},
    "selfcheck.err.ntp_facts": {"zh": "--ntp 测量的是本机的时间，不是检测数据文件中那台终端的时间",
                                "en": "--ntp measures this machine's clock, not the clock of the facts file's terminal"},
    "selfcheck.err.carrier": {"zh": "线路测试测量的是本机的网络，不能与 --offline 或 --facts 同时使用",
                              "en": "the carrier test measures this machine's network; not with --offline or --facts"},
    "facts.head": {"zh": "{host}（采集程序 {collector}，{at}）", "en": "{host}  ({collector}, {at})"},
    "facts.status.observed": {"zh": "已检测到", "en": "observed"},
    **{f"facts.probe.{name}": {"zh": zh, "en": name} for name, zh in (
        ("system", "计算机型号"), ("chassis", "机箱类型"), ("battery", "电池"), ("cpu", "处理器"),
        ("memory", "内存"), ("disks", "磁盘"), ("optical_drives", "光驱"), ("network_adapters", "网卡"),
        ("usb_controllers", "USB控制器"), ("os", "操作系统"), ("security_center", "安全中心"),
        ("programs", "已安装的程序"), ("services", "服务"), ("paths", "文件夹"), ("clock", "系统时间"))},
    "facts.status.absent": {"zh": "没有", "en": "absent"},
    "facts.status.failed": {"zh": "检测失败", "en": "failed"},
    "help.facts": {"zh": "采集并显示本机的检测数据（只记录看到的情况，不作判定）",
                   "en": "collect and print this terminal's facts"},
    "help.facts.description": {"zh": "采集本机的检测数据（看到了什么，不是判定）。",
                               "en": "Collect this terminal's facts (what was observed, not a judgement)."},
    "help.facts.json": {"zh": "输出JSON格式的检测数据", "en": "print the facts JSON document"},
    "help.facts.profile": {"zh": "按此要求文件查找安装目录", "en": "profile whose install folders are looked for"},
    "help.facts.ntp": {"zh": "同时用此NTP服务器测量系统时间", "en": "also measure the clock against this NTP server"},
    "selfcheck.offline_clock": {"zh": "没有检查（用了 --offline）", "en": "not checked (--offline)"},
})


def register(sub: Any) -> None:
    h = i18n.h
    p = sub.add_parser("selfcheck", help=h("help.selfcheck"), description=h("help.selfcheck.description"))
    p.add_argument("--profile", metavar="NAME|FILE", help=h("help.selfcheck.profile"))
    p.add_argument("--facts", metavar="FILE", help=h("help.selfcheck.facts"))
    p.add_argument("--json", action="store_true", help=h("help.json"))
    p.add_argument("--junit", metavar="FILE", help=h("help.junit"))
    p.add_argument("--html", metavar="FILE", help=h("help.selfcheck.html"))
    p.add_argument("--offline", action="store_true", help=h("help.selfcheck.offline"))
    p.add_argument("--ntp", metavar="HOST[:PORT]", help=h("help.ntp"))
    p.add_argument("--carrier-config", metavar="FILE", help=h("help.selfcheck.carrier"))
    p.add_argument("--site", metavar="CODE", help=h("help.selfcheck.site"))
    p.add_argument("-i", "--inventory", default="inventory/", help=h("help.registry"))
    p.set_defaults(func=selfcheck)

    f = sub.add_parser("facts", help=h("help.facts"), description=h("help.facts.description"))
    f.add_argument("--json", action="store_true", help=h("help.facts.json"))
    f.add_argument("--profile", metavar="NAME|FILE", help=h("help.facts.profile"))
    f.add_argument("--ntp", metavar="HOST[:PORT]", help=h("help.facts.ntp"))
    f.set_defaults(func=facts_cmd)


def _clock_probe(args: argparse.Namespace, ntp: dict[str, Any]) -> Any:
    from checks.clock import check_clock, parse_server

    host, port = parse_server(args.ntp, 123) if args.ntp else (ntp["server"], int(ntp["port"]))
    return check_clock(host, port, timeout=float(ntp["timeout_seconds"]))


def selfcheck(args: argparse.Namespace) -> int:
    from checks import facts as facts_mod
    from checks.facts import FAILED, Probe
    from checks.i18n import detect_lang
    from checks.profile import load_profile
    from checks.report import render_html, render_json, render_junit, render_table
    from checks.rules import judge

    lang = detect_lang(args.lang)
    if args.ntp and args.offline:
        from checks.errors import InputError

        raise InputError(i18n.Msg("selfcheck.err.ntp_offline"), where="selfcheck")
    profile = load_profile(args.profile)
    if args.facts:
        facts = facts_mod.load(args.facts)
        if args.ntp:
            from checks.errors import InputError

            raise InputError(i18n.Msg("selfcheck.err.ntp_facts"),
                             where="--ntp")
    else:
        from checks.collectors import collect_local

        facts = collect_local(profile)
        if args.offline:
            facts.probes["clock"] = Probe(FAILED, None, i18n.Msg("selfcheck.offline_clock"))
        else:
            facts.probes["clock"] = _clock_probe(args, profile.ntp)
    judgement = judge(facts, profile)
    carrier = None
    if args.carrier_config and (args.offline or args.facts):
        from checks.errors import InputError

        raise InputError(i18n.Msg("selfcheck.err.carrier"),
                         where="--carrier-config")
    config = None
    if not (args.offline or args.facts):  # the carrier modules stay off the offline path (start-up, bench)
        from checks.carrier.config import site_config_path

        config = site_config_path(args.carrier_config)
    if config:
        from checks.carrier import run_carrier_check

        carrier = run_carrier_check(config, None, lang)  # measure and decide; applying is `carrier test --apply`
    service = _service_point(args)
    if args.junit:
        from checks.fsutil import write_atomic

        write_atomic(args.junit, render_junit([(judgement, facts)], lang))
    if args.html:
        from checks.fsutil import write_atomic

        write_atomic(args.html, render_html(judgement, facts, lang, carrier, service))
    if args.json:
        sys.stdout.write(render_json(judgement, facts, lang, carrier, service) + "\n")
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        sys.stdout.write(render_table(judgement, facts, lang, colour=colour, carrier=carrier, service=service))
    return int(VERDICT_EXIT[judgement.verdict])


def _service_point(args: argparse.Namespace) -> Any:
    """The sub-centre's service point of ``--site`` (or ``$QPFLEET_SITE``) from the registry; None without one."""
    site = args.site or os.environ.get("QPFLEET_SITE")
    if not site:
        return None
    import datetime as dt

    from checks.humanize import shanghai
    from provisioning.registry.service import service_point

    return service_point(site.strip(), args.inventory, dt.datetime.now(shanghai()).date())


def facts_cmd(args: argparse.Namespace) -> int:
    from checks.collectors import collect_local
    from checks.profile import load_profile

    profile = load_profile(args.profile)
    facts = collect_local(profile)
    if args.ntp:
        facts.probes["clock"] = _clock_probe(args, profile.ntp)
    if args.json:
        sys.stdout.write(json.dumps(facts.to_json(), ensure_ascii=False, indent=2) + "\n")
        return int(ExitCode.OK)
    from checks.humanize import collected, fact_value
    from checks.report import display_width, pad
    from checks.textio import safe_text

    lang = i18n.current_lang()
    print(i18n.t("facts.head", lang, host=facts.host, collector=f"{facts.collector['name']} "
                 f"{facts.collector['version']}", at=collected(facts.collected_at, lang)))
    labels = {name: i18n.t(f"facts.probe.{name}", lang) if f"facts.probe.{name}" in i18n.CATALOG else name
              for name in facts.probes}
    width = max((display_width(x) for x in labels.values()), default=10)
    for name, probe in facts.probes.items():
        value = safe_text(fact_value(probe.value, lang, limit=200))
        status = i18n.t(f"facts.status.{probe.status}", lang)
        detail = i18n.detail(lang, probe.error).strip() if probe.error else value
        print(f"  {pad(labels[name], width)}  {pad(status, 8)} {detail}")
    return int(ExitCode.OK)
