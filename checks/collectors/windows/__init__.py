"""The Windows-side scripts (WSH, JScript 5.x) and the collector run through cscript, locally or remotely.

This folder is the one place for Windows-side scripts: ``common.js`` (the shared JSON writer, error
recorder and output), ``collect_facts.js`` (the collector) and the others (installer, evaluator).
A script is always delivered *assembled*: ``common.js`` followed by the script, one self-contained
ASCII file (:func:`script_text`), the same bytes through the USB kit, WinRM and Ansible.
Every script calls ``jscriptTooOld()`` (common.js) first: under JScript 5.1 (Windows 2000 without
Windows Script 5.6) it reports "Windows Script 5.6 needed" with the 5.1-safe part of common.js only.

``qpfleet facts`` / ``selfcheck`` on Windows call :func:`collect_via_cscript`; WinRM and Ansible ship
the same script. There is no second collector in Python.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from checks.errors import InputError, QpError
from checks.facts import Facts, loads
from checks.i18n import Msg, add

add({
    "collector.output": {"zh": "检测脚本的输出不是检测数据：{why}{said}", "en": "{why}{said}"},
    "collector.said": {"zh": "；检测脚本输出（详情：{text}）", "en": "; collector said: {text}"},
    "collector.err.no_cscript": {"zh": "找不到 cscript.exe：这台电脑的 Windows Script Host 被停用或缺失",
                                 "en": "cscript.exe not found: Windows Script Host is disabled or missing on this computer"},
    "collector.err.no_cscript.hint": {
        "zh": "在注册表 HKLM\\Software\\Microsoft\\Windows Script Host\\Settings 中设置 Enabled=1",
        "en": "enable it under HKLM\\Software\\Microsoft\\Windows Script Host\\Settings (Enabled=1)"},
    "collector.err.timeout": {"zh": "检测脚本在 {s} 秒内没有结束", "en": "the collector did not finish within {s} s"},
})

SCRIPT_NAME = "collect_facts.js"
COMMON_NAME = "common.js"
DEFAULT_TIMEOUT = 300.0


def source_text(name: str) -> str:
    """One packaged source file of this folder as it is (not assembled)."""
    return resources.files("checks.collectors.windows").joinpath(name).read_text("ascii")


def script_text(name: str = SCRIPT_NAME) -> str:
    """The deliverable script ``name``: ``common.js`` then the script itself, as one ASCII JScript text."""
    return source_text(COMMON_NAME) + "\n" + source_text(name)


def write_script(folder: str | os.PathLike[str], name: str = SCRIPT_NAME) -> Path:
    """Write the assembled script ``name`` into ``folder`` (CRLF line ends, as Windows tools expect)."""
    from checks.fsutil import replace_atomically

    target = Path(folder) / name
    replace_atomically(target, script_text(name).replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii"))
    return target


def script_path(name: str = SCRIPT_NAME) -> str:
    """A file system path of the assembled script ``name`` (written once per content into the temp folder)."""
    text = script_text(name)
    digest = hashlib.sha256(text.encode("ascii")).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"qpfleet-wsh-{digest}"
    target = folder / name
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_script(folder, name)
    return str(target)


def cscript_argv(paths: Sequence[str], script: str | None = None, cscript: str = "cscript") -> list[str]:
    """The argv that runs the collector: ``cscript //nologo collect_facts.js /paths:A|B``."""
    for p in paths:
        if "|" in p or '"' in p:
            raise InputError(Msg("collector.err.path", path=repr(p), chars='| "'), where="profile paths")
    return [cscript, "//nologo", script or script_path(), "/paths:" + "|".join(paths)]


def parse_output(stdout: bytes, stderr: bytes, returncode: int, where: str) -> Facts:
    """Facts from the collector's output; a clear message when it printed something else."""
    try:
        return loads(stdout, where=where)
    except InputError as exc:
        from checks.facts import decode_output

        detail = decode_output(stderr).strip() if stderr else ""
        said = decode_output(stdout).strip() if stdout else ""
        if not detail and said and not said.startswith("{"):
            detail = said.splitlines()[0]
        if not detail and returncode:
            detail = f"exit code {returncode}"
        said_msg = Msg("collector.said", text=detail[:200]) if detail else ""
        raise InputError(Msg("collector.output", why=exc.msg, said=said_msg), where=where) from None


def collect_via_cscript(paths: list[str], timeout: float = DEFAULT_TIMEOUT,
                        prefix: Sequence[str] = (), script: str | None = None) -> Facts:
    """Run the collector with this machine's cscript and return its facts.

    ``prefix`` runs it through another program and ``script`` names the script as that program sees
    it (``["wine"]`` and a ``Z:\\`` path in the tests on Linux).
    """
    argv = [*prefix, *cscript_argv(paths, script)]
    try:
        # Files, not pipes: a helper process that inherits the handles cannot keep us waiting.
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            code = subprocess.run(argv, stdout=out, stderr=err, timeout=timeout, check=False).returncode
            out.seek(0)
            err.seek(0)
            proc = subprocess.CompletedProcess(argv, code, out.read(), err.read())
    except FileNotFoundError:
        raise QpError(Msg("collector.err.no_cscript"), hint=Msg("collector.err.no_cscript.hint")) from None
    except subprocess.TimeoutExpired:
        raise QpError(Msg("collector.err.timeout", s=f"{timeout:.0f}"), where=SCRIPT_NAME) from None
    return parse_output(proc.stdout, proc.stderr, proc.returncode, SCRIPT_NAME)
