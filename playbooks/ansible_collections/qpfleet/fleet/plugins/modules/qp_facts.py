#!/usr/bin/python
"""Ansible module qpfleet.fleet.qp_facts: run the WSH collector on a Windows terminal over WinRM and judge it."""

from __future__ import annotations

DOCUMENTATION = r"""
module: qp_facts
short_description: Collect a QP terminal's facts over WinRM (cmd.exe and cscript only) and judge them
description:
  - Runs on the controller, inside the Ansible worker (an action plugin of the same name, so no Python
    is started per terminal and Ansible opens no connection; pywinrm talks to the terminal).
  - Sends the qpfleet WSH collector to the terminal as hexadecimal chunks under cmd.exe's 8191-character limit, runs it with cscript, reads the facts
    document back and removes the folder. Works on every Windows with WinRM, XP SP3 / 2003 with
    WinRM 2.0 included, because nothing needs PowerShell.
  - The facts are judged by the qpfleet rules of I(profile) (the same as C(qpfleet selfcheck)); the
    module never changes the terminal.
  - A terminal that cannot be reached is reported as unreachable; rejected credentials, a collector
    that printed no facts document or a timeout fail the task; a judged terminal is C(ok) whatever its verdict.
extends_documentation_fragment:
  - qpfleet.fleet.winrm
options:
  profile:
    description: Requirement profile name (C(current), C(seed-2007)) or a profile file on the controller.
    type: str
    default: current
  paths:
    description: Folders to look for (the old vendor's, the road-port system's); empty uses the profile's.
    type: list
    elements: str
    default: []
  fail_when_not_ready:
    description: Fail the task when the verdict is not C(ready) (the answer is the same either way).
    type: bool
    default: false
author: qpfleet maintainers
"""

EXAMPLES = r"""
- name: Preflight | COLLECT | Facts over WinRM and the verdict of the rules
  qpfleet.fleet.qp_facts:
    host: "{{ ansible_host }}"
    name: "{{ inventory_hostname }}"
    credential: "{{ qp_credential }}"
    user: "{{ qp_preflight_account.user | default('') }}"
    password: "{{ qp_preflight_account.password | default('') }}"
  register: qp_preflight_facts
"""

RETURN = r"""
result:
  description: ready, not_ready, undetermined, unreachable, auth_failed, timed_out, collector_failed or no_credentials.
  type: str
  returned: always
verdict:
  description: The verdict of the rules (ready, not_ready, undetermined), null when the terminal was not judged.
  type: str
  returned: always
checks:
  description: One entry per rule (id, level, status, observed, required, message and remedy catalogue keys, params).
  type: list
  elements: dict
  returned: when judged
facts:
  description: The facts document (qpfleet.facts schema version 1) with the evaluator's clock probe.
  type: dict
  returned: when judged
ansible_facts:
  description: C(qp_preflight_verdict) and C(qp_preflight_profile_used), kept by a fact cache (AWX fact storage)
    for the install gate.
  type: dict
  returned: when judged
reason:
  description: Why the terminal was not judged, or what went wrong after the facts were read.
  type: str
  returned: always
endpoint:
  description: The WS-Management URL used.
  type: str
  returned: when the terminal had an account
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.qpfleet.fleet.plugins.module_utils.qp_winrm import (
    FACTS_ARGS,
    error_text,
    facts_result,
    import_error_message,
    import_qpfleet,
)


def main():
    """Standalone run (the action plugin of the same name normally does this inside the Ansible worker)."""
    module = AnsibleModule(argument_spec=FACTS_ARGS, supports_check_mode=True)
    import_qpfleet()
    try:
        from checks.errors import QpError, ValidationErrors
        from provisioning.fleet.hostcheck import preflight
    except ImportError as exc:
        module.fail_json(msg=import_error_message("qp_facts", exc))
        return
    try:
        answer = preflight(module.params)
    except ValidationErrors as exc:
        module.fail_json(msg=error_text(exc, None), result="bad_input")
        return
    except QpError as exc:
        module.fail_json(msg=error_text(exc, None), result="bad_input")
        return
    result = facts_result(answer, module.params["fail_when_not_ready"])
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
