"""Credentials for a fleet run: the inventory's Ansible Vault files opened before anything starts, and
credentials from the environment handed to Ansible without ever being written in clear.

A wrong or missing vault password, or a terminal whose credential has no account, is bad input
(exit 2) found here, before ansible-runner starts. Credentials from the environment
(``QPFLEET_CRED_<NAME>_USER/_PASSWORD``) go to Ansible as a vars file encrypted with a one-run key that
is typed into ansible-playbook's vault prompt through ansible-runner (kept in memory only); the
variables themselves are taken out of the environment ansible-runner copies into its artifacts.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.errors import InputError
from checks.i18n import h
from provisioning.fleet import (
    credentials,
    words,  # noqa: F401
)

RUN_VAULT_ID = "qpfleet-run"
RUN_VAULT_PROMPT = r"Vault password \(qpfleet-run\):\s*$"
ASK_VAULT_PROMPT = r"Vault password:\s*$"
_VARS_DIRS = ("group_vars", "host_vars")


@dataclass
class VaultAccess:
    """How ansible-playbook opens the vault: a password file (path only), or a password typed at its prompt."""

    password_file: str | None = None
    typed: str | None = field(default=None, repr=False)
    files: list[Path] = field(default_factory=list)
    credential_names: set[str] = field(default_factory=set)


def var_files(inventory: Path) -> list[Path]:
    """The variable files of an inventory folder (group_vars/, host_vars/; any depth)."""
    out: list[Path] = []
    for sub in _VARS_DIRS:
        base = inventory / sub
        if base.is_dir():
            out += sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in ("", ".yml", ".yaml", ".json"))
    return out


def _is_vaulted(path: Path) -> bool:
    from checks.textio import read_bytes

    raw = read_bytes(path, what="vars file")
    return raw.startswith(b"$ANSIBLE_VAULT;") or b"!vault" in raw


def _secret_from_file(path: str) -> Any:
    from ansible.errors import AnsibleError
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import get_file_vault_secret

    if not Path(path).is_file():
        raise InputError(h("fleet.vault.file_missing"), where=path)
    try:
        secret = get_file_vault_secret(filename=path, loader=DataLoader())
        secret.load()
    except AnsibleError as exc:
        raise InputError(h("fleet.vault.file_unreadable", why=str(exc).splitlines()[0][:160]), where=path) from None
    return secret


def open_vault(inventory: Path, password_file: str | None, ask: bool,
               environ: Mapping[str, str] | None = None) -> VaultAccess:
    """Open every variable file of ``inventory`` with the vault password; the credential names they define."""
    from ansible.constants import DEFAULT_VAULT_ID_MATCH
    from ansible.errors import AnsibleError
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import VaultSecret

    env = os.environ if environ is None else environ
    files = var_files(inventory)
    vaulted = [p for p in files if _is_vaulted(p)]
    access = VaultAccess(files=vaulted)
    password_file = password_file or env.get("ANSIBLE_VAULT_PASSWORD_FILE") or None
    secret: Any = None
    if password_file:
        secret = _secret_from_file(password_file)
        access.password_file = str(Path(password_file).resolve())
    elif vaulted and (ask or sys.stdin.isatty()):
        import getpass

        typed = getpass.getpass(h("fleet.vault.prompt"))
        secret = VaultSecret(typed.encode("utf-8"))
        access.typed = typed
    elif vaulted:
        raise InputError(h("fleet.vault.needed"), where=str(vaulted[0]),
                         hint="--vault-password-file FILE, $ANSIBLE_VAULT_PASSWORD_FILE")
    loader = DataLoader()
    if secret is not None:
        loader.set_vault_secrets([(DEFAULT_VAULT_ID_MATCH, secret)])
    for path in files:
        try:
            data = loader.load_from_file(str(path))
        except AnsibleError as exc:
            text = str(exc)
            if "ecrypt" in text or "vault" in text.lower():
                raise InputError(h("fleet.vault.wrong"), where=str(path)) from None
            raise InputError(text.splitlines()[0][:200], where=str(path)) from None
        if isinstance(data, dict) and isinstance(data.get("qp_credentials"), dict):
            access.credential_names |= {str(k) for k in data["qp_credentials"]}
    return access


def check_accounts(access: VaultAccess, needed: dict[str, list[str]],
                   environ: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """Every credential in ``needed`` (name -> hosts) has an account in the vault or the environment; the latter's."""
    env = os.environ if environ is None else environ
    from_env = credentials.env_credentials(env, sorted(needed))
    missing = [name for name in sorted(needed) if name not in access.credential_names and name not in from_env]
    if missing:
        name = missing[0]
        user_var, password_var = credentials.env_names(name or "NAME")
        raise InputError(h("fleet.vault.no_account", credential=name, hosts=", ".join(needed[name][:5]),
                           user_var=user_var, password_var=password_var), where=needed[name][0])
    return from_env


@dataclass
class RunSecrets:
    """What one run hands ansible-runner: extra command-line words, prompt answers, and a file to remove."""

    cmdline: list[str] = field(default_factory=list)
    prompts: dict[str, str] = field(default_factory=dict, repr=False)
    env_removed: dict[str, str] = field(default_factory=dict, repr=False)
    temp_file: Path | None = None


def prepare(access: VaultAccess, needed: dict[str, list[str]], folder: Path,
            environ: dict[str, str] | None = None) -> RunSecrets:
    """Check that every credential in ``needed`` (name -> hosts) has an account; build the run's secrets.

    Credentials found in the environment are written, encrypted with a fresh key, to ``folder`` and
    their variables removed from ``environ`` (``os.environ`` by default; :func:`restore` puts them back).
    """
    from ansible.parsing.vault import VaultLib, VaultSecret

    env = os.environ if environ is None else environ
    from_env = check_accounts(access, needed, env)
    out = RunSecrets()
    if access.password_file:
        out.cmdline += ["--vault-password-file", access.password_file]
    elif access.typed is not None:
        out.cmdline += ["--ask-vault-pass"]
        out.prompts[ASK_VAULT_PROMPT] = access.typed
    if from_env:
        import yaml

        key = secrets.token_urlsafe(32)
        text = yaml.safe_dump({"qp_env_credentials": from_env}, allow_unicode=True)
        vault = VaultLib([(RUN_VAULT_ID, VaultSecret(key.encode()))])
        folder.mkdir(parents=True, exist_ok=True)
        out.temp_file = folder / "env-credentials.vault.yml"
        fd = os.open(out.temp_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(vault.encrypt(text.encode("utf-8"), vault_id=RUN_VAULT_ID))
        out.cmdline += ["--vault-id", f"{RUN_VAULT_ID}@prompt", "-e", f"@{out.temp_file}"]
        out.prompts[RUN_VAULT_PROMPT] = key
    for name in credentials.secret_env_names(env):
        out.env_removed[name] = env.pop(name)
    return out


def restore(run: RunSecrets, environ: dict[str, str] | None = None) -> None:
    """Put the removed variables back and delete the encrypted file."""
    env = os.environ if environ is None else environ
    env.update(run.env_removed)
    if run.temp_file is not None:
        run.temp_file.unlink(missing_ok=True)
