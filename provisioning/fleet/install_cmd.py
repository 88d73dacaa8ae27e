"""``qpfleet install -i inventory/ --limit ... [--check] [--diff] [--undo]``: QP on the ready terminals of a site.

Before anything starts: the MSI exists and is an MSI (of the right ProductCode), the settings of
``inventory/fleet.yml`` are valid, and every selected terminal's latest preflight in the state database
is ``ready`` (otherwise nothing starts and the command says which terminals and what to run). Then
playbooks/install.yml gates each terminal again (payment, contract, approved count) and installs in
serial batches with ``max_fail_percentage``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checks import i18n
from checks.errors import InputError
from checks.i18n import Msg, h
from provisioning.fleet import words  # noqa: F401
from provisioning.fleet.commands import add_fleet_options, run_fleet


def register(sub: Any) -> None:
    p = sub.add_parser("install", help=h("install.help"), description=h("install.help.description"),
                       allow_abbrev=False)
    add_fleet_options(p)
    p.set_defaults(inventory=None)
    p.add_argument("--check", action="store_true", help=h("install.opt.check"))
    p.add_argument("--diff", action="store_true", help=h("install.opt.diff"))
    p.add_argument("--undo", action="store_true", help=h("install.opt.undo"))
    p.add_argument("--qp-msi", metavar="FILE", help=h("install.opt.msi"))
    p.add_argument("--qp-product-code", metavar="GUID", help=h("install.opt.product_code"))
    p.add_argument("--msi-on-terminal", metavar="PATH", help=h("install.opt.msi_on_terminal"))
    p.add_argument("--client-config", metavar="FILE", help=h("install.opt.client"))
    p.add_argument("--profile", metavar="NAME|FILE", help=h("help.preflight.profile"))
    p.add_argument("--batch", type=int, help=h("install.opt.batch"))
    p.add_argument("--max-fail-percent", type=int, help=h("install.opt.max_fail"))
    p.add_argument("--connect-timeout", type=float, default=10.0, help=h("help.preflight.connect_timeout"))
    p.add_argument("--operation-timeout", type=int, default=20, help=h("help.preflight.operation_timeout"))
    p.add_argument("--host-timeout", type=float, help=h("help.preflight.host_timeout"))
    p.add_argument("--cert-validation", choices=("validate", "ignore"), default="validate",
                   help=h("help.preflight.cert"))
    p.add_argument("--insecure", action="store_true", help=h("help.preflight.insecure"))
    p.add_argument("--json", action="store_true", help=h("help.json"))
    p.add_argument("--junit", metavar="FILE", help=h("help.junit"))
    p.set_defaults(func=install_command)


def fleet_settings(inventory: Path) -> dict[str, Any]:
    """``inventory/fleet.yml`` (optional): install.serial, install.max_fail_percentage, install.host_timeout."""
    from checks.yamlio import load_yaml

    path = inventory / "fleet.yml"
    out: dict[str, Any] = {"serial": 5, "max_fail_percentage": 20, "host_timeout": 900.0}
    if not path.is_file():
        return out
    doc = load_yaml(path, what="fleet settings")
    data = doc.data if isinstance(doc.data, dict) else {}
    install = data.get("install") or {}
    limits = {"serial": (1, 10000), "max_fail_percentage": (0, 100), "host_timeout": (1, 86400)}
    for key, (low, high) in limits.items():
        if key in install:
            value = install[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                raise InputError(Msg("install.err.setting_range", key=key, low=low, high=high, value=repr(value)),
                                 where=f"{path}:{doc.line('install.' + key)}")
            out[key] = value
    return out


def install_command(args: argparse.Namespace) -> int:
    from provisioning.dispatch.store import default_db_path
    from provisioning.fleet.hostinstall import check_inputs

    if not args.inventory:
        raise InputError(h("fleet.err.limit_needed"), where="-i")
    undo = bool(args.undo)
    if not undo and not args.qp_msi and not args.list_hosts:  # which terminals: no installer needed to ask
        raise InputError(h("install.err.msi_needed"), where="--qp-msi")
    inventory = Path(args.inventory).resolve()
    settings = fleet_settings(inventory)
    msi = str(Path(args.qp_msi).resolve()) if args.qp_msi else ""
    if not args.list_hosts:
        check_inputs({"msi": msi, "product_code": args.qp_product_code}, undo)
    if args.cert_validation == "ignore" and not args.insecure:
        raise InputError(Msg("fleet.err.cert_ignore"), where="--cert-validation")
    args.db = str(Path(args.db or default_db_path()).resolve())
    extravars: dict[str, Any] = {
        "qp_install_inventory": str(inventory), "qp_install_state_db": args.db, "qp_install_msi": msi,
        "qp_install_product_code": args.qp_product_code or "", "qp_install_msi_on_terminal": args.msi_on_terminal or "",
        "qp_install_profile": args.profile or "current",
        "qp_install_client_config": str(Path(args.client_config).resolve()) if args.client_config else "",
        "qp_install_lang": i18n.current_lang(), "qp_install_connect_timeout": args.connect_timeout,
        "qp_install_operation_timeout": args.operation_timeout,
        "qp_install_host_timeout": args.host_timeout or settings["host_timeout"],
        "qp_install_cert_validation": args.cert_validation, "qp_install_insecure": bool(args.insecure),
        "qp_install_undo": undo,
        "qp_install_serial": args.batch or settings["serial"],
        "qp_install_max_fail_percentage": args.max_fail_percent if args.max_fail_percent is not None
        else settings["max_fail_percentage"],
    }

    def precheck(reg: Any, chosen: Any, store: Any) -> None:
        if undo:
            return
        from provisioning.fleet.gates import gate

        bad = []
        for x in chosen.hosts:
            g = gate(store, reg, x.name, chosen.names)
            if not g.preflight_ok:
                bad.append((x.name, Msg("install.err.not_ready_longda" if g.old_vendor else "install.err.not_ready_host",
                                        host=x.name, verdict=Msg(f"gate.verdict.{g.preflight}"))))
        if bad:
            raise InputError(Msg("install.err.not_ready", hosts=tuple(m for _, m in bad[:10]), inventory=args.inventory,
                                 limit=",".join(n for n, _ in bad[:10])), where="--limit")

    cmdline = (["--check"] if args.check else []) + (["--diff"] if args.diff else [])
    return run_fleet(args, "undo" if undo else "install", "install.yml", "qp_install", extravars, cmdline, precheck)
