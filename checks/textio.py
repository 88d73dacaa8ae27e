"""The one bounded reader, the one CSV writer and terminal-safe text: the edges where files meet people.

* :func:`read_bytes` is how every file the CLI reads is read: only regular files (never
  ``/dev/zero``, a FIFO or a directory), and the size limit is enforced *while reading*, so a
  file that grows or lies about its size cannot exhaust memory. ``checks.yamlio.read_text`` and
  every other reader are built on it.
* :func:`csv_text` writes CSV for Excel: every cell that Excel would take as a formula (OWASP:
  a leading ``=``, ``+``, ``-``, ``@``, tab or CR) is neutralised with a leading apostrophe.
* :func:`safe_text` escapes control characters (ESC, CR, LF, NUL …) from data before it reaches a
  terminal, so a registry entry cannot repaint the screen or forge a line; :func:`xml_text` does the
  same for the characters XML 1.0 cannot carry at all (a JUnit report with one is unreadable).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from checks.errors import InputError
from checks.i18n import Msg, add

# The names of the files a person gives (the ``what`` of every reader), shown in the user's language.
_FILES = {
    "file": "文件", "input": "输入", "facts file": "检测数据文件", "facts": "检测数据", "payment file": "付款文件",
    "events file": "报关单事件文件", "events": "报关单事件", "registry file": "登记册文件", "registry": "登记册",
    "the registry": "登记册", "carrier config": "线路配置", "the carrier state": "线路状态文件",
    "carrier state": "线路状态文件", "notice": "通知", "the notice": "通知",
    "calendar override file": "工作日调整文件", "training configuration": "培训配置", "price table": "价目表",
    "the price table": "价目表", "password file": "密码文件", "hosts file": "主机清单文件", "profile": "要求文件",
    "vars file": "变量文件", "fleet settings": "批量运维设置", "QP client settings": "QP客户端设置",
    "the QP server setting": "QP服务器设置", "CSV file": "CSV文件", "JSON document": "JSON文档",
    "vault password file": "vault 密码文件", "kit": "U盘工具包", "QP installer": "QP安装程序",
    "facts JSON document": "检测数据（JSON）文档", "YAML file": "YAML文件", "kit document": "U盘工具包中的文档",
}
add({f"file.{name}": {"zh": zh, "en": name} for name, zh in _FILES.items()})
add({
    "io.of": {"zh": "{what}：{text}", "en": "{what}: {text}"},
    "io.path_long": {"zh": "{what}：路径超过 {n} 字节", "en": "{what}: the path is longer than {n} bytes"},
    "io.not_found": {"zh": "找不到{what}", "en": "{what} not found"},
    "io.broken_link": {"zh": "{what}是失效的符号链接", "en": "{what} is a broken symbolic link"},
    "io.directory": {"zh": "{what}是文件夹，不是文件", "en": "{what} is a directory, not a file"},
    "io.permission": {"zh": "{what}无法读取（没有权限）", "en": "{what} cannot be read (permission denied)"},
    "io.open": {"zh": "{what}无法打开（详情：{detail}）", "en": "{what} cannot be opened: {detail}"},
    "io.read": {"zh": "{what}无法读取（详情：{detail}）", "en": "{what} cannot be read: {detail}"},
    "io.not_regular": {"zh": "{what}不是普通文件（而是设备、管道或套接字）",
                       "en": "{what} is not a regular file (a device, pipe or socket)"},
    "io.too_big": {"zh": "{what}有 {size}，超过了 {limit} 的上限", "en": "{what} is {size}, over the {limit} limit"},
    "io.grew": {"zh": "{what}在读取时增大，超过了 {limit} 的上限", "en": "{what} grew past the {limit} limit while being read"},
    "io.over": {"zh": "{what}超过了 {limit} 的上限", "en": "{what} is over the {limit} limit"},
    "io.not_utf8_at": {"zh": "{what}不是UTF-8文本（第 {offset} 字节处为 {byte}）{hint}",
                       "en": "{what} is not UTF-8 text (byte {byte} at offset {offset}){hint}"},
    "io.not_utf8": {"zh": "{what}不是UTF-8文本{hint}", "en": "{what} is not UTF-8 text{hint}"},
    "io.utf16": {"zh": "（看起来是UTF-16：请另存为UTF-8）", "en": " (it looks like UTF-16: save it as UTF-8)"},
    "io.save_utf8": {"zh": "：请另存为UTF-8", "en": "; save it as UTF-8"},
    "io.csv.unclosed": {"zh": "这里开始的引号（\"）没有结束", "en": "a quote (\") opened here is never closed"},
    "io.csv.long_field": {"zh": "有一个字段超过 {n} 个字符（引号没有结束？）",
                          "en": "a field is longer than {n} characters (an unterminated quote?)"},
    "io.csv.quote": {"zh": "字段中的引号要写两次（详情：{detail}）", "en": "a quote inside a field must be doubled ({detail})"},
    "io.csv.columns": {"zh": "有 {n} 列，超过 {max} 列", "en": "{n} columns, more than {max}"},
    "io.csv.twice": {"zh": "表头中“{name}”列出现了两次（第 {a} 列和第 {b} 列），无法知道指的是哪一列",
                     "en": "column '{name}' appears twice in the header (columns {a} and {b}); which one is meant "
                           "cannot be known"},
    "io.csv.unknown": {"zh": "未知的列“{name}”；可用的列：{known}", "en": "unknown column '{name}'; columns: {known}"},
    "io.csv.lacks": {"zh": "表头缺少 {missing}；可用的列：{known}", "en": "header lacks {missing}; columns: {known}"},
    "io.cell.long": {"zh": "{column}：超过 {n} 个字符", "en": "{column}: longer than {n} characters"},
    "io.name.long": {"zh": "名称最长 {n} 个字符", "en": "a name has at most {n} characters"},
    "io.name.control": {"zh": "名称中有控制字符 {char}（名称只能是一行可打印的文字）",
                        "en": "control character {char} in a name (a name is one line of printable text)"},
    "io.cell.control": {"zh": "{column}：{value} 中有控制字符 {char}", "en": "{column}: control character {char} in {value}"},
    "io.json.deep": {"zh": "{what}的嵌套超过 {n} 层", "en": "{what} is nested more than {n} levels deep"},
    "io.json.not": {"zh": "不是{what}（详情：{detail}）", "en": "not a {what} ({detail})"},
    "io.json.duplicate": {"zh": "键 {key} 重复", "en": "duplicate key {key}"},
    "io.json.int_range": {"zh": "数字 {n} 超出了64位整数的范围", "en": "number {n} is beyond the 64-bit range"},
    "io.json.float_range": {"zh": "数字 {n} 超出了小数的范围", "en": "number {n} is beyond the range of a decimal number"},
    "io.json.constant": {"zh": "{token} 不是JSON数字", "en": "{token} is not a JSON number"},
    "io.json.surrogate": {"zh": "文字 {text} 含有单独的UTF-16代理字符（{code}）",
                          "en": "text {text} holds a lone UTF-16 surrogate ({code})"},
    "io.json.nested": {"zh": "嵌套超过 {n} 层", "en": "nested more than {n} levels deep"},
})


def W(what: str) -> Msg | str:
    """The name of a file a person gave (``facts file``, ``payment file`` ...) in the user's language."""
    return Msg(f"file.{what}") if what in _FILES else what

MAX_BYTES_DEFAULT = 20 * 1024 * 1024
_CHUNK = 1 << 16
_MAX_PATH = 4096  # PATH_MAX on Linux: a longer name is a mistake (or an attack), never a file


def read_chunks(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES_DEFAULT,
                what: str = "file") -> Iterator[bytes]:
    """The bytes of a regular file in chunks, at most ``max_bytes`` in all; the one place a file is opened.

    Every problem is one :class:`InputError` naming the file: not found, a broken symbolic link, a
    directory, a device, FIFO or socket (opened without blocking, then refused), no permission, or
    more than ``max_bytes`` (counted while reading, so a file that grows cannot exhaust memory).
    """
    p = Path(path)
    if len(os.fsencode(p)) > _MAX_PATH:
        raise InputError(Msg("io.path_long", what=W(what), n=_MAX_PATH), where=str(p)[:80] + "...")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat below refuses it.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(Msg("io.broken_link" if p.is_symlink() else "io.not_found", what=W(what)), where=str(p)) from None
    except IsADirectoryError:
        raise InputError(Msg("io.directory", what=W(what)), where=str(p)) from None
    except PermissionError:
        raise InputError(Msg("io.permission", what=W(what)), where=str(p)) from None
    except OSError as exc:
        raise InputError(Msg("io.open", what=W(what), detail=_detail(exc)), where=str(p)) from None
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise InputError(Msg("io.directory", what=W(what)), where=str(p))
        if not stat.S_ISREG(mode):
            raise InputError(Msg("io.not_regular", what=W(what)), where=str(p))
        if info.st_size > max_bytes:  # refused early; the loop below holds even if the size lied
            raise InputError(Msg("io.too_big", what=W(what), size=f"{info.st_size / 2**20:.1f} MiB",
                                 limit=_size(max_bytes)), where=str(p))
        os.set_blocking(fd, True)
        total = 0
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except IsADirectoryError:
                raise InputError(Msg("io.directory", what=W(what)), where=str(p)) from None
            except OSError as exc:
                raise InputError(Msg("io.read", what=W(what), detail=_detail(exc)), where=str(p)) from None
            if not chunk:
                return
            total += len(chunk)
            if total > max_bytes:
                raise InputError(Msg("io.grew", what=W(what), limit=_size(max_bytes)), where=str(p))
            yield chunk
    finally:
        os.close(fd)


def read_bytes(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES_DEFAULT, what: str = "file") -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; every problem is one :class:`InputError` naming the file."""
    return b"".join(read_chunks(path, max_bytes, what))


def _detail(exc: OSError) -> str:
    return str(exc.strerror or exc)


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB" if n >= 1024 else f"{n} bytes"


def decode_utf8(raw: bytes, where: str, what: str = "file") -> str:
    """UTF-8 text (a BOM is dropped); a decoding error names the line and byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = Msg("io.utf16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "io.save_utf8")
        raise InputError(Msg("io.not_utf8_at", what=W(what), byte=f"0x{raw[exc.start]:02x}", offset=exc.start,
                             hint=hint), where=f"{where}:{line}") from None


def decode_text(raw: bytes, where: str, what: str = "file", fallback: str | None = None) -> tuple[str, str]:
    """(text, encoding): UTF-8, else ``fallback`` (e.g. ``gb18030`` for CSV saved by Excel on a Chinese
    Windows) when the bytes are valid in it; UTF-16 is refused with a hint either way."""
    try:
        return decode_utf8(raw, where, what), "utf-8"
    except InputError:
        if fallback is None or raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise
        try:
            return raw.decode(fallback), fallback
        except UnicodeDecodeError:
            raise decode_utf8_error(raw, where, what) from None


def decode_utf8_error(raw: bytes, where: str, what: str) -> InputError:
    try:
        decode_utf8(raw, where, what)
    except InputError as exc:
        return exc
    return InputError(Msg("io.not_utf8", what=W(what), hint=""), where=where)  # pragma: no cover - raw is not UTF-8


def iter_lines(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES_DEFAULT, what: str = "file") -> Iterator[str]:
    """The UTF-8 lines of a file (a BOM dropped, line ends kept), streamed through :func:`read_chunks`.

    Lines end at LF only, as CSV reads them; a decoding error names its line.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    lines_before = 0  # complete lines handed out so far, for the line of a decoding error
    for chunk in read_chunks(path, max_bytes, what):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise _line_error(str(path), what, pending, chunk, exc, lines_before) from None
        if "\n" not in text:
            pending += text
            continue
        parts = (pending + text).split("\n")
        pending = parts.pop()
        lines_before += len(parts)
        for part in parts:
            yield part + "\n"
    try:
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise _line_error(str(path), what, pending, b"", exc, lines_before) from None
    if pending:
        yield pending


def _line_error(where: str, what: str, pending: str, chunk: bytes, exc: UnicodeDecodeError,
                lines_before: int) -> InputError:
    # exc.object is what the decoder saw: the chunk, after any bytes of a character cut at the chunk's start
    line = lines_before + pending.count("\n") + bytes(exc.object[: max(exc.start, 0)]).count(b"\n") + 1
    hint = Msg("io.utf16" if lines_before == 0 and chunk[:2] in (b"\xff\xfe", b"\xfe\xff") else "io.save_utf8")
    return InputError(Msg("io.not_utf8", what=W(what), hint=hint), where=f"{where}:{line}")


# -- CSV in ---------------------------------------------------------------------------------------
MAX_CSV_FIELD = 4096  # no field of ours is longer; a longer one is a mistake (an unterminated quote?)
MAX_CSV_COLUMNS = 64


def csv_records(lines: Iterable[str], where: str, what: str = "CSV file") -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each record, the line being the one the record starts on.

    Structural problems end the reading with one :class:`InputError` at the record's line: a quote
    never closed (the rest of the file would be swallowed into one cell), a stray quote, a field
    longer than the csv module's limit, more than :data:`MAX_CSV_COLUMNS` columns. Blank lines are
    skipped. Field contents are checked by :func:`cell_problem`.
    """
    reader = csv.reader(lines, strict=True)
    done = 0  # lines consumed by the records before this one
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            text: str = str(exc)
            if "unexpected end of data" in text:
                text = Msg("io.csv.unclosed")
            elif "field larger than field limit" in text:
                text = Msg("io.csv.long_field", n=f"{csv.field_size_limit():,}")
            elif "expected after" in text:
                text = Msg("io.csv.quote", detail=text)
            raise InputError(Msg("io.of", what=W(what), text=text), where=f"{where}:{done + 1}") from None
        line, done = done + 1, reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) > MAX_CSV_COLUMNS:
            raise InputError(Msg("io.of", what=W(what), text=Msg("io.csv.columns", n=len(row), max=MAX_CSV_COLUMNS)),
                             where=f"{where}:{line}")
        yield line, row


def cell_problem(value: str, column: str, max_len: int = MAX_CSV_FIELD) -> Msg | None:
    """Why a CSV cell cannot be taken (too long, a control character), or None."""
    if len(value) > max_len:
        return Msg("io.cell.long", column=column, n=max_len)
    bad = control_char(value)
    if bad is not None:
        return Msg("io.cell.control", column=column, char=f"U+{ord(bad):04X}", value=repr(safe_text(value[:40])))
    return None


def csv_header(cells: Sequence[str], where: str, known: Sequence[str], required: Sequence[str],
               what: str = "CSV file") -> dict[str, int]:
    """Column name -> index of a header row: a column twice, a required one missing, or an unknown one
    is an error at the header's line (names are compared stripped and lower-case; columns in any order)."""
    names = [c.strip().lower() for c in cells]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in index:
            raise InputError(Msg("io.of", what=W(what), text=Msg("io.csv.twice", name=safe_text(name),
                                                                  a=index[name] + 1, b=i + 1)), where=where)
        if name not in known:
            raise InputError(Msg("io.of", what=W(what), text=Msg("io.csv.unknown", name=safe_text(name)[:40],
                                                                  known=", ".join(known))), where=where)
        index[name] = i
    missing = [c for c in required if c not in index]
    if missing:
        raise InputError(Msg("io.of", what=W(what), text=Msg("io.csv.lacks", missing=", ".join(missing),
                                                              known=", ".join(known))), where=where)
    return index


# -- JSON in --------------------------------------------------------------------------------------
MAX_JSON_DEPTH = 64


class _JsonRefused(ValueError):
    """Why strict JSON refuses a document: ``args[0]`` a catalogue text, ``args[1]`` the duplicate key (if any)."""


def loads_json(text: str, where: str, what: str = "JSON document", max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Strict JSON: duplicate keys, NaN/Infinity, integers beyond 64 bits, numbers beyond a float's
    range and nesting deeper than ``max_depth`` are refused, each as one :class:`InputError`."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _JsonRefused(Msg("io.json.duplicate", key=json.dumps(key, ensure_ascii=False)), key)
            out[key] = value
        return out

    def integer(token: str) -> int:
        if len(token.lstrip("-")) > 19 or not -(2**63) <= int(token) < 2**63:
            raise _JsonRefused(Msg("io.json.int_range", n=f"{token[:30]}{'...' if len(token) > 30 else ''}"))
        return int(token)

    def real(token: str) -> float:
        value = float(token)
        if value in (float("inf"), float("-inf")):
            raise _JsonRefused(Msg("io.json.float_range", n=token[:30]))
        return value

    def constant(token: str) -> Any:
        raise _JsonRefused(Msg("io.json.constant", token=token))

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=integer, parse_float=real,
                          parse_constant=constant)
    except RecursionError:  # the C scanner stops at the interpreter's recursion limit, quickly
        raise InputError(Msg("io.json.deep", what=W(what), n=max_depth), where=where) from None
    except _JsonRefused as exc:
        line = _key_line(text, exc.args[1]) if len(exc.args) > 1 else None
        raise InputError(Msg("io.of", what=W(what), text=exc.args[0]), where=f"{where}:{line}" if line else where) from None
    except json.JSONDecodeError as exc:
        raise InputError(Msg("io.json.not", what=W(what), detail=f"{exc.msg} at line {exc.lineno} column {exc.colno}"),
                         where=where) from None
    except ValueError as exc:  # int() digit limits and the like
        raise InputError(Msg("io.read", what=W(what), detail=str(exc)[:120]), where=where) from None
    problem = _walk(data, max_depth)
    if problem:
        raise InputError(Msg("io.of", what=W(what), text=problem), where=where)
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk(data: Any, max_depth: int) -> Msg | None:
    """Why parsed JSON is refused (nested too deep, a lone surrogate that no UTF-8 output can carry)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                code = f"\\u{ord(_SURROGATE.search(value).group()):04x}"  # type: ignore[union-attr]
                return Msg("io.json.surrogate", text=repr(safe_text(value[:30])), code=code)
        elif isinstance(value, dict | list):
            if level > max_depth:
                return Msg("io.json.nested", n=max_depth)
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((v, level + 1) for v in items)
    return None


def _key_line(text: str, key: str) -> int | None:
    """The line of the second occurrence of ``"key":`` (the duplicate), when it can be found."""
    hits = [m.start() for m in re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", text)]
    return text.count("\n", 0, hits[1]) + 1 if len(hits) > 1 else None


def load_json(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES_DEFAULT, what: str = "JSON file") -> Any:
    """A JSON file read through the one bounded reader and parsed strictly (:func:`loads_json`)."""
    raw = read_bytes(path, max_bytes, what)
    return loads_json(decode_utf8(raw, str(path), what), str(path), what)


# Cells Excel, LibreOffice and Google Sheets evaluate as formulas (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> str:
    """A cell as text, with a leading apostrophe when a spreadsheet would read it as a formula.

    Numbers written by us (ints, floats) are left as they are, so a negative amount stays a number.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(header: Sequence[str] | None, rows: Iterable[Sequence[Any]], bom: bool = True) -> str:
    """CSV for Excel (CRLF line ends, a UTF-8 BOM so Excel reads Chinese right), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        writer.writerow([neutralise_cell(h) for h in header])
    for row in rows:
        writer.writerow([neutralise_cell(c) for c in row])
    return ("\ufeff" if bom else "") + out.getvalue()


_CONTROL = {i: f"\\x{i:02x}" for i in [*range(0x00, 0x20), 0x7F]}
_CONTROL.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x1B: "\\x1b"})
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029, *range(0x80, 0xA0))})
# invisible and bidirectional format characters: a name holding U+202E (right-to-left override) displays
# reversed ("Trojan source"), a zero-width space makes two codes look alike
_CONTROL.update({c: f"\\u{c:04x}" for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065),
                                              *range(0x2066, 0x206A), 0xFEFF)})
# lone surrogates (from a "\\ud800" escape in JSON or YAML) cannot be written as UTF-8 at all
_CONTROL.update({c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)})


def control_char(text: str) -> str | None:
    """The first control character (C0 but tab, DEL, C1, line/paragraph separator, lone surrogate) in
    ``text``, or None: such text is refused where it is read, and escaped where it is printed."""
    if text.isprintable():
        return None
    return next((ch for ch in text if ord(ch) in _CONTROL and ch != "\t"), None)


MAX_NAME = 64


def name_problem(text: str, max_len: int = MAX_NAME) -> Msg | None:
    """A person's name or an id typed by a person (an engineer, a trainee): one line of at most ``max_len``
    printable characters, else what is wrong (such text ends up in tables, CSV, ICS files and the board)."""
    if len(text) > max_len:
        return Msg("io.name.long", n=max_len)
    bad = control_char(text)
    if bad is not None:
        return Msg("io.name.control", char=f"U+{ord(bad):04X}")
    return None


def safe_text(value: Any) -> str:
    """``value`` as text with every control character (C0, DEL, C1, line/paragraph separators) and lone
    surrogate escaped: one line, safe to print on any terminal."""
    return str(value).translate(_CONTROL)


_XML_INVALID = {c: f"\\x{c:02x}" for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
_XML_INVALID.update({0xFFFE: "\\ufffe", 0xFFFF: "\\uffff"})
_XML_INVALID.update({c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)})


def xml_text(value: Any) -> str:
    """``value`` as text XML 1.0 can carry: control characters other than tab/LF/CR escaped as ``\\xNN``."""
    return str(value).translate(_XML_INVALID)


def read_stream(stream: Any, max_bytes: int = MAX_BYTES_DEFAULT, what: str = "input", where: str = "-") -> bytes:
    """At most ``max_bytes`` from a binary stream (standard input given as ``-``), the limit enforced while reading."""
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = stream.read(_CHUNK)
        except OSError as exc:
            raise InputError(Msg("io.read", what=W(what), detail=_detail(exc)), where=where) from None
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise InputError(Msg("io.over", what=W(what), limit=_size(max_bytes)), where=where)
        chunks.append(chunk)
