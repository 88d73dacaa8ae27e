"""The Windows collector: one WSH script (``collect_facts.js``) run through cscript, locally or remotely.

``qpfleet facts`` / ``selfcheck`` on Windows call :func:`collect_via_cscript`; WinRM and Ansible ship
the same script (:func:`script_text`). There is no second collector in Python.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from importlib import resources

from checks.errors import InputError, QpError
from checks.facts import Facts, loads

SCRIPT_NAME = "collect_facts.js"
DEFAULT_TIMEOUT = 300.0


def script_path() -> str:
    """File system path of the packaged collector script."""
    return str(resources.files("checks.collectors.windows").joinpath(SCRIPT_NAME))


def script_text() -> str:
    """The collector script (ASCII JScript)."""
    return resources.files("checks.collectors.windows").joinpath(SCRIPT_NAME).read_text("ascii")


def cscript_argv(paths: Sequence[str], script: str | None = None, cscript: str = "cscript") -> list[str]:
    """The argv that runs the collector: ``cscript //nologo collect_facts.js /paths:A|B``."""
    for p in paths:
        if "|" in p or '"' in p:
            raise InputError(f"folder {p!r} cannot be passed to the collector (no | or quotes)", where="profile paths")
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
        raise InputError(exc.message + (f"; collector said: {detail[:200]}" if detail else ""), where=where) from None


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
        raise QpError("cscript.exe not found: Windows Script Host is disabled or missing on this computer",
                      hint="enable it under HKLM\\Software\\Microsoft\\Windows Script Host\\Settings (Enabled=1)") \
            from None
    except subprocess.TimeoutExpired:
        raise QpError(f"the collector did not finish within {timeout:.0f} s", where=SCRIPT_NAME) from None
    return parse_output(proc.stdout, proc.stderr, proc.returncode, SCRIPT_NAME)
