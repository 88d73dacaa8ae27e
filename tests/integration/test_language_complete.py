"""Every word a user sees is in the language asked for: a test that fails on a run of English in Chinese output.

What is run, each with ``--lang zh`` and again with ``--lang en``:
- every command example of README.md and of the users' guides (docs/*.md), in order, from the demo data;
- the test corpus: every facts fixture through the self-check (table and HTML), the registries
  (``inventory show``/``check``), the dispatch scenarios (payments good and bad, engineers, a plan with
  late and unplaceable requests, the board, exports, a campaign, training), and bad input of every kind.
What is collected: every line printed (stdout and stderr; JSON output is for programs and left out,
its stderr is not) and the text of every HTML, CSV and ICS file written.
What fails: in Chinese, a run of three or more English words that are not names (QP, WinRM ...), code,
the data given (an enterprise's name, a CPU string) or technical detail marked （详情：…） after a
Chinese explanation (tests/support/langcheck.py); in English, any Chinese that is not data.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, require_program
from tests.support.examples import Example, environment, examples, run, sandbox
from tests.support.langcheck import chinese_chars, english_runs, string_leaves

pytestmark = pytest.mark.integration
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WRITTEN = (".html", ".csv", ".ics")
LOG_LINE = re.compile(r"(INFO|WARNING|ERROR|DEBUG):\s|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} uvicorn")
FACTS = sorted((FIXTURES / "facts").glob("*.json"))

# The test corpus beyond the pages' examples, in order (later commands use what earlier ones recorded).
# {facts} is replaced by each facts fixture.
CORPUS = [
    # registries
    "qpfleet inventory check -i inventory/",
    "qpfleet inventory show -i inventory/",
    "qpfleet inventory show -i tests/fixtures/registry/valid.yml",
    "qpfleet inventory check -i tests/fixtures/dispatch/registry",
    # dispatch scenarios: good and bad payments, engineers, a plan with late and unplaceable requests
    "qpfleet dispatch pay import tests/fixtures/dispatch/payments-good.csv --registry tests/fixtures/dispatch/registry",
    "qpfleet dispatch pay import tests/fixtures/dispatch/payments-bad.csv --registry tests/fixtures/dispatch/registry",
    "qpfleet dispatch pay import tests/fixtures/dispatch/payments-bad.csv --partial "
    "--registry tests/fixtures/dispatch/registry",
    "qpfleet dispatch pay list",
    "qpfleet dispatch request add --enterprise 4403980101 --paid-at 2026-11-27T16:00+08:00",
    "qpfleet dispatch request add --enterprise 4403980301 --paid-at 2026-12-02T17:45+08:00 --skill install",
    "qpfleet dispatch request pause 2 --at 2026-12-01T09:00+08:00",
    "qpfleet dispatch request resume 2 --at 2026-12-02T09:00+08:00",
    "qpfleet dispatch request done 1",
    "qpfleet dispatch request cancel 3",
    "qpfleet dispatch request list --all",
    "qpfleet dispatch engineer add E07 --name 陈工 --skills maintenance --sites 5301 --capacity 1",
    "qpfleet dispatch engineer leave E07 --from 2026-12-03 --to 2026-12-04 --reason 培训",
    "qpfleet dispatch engineer list",
    "qpfleet dispatch deadline --paid-at 2026-12-04T18:00+08:00 --pause 2026-12-07T10:00+08:00 "
    "--resume 2026-12-08T10:00+08:00",
    "qpfleet dispatch plan --days 3",
    "qpfleet dispatch board",
    "qpfleet dispatch export --csv visits.csv --ics calendars/",
    "qpfleet dispatch campaign plan --site 5316 --day 2026-12-07",
    "qpfleet dispatch campaign show 1 --csv notify.csv",
    "qpfleet dispatch training sessions",
    "qpfleet dispatch training register --enterprise 4403980101 --person 王五 --session '2026-12-10 09:30'",
    "qpfleet dispatch training register --enterprise 4403980101 --person 王五 --session '2026-12-10 09:30'",
    "qpfleet dispatch calendar --from 2026-12-28 --to 2027-01-04",
    # fees
    "qpfleet quote --terminals 6 --plan monthly --tier enhanced",
    "qpfleet quote 4403980101 -i inventory/ --html quote.html --date 2007-12-10",
    "qpfleet fees transmission --events inventory/demo/declarations.csv -i inventory/",
    "qpfleet fees transmission --events tests/fixtures/fees/events-unattributed.csv -i inventory/",
    # bad input of every kind: each must say what is wrong in the language asked for
    "qpfleet selfcheck --offline --ntp 127.0.0.1",
    "qpfleet selfcheck --profile nosuch --offline",
    "qpfleet selfcheck --facts nosuch.json",
    "qpfleet selfcheck --facts tests/fixtures/msi/readme.txt",
    "qpfleet selfcheck --facts tests/fixtures/facts/laptop.json --site 9999",
    "qpfleet selfcheck --facts tests/fixtures/facts/laptop.json --carrier-config x.yaml",
    "qpfleet selfcheck --ntp 127.0.0.1:99999",
    "qpfleet preflight --winrm pc-01",
    "qpfleet preflight --winrm pc-01 --user u --password secret",
    "qpfleet preflight --winrm pc-01 --user u --transport basic",
    "qpfleet preflight --winrm pc-01 --user u --cert-validation ignore",
    "qpfleet preflight --winrm 'bad host' --user u",
    "qpfleet inventory show --site 9999",
    "qpfleet inventory show --enterprise 没有这家",
    "qpfleet inventory check -i nosuch/",
    "qpfleet quote",
    "qpfleet quote 4403980101 --terminals 3",
    "qpfleet quote 没有这家",
    "qpfleet quote --terminals 3 --date 2007-13-01",
    "qpfleet quote --terminals 3 --date 2001-01-01",
    "qpfleet fees transmission --events nosuch.csv",
    "qpfleet carrier test",
    "qpfleet carrier test --config builtin:carrier.yaml --apply",
    "qpfleet carrier test --config nosuch.yaml",
    "qpfleet carrier undo --config builtin:carrier.yaml",
    "qpfleet dispatch deadline --paid-at 2026-12-04T18:00",
    "qpfleet dispatch deadline --paid-at tomorrow",
    "qpfleet dispatch request pause 999",
    "qpfleet dispatch request add --enterprise 0000000000 --paid-at 2026-12-01T10:00+08:00",
    "qpfleet dispatch plan --days 0",
    "qpfleet dispatch export",
    "qpfleet dispatch campaign plan --site 5301 --day 2026-12-05",
    "qpfleet dispatch campaign plan --site 5301 --day 2026-11-02",
    "qpfleet dispatch campaign show 99",
    "qpfleet dispatch training register --enterprise 4403980101 --person 王五 --session '2026-12-11 11:00'",
    "qpfleet dispatch calendar --from 2027-01-02",
    "qpfleet dispatch engineer leave E07 --from tomorrow",
    "qpfleet dispatch pay import nosuch.csv",
    "qpfleet users add 'bad name!' --role viewer --password-file board-admin.pw --db board-demo.sqlite3",
    "qpfleet users add someone --role king --password-file board-admin.pw --db board-demo.sqlite3",
    "qpfleet users passwd nobody --password-file board-admin.pw --db board-demo.sqlite3",
    "qpfleet serve -i inventory/ --db board-demo.sqlite3 --tls-cert x.pem",
    "qpfleet kit build --enterprise 4403989999 -i inventory/ --out kit-x",
    "qpfleet kit build --site 5399 -i inventory/ --out kits-x/",
    "qpfleet kit build --enterprise 4403980203 -i inventory/ --out kit-y --qp-product-code '{x}'",
    "qpfleet kit collect inventory",
    "qpfleet kit collect nosuch",
    # the fleet through Ansible: selections, gates before anything starts, the runs recorded
    "qpfleet preflight -i inventory/ --limit 4403980101 --list-hosts",
    "qpfleet preflight -i inventory/ --limit 9999",
    "qpfleet preflight -i nosuch/ --limit 5301",
    "qpfleet install -i inventory/ --limit 9999 --check",
    "qpfleet install -i inventory/ --limit 5301 --qp-msi nosuch.msi --check",
    "qpfleet install -i inventory/ --limit 5301 --qp-msi tests/fixtures/msi/readme.txt --check",
    "qpfleet install -i inventory/ --limit 5316 --list-hosts",
    "qpfleet runs list",
    "qpfleet runs show nosuch",
    "qpfleet serve -i nosuch/ --db board-demo.sqlite3",
    "qpfleet frobnicate",
    "qpfleet selfcheck --bogus",
    "qpfleet dispatch",
]


def data_strings() -> list[str]:
    """The data of the inputs (names, addresses, CPU strings ...): shown as given, in whatever language."""
    import json

    import yaml

    values: set[str] = set()
    for path in [*ROOT.joinpath("inventory").rglob("*.yml"), *FIXTURES.joinpath("registry").rglob("*.yml"),
                 *FIXTURES.joinpath("dispatch").rglob("*.yml"), *ROOT.joinpath("checks", "profiles").glob("*.yaml")]:
        values.update(v for v in string_leaves(yaml.safe_load(path.read_text("utf-8")), frozenset()) if v)
    for path in FACTS:
        values.update(string_leaves(json.loads(path.read_text("utf-8"))))
    for path in [*FIXTURES.joinpath("dispatch").glob("*.csv"), *ROOT.joinpath("inventory", "demo").glob("*.csv")]:
        for line in path.read_text("utf-8-sig").splitlines()[1:]:
            values.update(cell.strip() for cell in line.split(","))
    for path in FIXTURES.joinpath("calendar").rglob("*.txt"):  # the State Council notices: their own titles
        values.update(line.strip() for line in path.read_text("utf-8", errors="replace").splitlines())
    # Only values that are names, phrases or identifiers: a lone lowercase word (fixed, observed) is an enum,
    # not data, and must not hide the same word in a sentence.
    # Numbers are not masked either: a masked number would break a run of English around it.
    keep = {v.strip() for v in values
            if (re.search(r"[^\x00-\x7f]", v) and len(v.strip()) >= 2) or (re.search(r"\s|[A-Z]", v) and len(v.strip()) >= 3)}
    keep |= _this_machine()
    return sorted(keep, key=len, reverse=True)


def _this_machine() -> set[str]:
    """What this machine reports of itself (`qpfleet facts` shows it: package names such as
    adwaita-icon-theme, the OS caption): data, like the fixtures'. Plain words (fixed, running) are left
    out, so that they never hide a sentence of qpfleet's own."""
    from checks.collectors import collect_local
    from checks.profile import load_profile

    leaves = string_leaves(collect_local(load_profile(None)).to_json())
    return {v.strip() for v in leaves if len(v.strip()) >= 3 and re.search(r"[-.\d\s/]", v.strip())}


def file_text(path: Path) -> str:
    text = path.read_text("utf-8-sig", errors="replace")
    if path.suffix == ".html":
        text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    if path.suffix == ".ics":
        text = re.sub(r"\r?\n[ \t]", "", text).replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
    return text


def _commands() -> Iterator[Example]:
    for page in PAGES:
        for example in examples(page):
            if not example.illustrative and example.argv[0] != "make":
                yield example  # all run (a later one may need what an earlier one wrote); qpfleet's are checked
    for facts in FACTS:
        rel = facts.relative_to(ROOT)
        yield Example("corpus", 0, f"qpfleet selfcheck --facts {rel} --site 5301 --html report-{facts.stem}.html")
    for n, text in enumerate(CORPUS, 1):
        yield Example("corpus", n, text)


def _snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*")
            if p.is_file() and p.suffix in WRITTEN and "home" not in p.relative_to(root).parts[:1]}


def findings(lang: str, tmp_path: Path) -> tuple[list[str], int]:
    """(every finding as "command: what", how many texts were looked at) for one language."""
    faketime = require_program("faketime")
    root = sandbox(tmp_path)
    env = environment(root)
    data = data_strings()
    typed: set[str] = set()
    found: list[str] = []
    looked = 0
    for example in _commands():
        if example.argv[0] != "qpfleet":  # export, printf, the demo-data script, ansible-inventory: not our words
            run(example, root, env, faketime)
            continue
        # what the user typed is data too, here and later (an engineer's name, a file name in Chinese)
        typed.update(a for a in example.argv if re.search(r"[^\x00-\x7f]", a))
        typed.update(Path(a).stem for a in list(typed))
        seen = sorted({*data, *typed}, key=len, reverse=True)

        def check(text: str, seen: list[str] = seen) -> list[str]:
            return english_runs(text, seen) if lang == "zh" else chinese_chars(text, seen)

        before = _snapshot(root)
        result = run(example, root, env, faketime, extra=("--lang", lang))
        # a web server's own log lines (uvicorn: "INFO:     Started server process") are its operator's, in
        # the library's words, not qpfleet's
        stderr = "\n".join(line for line in result.stderr.splitlines() if not LOG_LINE.match(line))
        texts = [("stderr", stderr)]
        if "--json" not in example.argv:
            texts.append(("stdout", result.stdout))
        after = _snapshot(root)
        texts += [(p.name, file_text(p)) for p, stamp in after.items() if before.get(p) != stamp]
        if "Traceback" in result.stderr or result.returncode == 70:
            found.append(f"{example}: crashed: {result.stderr[-300:]}")
        for where, text in texts:
            looked += 1
            for hit in check(text):
                found.append(f"{example} [{where}]: {hit}")
    return found, looked


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_text_is_in_the_language_asked_for(lang: str, tmp_path: Path) -> None:
    found, looked = findings(lang, tmp_path)
    assert looked > 200
    unique = list(dict.fromkeys(found))
    assert not unique, f"{len(unique)} findings in --lang {lang}:\n" + "\n".join(unique[:400])
