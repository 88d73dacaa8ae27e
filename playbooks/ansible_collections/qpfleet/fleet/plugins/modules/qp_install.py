#!/usr/bin/python
"""Ansible module qpfleet.fleet.qp_install: install QP on a Windows terminal with the qpfleet installer over WinRM."""

from __future__ import annotations

DOCUMENTATION = r"""
module: qp_install
short_description: Install the QP client on a terminal with install.js over WinRM (cmd.exe and cscript only)
description:
  - Runs on the controller, inside the Ansible worker (an action plugin of the same name).
  - Builds the installer's settings from the registry, the profile, the client locations and the MSI
    (the same function as C(qpfleet kit build)), the verdict document from the terminal's latest
    preflight in the state database, sends install.js, both documents and the MSI as hexadecimal
    chunks, runs C(cscript install.js /json) and returns its result document.
  - install.js refuses a terminal that is not ready, the old vendor's, or over the approved count; it
    records the road-port system before and checks it is byte-for-byte intact after; a second run
    changes nothing (C(unchanged)).
  - Check mode runs C(install.js /check) (nothing is changed on the terminal); with C(--diff) the
    before/after of QP and of every value is shown.
  - Sending the MSI needs ADODB.Stream on the terminal (MDAC, part of Windows 2000 and later); with
    I(msi_on_terminal) an MSI already on the terminal is used instead (its hash is still checked).
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
- name: Install | RUN | QP client, defaults, carrier and printer
  qpfleet.fleet.qp_install:
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
  description: installed, unchanged, would_change (check mode), refused, failed or unreachable.
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
        module.fail_json(msg=import_error_message("qp_install", exc))
        return
    result = install_result(install(module.params, undo=False, check=module.check_mode), module.check_mode)
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
