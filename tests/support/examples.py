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
DEMO = ("inventory", "playbooks", "ansible.cfg", "tests/__init__.py", "tests/fixtures", "tests/support", "docs")
SERVERS = ("serve",)  # long-running commands: started, seen listening, stopped with SIGTERM (exit 0)
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

    @property
    def shell(self) -> bool:
        """Whether the line needs a shell: a redirection, a pipe, ``&&`` or ``;`` outside quotes."""
        lexer = shlex.shlex(self.text, posix=True, punctuation_chars=True)
        lexer.commenters = "#"
        return any(tok in ("|", "||", "&", "&&", ";", ">", ">>", "<") for tok in lexer)

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


def fake_clock(faketime: str) -> dict[str, str]:
    """The environment that starts the clock at :data:`DEMO_NOW`: libfaketime preloaded directly (the
    ``faketime`` wrapper's semaphore fails now and then when many run at once: "sem_open: File exists")."""
    lib = next((p for p in (Path(faketime).resolve().parent.parent / "lib" / "x86_64-linux-gnu" / "faketime",
                            Path("/usr/lib/x86_64-linux-gnu/faketime"), Path("/usr/lib/faketime"))
                if (p / "libfaketimeMT.so.1").exists()), None)
    if lib is None:
        raise FileNotFoundError("libfaketimeMT.so.1 (Debian package libfaketime, beside faketime)")
    return {"LD_PRELOAD": str(lib / "libfaketimeMT.so.1"), "FAKETIME": f"@{DEMO_NOW}",
            "FAKETIME_DONT_RESET": "1"}


def _program(text: str, root: Path) -> str:
    """The example's text with its sandboxing applied: /tmp/ inside the sandbox, .venv/bin/ this venv's."""
    import sys

    text = _in_sandbox(text, root)
    return re.sub(r"(?<![\w/])\.venv/bin/", f"{Path(sys.executable).parent}/", text)


def run(example: Example, root: Path, env: dict[str, str], faketime: str | None,
        extra: tuple[str, ...] = (), timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``example`` as written (plus ``extra`` arguments) in ``root``, at the demo's date under faketime.

    ``export VAR=value ...`` lines set ``env`` for the commands after them (``env`` is changed in
    place); ``$VAR`` is expanded as a shell would; ``/tmp/`` paths point into the sandbox. A line with
    shell syntax (``>``, ``&&``, ``|``) runs in bash; a server (``qpfleet serve``) is started, must
    say where it listens within 30 s, and is stopped with SIGTERM (its exit code is the result's).
    """
    (root / "tmp").mkdir(exist_ok=True)
    argv = [_program(a, root) for a in example.argv]
    if argv and argv[0] == "export":
        for item in argv[1:]:
            name, _, value = item.partition("=")
            env[name] = value
        return subprocess.CompletedProcess(argv, 0, "", "")
    shell = example.shell
    argv = _expand(argv, env)
    env = dict(env)
    while argv and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", argv[0]):  # VAR=value command ...
        name, _, value = argv.pop(0).partition("=")
        env[name] = value
    argv = [*argv, *extra]
    if shell:
        argv = ["bash", "-c", _program(example.text, root)]
    server = len(example.argv) > 1 and example.argv[0] == "qpfleet" and example.argv[1] in SERVERS
    if faketime and example.argv[0] == "qpfleet" and not server:
        env.update(fake_clock(faketime))
    try:
        if server:
            return _serve(argv, root, env)
        return subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except FileNotFoundError as exc:
        return subprocess.CompletedProcess(argv, 127, "", f"{argv[0]}: not found ({exc.strerror})")


def _serve(argv: list[str], root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Start a server, wait for its first line (where it listens), stop it with SIGTERM."""
    import os
    import signal
    import time

    argv = [*argv, "--port", "0"]  # the example's port may be taken on a shared machine
    proc = subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    first = ""
    deadline = time.monotonic() + 30
    assert proc.stdout is not None
    os.set_blocking(proc.stdout.fileno(), False)
    while time.monotonic() < deadline and proc.poll() is None and not first:
        first = proc.stdout.readline()
        time.sleep(0.1)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    code = proc.returncode if first else (proc.returncode or 1)
    return subprocess.CompletedProcess(argv, code, first + (out or ""), err or "")
