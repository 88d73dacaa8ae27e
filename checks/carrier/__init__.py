"""The carrier selector: measure Netcom (网通) and Telecom (电信) from the terminal, decide, apply, undo.

``run_carrier_check(config_path, current, lang) -> dict`` measures and decides without applying
(for ``qpfleet selfcheck``); the CLI is ``qpfleet carrier test|undo`` (``checks.carrier.commands``).
Importing the package imports nothing else: ``checks.carrier.config`` alone stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["run_carrier_check"]


def __getattr__(name: str) -> Any:
    if name == "run_carrier_check":
        from checks.carrier.commands import run_carrier_check

        return run_carrier_check
    raise AttributeError(name)
