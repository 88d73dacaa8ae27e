"""Every facts fixture through every report, in both languages, through the real CLI.

A report that crashes is worse than a wrong one: users read any exit code as a verdict. So every
fixture (tests/fixtures/facts) goes through ``qpfleet selfcheck`` as a table, JSON, JUnit and HTML in
Chinese and English, and through ``qpfleet preflight --winrm`` (the fleet report: table, JSON, JUnit)
against loopback WS-Management endpoints that serve it. The exit code must be the verdict's, stderr
empty, and every text rendered (no catalogue key, no unfilled {placeholder}).
"""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml

from checks import messages  # noqa: F401  (registers the words)
from checks.commands import VERDICT_EXIT
from checks.i18n import CATALOG, t
from checks.preflight_cmd import PASSWORD_ENV
from checks.rules import RULES
from tests.conftest import FIXTURES
from tests.unit.winrm_replay import ReplayServer, fresh_facts

FACTS = FIXTURES / "facts"
ALL = sorted(FACTS.glob("*.json"))
EXPECTED = yaml.safe_load((FACTS / "expected.yaml").read_text("utf-8"))
LANGS = ("zh", "en")
PASSWORD = "Report-Pa55"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def rendered(text: str | None) -> None:
    """A text a person reads: not a catalogue key, no unfilled placeholder."""
    assert text, "empty text"
    assert text not in CATALOG, f"the catalogue key {text!r} was shown instead of its text"
    assert not PLACEHOLDER.search(text), f"unfilled placeholder in {text!r}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_selfcheck_renders_every_fixture_in_every_report(cli, tmp_path: Path, path: Path, lang: str) -> None:
    for profile in ("seed-2007", "current"):
        verdict = EXPECTED[profile][path.stem]["verdict"]
        junit, page = tmp_path / f"{profile}.xml", tmp_path / f"{profile}.html"
        code, out, err = cli("selfcheck", "--facts", str(path), "--profile", profile, "--lang", lang,
                             "--junit", str(junit), "--html", str(page))
        assert (code, err) == (VERDICT_EXIT[verdict], ""), err
        assert t(f"verdict.{verdict}", lang) in out
        for rule_id in RULES:
            assert t(f"rule.{rule_id}", lang) in out
        assert not any(key in out.split() for key in CATALOG), "a catalogue key leaked into the table"
        suite = ET.parse(junit).getroot().find("testsuite")
        assert suite is not None and len(suite.findall("testcase")) == len(RULES)
        html = page.read_text("utf-8")
        assert f'data-verdict="{verdict}"' in html and f'lang="{"zh-CN" if lang == "zh" else "en"}"' in html
        assert html.count("<tr data-rule=") == len(RULES)

        code, out, err = cli("selfcheck", "--facts", str(path), "--profile", profile, "--lang", lang, "--json")
        assert (code, err) == (VERDICT_EXIT[verdict], "")
        report = json.loads(out)
        assert report["verdict"] == verdict and [c["id"] for c in report["checks"]] == list(RULES)
        for check in report["checks"]:
            rendered(check["message"])
            if check["status"] != "pass":
                rendered(check["remedy"]) if check["remedy"] is not None else None


def _fleet_args(hosts: Path, lang: str, *extra: str) -> list[str]:
    return ["preflight", "--hosts-file", str(hosts), "--user", "qpadmin", "--transport", "basic", "--insecure",
            "--profile", "current", "--workers", "8", "--connect-timeout", "5", "--operation-timeout", "5",
            "--host-timeout", "60", "--lang", lang, *extra]


@pytest.mark.parametrize("lang", LANGS)
def test_the_winrm_fleet_report_renders_every_fixture(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                      lang: str) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    with ExitStack() as stack:
        servers = {p.stem: stack.enter_context(ReplayServer(fresh_facts(p), password=PASSWORD)) for p in ALL}
        hosts = tmp_path / "hosts.txt"
        hosts.write_text("".join(f"127.0.0.1:{s.port}  # {name}\n" for name, s in servers.items()), "utf-8")
        junit = tmp_path / "fleet.xml"
        code, out, err = cli(*_fleet_args(hosts, lang, "--json", "--junit", str(junit)))
        table_code, table, table_err = cli(*_fleet_args(hosts, lang))
    assert code == table_code == 1 and err.count("\n") <= 1 and table_err.count("\n") <= 1  # only --insecure's line
    report: dict[str, Any] = json.loads(out)
    by_port = {h["endpoint"].rsplit(":", 1)[-1].split("/")[0]: h for h in report["hosts"]}
    for name, server in servers.items():
        host = by_port[str(server.port)]
        expected = EXPECTED["current"][name]
        assert host["result"] in ("ready", "not_ready", "undetermined"), (name, host["reason"])
        if "clock" not in expected:   # the clock is measured again by the evaluator; the rest is the fixture's
            assert host["result"] == expected["verdict"], name
        for check in host["report"]["checks"]:
            rendered(check["message"])
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert len(suites) == len(ALL)
    lines = table.strip().splitlines()
    assert len(lines) == len(ALL) + 1 and lines[-1].startswith(t("preflight.summary", lang).split("{")[0])
    for line in lines:
        assert not PLACEHOLDER.search(line) and "preflight.result." not in line
