"""Every command example of README.md and of the users' guides (docs/*.md) runs as written.

From a copy of the repository's demo data standing for the repository root, in the order of the page
(later examples use what earlier ones recorded), on the demo's date (faketime). A command with a
``<placeholder>`` is illustrative and not run. ``make`` lines are the project's own entry points:
``make test`` runs this very test and ``make run`` is ``qpfleet selfcheck``, which runs below.
A run that fails shows the page, the line and what the command printed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import require_program
from tests.support.examples import ROOT, Example, environment, examples, run, sandbox

pytestmark = pytest.mark.integration
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# exit codes that are an answer, not a failure: a verdict (1 not ready, 3 undetermined) of a check
VERDICTS = {"selfcheck": {0, 1, 3}, "preflight": {0, 1, 3}}


def expected_codes(example: Example) -> set[int]:
    """0, a verdict of a check, or the exit code the page itself states in the comment ("# ... exit 1: ...")."""
    argv = [a for a in example.argv if "=" not in a or a.startswith("-")]
    command = argv[1] if len(argv) > 1 and argv[0] == "qpfleet" else ""
    stated = {int(n) for n in re.findall(r"#.*\bexit (\d+)\b", example.text)}
    return VERDICTS.get(command, {0}) | stated


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_example_runs_as_written(page: Path, tmp_path: Path) -> None:
    faketime = require_program("faketime")
    if not (Path(sys.executable).parent / "ansible-inventory").exists():
        require_program("ansible-inventory")  # fails in CI, skips elsewhere
    root = sandbox(tmp_path)
    env = environment(root)
    found = examples(page)
    assert found, f"{page.name} has no command examples"
    failures = []
    ran = 0
    for example in found:
        if example.illustrative or example.argv[0] == "make":
            continue
        if example.argv[0] == "export":  # sets the environment of the commands after it
            run(example, root, env, faketime)
            continue
        result = run(example, root, env, faketime)
        ran += 1
        if result.returncode not in expected_codes(example) or "Traceback" in result.stderr:
            failures.append(f"{example}\n  exit {result.returncode}\n  {result.stderr.strip()[-600:]}")
    assert not failures, "\n".join(failures)
    assert ran >= len(found) // 3, "most examples of a page must run, not be illustrative"


def test_examples_are_found_and_placeholders_mark_illustrations(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("text `qpfleet inline`\n```sh\n$ qpfleet facts --json   # comment\nqpfleet selfcheck \\\n"
                    "  --offline\n# a comment line\nqpfleet preflight --winrm <host>\n```\n"
                    "```yaml\nsites: [a]\n```\n", "utf-8")
    found = examples(page)
    assert [e.text for e in found] == ["qpfleet facts --json   # comment", "qpfleet selfcheck  --offline",
                                       "qpfleet preflight --winrm <host>"]
    assert [e.line for e in found] == [3, 4, 7] and [e.illustrative for e in found] == [False, False, True]
    assert found[0].argv == ["qpfleet", "facts", "--json"]
