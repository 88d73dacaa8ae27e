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

import csv
import io
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from checks.errors import InputError

MAX_BYTES_DEFAULT = 20 * 1024 * 1024
_CHUNK = 1 << 16


def read_bytes(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES_DEFAULT, what: str = "file") -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; every problem is one :class:`InputError` naming the file."""
    p = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat below refuses it.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        kind = "is a broken symbolic link" if p.is_symlink() else "not found"
        raise InputError(f"{what} {kind}", where=str(p)) from None
    except IsADirectoryError:
        raise InputError(f"{what} is a directory, not a file", where=str(p)) from None
    except PermissionError:
        raise InputError(f"{what} cannot be read (permission denied)", where=str(p)) from None
    except OSError as exc:
        raise InputError(f"{what} cannot be opened: {exc.strerror or exc}", where=str(p)) from None
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{what} is a directory, not a file", where=str(p))
        if not stat.S_ISREG(mode):
            raise InputError(f"{what} is not a regular file (a device, pipe or socket)", where=str(p))
        if info.st_size > max_bytes:  # refused early; the loop below holds even if the size lied
            raise InputError(f"{what} is {info.st_size / 2**20:.1f} MiB, over the {_size(max_bytes)} limit",
                             where=str(p))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except IsADirectoryError:
                raise InputError(f"{what} is a directory, not a file", where=str(p)) from None
            except OSError as exc:
                raise InputError(f"{what} cannot be read: {exc.strerror or exc}", where=str(p)) from None
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise InputError(f"{what} grew past the {_size(max_bytes)} limit while being read", where=str(p))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB" if n >= 1024 else f"{n} bytes"


def decode_utf8(raw: bytes, where: str, what: str = "file") -> str:
    """UTF-8 text (a BOM is dropped); a decoding error names the line and byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = " (it looks like UTF-16: save it as UTF-8)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else \
            "; save it as UTF-8"
        raise InputError(f"{what} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}){hint}",
                         where=f"{where}:{line}") from None


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


def safe_text(value: Any) -> str:
    """``value`` as text with every control character (C0, DEL, C1, line/paragraph separators) escaped."""
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
            raise InputError(f"{what} cannot be read: {exc.strerror or exc}", where=where) from None
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise InputError(f"{what} is over the {_size(max_bytes)} limit", where=where)
        chunks.append(chunk)
