"""The facts of one terminal: the typed model, loading, and validation against the one schema.

Facts record what a collector observed, never a judgement. Each probe has a status:
``observed`` (value read), ``absent`` (looked for, not there) or ``failed`` (the query
itself failed; ``error`` says why). Rules turn ``failed`` into UNKNOWN, never PASS.
The schema (``checks/schema/facts.schema.json``) is the contract; :func:`validate` checks a
document against it with a small interpreter of the JSON Schema keywords the schema uses,
so the CLI does not import jsonschema on its start-up path (tests cross-check with jsonschema).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from checks import words  # noqa: F401  (registers the shared words of validators)
from checks.errors import InputError
from checks.i18n import Msg, add

add({
    "facts.err.schema": {"zh": "检测数据不符合格式：{detail}", "en": "{detail}"},
    "facts.err.empty": {"zh": "检测数据文档是空的", "en": "empty facts document"},
    "facts.err.not_json": {"zh": "不是检测数据（JSON）文档；开头是 {start}", "en": "not a facts JSON document; it starts with {start}"},
    # schema problems of a facts document, each after ``field.path: `` (msg.at)
    "facts.v.document": {"zh": "（整个文档）", "en": "(document)"},
    "facts.v.null": {"zh": "应为 null", "en": "must be null"},
    "facts.v.const": {"zh": "应为 {want}，而不是 {got}", "en": "must be {want}, got {got}"},
    "facts.v.enum": {"zh": "{got} 不是可选的值（可选：{valid}）", "en": "{got} is not one of {valid}"},
    "facts.v.type": {"zh": "应为{want}，而不是{got}", "en": "expected {want}, got {got}"},
    "facts.v.or": {"zh": "{a}或{b}", "en": "{a} or {b}"},
    "facts.v.empty": {"zh": "不能为空", "en": "must not be empty"},
    "facts.v.required": {"zh": "缺少必填的字段", "en": "required field missing"},
    "facts.v.version_kind": {"zh": "应为整数 {n}，而不是{kind} {got}", "en": "must be the whole number {n}, not {kind} {got}"},
    "facts.v.version": {"zh": "未知的版本 {got}；本版 qpfleet 读取版本 {n}",
                        "en": "unknown version {got}; this qpfleet reads version {n}"},
    "facts.v.more": {"zh": "……另有 {n} 处", "en": "... and {n} more"},
    "facts.kind.decimal": {"zh": "小数", "en": "a decimal number"},
    "facts.type.null": {"zh": "空值（null）", "en": "null"},
    "facts.type.boolean": {"zh": "布尔值（true/false）", "en": "boolean"},
    "facts.type.integer": {"zh": "整数", "en": "integer"},
    "facts.type.number": {"zh": "数", "en": "number"},
    "facts.type.string": {"zh": "文字", "en": "string"},
    "facts.type.array": {"zh": "列表", "en": "array"},
    "facts.type.object": {"zh": "对象", "en": "object"},
    # a probe the collector did not run
    "facts.not_collected": {"zh": "本采集程序没有采集这一项", "en": "not collected by this collector"},
})

SCHEMA_VERSION = 1
OBSERVED, ABSENT, FAILED = "observed", "absent", "failed"
PROBE_NAMES = (
    "system", "chassis", "battery", "cpu", "memory", "disks", "optical_drives", "network_adapters",
    "usb_controllers", "os", "security_center", "programs", "services", "paths", "clock",
)
MAX_FACTS_BYTES = 32 * 1024 * 1024


@cache
def schema() -> dict[str, Any]:
    """The facts JSON schema shipped with the package."""
    text = resources.files("checks").joinpath("schema/facts.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "integer": (int,),
    "number": (int, float), "boolean": (bool,), "null": (type(None),),
}


def _is_type(value: Any, name: str) -> bool:
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    if name == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES[name])


def _at(path: str, what: Msg) -> Msg:
    """``field.path: what`` (the whole document when the path is empty)."""
    return Msg("msg.at", where=path or Msg("facts.v.document"), what=what)


def _kind(name: str) -> Msg | str:
    """A JSON type name (object, string ...) for people; an unknown one as it is."""
    return Msg(f"facts.type.{name}") if name in _TYPES else name


def _any_of(names: list[str]) -> Msg | str:
    """``object or null`` in the user's language."""
    first = _kind(names[0])
    return first if len(names) == 1 else Msg("facts.v.or", a=first, b=_any_of(names[1:]))


def _check(value: Any, sch: dict[str, Any], path: str, errors: list[str]) -> None:
    if "anyOf" in sch:
        trials: list[list[str]] = []
        for alt in sch["anyOf"]:
            errs: list[str] = []
            _check(value, alt, path, errs)
            if not errs:
                return
            if alt.get("type") != "null":  # a non-null value: the null alternative's complaint says nothing
                trials.append(errs)
        best: list[str] = min(trials, key=lambda errs: len(errs)) if trials else \
            [Msg("msg.at", where=path, what=Msg("facts.v.null"))]
        errors.extend(best)
        return
    if "const" in sch and value != sch["const"]:
        errors.append(_at(path, Msg("facts.v.const", want=json.dumps(sch["const"]), got=json.dumps(value)[:60])))
        return
    if "enum" in sch and value not in sch["enum"]:
        choices = tuple(_shown_json(c) for c in sch["enum"])
        errors.append(Msg("msg.at", where=path, what=Msg("facts.v.enum", got=_shown_json(value)[:60], valid=choices)))
        return
    if "type" in sch:
        names = sch["type"] if isinstance(sch["type"], list) else [sch["type"]]
        if not any(_is_type(value, n) for n in names):
            errors.append(_at(path, Msg("facts.v.type", want=_any_of(names), got=_kind(_type_name(value)))))
            return
    if isinstance(value, str) and len(value) < sch.get("minLength", 0):
        errors.append(Msg("msg.at", where=path, what=Msg("facts.v.empty")))
    if isinstance(value, dict):
        props: dict[str, Any] = sch.get("properties", {})
        for req in sch.get("required", []):
            if req not in value:
                errors.append(Msg("msg.at", where=_join(path, req), what=Msg("facts.v.required")))
        for key, item in value.items():
            if key in props:
                _check(item, props[key], _join(path, key), errors)
            elif sch.get("additionalProperties", True) is False:
                errors.append(Msg("msg.at", where=_join(path, key), what=Msg("v.unknown_field", hint="",
                                                                                 known=tuple(props))))
    if isinstance(value, list) and "items" in sch:
        for i, item in enumerate(value):
            _check(item, sch["items"], f"{path}[{i}]", errors)


def _shown_json(value: Any) -> str:
    """``json.dumps`` keeping Chinese readable, and what it leaves that a terminal would act on (DEL, C1,
    bidirectional and invisible characters) escaped by ``safe_text`` (the kit's evaluator words it so)."""
    from checks.textio import safe_text  # only for a document being refused: not on the start-up path

    return safe_text(json.dumps(value, ensure_ascii=False))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_name(value: Any) -> str:
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _is_type(value, name):
            return name
    return type(value).__name__


def validate(doc: Any) -> list[str]:
    """All schema violations of a facts document, as ``field.path: message`` catalogue texts (English strings)."""
    if isinstance(doc, dict) and "schema_version" in doc:
        version = doc["schema_version"]
        if type(version) is not int:  # never 1.0, "1" or true, which compare equal to 1 or look like it
            kind = Msg("facts.kind.decimal") if type(version) is float else _kind(_type_name(version))
            return [Msg("msg.at", where="schema_version", what=Msg(
                "facts.v.version_kind", n=SCHEMA_VERSION, kind=kind, got=json.dumps(version)[:30]))]
        if version != SCHEMA_VERSION:
            return [Msg("msg.at", where="schema_version", what=Msg("facts.v.version", got=version, n=SCHEMA_VERSION))]
    errors: list[str] = []
    _check(doc, schema(), "", errors)
    return errors


@dataclass(frozen=True)
class Probe:
    """One probe's outcome: observed / absent / failed, with its value, error and source."""

    status: str
    value: Any = None
    error: str | None = None
    source: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == OBSERVED

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "value": self.value}
        if self.error is not None:
            out["error"] = self.error
        if self.source is not None:
            out["source"] = self.source
        return out


MISSING = Probe(FAILED, None, Msg("facts.not_collected"))


@dataclass
class Facts:
    """The facts of one terminal (schema version 1)."""

    host: str
    collector: dict[str, Any]
    collected_at: dict[str, Any]
    probes: dict[str, Probe] = field(default_factory=dict)

    def probe(self, name: str) -> Probe:
        """The named probe; a probe the collector did not run counts as failed, never absent."""
        return self.probes.get(name, MISSING)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "qpfleet.facts",
            "schema_version": SCHEMA_VERSION,
            "host": self.host,
            "collector": self.collector,
            "collected_at": self.collected_at,
            "probes": {name: p.to_json() for name, p in self.probes.items()},
        }


def from_json(doc: Any, where: str = "facts") -> Facts:
    """Build :class:`Facts` from a parsed document; every schema problem is reported at once."""
    errors = validate(doc)
    if errors:
        shown = errors[:5] + ([Msg("facts.v.more", n=len(errors) - 5)] if len(errors) > 5 else [])
        raise InputError(Msg("facts.err.schema", detail=shown), where=where)
    probes = {
        name: Probe(p["status"], p.get("value"), p.get("error"), p.get("source"))
        for name, p in doc["probes"].items()
    }
    return Facts(doc["host"], doc["collector"], doc["collected_at"], probes)


def decode_output(raw: bytes) -> str:
    """Decode collector output: UTF-8 (with or without BOM), UTF-16 with BOM, or the GBK code page."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gbk", errors="replace")


def loads(raw: bytes | str, where: str = "facts") -> Facts:
    """Parse facts JSON text (bytes in any encoding :func:`decode_output` accepts), strictly: duplicate
    keys (a facts file with ``memory`` twice), NaN, numbers beyond range and deep nesting are refused."""
    from checks.textio import loads_json

    text = decode_output(raw) if isinstance(raw, bytes) else raw
    stripped = text.strip()
    if not stripped:
        raise InputError(Msg("facts.err.empty"), where=where)
    if stripped[:1] not in "{[":
        snippet = stripped[:40].replace("\n", " ")
        raise InputError(Msg("facts.err.not_json", start=repr(snippet)), where=where)
    return from_json(loads_json(text, where, "facts JSON document"), where)


def load(path: str | os.PathLike[str]) -> Facts:
    """Read a facts file (``--facts FILE``) through the one bounded reader."""
    from checks.textio import read_bytes

    return loads(read_bytes(path, MAX_FACTS_BYTES, "facts file"), where=str(path))
