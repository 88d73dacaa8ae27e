"""Server-rendered SVG charts of terminals switched over to QP, day by day (pure: data in, markup out).

:func:`switch_series` turns install/undo events into a cumulative count per day (a terminal counts
from the day QP was installed until it is undone); :func:`step_chart` draws it as a step line with
the approved count as a dashed target; :func:`sparkline` is the small version for a table row.
The markup uses presentation attributes and classes only (no ``style`` attribute, no script), so a
strict Content-Security-Policy allows it; every text is escaped.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Collection, Iterable, Sequence
from html import escape

Point = tuple[dt.date, int]


def switch_series(events: Iterable[tuple[str, dt.date, bool]], baseline: int, until: dt.date,
                  initially_on: Collection[str] = ()) -> list[Point]:
    """Cumulative terminals with QP per day, from the day before the first event to ``until``.

    ``events`` are (host, day, QP on after it) in time order; ``baseline`` terminals had QP before
    any recorded event (the registry says so), ``initially_on`` names them, so an install that
    finds QP already there adds nothing and an undo of one takes it away.
    """
    state: dict[str, bool] = dict.fromkeys(initially_on, True)
    count = baseline
    daily: dict[dt.date, int] = {}
    for host, day, on in events:
        before = state.get(host, False)
        if on != before:
            count += 1 if on else -1
            state[host] = on
        daily[day] = count
    if not daily:
        return [(until - dt.timedelta(days=1), baseline), (until, baseline)]
    first = min(daily)
    out: list[Point] = [(first - dt.timedelta(days=1), baseline)]
    value = baseline
    day = first
    end = max(until, max(daily))
    while day <= end:
        value = daily.get(day, value)
        out.append((day, value))
        day += dt.timedelta(days=1)
    return out


def _nice_step(top: float, ticks: int = 5) -> int:
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return max(1, int(m * power))
    return max(1, int(10 * power))


def step_chart(series: Sequence[Point], target: int, *, title: str, target_label: str, value_label: str,
               width: int = 720, height: int = 240) -> str:
    """A step line of ``series`` with a dashed line at ``target``; axes with dates and counts."""
    left, right, top, bottom = 56, 16, 28, 36
    w, h = width - left - right, height - top - bottom
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    peak = max([v for _, v in series] + [target, 1])
    step = _nice_step(peak)
    ymax = step * math.ceil(peak / step)

    def x(day: dt.date) -> float:
        return left + w * (day - first).days / span

    def y(value: int) -> float:
        return top + h - h * value / ymax

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for tick in range(0, ymax + 1, step):
        ty = y(tick)
        parts.append(f'<line class="grid" x1="{left}" y1="{ty:.1f}" x2="{left + w}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick}</text>')
    days = [first + dt.timedelta(days=round(span * i / 5)) for i in range(6)] if span >= 5 else \
        [first + dt.timedelta(days=i) for i in range(span + 1)]
    for day in dict.fromkeys(days):
        parts.append(f'<text class="tick" x="{x(day):.1f}" y="{top + h + 18}" text-anchor="middle">'
                     f"{day:%m-%d}</text>")
    parts.append(f'<line class="axis" x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}"/>')
    if target > 0:
        parts.append(f'<line class="target" x1="{left}" y1="{y(target):.1f}" x2="{left + w}" y2="{y(target):.1f}"/>')
        parts.append(f'<text class="target-label" x="{left + w}" y="{y(target) - 5:.1f}" text-anchor="end">'
                     f"{escape(target_label)} {target}</text>")
    path = [f"M{x(series[0][0]):.1f},{y(series[0][1]):.1f}"]
    for (_, prev), (day, value) in itertools.pairwise(series):
        path.append(f"H{x(day):.1f}")
        if value != prev:
            path.append(f"V{y(value):.1f}")
    parts.append(f'<path class="series" d="{" ".join(path)}"/>')
    end_day, end_value = series[-1]
    parts.append(f'<circle class="series-end" cx="{x(end_day):.1f}" cy="{y(end_value):.1f}" r="3"/>')
    parts.append(f'<text class="value-label" x="{left + 4}" y="{top - 10}">{escape(value_label)} {end_value} '
                 f"({end_day:%Y-%m-%d})</text>")
    parts.append("</svg>")
    return "".join(parts)


def sparkline(series: Sequence[Point], target: int, *, label: str, width: int = 120, height: int = 24) -> str:
    """A tiny step line for a table row (no axes), scaled to ``target`` when it is the larger."""
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    peak = max([v for _, v in series] + [target, 1])
    pts = " ".join(f"{1 + (width - 2) * (d - first).days / span:.1f},{height - 2 - (height - 4) * v / peak:.1f}"
                   for d, v in series)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
            f'<polyline class="series" points="{pts}"/></svg>')
