#!/usr/bin/python
"""Ansible module qpfleet.fleet.qp_undo: remove QP from a terminal and put back every value the installer changed."""

from __future__ import annotations

DOCUMENTATION = r"""
module: qp_undo
short_description: Undo an install by qpfleet (install.js /undo over WinRM, cmd.exe and cscript only)
description:
  - Runs on the controller, inside the Ansible worker (an action plugin of the same name).
  - Sends install.js and the settings and runs C(install.js /undo) - it removes QP only if qpfleet
    installed it, restores every value it changed whose content is still what it wrote, and never
    touches the road-port system. Check mode says what would be undone.
extends_documentation_fragment:
  - qpfleet.fleet.winrm
options:
  inventory:
    description: The inventory (or registry) folder on the controller.
    type: path
    required: true
  enterprise:
    description: The terminal's enterprise (customs code).
    type: str
    required: true
  state_db:
    description: The qpfleet state database (install records, the latest preflight).
    type: path
    required: true
  msi:
    description: The QP MSI on the controller (its ProductCode, version and SHA-256 go into the settings).
    type: path
    default: ""
  product_code:
    description: The ProductCode the MSI must have (checked against the MSI's own Property table).
    type: str
    default: ""
  msi_on_terminal:
    description: Path of the same MSI already on the terminal; empty sends it.
    type: str
    default: ""
  profile:
    description: Requirement profile (the road-port system's names and folders come from it).
    type: str
    default: current
  client_config:
    description: QP client locations (inventory/qp_client.yml); empty uses the shipped default.
    type: path
    default: ""
  out_dir:
    description: Folder on the terminal for install.json and the msiexec log; empty is %ALLUSERSPROFILE%\qpfleet\results.
    type: str
    default: ""
  lang:
    description: Language of the installer's lines.
    type: str
    choices: [zh, en]
    default: zh
author: qpfleet maintainers
"""

EXAMPLES = r"""
- name: Undo | RUN | Remove QP and restore the values it changed
  qpfleet.fleet.qp_undo:
    host: "{{ ansible_host }}"
    name: "{{ inventory_hostname }}"
    credential: "{{ qp_credential }}"
    inventory: "{{ qp_install_inventory }}"
    enterprise: "{{ qp_enterprise_code }}"
    state_db: "{{ qp_install_state_db }}"
    msi: "{{ qp_install_msi }}"
"""

RETURN = r"""
outcome:
  description: undone, unchanged, would_change (check mode), refused, failed or unreachable.
  type: str
  returned: always
reason_key:
  description: The installer's catalogue key for the outcome (install.installed, install.refused.count_reached, ...).
  type: str
  returned: when the installer ran
installer:
  description: The installer's result document (schema qpfleet.install-result).
  type: dict
  returned: when the installer ran
reboot_needed:
  description: msiexec returned 3010 or 1641.
  type: bool
  returned: when the installer ran
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.qpfleet.fleet.plugins.module_utils.qp_winrm import (
    INSTALL_ARGS,
    import_error_message,
    import_qpfleet,
    install_result,
)


def main():
    """Standalone run (the action plugin of the same name normally does this inside the Ansible worker)."""
    module = AnsibleModule(argument_spec=INSTALL_ARGS, supports_check_mode=True)
    import_qpfleet()
    try:
        from provisioning.fleet.hostinstall import install
    except ImportError as exc:
        module.fail_json(msg=import_error_message("qp_undo", exc))
        return
    result = install_result(install(module.params, undo=True, check=module.check_mode), module.check_mode)
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
