"""The carrier config: the shipped default loads; every mistake is reported with file:line: field."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.carrier.config import load_config
from checks.errors import InputError, ValidationErrors

GOOD = """\
version: 1
carriers:
  netcom:
    resolvers: ["10.0.0.53", "10.0.0.54:5353"]
    service_host: qp.netcom.example
    service_port: 8080
    expected_prefixes: ["10.1.0.0/16"]
  telecom:
    resolvers: ["10.9.0.53"]
    service_host: qp.telecom.example.
    service_port: 8080
    expected_prefixes: ["10.2.0.0/16"]
decide:
  max_rounds: 40
apply:
  target: ini
  path: C:/QP/qp.ini
"""


def write(tmp_path: Path, text: str) -> str:
    p = tmp_path / "carrier.yaml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_shipped_default_is_example_data_with_research_defaults() -> None:
    c = load_config()
    assert c.example is True
    assert c.ids == ("netcom", "telecom")
    assert c.decide.min_rounds == 10 and c.decide.max_rounds == 60 and c.decide.sprt_p1 == 0.7
    assert c.measure.round_interval_ms == 200 and c.measure.dns_timeout_ms == 1000


def test_good_config_types_and_absolute_names(tmp_path: Path) -> None:
    c = load_config(write(tmp_path, GOOD))
    net = c.carrier("netcom")
    assert net.service_host == "qp.netcom.example."  # a trailing dot is added: no search suffix
    assert [str(r) for r in net.resolvers] == ["10.0.0.53", "10.0.0.54:5353"]
    assert net.plausible("10.1.2.3") and not net.plausible("10.2.2.3") and not net.plausible("junk")
    assert c.decide.max_rounds == 40 and c.decide.min_rounds == 10
    assert c.apply.target == "ini"
    assert c.value_for("telecom") == "qp.telecom.example"


@pytest.mark.parametrize(("change", "expected"), [
    (("10.0.0.53", "10.0.0.999"), ":4: carriers.netcom.resolvers[0]: '10.0.0.999' is not an IPv4 address"),
    (("10.0.0.54:5353", "10.0.0.54:0"), ":4: carriers.netcom.resolvers[1]: '10.0.0.54:0': port must be 1-65535"),
    (("service_port: 8080\n    expected_prefixes: [\"10.1", "service_port: 99999\n    expected_prefixes: [\"10.1"),
     ":6: carriers.netcom.service_port: must be a port number 1-65535, got 99999"),
    (("10.2.0.0/16", "10.2.0.0/33"), ":12: carriers.telecom.expected_prefixes[0]: '10.2.0.0/33' is not an IPv4"),
    (("max_rounds: 40", "max_round: 40"), ":14: decide.max_round: unknown field; did you mean 'max_rounds'?"),
    (("max_rounds: 40", "max_rounds: 5"), "decide.max_rounds: must be >= min_rounds (5 < 10)"),
    (("max_rounds: 40", "alpha: 1.5"), ":14: decide.alpha: must be between 0 and 1"),
    (("decide:\n  max_rounds: 40", "measure:\n  round_interval_ms: 1\ndecide:\n  max_rounds: 40"),
     ":14: measure.round_interval_ms: at least 20 ms"),
    (("max_rounds: 40", "loss_from: both"), "decide.loss_from: invalid value 'both'; valid: tcp, path"),
    (("target: ini", "target: regedit"), ":16: apply.target: invalid target 'regedit'; valid: file, ini, registry"),
    (("  telecom:\n    resolvers: [\"10.9.0.53\"]\n", "  telecom: 5\n  x:\n    resolvers: [1]\n"),
     "carriers: must map exactly two carrier ids"),
])
def test_each_mistake_names_file_line_and_field(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    path = write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(ValidationErrors) as err:
        load_config(path)
    assert any(expected in line and line.startswith(path) for line in err.value.problems), err.value.problems


def test_three_carriers_refused(tmp_path: Path) -> None:
    text = GOOD + "  mobile: {}\n"
    text = text.replace("decide:\n  max_rounds: 40\napply:\n  target: ini\n  path: C:/QP/qp.ini\n", "")
    with pytest.raises(ValidationErrors) as err:
        load_config(write(tmp_path, text))
    assert "exactly two carrier ids" in str(err.value)


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("8080", "0").replace("10.1.0.0/16", "x")
    with pytest.raises(ValidationErrors) as err:
        load_config(write(tmp_path, text))
    assert len(err.value.problems) == 3


def test_duplicate_key_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="duplicate key 'netcom'"):
        load_config(write(tmp_path, GOOD.replace("  telecom:", "  netcom:")))
    p = tmp_path / "gbk.yaml"
    p.write_bytes("carriers:\n  网通: {}\n".encode("gbk"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_config(str(p))


def test_missing_file_and_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_config(str(tmp_path / "nope.yaml"))
    with pytest.raises(ValidationErrors, match="must be a mapping"):
        load_config(write(tmp_path, "- a\n- b\n"))


def test_a_carrier_that_is_not_a_mapping(tmp_path: Path) -> None:
    text = GOOD.split("  telecom:")[0] + "  telecom: 5\n"
    with pytest.raises(ValidationErrors) as err:
        load_config(write(tmp_path, text))
    assert any(":8: carriers.telecom: must be a mapping" in p for p in err.value.problems), err.value.problems
