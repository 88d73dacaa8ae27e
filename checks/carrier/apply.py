"""Write the chosen carrier where the QP client reads its server setting, keep the previous value, undo.

Targets: a plain file (Linux lab hosts: one line), an INI key (edited line by line so comments,
other keys, the encoding — GBK on old Chinese Windows — and CRLF line ends survive) or a
registry value (through ``reg query``/``reg add``, so ``wine reg`` can stand in). Each apply
records the previous value and the measurement in a state file (written to a temp file and
renamed); ``undo`` puts the previous value back.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from checks.carrier.config import CarrierConfig
from checks.errors import InputError, QpError
from checks.fsutil import replace_atomically
from checks.textio import decode_utf8, load_json, read_bytes

SETTING_BYTES = 1024 * 1024  # a QP setting file or INI is a few lines
STATE_NAME = "carrier-state.json"
HISTORY_NAME = "carrier-history.jsonl"


def _decode(raw: bytes) -> tuple[str, str]:
    for enc in ("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8", "gbk"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError("the INI file is neither UTF-8 nor GBK text")


class Target:
    """Read and write the QP server setting at the configured place."""

    def __init__(self, config: CarrierConfig) -> None:
        self.config = config
        self.a = config.apply

    def describe(self) -> str:
        if self.a.target == "registry":
            return f"registry {self.a.registry_key}\\{self.a.registry_value}"
        if self.a.target == "ini":
            return f"{self.a.path} [{self.a.ini_section}] {self.a.ini_key}"
        return str(self.a.path)

    def _path(self) -> Path:
        if not self.a.path:
            raise InputError(f"apply.path is required for target {self.a.target}", where=self.config.source)
        return Path(self.a.path)

    def read(self) -> str | None:
        """The value now set, or None when it is not set."""
        if self.a.target == "file":
            p = self._path()
            if not p.exists() and not p.is_symlink():
                return None
            text = decode_utf8(read_bytes(p, SETTING_BYTES, "QP server setting file"), str(p), "QP server setting file")
            return text.strip() or None
        if self.a.target == "ini":
            return self._ini_read()
        return self._reg_read()

    def write(self, value: str | None) -> None:
        """Set the value (None removes it)."""
        if self.a.target == "file":
            p = self._path()
            try:
                if value is None:
                    p.unlink(missing_ok=True)
                else:
                    replace_atomically(p, (value + "\n").encode("utf-8"))
            except OSError as exc:
                raise QpError(f"cannot write the QP server setting: {exc.strerror}", where=str(p)) from None
        elif self.a.target == "ini":
            self._ini_write(value)
        else:
            self._reg_write(value)

    # -- INI -------------------------------------------------------------------------------------
    def _ini_lines(self) -> tuple[list[str], str, str]:
        p = self._path()
        if not p.exists() and not p.is_symlink():
            return [], "utf-8", "\r\n" if os.name == "nt" else "\n"
        text, enc = _decode(read_bytes(p, SETTING_BYTES, "QP client INI file"))
        newline = "\r\n" if "\r\n" in text else "\n"
        return text.splitlines(), enc, newline

    def _ini_find(self, lines: list[str]) -> tuple[int | None, int | None, int]:
        """(section header index, key line index, insertion index) for the configured key."""
        section_at: int | None = None
        key_at: int | None = None
        insert = len(lines)
        current: str | None = None
        for i, line in enumerate(lines):
            m = re.match(r"\s*\[([^\]]*)\]", line)
            if m:
                if current is not None and current.lower() == self.a.ini_section.lower():
                    insert = i
                current = m.group(1).strip()
                if current.lower() == self.a.ini_section.lower():
                    section_at, insert = i, len(lines)
                continue
            if current is not None and current.lower() == self.a.ini_section.lower():
                k = line.split("=", 1)[0].strip()
                if "=" in line and k.lower() == self.a.ini_key.lower():
                    key_at = i
        return section_at, key_at, insert

    def _ini_read(self) -> str | None:
        lines, _, _ = self._ini_lines()
        _, key_at, _ = self._ini_find(lines)
        return None if key_at is None else (lines[key_at].split("=", 1)[1].strip() or None)

    def _ini_write(self, value: str | None) -> None:
        lines, enc, newline = self._ini_lines()
        section_at, key_at, insert = self._ini_find(lines)
        if value is None:
            if key_at is not None:
                del lines[key_at]
        elif key_at is not None:
            lines[key_at] = f"{lines[key_at].split('=', 1)[0].rstrip()}={value}"
        elif section_at is not None:
            while insert > section_at + 1 and not lines[insert - 1].strip():
                insert -= 1  # keep the key before the blank lines that separate sections
            lines.insert(insert, f"{self.a.ini_key}={value}")
        else:
            lines += [f"[{self.a.ini_section}]", f"{self.a.ini_key}={value}"]
        try:
            replace_atomically(self._path(), (newline.join(lines) + newline).encode(enc))
        except OSError as exc:
            raise QpError(f"cannot write the QP server setting: {exc.strerror}", where=str(self._path())) from None

    # -- registry --------------------------------------------------------------------------------
    def _reg(self, *args: str) -> subprocess.CompletedProcess[str]:
        if not self.a.registry_key:
            raise InputError("apply.registry_key is required for target registry", where=self.config.source)
        cmd = [*self.a.registry_command, *args]
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False,
                                  encoding="utf-8", errors="replace")
        except FileNotFoundError:
            raise QpError(f"registry tool {self.a.registry_command[0]!r} not found",
                          hint="set apply.registry_command (e.g. [wine, reg] on a lab host)") from None
        except subprocess.TimeoutExpired:
            raise QpError("registry tool did not finish within 120 s") from None

    def _reg_read(self) -> str | None:
        key, name = str(self.a.registry_key), self.a.registry_value
        done = self._reg("query", key, "/v", name)
        if done.returncode != 0:
            return None
        for line in done.stdout.splitlines():
            parts = line.strip().split(None, 2)
            if len(parts) >= 2 and parts[0].lower() == name.lower() and parts[1].startswith("REG_"):
                return parts[2].strip() if len(parts) == 3 else None
        return None

    def _reg_write(self, value: str | None) -> None:
        key, name = str(self.a.registry_key), self.a.registry_value
        if value is None:
            done = self._reg("delete", key, "/v", name, "/f")
        else:
            done = self._reg("add", key, "/v", name, "/t", "REG_SZ", "/d", value, "/f")
        if done.returncode != 0:
            raise QpError(f"reg failed ({done.returncode}): {(done.stderr or done.stdout).strip()[:200]}",
                          where=self.describe())


def state_dir(config: CarrierConfig) -> Path:
    if config.apply.state_dir:
        return Path(config.apply.state_dir)
    import platformdirs

    return Path(platformdirs.user_state_dir("qpfleet")) / "carrier"


def current_carrier(config: CarrierConfig, value: str | None) -> str | None:
    """The carrier whose value is ``value`` (None when unknown)."""
    for cid in config.ids:
        if value is not None and value.strip().lower() == config.value_for(cid).lower():
            return cid
    return None


def refuse_example(config: CarrierConfig) -> None:
    """Never write example host names into a real QP client's setting."""
    if config.example:
        raise InputError("the carrier config holds example data (example: true); apply needs the site's own "
                         "config", where=config.source, hint="pass --config FILE without 'example: true'")


def apply_choice(config: CarrierConfig, carrier: str, record: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Write ``carrier``'s value to the target; keep the previous value and the measurement."""
    refuse_example(config)
    target = Target(config)
    previous = target.read()
    value = config.value_for(carrier)
    changed = previous != value
    if changed:
        target.write(value)
    folder = state_dir(config)
    entry = {"at": now.isoformat(), "target": target.describe(), "carrier": carrier, "value": value,
             "previous": previous, "changed": changed, "measurement": record}
    try:
        if changed:  # an unchanged re-apply must not overwrite the value undo restores
            replace_atomically(folder / STATE_NAME, json.dumps(entry, ensure_ascii=False, indent=1).encode())
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / HISTORY_NAME).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise QpError(f"cannot record the measurement: {exc.strerror}", where=str(folder)) from None
    return {"target": target.describe(), "value": value, "previous": previous, "changed": changed}


def undo(config: CarrierConfig, now: datetime) -> dict[str, Any]:
    """Put back the value that the last apply replaced; the state is kept as ``undone``."""
    folder = state_dir(config)
    path = folder / STATE_NAME
    if not path.exists() and not path.is_symlink():
        raise QpError("nothing to undo: no carrier was applied with this configuration", where=str(path))
    entry = load_json(path, SETTING_BYTES * 64, "carrier state file")
    if not isinstance(entry, dict):
        raise InputError("the carrier state file is not a JSON object", where=str(path))
    if entry.get("undone"):
        raise QpError(f"already undone at {entry['undone']}", where=str(path))
    target = Target(config)
    now_value = target.read()
    if now_value != entry.get("value"):
        raise QpError(f"the setting changed since the apply ({now_value!r}, applied {entry.get('value')!r}); "
                      "not undoing over someone else's change", where=target.describe())
    target.write(entry.get("previous"))
    entry["undone"] = now.isoformat()
    replace_atomically(path, json.dumps(entry, ensure_ascii=False, indent=1).encode())
    return {"target": target.describe(), "restored": entry.get("previous"), "replaced": now_value}
