"""A fleet of loopback WS-Management endpoints and a generated registry naming them (for Ansible tests and benches).

Each terminal is a :class:`tests.unit.winrm_replay.ReplayServer` (NTLM with sealed messages, the
pywinrm default) in this process, or a closed port for an unreachable one. The inventory folder has
the registry (sites, enterprises, terminals with ``connection: {via: winrm, credential, port}``),
the plugin's config, and ``group_vars/all/credentials.yml`` encrypted with Ansible Vault.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from provisioning.registry.codes import org_code_check_char
from tests.conftest import FIXTURES
from tests.unit.winrm_replay import ReplayServer, Runner, fresh_facts

USER, DOMAIN = "qpadmin", "QPDOM"
READY_FACTS = FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json"
NOT_READY_FACTS = FIXTURES / "facts" / "memory-128.json"
SITE_NAMES = {"5301": "皇岗海关", "5316": "文锦渡海关", "5320": "沙头角海关"}


@dataclass
class Terminal:
    """One terminal of the lab: ``scenario`` is ok, auth_fail, drop, hang, http500 or closed (nothing listens)."""

    host: str
    site: str = "5301"
    enterprise: int = 0
    scenario: str = "ok"
    facts: Path = READY_FACTS
    delay: float = 0.0            # seconds of simulated collector work
    credential: str = ""
    via: str = "winrm"
    address: str = ""
    port: int = 0
    server: ReplayServer | None = None


def slow(runner: Runner, seconds: float) -> Runner:
    """``runner`` whose collector run takes ``seconds`` (the terminal's WMI work)."""
    def run(line: str) -> tuple[bytes, bytes, int]:
        if seconds and "collect_facts.js\" /paths:" in line:
            time.sleep(seconds)
        return runner(line)
    return run


def closed_port(address: str = "127.0.0.1") -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind((address, 0))
        return int(s.getsockname()[1])


@dataclass
class Lab:
    """The endpoints (started by :meth:`start`) and the inventory folder naming them."""

    root: Path
    terminals: list[Terminal]
    password: str = "Fleet-Pa55-一号"
    vault_password: str = "vault-open-sesame"
    stack: ExitStack = field(default_factory=ExitStack)

    @property
    def inventory(self) -> Path:
        return self.root / "inventory"

    @property
    def vault_file(self) -> Path:
        return self.root / "vault-pass.txt"

    def start(self, wrong: dict[str, str] | None = None) -> Lab:
        """Start every endpoint and write the inventory; ``wrong`` maps a credential to a password the vault holds instead."""
        users = self.root / "ntlm-users"
        users.write_text(f"{DOMAIN}:{USER}:{self.password}\n", "utf-8")
        wrong = dict(wrong or {})
        for i, t in enumerate(self.terminals):
            t.credential = t.credential or f"site-{t.site}"
            if t.scenario == "auth_fail":           # NTLM: the vault holds a password the terminal rejects
                t.credential, t.scenario = "wrong-account", "ok"
                wrong[t.credential] = "not-the-password"
            t.address = t.address or f"127.0.{10 + i // 250}.{1 + i % 250}"    # the registry refuses duplicates
            if t.scenario == "closed" or t.via != "winrm":
                t.port = closed_port(t.address)
                continue
            runner: Runner = slow(fresh_facts(t.facts), t.delay)
            t.server = self.stack.enter_context(ReplayServer(runner, scenario=t.scenario, auth="ntlm",
                                                             address=t.address))
            t.port = t.server.port
        self.write_inventory(wrong)
        return self

    def ntlm_env(self) -> dict[str, str]:
        return {"NTLM_USER_FILE": str(self.root / "ntlm-users")}

    def stop(self) -> None:
        self.stack.close()

    def write_inventory(self, wrong: dict[str, str]) -> None:
        inv = self.inventory
        (inv / "registry").mkdir(parents=True, exist_ok=True)
        # the price table beside the registry (payments are checked against its payee account)
        (inv / "prices.yml").write_bytes((Path(__file__).resolve().parents[2] / "inventory" / "prices.yml").read_bytes())
        (inv / "qpfleet_registry.yml").write_text("plugin: qpfleet.fleet.registry\nregistry: registry\n", "utf-8")
        sites = sorted({t.site for t in self.terminals})
        (inv / "registry" / "sites.yml").write_text(
            "registry_version: 2\npolicy:\n  new_agreement_from: 2007-11-20\nsites:\n" + "".join(
                f'  - {{code: "{s}", name: {SITE_NAMES.get(s, "现场" + s)}, address: 深圳市{s}号}}\n' for s in sites),
            "utf-8")
        groups: dict[tuple[str, int], list[Terminal]] = {}
        for t in self.terminals:
            groups.setdefault((t.site, t.enterprise), []).append(t)
        lines = ["registry_version: 2", "enterprises:"]
        for (site, n), members in sorted(groups.items()):
            code = f"44039{site[-2:]}{n:03d}"
            body = f"{int(site):04d}{n:04d}"
            name = f"深圳市测试{site}第{n}号报关有限公司"
            qp = [t for t in members if t.via != "longda"]
            lines += [
                f'  - customs_code: "{code}"', f"    name: {name}", f"    address: 深圳市测试路{n}号",
                f'    org_code: "{body}{org_code_check_char(body)}"',
                f'    site: "{site}"', "    on_approved_list: true", f"    approved_terminals: {len(qp)}",
                "    transmission_contract: {status: signed, signed_on: 2006-03-15, signer: " + name
                + f', account_number: "6222{int(code[4:]):012d}"' + "}",
                "    service_agreement: {status: signed, signed_on: 2007-12-01}",
                "    bank: {name: " + name + f', type: corporate, number: "6222{int(code[4:]):012d}"' + "}",
                f'    contacts: [{{name: 联系人{n}, phone: "1380013{n:04d}", role: 经理}}]',
                "    maintenance_plan: per-visit", "    terminals:"]
            for t in members:
                if t.via == "winrm":
                    conn = f"{{via: winrm, credential: {t.credential}, port: {t.port}}}"
                else:
                    conn = "{via: offline-kit}"
                role = "longda_backup" if t.via == "longda" else "qp"
                lines += [f"      - host: {t.host}", f"        address: {t.address}", f"        role: {role}",
                          "        chassis: desktop", "        qp_installed: false", f"        connection: {conn}"]
            lines += ["    cards:", f'      - {{kind: declarant, number: "{site}9{n:05d}", holder: 报关员{n}, '
                      "rights: [declare], status: active}"]
        (inv / "registry" / f"site-{sites[0]}.yml").write_text("\n".join(lines) + "\n", "utf-8")
        creds = sorted({t.credential for t in self.terminals if t.via == "winrm"})
        body_lines = ["qp_credentials:"]
        for c in creds:
            pw = wrong.get(c, self.password)
            body_lines += [f"  {c}:", f'    user: "{DOMAIN}\\\\{USER}"', f'    password: "{pw}"']
        write_vault(inv / "group_vars" / "all" / "credentials.yml", "\n".join(body_lines) + "\n", self.vault_password)
        self.vault_file.write_text(self.vault_password + "\n", "utf-8")


def write_vault(path: Path, plaintext: str, password: str) -> None:
    """``plaintext`` encrypted with Ansible Vault (AES256) under ``password``, as ``ansible-vault encrypt`` writes it."""
    from ansible.constants import DEFAULT_VAULT_ID_MATCH
    from ansible.parsing.vault import VaultLib, VaultSecret

    vault = VaultLib([(DEFAULT_VAULT_ID_MATCH, VaultSecret(password.encode()))])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(vault.encrypt(plaintext.encode("utf-8")))


def lab_of(root: Path, n: int, per_enterprise: int = 5, delay: float = 0.0,
           scenario: Callable[[int], str] = lambda i: "ok") -> Lab:
    """``n`` terminals ``t001``… in enterprises of ``per_enterprise`` at site 5301."""
    return Lab(root, [Terminal(f"t{i:03d}", enterprise=i // per_enterprise, delay=delay, scenario=scenario(i))
                      for i in range(n)])
