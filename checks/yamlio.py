"""The one YAML reader: safe loading with line numbers for every field path and duplicate-key errors.

``load_yaml(path)`` returns a :class:`Located` document: the plain data plus a map from
field paths (``enterprises[3].terminals[0].chassis``) to the line the value starts on, so every
validator can say ``file:line: field.path: message``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from checks.errors import InputError
from checks.textio import MAX_BYTES_DEFAULT, decode_utf8, read_bytes

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader where libyaml is present

__all__ = ["MAX_BYTES_DEFAULT", "Located", "join", "load_yaml", "loads_yaml", "read_text"]


@dataclass
class Located:
    """Data loaded from YAML with the line (1-based) of each field path."""

    data: Any
    file: str
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, path: str) -> int:
        """Line of ``path``, or of its nearest parent that has one (1 when nothing does)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.lines.get("", 1)

    def where(self, path: str) -> str:
        """``file:line: path`` for messages."""
        return f"{self.file}:{self.line(path)}: {path}" if path else f"{self.file}:{self.line(path)}"


def join(path: str, key: str | int) -> str:
    """Extend a field path with a mapping key or a sequence index."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _construct(node: yaml.Node, path: str, lines: dict[str, int], loader: yaml.SafeLoader, where: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise InputError(f"{join(path, '?')}: a mapping key must be a plain value",
                                 where=f"{where}:{key_node.start_mark.line + 1}")
            child = join(path, str(key))
            if key in out:
                raise InputError(f"{child}: duplicate key '{key}' (first at line {lines.get(child, '?')})",
                                 where=f"{where}:{key_node.start_mark.line + 1}")
            out[key] = _construct(value_node, child, lines, loader, where)
            lines[child] = key_node.start_mark.line + 1  # a field's line is its key's line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, join(path, i), lines, loader, where) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date such as 2026-02-30
        raise InputError(f"{path or 'value'}: cannot read {node.value!r}: {exc}",
                         where=f"{where}:{node.start_mark.line + 1}") from None


def loads_yaml(text: str, file: str = "<string>") -> Located:
    """Parse YAML text into a :class:`Located` document (one document only)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, file, {"": 1})
        lines: dict[str, int] = {}
        data = _construct(node, "", lines, loader, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", where=f"{file}:{line}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", where=file) from None
    finally:
        loader.dispose()
    return Located(data, file, lines)


def read_text(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES_DEFAULT, what: str = "file") -> str:
    """Read a UTF-8 text file through the one bounded reader; errors name the file and what is wrong."""
    raw = read_bytes(path, max_bytes, what)
    return decode_utf8(raw, str(path), what)


def load_yaml(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES_DEFAULT, what: str = "YAML file") -> Located:
    """Read and parse a YAML file (UTF-8, size-limited, duplicate keys refused)."""
    return loads_yaml(read_text(path, max_bytes, what), str(path))
