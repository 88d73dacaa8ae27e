"""``--lang`` anywhere on the command line, and ``--help`` of every command in Chinese (argparse's words too)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from checks import i18n
from provisioning import cli
from provisioning.cli_i18n import argparse_words, language, take_lang, wrap
from tests.support.langcheck import chinese_chars, english_runs


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                                           argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _every_help(lang: str) -> list[tuple[tuple[str, ...], str]]:
    with language(lang), argparse_words():
        return [(path, p.format_help()) for path, p in _parsers(cli.build_parser())]


def test_every_help_text_is_chinese_with_lang_zh() -> None:
    helps = _every_help("zh")
    assert len(helps) > 30  # every command and action, not just the top
    for path, text in helps:
        # the usage line names the command itself (qpfleet dispatch request pause): code, not words
        body = "\n".join(line for line in text.splitlines() if not line.startswith(("用法", " " * 10 + "[")))
        assert "用法：" in text and "显示本帮助并退出" in text and "选项" in text, path
        assert english_runs(body) == [], (path, english_runs(body))
        assert "--lang" in text, path  # every command takes --lang
        headings = [line for line in text.splitlines() if line.endswith((":", "："))]
        assert "选项：" in headings and not [h for h in headings if h.endswith(":")], (path, headings)


def test_every_help_text_is_english_with_lang_en() -> None:
    for path, text in _every_help("en"):
        assert "usage:" in text and "show this help message and exit" in text and "\noptions:\n" in text, path
        assert chinese_chars(text) == [], (path, chinese_chars(text))


@pytest.mark.parametrize("argv", [
    ["--lang", "zh", "selfcheck", "--help"],
    ["selfcheck", "--help", "--lang", "zh"],
    ["selfcheck", "--lang=zh", "--help"],
    ["dispatch", "request", "pause", "--help", "--lang", "zh"],
])
def test_lang_before_or_after_the_subcommand(cli, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(*argv)
    assert code == 0 and out.startswith("用法：qpfleet") and "显示本帮助并退出" in out


def test_lang_zh_with_the_top_level_help_is_accepted(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("--lang", "zh", "--help")
    assert code == 0 and "QuickPass（QP）预录入终端检测与批量运维" in out and "命令" in out


def test_argparse_errors_in_chinese(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("--lang", "zh", "dispatch", "deadline")
    assert code == 2 and out == ""
    assert "qpfleet dispatch deadline: 错误: 缺少必需的参数：--paid-at" in err and "查看帮助" in err
    code, _, err = cli("--lang", "zh", "quote", "--plan", "weekly")
    assert code == 2 and "无效的选项值 'weekly'（可选：'per-visit', 'monthly'）" in err
    code, _, err = cli("frobnicate", "--lang", "zh")
    assert code == 2 and "无效的选项值 'frobnicate'" in err
    code, _, err = cli("--lang", "zh", "dispatch", "plan", "--days", "many")
    assert code == 2 and "参数 --days：须为 1 至 366 之间的整数（半角数字），不能是 'many'" in err


def test_lang_needs_a_known_value(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("selfcheck", "--lang")
    assert code == 2 and "--lang needs a language: zh or en" in err
    code, _, err = cli("--lang", "de", "selfcheck")
    assert code == 2 and "unknown language 'de'" in err


def test_facts_takes_lang(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The README says every command takes --lang; `facts` did not (issue 13)."""
    code, out, _ = cli("facts", "--lang", "zh", "--json")
    assert code == 0 and out.startswith("{")


def test_the_language_is_restored_after_an_in_process_run(cli) -> None:  # type: ignore[no-untyped-def]
    before = list(i18n._current)
    cli("--lang", "zh", "--help")
    assert i18n._current == before
    assert argparse._ is not None and argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_a_chinese_locale_gives_chinese_help() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env["LANG"] = "zh_CN.UTF-8"
    out = subprocess.run([sys.executable, "-m", "provisioning.cli", "inventory", "show", "--help"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("用法：") and "只显示此海关现场代码" in out
    env["LANG"] = "C.UTF-8"
    out = subprocess.run([sys.executable, "-m", "provisioning.cli", "--lang", "zh", "inventory", "show", "--help"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert out.startswith("用法：")


def test_take_lang() -> None:
    assert take_lang(["selfcheck", "--lang", "zh", "--json"]) == ("zh", ["selfcheck", "--json"])
    assert take_lang(["--lang=en", "facts"]) == ("en", ["facts"])
    assert take_lang(["dispatch", "request", "add", "--note", "x", "--", "--lang"]) == (
        None, ["dispatch", "request", "add", "--note", "x", "--", "--lang"])


def test_wrap_by_display_width() -> None:
    lines = wrap("界面语言：zh 简体中文，en 英文（默认按系统区域设置）；可放在子命令前后", 20)
    assert all(sum(2 if "\u4e00" <= c <= "\u9fff" or c in "：，（）；" else 1 for c in line) <= 21 for line in lines)
    assert "".join(lines).replace(" ", "") == "界面语言：zh简体中文，en英文（默认按系统区域设置）；可放在子命令前后"
    assert not any(line.startswith(("，", "）", "；")) for line in lines)
    assert wrap("show the version number and exit", 12) == ["show the", "version", "number and", "exit"]

