"""The QP client's MSI: its ProductCode, version and name read from the package's own Property table.

An MSI is an OLE compound file (read with ``olefile``) whose tables are streams with encoded names:
``_StringPool``/``_StringData`` hold every string, ``Property`` holds (Property, Value) string ids
column by column. Nothing is installed or run. A file that is not an MSI, or whose ProductCode differs
from the one the engineer gave, is refused before any kit file is written.
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from checks.errors import InputError
from checks.i18n import Msg
from checks.textio import read_chunks
from provisioning.kit import texts  # noqa: F401  (registers the kit's words)

_NAME_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._"
GUID = re.compile(r"^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$")
MAX_MSI_BYTES = 2 * 1024**3


class NotAnMsi(ValueError):
    """The file is no MSI package we can read; ``msg`` says why (a catalogue text)."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg


@dataclass(frozen=True)
class QpPackage:
    """The QP installer as the kit and the settings describe it."""

    path: Path
    product_code: str
    version: str
    name: str
    manufacturer: str
    sha256: str
    size: int


def _stream_name(raw: str) -> str:
    """Decode an MSI stream name (two name characters packed in one code point, tables prefixed U+4840)."""
    out = []
    for ch in raw:
        c = ord(ch)
        if c == 0x4840:
            out.append("!")  # a table
        elif 0x4800 <= c < 0x4840:
            out.append(_NAME_CHARS[c - 0x4800])
        elif 0x3800 <= c < 0x4800:
            c -= 0x3800
            out.append(_NAME_CHARS[c & 0x3F] + _NAME_CHARS[(c >> 6) & 0x3F])
        else:
            out.append(ch)
    return "".join(out)


def _strings(pool: bytes, data: bytes) -> tuple[list[str], int]:
    """The string table (index = string id; id 0 is null) and the size of a string reference (2 or 3)."""
    words = struct.unpack(f"<{len(pool) // 2}H", pool[: len(pool) // 2 * 2])
    if len(words) < 2:
        raise NotAnMsi(Msg("kit.msi.empty_pool"))
    codepage = words[0] | ((words[1] & 0x7FFF) << 16)
    ref_size = 3 if words[1] & 0x8000 else 2
    encoding = {0: "utf-8", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
    strings, offset, i, count = [""], 0, 1, len(words) // 2
    while i < count:
        length, refs = words[2 * i], words[2 * i + 1]
        if length == 0 and refs == 0:
            strings.append("")
            i += 1
            continue
        if length == 0:  # a string over 64 KiB: the next entry holds its length
            length = (words[2 * i + 3] << 16) + words[2 * i + 2]
            i += 2
        else:
            i += 1
        chunk = data[offset:offset + length]
        offset += length
        try:
            strings.append(chunk.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            strings.append(chunk.decode("utf-8", errors="replace"))  # wixl writes UTF-8 whatever it declares
    return strings, ref_size


def msi_properties(path: Path) -> dict[str, str]:
    """The Property table of an MSI; :class:`NotAnMsi` (a ValueError) when the file is not one."""
    import olefile

    if not olefile.isOleFile(str(path)):
        raise NotAnMsi(Msg("kit.msi.not_ole"))
    with olefile.OleFileIO(str(path)) as ole:
        streams = {_stream_name(entry[0]): entry[0] for entry in ole.listdir(streams=True, storages=False)
                   if len(entry) == 1}
        needed = ("!_StringPool", "!_StringData", "!Property")
        if not all(n in streams for n in needed):
            raise NotAnMsi(Msg("kit.msi.no_property"))
        strings, ref = _strings(ole.openstream(streams["!_StringPool"]).read(),
                                ole.openstream(streams["!_StringData"]).read())
        table = ole.openstream(streams["!Property"]).read()
    rows = len(table) // (2 * ref)

    def ref_at(i: int) -> int:
        return int.from_bytes(table[i * ref:(i + 1) * ref], "little")

    out = {}
    for r in range(rows):
        key, value = ref_at(r), ref_at(rows + r)
        if 0 < key < len(strings):
            out[strings[key]] = strings[value] if 0 <= value < len(strings) else ""
    return out


def read_msi(path: str | Path, product_code: str | None = None) -> QpPackage:
    """The QP package at ``path``; refused (InputError) when missing, not an MSI, or of another ProductCode."""
    p = Path(path)
    where = f"--qp-msi {p}"
    if not p.is_file():
        raise InputError(Msg("kit.err.no_msi"), where=where)
    size = p.stat().st_size
    if size > MAX_MSI_BYTES:
        raise InputError(Msg("kit.err.msi_big", size=f"{size / 2**30:.1f} GiB"), where=where)
    try:
        props = msi_properties(p)
    except NotAnMsi as exc:
        raise InputError(exc.msg, where=where) from None
    except (ValueError, OSError, struct.error) as exc:   # olefile's and the system's own words: marked detail
        raise InputError(Msg("kit.err.msi", detail=str(exc)), where=where) from None
    code = props.get("ProductCode", "").upper()
    if not GUID.match(code):
        raise InputError(Msg("kit.err.no_code", code=repr(props.get("ProductCode"))), where=where)
    if product_code is not None:
        given = product_code.strip().upper()
        if not given.startswith("{"):
            given = "{" + given + "}"
        if not GUID.match(given):
            raise InputError(Msg("kit.err.guid", code=repr(product_code)),
                             where="--qp-product-code")
        if given != code:
            raise InputError(Msg("kit.err.other_code", code=code, given=given), where=where)
    version = props.get("ProductVersion", "")
    if not version:
        raise InputError(Msg("kit.err.no_version"), where=where)
    digest = hashlib.sha256()
    for block in read_chunks(p, MAX_MSI_BYTES, "QP installer"):  # the one bounded reader, streamed
        digest.update(block)
    return QpPackage(p, code, version, props.get("ProductName", ""), props.get("Manufacturer", ""),
                     digest.hexdigest(), size)
