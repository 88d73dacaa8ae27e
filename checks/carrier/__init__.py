"""The carrier selector: measure Netcom (网通) and Telecom (电信) from the terminal, decide, apply, undo.

``run_carrier_check(config_path, current, lang) -> dict`` measures and decides without applying
(for ``qpfleet selfcheck``); the CLI is ``qpfleet carrier test|undo`` (``checks.carrier.commands``).
"""

from checks.carrier.commands import run_carrier_check

__all__ = ["run_carrier_check"]
