"""Jinja2 for the board: templates shipped with the package, autoescaped, every word from the catalogue.

Values are shown for people: times in Asia/Shanghai, money in yuan from integer fen, sizes in
MB/GB, dates as ``YYYY-MM-DD``, and never ``None`` (a dash instead).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from checks import humanize
from checks.humanize import DASH, fact_value
from checks.i18n import t
from provisioning.dispatch.calendar import SHANGHAI
from provisioning.fees.render import yuan


def when(value: dt.datetime | None) -> str:
    return DASH if value is None else value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def day(value: dt.date | str | None) -> str:
    if value is None or value == "":
        return DASH
    return value if isinstance(value, str) else value.isoformat()


def money(fen: int | None) -> str:
    return DASH if fen is None else yuan(int(fen))


def size(value: Any) -> str:
    """Bytes for people: ``512 MB``, ``6.4 GB`` (a dash when there is no number)."""
    return humanize.size(value) if isinstance(value, int | float) and not isinstance(value, bool) else DASH


def environment() -> Environment:
    env = Environment(loader=PackageLoader("provisioning.board", "templates"),
                      autoescape=select_autoescape(["html"], default_for_string=True, default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(when=when, day=day, money=money, size=size, fact=lambda v, lang="zh": fact_value(v, lang),
                       pretty=lambda v: json.dumps(v, ensure_ascii=False, indent=2, sort_keys=True))
    return env


def render(env: Environment, name: str, lang: str, **context: Any) -> str:
    def translate(key: str, /, **params: Any) -> str:
        return t(key, lang, **params)

    def reason(key: str, params: dict[str, Any] | None = None) -> str:
        return t(key, lang, **(params or {})) if key else ""

    return env.get_template(name).render(_=translate, reason=reason, lang=lang, **context)
