"""Lookup plugin qpfleet.fleet.install_gate: the install gates of a terminal (state database + registry)."""

from __future__ import annotations

DOCUMENTATION = r"""
name: install_gate
short_description: The install gates of a terminal, from the qpfleet state database and registry
description:
  - Returns one mapping per host with each gate and the facts its message needs - latest preflight
    (ready, no old-vendor system), QP terminal and not a laptop, contract signed and installation fee
    paid, and the place within the customs-approved count (terminals already counted keep theirs; new
    ones get the free places in run order).
options:
  _terms:
    description: Inventory host names.
    required: true
  inventory:
    description: The inventory (or registry) folder.
    type: path
    required: true
  state_db:
    description: The qpfleet state database.
    type: path
    required: true
  run_hosts:
    description: Every host of the run, in play order (ansible_play_hosts_all).
    type: list
    elements: str
    default: []
"""

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible_collections.qpfleet.fleet.plugins.module_utils.qp_winrm import import_qpfleet

_REGISTRIES = {}


def _registry(path):
    """The registry, loaded once per worker and folder state (a worker may judge several hosts)."""
    from provisioning.registry import load_registry
    from provisioning.registry.loader import registry_files

    key = (path, tuple((str(f), f.stat().st_mtime_ns) for f in registry_files(path)))
    if key not in _REGISTRIES:
        _REGISTRIES[key] = load_registry(path)
    return _REGISTRIES[key]


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        import_qpfleet()
        try:
            from checks.errors import QpError, ValidationErrors
            from provisioning.dispatch.store import Store
            from provisioning.fleet.gates import gate
        except ImportError as exc:
            raise AnsibleLookupError(f"qpfleet is not importable ({exc})") from None
        db = self.get_option("state_db")
        if not db or not os.path.exists(db):
            raise AnsibleLookupError(f"no qpfleet state database at {db!r}: set qp_install_state_db "
                                     "(or $QPFLEET_DISPATCH_DB) to the database the preflights were recorded in")
        try:
            reg = _registry(self.get_option("inventory"))
            with Store(db) as store:
                return [gate(store, reg, str(host), [str(h) for h in self.get_option("run_hosts")]).as_dict()
                        for host in terms]
        except ValidationErrors as exc:
            raise AnsibleLookupError("qpfleet registry has errors:\n" + "\n".join(exc.problems)) from None
        except QpError as exc:
            raise AnsibleLookupError(str(exc)) from None
