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
from checks.humanize import collected
from checks.i18n import Msg, add, detail, render, t
from checks.next_steps import ServicePoint, next_steps
from checks.rules import FAIL, PASS, UNKNOWN, WARN, Check, Judgement
from checks.textio import safe_text, xml_text

_MARKS = {PASS: "✔", WARN: "!", FAIL: "✘", UNKNOWN: "?"}
_COLOURS = {PASS: "32", WARN: "33", FAIL: "31", UNKNOWN: "90"}
_VERDICT_COLOURS = {"ready": "32", "not_ready": "31", "undetermined": "33"}

add({
    "report.details": {"zh": "说明", "en": "Details"},
    "report.counts": {"zh": "共 {total} 项：{parts}", "en": "{total} items: {parts}"},
    "report.count.pass": {"zh": "通过 {n}", "en": "{n} passed"},
    "report.count.warn": {"zh": "注意 {n}", "en": "{n} to note"},
    "report.count.fail": {"zh": "不符合 {n}", "en": "{n} failed"},
    "report.count.unknown": {"zh": "无法确定 {n}", "en": "{n} undetermined"},
    "report.site": {"zh": "海关现场", "en": "Customs site"},
    "report.probe_failed": {"zh": "未能检测{what}。", "en": "Could not check the {what}."},
    "report.tech_same": {"zh": "（详情同上）", "en": "(detail as above)"},
    "report.same": {"zh": "同上", "en": "as above"},
    "report.antivirus_unknown": {"zh": "无法确定是否安装了防病毒软件。", "en": "Whether antivirus is installed could not be told."},
    "obs.av.unknown_short": {"zh": "安全中心无法读取；没有找到已知厂商的防病毒软件",
                             "en": "Security Center unreadable; no known vendor installed"},
    "report.junit": {"zh": "{message} | 检测到：{observed} | 要求：{required}",
                     "en": "{message} | observed: {observed} | required: {required}"},
})


# messages whose {why} (the collector's own words) the HTML page shows apart, in small type
_SHORT = {"probe_failed": "report.probe_failed", "antivirus.unknown": "report.antivirus_unknown"}


def counts(j: Judgement) -> dict[str, int]:
    """How many checks ended in each status (pass, warn, fail, unknown)."""
    return {s: sum(c.status == s for c in j.checks) for s in (PASS, WARN, FAIL, UNKNOWN)}


def counts_line(j: Judgement, lang: str) -> str:
    """"共 13 项：通过 11、不符合 1、无法确定 1" (statuses with none left out)."""
    n = counts(j)
    sep = "、" if lang == "zh" else ", "
    parts = sep.join(t(f"report.count.{s}", lang, n=k) for s, k in n.items() if k)
    return t("report.counts", lang, total=len(j.checks), parts=parts)


def _unknown_must(j: Judgement) -> int:
    return sum(c.status == UNKNOWN and c.level == "must" for c in j.checks)


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
        "observed": render(c.observed, lang),
        "required": render(c.required, lang),
        "message": t(c.message, lang, **c.params),
        "remedy": t(c.remedy, lang, **c.params) if c.remedy and c.status != PASS else None,
    }


def to_dict(j: Judgement, facts: Facts, lang: str = "en", carrier: dict[str, Any] | None = None,
            service: ServicePoint | None = None) -> dict[str, Any]:
    """The JSON report: verdict, counts, profile, host, checks, next steps, the facts they were judged on,
    and the carrier test if run."""
    out = {
        "verdict": j.verdict,
        "counts": counts(j),
        "profile": j.profile,
        "host": facts.host,
        "clock_source": clock_source(j, facts, lang),
        "checks": [check_json(c, lang) for c in j.checks],
        "next_steps": next_steps(j.verdict, _unknown_must(j), service, lang),
        "sub_centre": service._asdict() if service else None,
        "facts": facts.to_json(),
    }
    if carrier is not None:
        out["carrier"] = carrier
    return out


def render_json(j: Judgement, facts: Facts, lang: str = "en", carrier: dict[str, Any] | None = None,
                service: ServicePoint | None = None) -> str:
    """Compact JSON (the C encoder; a facts document may list a thousand programs). Pipe to jq to read."""
    return json.dumps(to_dict(j, facts, lang, carrier, service), ensure_ascii=False)


def display_width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


def _rule_name(c: Check, lang: str) -> str:
    return t(f"rule.{c.id}", lang) + (t(f"report.level.{c.level}", lang) if c.level != "must" else "")


def render_table(j: Judgement, facts: Facts, lang: str = "en", colour: bool = False,
                 carrier: dict[str, Any] | None = None, service: ServicePoint | None = None) -> str:
    """The terminal report an office clerk reads: a line per rule, a mark and colour per status, then
    the verdict, the counts and what to do next."""
    def paint(code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    colon = t("punct.colon", lang)
    site = f"    {t('report.site', lang)}{colon}{service.site_code} {service.site_name}" if service else ""
    lines = [paint("1", t("report.title", lang)),
             f"{t('report.host', lang)}{colon}{safe_text(facts.host)}    {t('report.profile', lang)}{colon}{safe_text(j.profile)}    "
             f"{t('report.collected', lang)}{colon}{safe_text(collected(facts.collected_at, lang))}{safe_text(site)}",
             f"{t('clock.source', lang)}{colon}{safe_text(clock_source(j, facts, lang))}", ""]
    names = {c.id: _rule_name(c, lang) for c in j.checks}
    name_w = max(display_width(n) for n in names.values()) if names else 10
    status_w = max(display_width(t(f"status.{s}", lang)) for s in (PASS, WARN, FAIL, UNKNOWN))
    for c in j.checks:
        status = t(f"status.{c.status}", lang)
        head = f"{_MARKS[c.status]} {pad(status, status_w)}"
        message = safe_text(t(c.message, lang, **c.params))   # params carry data: program names, hosts
        lines.append(f"{paint(_COLOURS[c.status], head)}  {pad(names[c.id], name_w)}  {message}")
        indent = " " * (status_w + 4 + name_w)
        lines.append(paint("90", f"{indent}{t('report.observed', lang)}{t('punct.colon', lang)}{safe_text(render(c.observed, lang))}"))
        if c.status != PASS and c.remedy:
            lines.append(f"{indent}→ {safe_text(t(c.remedy, lang, **c.params))}")
    if carrier is not None:
        lines += ["", f"{t('report.carrier', lang)}{t('punct.colon', lang)}{safe_text(carrier['verdict'])}"]
    lines += ["", paint("1;" + _VERDICT_COLOURS[j.verdict], f"== {t('verdict.' + j.verdict, lang)} =="),
              counts_line(j, lang), "", paint("1", t("next.title", lang) + t("punct.colon", lang).rstrip())]
    lines += [f"  {n}. {safe_text(step)}"
              for n, step in enumerate(next_steps(j.verdict, _unknown_must(j), service, lang), 1)]
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
            text = t("report.junit", lang, message=message, observed=x(render(c.observed, lang)),
                     required=x(render(c.required, lang)))
            if c.status == FAIL and c.level == "must":
                ET.SubElement(case, "failure", message=message, type="fail").text = text
            elif c.status == UNKNOWN and c.level == "must":
                ET.SubElement(case, "error", message=message, type="unknown").text = text
            else:
                ET.SubElement(case, "system-out").text = f"{c.status}: {text}"
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


# Fonts a Chinese Windows has (YaHei from Vista on, SimSun on every version back to 2000), then the CJK
# fonts of Linux desktops (Noto CJK, WenQuanYi). One A4 page in print: small type, tight cells.
FONTS = ('"Microsoft YaHei", "微软雅黑", SimSun, "宋体", "Noto Sans CJK SC", "Noto Sans SC", '
          '"WenQuanYi Zen Hei", "WenQuanYi Micro Hei", sans-serif')
_CSS = """
body{font-family:FONTS;margin:2em;color:#222;line-height:1.45}
h1{font-size:1.4em;margin:0 0 .3em} .meta{color:#555;margin-bottom:.6em}
.verdict{font-size:1.3em;font-weight:bold;padding:.5em 1em;border-radius:6px;margin:.6em 0 .3em}
.v-ready{background:#e6f4ea;color:#137333}.v-not_ready{background:#fce8e6;color:#a50e0e}
.v-undetermined{background:#fef7e0;color:#8a6100}
.counts{margin:0 0 .8em;color:#333}.counts b{margin-right:.2em}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3} .s{font-weight:bold;white-space:nowrap} .name{white-space:nowrap}
col.c-name{width:14%}col.c-status{width:11%}col.c-details{width:50%}col.c-req{width:25%}
.s-pass{color:#137333}.s-warn{color:#b06000}.s-fail{color:#a50e0e}.s-unknown{color:#666}
.remedy{color:#a50e0e;margin-top:.15em}.obs{color:#666;font-size:.9em;overflow-wrap:anywhere}
.req{font-size:.9em;color:#444}.tech{color:#888;font-size:.8em;overflow-wrap:anywhere}
#next{margin-top:.8em;border:2px solid #1a56a8;border-radius:6px;padding:.4em 1em}
#next h2{font-size:1.1em;margin:.2em 0;color:#1a56a8} #next ol{margin:.2em 0;padding-left:1.4em}
@page{size:A4;margin:10mm}
@media print{body{margin:0;font-size:8pt;line-height:1.25}h1{font-size:13pt}.verdict{border:2px solid #000;
padding:.3em .8em;margin:.4em 0 .2em}th,td{padding:.15em .35em}tr{break-inside:avoid}#next{break-inside:avoid}
.v-ready,.v-not_ready,.v-undetermined,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
""".replace("FONTS", FONTS)


def render_html(j: Judgement, facts: Facts, lang: str = "en", carrier: dict[str, Any] | None = None,
                service: ServicePoint | None = None) -> str:
    """One self-contained HTML page (inline CSS, no scripts) a clerk can print on one A4 page or send."""
    e = html.escape
    rows = []
    shown_why: set[str] = set()
    shown_remedies: set[str] = set()
    for c in j.checks:
        # What repeats is said once (the same cause behind many UNKNOWNs): the page stays one A4 page.
        advice = t(c.remedy, lang, **c.params) if c.status != PASS and c.remedy else ""
        remedy = ""
        if advice:
            remedy = f'<div class="remedy">→ {e(t("report.same", lang) if advice in shown_remedies else advice)}</div>'
            shown_remedies.add(advice)
        message, observed, tech = t(c.message, lang, **c.params), render(c.observed, lang), ""
        why = str(c.params.get("why", ""))
        if c.message in _SHORT and why:  # the collector's own words in small type, once
            message = t(_SHORT[c.message], lang, **c.params)
            if isinstance(c.observed, Msg) and c.observed.key == "obs.av.unknown":
                observed = t("obs.av.unknown_short", lang)
            tech = f' <span class="tech">{e(t("report.tech_same", lang) if why in shown_why else detail(lang, why).strip())}</span>'
            shown_why.add(why)
        rows.append(
            f'<tr data-rule="{e(c.id)}" data-status="{c.status}"><td class="name">{e(_rule_name(c, lang))}</td>'
            f'<td class="s s-{c.status}">{_MARKS[c.status]} {e(t("status." + c.status, lang))}</td>'
            f"<td>{e(message)}{remedy}<div class=\"obs\">{e(t('report.observed', lang) + t('punct.colon', lang))}"
            f'{e(observed)}{tech}</div></td><td class="req">{e(render(c.required, lang))}</td></tr>')
    title = t("report.title", lang)
    carrier_html = (f'<p id="carrier"><b>{e(t("report.carrier", lang) + t("punct.colon", lang).rstrip())}</b> '
                    f'{e(carrier["verdict"])}</p>'
                    if carrier is not None else "")
    n = counts(j)
    count_html = " · ".join(f'<span class="s-{s}" data-count="{s}"><b>{_MARKS[s]}</b>'
                            f'{e(t(f"report.count.{s}", lang, n=k))}</span>' for s, k in n.items())
    steps = "".join(f"<li>{e(step)}</li>" for step in next_steps(j.verdict, _unknown_must(j), service, lang))
    colon = e(t("punct.colon", lang))
    site = (f" · {e(t('report.site', lang))}{colon}{e(service.site_code)} {e(service.site_name)}" if service else "")
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8">
<title>{e(title)} – {e(facts.host)}</title><style>{_CSS}</style></head><body>
<h1>{e(title)}</h1>
<div class="meta">{e(t('report.host', lang))}{colon}<b>{e(facts.host)}</b> · {e(t('report.profile', lang))}{colon}{e(j.profile)}
 · {e(t('report.collected', lang))}{colon}{e(collected(facts.collected_at, lang))}{site}
 · <span id="clock-source">{e(t('clock.source', lang))}{colon}{e(clock_source(j, facts, lang))}</span></div>
<div class="verdict v-{j.verdict}" id="verdict" data-verdict="{j.verdict}">{e(t('verdict.' + j.verdict, lang))}</div>
<div class="counts" id="counts">{e(t('report.counts', lang, total=len(j.checks), parts=''))} {count_html}</div>
<table><colgroup><col class="c-name"><col class="c-status"><col class="c-details"><col class="c-req"></colgroup>
<thead><tr><th>{e(t('report.item', lang))}</th><th>{e(t('report.status', lang))}</th>
<th>{e(t('report.details', lang))}</th><th>{e(t('report.required', lang))}</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>{carrier_html}
<section id="next"><h2>{e(t('next.title', lang))}</h2><ol>{steps}</ol></section>
</body></html>
"""
