"""Reports of a carrier test: the verdict line, the table, sparklines, JSON and an HTML page with an SVG plot."""

from __future__ import annotations

import html
import math
from typing import Any

from checks import i18n
from checks.carrier import texts  # noqa: F401  (registers the words)
from checks.carrier.config import CarrierConfig
from checks.carrier.decide import Decision, SequentialTest, quantile, wilson
from checks.report import FONTS, display_width


def unusable_text(code: str | None, lang: str) -> str:
    """Why a carrier is unusable, in words (decide.py records codes: dns_timeout, dns_loss 5/10, ...)."""
    if not code:
        return "-"
    word, _, rest = code.partition(" ")
    if word == "dns_loss":
        lost, _, of = rest.partition("/")
        return i18n.t("carrier.unusable.dns_loss", lang, lost=lost, of=of)
    if word == "tcp_unreachable":
        return i18n.t("carrier.unusable.tcp", lang, count=f" {rest}" if rest else "")
    if word == "implausible":
        return i18n.t("carrier.unusable.implausible", lang, address=rest)
    if word.startswith("dns_") or f"carrier.dns_error.{word}" in i18n.CATALOG:
        error = word.removeprefix("dns_")
        key = f"carrier.dns_error.{error}"
        return i18n.t("carrier.unusable.dns", lang, error=i18n.t(key, lang) if key in i18n.CATALOG else error)
    return code


def detail_text(reason: str, detail: str, lang: str) -> str:
    """decide.py's detail of a decision in words (the numbers it carries; the gate's unusable reason)."""
    if reason == "gate":
        return unusable_text(detail, lang)
    nums = detail.replace("cost ", "").replace(" ms", "").split(" vs ")
    if reason == "cost" and len(nums) == 2:
        return i18n.t("carrier.cost", lang, a=nums[0], b=nums[1])
    if reason == "loss" and len(nums) == 2:
        return i18n.t("carrier.losses", lang, a=nums[0], b=nums[1])
    return i18n.detail(lang, detail).strip() if detail else ""

SPARKS = "▁▂▃▄▅▆▇█"


def _ms(v: float | None) -> str:
    return "-" if v is None else (f"{v:.1f}" if v < 10 else f"{v:.0f}")


def _with_ms(v: float | None) -> str:
    return "-" if v is None else _ms(v) + " ms"


def summary(test: SequentialTest, decision: Decision, config: CarrierConfig, elapsed_s: float,
            lang: str = "en") -> dict[str, Any]:
    """The whole result as plain data (the --json output and what apply records)."""
    carriers: dict[str, Any] = {}
    for c in config.carriers:
        st = test.stats[c.id]
        lost, tried = test._loss(c.id)
        carriers[c.id] = {
            "name": c.name(lang), "resolvers": [str(r) for r in c.resolvers], "service_host": c.service_host,
            "service_port": c.service_port, "answers": st.answers,
            "dns_ms": {"p50": quantile(st.dns_ms, 0.5), "p90": quantile(st.dns_ms, 0.9)},
            "dns_loss": {"lost": st.dns_lost, "of": st.rounds,
                         "ci95": [round(x, 3) for x in wilson(st.dns_lost, st.rounds, 0.95)]},
            "tcp_ms": {"p50": quantile(st.tcp_ms, 0.5), "p90": quantile(st.tcp_ms, 0.9)},
            "tcp_loss": {"lost": st.tcp_lost, "of": st.tcp_tried,
                         "ci95": [round(x, 3) for x in wilson(st.tcp_lost, st.tcp_tried, 0.95)]},
            "probes_lost": {"lost": lost, "of": tried},
            "paired_wins": st.wins, "rounds_other_lost": st.walkovers, "unusable": st.unusable,
            "errors": st.errors,
            "series_ms": [None if v is None else round(v, 2) for v in st.series],
        }
    return {
        "chosen": decision.chosen, "outcome": decision.outcome, "reason": decision.reason,
        "detail": decision.detail, "rounds": decision.rounds, "paired_rounds": test.paired,
        "elapsed_s": round(elapsed_s, 2), "current": test.current,
        "llr": [round(x, 3) for x in decision.llr], "llr_bound": round(test.upper, 3),
        "carriers": carriers, "verdict": verdict(test, decision, config, elapsed_s, lang),
        "config": config.source, "example_config": config.example,
    }


def verdict(test: SequentialTest, decision: Decision, config: CarrierConfig, elapsed_s: float, lang: str) -> str:
    """The one-line verdict in plain words."""
    if decision.chosen is None:
        why = i18n.SEPARATOR[lang].join(f"{c.name(lang)}: {unusable_text(test.stats[c.id].unusable, lang)}"
                                        for c in config.carriers)
        return i18n.t("carrier.verdict.none", lang, why=why)
    me = decision.chosen
    other = config.ids[1] if me == config.ids[0] else config.ids[0]
    sm, so = test.stats[me], test.stats[other]
    lm, lo = test._loss(me), test._loss(other)
    params = {
        "name": config.carrier(me).name(lang), "m1": _with_ms(quantile(sm.tcp_ms, 0.5)),
        "m2": _with_ms(quantile(so.tcp_ms, 0.5)), "w": sm.wins, "p": test.paired,
        "l1": f"{lm[0]}/{lm[1]}", "l2": f"{lo[0]}/{lo[1]}", "n": decision.rounds, "s": f"{elapsed_s:.1f}",
    }
    if decision.outcome == "keep":
        return i18n.t("carrier.verdict.keep", lang, **params)
    if decision.reason == "tie":  # no current carrier to keep: said as what it is, a pick by cost
        return i18n.t("carrier.verdict.tie_pick", lang, **params)
    why = i18n.t(f"carrier.why.{decision.reason}", lang, a=f"{config.decide.alpha:g}",
                 detail=detail_text(decision.reason, decision.detail, lang))
    return i18n.t("carrier.verdict.pick", lang, why=why, **params)


def sparkline(series: list[float | None]) -> str:
    """Per-round times on a log scale; a loss is ✕."""
    values = [v for v in series if v is not None and v > 0]
    if not values:
        return "✕" * len(series)
    lo, hi = math.log(min(values)), math.log(max(values))
    span = hi - lo or 1.0
    out = []
    for v in series:
        if v is None or v <= 0:
            out.append("✕")
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, int((math.log(v) - lo) / span * len(SPARKS)))])
    return "".join(out)


def table(data: dict[str, Any], lang: str) -> str:
    """The text table, one row per carrier, then a sparkline per carrier."""
    head = i18n.t("carrier.head", lang).split("|")
    rows = [head]
    for cid, c in data["carriers"].items():
        if c["unusable"]:
            status = i18n.t("carrier.status.unusable", lang, why=unusable_text(c["unusable"], lang))
        elif cid == data["chosen"]:
            key = ("carrier.status.kept" if data["outcome"] == "keep" else
                   "carrier.status.tie_pick" if data["reason"] == "tie" else "carrier.status.chosen")
            status = i18n.t(key, lang, reason=i18n.t(f"carrier.reason.{data['reason']}", lang))
        else:
            status = i18n.t("carrier.status.other", lang)
        rows.append([
            c["name"], ",".join(c["resolvers"]), ",".join(c["answers"]) or "-",
            f"{_ms(c['dns_ms']['p50'])}/{_ms(c['dns_ms']['p90'])}", f"{c['dns_loss']['lost']}/{c['dns_loss']['of']}",
            f"{_ms(c['tcp_ms']['p50'])}/{_ms(c['tcp_ms']['p90'])}", f"{c['tcp_loss']['lost']}/{c['tcp_loss']['of']}",
            str(c["paired_wins"]), status,
        ])
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(r)).rstrip() for r in rows]
    name_w = max(display_width(c["name"]) for c in data["carriers"].values())
    for c in data["carriers"].values():
        lines.append(f"{c['name']}{' ' * (name_w - display_width(c['name']))}  {i18n.t('carrier.tcp_ms', lang)} "
                     f"{sparkline(c['series_ms'])}")
    return "\n".join(lines)


def svg_plot(data: dict[str, Any], width: int = 640, height: int = 220) -> str:
    """Per-round TCP times of both carriers (log scale), losses as ✕ at the top."""
    colours = ("#1f77b4", "#d62728")
    values = [v for c in data["carriers"].values() for v in c["series_ms"] if v]
    lo = math.log(min(values)) if values else 0.0
    hi = math.log(max(values)) if values else 1.0
    span = hi - lo or 1.0
    n = max((len(c["series_ms"]) for c in data["carriers"].values()), default=1)
    pad = 30

    def x(i: int) -> float:
        return pad + i * (width - 2 * pad) / max(1, n - 1)

    def y(v: float) -> float:
        return height - pad - (math.log(v) - lo) / span * (height - 2 * pad - 12)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
             f'<rect width="{width}" height="{height}" fill="#fff" stroke="#ccc"/>']
    for k, (cid, c) in enumerate(data["carriers"].items()):
        pts = [f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(c["series_ms"]) if v]
        if pts:
            parts.append(f'<polyline fill="none" stroke="{colours[k]}" stroke-width="1.5" points="{" ".join(pts)}"/>')
        for i, v in enumerate(c["series_ms"]):
            if not v:
                parts.append(f'<text x="{x(i):.1f}" y="{pad - 4 + 10 * k}" fill="{colours[k]}" font-size="10" '
                             f'text-anchor="middle">✕</text>')
        parts.append(f'<text x="{pad + 160 * k}" y="{height - 8}" fill="{colours[k]}" font-size="12">'
                     f"{html.escape(c['name'])} ({html.escape(cid)})</text>")
    if values:
        parts.append(f'<text x="4" y="{y(max(values)):.1f}" font-size="10">{max(values):.0f}</text>')
        parts.append(f'<text x="4" y="{y(min(values)):.1f}" font-size="10">{min(values):.0f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def html_page(data: dict[str, Any], lang: str) -> str:
    """A self-contained HTML report: verdict, table and the SVG plot."""
    head = i18n.t("carrier.head", lang).split("|")
    rows = []
    for c in data["carriers"].values():
        cells = [c["name"], ", ".join(c["resolvers"]), ", ".join(c["answers"]) or "-",
                 f"{_ms(c['dns_ms']['p50'])}/{_ms(c['dns_ms']['p90'])}",
                 f"{c['dns_loss']['lost']}/{c['dns_loss']['of']}",
                 f"{_ms(c['tcp_ms']['p50'])}/{_ms(c['tcp_ms']['p90'])}",
                 f"{c['tcp_loss']['lost']}/{c['tcp_loss']['of']}", str(c["paired_wins"]),
                 unusable_text(c["unusable"], lang) if c["unusable"] else ""]
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in cells) + "</tr>")
    title = html.escape(i18n.t("carrier.html.title", lang))
    reason = i18n.t(f"carrier.reason.{data['reason']}", lang)
    shown = detail_text(data["reason"], data["detail"], lang)
    rounds = i18n.t("carrier.html.rounds", lang, rounds=data["rounds"], paired=data["paired_rounds"],
                    s=data["elapsed_s"], reason=f"{reason}{' – ' + shown if shown else ''}")
    return (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>body{{font-family:{FONTS};margin:2em}}"
            "td,th{border:1px solid #ccc;padding:4px 8px}table{border-collapse:collapse}</style></head><body>"
            f"<h1>{title}</h1><p><strong>{html.escape(data['verdict'])}</strong></p>"
            "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>"
            + "".join(rows) + "</table>" + f"<h2>{html.escape(i18n.t('carrier.html.plot', lang))}</h2>"
            + svg_plot(data) + f"<p>{html.escape(rounds)}</p></body></html>")
