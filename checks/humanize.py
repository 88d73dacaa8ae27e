"""Values rendered for people: Windows language ids by name, sizes in MB/GB, times in Beijing time.

Pure: no I/O, no clock. A missing value is "未知"/"unknown", never ``None``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from checks.i18n import Msg, add, render, t

MIB = 1024 * 1024


@cache
def shanghai() -> dt.tzinfo:
    """Asia/Shanghai (zoneinfo is loaded on first use: the self-check's start-up need not pay for it)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")

# Windows language ids (LCID) a terminal here may report: zh name, en name.
_LCID = {
    2052: ("简体中文", "Simplified Chinese"),
    4100: ("简体中文（新加坡）", "Simplified Chinese (Singapore)"),
    1028: ("繁体中文（台湾）", "Traditional Chinese (Taiwan)"),
    3076: ("繁体中文（香港）", "Traditional Chinese (Hong Kong)"),
    5124: ("繁体中文（澳门）", "Traditional Chinese (Macao)"),
    1033: ("英语（美国）", "English (United States)"),
    2057: ("英语（英国）", "English (United Kingdom)"),
    1041: ("日语", "Japanese"),
    1042: ("韩语", "Korean"),
    1031: ("德语", "German"),
    1036: ("法语", "French"),
    1049: ("俄语", "Russian"),
    3082: ("西班牙语", "Spanish"),
}

add({f"lcid.{lcid}": {"zh": zh, "en": en} for lcid, (zh, en) in _LCID.items()})
add({
    "value.lcid": {"zh": "{name} ({id})", "en": "{name} ({id})"},
    "value.lcid_other": {"zh": "语言代码 {id}", "en": "language id {id}"},
    "value.beijing_time": {"zh": "{time}（北京时间）", "en": "{time} (Beijing time)"},
    "value.local_time": {"zh": "{time}（UTC{offset}）", "en": "{time} (UTC{offset})"},
})


def language_msg(lcid: Any) -> Msg | str | None:
    """A Windows language id as a catalogue text: 2052 -> 简体中文 (2052) / Simplified Chinese (2052);
    "0804" (the registry's hex) the same; None when there is none (shown as 未知 / unknown)."""
    if isinstance(lcid, str):
        try:
            lcid = int(lcid.strip(), 16)
        except ValueError:
            return lcid.strip() or None
    if not isinstance(lcid, int) or isinstance(lcid, bool):
        return None
    if lcid not in _LCID:
        return Msg("value.lcid_other", id=lcid)
    return Msg("value.lcid", name=Msg(f"lcid.{lcid}"), id=lcid)


def language_name(lcid: Any, lang: str) -> str:
    """A Windows language id for people: 2052 -> "简体中文 (2052)"; "0804" (registry hex) the same."""
    return render(language_msg(lcid), lang)


def size(n: Any, lang: str = "en") -> str:
    """Bytes for people: "512 MB", "6.4 GB" (1 GB = 1024 MB, as Windows shows them)."""
    if not isinstance(n, int | float) or isinstance(n, bool) or n < 0:
        return t("value.unknown", lang)
    if n >= 1024 * MIB:
        return f"{n / (1024 * MIB):.1f} GB"
    return f"{n / MIB:.0f} MB"


def beijing(when: dt.datetime | str | None, lang: str, seconds: bool = False) -> str:
    """An aware time (or ISO text with an offset) as Beijing time: "2026-12-01 18:00（北京时间）"."""
    if isinstance(when, str):
        try:
            when = dt.datetime.fromisoformat(when)
        except ValueError:
            return str(when)
    if when is None:
        return t("value.unknown", lang)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)  # the store keeps UTC
    local = when.astimezone(shanghai())
    return t("value.beijing_time", lang, time=local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"))


def collected(collected_at: dict[str, Any], lang: str) -> str:
    """When a terminal's facts were collected, from its local time and UTC offset, for people."""
    local, offset = collected_at.get("local"), collected_at.get("utc_offset_minutes")
    if not isinstance(local, str):
        return t("value.unknown", lang)
    try:
        when = dt.datetime.fromisoformat(local)
    except ValueError:
        return local
    if when.tzinfo is None and isinstance(offset, int) and not isinstance(offset, bool):
        when = when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=offset)))
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M")
    if when.utcoffset() == dt.timedelta(hours=8):
        return beijing(when, lang)
    total = int((when.utcoffset() or dt.timedelta()).total_seconds() // 60)
    return t("value.local_time", lang, time=when.strftime("%Y-%m-%d %H:%M"),
             offset=f"{total / 60:+g}")
