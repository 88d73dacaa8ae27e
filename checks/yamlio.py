"""The one YAML reader: safe loading with line numbers for every field path and duplicate-key errors.

``load_yaml(path)`` returns a :class:`Located` document: the plain data plus a map from
field paths (``enterprises[3].terminals[0].chassis``) to the line the value starts on, so every
validator can say ``file:line: field.path: message``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from checks.errors import InputError
from checks.i18n import Msg, add
from checks.textio import MAX_BYTES_DEFAULT, decode_utf8, read_bytes, safe_text

add({
    "yaml.at": {"zh": "{path}：{what}", "en": "{path}: {what}"},
    "yaml.aliases": {"zh": "YAML别名把这个文档展开成超过 {n} 个值（“十亿笑声”文档？）：请把值写出来，不要重复使用别名",
                     "en": "YAML aliases expand this document to more than {n} values (a 'billion laughs' document?); "
                           "write the values out instead of repeating aliases"},
    "yaml.merge_self": {"zh": "合并键递归：一个映射合并（<<）了它自己", "en": "recursive merge key: a mapping merges (<<) itself"},
    "yaml.merge_kind": {"zh": "合并键（<<）只能接一个映射或映射的列表", "en": "a merge key (<<) takes a mapping or a list of mappings"},
    "yaml.recursive": {"zh": "别名递归：一个值包含了它自己", "en": "recursive alias: a value contains itself"},
    "yaml.deep": {"zh": "嵌套超过 {n} 层", "en": "nested more than {n} levels deep"},
    "yaml.not_decimal": {"zh": "{value} 不是普通的十进制数（YAML 1.1 把 {value} 读成 {read}）：请写成十进制数；如果是文字，请加引号",
                         "en": "{value} is not a plain decimal number (YAML 1.1 reads {value} as {read}); write the "
                               "number in decimal, or quote it if it is text"},
    "yaml.cannot_read": {"zh": "无法读取 {value}（详情：{detail}）", "en": "cannot read {value}: {detail}"},
    "yaml.surrogate": {"zh": "单独的UTF-16代理转义（{code}）不是字符", "en": "a lone UTF-16 surrogate escape ({code}) is not a character"},
    "yaml.key_plain": {"zh": "映射的键必须是普通值", "en": "a mapping key must be a plain value"},
    "yaml.duplicate": {"zh": "键“{key}”重复（第一次在第 {line} 行）", "en": "duplicate key '{key}' (first at line {line})"},
    "yaml.syntax": {"zh": "YAML语法错误（详情：{problem}）", "en": "YAML syntax error: {problem}"},
    "yaml.error": {"zh": "YAML错误（详情：{problem}）", "en": "YAML error: {problem}"},
})

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


MAX_DEPTH = 64  # nesting of mappings and lists; our files need 8
_INT_TAG, _FLOAT_TAG, _MERGE_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:merge"
# Whole numbers in plain decimal only: YAML 1.1 reads 010 as 8, 0b10 as 2, 1:30 as 90 and 1_000 as 1000,
# YAML 1.2 (and people) read them otherwise; such a value is refused rather than guessed.
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Budget:
    """How many values the document may expand to: aliases that multiply it ("billion laughs") are
    refused as soon as the count passes the size of the text, long before memory runs out."""

    def __init__(self, text_length: int, where: str) -> None:
        self.left = text_length + 10_000
        self.limit = self.left
        self.where = where
        self.active: set[int] = set()  # container nodes being built: meeting one again is a recursive alias
        self.flattening: set[int] = set()

    def spend(self, n: int, node: yaml.Node) -> None:
        self.left -= n
        if self.left < 0:
            raise InputError(Msg("yaml.aliases", n=f"{self.limit:,}"),
                             where=f"{self.where}:{node.start_mark.line + 1}")


def _flatten(node: yaml.MappingNode, budget: _Budget) -> None:
    """Merge keys (``<<: *defaults``) resolved like PyYAML's ``flatten_mapping``, but with every copied
    pair counted against the budget and a mapping that merges itself refused."""
    if id(node) in budget.flattening:
        raise InputError(Msg("yaml.merge_self"),
                         where=f"{budget.where}:{node.start_mark.line + 1}")
    budget.flattening.add(id(node))
    try:
        merge: list[tuple[yaml.Node, yaml.Node]] = []
        index = 0
        while index < len(node.value):
            key_node, value_node = node.value[index]
            if key_node.tag == _MERGE_TAG:
                del node.value[index]
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in reversed(sources) if isinstance(value_node, yaml.SequenceNode) else sources:
                    if not isinstance(source, yaml.MappingNode):
                        raise InputError(Msg("yaml.merge_kind"),
                                         where=f"{budget.where}:{source.start_mark.line + 1}")
                    _flatten(source, budget)
                    budget.spend(len(source.value), source)
                    merge[:0] = source.value
            else:
                if key_node.tag == "tag:yaml.org,2002:value":
                    key_node.tag = "tag:yaml.org,2002:str"
                index += 1
        if merge:
            node.value = merge + node.value
    finally:
        budget.flattening.discard(id(node))


def _construct(node: yaml.Node, path: str, lines: dict[str, int], loader: yaml.SafeLoader, where: str,
               budget: _Budget, depth: int = 0) -> Any:
    line = node.start_mark.line + 1
    lines[path] = line
    budget.left -= 1
    if budget.left < 0:
        budget.spend(0, node)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if id(node) in budget.active:
            raise InputError(Msg("yaml.at", path=path or "value", what=Msg("yaml.recursive")), where=f"{where}:{line}")
        if depth >= MAX_DEPTH:
            raise InputError(Msg("yaml.at", path=path or "value", what=Msg("yaml.deep", n=MAX_DEPTH)),
                             where=f"{where}:{line}")
        budget.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [_construct(item, join(path, i), lines, loader, where, budget, depth + 1)
                        for i, item in enumerate(node.value)]
            return _construct_mapping(node, path, lines, loader, where, budget, depth)
        finally:
            budget.active.discard(id(node))
    if (node.tag == _INT_TAG and not _DECIMAL_INT.fullmatch(node.value)) or \
            (node.tag == _FLOAT_TAG and not _DECIMAL_FLOAT.fullmatch(node.value)):
        raise InputError(Msg("yaml.at", path=path or "value", what=Msg(
            "yaml.not_decimal", value=repr(node.value), read=_yaml11_value(loader, node))), where=f"{where}:{line}")
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date such as 2026-02-30
        raise InputError(Msg("yaml.at", path=path or "value", what=Msg("yaml.cannot_read", value=repr(node.value),
                                                                        detail=str(exc))), where=f"{where}:{line}") from None
    if isinstance(value, str) and _SURROGATE.search(value):
        code = f"\\u{ord(_SURROGATE.search(value).group()):04x}"  # type: ignore[union-attr]
        raise InputError(Msg("yaml.at", path=path or "value", what=Msg("yaml.surrogate", code=code)),
                         where=f"{where}:{line}")
    return value


def _yaml11_value(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    try:
        return repr(loader.construct_object(node, deep=True))
    except Exception:  # only for the message
        return "something else"


def _construct_mapping(node: yaml.MappingNode, path: str, lines: dict[str, int], loader: yaml.SafeLoader,
                       where: str, budget: _Budget, depth: int) -> dict[Any, Any]:
    _flatten(node, budget)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise InputError(Msg("yaml.at", path=join(path, "?"), what=Msg("yaml.key_plain")),
                             where=f"{where}:{key_node.start_mark.line + 1}")
        key = _construct(key_node, join(path, "?"), {}, loader, where, budget, depth + 1)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise InputError(Msg("yaml.at", path=join(path, "?"), what=Msg("yaml.key_plain")),
                             where=f"{where}:{key_node.start_mark.line + 1}")
        child = join(path, str(key))
        if key in out:
            raise InputError(Msg("yaml.at", path=safe_text(child), what=Msg("yaml.duplicate", key=safe_text(key),
                                                                             line=lines.get(child, "?"))),
                             where=f"{where}:{key_node.start_mark.line + 1}")
        out[key] = _construct(value_node, child, lines, loader, where, budget, depth + 1)
        lines[child] = key_node.start_mark.line + 1  # a field's line is its key's line
    return out


def loads_yaml(text: str, file: str = "<string>") -> Located:
    """Parse YAML text into a :class:`Located` document (one document only)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, file, {"": 1})
        lines: dict[str, int] = {}
        data = _construct(node, "", lines, loader, file, _Budget(len(text), file))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(Msg("yaml.syntax", problem=problem), where=f"{file}:{line}") from None
    except yaml.YAMLError as exc:
        raise InputError(Msg("yaml.error", problem=str(exc)), where=file) from None
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
