"""A Wine prefix for the integration tests: the WSH collector, cmd.exe lines and reg.exe run in it.

One prefix per test session (booting one costs about 20 s): ``wine`` in tests/integration/conftest.py.
Every process Wine started for the prefix is killed at the end (winedevice.exe outlives wineserver -k).
The prefix runs in Asia/Shanghai (the terminals' time zone) and a crash ends the process instead of
starting winedbg, which would wait for ever. ``run_console`` gives a command a pseudo-terminal as its
console, as a person at the terminal has one: Wine's cscript crashes writing long Chinese lines to a pipe.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from checks.collectors.windows import script_path
from checks.facts import Facts, loads
from tests.conftest import require_program

_APPEND = re.compile(r'>>"([^"]+)" echo ')
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
LAUNCHER = (  # runs one exact command line the way WinRM does: CreateProcess("cmd.exe /c " + line)
    'var f=new ActiveXObject("Scripting.FileSystemObject");'
    'var line=f.OpenTextFile(WScript.Arguments(0),1,false,-1).ReadAll();'
    'WScript.Quit(new ActiveXObject("WScript.Shell").Run("cmd.exe /c "+line,0,true));'
)


@dataclass
class WinePrefix:
    root: Path
    env: dict[str, str]
    last_stderr: bytes = b""

    def run(self, *argv: str, timeout: float = 120, check: bool = True,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
        # Files, not pipes: Wine's background services inherit the handles and would hold a pipe open.
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            code = subprocess.run(["wine", *argv], env={**self.env, **(env or {})}, stdout=out, stderr=err, timeout=timeout,
                                  check=False).returncode
            out.seek(0)
            err.seek(0)
            proc = subprocess.CompletedProcess(["wine", *argv], code, out.read(), err.read())
        if check and proc.returncode != 0:
            raise AssertionError(f"wine {argv} exited {proc.returncode}: {proc.stderr[-400:]!r}")
        return proc

    def run_console(self, argv: list[str], cwd: Path, typed: str | None = None, timeout: float = 240,
                    env: dict[str, str] | None = None, wrap: list[str] | None = None) -> tuple[int, str]:
        """Run ``wine argv`` with a pseudo-terminal as its console; ``typed`` is its standard input (a pipe,
        closed after it), None: no input at all (/dev/null); ``wrap`` runs it through another program.
        Returns (exit code, the screen as text)."""
        import pty

        master, slave = pty.openpty()
        proc = subprocess.Popen([*(wrap or []), "wine", *argv], cwd=cwd, env={**self.env, **(env or {})},
                                stdin=subprocess.PIPE if typed is not None else subprocess.DEVNULL,
                                stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        if typed is not None and proc.stdin is not None:
            proc.stdin.write(typed.encode("utf-8"))
            proc.stdin.close()
        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 0.5)
                if ready:
                    try:
                        data = os.read(master, 65536)
                    except OSError:
                        break
                    if not data:
                        break
                    chunks.append(data)
                elif proc.poll() is not None:
                    break
            else:
                os.killpg(proc.pid, signal.SIGKILL)
                raise AssertionError(f"wine {argv} did not finish within {timeout:.0f} s")
            code = proc.wait(timeout=30)
        finally:
            os.close(master)
        text = _ESCAPES.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r", "")
        return code, text

    def unix(self, windows_path: str) -> Path:
        """C:\\x\\y -> <prefix>/drive_c/x/y."""
        assert windows_path[:3].upper() == "C:\\"
        return self.root / "drive_c" / Path(*windows_path[3:].split("\\"))

    def collect(self, *paths: str, env: dict[str, str] | None = None) -> tuple[Facts, bytes]:
        args = ["/paths:" + "|".join(paths)] if paths else []
        proc = self.run("cscript", "//nologo", self.win(Path(script_path())), *args, env=env)
        return loads(proc.stdout, where="wine cscript"), proc.stdout

    @staticmethod
    def win(path: Path) -> str:
        return "Z:" + str(path).replace("/", "\\")

    def exact(self, line: str, workdir: Path, capture: bool = False) -> tuple[int, bytes]:
        """Run ``line`` exactly as cmd.exe receives it over WinRM; with ``capture``, its stdout."""
        out = "C:\\windows\\temp\\qp-exact-out.txt"
        if capture:
            line += f' >"{out}"'
        (workdir / "line.txt").write_text(line, encoding="utf-16")
        (workdir / "launch.js").write_text(LAUNCHER, encoding="ascii")
        proc = self.run("cscript", "//nologo", self.win(workdir / "launch.js"), self.win(workdir / "line.txt"),
                        check=False)
        data = self.unix(out).read_bytes() if capture and self.unix(out).exists() else b""
        self.last_stderr = proc.stderr[-400:]    # Wine's own complaints (a loader or wineserver failure)
        return proc.returncode, data

    def send(self, line: str, workdir: Path) -> int:
        """``exact(line)`` for one delivery line. In CI, under load, Wine 8 has ended such a line with 1 without
        running it (twice in about 3,000 lines; never here in 1,300 under busy loops; no word on stderr). An
        append (``>>"file" echo …``) that left its file as it was is sent once more, with a warning; one that
        appended and still failed is not, and a doubled append is caught by the decoders' digit count."""
        match = _APPEND.match(line)
        target = self.unix(match.group(1)) if match and match.group(1)[:3].upper() == "C:\\" else None

        def size() -> int:
            return target.stat().st_size if target is not None and target.exists() else -1

        before = size()
        code, _ = self.exact(line, workdir)
        if code != 0 and target is not None and size() == before:
            warnings.warn(f"Wine ended a line {code} without running it ({self.last_stderr!r}); sent again: "
                          f"{line[:60]}", stacklevel=2)
            code, _ = self.exact(line, workdir)
        return code


@contextmanager
def wine_prefix(root: Path) -> Iterator[WinePrefix]:
    """A booted prefix in ``root`` with a persistent wineserver; everything of it is killed afterwards."""
    require_program("wine")
    require_program("wine64")
    env = {**os.environ, "WINEPREFIX": str(root), "WINEDEBUG": "-all",
           "WINEDLLOVERRIDES": "mscoree,mshtml=;winedbg.exe=d",   # a crash ends the process, no debugger waits
           "LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8", "DISPLAY": "", "TZ": "Asia/Shanghai"}
    prefix = WinePrefix(root, env)
    subprocess.run(["wineboot", "-i"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180,
                   check=True)
    # No display here: the null graphics driver stops Wine from waiting for explorer (10 s per start).
    prefix.run("reg", "add", "HKCU\\Software\\Wine\\Drivers", "/v", "Graphics", "/d", "null", "/f")
    subprocess.run(["wineserver", "-k"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
                   check=False)
    server = subprocess.Popen(["wineserver", "-p", "-f"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        yield prefix
    finally:
        subprocess.run(["wineserver", "-k"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60, check=False)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        kill_prefix_processes(root)


def kill_prefix_processes(root: Path) -> None:
    """Kill what Wine started for this prefix and left behind (winedevice.exe outlives wineserver -k)."""
    wanted = f"WINEPREFIX={root}".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if wanted in environ:
            try:
                os.kill(int(proc.name), signal.SIGKILL)
            except OSError:
                pass


def build_msis(source: Path, out: Path, wixl: str) -> dict[str, Path]:
    """Build every ``*.wxs`` of ``source`` with wixl (x64 when it installs under ProgramFiles64Folder)."""
    built = {}
    for wxs in sorted(source.glob("*.wxs")):
        arch = "x64" if "ProgramFiles64Folder" in wxs.read_text("utf-8") else "x86"
        target = out / f"{wxs.stem}.msi"
        subprocess.run([wixl, "-a", arch, "-o", str(target), str(wxs)], cwd=source, check=True,
                       capture_output=True, timeout=60)
        built[wxs.stem] = target
    return built
