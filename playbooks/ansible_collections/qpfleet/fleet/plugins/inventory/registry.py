"""Ansible inventory plugin qpfleet.fleet.registry: the enterprise registry as groups per customs site and enterprise."""

from __future__ import annotations

DOCUMENTATION = r"""
    name: registry
    short_description: qpfleet enterprise registry (customs sites, enterprises, QP terminals)
    description:
      - Loads the registry with the same loader and validator as C(qpfleet inventory check).
      - "A registry with any error fails the inventory with every problem, as C(file:line: field.path: message)."
      - Groups C(site_<code>) contain groups C(enterprise_<customs code>) which contain the QP terminals.
      - Longda backup and road-port-only computers are never hosts; bank numbers appear masked only.
      - Usable as an AWX / Automation Controller inventory source ("Sourced from a Project", this file).
    requirements:
      - the qpfleet Python package (C(pip install qpfleet), or this checkout) in the Python that runs Ansible
    options:
      plugin:
        description: Marks this file as a source for this plugin.
        required: true
        choices: ['qpfleet.fleet.registry', 'qpfleet_registry']
      registry:
        description: Registry folder or file, relative to this configuration file.
        type: str
        default: registry
"""

EXAMPLES = r"""
# inventory/qpfleet_registry.yml
plugin: qpfleet.fleet.registry
registry: registry
"""

import datetime
import os
import sys
from zoneinfo import ZoneInfo

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin
from ansible.utils.display import Display

display = Display()


def _import_registry():
    """provisioning.registry from the installed qpfleet, else from this repository's checkout."""
    try:
        import provisioning.registry as registry
    except ImportError:
        # <root>/playbooks/ansible_collections/qpfleet/fleet/plugins/inventory/registry.py
        root = os.path.abspath(os.path.join(os.path.dirname(__file__), *[".."] * 6))
        if root not in sys.path:
            sys.path.insert(0, root)
        import provisioning.registry as registry
    return registry


def _not_importable(exc):
    """What to do when qpfleet is not importable: in the run's language when at least its catalogue is."""
    try:
        from checks.i18n import t
        from provisioning.fleet.words import run_lang
    except ImportError:  # without any of qpfleet there is no catalogue: the English text stands alone
        return (f"qpfleet is not importable by this Ansible's Python ({exc}); run: pip install -e . in the "
                "qpfleet checkout")
    return t("fleet.plugin.not_importable", run_lang(), what="qpfleet.fleet.registry", detail=str(exc))


class InventoryModule(BaseInventoryPlugin):
    """The registry, validated by qpfleet, as an Ansible inventory."""

    NAME = "qpfleet.fleet.registry"

    def verify_file(self, path):
        return super().verify_file(path) and os.path.basename(path) in (
            "qpfleet_registry.yml", "qpfleet_registry.yaml")

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        config = self._read_config_data(path)
        source = os.path.join(os.path.dirname(path), config.get("registry") or "registry")
        try:
            registry = _import_registry()
            from checks.errors import QpError, ValidationErrors
            from checks.i18n import render, t
            from provisioning.fleet.words import run_lang
            from provisioning.registry.export import ansible_view
        except ImportError as exc:
            raise AnsibleParserError(_not_importable(exc)) from None
        lang = run_lang()  # the language qpfleet was started with ($QPFLEET_LANG), else the locale's
        try:
            today = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()
            reg = registry.load_registry(source, today=today)
        except ValidationErrors as exc:
            raise AnsibleParserError("\n".join([t("fleet.plugin.registry_errors", lang), *exc.lines(lang)])) from None
        except QpError as exc:
            raise AnsibleParserError(t("fleet.plugin.registry", lang, what=exc.text(lang))) from None
        for line in reg.warnings:
            display.v(t("fleet.plugin.registry_warning", lang, what=render(line, lang)))
        self._populate(ansible_view(reg))

    def _populate(self, view):
        inv = self.inventory
        for group in list(view.children) + list(view.hosts):
            inv.add_group(group)
        for group, children in view.children.items():
            for child in children:
                inv.add_group(child)
                inv.add_child(group, child)
        for group, hosts in view.hosts.items():
            for host in hosts:
                inv.add_host(host, group=group)
        for host, hostvars in view.hostvars.items():
            for key, value in hostvars.items():
                inv.set_variable(host, key, value)
        for group, groupvars in view.groupvars.items():
            for key, value in groupvars.items():
                inv.set_variable(group, key, value)
