"""``qpfleet selfcheck`` and ``qpfleet facts``: check this terminal (or facts from elsewhere) against a profile."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from checks.errors import ExitCode

VERDICT_EXIT = {"ready": ExitCode.OK, "not_ready": ExitCode.FAILED, "undetermined": ExitCode.UNDETERMINED}


def register(sub: Any) -> None:
    p = sub.add_parser("selfcheck", help="check whether this terminal meets the QP requirements",
                       description="Check this terminal (or a facts file) against a requirement profile. "
                                   "Exit 0 ready, 1 not ready, 2 bad input, 3 undetermined.")
    p.add_argument("--profile", metavar="NAME|FILE", help="seed-2007, current (default), lab, or a YAML file")
    p.add_argument("--facts", metavar="FILE", help="judge facts collected elsewhere (offline kit, WinRM)")
    p.add_argument("--json", action="store_true", help="print the JSON report")
    p.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    p.add_argument("--lang", choices=("zh", "en"), help="report language (default: from the locale)")
    p.add_argument("--offline", action="store_true", help="no network: skip the clock check (it stays UNKNOWN)")
    p.add_argument("--ntp", metavar="HOST[:PORT]", help="NTP server for the clock check (default: the profile's)")
    p.add_argument("--carrier-config", metavar="FILE",
                   help="also measure Netcom vs Telecom with this carrier config (default: $QPFLEET_CARRIER_CONFIG "
                        "or carrier.yaml in the user's qpfleet config folder, when present; never with --offline)")
    p.set_defaults(func=selfcheck)

    f = sub.add_parser("facts", help="collect and print this terminal's facts",
                       description="Collect this terminal's facts (what was observed, not a judgement).")
    f.add_argument("--json", action="store_true", help="print the facts JSON document")
    f.add_argument("--profile", metavar="NAME|FILE", help="profile whose install folders are looked for")
    f.add_argument("--ntp", metavar="HOST[:PORT]", help="also measure the clock against this NTP server")
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

        raise InputError("--ntp and --offline contradict each other", where="selfcheck")
    profile = load_profile(args.profile)
    if args.facts:
        facts = facts_mod.load(args.facts)
        if args.ntp:
            from checks.errors import InputError

            raise InputError("--ntp measures this machine's clock, not the clock of the facts file's terminal",
                             where="--ntp")
    else:
        from checks.collectors import collect_local

        facts = collect_local(profile)
        if args.offline:
            facts.probes["clock"] = Probe(FAILED, None, "not checked (--offline)")
        else:
            facts.probes["clock"] = _clock_probe(args, profile.ntp)
    judgement = judge(facts, profile)
    carrier = None
    if args.carrier_config and (args.offline or args.facts):
        from checks.errors import InputError

        raise InputError("the carrier test measures this machine's network; not with --offline or --facts",
                         where="--carrier-config")
    from checks.carrier.config import site_config_path

    config = None if (args.offline or args.facts) else site_config_path(args.carrier_config)
    if config:
        from checks.carrier import run_carrier_check

        carrier = run_carrier_check(config, None, lang)  # measure and decide; applying is `carrier test --apply`
    if args.junit:
        from checks.fsutil import write_atomic

        write_atomic(args.junit, render_junit([(judgement, facts)], lang))
    if args.html:
        from checks.fsutil import write_atomic

        write_atomic(args.html, render_html(judgement, facts, lang, carrier))
    if args.json:
        sys.stdout.write(render_json(judgement, facts, lang, carrier) + "\n")
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        sys.stdout.write(render_table(judgement, facts, lang, colour=colour, carrier=carrier))
    return int(VERDICT_EXIT[judgement.verdict])


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
    print(f"{facts.host}  ({facts.collector['name']} {facts.collector['version']}, {facts.collected_at['local']})")
    for name, probe in facts.probes.items():
        value = json.dumps(probe.value, ensure_ascii=False)
        if len(value) > 90:
            value = value[:87] + "..."
        detail = f"{probe.error}" if probe.error else value
        print(f"  {name:<17} {probe.status:<9} {detail}")
    return int(ExitCode.OK)
