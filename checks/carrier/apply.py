"""Apply the chosen carrier to the QP server setting, keep what it replaced, and undo it byte for byte.

Apply is atomic in the order that survives a crash: the state (the previous setting, exactly as it
was, and what is about to be written) is written first, then the setting; if writing the setting
fails, the state is rolled back and nothing changed. A target that cannot be written, example data,
or a config whose two carriers would write the same value are refused before anything is measured.
``undo`` puts back the previous bytes (spacing, line ends, sections, encoding, file mode) only when
the setting still holds what apply wrote; otherwise it refuses, exit 1, as for "already undone".
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from checks.carrier import texts  # noqa: F401  (registers the carrier's words)
from checks.carrier.config import ApplyTarget, CarrierConfig
from checks.carrier.targets import Snapshot, Target
from checks.errors import ExitCode, InputError, QpError, ValidationErrors
from checks.fsutil import replace_atomically
from checks.i18n import Msg
from checks.textio import decode_utf8, loads_json, read_bytes

MAX_STATE_BYTES = 16 * 1024 * 1024  # the previous setting and one measurement
STATE_NAME = "carrier-state.json"
HISTORY_NAME = "carrier-history.jsonl"

__all__ = ["HISTORY_NAME", "STATE_NAME", "Target", "UndoRefused", "apply_choice", "current_carrier",
           "refuse_example", "require_applicable", "state_dir", "target_document", "undo"]


def target_document(target: ApplyTarget) -> dict[str, Any]:
    """``target`` as the Windows installer's settings carry it (docs/dev/installer.md: ``values``).

    One format for where a QP client setting lives: the carrier's writer (:mod:`checks.carrier.targets`)
    and install.js read the same fields, and install.js edits an INI file by the same rules.
    """
    if target.target == "ini":
        return {"target": "ini", "path": target.path, "ini_section": target.ini_section, "ini_key": target.ini_key}
    if target.target == "registry":
        return {"target": "registry", "registry_key": target.registry_key, "registry_value": target.registry_value}
    raise InputError(Msg("carrier.err.linux_target", target=repr(target.target)))


class UndoRefused(QpError):
    """Undo cannot be done (nothing applied, already undone, changed since): exit 1, not bad input."""

    exit_code = ExitCode.FAILED


def state_dir(config: CarrierConfig) -> Path:
    if config.apply.state_dir:
        return Path(config.apply.state_dir)
    import platformdirs

    return Path(platformdirs.user_state_dir("qpfleet")) / "carrier"


def current_carrier(config: CarrierConfig, value: str | None) -> str | None:
    """The one carrier whose value is ``value``; None when unknown or when more than one would match."""
    if value is None:
        return None
    matches = [cid for cid in config.ids if value.strip().lower() == config.value_for(cid).lower()]
    return matches[0] if len(matches) == 1 else None


def require_applicable(config: CarrierConfig) -> None:
    """Refuse to apply example data or a config whose carriers would write the same value."""
    if config.example:
        raise InputError(Msg("carrier.err.example_apply"), where=config.source, hint=Msg("carrier.err.example_hint"))
    if config.apply_problems:
        raise ValidationErrors(list(config.apply_problems), what=config.source)


refuse_example = require_applicable  # the name the Ansible module imported first


def _b64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode("ascii")


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def _read_state(path: Path) -> bytes | None:
    """The state file's bytes (through the bounded reader), None when there is none."""
    if not path.exists() and not path.is_symlink():
        return None
    return read_bytes(path, MAX_STATE_BYTES, what="the carrier state")


def _put_state(path: Path, raw: bytes | None) -> None:
    if raw is None:
        path.unlink(missing_ok=True)
    else:
        replace_atomically(path, raw)


def apply_choice(config: CarrierConfig, carrier: str, record: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Write ``carrier``'s value to the target; the state (what it replaced) is written first."""
    require_applicable(config)
    target = Target(config)
    target.check_writable()
    snap = target.snapshot()
    previous = target.value_of(snap)
    value = config.value_for(carrier)
    changed = previous != value
    folder = state_dir(config)
    entry: dict[str, Any] = {"at": now.isoformat(), "target": target.describe(), "kind": target.kind,
                             "carrier": carrier, "value": value, "previous": previous, "changed": changed,
                             "measurement": record}
    if changed:  # an unchanged re-apply must not overwrite what undo restores
        new = None if target.kind == "registry" else target.render(snap, value)
        entry.update(previous_bytes=_b64(snap.raw), previous_mode=snap.mode, written_bytes=_b64(new),
                     previous_type=snap.type)
        state_path = folder / STATE_NAME
        try:
            before = _read_state(state_path)
            _put_state(state_path, json.dumps(entry, ensure_ascii=False, indent=1).encode())
        except OSError as exc:
            raise QpError(Msg("carrier.err.state_write", detail=str(exc.strerror or exc)), where=str(folder)) from None
        try:
            if target.kind == "registry":
                target.write_registry(value)
            else:
                target.write_raw(new, snap.mode)
        except (QpError, OSError) as exc:
            try:
                _put_state(state_path, before)   # roll back: the state describes no apply that did not happen
            except OSError:
                pass
            what = exc.as_msg() if isinstance(exc, QpError) else Msg("carrier.err.write", detail=str(exc))
            raise QpError(Msg("carrier.err.nothing_changed", what=what), where=target.describe()) from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / HISTORY_NAME).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({k: v for k, v in entry.items() if not k.endswith("_bytes")},
                                ensure_ascii=False) + "\n")
    except OSError as exc:
        raise QpError(Msg("carrier.err.history", detail=str(exc.strerror or exc)), where=str(folder)) from None
    return {"target": target.describe(), "value": value, "previous": previous, "changed": changed}


def _restore(target: Target, entry: dict[str, Any], snap: Snapshot) -> str | None:
    """Put the previous setting back; the value it held (what undo restored)."""
    if target.kind == "registry":
        if snap.value != entry.get("value"):
            raise UndoRefused(Msg("carrier.err.undo_changed", now=repr(snap.value), applied=repr(entry.get("value"))),
                              where=target.describe())
        target.write_registry(entry.get("previous"), entry.get("previous_type"))
        return entry.get("previous")  # type: ignore[no-any-return]
    if "written_bytes" not in entry:  # a state written before byte-exact undo: restore the value
        if target.value_of(snap) != entry.get("value"):
            raise UndoRefused(Msg("carrier.err.undo_changed", now=repr(target.value_of(snap)),
                                  applied=repr(entry.get("value"))), where=target.describe())
        previous = entry.get("previous")
        target.write_raw(None if previous is None else target.render(snap, previous), snap.mode)
        return previous  # type: ignore[no-any-return]
    written, before = _unb64(entry["written_bytes"]), _unb64(entry.get("previous_bytes"))
    if snap.raw == before and snap.raw != written:
        raise UndoRefused(Msg("carrier.err.undo_incomplete"), where=target.describe())
    if snap.raw != written:
        raise UndoRefused(Msg("carrier.err.undo_changed", now=repr(target.value_of(snap)), applied=repr(entry.get("value"))),
                          where=target.describe())
    mode = entry.get("previous_mode")
    target.write_raw(before, mode if isinstance(mode, int) else snap.mode)
    return entry.get("previous")  # type: ignore[no-any-return]


def undo(config: CarrierConfig, now: datetime) -> dict[str, Any]:
    """Put back exactly what the last apply replaced; the state is kept, marked ``undone``."""
    path = state_dir(config) / STATE_NAME
    raw = _read_state(path)
    if raw is None:
        raise UndoRefused(Msg("carrier.err.undo_nothing"), where=str(path))
    # strict JSON through the one loader: a damaged or hostile state file (deep nesting, a key twice, not an
    # object) is one line, exit 2, never a traceback
    entry = loads_json(decode_utf8(raw, str(path), "the carrier state"), str(path), "carrier state")
    if not isinstance(entry, dict):
        raise InputError(Msg("carrier.err.state_shape"), where=str(path))
    if entry.get("undone"):
        raise UndoRefused(Msg("carrier.err.undone", at=entry["undone"]), where=str(path))
    target = Target(config)
    snap = target.snapshot()
    replaced = target.value_of(snap)
    restored = _restore(target, entry, snap)
    entry["undone"] = now.isoformat()
    try:
        replace_atomically(path, json.dumps(entry, ensure_ascii=False, indent=1).encode())
    except OSError as exc:
        raise QpError(Msg("carrier.err.undone_unmarked", detail=str(exc.strerror or exc)), where=str(path)) from None
    return {"target": target.describe(), "restored": restored, "replaced": replaced}
