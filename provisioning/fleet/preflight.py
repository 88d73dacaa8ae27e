"""``qpfleet preflight -i inventory/ --limit SITE|ENTERPRISE|HOST``: preflight a whole site through ansible-runner."""

from __future__ import annotations

import argparse
from pathlib import Path

from checks.errors import InputError
from checks.i18n import Msg, h
from provisioning.fleet import words  # noqa: F401
from provisioning.fleet.commands import run_fleet


def fleet_preflight(args: argparse.Namespace) -> int:
    """Check every selected terminal with playbooks/preflight.yml; the options of ``--winrm`` that name an
    account have no place here (the registry's credential does)."""
    from checks.profile import load_profile

    for option, value in (("--user", args.user), ("--password-file", args.password_file),
                          ("--https", args.https), ("--port", args.port), ("--workers", args.workers != 8)):
        if value:
            raise InputError(h("fleet.err.winrm_only", option=option), where=option)
    if args.operation_timeout < 1 or args.connect_timeout <= 0 or args.host_timeout <= 0:
        raise InputError(h("fleet.err.timeout"), where="--operation-timeout")
    if args.cert_validation == "ignore" and not args.insecure:
        raise InputError(Msg("fleet.err.cert_ignore"), where="--cert-validation")
    profile = load_profile(args.profile)            # a broken profile is bad input before anything starts
    ref = str(Path(args.profile).resolve()) if args.profile and Path(args.profile).is_file() else profile.name
    extravars = {
        "qp_preflight_profile": ref,
        "qp_preflight_connect_timeout": args.connect_timeout,
        "qp_preflight_operation_timeout": args.operation_timeout,
        "qp_preflight_host_timeout": args.host_timeout,
        "qp_preflight_insecure": bool(args.insecure),
        "qp_preflight_cert_validation": args.cert_validation,
    }
    return run_fleet(args, "preflight", "preflight.yml", "qp_preflight", extravars)
