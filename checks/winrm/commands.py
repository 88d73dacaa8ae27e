"""The cmd.exe command lines that deliver the WSH collector to a Windows host, run it and remove it.

WinRM 2.0 (XP SP3, Server 2003) can run one cmd.exe line at a time and nothing else that every
target has, so the script travels as hexadecimal text appended in chunks to a file (``echo``
is safe for [0-9a-f]), a one-line JScript decoder (written without any character cmd.exe treats
specially) turns it back into the script, cscript runs it, and the folder is removed. Every
line stays under cmd.exe's limit of 8191 characters *after* ``%TEMP%`` is expanded.
Pure: no I/O; the lines are executed under Wine's cmd.exe in the tests.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from checks.errors import InputError
from checks.i18n import Msg, add

add({
    "collector.err.path": {"zh": "文件夹 {path} 不能传给检测脚本（不能含有 {chars}）",
                           "en": "folder {path} cannot be passed to the collector (none of {chars})"},
    "winrm.err.temp": {"zh": "临时文件夹 {base} 不能使用", "en": "unusable temporary folder {base}"},
    "winrm.err.ascii": {"zh": "检测脚本只能含ASCII字符（其他字符写成 \\uXXXX）",
                        "en": "the collector script must be ASCII (write other characters as \\uXXXX)"},
    "winrm.err.temp_long": {"zh": "临时文件夹路径太长，一行命令放不下：{base}",
                            "en": "temporary folder path too long for one command line: {base}"},
    "winrm.err.line": {"zh": "命令行有 {n} 个字符，超过了 cmd.exe 的上限", "en": "command line of {n} characters exceeds cmd.exe's limit"},
})

CMD_LINE_LIMIT = 8191            # cmd.exe, Windows XP and later (2047 on Windows 2000's cmd /c lines)
EXPANSION_RESERVE = 400          # %TEMP% may expand to a long profile path (C:\Documents and Settings\...)
DEFAULT_BASE = "%TEMP%"

# One line of JScript, free of & | < > ^ % ! so that cmd.exe's echo writes it verbatim. Its third
# argument is the number of hex digits sent: a chunk lost or appended twice ends it with
# INCOMPLETE_EXIT before anything is written (cmd.exe's own exit code for a failed ``>>`` is not
# to be relied on: Wine's is 0).
INCOMPLETE_EXIT = 3
DECODER_JS = (
    'var f=new ActiveXObject("Scripting.FileSystemObject");var a=WScript.Arguments;'
    'var t=f.OpenTextFile(a(0),1).ReadAll().replace(/\\s/g,"");'
    f'if(t.length-a(2)){{WScript.Quit({INCOMPLETE_EXIT})}}var o=[];'
    'for(var i=0;i-t.length;i+=2){o.push(String.fromCharCode(parseInt(t.substr(i,2),16)))}'
    'var w=f.CreateTextFile(a(1),true);w.Write(o.join(""));w.Close()'
)
_CMD_SPECIAL = re.compile(r'[&|<>^%!]')
_BAD_PATH = re.compile(r'["%!\r\n|]')


@dataclass(frozen=True)
class Delivery:
    """The command lines of one collector run, in order: ``setup`` lines, ``run``, then ``cleanup``."""

    workdir: str
    setup: list[str]
    run: str
    cleanup: str

    def all_lines(self) -> list[str]:
        return [*self.setup, self.run, self.cleanup]


def paths_argument(paths: list[str]) -> str:
    """The collector's ``/paths:"A|B"`` argument; a path cmd.exe cannot carry safely is refused."""
    for p in paths:
        if not p.strip() or _BAD_PATH.search(p):
            raise InputError(Msg("collector.err.path", path=repr(p), chars="\" % ! | ↵"), where="profile paths")
    return '/paths:"' + "|".join(paths) + '"'


def _check_base(base: str) -> None:
    if '"' in base or "\n" in base or "\r" in base or base.endswith("\\"):
        raise InputError(Msg("winrm.err.temp", base=repr(base)), where="--temp-dir")


def build_delivery(script: str, paths: list[str], base: str = DEFAULT_BASE, token: str | None = None,
                   limit: int = CMD_LINE_LIMIT) -> Delivery:
    """The command lines that write ``script`` (ASCII JScript) under ``base``, run it and clean up."""
    _check_base(base)
    try:
        data = script.encode("ascii")
    except UnicodeEncodeError:
        raise InputError(Msg("winrm.err.ascii"), where="collect_facts.js") from None
    if _CMD_SPECIAL.search(DECODER_JS):  # pragma: no cover - guards edits of the decoder
        raise AssertionError("decoder contains a cmd.exe special character")
    token = token or secrets.token_hex(6)
    workdir = f"{base}\\qpfleet-{token}"
    hex_file, decoder, target = f"{workdir}\\collector.hex", f"{workdir}\\unhex.js", f"{workdir}\\collect_facts.js"
    head = f'>>"{hex_file}" echo '
    room = limit - EXPANSION_RESERVE - len(head)
    room -= room % 2
    if room < 64:
        raise InputError(Msg("winrm.err.temp_long", base=repr(base)), where="--temp-dir")
    text = data.hex()
    setup = [f'mkdir "{workdir}"']
    setup += [head + text[i:i + room] for i in range(0, len(text), room)]
    setup.append(f'>"{decoder}" echo {DECODER_JS}')
    setup.append(f'cscript //nologo "{decoder}" "{hex_file}" "{target}" {len(text)}')
    run = f'cscript //nologo "{target}" {paths_argument(paths)}'
    cleanup = f'rmdir /s /q "{workdir}"'
    for line in [*setup, run, cleanup]:
        if len(line) > limit - EXPANSION_RESERVE:
            raise InputError(Msg("winrm.err.line", n=len(line)), where="winrm")
    return Delivery(workdir, setup, run, cleanup)
