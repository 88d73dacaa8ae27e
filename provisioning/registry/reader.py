"""Typed reading of located YAML fields that collects every problem as ``file:line: field.path: message``.

The registry loader reads each field through a :class:`FieldReader`, so a wrong type, a missing
field or an unknown key is reported with its line and the loader goes on to find the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from checks.i18n import Msg, add
from checks.textio import control_char, safe_text
from checks.yamlio import Located, join

add({
    "type.empty": {"zh": "空值", "en": "empty"},
    "type.boolean": {"zh": "布尔值", "en": "a boolean"},
    "type.number": {"zh": "数字", "en": "a number"},
    "type.decimal": {"zh": "小数", "en": "a decimal number"},
    "type.text": {"zh": "文字", "en": "text"},
    "type.list": {"zh": "列表", "en": "a list"},
    "type.mapping": {"zh": "映射", "en": "a mapping"},
    "type.date": {"zh": "日期", "en": "a date"},
    "reg.v.mapping": {"zh": "应为映射（若干行“键: 值”），而不是{got}", "en": "must be a mapping (key: value lines), not {got}"},
    "reg.v.unknown_field": {"zh": "未知的字段“{key}”；可用：{valid}", "en": "unknown field '{key}'; valid: {valid}"},
    "reg.v.missing": {"zh": "缺少必填字段“{key}”", "en": "missing required field '{key}'"},
    "reg.v.missing_empty": {"zh": "缺少必填字段“{key}”（它是空的）", "en": "missing required field '{key}' (it is empty)"},
    "reg.v.list_empty": {"zh": "应为列表，不能是空的", "en": "must be a list, not empty"},
    "reg.v.list": {"zh": "应为列表（以“- ”开头的若干行），而不是{got}", "en": "must be a list (lines starting with '- '), not {got}"},
    "reg.v.empty": {"zh": "不能是空的", "en": "must not be empty"},
    "reg.v.quote_hint": {"zh": "（代码和号码请加引号：不加引号的数字会丢掉开头的0）",
                         "en": " (write codes and numbers in quotes: an unquoted number loses leading zeros)"},
    "reg.v.text": {"zh": "应为文字，而不是{got}{hint}", "en": "must be text, not {got}{hint}"},
    "reg.v.yaml11": {"zh": "YAML 1.1 会把它读成非文字的值：由慢速路径判定", "en": "read by YAML 1.1 as a non-text value: decided on the slow path"},
    "reg.v.control": {"zh": "{value} 中有控制字符 {char}；登记册中的文字必须是一行可打印字符",
                      "en": "control character {char} in {value}; registry text is one line of printable characters"},
    "reg.v.choice": {"zh": "无效的值“{value}”；可选：{valid}", "en": "invalid value '{value}'; valid: {valid}"},
    "reg.v.value": {"zh": "“{value}”：{problem}", "en": "'{value}': {problem}"},
    "reg.v.bool": {"zh": "应为 true 或 false，而不是{got} {value}", "en": "must be true or false, not {got} {value}"},
    "reg.v.whole": {"zh": "应为整数，而不是{got} {value}", "en": "must be a whole number, not {got} {value}"},
    "reg.v.minimum": {"zh": "应不小于 {min}，不能是 {value}", "en": "must be {min} or more, not {value}"},
    "reg.v.date": {"zh": "应为日期 YYYY-MM-DD，而不是 {value}", "en": "must be a date YYYY-MM-DD, not {value}"},
})

Check = Callable[[str], "str | None"]


def _type_name(value: Any) -> str:
    if value is None:
        return Msg("type.empty")
    if isinstance(value, bool):
        return Msg("type.boolean")
    if isinstance(value, int):
        return Msg("type.number")
    if isinstance(value, float):
        return Msg("type.decimal")
    if isinstance(value, str):
        return Msg("type.text")
    if isinstance(value, list):
        return Msg("type.list")
    if isinstance(value, dict):
        return Msg("type.mapping")
    if isinstance(value, dt.date):
        return Msg("type.date")
    return type(value).__name__


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# the first characters of a plain scalar YAML 1.1 may read as a boolean, number or date (fastload.yaml11_not_text)
_YAML11_FIRST = frozenset("yYnNoO+-0123456789")
_KNOWN: dict[tuple[tuple[str, ...], tuple[str, ...]], frozenset[str]] = {}


class FieldReader:
    """Reads fields of one located document, appending problems and warnings to shared lists."""

    def __init__(self, doc: Located, problems: list[str], warnings: list[str]) -> None:
        self.doc = doc
        self.problems = problems
        self.warnings = warnings
        # a document from the YAML 1.2 fast path: text that YAML 1.1 reads otherwise must go the slow way
        self.not_text: Callable[[str], bool] | None = getattr(doc, "yaml11_not_text", None)

    def error(self, path: str, message: str) -> None:
        self.problems.append(Msg("msg.at", where=self.problem_where(path), what=message))

    def problem_where(self, path: str) -> str:
        """Where a problem is; on the fast path just the field path (those messages are never shown:
        the slow path reads the registry again and reports with lines)."""
        return path if self.not_text is not None else self.doc.where(path)

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Msg("msg.at", where=self.doc.where(path), what=message))

    def where(self, path: str) -> str:
        return self.doc.where(path)

    def mapping(self, value: Any, path: str, required: Iterable[str], optional: Iterable[str]) -> dict[str, Any] | None:
        """``value`` as a mapping; missing required keys and unknown keys are problems.

        A key written with nothing after it (``signer:``) or with blank text (``signer: ""``) is
        *missing*, for every field: it is left out of the returned mapping, so no rule can take an
        empty value for a given one.
        """
        if not isinstance(value, dict):
            self.error(path, Msg("reg.v.mapping", got=_type_name(value)))
            return None
        required, optional = tuple(required), tuple(optional)
        known = _KNOWN.get((required, optional))
        if known is None:
            if len(_KNOWN) >= 256:       # some callers pass keys read from a file: keep the cache bounded
                _KNOWN.clear()
            known = _KNOWN[(required, optional)] = frozenset((*required, *optional))
        if not value.keys() <= known:    # one set operation for the common case: every key is known
            valid = (*required, *optional)
            for key in value:
                if key not in known:
                    self.error(join(path, str(key)), Msg("reg.v.unknown_field", key=key, valid=valid))
        given = value
        for v in value.values():         # a plain loop: 400,000 values in a large registry
            if v is None or (v.__class__ is str and not v.strip()):
                given = {k: v for k, v in value.items() if not _blank(v)}
                break
        for key in required:
            if key not in given:
                self.error(path, Msg("reg.v.missing_empty" if key in value else "reg.v.missing", key=key))
        return given

    def sequence(self, m: dict[str, Any], key: str, path: str, required: bool = True) -> list[Any]:
        """``m[key]`` as a list (empty when absent and optional)."""
        value = m.get(key)
        if value is None:
            if required and key in m:
                self.error(join(path, key), Msg("reg.v.list_empty"))
            return []
        if not isinstance(value, list):
            self.error(join(path, key), Msg("reg.v.list", got=_type_name(value)))
            return []
        return value

    def text(self, m: dict[str, Any], key: str, path: str, *, required: bool = True,
             choices: tuple[str, ...] | None = None, check: Check | None = None,
             default: str | None = None) -> str | None:
        """``m[key]`` as non-empty text, optionally among ``choices`` or passing ``check``."""
        if key not in m or m[key] is None:
            if required and key in m:
                self.error(join(path, key), Msg("reg.v.empty"))
            return default
        value = m[key]
        if not isinstance(value, str):
            where = join(path, key)
            hint = Msg("reg.v.quote_hint") if isinstance(value, int | float) and not isinstance(value, bool) else ""
            self.error(where, Msg("reg.v.text", got=_type_name(value), hint=hint))
            return None
        if self.not_text is not None and value[:1] in _YAML11_FIRST and self.not_text(value):
            self.error(join(path, key), Msg("reg.v.yaml11"))
        value = value.strip()
        if not value:
            self.error(join(path, key), Msg("reg.v.empty"))
            return None
        bad = control_char(value)
        if bad is not None:  # ESC, CR, LF, NUL … would repaint a terminal or forge a line of output
            self.error(join(path, key), Msg("reg.v.control", char=f"U+{ord(bad):04X}", value=repr(safe_text(value[:40]))))
            return None
        if choices is not None and value not in choices:
            self.error(join(path, key), Msg("reg.v.choice", value=value, valid=tuple(choices)))
            return None
        if check is not None:
            problem = check(value)
            if problem:
                self.error(join(path, key), Msg("reg.v.value", value=value, problem=problem))
                return None
        return value

    def boolean(self, m: dict[str, Any], key: str, path: str, default: bool | None = None) -> bool | None:
        """``m[key]`` as true/false."""
        if key not in m:
            return default
        value = m[key]
        if not isinstance(value, bool):
            self.error(join(path, key), Msg("reg.v.bool", got=_type_name(value), value=repr(value)))
            return None
        return value

    def integer(self, m: dict[str, Any], key: str, path: str, minimum: int = 0) -> int | None:
        """``m[key]`` as a whole number not below ``minimum``."""
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(join(path, key), Msg("reg.v.whole", got=_type_name(value), value=repr(value)))
            return None
        if value < minimum:
            self.error(join(path, key), Msg("reg.v.minimum", min=minimum, value=value))
            return None
        return int(value)

    def date(self, m: dict[str, Any], key: str, path: str) -> dt.date | None:
        """``m[key]`` as a calendar date (YYYY-MM-DD); None when absent or empty."""
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(join(path, key), Msg("reg.v.date", value=repr(value)))
        return None
