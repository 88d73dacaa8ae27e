"""Action plugin qpfleet.fleet.qp_install: the QP installer on one terminal, run from the Ansible worker.

See plugins/action/qp_facts.py for why controller-side work is an action plugin; documentation and a
standalone implementation are in plugins/modules/qp_install.py. Check mode runs install.js /check;
with --diff the before/after of every value (and of QP itself) is shown.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase
from ansible_collections.qpfleet.fleet.plugins.module_utils.qp_winrm import (
    INSTALL_ARGS,
    error_text,
    import_error_message,
    import_qpfleet,
    install_result,
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        validation, args = self.validate_argument_spec(argument_spec=INSTALL_ARGS)
        import_qpfleet()
        try:
            from checks.errors import QpError, ValidationErrors
            from provisioning.fleet.hostinstall import install
        except ImportError as exc:
            result.update(failed=True, msg=import_error_message("qp_install", exc))
            return result
        check = bool(self._task.check_mode)
        try:
            answer = install(args, undo=False, check=check)
        except ValidationErrors as exc:
            result.update(failed=True, msg=error_text(exc, args.get("lang")), outcome="failed", result="bad_input")
            return result
        except QpError as exc:
            result.update(failed=True, msg=error_text(exc, args.get("lang")), outcome="failed", result="bad_input")
            return result
        result.update(install_result(answer, check))
        if not self._task.diff:
            result.pop("diff", None)
        return result
