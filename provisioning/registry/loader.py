"""The one loader and validator of the enterprise registry: YAML files in, a valid Registry out, or every problem.

``load_registry(path)`` reads a registry file or directory, checks every field and every rule of
the source (see :mod:`provisioning.registry.rules`) and raises
:class:`checks.errors.ValidationErrors` listing **all** problems (``file:line: field.path: message``)
when there is any; a registry with errors is never returned. The CLI, the Ansible inventory
plugin, fee quotes and dispatch all go through here.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks import textio  # noqa: F401  (registers the file words)
from checks.errors import InputError, ValidationErrors
from checks.gcpause import cyclic_gc_paused
from checks.i18n import Msg
from checks.yamlio import Located, join, load_yaml
from provisioning.registry import codes, fastload
from provisioning.registry import texts as _texts  # noqa: F401  (registers the contract messages)
from provisioning.registry.model import (
    BANK_ACCOUNT_TYPES,
    CARD_KINDS,
    CARD_RIGHT_ALIASES,
    CARD_RIGHTS,
    CARD_STATUSES,
    CHASSIS_KINDS,
    CONNECTION_KINDS,
    CONTRACT_STATUSES,
    MAINTENANCE_PLANS,
    TERMINAL_ROLES,
    BankAccount,
    Card,
    Contact,
    CustomsSite,
    Enterprise,
    Registry,
    ServiceAgreement,
    SubCentre,
    Terminal,
    TransmissionContract,
)
from provisioning.registry.reader import FieldReader
from provisioning.registry.rules import Policy, check_enterprise, check_unique

REGISTRY_VERSION = 2
MAX_FILE_BYTES = 20 * 1024 * 1024
FAST_PATH_BYTES = 256 * 1024  # below this the slow reader is fast enough
SECRET_WORDS = ("pass", "secret", "token", "privatekey", "private_key", "pwd")

_FILE_KEYS = ("registry_version", "policy", "sites", "enterprises")
_SITE_KEYS = ("code", "name", "address")
_SUB_CENTRE_REQUIRED = ("name", "phone", "address")
_SUB_CENTRE_OPTIONAL = ("contact", "email", "hours", "payee", "bank")
_ENTERPRISE_REQUIRED = ("customs_code", "name", "org_code", "site", "on_approved_list",
                        "approved_terminals", "transmission_contract", "service_agreement", "bank")
_ENTERPRISE_OPTIONAL = ("address", "contacts", "maintenance_plan", "terminals", "cards", "notes")
_TERMINAL_REQUIRED = ("host", "address", "role", "chassis", "qp_installed", "connection")
_CARD_REQUIRED = ("kind", "number", "holder", "rights", "status")
_CONNECTION_KEYS = ("via", "credential", "port", "transport", "scheme", "user_ref", "python")
_WINRM_TRANSPORTS = ("ntlm", "kerberos", "credssp", "certificate")


@dataclass
class _Build:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sites: dict[str, CustomsSite] = field(default_factory=dict)
    site_where: dict[str, tuple[FieldReader, str]] = field(default_factory=dict)
    enterprises: list[tuple[Enterprise, FieldReader, str]] = field(default_factory=list)
    policy: Policy = field(default_factory=Policy)
    policy_where: tuple[FieldReader, str] | None = None


def registry_files(path: str | os.PathLike[str]) -> list[Path]:
    """The registry files of ``path``: the file itself, or ``DIR/registry/*.yml|*.yaml`` when that folder
    exists, else ``DIR/*.yml|*.yaml``.

    The suffix is matched whatever its case (``.YML`` is read too), and every entry with it is returned,
    so a broken symbolic link, a folder or a FIFO named ``*.yml`` is reported by the reader, never
    silently left out. Names starting with a dot (editor lock files) are not registry files.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(Msg("io.broken_link" if p.is_symlink() else "io.not_found", what=Msg("file.registry")),
                         where=str(p))
    if not p.is_dir():
        return [p]
    base = p / "registry" if (p / "registry").is_dir() else p
    try:
        entries = sorted(base.iterdir())
    except OSError as exc:
        raise InputError(Msg("reg.err.list", detail=str(exc.strerror or exc)), where=str(base)) from None
    files = [f for f in entries if f.suffix.lower() in (".yml", ".yaml") and not f.name.startswith(".")]
    if not files:
        raise InputError(Msg("reg.err.no_files"), where=str(base))
    return files


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader reports it


def load_registry(path: str | os.PathLike[str], today: dt.date | None = None) -> Registry:
    """Load and validate a registry file or folder; raises ValidationErrors listing every problem.

    Problems and warnings are catalogue messages (:class:`checks.i18n.Msg`): English as text of record,
    shown to a person in their language by whoever prints them."""
    files = registry_files(path)
    with cyclic_gc_paused():  # millions of objects, no cycles: see checks.gcpause
        return _load_files(files, today)


def _load_files(files: list[Path], today: dt.date | None) -> Registry:
    sizes = [_size(f) for f in files]
    # a file over the limit is refused by the reader anyway: no second process is started for it
    if fastload.available() and sum(sizes) >= FAST_PATH_BYTES and max(sizes) <= MAX_FILE_BYTES:
        duplicates = fastload.DuplicateKeyCheck(files, MAX_FILE_BYTES)
        try:
            registry = _load(files, today, fast=True)
        except ValidationErrors:
            registry = None  # messages always come from the slow reader: read everything again
        if not duplicates.any_duplicates() and registry is not None:
            return registry
    return _load(files, today, fast=False)


def _load(files: list[Path], today: dt.date | None, fast: bool) -> Registry:
    build = _Build()
    docs: list[Located] = []
    for f in files:
        try:
            doc = fastload.load_fast(f, MAX_FILE_BYTES) if fast else None
            doc = doc or load_yaml(f, max_bytes=MAX_FILE_BYTES, what="registry file")
        except InputError as exc:  # syntax, encoding, size, duplicate keys, impossible dates: file:line
            build.problems.append(exc.as_msg())
            continue
        if doc.data is None:  # nothing but comments: a truncated file must not drop its enterprises unseen
            build.problems.append(Msg("msg.at", where=f"{f}:1", what=Msg("reg.err.empty_file")))
            continue
        docs.append(doc)
    for doc in docs:
        _read_file_head(doc, build)
    for doc in docs:
        _read_enterprises(doc, build)
    check_unique(build.enterprises, build.problems)
    for enterprise, reader, path_ in build.enterprises:
        check_enterprise(enterprise, reader, path_, build.policy, build.sites, today)
    if build.problems:
        raise ValidationErrors(build.problems, what="the registry")
    return Registry(
        sites=build.sites,
        enterprises={e.customs_code: e for e, _, _ in build.enterprises},
        warnings=build.warnings,
        sources=[str(f) for f in files],
        new_agreement_from=build.policy.new_agreement_from,
    )


def _read_file_head(doc: Located, build: _Build) -> None:
    r = FieldReader(doc, build.problems, build.warnings)
    top = r.mapping(doc.data, "", (), _FILE_KEYS)
    if top is None:
        return
    version = r.integer(top, "registry_version", "", minimum=1)
    if version == 1:
        r.error("registry_version", Msg("reg.v1", v=REGISTRY_VERSION))
    elif version is not None and version != REGISTRY_VERSION:
        r.error("registry_version", Msg("reg.err.version", supported=REGISTRY_VERSION, version=version))
    if "policy" in top:
        if build.policy_where is not None:
            first = build.policy_where[0].problem_where(build.policy_where[1]).rsplit(":", 1)[0]
            r.error("policy", Msg("reg.err.policy_twice", first=first))
        else:
            build.policy_where = (r, "policy")
            pol = r.mapping(top["policy"], "policy", (), ("new_agreement_from",))
            if pol is not None:
                build.policy = Policy(new_agreement_from=r.date(pol, "new_agreement_from", "policy"))
    for i, raw in enumerate(r.sequence(top, "sites", "")):
        path = join("sites", i)
        m = r.mapping(raw, path, _SITE_KEYS, ("sub_centre",))
        if m is None:
            continue
        code = r.text(m, "code", path, check=codes.site_code_problem)
        name = r.text(m, "name", path)
        address = r.text(m, "address", path)
        # a bad sub_centre is its own problem; the site stays known, so its enterprises raise no more
        service = _read_sub_centre(r, m["sub_centre"], join(path, "sub_centre")) if "sub_centre" in m else None
        if code is None or name is None or address is None:
            continue
        if code in build.sites:
            reader, first = build.site_where[code]
            r.error(join(path, "code"),
                    Msg("reg.err.site_twice", code=code, first=reader.problem_where(first).rsplit(":", 1)[0]))
            continue
        build.sites[code] = CustomsSite(code, name, address, service)
        build.site_where[code] = (r, join(path, "code"))


def _read_sub_centre(r: FieldReader, raw: Any, path: str) -> SubCentre | None:
    """The sub-centre's service point of a site: name, phone and address, and how to book, report and pay."""
    m = r.mapping(raw, path, _SUB_CENTRE_REQUIRED, _SUB_CENTRE_OPTIONAL)
    if m is None:
        return None
    name = r.text(m, "name", path)
    phone = r.text(m, "phone", path, check=codes.phone_problem)
    address = r.text(m, "address", path)
    contact = r.text(m, "contact", path, required=False)
    email = r.text(m, "email", path, required=False, check=codes.email_problem)
    hours = r.text(m, "hours", path, required=False, check=_hours_problem)
    payee = r.text(m, "payee", path, required=False)
    bank = r.text(m, "bank", path, required=False)
    if name is None or phone is None or address is None:
        return None
    return SubCentre(name, phone, address, contact, email, hours, payee, bank)


def _hours_problem(text: str) -> str | None:
    m = re.fullmatch(r"(\d\d):(\d\d)\s*-\s*(\d\d):(\d\d)", text)
    if m is None or not all(int(m[i]) < 24 and int(m[i + 1]) < 60 for i in (1, 3)) or m[1] + m[2] >= m[3] + m[4]:
        return Msg("reg.err.hours")
    return None


def _read_enterprises(doc: Located, build: _Build) -> None:
    r = FieldReader(doc, build.problems, build.warnings)
    top = doc.data
    if not isinstance(top, dict):
        return
    for i, raw in enumerate(r.sequence(top, "enterprises", "")):
        enterprise = _read_enterprise(r, raw, join("enterprises", i), build.sites)
        if enterprise is not None:
            build.enterprises.append((enterprise, r, join("enterprises", i)))


def _read_enterprise(r: FieldReader, raw: Any, path: str, sites: dict[str, CustomsSite]) -> Enterprise | None:
    before = len(r.problems)
    if isinstance(raw, dict) and "contract" in raw:  # the version 1 field: one message, not three
        r.error(join(path, "contract"), Msg("reg.v1_contract"))
        required = tuple(k for k in _ENTERPRISE_REQUIRED if k not in ("transmission_contract", "service_agreement"))
        m = r.mapping(raw, path, required, (*_ENTERPRISE_OPTIONAL, "contract", "transmission_contract",
                                            "service_agreement"))
    else:
        m = r.mapping(raw, path, _ENTERPRISE_REQUIRED, _ENTERPRISE_OPTIONAL)
    if m is None:
        return None
    customs_code = r.text(m, "customs_code", path, check=codes.customs_code_problem)
    name = r.text(m, "name", path)
    org_code = r.text(m, "org_code", path, check=codes.org_code_problem)
    site = r.text(m, "site", path)
    if site is not None and site not in sites:
        known = ", ".join(sorted(sites)) or Msg("reg.none_defined")
        r.error(join(path, "site"), Msg("inv.err.site", site=repr(site), known=known))
    on_list = r.boolean(m, "on_approved_list", path)
    approved = r.integer(m, "approved_terminals", path)
    address = r.text(m, "address", path, required=False)
    tc_path, sa_path = join(path, "transmission_contract"), join(path, "service_agreement")
    transmission = _read_transmission(r, m.get("transmission_contract"), tc_path) \
        if "transmission_contract" in m else None
    service = _read_service(r, m.get("service_agreement"), sa_path) if "service_agreement" in m else None
    bank = _read_bank(r, m.get("bank"), join(path, "bank")) if "bank" in m else None
    contacts = [c for i, raw_c in enumerate(r.sequence(m, "contacts", path, required=False))
                if (c := _read_contact(r, raw_c, join(join(path, "contacts"), i))) is not None]
    plan = r.text(m, "maintenance_plan", path, required=False, choices=MAINTENANCE_PLANS, default="per-visit")
    tpath, cpath = join(path, "terminals"), join(path, "cards")
    terminals = [t for i, raw_t in enumerate(r.sequence(m, "terminals", path, required=False))
                 if (t := _read_terminal(r, raw_t, f"{tpath}[{i}]")) is not None]
    cards = [card for i, raw_card in enumerate(r.sequence(m, "cards", path, required=False))
             if (card := _read_card(r, raw_card, f"{cpath}[{i}]")) is not None]
    if len(r.problems) != before:
        return None
    assert customs_code and name and org_code and site and transmission and service and bank and plan is not None
    assert on_list is not None and approved is not None
    return Enterprise(customs_code, name, org_code, site, on_list, approved, transmission, service, bank,
                      contacts, plan, terminals, cards, address)


def _read_transmission(r: FieldReader, raw: Any, path: str) -> TransmissionContract | None:
    m = r.mapping(raw, path, ("status",), ("signed_on", "signer", "account_number"))
    if m is None:
        return None
    status = r.text(m, "status", path, choices=CONTRACT_STATUSES)
    signed_on = r.date(m, "signed_on", path)
    signer = r.text(m, "signer", path, required=False)
    number = r.text(m, "account_number", path, required=False, check=codes.bank_number_problem)
    if status == "signed":
        for key in ("signed_on", "signer", "account_number"):
            if key not in m:
                r.error(path, Msg("reg.tc.needs", what=Msg(f"reg.tc.needs.{key}")))
    elif status and ("signed_on" in m or "signer" in m or "account_number" in m):
        r.error(path, Msg("reg.tc.not_signed_but", status=status))
    return TransmissionContract(status, signed_on, signer, number.replace(" ", "") if number else None) \
        if status else None


def _read_service(r: FieldReader, raw: Any, path: str) -> ServiceAgreement | None:
    m = r.mapping(raw, path, ("status",), ("signed_on",))
    if m is None:
        return None
    status = r.text(m, "status", path, choices=CONTRACT_STATUSES)
    signed_on = r.date(m, "signed_on", path)
    if status == "signed" and "signed_on" not in m:
        r.error(path, Msg("reg.sa.needs"))
    elif status and status != "signed" and "signed_on" in m:
        r.error(path, Msg("reg.sa.not_signed_but", status=status))
    return ServiceAgreement(status, signed_on) if status else None


def _read_bank(r: FieldReader, raw: Any, path: str) -> BankAccount | None:
    m = r.mapping(raw, path, ("name", "type", "number"), ("bank",))
    if m is None:
        return None
    name = r.text(m, "name", path)
    kind = r.text(m, "type", path, choices=BANK_ACCOUNT_TYPES)
    number = r.text(m, "number", path, check=codes.bank_number_problem)
    if name is None or kind is None or number is None:
        return None
    return BankAccount(name, kind, number.replace(" ", ""))


def _read_contact(r: FieldReader, raw: Any, path: str) -> Contact | None:
    m = r.mapping(raw, path, ("name", "phone"), ("role", "email"))
    if m is None:
        return None
    name = r.text(m, "name", path)
    phone = r.text(m, "phone", path, check=codes.phone_problem)
    role = r.text(m, "role", path, required=False)
    email = r.text(m, "email", path, required=False, check=codes.email_problem)
    return Contact(name, phone, role, email) if name and phone else None


_TERMINAL_KEYS = frozenset(_TERMINAL_REQUIRED)
_PLAIN_CONNECTION_KEYS = frozenset(("via", "credential"))
_OFFLINE_CONNECTION_KEYS = frozenset(("via",))


def _quick_terminal(r: FieldReader, m: dict[str, Any]) -> Terminal | None:
    """The common well-formed terminal, read without the general reader (60,000 of them in a big
    registry); None sends it to the general reader, which finds and reports any problem."""
    conn = m["connection"]
    host, address, role, chassis, installed = m["host"], m["address"], m["role"], m["chassis"], m["qp_installed"]
    if type(host) is not str or type(address) is not str or type(installed) is not bool \
            or role not in TERMINAL_ROLES or chassis not in CHASSIS_KINDS or type(conn) is not dict:
        return None
    if conn.keys() == _OFFLINE_CONNECTION_KEYS and conn["via"] == "offline-kit":
        conn, credential = {"via": "offline-kit"}, "offline-kit"
    elif conn.keys() == _PLAIN_CONNECTION_KEYS and conn["via"] in ("winrm", "ssh"):
        credential = conn["credential"]
        conn = {"via": conn["via"], "credential": credential}
    else:
        return None
    if type(credential) is not str:
        return None
    for value in (host, address, credential):
        if value != value.strip() or (r.not_text is not None and r.not_text(value)):
            return None
    if codes.host_problem(host) or codes.address_problem(address) or codes.credential_problem(credential):
        return None
    return Terminal(host, address, role, chassis, installed, conn)


def _read_terminal(r: FieldReader, raw: Any, path: str) -> Terminal | None:
    if type(raw) is dict and raw.keys() == _TERMINAL_KEYS:
        quick = _quick_terminal(r, raw)
        if quick is not None:
            return quick
    m = r.mapping(raw, path, _TERMINAL_REQUIRED, ("notes",))
    if m is None:
        return None
    host = r.text(m, "host", path, check=codes.host_problem)
    address = r.text(m, "address", path, check=codes.address_problem)
    role = r.text(m, "role", path, choices=TERMINAL_ROLES)
    chassis = r.text(m, "chassis", path, choices=CHASSIS_KINDS)
    installed = r.boolean(m, "qp_installed", path)
    connection = _read_connection(r, m.get("connection"), join(path, "connection")) if "connection" in m else None
    if None in (host, address, role, chassis, installed, connection):
        return None
    assert host and address and role and chassis and installed is not None and connection is not None
    return Terminal(host, address, role, chassis, installed, connection)


def _read_connection(r: FieldReader, raw: Any, path: str) -> dict[str, Any] | None:
    if isinstance(raw, dict):
        for key in raw:
            if _is_secret_key(key):
                r.error(join(path, str(key)), Msg("reg.err.secret"))
                return None
    m = r.mapping(raw, path, ("via",), _CONNECTION_KEYS[1:])
    if m is None:
        return None
    via = r.text(m, "via", path, choices=CONNECTION_KINDS)
    out: dict[str, Any] = {"via": via}
    credential = r.text(m, "credential", path, required=False, check=codes.credential_problem)
    if via in ("winrm", "ssh") and "credential" not in m:
        r.error(path, Msg("reg.err.credential", via=via))
    if credential:
        out["credential"] = credential
    port = r.integer(m, "port", path, minimum=1) if "port" in m else None
    if port is not None:
        if port > 65535:
            r.error(join(path, "port"), Msg("reg.err.port", port=port))
        out["port"] = port
    if len(m) > 2:  # the rarely given keys: skip their reading in the common {via, credential} case
        transport = r.text(m, "transport", path, required=False, choices=_WINRM_TRANSPORTS)
        if transport:
            out["transport"] = transport
        scheme = r.text(m, "scheme", path, required=False, choices=("http", "https"))
        if scheme:
            out["scheme"] = scheme
        for key in ("user_ref", "python"):
            value = r.text(m, key, path, required=False)
            if value:
                out[key] = value
    return out if via else None


@functools.lru_cache(maxsize=256)
def _is_secret_key(key: object) -> bool:
    lowered = str(key).lower()
    return any(word in lowered for word in SECRET_WORDS)


def _read_card(r: FieldReader, raw: Any, path: str) -> Card | None:
    m = r.mapping(raw, path, _CARD_REQUIRED, ("holder_left_on",))
    if m is None:
        return None
    kind = r.text(m, "kind", path, choices=CARD_KINDS)
    number = r.text(m, "number", path, check=codes.card_number_problem)
    holder = r.text(m, "holder", path)
    status = r.text(m, "status", path, choices=CARD_STATUSES)
    left = r.date(m, "holder_left_on", path)
    rights: list[str] = []
    raw_rights = r.sequence(m, "rights", path, required=False)
    for i, right in enumerate(raw_rights):
        name = CARD_RIGHT_ALIASES.get(right, right) if isinstance(right, str) else right
        if name not in CARD_RIGHTS:
            r.error(join(join(path, "rights"), i), Msg("reg.err.right", right=repr(right)))
        elif name in rights:
            r.error(join(join(path, "rights"), i), Msg("reg.err.right_twice", name=name))
        else:
            rights.append(name)
    if kind is None or number is None or holder is None or status is None:
        return None
    return Card(kind, number, holder, rights, status, left)
