"""Shared by the controller-side Windows modules and their action plugins: the argument spec (documented in
doc_fragments/winrm.py), importing qpfleet, and turning an answer into an Ansible result."""

from __future__ import annotations

import os
import sys

WINRM_ARGS = {
    "host": {"type": "str", "required": True},
    "name": {"type": "str", "default": ""},
    "port": {"type": "int", "default": 0},
    "scheme": {"type": "str", "choices": ["http", "https"], "default": "http"},
    "transport": {"type": "str", "choices": ["ntlm", "kerberos", "credssp", "basic"], "default": "ntlm"},
    "credential": {"type": "str", "default": ""},
    "user": {"type": "str", "default": ""},
    "password": {"type": "str", "default": "", "no_log": True},
    "cert_validation": {"type": "str", "choices": ["validate", "ignore"], "default": "validate"},
    "insecure": {"type": "bool", "default": False},
    "connect_timeout": {"type": "float", "default": 10.0},
    "operation_timeout": {"type": "int", "default": 20},
    "host_timeout": {"type": "float", "default": 300.0},
}

FACTS_ARGS = dict(WINRM_ARGS, profile={"type": "str", "default": "current"},
                  paths={"type": "list", "elements": "str", "default": []},
                  fail_when_not_ready={"type": "bool", "default": False})


def import_qpfleet():
    """Make the qpfleet package importable: installed, else this checkout (six folders above this file)."""
    try:
        import provisioning.fleet  # noqa: F401
    except ImportError:
        root = os.path.abspath(os.path.join(os.path.dirname(__file__), *[".."] * 6))
        if root not in sys.path and os.path.isdir(os.path.join(root, "provisioning")):
            sys.path.insert(0, root)


def import_error_message(module_name, exc, lang=None):
    """What to do when qpfleet is not importable by the Python that runs the module, in the run's language.

    The words come from the catalogue when at least it can be imported (a dependency of qpfleet may be
    what is missing); without any of qpfleet there is no catalogue, and the English text stands alone."""
    try:
        from checks.i18n import t
        from provisioning.fleet.words import run_lang
    except ImportError:
        return (f"{module_name}: the qpfleet package is not importable by this Python ({exc}); run "
                "'pip install -e .' in the qpfleet checkout for the Python that runs Ansible, or set "
                "ansible_python_interpreter to it")
    return t("fleet.plugin.not_importable", run_lang(lang), what=module_name, detail=str(exc))


def run_lang(lang=None):
    """The language of the run (the task's ``lang``, else $QPFLEET_LANG that qpfleet sets, else the locale's)."""
    from provisioning.fleet.words import run_lang as lang_of_run

    return lang_of_run(lang)


def error_text(exc, lang=None):
    """A qpfleet error (one line, or every problem of a ValidationErrors joined) in the run's language."""
    from checks.errors import ValidationErrors

    chosen = run_lang(lang)
    return "; ".join(exc.lines(chosen)) if isinstance(exc, ValidationErrors) else exc.text(chosen)


def facts_result(answer, fail_when_not_ready):
    """The Ansible result of a qp_facts answer: unreachable, failed, or ok with cacheable facts."""
    from provisioning.fleet.hostcheck import ANSIBLE_STATUS

    status = ANSIBLE_STATUS[answer["result"]]
    result = dict(answer, changed=False)
    if status == "unreachable":
        result.update(unreachable=True, msg=answer["reason"])
        return result
    if status == "failed":
        result.update(failed=True, msg=answer["reason"] or answer["result"])
        return result
    result["ansible_facts"] = {"qp_preflight_verdict": answer["verdict"],
                               "qp_preflight_profile_used": answer["profile"]}
    if fail_when_not_ready and answer["verdict"] != "ready":
        from checks.i18n import Msg, t

        bad = [c["id"] for c in answer.get("checks", []) if c["level"] == "must" and c["status"] != "pass"]
        result.update(failed=True, msg=t("fleet.reason.rules", run_lang(), host=answer["host"],
                                         verdict=Msg(f"gate.verdict.{answer['verdict']}"), rules=", ".join(bad)))
    return result


INSTALL_ARGS = dict(
    WINRM_ARGS,
    inventory={"type": "path", "required": True},
    enterprise={"type": "str", "required": True},
    state_db={"type": "path", "required": True},
    msi={"type": "path", "default": ""},
    product_code={"type": "str", "default": ""},
    msi_on_terminal={"type": "str", "default": ""},
    profile={"type": "str", "default": "current"},
    client_config={"type": "path", "default": ""},
    out_dir={"type": "str", "default": ""},
    lang={"type": "str", "choices": ["zh", "en"], "default": "zh"},
)


def install_result(answer, check):
    """The Ansible result of a qp_install / qp_undo answer: changed, failed (refused or failed), unreachable."""
    from provisioning.fleet.hostinstall import ANSIBLE_STATUS

    outcome = answer.get("outcome") or "failed"
    status = ANSIBLE_STATUS.get(outcome, "failed")
    result = dict(answer, changed=outcome in ("installed", "undone") or (check and outcome == "would_change"))
    if status == "unreachable":
        result.update(unreachable=True, msg=answer.get("reason") or outcome)
    elif status == "failed":
        result.update(failed=True, msg=f"{answer.get('host')}: {outcome}: {answer.get('reason') or ''}".strip())
    else:
        result["msg"] = f"{answer.get('host')}: {outcome}"
    return result
