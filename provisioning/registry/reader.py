"""Typed reading of located YAML fields that collects every problem as ``file:line: field.path: message``.

The registry loader reads each field through a :class:`FieldReader`, so a wrong type, a missing
field or an unknown key is reported with its line and the loader goes on to find the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from checks.textio import control_char, safe_text
from checks.yamlio import Located, join

Check = Callable[[str], "str | None"]


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class FieldReader:
    """Reads fields of one located document, appending problems and warnings to shared lists."""

    def __init__(self, doc: Located, problems: list[str], warnings: list[str]) -> None:
        self.doc = doc
        self.problems = problems
        self.warnings = warnings
        # a document from the YAML 1.2 fast path: text that YAML 1.1 reads otherwise must go the slow way
        self.not_text: Callable[[str], bool] | None = getattr(doc, "yaml11_not_text", None)

    def error(self, path: str, message: str) -> None:
        self.problems.append(f"{self.problem_where(path)}: {message}")

    def problem_where(self, path: str) -> str:
        """Where a problem is; on the fast path just the field path (those messages are never shown:
        the slow path reads the registry again and reports with lines)."""
        return path if self.not_text is not None else self.doc.where(path)

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(f"{self.doc.where(path)}: {message}")

    def where(self, path: str) -> str:
        return self.doc.where(path)

    def mapping(self, value: Any, path: str, required: Iterable[str], optional: Iterable[str]) -> dict[str, Any] | None:
        """``value`` as a mapping; missing required keys and unknown keys are problems.

        A key written with nothing after it (``signer:``) or with blank text (``signer: ""``) is
        *missing*, for every field: it is left out of the returned mapping, so no rule can take an
        empty value for a given one.
        """
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping (key: value lines), not {_type_name(value)}")
            return None
        required = tuple(required)
        known = (*required, *optional)
        for key in value:
            if key not in known:
                self.error(join(path, str(key)), f"unknown field '{key}'; valid: {', '.join(known)}")
        given = {k: v for k, v in value.items() if not _blank(v)} \
            if any(v is None or (v.__class__ is str and not v.strip()) for v in value.values()) else value
        for key in required:
            if key not in given:
                self.error(path, f"missing required field '{key}'" + (" (it is empty)" if key in value else ""))
        return given

    def sequence(self, m: dict[str, Any], key: str, path: str, required: bool = True) -> list[Any]:
        """``m[key]`` as a list (empty when absent and optional)."""
        value = m.get(key)
        if value is None:
            if required and key in m:
                self.error(join(path, key), "must be a list, not empty")
            return []
        if not isinstance(value, list):
            self.error(join(path, key), f"must be a list (lines starting with '- '), not {_type_name(value)}")
            return []
        return value

    def text(self, m: dict[str, Any], key: str, path: str, *, required: bool = True,
             choices: tuple[str, ...] | None = None, check: Check | None = None,
             default: str | None = None) -> str | None:
        """``m[key]`` as non-empty text, optionally among ``choices`` or passing ``check``."""
        if key not in m or m[key] is None:
            if required and key in m:
                self.error(join(path, key), "must not be empty")
            return default
        value = m[key]
        if not isinstance(value, str):
            where = join(path, key)
            hint = " (write codes and numbers in quotes: an unquoted number loses leading zeros)" \
                if isinstance(value, int | float) and not isinstance(value, bool) else ""
            self.error(where, f"must be text, not {_type_name(value)}{hint}")
            return None
        if self.not_text is not None and self.not_text(value):
            self.error(join(path, key), "read by YAML 1.1 as a non-text value: decided on the slow path")
        value = value.strip()
        if not value:
            self.error(join(path, key), "must not be empty")
            return None
        bad = control_char(value)
        if bad is not None:  # ESC, CR, LF, NUL … would repaint a terminal or forge a line of output
            self.error(join(path, key), f"control character U+{ord(bad):04X} in {safe_text(value[:40])!r}; "
                                        "registry text is one line of printable characters")
            return None
        if choices is not None and value not in choices:
            self.error(join(path, key), f"invalid value '{value}'; valid: {', '.join(choices)}")
            return None
        if check is not None:
            problem = check(value)
            if problem:
                self.error(join(path, key), f"'{value}': {problem}")
                return None
        return value

    def boolean(self, m: dict[str, Any], key: str, path: str, default: bool | None = None) -> bool | None:
        """``m[key]`` as true/false."""
        if key not in m:
            return default
        value = m[key]
        if not isinstance(value, bool):
            self.error(join(path, key), f"must be true or false, not {_type_name(value)} {value!r}")
            return None
        return value

    def integer(self, m: dict[str, Any], key: str, path: str, minimum: int = 0) -> int | None:
        """``m[key]`` as a whole number not below ``minimum``."""
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(join(path, key), f"must be a whole number, not {_type_name(value)} {value!r}")
            return None
        if value < minimum:
            self.error(join(path, key), f"must be {minimum} or more, not {value}")
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
        self.error(join(path, key), f"must be a date YYYY-MM-DD, not {value!r}")
        return None
