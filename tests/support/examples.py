"""The command examples of a Markdown page (README.md, docs/*.md), to run them as written.

Every line of a fenced code block of commands (no language, or sh/bash/shell/console; a ```yaml or
```json block shows a file, not commands) is a command (``$ `` prompts and trailing ``# comments`` removed,
``\\`` continuations joined). A command with a placeholder in angle brackets (``<host>``) is
illustrative and not run; every other one runs from a copy of the repository's demo data.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMAND_BLOCKS = ("", "sh", "bash", "shell", "console")
PLACEHOLDER = re.compile(r"<[^<>\s][^<>]*>")
# The demo data every example may use, copied into a fresh folder that stands for the repository root.
DEMO = ("inventory", "playbooks", "ansible.cfg", "tests/fixtures", "docs", "checks/data")
# What the examples assume: a dispatcher's day early in December 2026 (deadlines, campaigns and
# training are dated); faketime makes "now" that day, advancing from there.
DEMO_NOW = "2026-12-03 02:00:00"  # UTC (TZ=UTC below): 10:00 Beijing time, Thursday 3 December 2026


@dataclass(frozen=True)
class Example:
    """One command of a page: where it is, its text, and whether it is only illustrative."""

    page: str
    line: int
    text: str

    @property
    def illustrative(self) -> bool:
        return bool(PLACEHOLDER.search(self.text))

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.text, comments=True)

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.text}"


def examples(page: Path) -> list[Example]:
    """Every command line in the fenced code blocks of ``page``."""
    found: list[Example] = []
    in_block: bool | None = False  # None: inside a block that is not commands
    pending = ""
    start = 0
    for n, raw in enumerate(page.read_text("utf-8").splitlines(), 1):
        fence = raw.lstrip()
        if fence.startswith("```"):
            if in_block is False:
                in_block = True if fence[3:].strip().lower() in COMMAND_BLOCKS else None
            else:
                in_block = False
            continue
        if not in_block:
            continue
        line = raw.strip()
        if line.startswith("$ "):
            line = line[2:]
        if not pending and (not line or line.startswith("#")):
            continue
        if not pending:
            start = n
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        text = pending + line
        pending = ""
        if shlex.split(text, comments=True):
            found.append(Example(page.name, start, text))
    return found


def sandbox(where: Path) -> Path:
    """A folder with the repository's demo data, standing for the repository root."""
    for item in DEMO:
        src = ROOT / item
        dst = where / item
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, symlinks=True)
        elif src.exists():
            shutil.copy2(src, dst)
    (where / "home").mkdir(exist_ok=True)
    return where


def environment(root: Path, lang: str = "C.UTF-8") -> dict[str, str]:
    """A clean environment: the project's programs first on PATH, a home and a dispatch store of its own."""
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("QPFLEET_", "ANSIBLE_", "LC_"))}
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "HOME": str(root / "home"),
        "XDG_CONFIG_HOME": str(root / "home" / ".config"),
        "XDG_DATA_HOME": str(root / "home" / ".local" / "share"),
        "QPFLEET_DISPATCH_DB": str(root / "home" / "dispatch.sqlite3"),
        "LANG": lang,
        "NO_COLOR": "1",
        "TZ": "UTC",
    })
    return env


def _expand(argv: list[str], env: dict[str, str]) -> list[str]:
    """``$VAR`` and ``${VAR}`` from ``env``; a word that is only ``$VAR`` splits on spaces, as a shell does."""
    out: list[str] = []
    for word in argv:
        whole = re.fullmatch(r"\$(\w+)|\$\{(\w+)\}", word)
        if whole:
            out += env.get(whole.group(1) or whole.group(2), "").split()
        else:
            out.append(re.sub(r"\$(\w+)|\$\{(\w+)\}", lambda m: env.get(m.group(1) or m.group(2), ""), word))
    return out


def _in_sandbox(value: str, root: Path) -> str:
    """An absolute /tmp path of an example, moved into the sandbox (runs must not meet in the real /tmp)."""
    return re.sub(r"(?<![\w/])/tmp/", f"{root}/tmp/", value)


def run(example: Example, root: Path, env: dict[str, str], faketime: str | None,
        extra: tuple[str, ...] = (), timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``example`` as written (plus ``extra`` arguments) in ``root``, at the demo's date under faketime.

    ``export VAR=value ...`` lines set ``env`` for the commands after them (``env`` is changed in
    place); ``$VAR`` is expanded as a shell would; ``/tmp/`` paths point into the sandbox.
    """
    (root / "tmp").mkdir(exist_ok=True)
    argv = [_in_sandbox(a, root) for a in example.argv]
    if argv and argv[0] == "export":
        for item in argv[1:]:
            name, _, value = item.partition("=")
            env[name] = value
        return subprocess.CompletedProcess(argv, 0, "", "")
    argv = _expand(argv, env)
    env = dict(env)
    while argv and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", argv[0]):  # VAR=value command ...
        name, _, value = argv.pop(0).partition("=")
        env[name] = value
    argv = [*argv, *extra]
    if faketime and argv and argv[0] == "qpfleet":
        argv = [faketime, "-f", f"@{DEMO_NOW}", *argv]
    try:
        return subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except FileNotFoundError as exc:
        return subprocess.CompletedProcess(argv, 127, "", f"{argv[0]}: not found ({exc.strerror})")
