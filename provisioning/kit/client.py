"""Where the QP client reads its defaults and print settings, and what the installer writes there.

``inventory/qp_client.yml`` lists the client defaults the source names (§8.1, §13.2: declaration type,
declaring customs code, print format "standard", A4, margins, copies, printer, automatic paper feed),
each in the carrier selector's target format (registry or INI; validated by the carrier's own
``parse_target``), because each site confirms the locations for its client version. A value may name
the enterprise (``{site}``, ``{customs_code}``) or take the chosen printer (``value_from: printer``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks import words  # noqa: F401  (registers the shared words of validators)
from checks.carrier.apply import target_document
from checks.carrier.config import parse_target
from checks.errors import ValidationErrors
from checks.i18n import Msg
from checks.yamlio import load_yaml
from provisioning.kit import texts  # noqa: F401  (registers the kit's words: kit.client.*)

DEFAULT_CLIENT = "inventory/qp_client.yml"
PLACEHOLDERS = ("site", "customs_code")
TARGET_FIELDS = ("target", "path", "ini_section", "ini_key", "registry_key", "registry_value")
TOP_FIELDS = ("client_version", "example", "defaults", "printer", "road_port_folders")
ENTRY_FIELDS = ("id", "label", "value", "value_from", "registry_type", "registry_view", *TARGET_FIELDS)


@dataclass(frozen=True)
class ClientConfig:
    """The QP client's value locations (one settings entry each) and the printer choice."""

    source: str
    values: list[dict[str, Any]]
    printer: dict[str, Any]
    road_port_folders: list[str] = field(default_factory=list)
    example: bool = False


def load_client_config(path: str | Path = DEFAULT_CLIENT) -> ClientConfig:
    """Read and validate the client locations; every problem at once as ``file:line: field: message``."""
    doc = load_yaml(Path(path), what="QP client settings")
    data = doc.data
    errors: list[str] = []  # Msg, each (the English text of record)

    def err(where: str, message: Msg) -> None:
        errors.append(Msg("msg.at", where=doc.where(where), what=message))

    if not isinstance(data, dict):
        raise ValidationErrors([Msg("msg.at", where=f"{doc.file}:1", what=Msg("kit.client.document"))], what=doc.file)
    for key in data:
        if key not in TOP_FIELDS:
            err(str(key), Msg("v.unknown_field", hint="", known=TOP_FIELDS))
    if data.get("client_version") != 1:
        err("client_version", Msg("kit.client.version", got=repr(data.get("client_version"))))
    values: list[dict[str, Any]] = []
    seen: set[str] = set()
    entries = data.get("defaults")
    if not isinstance(entries, list):
        err("defaults", Msg("kit.client.defaults"))
        entries = []
    for i, entry in enumerate(entries):
        at = f"defaults[{i}]"
        if not isinstance(entry, dict):
            err(at, Msg("kit.client.mapping"))
            continue
        for key in entry:
            if key not in ENTRY_FIELDS:
                close = difflib.get_close_matches(str(key), ENTRY_FIELDS, n=1)
                err(f"{at}.{key}", Msg("kit.client.unknown_field",
                                       hint=Msg("v.did_you_mean", name=close[0]) if close else ""))
        ident = entry.get("id")
        if not isinstance(ident, str) or not ident or ident in seen or ident == "carrier":
            err(f"{at}.id", Msg("kit.client.id", got=repr(ident)))
        seen.add(str(ident))
        target, problems = parse_target(doc, {k: v for k, v in entry.items() if k in TARGET_FIELDS}, at)
        errors += problems
        if target is not None and target.target == "file":
            err(f"{at}.target", Msg("kit.client.target"))
            target = None
        if target is not None and target.target == "ini" and not target.path:
            err(f"{at}.path", Msg("carrier.v.required_for", target="ini"))
        if target is not None and target.target == "registry" and not target.registry_key:
            err(f"{at}.registry_key", Msg("carrier.v.required_for", target="registry"))
        has_value, has_from = "value" in entry, "value_from" in entry
        if has_value == has_from:
            err(at, Msg("kit.client.value_or_from"))
        if has_from and entry.get("value_from") != "printer":
            err(f"{at}.value_from", Msg("kit.client.value_from", got=repr(entry.get("value_from"))))
        value = entry.get("value")
        if (has_value and not (isinstance(value, str | int) and not isinstance(value, bool))) or "\n" in str(value):
            err(f"{at}.value", Msg("kit.client.value", got=repr(value)))
        rtype = entry.get("registry_type", "REG_SZ")
        if rtype not in ("REG_SZ", "REG_DWORD"):
            err(f"{at}.registry_type", Msg("kit.client.registry_type", got=repr(rtype), valid="REG_SZ, REG_DWORD"))
        view = entry.get("registry_view", 32)
        if view not in (32, 64):
            err(f"{at}.registry_view", Msg("kit.client.registry_view", got=repr(view)))
        if target is None or errors:
            continue
        item: dict[str, Any] = {"id": ident, "label": str(entry.get("label") or ident), **target_document(target)}
        if target.target == "registry":
            item.update(registry_type=rtype, registry_view=view)
        if has_from:
            item["value_from"] = "printer"
        else:
            item["value"] = str(value)
        values.append(item)
    printer = data.get("printer") or {}
    if not isinstance(printer, dict) or set(printer) - {"make_default", "name"}:
        err("printer", Msg("kit.client.printer"))
        printer = {}
    if not isinstance(printer.get("make_default", True), bool):
        err("printer.make_default", Msg("kit.client.bool"))
    name = printer.get("name")
    if name is not None and not (isinstance(name, str) and name.strip()):
        err("printer.name", Msg("kit.client.printer_name"))
    folders = data.get("road_port_folders") or []
    if not (isinstance(folders, list) and all(isinstance(f, str) and f for f in folders)):
        err("road_port_folders", Msg("kit.client.folders"))
        folders = []
    if errors:
        raise ValidationErrors(errors, what=doc.file)
    return ClientConfig(doc.file, values, {"make_default": printer.get("make_default", True), "name": name},
                        list(folders), bool(data.get("example", False)))


def fill(text: str, enterprise: dict[str, Any]) -> str:
    """A value with ``{site}`` / ``{customs_code}`` replaced by the enterprise's."""
    for key in PLACEHOLDERS:
        text = text.replace("{" + key + "}", str(enterprise[key]))
    return text
