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
  - C(message) is why the terminal is refused (the first gate that does not hold) in the run's language,
    C(refusal) the same as a catalogue key and parameters (kept by qpfleet with the terminal's result);
    both empty when every gate holds.
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
  lang:
    description: Language of the messages (zh or en); empty - the one qpfleet was started with ($QPFLEET_LANG).
    type: str
    default: ""
"""

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible_collections.qpfleet.fleet.plugins.module_utils.qp_winrm import (
    error_text,
    import_error_message,
    import_qpfleet,
    run_lang,
)

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
        lang = self.get_option("lang") or None
        try:
            from checks.errors import QpError, ValidationErrors
            from checks.i18n import t
            from provisioning.dispatch.store import Store
            from provisioning.fleet.gates import gate
        except ImportError as exc:
            raise AnsibleLookupError(import_error_message("qpfleet.fleet.install_gate", exc, lang)) from None
        chosen = run_lang(lang)
        db = self.get_option("state_db")
        if not db or not os.path.exists(db):
            raise AnsibleLookupError(t("gate.err.no_db", chosen, db=repr(db)))
        inventory = self.get_option("inventory")
        try:
            reg = _registry(inventory)
            with Store(db) as store:
                return [_answer(gate(store, reg, str(host), [str(h) for h in self.get_option("run_hosts")]),
                                chosen, inventory) for host in terms]
        except ValidationErrors as exc:
            raise AnsibleLookupError(t("fleet.plugin.registry_errors", chosen) + "\n"
                                     + "\n".join(exc.lines(chosen))) from None
        except QpError as exc:
            raise AnsibleLookupError(error_text(exc, chosen)) from None


def _answer(found, lang, inventory):
    """The gates of one terminal for the play: the facts, why it is refused (in ``lang``) and as data."""
    refusal = found.refusal(inventory)
    return found.as_dict() | {"message": found.message(lang, inventory),
                              "refusal": {"key": refusal[0], "params": refusal[1]} if refusal else {}}
