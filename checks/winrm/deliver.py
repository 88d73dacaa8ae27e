"""Files to a Windows host with cmd.exe lines only: text files and binary files as hexadecimal chunks.

The same way the collector travels (:mod:`checks.winrm.commands`): ``echo`` appends [0-9a-f] chunks
to a ``.hex`` file, every line under cmd.exe's limit after ``%TEMP%`` expands. ASCII files are
decoded by the collector's one-line JScript decoder. A binary file (the QP MSI) needs a byte-exact
writer, which Windows Script Host only has through ``ADODB.Stream`` (MDAC, on every Windows from
2000 on) with MSXML's ``bin.hex`` type. Pure: no I/O.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from checks.errors import InputError
from checks.i18n import Msg, add
from checks.winrm.commands import CMD_LINE_LIMIT, DECODER_JS, DEFAULT_BASE, EXPANSION_RESERVE, INCOMPLETE_EXIT

add({  # winrm.err.temp and winrm.err.line come with checks.winrm.commands
    "winrm.err.name": {"zh": "文件名 {name} 不能传送", "en": "file name {name} cannot be sent"},
    "winrm.err.file_ascii": {"zh": "{name} 只能含ASCII字符（其他字符写成 \\uXXXX）",
                             "en": "{name} must be ASCII (write other characters as \\uXXXX)"},
})

# One line of JScript free of & | < > ^ % ! (cmd.exe's echo writes it verbatim): hex file -> exact bytes;
# like DECODER_JS it ends with INCOMPLETE_EXIT when the hex file does not hold the digits sent.
BINARY_DECODER_JS = (
    'var f=new ActiveXObject("Scripting.FileSystemObject");var a=WScript.Arguments;'
    'var t=f.OpenTextFile(a(0),1).ReadAll().replace(/\\s/g,"");'
    f'if(t.length-a(2)){{WScript.Quit({INCOMPLETE_EXIT})}}'
    'var e=new ActiveXObject("Microsoft.XMLDOM").createElement("b");e.dataType="bin.hex";e.text=t;'
    'var s=new ActiveXObject("ADODB.Stream");s.Type=1;s.Open();s.Write(e.nodeTypedValue);'
    's.SaveToFile(a(1),2);s.Close()'
)
_CMD_SPECIAL = re.compile(r'[&|<>^%!]')
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class Upload:
    """The lines that create ``workdir`` and the files in it, and the line that removes it."""

    workdir: str
    setup: list[str]
    cleanup: str

    def path(self, name: str) -> str:
        return f"{self.workdir}\\{name}"


def build_upload(files: dict[str, bytes], binary: set[str] | frozenset[str] = frozenset(),
                 base: str = DEFAULT_BASE, token: str | None = None, limit: int = CMD_LINE_LIMIT) -> Upload:
    """Lines writing each of ``files`` (name -> bytes) into a fresh folder under ``base``; names in
    ``binary`` are written byte for byte (ADODB.Stream), the others must be ASCII."""
    if '"' in base or "\n" in base or base.endswith("\\"):
        raise InputError(Msg("winrm.err.temp", base=repr(base)), where="winrm")
    for js in (DECODER_JS, BINARY_DECODER_JS):
        if _CMD_SPECIAL.search(js):  # pragma: no cover - guards edits of the decoders
            raise AssertionError("decoder contains a cmd.exe special character")
    workdir = f"{base}\\qpfleet-{token or secrets.token_hex(6)}"
    setup = [f'mkdir "{workdir}"', f'>"{workdir}\\unhex.js" echo {DECODER_JS}']
    if binary:
        setup.append(f'>"{workdir}\\unhexbin.js" echo {BINARY_DECODER_JS}')
    for name, data in files.items():
        if not _NAME.match(name) or name.endswith(".hex") or name.startswith("unhex"):
            raise InputError(Msg("winrm.err.name", name=repr(name)), where="winrm")
        if name not in binary and not data.isascii():
            raise InputError(Msg("winrm.err.file_ascii", name=name), where="winrm")
        hex_file = f"{workdir}\\{name}.hex"
        head = f'>>"{hex_file}" echo '
        room = limit - EXPANSION_RESERVE - len(head)
        room -= room % 2
        text = data.hex()
        setup += [head + text[i:i + room] for i in range(0, len(text), room)] or [f'type nul >"{hex_file}"']
        decoder = "unhexbin.js" if name in binary else "unhex.js"
        setup.append(f'cscript //nologo "{workdir}\\{decoder}" "{hex_file}" "{workdir}\\{name}" {len(text)}')
        setup.append(f'del "{hex_file}"')
    for line in setup:
        if len(line) > limit - EXPANSION_RESERVE:
            raise InputError(Msg("winrm.err.line", n=len(line)), where="winrm")
    return Upload(workdir, setup, f'rmdir /s /q "{workdir}"')
