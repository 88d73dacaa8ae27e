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
        known = CATALOG.get(key)
        if known is not None and known != texts:  # two areas with one key: whichever loads last would win
            raise ValueError(f"catalogue entry {key!r} is registered twice with different texts")
        CATALOG[key] = texts


def detect_lang(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """``explicit`` when given, else the language the CLI chose (:func:`set_lang`: ``--lang`` anywhere on the
    command line), else zh when the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese, else en."""
    if explicit:
        if explicit not in LANGS:
            from checks.errors import InputError

            raise InputError(Msg("i18n.unknown_lang", got=repr(explicit), valid=", ".join(LANGS)), where="--lang")
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
    A parameter that is a :class:`Msg`, a list or tuple of texts, or ``None`` is shown in ``lang``
    (:func:`render`); numbers and plain text as they are.
    """
    texts = CATALOG.get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts["en"]
    try:
        return template.format(**{k: render(v, lang) if isinstance(v, Msg | list | tuple) or v is None else v
                                  for k, v in params.items()})
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


class Msg(str):
    """A catalogue text: a key and its values, rendered in any language by :meth:`text`.

    It *is* the English text (a ``str``), so it stands wherever a message string stood before (joined,
    compared, searched, written to JSON) and English stays the text of record; whoever shows it to a
    person calls :func:`render` to get it in the person's language. Values may be ``Msg`` themselves
    (rendered in the same language), lists (joined the way the language joins them) or plain data.
    """

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Msg:
        obj = super().__new__(cls, _fill(key, "en", params))
        obj.key = key
        obj.params = params
        return obj

    def text(self, lang: str) -> str:
        return _fill(self.key, lang, self.params)

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.params!r})"

    def __reduce__(self) -> Any:
        return (_rebuild, (self.key, self.params))


def _rebuild(key: str, params: dict[str, Any]) -> Msg:
    return Msg(key, **params)


def _fill(key: str, lang: str, params: dict[str, Any]) -> str:
    return t(key, lang, **params)


SEPARATOR = {"zh": "；", "en": "; "}
ENUMERATION = {"zh": "、", "en": ", "}


def render(value: Any, lang: str) -> str:
    """``value`` for a person in ``lang``: a Msg in that language, never ``None``; a list is joined as
    separate items ("a; b" / "a；b"), a tuple as one enumeration ("a, b" / "a、b")."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, list | tuple):
        sep = (SEPARATOR if isinstance(value, list) else ENUMERATION).get(lang, "; ")
        return sep.join(render(v, lang) for v in value if v is not None and v != "")
    if value is None:
        return t("value.unknown", lang)
    return str(value)


def detail(lang: str, text: str) -> str:
    """Technical detail without a translation (an errno text, a WMI error), marked as such after the explanation."""
    return t("msg.detail", lang, text=text) if text else ""


add({
    "error.hint": {"zh": "（提示：{hint}）", "en": " (hint: {hint})"},
    "error.with_hint": {"zh": "{what}（提示：{hint}）", "en": "{what} (hint: {hint})"},
    "msg.at": {"zh": "{where}: {what}", "en": "{where}: {what}"},
    "value.unknown": {"zh": "未知", "en": "unknown"},
    "msg.detail": {"zh": "（详情：{text}）", "en": " (detail: {text})"},
    "i18n.unknown_lang": {"zh": "未知的语言 {got}；可选：{valid}", "en": "unknown language {got}; valid: {valid}"},
})
