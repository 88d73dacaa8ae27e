"""Where the QP client reads its server setting: a plain file, an INI key or a registry value.

A :class:`Target` reads the setting, takes a :class:`Snapshot` of it (the file's exact bytes and mode,
or the registry value with its type), renders the new content without writing, and writes content
back atomically with the mode kept. The INI edit changes only the value on the key's line: spacing
around ``=``, every line end (CRLF, LF, none at the end), comments, sections and the encoding (GBK
on old Chinese Windows, UTF-8 with or without BOM) stay as they were. The registry goes through
``reg query``/``reg add`` so ``wine reg`` can stand in.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from checks.carrier import texts  # noqa: F401  (registers the carrier's words)
from checks.carrier.config import CarrierConfig
from checks.errors import InputError, QpError
from checks.fsutil import replace_atomically
from checks.i18n import Msg
from checks.textio import read_bytes

MAX_SETTING_BYTES = 1024 * 1024  # a QP client's INI is a few KiB
_SECTION = re.compile(r"\s*\[([^\]]*)\]")


@dataclass(frozen=True)
class Snapshot:
    """The setting as it is: ``raw`` bytes and ``mode`` of the file (None when absent), or ``value``/``type``
    of the registry value (None when not set)."""

    raw: bytes | None = None
    mode: int | None = None
    value: str | None = None
    type: str | None = None


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding of an INI file: UTF-8 (with or without BOM), else GBK."""
    for enc in ("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8", "gbk"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError(Msg("carrier.err.ini_encoding"))


def _detail(exc: OSError) -> str:
    """The system's own words for an OSError (technical detail, shown after the explanation)."""
    return str(exc.strerror or exc)


def _umask_mode() -> int:
    """The mode a program creating a new file would give it (0666 minus the umask)."""
    old = os.umask(0)
    os.umask(old)
    return 0o666 & ~old


class Target:
    """Read and write the QP server setting at the configured place."""

    def __init__(self, config: CarrierConfig) -> None:
        self.config = config
        self.a = config.apply

    @property
    def kind(self) -> str:
        return self.a.target

    def describe(self) -> str:
        if self.a.target == "registry":
            return f"registry {self.a.registry_key}\\{self.a.registry_value}"
        if self.a.target == "ini":
            return f"{self.a.path} [{self.a.ini_section}] {self.a.ini_key}"
        return str(self.a.path)

    def path(self) -> Path:
        if not self.a.path:
            raise InputError(Msg("carrier.err.path_required", target=self.a.target), where=self.config.source)
        return Path(self.a.path)

    # -- reading ---------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The setting exactly as it is now."""
        if self.kind == "registry":
            value, kind = self._reg_read()
            return Snapshot(value=value, type=kind)
        p = self.path()
        try:
            info = p.stat()
        except FileNotFoundError:
            return Snapshot()
        except OSError as exc:
            raise QpError(Msg("carrier.err.read", detail=_detail(exc)), where=str(p)) from None
        raw = read_bytes(p, MAX_SETTING_BYTES, what="the QP server setting")   # regular files only, bounded
        return Snapshot(raw=raw, mode=stat.S_IMODE(info.st_mode))

    def value_of(self, snap: Snapshot) -> str | None:
        """The server value a snapshot holds (None when not set)."""
        if self.kind == "registry":
            return snap.value
        if snap.raw is None:
            return None
        if self.kind == "file":
            return snap.raw.decode("utf-8", "replace").strip() or None
        text, _ = decode(snap.raw)
        lines = text.splitlines()
        _, key_at, _ = self._ini_find(lines)
        return None if key_at is None else (lines[key_at].split("=", 1)[1].strip() or None)

    def read(self) -> str | None:
        """The value set now, or None when it is not set."""
        return self.value_of(self.snapshot())

    def check_writable(self) -> None:
        """Refuse a target that cannot be written, before anything is measured or changed."""
        if self.kind == "registry":
            return
        p = self.path()
        try:
            info = p.stat()
        except FileNotFoundError:
            folder = p.parent if str(p.parent) else Path(".")
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent
            if not os.access(folder, os.W_OK):
                raise InputError(Msg("carrier.err.folder", folder=str(folder)), where=str(p)) from None
            return
        except OSError as exc:
            raise InputError(Msg("carrier.err.check", detail=_detail(exc)), where=str(p)) from None
        read_only = not (info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(p, os.W_OK)
        if read_only:
            raise InputError(Msg("carrier.err.read_only"), where=str(p))

    # -- rendering and writing -------------------------------------------------------------------
    def render(self, snap: Snapshot, value: str) -> bytes:
        """The file's new bytes with ``value`` set (file and INI targets; nothing is written)."""
        if self.kind == "file":
            return (value + "\n").encode("utf-8")
        if snap.raw is None:
            text, enc = "", "utf-8"
        else:
            text, enc = decode(snap.raw)
        return self._ini_render(text, value).encode(enc)

    def write_raw(self, raw: bytes | None, mode: int | None) -> None:
        """Replace the file with ``raw`` (None removes it), atomically, keeping ``mode``."""
        p = self.path()
        try:
            if raw is None:
                p.unlink(missing_ok=True)
            else:
                replace_atomically(p, raw, mode=_umask_mode() if mode is None else mode)
        except OSError as exc:
            raise QpError(Msg("carrier.err.write", detail=_detail(exc)), where=str(p)) from None

    def write_registry(self, value: str | None, kind: str | None = None) -> None:
        """Set the registry value (None deletes it) as REG_SZ or the given type."""
        key, name = str(self.a.registry_key), self.a.registry_value
        if value is None:
            done = self._reg("delete", key, "/v", name, "/f")
        else:
            done = self._reg("add", key, "/v", name, "/t", kind or "REG_SZ", "/d", value, "/f")
        if done.returncode != 0:
            raise QpError(Msg("carrier.err.reg", code=done.returncode,
                              detail=(done.stderr or done.stdout).strip()[:200]), where=self.describe())

    # -- INI -------------------------------------------------------------------------------------
    def _ini_find(self, lines: list[str]) -> tuple[int | None, int | None, int]:
        """(section header index, key line index, end of the section) for the configured key."""
        want_section, want_key = self.a.ini_section.lower(), self.a.ini_key.lower()
        section_at: int | None = None
        key_at: int | None = None
        end = len(lines)
        current: str | None = None
        for i, line in enumerate(lines):
            m = _SECTION.match(line)
            if m:
                if current is not None and current.lower() == want_section:
                    end = i
                current = m.group(1).strip()
                if current.lower() == want_section:
                    section_at, end = i, len(lines)
                continue
            if current is not None and current.lower() == want_section and "=" in line:
                if line.split("=", 1)[0].strip().lower() == want_key:
                    key_at = i
        return section_at, key_at, end

    def _ini_render(self, text: str, value: str) -> str:
        lines = text.splitlines(keepends=True)
        endings = [ln[len(ln.rstrip("\r\n")):] for ln in lines if ln.rstrip("\r\n") != ln]
        newline = endings[0] if endings else ("\r\n" if os.name == "nt" else "\n")
        section_at, key_at, end = self._ini_find([ln.rstrip("\r\n") for ln in lines])
        if key_at is not None:  # only the value changes: the name, the spaces around "=", the line end stay
            body = lines[key_at].rstrip("\r\n")
            ending = lines[key_at][len(body):]
            name, _, rest = body.partition("=")
            lead = rest[:len(rest) - len(rest.lstrip())]
            lines[key_at] = f"{name}={lead}{value}{ending}"
            return "".join(lines)
        entry = f"{self.a.ini_key}={value}"
        if section_at is not None:
            insert = end
            while insert > section_at + 1 and not lines[insert - 1].strip():
                insert -= 1  # before the blank lines that separate sections
            if not lines[insert - 1].endswith(("\n", "\r")):
                lines[insert - 1] += newline
            lines.insert(insert, entry + newline)
            return "".join(lines)
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        return "".join(lines) + f"[{self.a.ini_section}]{newline}{entry}{newline}"

    # -- registry --------------------------------------------------------------------------------
    def _reg(self, *args: str) -> subprocess.CompletedProcess[str]:
        if not self.a.registry_key:
            raise InputError(Msg("carrier.err.key_required"), where=self.config.source)
        cmd = [*self.a.registry_command, *args]
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False,
                                  encoding="utf-8", errors="replace")
        except FileNotFoundError:
            raise QpError(Msg("carrier.err.reg_missing", tool=repr(self.a.registry_command[0])),
                          hint=Msg("carrier.err.reg_missing_hint")) from None
        except subprocess.TimeoutExpired:
            raise QpError(Msg("carrier.err.reg_timeout", s=120)) from None

    def _reg_read(self) -> tuple[str | None, str | None]:
        key, name = str(self.a.registry_key), self.a.registry_value
        done = self._reg("query", key, "/v", name)
        if done.returncode != 0:
            return None, None
        for line in done.stdout.splitlines():
            parts = line.strip().split(None, 2)
            if len(parts) >= 2 and parts[0].lower() == name.lower() and parts[1].startswith("REG_"):
                return (parts[2].strip() if len(parts) == 3 else None), parts[1]
        return None, None
