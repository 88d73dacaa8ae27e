"""The CLI entry point: lazy command modules, the error funnel, help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from provisioning import cli


def test_every_listed_command_is_registered_by_its_module() -> None:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(cli.COMMANDS)  # type: ignore[attr-defined]
    for name, module in cli.COMMANDS.items():
        only = cli.build_parser([name])
        sub = next(a for a in only._actions if a.dest == "command")
        assert name in sub.choices, (name, module)  # type: ignore[attr-defined]


def test_running_selfcheck_does_not_import_the_other_commands() -> None:
    code = ("import sys; from provisioning.cli import main; main(['selfcheck', '--help'])\n"
            "print(sorted(m for m in sys.modules if m.startswith(('provisioning.dispatch', 'provisioning.registry',"
            " 'checks.winrm', 'winrm', 'ansible', 'dns'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_help_lists_every_command(cli_run=None) -> None:
    out = subprocess.run([sys.executable, "-m", "provisioning.cli", "--help"], capture_output=True, text=True).stdout
    for name in cli.COMMANDS:
        assert name in out


def test_unknown_command_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("frobnicate")
    assert code == 2 and "invalid choice" in err


@pytest.mark.parametrize("argv", [
    ["preflight", "--winrm", "pc-01", "--user", "u", "--pass", "S3cret-1"],
    ["preflight", "--winrm", "pc-01", "--passw=S3cret-1"],
    ["preflight", "--winrm", "pc-01", "--pw", "S3cret-1"],
    ["--password", "S3cret-1", "preflight"],
    ["--PASSWD", "S3cret-1", "inventory", "check"],
    ["inventory", "check", "--api-token", "S3cret-1"],
    ["preflight", "--winrm", "pc-01", "-pS3cret-1"],
])
def test_no_usage_error_echoes_what_follows_a_password_like_option(cli, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(*argv)
    assert code == 2 and "S3cret-1" not in out + err and "error" in err


def test_secret_values_of_a_command_line() -> None:
    assert cli.secret_values(["--pass", "a1", "--user", "u", "--pw=b2", "-pc3", "--password-file", "f", "x"]) == \
        ["a1", "b2", "c3"]


def test_a_bug_is_exit_70_with_one_line(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from checks import commands

    def boom(args: object) -> int:
        raise ZeroDivisionError("\x1b[2Jsomething broke")

    monkeypatch.setattr(commands, "facts_cmd", boom)
    code, out, err = cli("facts")
    assert code == 70 and out == "" and err.count("\n") == 1
    assert "internal error (ZeroDivisionError: \\x1b[2Jsomething broke)" in err


BOOM = ("import sys, checks.report\n"
        "def boom(*args, **kwargs): raise RuntimeError('a bug in a renderer')\n"
        "checks.report.render_table = boom\n"
        "from provisioning.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n")


def test_an_internal_error_exits_70_never_a_verdict(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A bug of ours is exit 70 with one line asking for the file, never 0-3 (read as ready/not ready)."""
    import checks.report
    from tests.conftest import FIXTURES

    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("a bug in a renderer")

    monkeypatch.setattr(checks.report, "render_table", boom)
    code, out, err = cli("selfcheck", "--facts", str(FIXTURES / "facts" / "xp-sp3-zh-p4-desktop.json"))
    assert code == 70 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error (RuntimeError: a bug in a renderer)" in err and "send this line and the input file" in err


def test_the_shell_sees_exit_70_and_debug_shows_the_traceback() -> None:
    from tests.conftest import FIXTURES

    facts = str(FIXTURES / "facts" / "english-xp-cp936.json")
    plain = subprocess.run([sys.executable, "-c", BOOM, "selfcheck", "--facts", facts], capture_output=True,
                           text=True)
    assert plain.returncode == 70 and "Traceback" not in plain.stderr and plain.stdout == ""
    debug = subprocess.run([sys.executable, "-c", BOOM, "--debug", "selfcheck", "--facts", facts],
                           capture_output=True, text=True)
    assert debug.returncode == 70 and "Traceback" in debug.stderr and "a bug in a renderer" in debug.stderr
