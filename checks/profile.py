"""Requirement profiles: YAML data that states every threshold and list the rules use.

A profile is a packaged name (``seed-2007``, ``current``, ``lab``) or a file path; ``extends``
names a parent profile (packaged name or a path relative to the file) whose values are merged
under it. Every problem is reported at once as ``file:line: field.path: message``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from checks import words  # noqa: F401  (registers the shared words of validators)
from checks.errors import InputError, ValidationErrors
from checks.i18n import Msg, add
from checks.yamlio import Located, load_yaml, loads_yaml

add({
    "profile.err.unknown": {"zh": "未知的要求 {ref}；内置的有：{names}，或给出文件路径",
                            "en": "unknown profile {ref}; built-in: {names}, or give a file path"},
    "profile.err.extends": {"zh": "extends：应为要求的名称或路径", "en": "extends: must be a profile name or path"},
    "profile.err.extends_long": {"zh": "extends：路径超过 {n} 个字符", "en": "extends: a path longer than {n} characters"},
    "profile.err.chain": {"zh": "extends：继承链超过 {n} 个要求（循环？）", "en": "extends: more than {n} profiles in the chain (a loop?)"},
    "profile.err.loop": {"zh": "extends：要求通过 {file} 形成循环", "en": "extends: profile loop through {file}"},
    # problems of a profile file, each after ``file:line: field.path: `` (msg.at)
    "profile.v.document": {"zh": "要求文件应为映射，包含 name、ntp 和 rules",
                           "en": "a profile must be a mapping with name, ntp and rules"},
    "profile.v.text_missing": {"zh": "缺少这一项（应为文字）", "en": "required text missing"},
    "profile.v.ntp_missing": {"zh": "缺少这一项（应为映射：{{server, port, timeout_seconds}}）",
                              "en": "required mapping {{server, port, timeout_seconds}} missing"},
    "profile.v.server": {"zh": "应为主机名或IP地址", "en": "must be a host name or address"},
    "profile.v.rules_missing": {"zh": "缺少这一项（应为“规则 id: 参数”的映射）",
                                "en": "required mapping of rule id -> parameters missing"},
    "profile.v.unknown_rule": {"zh": "未知的规则“{rule}”{hint}（可用的规则：{valid}）",
                               "en": "unknown rule '{rule}'{hint} (valid: {valid})"},
    "profile.v.params": {"zh": "应为参数的映射", "en": "must be a mapping of parameters"},
    "profile.v.level": {"zh": "无效的级别 {got}；可选：{valid}", "en": "invalid level {got}; valid: {valid}"},
    "profile.v.unknown_param": {"zh": "未知的参数{hint}（可用的参数：{valid}）",
                                "en": "unknown parameter{hint} (valid: {valid})"},
    "profile.v.param_missing": {"zh": "缺少参数“{name}”", "en": "parameter '{name}' missing"},
    "profile.v.rule_missing": {"zh": "缺少规则“{rule}”（不需要这项检查时写 level: off）",
                               "en": "rule '{rule}' missing (set level: off to disable it)"},
    "profile.v.warn_over_fail": {"zh": "不能大于 fail_seconds（{warn} > {fail}）",
                                 "en": "must not exceed fail_seconds ({warn} > {fail})"},
    "profile.v.pos_int": {"zh": "应为正整数，而不是 {got}", "en": "must be a positive whole number, got {got}"},
    "profile.v.int": {"zh": "应为整数，而不是 {got}", "en": "must be a whole number, got {got}"},
    "profile.v.pos_num": {"zh": "应为正数，而不是 {got}", "en": "must be a positive number, got {got}"},
    "profile.v.list": {"zh": "应为列表，而不是 {got}", "en": "must be a list, got {got}"},
    "profile.v.item_int": {"zh": "[{i}] 应为整数，而不是 {got}", "en": "[{i}] must be a whole number, got {got}"},
    "profile.v.item_text": {"zh": "[{i}] 应为文字，而不是 {got}", "en": "[{i}] must be a text, got {got}"},
    "profile.v.item_regex": {"zh": "[{i}] 不是有效的正则表达式（详情：{detail}）",
                             "en": "[{i}] is not a valid regular expression: {detail}"},
    "profile.v.item_software": {"zh": "[{i}] 应写成 {{name: ..., pattern: ...}}",
                                "en": "[{i}] must be {{name: ..., pattern: ...}}"},
    "profile.v.item_pattern": {"zh": "[{i}].pattern 不是有效的正则表达式（详情：{detail}）",
                               "en": "[{i}].pattern is not a valid regular expression: {detail}"},
})

LEVELS = ("must", "recommended", "info", "off")
DEFAULT_PROFILE = "current"
MAX_EXTENDS = 8  # profiles in one extends chain
MAX_EXTENDS_PATH = 1024

# Parameter kinds of each rule id; the rule ids are fixed (see checks.rules).
RULE_PARAMS: dict[str, dict[str, str]] = {
    "chassis": {"desktop_types": "int_list", "portable_types": "int_list"},
    "cpu": {"min_mhz": "pos_int", "tolerance_mhz": "nonneg_int"},
    "memory": {"min_bytes": "pos_int", "shared_video_margin_bytes": "nonneg_int"},
    "disk_c": {"drive": "str", "min_free_bytes": "pos_int"},
    "optical_drive": {"virtual_drives": "regex_list"},
    "network": {},
    "usb": {},
    "os": {"families": "str_list", "versions": "str_list", "language_ids": "int_list"},
    "antivirus": {"vendors": "regex_list"},
    "clock": {"warn_seconds": "pos_num", "fail_seconds": "pos_num", "utc_offset_minutes": "int",
              "manual_margin_seconds": "nonneg_num"},
    "dedicated": {"software": "software_list"},
    "longda": {"programs": "regex_list", "services": "regex_list", "paths": "str_list"},
    "road_port": {"programs": "regex_list", "paths": "str_list"},
}
# Parameters a profile may leave out (profiles written before they existed stay valid): their defaults.
RULE_DEFAULTS: dict[str, dict[str, Any]] = {
    # A clock read by a person from a phone and typed to the minute (the USB kit without a network):
    # both thresholds are widened by this much.
    "clock": {"manual_margin_seconds": 120},
}


@dataclass(frozen=True)
class Profile:
    """A validated requirement profile."""

    name: str
    title: dict[str, str]
    ntp: dict[str, Any]
    rules: dict[str, dict[str, Any]]
    source: str = "<builtin>"
    chain: tuple[str, ...] = field(default_factory=tuple)

    def level(self, rule_id: str) -> str:
        return str(self.rules[rule_id]["level"])


def builtin_names() -> list[str]:
    """Names of the profiles shipped in ``checks/profiles``."""
    folder = resources.files("checks").joinpath("profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _read(ref: str, base: Path | None) -> Located:
    """Read a profile by packaged name or path (relative to ``base`` for ``extends``)."""
    looks_like_path = ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref
    if not looks_like_path:
        item = resources.files("checks").joinpath(f"profiles/{ref}.yaml")
        if item.is_file():
            return loads_yaml(item.read_text("utf-8"), f"profile:{ref}")
        raise InputError(Msg("profile.err.unknown", ref=repr(ref), names=", ".join(builtin_names())), where="--profile")
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = base / path
    return load_yaml(path, what="profile")


def _identity(file: str) -> str:
    """One name per file, whatever the spelling (``a/../b.yaml``, a symbolic link)."""
    if file.startswith("profile:"):
        return file
    try:
        return str(Path(file).resolve())
    except (OSError, RuntimeError):
        return file


def _merge(parent: Any, child: Any) -> Any:
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            out[key] = _merge(parent.get(key), value) if key in parent else value
        return out
    return child


def _check_param(kind: str, value: Any) -> Msg | None:
    """An error message (a catalogue text) for a parameter value of the wrong kind, else None."""
    def is_int(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    if kind == "pos_int":
        return None if is_int(value) and value > 0 else Msg("profile.v.pos_int", got=repr(value))
    if kind == "nonneg_int":
        return None if is_int(value) and value >= 0 else Msg("v.whole_ge0", got=repr(value))
    if kind == "int":
        return None if is_int(value) else Msg("profile.v.int", got=repr(value))
    if kind == "nonneg_num":
        ok = (is_int(value) or isinstance(value, float)) and value >= 0
        return None if ok else Msg("v.number_ge0", got=repr(value))
    if kind == "pos_num":
        ok = (is_int(value) or isinstance(value, float)) and value > 0
        return None if ok else Msg("profile.v.pos_num", got=repr(value))
    if kind == "str":
        return None if isinstance(value, str) and value else Msg("v.text", got=repr(value))
    if kind in ("str_list", "int_list", "regex_list", "software_list"):
        if not isinstance(value, list):
            return Msg("profile.v.list", got=type(value).__name__)
        for i, item in enumerate(value):
            if kind == "int_list" and not is_int(item):
                return Msg("profile.v.item_int", i=i, got=repr(item))
            if kind in ("str_list", "regex_list") and not isinstance(item, str):
                return Msg("profile.v.item_text", i=i, got=repr(item))
            if kind == "regex_list":
                try:
                    # as the rules use it: joined with the others inside (?:...), so a global inline flag
                    # such as (?i) is refused here, not by a crash at judging time
                    re.compile(f"(?:{item})", re.IGNORECASE)
                except re.error as exc:
                    return Msg("profile.v.item_regex", i=i, detail=str(exc))
            if kind == "software_list":
                if not (isinstance(item, dict) and isinstance(item.get("name"), str)
                        and isinstance(item.get("pattern"), str)):
                    return Msg("profile.v.item_software", i=i)
                try:
                    re.compile(f"(?:{item['pattern']})", re.IGNORECASE)
                except re.error as exc:
                    return Msg("profile.v.item_pattern", i=i, detail=str(exc))
        return None
    raise AssertionError(kind)  # pragma: no cover


def _validate(data: Any, doc: Located) -> list[str]:
    errors: list[str] = []  # Msg, each (the English text of record)

    def err(path: str, message: Msg) -> None:
        errors.append(Msg("msg.at", where=doc.where(path), what=message))

    if not isinstance(data, dict):
        return [Msg("msg.at", where=f"{doc.file}:1", what=Msg("profile.v.document"))]
    for key in data:
        if key not in ("name", "title", "ntp", "rules", "extends"):
            err(str(key), Msg("v.unknown_field", hint="", known=("name", "title", "extends", "ntp", "rules")))
    if not isinstance(data.get("name"), str) or not data.get("name"):
        err("name", Msg("profile.v.text_missing"))
    ntp = data.get("ntp")
    if not isinstance(ntp, dict):
        err("ntp", Msg("profile.v.ntp_missing"))
    else:
        if not isinstance(ntp.get("server"), str) or not ntp.get("server"):
            err("ntp.server", Msg("profile.v.server"))
        port = ntp.get("port", 123)
        if not (isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536):
            err("ntp.port", Msg("v.port", got=repr(port)))
        problem = _check_param("pos_num", ntp.get("timeout_seconds", 2.0))
        if problem:
            err("ntp.timeout_seconds", problem)
    rules = data.get("rules")
    if not isinstance(rules, dict):
        err("rules", Msg("profile.v.rules_missing"))
        return errors
    for rule_id, params in rules.items():
        path = f"rules.{rule_id}"
        if rule_id not in RULE_PARAMS:
            import difflib  # only for a mistake: keeps it off the start-up path

            close = difflib.get_close_matches(str(rule_id), RULE_PARAMS, n=1)
            err(path, Msg("profile.v.unknown_rule", rule=str(rule_id), valid=tuple(RULE_PARAMS),
                          hint=Msg("v.did_you_mean", name=close[0]) if close else ""))
            continue
        if not isinstance(params, dict):
            err(path, Msg("profile.v.params"))
            continue
        spec = RULE_PARAMS[rule_id]
        if params.get("level") is False:  # YAML 1.1 reads a bare `off` as false
            params["level"] = "off"
        if params.get("level") not in LEVELS:
            err(f"{path}.level", Msg("profile.v.level", got=repr(params.get("level")), valid=LEVELS))
        for key, value in params.items():
            if key == "level":
                continue
            if key not in spec:
                import difflib

                close = difflib.get_close_matches(str(key), spec, n=1)
                err(f"{path}.{key}", Msg("profile.v.unknown_param", valid=("level", *spec),
                                         hint=Msg("v.did_you_mean", name=close[0]) if close else ""))
                continue
            problem = _check_param(spec[key], value)
            if problem:
                err(f"{path}.{key}", problem)
        for key in spec:
            if key not in params and key not in RULE_DEFAULTS.get(str(rule_id), {}):
                err(path, Msg("profile.v.param_missing", name=key))
    for rule_id in RULE_PARAMS:
        if rule_id not in rules:
            err("rules", Msg("profile.v.rule_missing", rule=rule_id))
    clock = rules.get("clock")
    if isinstance(clock, dict):
        warn, fail = clock.get("warn_seconds"), clock.get("fail_seconds")
        if isinstance(warn, int | float) and isinstance(fail, int | float) and warn > fail:
            err("rules.clock.warn_seconds", Msg("profile.v.warn_over_fail", warn=warn, fail=fail))
    return errors


def load_profile(ref: str | None = None) -> Profile:
    """Load, merge (``extends``) and validate a profile by name or path."""
    ref = ref or DEFAULT_PROFILE
    chain: list[str] = []
    doc = _read(ref, None)
    merged: Any = doc.data
    base = Path(doc.file).parent if not doc.file.startswith("profile:") else None
    seen = {_identity(doc.file)}
    current = doc
    while isinstance(merged, dict) and merged.get("extends"):
        parent_ref = merged["extends"]
        where = f"{current.file}:{current.line('extends')}"
        if not isinstance(parent_ref, str):
            raise InputError(Msg("profile.err.extends"), where=where)
        if len(parent_ref) > MAX_EXTENDS_PATH:
            raise InputError(Msg("profile.err.extends_long", n=MAX_EXTENDS_PATH), where=where)
        if len(chain) >= MAX_EXTENDS:
            raise InputError(Msg("profile.err.chain", n=MAX_EXTENDS), where=where)
        parent = _read(parent_ref, base)
        if _identity(parent.file) in seen:
            raise InputError(Msg("profile.err.loop", file=parent.file), where=where)
        seen.add(_identity(parent.file))
        current = parent
        chain.append(parent.file)
        child = {k: v for k, v in merged.items() if k != "extends"}
        merged = _merge(parent.data, child)
        base = Path(parent.file).parent if not parent.file.startswith("profile:") else base
    # line numbers: the user's own file wins; merged-in values point at the top file
    errors = _validate(merged, doc)
    if errors:
        raise ValidationErrors(errors, what=f"profile {ref}")
    return Profile(
        name=merged["name"],
        title=merged.get("title") or {"zh": merged["name"], "en": merged["name"]},
        ntp={"server": merged["ntp"]["server"], "port": merged["ntp"].get("port", 123),
             "timeout_seconds": float(merged["ntp"].get("timeout_seconds", 2.0))},
        rules={rid: {**RULE_DEFAULTS.get(rid, {}), **params} for rid, params in merged["rules"].items()},
        source=doc.file,
        chain=tuple(chain),
    )
