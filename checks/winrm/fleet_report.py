"""Reports of a remote preflight: a table per host, JSON, and JUnit XML (reusing :mod:`checks.report`).

Hosts that were judged carry the full report of :func:`checks.report.to_dict`; hosts that were not
reached carry their result and reason. No password ever appears here: targets keep it out of repr.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from checks.i18n import render, t
from checks.report import display_width, pad, render_junit, to_dict
from checks.textio import safe_text, xml_text
from checks.winrm.fleet import HostResult


def host_json(r: HostResult, lang: str) -> dict[str, Any]:
    """One host: name, endpoint, result, reason, seconds and (when judged) the report."""
    reason = render(r.outcome.reason, lang) if r.outcome.reason is not None else None
    out: dict[str, Any] = {"host": r.name, "endpoint": r.outcome.target.endpoint, "result": r.result,
                           "reason": reason, "seconds": round(r.outcome.seconds, 3)}
    if r.judgement is not None and r.outcome.facts is not None:
        out["report"] = to_dict(r.judgement, r.outcome.facts, lang)
    return out


def render_fleet_json(results: list[HostResult], profile: str, problems: list[str], lang: str) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.result] = counts.get(r.result, 0) + 1
    return {"profile": profile, "counts": counts, "input_problems": problems,
            "hosts": [host_json(r, lang) for r in results]}


def render_fleet_table(results: list[HostResult], lang: str) -> str:
    """One line per host: name, result, and the first reason (failed must-rules or the error)."""
    width = max([display_width(safe_text(r.name)) for r in results] + [4])
    label_w = max(display_width(t(f"preflight.result.{r.result}", lang)) for r in results) if results else 8
    lines = []
    counts: dict[str, int] = {}
    for r in results:
        counts[r.result] = counts.get(r.result, 0) + 1
        label = t(f"preflight.result.{r.result}", lang)
        if r.judgement is not None:
            bad = [c for c in r.judgement.checks if c.level == "must" and c.status in ("fail", "unknown")]
            detail = "; ".join(f"{c.id}: {t(c.message, lang, **c.params)}" for c in bad[:3])
        else:
            detail = render(r.outcome.reason, lang) if r.outcome.reason is not None else ""
        lines.append(f"{pad(safe_text(r.name), width)}  {pad(label, label_w)}  {safe_text(detail)}".rstrip())
    summary = ", ".join(f"{t(f'preflight.result.{k}', lang)} {v}" for k, v in sorted(counts.items()))
    lines.append(t("preflight.summary", lang, total=len(results), counts=summary))
    return "\n".join(lines) + "\n"


def render_fleet_junit(results: list[HostResult], lang: str) -> str:
    """JUnit XML: judged hosts as :func:`checks.report.render_junit` writes them; the others as one error each."""
    judged = [(r.judgement, r.outcome.facts) for r in results if r.judgement is not None and r.outcome.facts]
    root = ET.fromstring(render_junit(judged, lang))  # noqa: S314 - our own XML if judged else ET.Element("testsuites", name="qpfleet preflight")
    for r in results:
        if r.judgement is not None:
            continue
        suite = ET.SubElement(root, "testsuite", name=xml_text(r.name), tests="1", failures="0", errors="1",
                              skipped="0")
        case = ET.SubElement(suite, "testcase", classname=xml_text(f"{r.name}.winrm"), name="reach")
        ET.SubElement(case, "error", message=t(f"preflight.result.{r.result}", lang), type=r.result).text = \
            xml_text(render(r.outcome.reason, lang) if r.outcome.reason is not None else r.result)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
