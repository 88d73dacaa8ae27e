"""Fast parsing of big registry files with the Rust YAML parser (fastyaml-rs), with the slow path's answers.

PyYAML builds a Python object per YAML event and needs about 12 s for an 18 MB registry (10,000
enterprises); fastyaml-rs needs under 1 s. The two must never disagree on a registry that is
accepted, so a file takes the fast path only when nothing in it can be read differently:

- duplicate keys: fastyaml-rs keeps the last silently, checks.yamlio refuses them → its linter's
  duplicate-key rule must find none;
- YAML 1.1 scalars that YAML 1.2 reads as other values: integer fields written 010/0o10/0b10,
  tags, tabs, several documents, control characters → slow path; a text value that YAML 1.1 reads
  as a boolean, number or date (yes, 1_000, 1:30, 2007-11-20) → a problem, so the slow path decides.

Line numbers are only needed for messages, so a fast document gets them lazily from the slow
reader the first time a message about that file is written. The caller re-reads everything on the
slow path when the fast data has any error, so error messages always come from one reader.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from checks.yamlio import Located, load_yaml, read_text

FORK_BYTES = 2 * 1024 * 1024  # lint beside the parse in a second process only for big registries
INTEGER_KEYS = ("registry_version", "approved_terminals", "port")
# Tags, tabs, control characters, several documents and merge keys: always the slow path.
_UNSAFE_TEXT = ("\t", "!", "<<", "\n---", "\n...")
# NEL (U+0085), LS and PS (U+2028/9) and a CR alone are line breaks to YAML 1.1 (PyYAML) but text to
# YAML 1.2: with any of them the file takes the slow path, so both paths read every byte the same.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_LONE_CR = re.compile(r"\r(?!\n)")     # searched only where there is a CR: a look-ahead per byte doubles the time
# An integer field written 010, 0o10 or 0b10: YAML 1.1 and 1.2 give other values or types.
_INTEGER_FIELDS = re.compile(rf"(?:{'|'.join(INTEGER_KEYS)}):[ \t]+[-+]?0[0-9_oObBxX]")
# A text value that YAML 1.1 reads as a boolean, number or date where YAML 1.2 reads text (so it
# may have been written unquoted): the field reader makes it a problem, and the slow path decides.
_YAML11_WORDS = frozenset("yes Yes YES no No NO on On ON off Off OFF".split())
_YAML11_NUMBER = re.compile(
    r"[-+]?0b[01_]+|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?")

try:  # optional: without it every file takes the slow path, with the same results
    import fast_yaml
    import fast_yaml.lint as fast_lint

    _LINT_CONFIG: Any = None
except ImportError:  # pragma: no cover - depends on the installation
    fast_yaml = None  # type: ignore[assignment]


def yaml11_not_text(value: str) -> bool:
    """Whether YAML 1.1 would read this plain scalar as a boolean, number or date (1.2: text)."""
    first = value[:1]
    if first in "yYnNoO":
        return value in _YAML11_WORDS
    if first and first in "+-0123456789" and ("_" in value or ":" in value or "-" in value[1:] or "b" in value):
        return _YAML11_NUMBER.fullmatch(value) is not None
    return False


class LazyLocated(Located):
    """A document parsed on the fast path; its line numbers are read on first use."""

    yaml11_not_text = staticmethod(yaml11_not_text)

    def line(self, path: str) -> int:
        if not self.lines:
            self.lines = load_yaml(self.file, max_bytes=1 << 62, what="registry file").lines or {"": 1}
        return super().line(path)


def _duplicate_keys(text: str) -> bool:
    global _LINT_CONFIG
    if _LINT_CONFIG is None:
        probe = fast_lint.lint("a: 1\n", fast_lint.LintConfig(max_line_length=None))
        codes = {"line-length", "document-start", "document-end", "trailing-whitespace", "indentation",
                 "key-ordering", "truthy", "comments", "empty-values", "quoted-strings",
                 "new-line-at-end-of-file", "braces", "brackets", "colons", "commas", "hyphens",
                 "octal-values", "float-values", "anchors", "empty-lines", "new-lines",
                 "comments-indentation"} | {d.code for d in probe}
        _LINT_CONFIG = fast_lint.LintConfig(max_line_length=None, disabled_rules=codes - {"duplicate-key"})
    return any(d.code == "duplicate-key" for d in fast_lint.lint(text, _LINT_CONFIG))


def fast_safe(text: str) -> bool:
    """Whether PyYAML (YAML 1.1) and fastyaml-rs (YAML 1.2) read ``text`` alike, as far as the text shows.

    Text values that YAML 1.1 would read as something else are caught by the field reader
    (:func:`yaml11_not_text`), which turns them into a problem, so the slow path decides.
    """
    if any(bad in text for bad in _UNSAFE_TEXT) or text.startswith(("---", "...")):
        return False
    return not (_CONTROL.search(text) or ("\r" in text and _LONE_CR.search(text)) or _INTEGER_FIELDS.search(text))


def available() -> bool:
    """Whether fastyaml-rs is installed."""
    return fast_yaml is not None


def load_fast(path: Path, max_bytes: int) -> Located | None:
    """The document on the fast path, or None when it must take the slow path.

    Duplicate keys are not checked here: see :class:`DuplicateKeyCheck`, which runs beside it.
    """
    if fast_yaml is None:
        return None
    text = read_text(path, max_bytes, "registry file")  # same size and UTF-8 errors as the slow path
    if not fast_safe(text):
        return None
    try:
        data = fast_yaml.safe_load(text)
    except Exception:  # any parse problem: the slow path reports it with its line
        return None
    return LazyLocated(data, str(path), {})


def files_with_duplicate_keys(paths: list[str], max_bytes: int) -> list[str]:
    """The files among ``paths`` that have a duplicate key (or that cannot be linted)."""
    found = []
    for p in paths:
        try:
            if _duplicate_keys(read_text(p, max_bytes, "registry file")):
                found.append(p)
        except Exception:
            found.append(p)
    return found


class DuplicateKeyCheck:
    """The duplicate-key lint of all files, in a forked process beside the parse when there is a
    second CPU (it takes as long as the parse itself), else inline when asked."""

    def __init__(self, paths: list[Path], max_bytes: int) -> None:
        self.paths = [str(p) for p in paths]
        self.max_bytes = max_bytes
        self.future: Any = None
        big = sum(p.stat().st_size if p.is_file() else 0 for p in paths) >= FORK_BYTES
        if big and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            try:
                self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
                self.future = self.pool.submit(files_with_duplicate_keys, self.paths, max_bytes)
            except OSError:
                self.future = None

    def any_duplicates(self) -> bool:
        if self.future is None:
            return bool(files_with_duplicate_keys(self.paths, self.max_bytes))
        try:
            return bool(self.future.result())
        except Exception:
            return True  # could not tell: the slow path decides
        finally:
            # wait for the worker to end: a pool left running is torn down at exit, where a closed pipe
            # printed a traceback after the command's own message
            self.pool.shutdown(wait=True, cancel_futures=True)
