"""Central training (§7): sessions generated from configuration, registrations checked against deadline and seats.

The configuration (``inventory/calendar/training.yml``) gives the days (``first_day``..``last_day``:
every calendar day, working days only, or a list of dates), the start times (09:30 and 14:30), the seats per session
and the registration due date (forms accepted until the end of that day, Asia/Shanghai).
Session generation and the registration decision are pure and take "now" as an argument.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from checks.errors import InputError, ValidationErrors
from checks.i18n import Msg
from checks.yamlio import load_yaml
from provisioning.dispatch import texts  # noqa: F401  (registers the dispatch words)
from provisioning.dispatch.calendar import SHANGHAI, WorkCalendar
from provisioning.dispatch.reasons import Reason, reason

DEFAULT_TRAINING = Path("inventory/calendar/training.yml")
DAY_MODES = ("all", "working")


@dataclass(frozen=True)
class TrainingConfig:
    first_day: dt.date
    last_day: dt.date
    days: str  # "all" | "working" | "listed"
    times: tuple[dt.time, ...]
    capacity: int
    registration_due: dt.date
    place: str = ""
    listed: tuple[dt.date, ...] = ()  # the days when ``days`` is a list

    @property
    def closes_at(self) -> dt.datetime:
        """The first moment registrations are refused: midnight after the due date, Asia/Shanghai."""
        return dt.datetime.combine(self.registration_due + dt.timedelta(days=1), dt.time(0, 0), tzinfo=SHANGHAI)


def load_training_config(path: str | os.PathLike[str] | None = None) -> TrainingConfig:
    """Read and check the training configuration (every problem reported with its line)."""
    file = Path(path) if path is not None else DEFAULT_TRAINING
    doc = load_yaml(file, what="training configuration")  # an impossible date is a file:line error there
    data = doc.data.get("training") if isinstance(doc.data, dict) else None
    if not isinstance(data, dict):
        raise InputError(Msg("dispatch.err.training_shape"), where=doc.where(""))
    problems: list[str] = []

    def problem(path: str, what: Msg) -> None:
        problems.append(Msg("msg.at", where=doc.where(path), what=what))

    def get_date(key: str) -> dt.date:
        value = data.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        problem("training." + key, Msg("dispatch.err.date", text=repr(value)))
        return dt.date(1970, 1, 1)

    first, last, due = get_date("first_day"), get_date("last_day"), get_date("registration_due")
    if not problems and last < first:
        problem("training.last_day", Msg("training.v.order", last=last.isoformat(), first=first.isoformat()))
    mode = data.get("days", "all")
    listed: list[dt.date] = []
    if isinstance(mode, list):
        for i, raw in enumerate(mode):
            day = raw if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime) else None
            if day is None:
                problem(f"training.days[{i}]", Msg("dispatch.err.date", text=repr(raw)))
            elif not first <= day <= last:
                problem(f"training.days[{i}]", Msg("training.v.outside", day=day.isoformat(), first=first.isoformat(),
                                                  last=last.isoformat()))
            else:
                listed.append(day)
        mode = "listed"
    elif mode not in DAY_MODES:
        problem("training.days", Msg("training.v.days", mode=repr(mode), valid=DAY_MODES))
    times: list[dt.time] = []
    raw_times = data.get("times")
    if not isinstance(raw_times, list) or not raw_times:
        problem("training.times", Msg("training.v.times"))
    else:
        for i, raw in enumerate(raw_times):
            try:
                times.append(dt.time.fromisoformat(str(raw)))
            except ValueError:
                problem(f"training.times[{i}]", Msg("training.v.time", value=repr(raw)))
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        problem("training.capacity", Msg("training.v.capacity"))
        capacity = 1
    if problems:
        raise ValidationErrors(problems, what=str(file))
    return TrainingConfig(first, last, str(mode), tuple(sorted(set(times))), capacity, due, str(data.get("place", "")),
                          tuple(sorted(set(listed))))


def generate_sessions(config: TrainingConfig, calendar: WorkCalendar) -> list[dt.datetime]:
    """Session start times (aware, Asia/Shanghai), in order."""
    out: list[dt.datetime] = []
    day = config.first_day
    while day <= config.last_day:
        if config.days == "listed":
            wanted = day in config.listed
        else:
            wanted = config.days == "all" or calendar.is_workday(day)
        if wanted:
            out.extend(dt.datetime.combine(day, t, tzinfo=SHANGHAI) for t in config.times)
        day += dt.timedelta(days=1)
    return out


def registration_refusal(now: dt.datetime, config: TrainingConfig, session: dt.datetime, taken: int,
                         capacity: int, already: bool) -> Reason | None:
    """Why a registration is refused, or None when it is accepted."""
    label = f"{session.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
    if now >= config.closes_at:
        return reason("dispatch.refuse.closed", due=config.registration_due.isoformat(),
                      now=f"{now.astimezone(SHANGHAI):%Y-%m-%d %H:%M}")
    if now >= session:
        return reason("dispatch.refuse.started", session=label)
    if already:
        return reason("dispatch.refuse.already")
    if taken >= capacity:
        return reason("dispatch.refuse.full", session=label, taken=taken, cap=capacity)
    return None
