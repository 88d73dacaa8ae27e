#!/usr/bin/python
"""Ansible module qpfleet.fleet.qp_carrier: measure Netcom vs Telecom from the host, decide, and apply (same engine as the CLI)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: qp_carrier
short_description: Pick the QP server carrier (Netcom/Telecom) by measuring from the terminal
description:
  - Runs the qpfleet carrier selector on the managed host (paired DNS and TCP probes, a paired
    sequential test) and, unless in check mode or I(apply=false), writes the chosen carrier to the
    QP server setting named by the config, keeping the previous value for C(qpfleet carrier undo).
  - Needs the qpfleet package in the Python interpreter that runs the module.
options:
  config:
    description: Carrier config YAML on the managed host; empty uses the shipped example.
    type: str
    default: ""
  current:
    description: The carrier in use, kept on a tie; empty reads it from the apply target.
    type: str
    default: ""
  apply:
    description: Write the chosen carrier to the QP server setting.
    type: bool
    default: true
  max_rounds:
    description: Stop after this many measured rounds (0 uses the config).
    type: int
    default: 0
  fail_when_none:
    description: Fail when no carrier is usable.
    type: bool
    default: true
  lang:
    description: Language of the verdict and of the messages (zh Simplified Chinese, en English).
    type: str
    choices: [zh, en]
    default: zh
author: qpfleet
"""

EXAMPLES = r"""
- name: Carrier | MEASURE | Pick and apply the faster carrier
  qpfleet.fleet.qp_carrier:
    config: C:/qpfleet/carrier.yaml
"""

RETURN = r"""
chosen: {description: The carrier id chosen or kept (null when none is usable), type: str, returned: always}
outcome: {description: pick, keep or none, type: str, returned: always}
reason: {description: sprt, loss, gate, cost, tie or unusable, type: str, returned: always}
verdict: {description: The one-line verdict in plain words, type: str, returned: always}
applied: {description: target, value, previous, changed, type: dict, returned: when applied}
result: {description: The full measurement (as qpfleet carrier test --json), type: dict, returned: always}
"""

from datetime import UTC, datetime

from ansible.module_utils.basic import AnsibleModule


def main() -> None:
    module = AnsibleModule(
        argument_spec={
            "config": {"type": "str", "default": ""},
            "current": {"type": "str", "default": ""},
            "apply": {"type": "bool", "default": True},
            "max_rounds": {"type": "int", "default": 0},
            "fail_when_none": {"type": "bool", "default": True},
            "lang": {"type": "str", "default": "zh", "choices": ["zh", "en"]},
        },
        supports_check_mode=True,
    )
    p = module.params
    try:
        from checks.carrier.apply import apply_choice, require_applicable
        from checks.carrier.targets import Target
        from checks.carrier.commands import run_carrier_check
        from checks.carrier.config import load_config
        from checks.errors import QpError, ValidationErrors
    except ImportError as exc:
        module.fail_json(msg=f"qpfleet is not installed for {module._name} on this host's interpreter: {exc}")
        return
    if p["max_rounds"] < 0:
        module.fail_json(msg="max_rounds must be 0 (use the config) or more")
    try:
        config = load_config(p["config"] or None)
        if p["apply"]:  # refused before measuring: example data, one value for both carriers, a read-only target
            require_applicable(config)
            Target(config).check_writable()
        data = run_carrier_check(p["config"] or None, p["current"] or None, p["lang"], p["max_rounds"] or None)
        applied = None
        if data["chosen"] and p["apply"] and not module.check_mode:
            record = {k: v for k, v in data.items() if k != "exit_code"}
            applied = apply_choice(config, data["chosen"], record, datetime.now(UTC))
    except ValidationErrors as exc:
        module.fail_json(msg="; ".join(exc.lines(p["lang"])))
        return
    except QpError as exc:
        module.fail_json(msg=exc.text(p["lang"]))
        return
    result = {
        "changed": bool(applied and applied["changed"]) or (module.check_mode and p["apply"] and bool(data["chosen"])
                                                            and data.get("current") != data["chosen"]),
        "chosen": data["chosen"], "outcome": data["outcome"], "reason": data["reason"],
        "verdict": data["verdict"], "result": data,
    }
    if applied is not None:
        result["applied"] = applied
    if data["chosen"] is None and p["fail_when_none"]:
        module.fail_json(msg=data["verdict"], **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
