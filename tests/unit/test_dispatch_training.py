"""Training sessions from configuration and the registration rules (deadline 3 December, seats)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checks.errors import InputError, ValidationErrors
from provisioning.dispatch.calendar import SHANGHAI, load_overrides
from provisioning.dispatch.training import generate_sessions, load_training_config, registration_refusal
from tests.conftest import ROOT

CONFIG = ROOT / "inventory" / "calendar" / "training.yml"


@pytest.fixture(scope="module")
def cal():
    return load_overrides(ROOT / "inventory" / "calendar" / "overrides.yml")


def test_shipped_config_gives_two_sessions_a_day(cal) -> None:
    config = load_training_config(CONFIG)
    sessions = generate_sessions(config, cal)
    assert len(sessions) == 18
    assert sessions[0] == dt.datetime(2026, 12, 10, 9, 30, tzinfo=SHANGHAI)
    assert sessions[-1] == dt.datetime(2026, 12, 18, 14, 30, tzinfo=SHANGHAI)
    assert config.registration_due == dt.date(2026, 12, 3)


def test_working_days_only_drops_the_weekend(cal, tmp_path: Path) -> None:
    f = tmp_path / "t.yml"
    f.write_text(CONFIG.read_text(encoding="utf-8").replace("days: all", "days: working"), encoding="utf-8")
    sessions = generate_sessions(load_training_config(f), cal)
    assert len(sessions) == 14
    assert {s.date() for s in sessions}.isdisjoint({dt.date(2026, 12, 12), dt.date(2026, 12, 13)})


def test_listed_days(cal, tmp_path: Path) -> None:
    f = tmp_path / "t.yml"
    f.write_text(CONFIG.read_text(encoding="utf-8").replace("days: all", "days: [2026-12-10, 2026-12-14]"),
                 encoding="utf-8")
    sessions = generate_sessions(load_training_config(f), cal)
    assert [f"{s:%m-%d %H:%M}" for s in sessions] == ["12-10 09:30", "12-10 14:30", "12-14 09:30", "12-14 14:30"]
    f.write_text(CONFIG.read_text(encoding="utf-8").replace("days: all", "days: [2026-12-20]"), encoding="utf-8")
    with pytest.raises(ValidationErrors, match="outside"):
        load_training_config(f)


def test_registration_rules() -> None:
    config = load_training_config(CONFIG)
    session = dt.datetime(2026, 12, 10, 9, 30, tzinfo=SHANGHAI)
    last_minute = dt.datetime(2026, 12, 3, 23, 59, 59, tzinfo=SHANGHAI)
    assert registration_refusal(last_minute, config, session, 29, 30, False) is None
    late = dt.datetime(2026, 12, 3, 16, 0, 0, tzinfo=dt.UTC)  # = 12-04 00:00 Beijing
    assert "registration closed" in str(registration_refusal(late, config, session, 0, 30, False))
    assert "is full (30/30" in str(registration_refusal(last_minute, config, session, 30, 30, False))
    assert "already registered" in str(registration_refusal(last_minute, config, session, 3, 30, True))


def test_bad_config_reports_lines(tmp_path: Path) -> None:
    f = tmp_path / "t.yml"
    f.write_text("training:\n  first_day: 2026-12-18\n  last_day: 2026-12-10\n  days: weekends\n"
                 "  times: ['9h30']\n  capacity: 0\n  registration_due: 2026-12-03\n", encoding="utf-8")
    with pytest.raises(ValidationErrors) as err:
        load_training_config(f)
    text = "\n".join(err.value.problems)
    assert f"{f}:3: training.last_day" in text and f"{f}:4: training.days" in text
    assert f"{f}:5: training.times[0]" in text and f"{f}:6: training.capacity" in text


def test_impossible_date_in_config(tmp_path: Path) -> None:
    f = tmp_path / "t.yml"
    f.write_text("training:\n  first_day: 2026-12-32\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_training_config(f)
    assert str(err.value) == f"{f}:2: training.first_day: cannot read '2026-12-32': day is out of range for month"
