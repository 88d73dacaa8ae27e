"""Callback plugin qpfleet.fleet.preload: import the WinRM stack once in ansible-playbook, before the forks.

Ansible starts a worker process per terminal and task by forking ansible-playbook. Importing pywinrm,
requests, pyspnego and the qpfleet rules in each worker costs the controller the same CPU fifty times
over; imported once here, every fork inherits them (copy-on-write). Enabled in ansible.cfg
(callbacks_enabled); it prints nothing. Without qpfleet installed it does nothing.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: preload
type: aggregate
short_description: Import the controller-side WinRM stack once, so forked workers share it
description:
  - Imports the qpfleet collector delivery, the rules and pywinrm in ansible-playbook before any task
    runs, so that the controller-side action plugins (qp_facts) find them already loaded in every fork.
requirements:
  - enable in ansible.cfg (callbacks_enabled = qpfleet.fleet.preload)
"""

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "qpfleet.fleet.preload"
    CALLBACK_NEEDS_ENABLED = True

    def v2_playbook_on_start(self, playbook):
        from ansible_collections.qpfleet.fleet.plugins.module_utils.qp_winrm import import_qpfleet

        import_qpfleet()
        try:
            from provisioning.fleet.hostcheck import warm
        except ImportError:
            return
        warm()
