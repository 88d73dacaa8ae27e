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


class Msg:
    """A catalogue text not rendered yet: a key and its values; ``str()`` is the English text.

    Values may be ``Msg`` themselves (rendered in the same language), lists of texts (joined the way
    the language joins them) or plain data (shown as it is). Facts and verdicts keep a ``Msg`` so each
    reader gets its own language; ``==`` compares the English text, so a test may compare with a str.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def text(self, lang: str) -> str:
        return t(self.key, lang, **{k: render(v, lang) if isinstance(v, Msg | list | tuple) or v is None else v
                                    for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Msg):
            return self.key == other.key and self.params == other.params
        return isinstance(other, str) and str(self) == other

    def __hash__(self) -> int:
        return hash(str(self))

    def __contains__(self, text: str) -> bool:
        """``"x" in msg``: whether the English text contains ``x`` (a Msg stands where a str stood)."""
        return text in str(self)


SEPARATOR = {"zh": "；", "en": "; "}


def render(value: Any, lang: str) -> str:
    """``value`` for a person in ``lang``: a Msg in that language, a list joined, never ``None``."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, list | tuple):
        return SEPARATOR.get(lang, "; ").join(render(v, lang) for v in value if v is not None and v != "")
    if value is None:
        return t("value.unknown", lang)
    return str(value)


def detail(lang: str, text: str) -> str:
    """Technical detail without a translation (an errno text, a WMI error), marked as such after the explanation."""
    return t("detail", lang, text=text) if text else ""


add({
    "error.hint": {"zh": "（提示：{hint}）", "en": " (hint: {hint})"},
    "at": {"zh": "{where}: {what}", "en": "{where}: {what}"},
    "value.unknown": {"zh": "未知", "en": "unknown"},
    "detail": {"zh": "（详情：{text}）", "en": " (detail: {text})"},
})
