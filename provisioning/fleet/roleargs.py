"""A role's variables checked against its ``meta/argument_specs.yml`` once, before a run (not once per terminal).

The same validator as Ansible's ``validate_argument_spec``; a value that does not fit is bad input
(exit 2) naming the variable, before anything starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checks.errors import InputError

COLLECTION = Path("playbooks") / "ansible_collections" / "qpfleet" / "fleet"


def validate(project: Path, role: str, variables: dict[str, Any], entry: str = "main") -> None:
    """Raise :class:`InputError` when ``variables`` do not fit ``role``'s argument spec for ``entry``."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    from checks.yamlio import load_yaml

    path = project / COLLECTION / "roles" / role / "meta" / "argument_specs.yml"
    spec = load_yaml(path).data["argument_specs"][entry]["options"]
    result = ArgumentSpecValidator(spec).validate(dict(variables))
    if result.error_messages:
        raise InputError("; ".join(result.error_messages), where=f"{path}: {role}")
