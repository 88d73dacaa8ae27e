"""Shared test helpers: real programs are required in CI (CI=true) and skipped elsewhere when missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_program(*names: str) -> str:
    """Path of the first program found; in CI a missing program fails the test, elsewhere it skips."""
    for name in names:
        found = shutil.which(name) or next(
            (str(p) for d in ("/usr/sbin", "/sbin", "/usr/lib/wine") if (p := Path(d) / name).exists()), None)
        if found:
            return found
    message = f"required program missing: {' or '.join(names)} (make test installs it: tools/debian-packages.txt)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``qpfleet`` in-process: returns (exit code, stdout, stderr)."""
    from provisioning.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture(autouse=True)
def _own_state_database(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real state database or config (processes it starts inherit this).

    A test that wants a particular database passes ``--db``; everything else lands in a fresh folder.
    """
    home = tmp_path_factory.mktemp("qpfleet-home")
    monkeypatch.setenv("QPFLEET_DISPATCH_DB", str(home / "state.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
