"""User-facing words in Simplified Chinese and English: one catalogue, chosen by --lang or the locale.

Every module that shows text to a person registers its words here with :func:`add` (or in
``CATALOG`` below) and renders them with :func:`t`.
"""

from __future__ import annotations

import os
from typing import Any

LANGS = ("zh", "en")

CATALOG: dict[str, dict[str, str]] = {}
_current: list[str] = []  # the process's language once the CLI has chosen it (set_lang)


def add(entries: dict[str, dict[str, str]]) -> None:
    """Register catalogue entries ``{key: {"zh": ..., "en": ...}}`` (each must have both)."""
    for key, texts in entries.items():
        missing = [lang for lang in LANGS if lang not in texts]
        if missing:
            raise ValueError(f"catalogue entry {key!r} lacks {missing}")
        CATALOG[key] = texts


def detect_lang(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """``explicit`` when given, else the language the CLI chose (:func:`set_lang`: ``--lang`` anywhere on the
    command line), else zh when the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese, else en."""
    if explicit:
        if explicit not in LANGS:
            from checks.errors import InputError

            raise InputError(f"unknown language {explicit!r}; valid: {', '.join(LANGS)}", where="--lang")
        return explicit
    if _current and environ is None:
        return _current[0]
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def t(key: str, lang: str, /, **params: Any) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in (the key itself when unknown).

    ``key`` and ``lang`` are positional-only, so a message may have parameters of those names
    (the OS rule's ``{lang}``): a clash here crashed every report of a non-Chinese Windows.
    """
    texts = CATALOG.get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts["en"]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def set_lang(lang: str) -> None:
    """Set the process's language (the CLI does this once, from ``--lang`` or the locale)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    _current[:] = [lang]


def current_lang() -> str:
    """The language set by :func:`set_lang`, else the locale's."""
    return _current[0] if _current else detect_lang()


def h(key: str, /, **params: Any) -> str:
    """``t(key, current_lang(), ...)``: for texts made before a command runs, such as ``--help`` texts."""
    return t(key, current_lang(), **params)
