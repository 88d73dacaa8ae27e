"""Collectors gather the facts of a terminal: locally (Linux sysfs/psutil, Windows WSH), remotely, or from a file."""

from __future__ import annotations

import sys

from checks.facts import Facts
from checks.i18n import Msg, add
from checks.profile import Profile

add({"collector.err.windows": {"zh": "无法使用Windows检测脚本（通过 cscript 运行 collect_facts.js）",
                               "en": "the Windows collector (collect_facts.js through cscript) is not available"}})


def probe_paths(profile: Profile) -> list[str]:
    """Folders a collector looks for: the old vendor's and the road-port system's install folders."""
    paths: list[str] = []
    for rule_id in ("longda", "road_port"):
        paths += [p for p in profile.rules[rule_id].get("paths", []) if p not in paths]
    return paths


def collect_local(profile: Profile) -> Facts:
    """Collect this machine's facts with the collector for its platform (one collector per platform)."""
    if sys.platform == "win32":  # pragma: no cover - runs on Windows only
        from checks.collectors import windows

        collect = getattr(windows, "collect_via_cscript", None)
        if collect is None:
            from checks.errors import MissingDependency

            raise MissingDependency(Msg("collector.err.windows"))
        result: Facts = collect(probe_paths(profile))
        return result
    from checks.collectors import linux

    return linux.collect(paths=probe_paths(profile))
