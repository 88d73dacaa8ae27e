"""The language of the ``qpfleet`` command line: ``--lang`` anywhere on it, argparse's own words in Chinese.

The language is chosen before the parser is built (help texts are made while it is built):
:func:`take_lang` removes every ``--lang X`` / ``--lang=X`` from argv, wherever it stands (before or
after the subcommand), so every subcommand takes it without declaring it; without one, the locale
decides. :func:`argparse_words` then makes argparse speak the chosen language: argparse looks up
``_`` and ``ngettext`` as module globals each time it builds a text ("usage:", "options", "error",
"the following arguments are required", "invalid choice" ...).
"""

from __future__ import annotations

import argparse
import contextlib
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

from checks import i18n

i18n.add({
    "cli.description": {"zh": "QuickPass（QP）预录入终端检测与批量运维。",
                        "en": "QuickPass (QP) terminal checks and fleet operations."},
    "cli.version": {"zh": "显示版本号并退出", "en": "show the version number and exit"},
    "cli.debug": {"zh": "出错时显示完整的调用栈（供维护人员排查）", "en": "show tracebacks for errors"},
    "cli.lang": {"zh": "界面语言：zh 简体中文，en 英文（默认按系统区域设置）；可放在子命令前后",
                 "en": "language: zh Simplified Chinese, en English (default: from the locale); before or after "
                       "the subcommand"},
    "cli.command": {"zh": "命令", "en": "COMMAND"},
    "cli.action": {"zh": "操作", "en": "ACTION"},
    "cli.error": {"zh": "错误", "en": "error"},
    "cli.warning": {"zh": "警告", "en": "warning"},
    "cli.note": {"zh": "提示", "en": "note"},
    "cli.try_help": {"zh": "（查看帮助：{prog} --help）", "en": "(try: {prog} --help)"},
    "cli.lang_missing": {"zh": "--lang 后面要写语言：zh 或 en", "en": "--lang needs a language: zh or en"},
    "cli.lang_unknown": {"zh": "不支持的语言 {lang!r}；可选：zh、en", "en": "unknown language {lang!r}; valid: zh, en"},
    # options several commands share
    "help.json": {"zh": "输出JSON格式的结果（供程序读取）", "en": "print JSON (machine-readable)"},
    "help.junit": {"zh": "另外写一份JUnit XML报告", "en": "also write a JUnit XML report"},
    "help.registry": {"zh": "企业登记册目录或文件（默认 inventory/）",
                      "en": "enterprise registry folder or file (default inventory/)"},
    "cli.interrupted": {"zh": "已中断", "en": "interrupted"},
    "cli.internal": {
        "zh": "qpfleet 内部错误，没有作出任何判定。请把这一行和输入文件发给 qpfleet 维护人员（加 --debug 可看详情）。"
              "（详情：{detail}）",
        "en": "internal error ({detail}); nothing was judged. Please send this line and the input file to the "
              "qpfleet maintainers (--debug shows details)."},
})

# argparse's own texts (Python 3.11), keyed by their English msgid.
_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r 已忽略",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "必须给出其中一个参数：%s",
    "expected one argument": "后面要写一个值",
    "expected at most one argument": "后面最多只能写一个值",
    "expected at least one argument": "后面至少要写一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "unexpected option string: %s": "多余的选项：%s",
    "invalid %(type)s value: %(value)r": "值 %(value)r 不是有效的 %(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项值 %(value)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
_ZH_PLURAL = {"expected %s argument": "后面要写 %s 个值"}


def _gettext(message: str) -> str:
    return _ZH.get(message, message) if i18n.current_lang() == "zh" else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    if i18n.current_lang() == "zh" and singular in _ZH_PLURAL:
        return _ZH_PLURAL[singular]
    return singular if n == 1 else plural


@contextlib.contextmanager
def argparse_words() -> Iterator[None]:
    """argparse speaks the current language while the block runs (restored afterwards, for in-process tests)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """``i18n.set_lang(lang)`` for the block, the previous choice restored afterwards."""
    saved = list(i18n._current)
    i18n.set_lang(lang)
    try:
        yield
    finally:
        i18n._current[:] = saved


class LangError(Exception):
    """``--lang`` without a value or with an unknown one (a usage error)."""


def take_lang(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """(the language named by ``--lang``, argv without it); ``--`` ends the options."""
    rest: list[str] = []
    lang: str | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--lang" or arg.startswith("--lang="):
            if arg == "--lang":
                if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                    raise LangError(i18n.h("cli.lang_missing"))
                value, i = argv[i + 1], i + 2
            else:
                value, i = arg.split("=", 1)[1], i + 1
            if value not in i18n.LANGS:
                raise LangError(i18n.h("cli.lang_unknown", lang=value))
            lang = value
            continue
        rest.append(arg)
        i += 1
    return lang, rest


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal columns: breaks between words, and between CJK characters."""
    tokens: list[str] = []
    for word in text.split():
        piece = ""
        for ch in word:
            if unicodedata.east_asian_width(ch) in "WF":
                if piece:
                    tokens.append(piece)
                piece = ""
                tokens.append(ch)
            else:
                piece += ch
        if piece:
            tokens.append(piece)
        tokens.append(" ")
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if tok == " ":
            line += " " if line and not line.endswith(" ") else ""
            continue
        closing = tok in "，。；：、）」』”"  # Chinese punctuation never starts a line
        if line.strip() and _width(line.rstrip() + tok) > width and not closing:
            lines.append(line.rstrip())
            line = ""
        line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping by display width (a Chinese character takes two columns)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        """argparse's usage, its continuation lines indented by display width ("用法：" takes six columns)."""
        text = super()._format_usage(usage, actions, groups, prefix)
        shown = argparse._("usage: ") if prefix is None else prefix  # type: ignore[attr-defined]
        extra = _width(shown) - len(shown)
        if extra <= 0:
            return text
        first, *rest = text.split("\n")
        return "\n".join([first, *((" " * extra + line) if line.strip() else line for line in rest)])

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, max(width - len(indent), 20)))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._headings: set[str] = set()

    def start_section(self, heading: str | None) -> None:
        if heading:
            self._headings.add(heading)
        super().start_section(heading)

    def format_help(self) -> str:
        """argparse's help; a Chinese section heading ends with a full-width colon ("位置参数：")."""
        text = super().format_help()
        for heading in self._headings:
            if any(_width(ch) == 2 for ch in heading):
                text = text.replace(f"{heading}:\n", f"{heading}：\n")
        return text
