"""Reports: the verdict in plain words (en/zh), the table, sparklines, HTML with an SVG plot; CLI bad inputs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checks.carrier.config import load_config
from checks.carrier.decide import Sample, SequentialTest
from checks.carrier.report import html_page, sparkline, summary, table
from tests.support.carrier_lab import run_cli

CONFIG = """\
carriers:
  netcom: {label: {zh: 网通, en: Netcom}, resolvers: ["127.0.0.1:9"], service_host: qp.n.test.,
           service_port: 9, expected_prefixes: ["10.1.0.0/16"]}
  telecom: {label: {zh: 电信, en: Telecom}, resolvers: ["127.0.0.1:9"], service_host: qp.t.test.,
            service_port: 9, expected_prefixes: ["10.2.0.0/16"]}
apply: {target: file, path: PATH, state_dir: STATE}
"""


@pytest.fixture
def cfg_path(tmp_path: Path) -> str:
    p = tmp_path / "c.yaml"
    p.write_text(CONFIG.replace("PATH", str(tmp_path / "t.txt")).replace("STATE", str(tmp_path / "s")), "utf-8")
    return str(p)


def decided(cfg_path: str, current: str | None = None, lang: str = "en") -> dict:
    cfg = load_config(cfg_path)
    test = SequentialTest(cfg.ids, cfg.decide, current)
    rounds = [(Sample(5, 40 + i % 3, "10.1.0.1"), Sample(6, 18 + i % 2, "10.2.0.1")) for i in range(20)]
    rounds[3] = (Sample(None, None, None, "timeout", "not_tried"), rounds[3][1])
    d = None
    for a, b in rounds:
        d = test.add({"netcom": a, "telecom": b})
        if d:
            break
    assert d is not None
    return summary(test, d, cfg, 4.26, lang)


def test_verdict_line_in_plain_words(cfg_path: str) -> None:
    data = decided(cfg_path)
    assert data["chosen"] == "telecom" and data["reason"] == "sprt"
    # round 4, which Netcom never answered, moved the SPRT but is not reported as a race Telecom "won"
    assert data["verdict"] == ("Telecom: median 18 ms vs 41 ms, won 9/9 paired rounds, probes lost 0/20 vs 1/19; "
                               "decided after 10 rounds (4.3 s) by the paired sequential test (SPRT, α = β = 0.05)")
    assert data["carriers"]["telecom"]["rounds_other_lost"] == 1 and data["paired_rounds"] == 9
    zh = decided(cfg_path, lang="zh")["verdict"]
    assert zh.startswith("电信：中位数 18 ms 对 41 ms") and "经 10 轮" in zh


def test_table_and_sparklines(cfg_path: str) -> None:
    text = table(decided(cfg_path), "en")
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["carrier", "resolver", "answer"]
    assert "chosen (sequential test)" in lines[2]
    assert lines[3].startswith("Netcom") and "✕" in lines[3]
    zh = table(decided(cfg_path, lang="zh"), "zh")
    assert "选定（序贯检验）" in zh


def test_sparkline_scale_and_losses() -> None:
    assert sparkline([10, 100, None, 1000]) == "▁▅✕█"
    assert sparkline([None, None]) == "✕✕"
    assert sparkline([5.0, 5.0]) == "▁▁"


def test_html_has_svg_and_escapes(cfg_path: str) -> None:
    data = decided(cfg_path)
    data["carriers"]["netcom"]["name"] = "<b>Net</b>"
    page = html_page(data, "en")
    assert "<svg" in page and "<polyline" in page and "&lt;b&gt;Net&lt;/b&gt;" in page
    assert "<b>Net</b>" not in page


def test_json_summary_is_serialisable(cfg_path: str) -> None:
    data = decided(cfg_path)
    again = json.loads(json.dumps(data))
    assert again["carriers"]["netcom"]["dns_loss"] == {"lost": 1, "of": 10, "ci95": [0.018, 0.404]}
    assert again["carriers"]["netcom"]["series_ms"][3] is None


# -- bad inputs through the CLI funnel: exit 2, one line, no probe sent, no traceback ----------------

def test_bad_config_file_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CONFIG.replace("service_port: 9,", "service_port: nine,", 1), "utf-8")
    code, out, err = run_cli(capsys, "carrier", "test", "--config", str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"qpfleet: error: {bad}:3: carriers.netcom.service_port: must be a port number")
    assert "Traceback" not in err


@pytest.mark.parametrize(("argv", "message"), [
    (["--current", "mobile"], "--current: unknown carrier 'mobile'; valid: netcom, telecom"),
    (["--max-rounds", "0"], "--max-rounds: must be a whole number 1-1000, got '0'"),
    (["--max-rounds", "ten"], "--max-rounds: must be a whole number 1-1000"),
    (["--html", "/no/such/dir/r.html"], "the folder for the HTML report does not exist"),
    (["--lang", "fr"], "unknown language 'fr'; valid: zh, en"),
])
def test_bad_arguments(cfg_path: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run_cli(capsys, "carrier", "test", "--config", cfg_path, *argv)
    assert code == 2 and out == "" and message in err


def test_missing_config_and_undo_without_apply(tmp_path: Path, cfg_path: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "carrier", "test", "--config", str(tmp_path / "none.yaml"))
    assert code == 2 and "carrier config not found" in err
    code, _, err = run_cli(capsys, "carrier", "undo", "--config", cfg_path)
    assert code == 1 and "nothing to undo" in err          # not bad input: there is just nothing applied
    code, _, err = run_cli(capsys, "carrier")
    assert code == 2 and "test" in err


def test_apply_with_the_example_config_is_refused_before_probing(capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    code, out, err = run_cli(capsys, "carrier", "test", "--apply", "--config", "builtin:carrier.yaml")
    assert code == 2 and out == ""
    assert "holds example data (example: true); apply needs the site's own config" in err
    assert time.perf_counter() - started < 2  # nothing was measured


def test_no_site_config_measures_nothing(capsys: pytest.CaptureFixture[str], monkeypatch, tmp_path) -> None:
    """Without a site config nothing is sent: the example's resolvers are public addresses, not the site's."""
    monkeypatch.delenv("QPFLEET_CARRIER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    started = time.perf_counter()
    for action in ("test", "undo"):
        code, out, err = run_cli(capsys, "carrier", action)
        assert code == 2 and out == ""
        assert "no carrier config for this site: give --config FILE" in err
    assert time.perf_counter() - started < 2


def test_a_tie_with_no_current_carrier_says_it_picked_by_cost(cfg_path: str) -> None:
    cfg = load_config(cfg_path)
    test = SequentialTest(cfg.ids, cfg.decide, None)
    d = None
    for i in range(80):
        a, b = (10.0, 11.0) if i % 2 else (11.5, 10.0)
        d = test.add({"netcom": Sample(5, a, "10.1.0.1"), "telecom": Sample(5, b, "10.2.0.1")})
        if d:
            break
    assert d is not None and (d.reason, d.outcome) == ("tie", "pick")
    data = summary(test, d, cfg, 9.0, "en")
    assert data["verdict"].startswith(f"No material difference; picked {data['carriers'][d.chosen]['name']} by cost")
    assert "won" in data["verdict"] and "decided after" not in data["verdict"]
    assert "picked by cost (tie)" in table(data, "en")
    zh = summary(test, d, cfg, 9.0, "zh")["verdict"]
    assert zh.startswith("两者无实质差别，按代价选定")


def test_apply_is_refused_before_probing_for_one_value_or_a_read_only_target(
        tmp_path: Path, cfg_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    same = tmp_path / "same.yaml"
    same.write_text(Path(cfg_path).read_text("utf-8").replace("qp.t.test.", "qp.n.test."), "utf-8")
    started = time.perf_counter()
    code, out, err = run_cli(capsys, "carrier", "test", "--apply", "--config", str(same))
    assert code == 2 and out == "" and "netcom and telecom would both write 'qp.n.test'" in err
    assert f"{same}:4: carriers.telecom.service_host" in err
    target = tmp_path / "t.txt"
    target.write_text("qp.n.test\n")
    target.chmod(0o444)
    code, out, err = run_cli(capsys, "carrier", "test", "--apply", "--config", cfg_path)
    assert code == 2 and out == "" and "read-only" in err and target.read_text() == "qp.n.test\n"
    assert time.perf_counter() - started < 2  # nothing was measured


@pytest.mark.parametrize(("lang", "words"), [("en", "undone: "), ("zh", "已撤销：")])
def test_undo_prints_its_message_and_a_second_undo_is_exit_1(tmp_path: Path, cfg_path: str, lang: str, words: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import UTC, datetime

    from checks.carrier.apply import apply_choice

    (tmp_path / "t.txt").write_text("qp.n.test\n")
    apply_choice(load_config(cfg_path), "telecom", {}, datetime.now(UTC))
    # a fresh process: in this one the report module has registered the words already
    undo = [sys.executable, "-m", "provisioning.cli", "carrier", "undo", "--config", cfg_path, "--lang", lang]
    done = subprocess.run(undo, capture_output=True, text=True, encoding="utf-8")
    assert (done.returncode, done.stderr) == (0, "") and done.stdout.startswith(words)
    assert "carrier.undone" not in done.stdout and "qp.n.test" in done.stdout
    assert (tmp_path / "t.txt").read_text() == "qp.n.test\n"
    again = subprocess.run(undo, capture_output=True, text=True, encoding="utf-8")
    assert again.returncode == 1 and again.stdout == ""
    assert ("撤销过" if lang == "zh" else "already undone") in again.stderr  # in the language asked for
