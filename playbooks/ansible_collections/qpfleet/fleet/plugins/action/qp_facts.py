"""Action plugin qpfleet.fleet.qp_facts: the controller-side preflight of one terminal, run in the Ansible worker.

Controller-side work belongs in an action plugin: the worker already runs Python with Ansible loaded,
so no interpreter, AnsiballZ payload or connection is started per terminal (what a module on
``connection: local`` costs). The documentation and a standalone implementation are in
plugins/modules/qp_facts.py. The password is an argument with no_log and is never returned.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase
from ansible_collections.qpfleet.fleet.plugins.module_utils.qp_winrm import (
    FACTS_ARGS,
    error_text,
    facts_result,
    import_error_message,
    import_qpfleet,
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False     # pywinrm talks to the terminal; Ansible connects to nothing

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        validation, args = self.validate_argument_spec(argument_spec=FACTS_ARGS)
        import_qpfleet()
        try:
            from checks.errors import QpError, ValidationErrors
            from provisioning.fleet.hostcheck import preflight
        except ImportError as exc:
            result.update(failed=True, msg=import_error_message("qp_facts", exc))
            return result
        try:
            answer = preflight(args)
        except ValidationErrors as exc:
            result.update(failed=True, msg=error_text(exc, None), result="bad_input")
            return result
        except QpError as exc:
            result.update(failed=True, msg=error_text(exc, None), result="bad_input")
            return result
        result.update(facts_result(answer, args["fail_when_not_ready"]))
        return result
