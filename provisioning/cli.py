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

from checks import __version__
from checks.errors import ExitCode, QpError, ValidationErrors
from checks.textio import safe_text

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
    """argparse that exits with ExitCode.USAGE and a one-line message, never echoing a secret."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = safe_text(redact(message, _argv_secrets))
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n(try: {self.prog} --help)\n")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: with ``argv`` naming a known command, only that command's module is loaded."""
    parser = _Parser(prog="qpfleet", description="QuickPass (QP) terminal checks and fleet operations.")
    parser.add_argument("--version", action="version", version=f"qpfleet {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    wanted = next((a for a in argv or () if not a.startswith("-")), None)
    modules = [COMMANDS[wanted]] if wanted in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run qpfleet; returns the exit code (tests call this in-process)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    _argv_secrets[:] = secret_values(argv)
    try:
        parser = build_parser(argv)
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse has printed its message
        return exc.code if isinstance(exc.code, int) else int(ExitCode.USAGE)
    finally:
        _argv_secrets.clear()
    debug = bool(getattr(args, "debug", False) or os.environ.get("QPFLEET_DEBUG"))
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    try:
        return int(args.func(args))
    except ValidationErrors as exc:
        for line in exc.problems:
            print(f"qpfleet: error: {safe_text(line)}", file=sys.stderr)
        return int(exc.exit_code)
    except QpError as exc:
        if debug:
            traceback.print_exc()
        print(f"qpfleet: error: {safe_text(exc)}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("qpfleet: interrupted", file=sys.stderr)
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
        print(f"qpfleet: internal error ({type(exc).__name__}: {safe_text(str(exc)[:200])}); nothing was judged. "
              "Please send this line and the input file to the qpfleet maintainers (--debug shows details).",
              file=sys.stderr)
        return int(ExitCode.INTERNAL)


def run() -> None:  # pragma: no cover - console script wrapper
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
