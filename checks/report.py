"""Reports of a check: terminal table (zh/en), JSON, JUnit XML and a self-contained HTML page.

All renderers take the same :class:`checks.rules.Judgement` and facts; nothing here judges.
"""

from __future__ import annotations

import html
import json
import unicodedata
from typing import Any

from checks import messages  # noqa: F401  (registers the words)
from checks.facts import OBSERVED, Facts
from checks.i18n import t
from checks.rules import FAIL, PASS, UNKNOWN, WARN, Check, Judgement
from checks.textio import safe_text, xml_text

_MARKS = {PASS: "✔", WARN: "!", FAIL: "✘", UNKNOWN: "?"}
_COLOURS = {PASS: "32", WARN: "33", FAIL: "31", UNKNOWN: "90"}
_VERDICT_COLOURS = {"ready": "32", "not_ready": "31", "undetermined": "33"}


def clock_source(j: Judgement, facts: Facts, lang: str) -> str:
    """Where the clock reading came from, in words: an NTP server, w32tm, the checking computer, Beijing
    time typed in by a person (manual: judged with wider limits), or not measured and why."""
    p = facts.probe("clock")
    if p.status != OBSERVED or not isinstance(p.value, dict):
        return t("clock.source.none", lang, why=p.error or p.status)
    server = str(p.value.get("server") or "?")
    source = p.source or ""
    if source == "manual":
        check = next((c for c in j.checks if c.id == "clock"), None)
        margin = check.params.get("margin", "?") if check is not None else "?"
        return t("clock.source.manual", lang, margin=margin)
    if source in ("sntp", "w32tm", "evaluator"):
        return t(f"clock.source.{source}", lang, server=server)
    return t("clock.source.other", lang, source=f"{source or '?'} {server}".strip())


def check_json(c: Check, lang: str) -> dict[str, Any]:
    """One check as JSON: id, status, observed, required, message, remedy (and level)."""
    return {
        "id": c.id,
        "status": c.status,
        "level": c.level,
        "observed": c.observed,
        "required": c.required,
        "message": t(c.message, lang, **c.params),
        "remedy": t(c.remedy, lang, **c.params) if c.remedy and c.status != PASS else None,
    }


def to_dict(j: Judgement, facts: Facts, lang: str = "en", carrier: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON report: verdict, profile, host, checks, the facts they were judged on, and the carrier test if run."""
    out = {
        "verdict": j.verdict,
        "profile": j.profile,
        "host": facts.host,
        "clock_source": clock_source(j, facts, lang),
        "checks": [check_json(c, lang) for c in j.checks],
        "facts": facts.to_json(),
    }
    if carrier is not None:
        out["carrier"] = carrier
    return out


def render_json(j: Judgement, facts: Facts, lang: str = "en", carrier: dict[str, Any] | None = None) -> str:
    """Compact JSON (the C encoder; a facts document may list a thousand programs). Pipe to jq to read."""
    return json.dumps(to_dict(j, facts, lang, carrier), ensure_ascii=False)


def display_width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


def render_table(j: Judgement, facts: Facts, lang: str = "en", colour: bool = False,
                 carrier: dict[str, Any] | None = None) -> str:
    """The terminal report an office clerk reads: a line per rule, a mark and colour per status."""
    def paint(code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    lines = [paint("1", t("report.title", lang)),
             f"{t('report.host', lang)}: {safe_text(facts.host)}    {t('report.profile', lang)}: {safe_text(j.profile)}    "
             f"{t('report.collected', lang)}: {safe_text(facts.collected_at.get('local', '?'))}",
             f"{t('clock.source', lang)}: {safe_text(clock_source(j, facts, lang))}", ""]
    names = {c.id: t(f"rule.{c.id}", lang) + (t(f"report.level.{c.level}", lang) if c.level != "must" else "")
             for c in j.checks}
    name_w = max(display_width(n) for n in names.values()) if names else 10
    status_w = max(display_width(t(f"status.{s}", lang)) for s in (PASS, WARN, FAIL, UNKNOWN))
    for c in j.checks:
        status = t(f"status.{c.status}", lang)
        head = f"{_MARKS[c.status]} {pad(status, status_w)}"
        message = safe_text(t(c.message, lang, **c.params))   # params carry data: program names, hosts
        lines.append(f"{paint(_COLOURS[c.status], head)}  {pad(names[c.id], name_w)}  {message}")
        indent = " " * (status_w + 4 + name_w)
        lines.append(paint("90", f"{indent}{t('report.observed', lang)}: {safe_text(c.observed)}"))
        if c.status != PASS and c.remedy:
            lines.append(f"{indent}→ {safe_text(t(c.remedy, lang, **c.params))}")
    if carrier is not None:
        lines += ["", f"{t('report.carrier', lang)}: {safe_text(carrier['verdict'])}"]
    lines += ["", paint("1;" + _VERDICT_COLOURS[j.verdict], f"== {t('verdict.' + j.verdict, lang)} ==")]
    return "\n".join(lines) + "\n"


def render_junit(results: list[tuple[Judgement, Facts]], lang: str = "en") -> str:
    """JUnit XML: a testsuite per terminal, a testcase per rule (FAIL -> failure, UNKNOWN -> error).

    Every text from the facts passes :func:`checks.textio.xml_text`: a NUL in a program name must not make
    the whole report unreadable.
    """
    from xml.etree import ElementTree as ET  # only when a JUnit report is asked for (start-up)

    x = xml_text
    suites = ET.Element("testsuites", name="qpfleet preflight")
    for j, facts in results:
        suite = ET.SubElement(suites, "testsuite", name=x(facts.host), tests=str(len(j.checks)),
                              failures=str(sum(c.status == FAIL for c in j.checks)),
                              errors=str(sum(c.status == UNKNOWN for c in j.checks)), skipped="0")
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="verdict", value=j.verdict)
        ET.SubElement(props, "property", name="profile", value=x(j.profile))
        ET.SubElement(props, "property", name="clock_source", value=x(clock_source(j, facts, lang)))
        for c in j.checks:
            case = ET.SubElement(suite, "testcase", classname=x(f"{facts.host}.{c.level}"), name=c.id)
            message = x(t(c.message, lang, **c.params))
            text = f"{message} | observed: {x(c.observed)} | required: {x(c.required)}"
            if c.status == FAIL and c.level == "must":
                ET.SubElement(case, "failure", message=message, type="fail").text = text
            elif c.status == UNKNOWN and c.level == "must":
                ET.SubElement(case, "error", message=message, type="unknown").text = text
            else:
                ET.SubElement(case, "system-out").text = f"{c.status}: {text}"
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


_CSS = """
body{font-family:"Microsoft YaHei","SimSun","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em} .meta{color:#555;margin-bottom:1em}
.verdict{font-size:1.3em;font-weight:bold;padding:.6em 1em;border-radius:6px;margin:1em 0}
.v-ready{background:#e6f4ea;color:#137333}.v-not_ready{background:#fce8e6;color:#a50e0e}
.v-undetermined{background:#fef7e0;color:#8a6100}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #ccc;padding:.4em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3} .s{font-weight:bold;white-space:nowrap}
.s-pass{color:#137333}.s-warn{color:#b06000}.s-fail{color:#a50e0e}.s-unknown{color:#666}
.remedy{color:#a50e0e;margin-top:.2em}.obs{color:#666;font-size:.9em}
@media print{body{margin:0}.verdict{border:2px solid #000}}
"""


def render_html(j: Judgement, facts: Facts, lang: str = "en", carrier: dict[str, Any] | None = None) -> str:
    """One self-contained HTML page (inline CSS, no scripts) a clerk can print or send."""
    e = html.escape
    rows = []
    for c in j.checks:
        name = t(f"rule.{c.id}", lang) + (t(f"report.level.{c.level}", lang) if c.level != "must" else "")
        remedy = f'<div class="remedy">→ {e(t(c.remedy, lang, **c.params))}</div>' if c.status != PASS and c.remedy else ""
        rows.append(
            f'<tr data-rule="{e(c.id)}" data-status="{c.status}"><td>{e(name)}</td>'
            f'<td class="s s-{c.status}">{_MARKS[c.status]} {e(t("status." + c.status, lang))}</td>'
            f"<td>{e(t(c.message, lang, **c.params))}{remedy}<div class=\"obs\">{e(t('report.observed', lang))}: "
            f"{e(c.observed)}</div></td><td>{e(c.required)}</td></tr>")
    title = t("report.title", lang)
    carrier_html = (f'<p id="carrier"><b>{e(t("report.carrier", lang))}:</b> {e(carrier["verdict"])}</p>'
                    if carrier is not None else "")
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8">
<title>{e(title)} – {e(facts.host)}</title><style>{_CSS}</style></head><body>
<h1>{e(title)}</h1>
<div class="meta">{e(t('report.host', lang))}: <b>{e(facts.host)}</b> · {e(t('report.profile', lang))}: {e(j.profile)}
 · {e(t('report.collected', lang))}: {e(str(facts.collected_at.get('local', '?')))}
 · <span id="clock-source">{e(t('clock.source', lang))}: {e(clock_source(j, facts, lang))}</span></div>
<div class="verdict v-{j.verdict}" id="verdict" data-verdict="{j.verdict}">{e(t('verdict.' + j.verdict, lang))}</div>
<table><thead><tr><th>{e(t('report.item', lang))}</th><th>{e(t('report.status', lang))}</th><th></th>
<th>{e(t('report.required', lang))}</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>{carrier_html}</body></html>
"""
