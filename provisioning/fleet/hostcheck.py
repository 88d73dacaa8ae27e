"""One terminal's preflight as the controller-side module ``qpfleet.fleet.qp_facts`` runs it.

The module passes its parameters here: the WSH collector is delivered over WinRM with cmd.exe and
cscript only (:mod:`checks.winrm.remote`), the facts are judged by the Python rules with the
evaluator's clock, and the answer is plain JSON data: the result, the verdict, the checks (catalogue
keys and parameters, rendered later in the reader's language) and the facts document. The password
arrives as a parameter (``no_log``) or from the environment and never appears in the answer.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

from checks.errors import InputError
from checks.i18n import Msg
from checks.winrm.remote import Target, Timeouts
from provisioning.fleet import words
from provisioning.fleet.credentials import env_names, from_env

# How each end of a host reads in Ansible: ``ok`` (judged), ``failed`` or ``unreachable``.
ANSIBLE_STATUS = {"ready": "ok", "not_ready": "ok", "undetermined": "ok", "unreachable": "unreachable",
                  "auth_failed": "failed", "timed_out": "failed", "collector_failed": "failed",
                  "no_credentials": "failed"}


class NoCredentials(InputError):
    """No account for a terminal: neither vault variables nor the environment name one."""


def build_target(params: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Target:
    """The WinRM target of one terminal from the module's parameters (credentials from the environment as fallback)."""
    env = os.environ if environ is None else environ
    credential = str(params.get("credential") or "")
    user = params.get("user") or None
    password = params.get("password") or None
    if not user or not password:
        env_user, env_password = from_env(credential, env)
        user, password = user or env_user, password or env_password
    transport = str(params.get("transport") or "ntlm")
    if transport != "kerberos" and (not user or not password):
        user_var, password_var = env_names(credential or "NAME")
        raise NoCredentials(Msg("fleet.err.no_account",
                                credential=repr(credential) if credential else Msg("fleet.credential.none"),
                                key=repr(credential), user_var=user_var, password_var=password_var),
                            where=str(params.get("name") or params.get("host")))
    scheme = str(params.get("scheme") or "http")
    port = int(params.get("port") or (5986 if scheme == "https" else 5985))
    target = Target(str(params["host"]), port, https=scheme == "https", transport=transport, user=user,
                    password=password, cert_validation=str(params.get("cert_validation") or "validate"),
                    insecure=bool(params.get("insecure")), label=str(params.get("name") or params["host"]))
    if target.cert_validation == "ignore" and not target.insecure:
        raise InputError(Msg("fleet.err.cert_ignore_param"), where=target.name)
    target.message_encryption()         # clear text refused unless insecure
    return target


def timeouts(params: Mapping[str, Any]) -> Timeouts:
    t = Timeouts(float(params.get("connect_timeout") or 10), int(params.get("operation_timeout") or 20),
                 float(params.get("host_timeout") or 300))
    if t.connect <= 0 or t.operation < 1 or t.total <= 0:
        raise InputError(Msg("fleet.err.timeout"), where="connect_timeout/operation_timeout/host_timeout")
    return t


def check_dict(c: Any) -> dict[str, Any]:
    """One rule's check as data: catalogue keys and parameters, never rendered text."""
    return {k: v for k, v in dataclasses.asdict(c).items()}


def preflight(params: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Collect and judge one terminal; the module's answer (``result`` is one of :data:`ANSIBLE_STATUS`)."""
    from checks.collectors import probe_paths
    from checks.collectors.windows import script_text
    from checks.profile import load_profile
    from checks.winrm.fleet import judge_outcome
    from checks.winrm.remote import collect

    name = str(params.get("name") or params["host"])
    try:
        target = build_target(params, environ)
    except NoCredentials as exc:
        return {"result": "no_credentials", "reason": exc.text(words.run_lang()), "verdict": None, "host": name}
    profile = load_profile(params.get("profile") or None)
    paths = list(params.get("paths") or probe_paths(profile))
    outcome = collect(target, script_text(), paths, timeouts(params))
    judged = judge_outcome(outcome, profile)
    answer: dict[str, Any] = {"host": name, "endpoint": target.endpoint, "result": judged.result,
                              "reason": outcome.reason, "seconds": round(outcome.seconds, 3),
                              "profile": profile.name, "verdict": None}
    if judged.judgement is not None and outcome.facts is not None:
        answer["verdict"] = judged.judgement.verdict
        answer["checks"] = [check_dict(c) for c in judged.judgement.checks]
        answer["facts"] = outcome.facts.to_json()
    return answer


def warm() -> None:
    """Import everything :func:`preflight` needs and build the collector text once (ansible-playbook calls this
    before forking its workers, which then share it)."""
    import winrm.protocol  # noqa: F401

    from checks.collectors.windows import script_text
    from checks.profile import load_profile
    from checks.winrm import fleet, remote  # noqa: F401

    script_text()
    load_profile(None)
