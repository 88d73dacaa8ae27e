"""Registry credential names (``credential: site-5301``) to WinRM accounts: vault variables, else the environment.

The registry never holds a secret, only a name. Ansible Vault–encrypted variables carry
``qp_credentials: {site-5301: {user: ..., password: ...}}``; for a run without a vault (or in AWX,
whose credential types inject environment variables) ``QPFLEET_CRED_SITE_5301_USER`` /
``..._PASSWORD`` name one credential and ``QPFLEET_WINRM_USER`` / ``QPFLEET_WINRM_PASSWORD`` any.
Pure: the environment is an argument.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

GENERIC_USER = "QPFLEET_WINRM_USER"
GENERIC_PASSWORD = "QPFLEET_WINRM_PASSWORD"  # noqa: S105 - a variable name
_PREFIX = "QPFLEET_CRED_"


def env_names(credential: str) -> tuple[str, str]:
    """The environment variables of one credential: ``QPFLEET_CRED_SITE_5301_USER`` and ``..._PASSWORD``."""
    norm = re.sub(r"[^A-Za-z0-9]", "_", credential).upper()
    return f"{_PREFIX}{norm}_USER", f"{_PREFIX}{norm}_PASSWORD"


def from_env(credential: str, environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(user, password) for ``credential`` from the environment: its own variables first, then the generic ones."""
    user_var, password_var = env_names(credential) if credential else ("", "")
    user = (environ.get(user_var) if user_var else None) or environ.get(GENERIC_USER) or None
    password = (environ.get(password_var) if password_var else None) or environ.get(GENERIC_PASSWORD) or None
    return user, password


def secret_env_names(environ: Mapping[str, str]) -> list[str]:
    """Every variable of ``environ`` that holds a credential (these never reach ansible-runner's artifacts)."""
    return sorted(k for k in environ if (k.startswith(_PREFIX) and k.endswith(("_USER", "_PASSWORD")))
                  or k in (GENERIC_USER, GENERIC_PASSWORD))


def env_credentials(environ: Mapping[str, str], names: list[str]) -> dict[str, dict[str, str]]:
    """``{credential: {user, password}}`` for each of ``names`` that the environment provides completely."""
    out: dict[str, dict[str, str]] = {}
    for name in names:
        user, password = from_env(name, environ)
        if user and password:
            out[name] = {"user": user, "password": password}
    return out
