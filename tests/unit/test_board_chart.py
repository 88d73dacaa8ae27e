"""The switch-over series and its SVG: counts per day, undo, baseline; well-formed, escaped, no style or script."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from provisioning.board.chart import sparkline, step_chart, switch_series

D = dt.date(2026, 12, 1)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def test_series_counts_installs_once_takes_undos_away_and_fills_every_day() -> None:
    events = [("a", day(0), True), ("b", day(0), True), ("a", day(1), True),  # a second install of a: no change
              ("c", day(3), True), ("b", day(3), False), ("x", day(4), True)]
    series = switch_series(events, baseline=2, until=day(5), initially_on={"x", "y"})
    assert series == [(day(-1), 2), (day(0), 4), (day(1), 4), (day(2), 4), (day(3), 4), (day(4), 4), (day(5), 4)]


def test_series_without_events_is_a_flat_line_to_today() -> None:
    assert switch_series([], 7, day(2)) == [(day(1), 7), (day(2), 7)]


def test_chart_is_well_formed_escaped_and_needs_no_style_or_script() -> None:
    series = switch_series([("a", day(0), True), ("b", day(9), True)], 1, day(12))
    svg = step_chart(series, 5, title='切换 <script>"&', target_label="核准 <b>", value_label="已切换")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<script" not in svg and "style=" not in svg
    assert root.find("{http://www.w3.org/2000/svg}title").text == '切换 <script>"&'  # type: ignore[union-attr]
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "核准 <b> 5" in texts and "已切换 3 (2026-12-13)" in texts
    path = root.find("{http://www.w3.org/2000/svg}path")
    assert path is not None and path.get("d", "").count("V") == 2  # two steps up
    spark = ET.fromstring(sparkline(series, 5, label="5301"))
    assert len(spark.find("{http://www.w3.org/2000/svg}polyline").get("points", "").split()) == len(series)  # type: ignore[union-attr]
