"""Files that must survive a crash are written to a temporary file beside them and renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from checks.errors import InputError
from checks.i18n import Msg, add

add({
    "io.write_folder": {"zh": "无法写入：这是文件夹，不是文件名", "en": "cannot write: this is a folder, not a file name"},
    "io.write": {"zh": "无法写入（详情：{detail}）", "en": "cannot write: {detail}"},
})


def replace_atomically(path: str | os.PathLike[str], data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder + fsync + rename (raises OSError).

    ``mode``: the permission bits the file gets (the temp file is created 0600); give the old file's
    mode when replacing a file someone else reads.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)   # os.chmod, not fchmod: Windows has no fchmod before Python 3.13
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike[str], data: str | bytes, encoding: str = "utf-8") -> None:
    """:func:`replace_atomically` for a user-named report file (its folder is made when missing): every
    OSError — a read-only folder, a path that is a folder — becomes a one-line InputError naming the path."""
    raw = data.encode(encoding) if isinstance(data, str) else data
    target = Path(path)
    if target.is_dir():
        raise InputError(Msg("io.write_folder"), where=str(target))
    try:
        replace_atomically(target, raw)
    except OSError as exc:
        raise InputError(Msg("io.write", detail=str(exc.strerror or exc)), where=str(path)) from None
