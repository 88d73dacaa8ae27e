"""Reports of a fleet run: a table grouped by customs site and enterprise, the fleet summary, JSON, JUnit, HTML.

Everything is rendered from the state database's records (:mod:`provisioning.state`), so the report
at the end of a run and ``qpfleet runs show`` are the same. Terminals of the run without a result
(a run stopped halfway) are listed as not run. Reasons are catalogue keys rendered in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from checks import messages  # noqa: F401  (the rules' words)
from checks.i18n import t
from checks.report import display_width, pad
from checks.textio import safe_text
from provisioning.fleet import words
from provisioning.kit import texts  # noqa: F401  (the installer's words: install.* reason keys)
from provisioning.registry import texts as _registry_texts  # noqa: F401  (reg.status.* words of gate reasons)
from provisioning.state import HostResult, Run

SHANGHAI = ZoneInfo("Asia/Shanghai")
ORDER = {"preflight": ("ready", "not_ready", "undetermined", "unreachable", "failed", "not_run"),
         "install": ("installed", "unchanged", "would_change", "refused", "failed", "unreachable", "not_run"),
         "undo": ("undone", "unchanged", "would_change", "refused", "failed", "unreachable", "not_run")}


@dataclass(frozen=True)
class Row:
    """One terminal of a run: where it is, and its result (None: not run)."""

    host: str
    site: str
    site_name: str
    enterprise: str
    enterprise_name: str
    result: HostResult | None

    @property
    def outcome(self) -> str:
        return self.result.outcome if self.result else "not_run"


def rows(run: Run, results: list[HostResult]) -> list[Row]:
    """The run's terminals (as recorded at its start) with their results, in run order."""
    action = "preflight" if run.kind == "preflight" else run.kind
    by_host = {r.host: r for r in results if r.action == action}
    out = []
    for h in run.options.get("hosts", []):
        out.append(Row(h["host"], h.get("site", ""), h.get("site_name", h.get("site", "")), h.get("enterprise", ""),
                       h.get("enterprise_name", h.get("enterprise", "")), by_host.pop(h["host"], None)))
    for r in by_host.values():            # a result of a host the run did not list (recorded by hand)
        out.append(Row(r.host, r.site, r.site, r.enterprise, r.enterprise, r))
    return out


def counts(run: Run, table: list[Row]) -> dict[str, int]:
    out = {k: 0 for k in ORDER.get(run.kind, ORDER["preflight"])}
    for row in table:
        out[row.outcome] = out.get(row.outcome, 0) + 1
    return out


def reason(row: Row, lang: str) -> str:
    """Why: the rules that did not pass (in the reader's language), or the reason key rendered."""
    r = row.result
    if r is None:
        return t("fleet.reason.not_run", lang)
    if r.checks and r.outcome in ("ready", "not_ready", "undetermined"):
        bad = [c for c in r.checks if c.get("level") == "must" and c.get("status") in ("fail", "unknown")]
        if bad:
            return "; ".join(f"{c['id']}: {t(str(c.get('message')), lang, **(c.get('params') or {}))}"
                             for c in bad[:3])
        return ""
    return t(r.reason_key, lang, **words.at_words(r.reason_params)) if r.reason_key else ""


def local_time(value: dt.datetime | None) -> str:
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if value else "—"


def duration(run: Run, now: dt.datetime) -> str:
    seconds = int(((run.finished_at or now) - run.started_at).total_seconds())
    return f"{seconds // 60}:{seconds % 60:02d}"


def header(run: Run, lang: str, now: dt.datetime) -> str:
    return t("fleet.run.header", lang, run=run.id, kind=t(f"fleet.run.kind.{run.kind}", lang),
             status=t(f"fleet.run.status.{run.status}", lang), started=local_time(run.started_at),
             seconds=duration(run, now))


def summary(run: Run, table: list[Row], lang: str) -> str:
    c = counts(run, table)
    text = "，".join if lang == "zh" else ", ".join
    parts = text(f"{t(f'fleet.outcome.{k}', lang)} {v}" for k, v in c.items() if v or k != "not_run")
    return t("fleet.summary.line", lang, total=len(table), counts=parts)


def render_table(run: Run, table: list[Row], lang: str, now: dt.datetime) -> str:
    """Sites, then enterprises, then one line per terminal: name, result, why; then the summary."""
    lines = [header(run, lang, now), ""]
    width = max([display_width(r.host) for r in table] + [8])
    label_w = max([display_width(t(f"fleet.outcome.{r.outcome}", lang)) for r in table] + [4])
    site = enterprise = None
    for row in sorted(table, key=lambda r: (r.site, r.enterprise)):
        if row.site != site:
            site, enterprise = row.site, None
            lines.append(safe_text(f"{row.site_name} ({row.site})"))
        if row.enterprise != enterprise:
            enterprise = row.enterprise
            lines.append(safe_text(f"  {row.enterprise_name} ({row.enterprise})"))
        label = t(f"fleet.outcome.{row.outcome}", lang)
        flag = " ⟳" if row.result and row.result.reboot_needed else ""
        lines.append(safe_text(f"    {pad(row.host, width)}  {pad(label, label_w)}  {reason(row, lang)}{flag}")
                     .rstrip())
    lines += ["", summary(run, table, lang)]
    return "\n".join(lines) + "\n"


def render_json(run: Run, table: list[Row], lang: str) -> dict[str, Any]:
    def host(row: Row) -> dict[str, Any]:
        r = row.result
        out: dict[str, Any] = {
            "host": row.host, "site": row.site, "site_name": row.site_name, "enterprise": row.enterprise,
            "enterprise_name": row.enterprise_name, "outcome": row.outcome, "reason": reason(row, lang),
            "verdict": r.verdict if r else None, "at": r.at.isoformat() if r else None,
            "reboot_needed": bool(r and r.reboot_needed), "detail": (r.detail if r else None) or {},
        }
        if r and r.checks:
            out["checks"] = [{"id": c.get("id"), "level": c.get("level"), "status": c.get("status"),
                              "observed": c.get("observed"),
                              "message": t(str(c.get("message")), lang, **(c.get("params") or {}))}
                             for c in r.checks]
        return out

    return {"run": run.id, "kind": run.kind, "route": run.route, "status": run.status,
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None, "retry_of": run.retry_of,
            "data_dir": run.data_dir, "target": run.target, "counts": counts(run, table),
            "hosts": [host(r) for r in table]}


def render_junit(run: Run, table: list[Row], lang: str) -> str:
    """A testsuite per terminal: judged ones a testcase per rule; the others one error (or failure) each."""
    root = ET.Element("testsuites", name=f"qpfleet {run.kind} {run.id}")
    for row in table:
        r = row.result
        checks = (r.checks or []) if r and run.kind == "preflight" else []
        suite = ET.SubElement(root, "testsuite", name=row.host, tests=str(max(1, len(checks))), skipped="0",
                              failures=str(sum(c.get("status") == "fail" and c.get("level") == "must"
                                               for c in checks)),
                              errors=str(sum(c.get("status") == "unknown" and c.get("level") == "must"
                                             for c in checks)))
        props = ET.SubElement(suite, "properties")
        for name, value in (("site", row.site), ("enterprise", row.enterprise), ("outcome", row.outcome)):
            ET.SubElement(props, "property", name=name, value=value)
        for c in checks:
            case = ET.SubElement(suite, "testcase", classname=f"{row.host}.{c.get('level')}", name=str(c.get("id")))
            message = t(str(c.get("message")), lang, **(c.get("params") or {}))
            if c.get("level") == "must" and c.get("status") == "fail":
                ET.SubElement(case, "failure", message=message, type="fail").text = f"observed: {c.get('observed')}"
            elif c.get("level") == "must" and c.get("status") == "unknown":
                ET.SubElement(case, "error", message=message, type="unknown").text = f"observed: {c.get('observed')}"
        if not checks:
            case = ET.SubElement(suite, "testcase", classname=f"{row.host}.{run.kind}", name=run.kind)
            label = t(f"fleet.outcome.{row.outcome}", lang)
            if row.outcome in ("refused", "not_ready"):
                suite.set("failures", "1")
                ET.SubElement(case, "failure", message=label, type=row.outcome).text = reason(row, lang)
            elif row.outcome not in ("installed", "unchanged", "undone", "ready", "would_change"):
                suite.set("errors", "1")
                ET.SubElement(case, "error", message=label, type=row.outcome).text = reason(row, lang)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


_CSS = """
body{font-family:"Microsoft YaHei","SimSun","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin:1.2em 0 .3em} h3{font-size:1em;margin:.8em 0 .3em;color:#444}
.meta{color:#555} .sum span{display:inline-block;margin:.2em .6em .2em 0;padding:.2em .6em;border-radius:4px;background:#eee}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f3f3f3} .o-ready,.o-installed,.o-unchanged,.o-undone{color:#137333;font-weight:bold}
.o-not_ready,.o-refused,.o-failed{color:#a50e0e;font-weight:bold} .o-undetermined,.o-unreachable,.o-not_run{color:#8a6100;font-weight:bold}
@media print{body{margin:0}}
"""


def render_html(run: Run, table: list[Row], lang: str, now: dt.datetime) -> str:
    """One self-contained page (inline CSS, no scripts): summary, then a table per enterprise."""
    e = html.escape
    kind = t(f"fleet.run.kind.{run.kind}", lang)
    parts = [f'<span class="o-{k}" data-outcome="{k}">{e(t(f"fleet.outcome.{k}", lang))} {v}</span>'
             for k, v in counts(run, table).items()]
    body: list[str] = []
    site = enterprise = None
    for row in sorted(table, key=lambda r: (r.site, r.enterprise)):
        if row.site != site:
            if enterprise is not None:
                body.append("</tbody></table>")
            site, enterprise = row.site, None
            body.append(f"<h2>{e(row.site_name)} ({e(row.site)})</h2>")
        if row.enterprise != enterprise:
            if enterprise is not None:
                body.append("</tbody></table>")
            enterprise = row.enterprise
            body.append(f"<h3>{e(row.enterprise_name)} ({e(row.enterprise)})</h3><table><thead><tr>"
                        f"<th>{e(t('fleet.col.host', lang))}</th><th>{e(t('fleet.col.result', lang))}</th>"
                        f"<th>{e(t('fleet.col.why', lang))}</th></tr></thead><tbody>")
        body.append(f'<tr data-host="{e(row.host)}" data-outcome="{row.outcome}"><td>{e(row.host)}</td>'
                    f'<td class="o-{row.outcome}">{e(t(f"fleet.outcome.{row.outcome}", lang))}</td>'
                    f"<td>{e(reason(row, lang))}</td></tr>")
    if enterprise is not None:
        body.append("</tbody></table>")
    title = t("fleet.html.title", lang, kind=kind)
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{e(title)} {e(run.id)}</title>
<style>{_CSS}</style></head><body>
<h1>{e(title)}</h1>
<p class="meta">{e(header(run, lang, now))}</p>
<p class="sum" id="summary">{''.join(parts)}</p>
{chr(10).join(body)}
</body></html>
"""
