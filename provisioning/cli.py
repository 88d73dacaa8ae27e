"""The ``qpfleet`` command: one entry point, one funnel for errors.

Each subcommand lives in its own module that exposes ``register(subparsers)``; the modules
keep heavy imports (ansible, dnspython, winrm) inside their handlers so start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from checks import __version__, i18n
from checks.errors import ExitCode, QpError, ValidationErrors
from checks.textio import safe_text
from provisioning.cli_i18n import HelpFormatter, LangError, argparse_words, language, take_lang

# Each top-level command and the module that registers it, in the order of --help. Only the
# module of the command being run is imported, so one command's imports never slow another's start.
COMMANDS: dict[str, str] = {
    "selfcheck": "checks.commands",
    "facts": "checks.commands",
    "preflight": "checks.preflight_cmd",  # preflight --winrm
    "inventory": "provisioning.registry_cli",  # inventory check|show
    "quote": "provisioning.registry_cli",
    "fees": "provisioning.registry_cli",  # fees transmission
    "dispatch": "provisioning.dispatch.commands",  # pay|request|engineer|plan|board|export|campaign|training|deadline
    "carrier": "checks.carrier.commands",  # carrier test|undo
    "install": "provisioning.fleet.install_cmd",  # install -i inventory/ --limit ... [--check] [--diff] [--undo]
    "runs": "provisioning.runs_cli",  # runs list|show RUN (fleet runs in the state database)
    "kit": "provisioning.kit.commands",  # kit build|collect (the USB kit)
    "serve": "provisioning.board.serve_cli",  # the roll-out board (web)
    "users": "provisioning.users_cli",  # users add|passwd|role|disable|enable|list (people of the board)
}


# An option whose name holds one of these takes a secret: its value never appears in a usage error.
_SECRET_OPTION = re.compile(r"^(?:-p|--?[^=]*(?:pass|pw|pwd|secret|token|credential)[^=]*)(?:=(?P<value>.*))?$",
                            re.IGNORECASE | re.DOTALL)
_argv_secrets: list[str] = []  # the secrets of the command line being parsed


def secret_values(argv: Sequence[str]) -> list[str]:
    """Every argument that follows a password-like option (``--pass S``, ``--pw S``, ``-p S``), or its
    ``=`` part (``--passw=S``, ``-pS``), so that no usage error echoes it."""
    found: list[str] = []
    for i, arg in enumerate(argv):
        if not arg.startswith("-") or arg == "-" or arg.startswith("--password-file"):
            continue
        if arg.startswith("-p") and not arg.startswith("--") and len(arg) > 2:
            found.append(arg[2:])  # -pSECRET
            continue
        m = _SECRET_OPTION.match(arg)
        if m is None:
            continue
        if m.group("value") is not None:
            found.append(m.group("value"))
        elif i + 1 < len(argv):
            found.append(argv[i + 1])
    return sorted((v for v in found if v), key=len, reverse=True)


def redact(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every secret replaced by ``***``."""
    for value in secrets:
        text = text.replace(value, "***")
    return text


class _Parser(argparse.ArgumentParser):
    """argparse that exits with ExitCode.USAGE and a one-line message, in the chosen language, never
    echoing what follows a password-like option.

    Every parser (the top one and each subcommand's) shows ``--lang`` in its help; the value itself is
    taken from argv before parsing (:func:`provisioning.cli_i18n.take_lang`), wherever it stands. A
    command module that declares its own ``--lang`` replaces this one (``conflict_handler="resolve"``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("conflict_handler", "resolve")
        super().__init__(*args, **kwargs)
        if "--lang" not in self._option_string_actions:
            self.add_argument("--lang", choices=i18n.LANGS, help=i18n.h("cli.lang"))

    def error(self, message: str) -> None:  # type: ignore[override]
        message = safe_text(redact(message, _argv_secrets))  # never a secret, never a control character
        self.exit(ExitCode.USAGE, f"{self.prog}: {i18n.h('cli.error')}: {message}\n"
                                  f"{i18n.h('cli.try_help', prog=self.prog)}\n")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: with ``argv`` naming a known command, only that command's module is loaded."""
    parser = _Parser(prog="qpfleet", description=i18n.h("cli.description"))
    parser.add_argument("--version", action="version", version=f"qpfleet {__version__}", help=i18n.h("cli.version"))
    parser.add_argument("--debug", action="store_true", help=i18n.h("cli.debug"))
    sub = parser.add_subparsers(dest="command", metavar=i18n.h("cli.command"), parser_class=_Parser)
    wanted = next((a for a in argv or () if not a.startswith("-")), None)
    modules = [COMMANDS[wanted]] if wanted in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run qpfleet; returns the exit code (tests call this in-process).

    The language (``--lang`` anywhere on the line, else the locale) is chosen before anything else,
    since help texts are made while the parser is built.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    _argv_secrets[:] = secret_values(argv)
    try:
        lang, argv = take_lang(argv)
    except LangError as exc:
        print(f"qpfleet: {i18n.h('cli.error')}: {safe_text(redact(str(exc), _argv_secrets))}", file=sys.stderr)
        return int(ExitCode.USAGE)
    try:
        with language(lang or i18n.detect_lang()), argparse_words():
            return _main(argv)
    finally:
        _argv_secrets.clear()


def _main(argv: list[str]) -> int:
    error = i18n.h("cli.error")
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse has printed its message
        return exc.code if isinstance(exc.code, int) else int(ExitCode.USAGE)
    debug = bool(getattr(args, "debug", False) or os.environ.get("QPFLEET_DEBUG"))
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    try:
        return int(args.func(args))
    except ValidationErrors as exc:
        for line in exc.lines(i18n.current_lang()):
            print(f"qpfleet: {error}: {safe_text(line)}", file=sys.stderr)
        return int(exc.exit_code)
    except QpError as exc:
        if debug:
            traceback.print_exc()
        print(f"qpfleet: {error}: {safe_text(exc.text(i18n.current_lang()))}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print(f"qpfleet: {i18n.h('cli.interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout closed early (qpfleet ... | head): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return int(ExitCode.OK)
    except Exception as exc:  # a bug of ours: its own exit code, never 0-3, which users read as verdicts
        if debug:
            traceback.print_exc()
        print(f"qpfleet: {i18n.h('cli.internal', detail=f'{type(exc).__name__}: {safe_text(str(exc)[:200])}')}",
              file=sys.stderr)
        return int(ExitCode.INTERNAL)


def run() -> None:  # pragma: no cover - console script wrapper
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
