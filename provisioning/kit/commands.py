"""``qpfleet kit build`` and ``qpfleet kit collect``: the USB kit for terminals nothing can reach.

Exit codes: 0 done, 1 ``collect`` found a verdict the kit judged differently (each reported as an
error), 2 bad input (registry, enterprise, profile, MSI, folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from checks import i18n
from checks.errors import ExitCode, InputError
from checks.i18n import Msg
from provisioning.kit import texts  # noqa: F401  (registers the kit's words)


def register(sub: Any) -> None:
    import provisioning.kit.texts  # noqa: F401  (the --help words)

    h = i18n.h
    kit = sub.add_parser("kit", help=h("kit.help"), description=h("kit.help"))
    ksub = kit.add_subparsers(dest="kit_command", metavar="build|collect", required=True)
    b = ksub.add_parser("build", help=h("kit.help.build"), description=h("kit.help.build"))
    who = b.add_mutually_exclusive_group(required=True)
    who.add_argument("--enterprise", metavar="CODE", help=h("kit.help.enterprise"))
    who.add_argument("--site", metavar="CODE", help=h("kit.help.site"))
    b.add_argument("-i", "--inventory", default="inventory/", help=h("help.registry"))
    b.add_argument("--out", metavar="DIR", required=True, help=h("kit.help.out"))
    b.add_argument("--profile", metavar="NAME|FILE", help=h("kit.help.profile"))
    b.add_argument("--qp-msi", metavar="FILE", help=h("kit.help.qp_msi"))
    b.add_argument("--qp-product-code", metavar="GUID", help=h("kit.help.qp_code"))
    b.add_argument("--client", metavar="FILE", default="inventory/qp_client.yml", help=h("kit.help.client"))
    b.add_argument("--carrier-config", metavar="FILE", help=h("kit.help.carrier_config"))
    b.add_argument("--carrier", metavar="ID", help=h("kit.help.carrier"))
    b.add_argument("--ntp", metavar="HOST", help=h("kit.help.ntp"))
    b.add_argument("--db", metavar="FILE", help=h("kit.help.db"))
    b.add_argument("--force", action="store_true", help=h("kit.help.force"))
    b.add_argument("--kit-lang", choices=("zh", "en"), default="zh", help=h("kit.help.kit_lang"))
    b.set_defaults(func=build_cmd)
    c = ksub.add_parser("collect", help=h("kit.help.collect"), description=h("kit.help.collect"))
    c.add_argument("kit_dir", metavar="DIR", help=h("kit.help.dir"))
    c.add_argument("--profile", metavar="NAME|FILE", help=h("kit.help.profile_collect"))
    c.add_argument("--db", metavar="FILE", help=h("kit.help.db"))
    c.add_argument("--json", action="store_true", help=h("help.json"))
    c.set_defaults(func=collect_cmd)


def _store(path: str | None) -> Any:
    from provisioning.dispatch.store import Store, default_db_path

    return Store(path or default_db_path())


def _size(n: int) -> str:
    return f"{n / 2**20:.2f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def build_cmd(args: argparse.Namespace) -> int:
    from checks.carrier.config import load_config
    from checks.profile import load_profile
    from provisioning.kit.build import build_kit
    from provisioning.kit.client import load_client_config
    from provisioning.kit.msi import read_msi
    from provisioning.registry.loader import load_registry

    lang = args.kit_lang
    if args.qp_product_code and not args.qp_msi:
        raise InputError(Msg("kit.err.code_needs_msi"), where="--qp-product-code")
    if bool(args.carrier) != bool(args.carrier_config):
        raise InputError(Msg("kit.err.carrier_pair"), where="--carrier")
    qp = read_msi(args.qp_msi, args.qp_product_code) if args.qp_msi else None   # before anything is written
    registry = load_registry(args.inventory)
    profile = load_profile(args.profile)
    client = load_client_config(args.client)
    carrier = (args.carrier, load_config(args.carrier_config)) if args.carrier else None
    if args.site:
        codes = [e.customs_code for e in registry.enterprises_at(args.site)]
        if not codes:
            raise InputError(Msg("kit.err.empty_site", site=repr(args.site), sites=", ".join(registry.sites)),
                             where="--site")
    else:
        from provisioning.kit.settings import find_enterprise

        codes = [find_enterprise(registry, args.enterprise).customs_code]
    installed: dict[str, set[str]] = {}
    if args.db or _default_db_exists():
        from provisioning.state import installed_hosts

        with _store(args.db) as store:
            installed = {code: installed_hosts(store, code) for code in codes}
    now = dt.datetime.now().astimezone()
    out = Path(args.out)
    for code in codes:
        summary = build_kit(registry, code, out / code if args.site else out, profile=profile, lang=lang, now=now,
                            force=args.force, client=client, qp=qp, carrier=carrier,
                            installed_hosts=installed.get(code, set()), ntp=args.ntp)
        print(i18n.t("kit.built", i18n.current_lang(), enterprise=summary.name, code=summary.enterprise,
                     out=summary.out, files=len(summary.files), size=_size(summary.size)))
    if qp is None:
        print(i18n.t("kit.built_no_msi", i18n.current_lang()), file=sys.stderr)
    if client.example:
        print(i18n.t("kit.client_example", i18n.current_lang(), file=client.source), file=sys.stderr)
    return int(ExitCode.OK)


def _default_db_exists() -> bool:
    from provisioning.dispatch.store import default_db_path

    return default_db_path().exists()


def _word(prefix: str, code: str | None) -> str:
    """A verdict, action or outcome code in the user's language (an unknown code as it is, none as '-')."""
    if not code:
        return "-"
    key = f"{prefix}.{code}"
    return i18n.t(key, i18n.current_lang()) if key in i18n.CATALOG else code


def collect_cmd(args: argparse.Namespace) -> int:
    import json

    from checks.report import pad
    from checks.textio import safe_text
    from provisioning.kit.collect import collect_kit

    lang = i18n.current_lang()
    kit = Path(args.kit_dir)
    with _store(args.db) as store:
        report = collect_kit(kit, store, dt.datetime.now().astimezone(), args.profile)
    if args.json:
        print(json.dumps({"run": report.run_id, "enterprise": report.enterprise, "errors": report.errors,
                          "hosts": [h.__dict__ for h in report.hosts]}, ensure_ascii=False))
    else:
        for h in report.hosts:
            action, _, outcome = (h.install or "").partition(": ")
            install = i18n.t("kit.collect.install", lang, action=_word("kit.action", action),
                             outcome=_word("kit.outcome", outcome)) if h.install else ""
            print(safe_text(i18n.t("kit.collect.line", lang, host=pad(h.host, 16),
                                   verdict=pad(_word("kit.verdict", h.verdict), 13),
                                   kit=pad(_word("kit.verdict", h.kit_verdict), 13), install=install).rstrip()))
        print(i18n.t("kit.collected", lang, hosts=len(report.hosts), run=report.run_id))
    for problem in report.errors:
        print(f"qpfleet: {i18n.t('cli.error', lang)}: {safe_text(i18n.render(problem, lang))}", file=sys.stderr)
    return int(ExitCode.FAILED) if report.errors else int(ExitCode.OK)
