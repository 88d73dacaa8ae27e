"""Values rendered for people: Windows language ids by name, sizes in MB/GB, times in Beijing time.

Pure: no I/O, no clock. A missing value is "未知"/"unknown", never ``None``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from checks.i18n import CATALOG, Msg, add, render, t

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


DASH = "—"
# Fields of a facts document that hold a Windows language id (LCID): shown by name.
_LCID_FIELDS = ("language_id", "install_language", "locale")
# The facts document's field names, for people (qpfleet facts, the board's terminal page).
_FIELDS = {
    "admin": "管理员", "architecture": "体系结构", "batteries": "电池", "caption": "名称", "chemistry": "电池类型",
    "code_page": "代码页", "cores": "核心数", "count": "数量", "count_kind": "计数方式", "current_clock_mhz": "当前主频 MHz",
    "display_name": "显示名称", "drive": "驱动器", "drives": "驱动器", "enabled": "已启用", "exists": "存在",
    "family": "系列", "filesystem": "文件系统", "free_bytes": "可用", "id": "标识", "identifier": "标识符",
    "install_language": "安装语言", "install_location": "安装位置", "installed_bytes": "已安装",
    "jscript": "JScript版本", "kind": "种类", "language_id": "系统语言", "local": "本机时间", "local_date": "本机日期",
    "locale": "区域设置", "logical_processors": "逻辑处理器", "manufacturer": "制造商", "max_clock_mhz": "最高主频 MHz",
    "model": "型号", "name": "名称", "namespace": "命名空间", "offset_seconds": "偏差（秒）", "os_bits": "系统位数",
    "path": "路径", "physical": "物理网卡", "publisher": "发布者", "reference_utc": "参考时间（UTC）",
    "registry_mhz": "注册表主频 MHz", "rtt_seconds": "往返（秒）", "script_bits": "脚本位数", "server": "时间服务器",
    "service_pack": "服务包", "shanghai_date": "北京日期", "source": "来源", "state": "状态",
    "system_drive": "系统盘", "total_bytes": "总容量", "type": "类型", "types": "类型代码", "tz_name": "时区",
    "up_to_date": "已更新", "usable_bytes": "可用内存", "user": "用户", "utc_offset_minutes": "UTC偏移（分钟）",
    "version": "版本", "virtual": "虚拟", "wmi_name": "WMI名称",
}
add({f"fact.{k}": {"zh": zh, "en": k} for k, zh in _FIELDS.items()})
add({
    "fact.many": {"zh": "共 {n} 项：{first}…", "en": "{n} in all: {first}, …"},
})
_PUNCT = {"zh": ("：", "；", "，", "、", "（", "）"), "en": (": ", "; ", ", ", ", ", "(", ")")}
_LIST_SHOWN = 5  # a longer list of named items (programs, services) is shown as its count and first names


def fact_value(value: Any, lang: str = "en", depth: int = 0, limit: int = 400) -> str:
    """A probe's value in one line for people (``qpfleet facts``, the board's terminal page): field names
    in the user's language, ``*_bytes`` as MB/GB, language ids by name, yes/no as ✓/✗, nothing as "—"
    (never ``None``/``null``), a long list of programs as its count and first names; text longer than
    ``limit`` cut with "…"."""
    colon, semi, comma, enum, opening, closing = _PUNCT["zh" if lang == "zh" else "en"]
    if value is None:
        text = DASH
    elif isinstance(value, bool):
        text = "✓" if value else "✗"
    elif isinstance(value, dict):
        parts = []
        for k, v in value.items():
            if k.endswith("_bytes") and v is not None:
                shown = size(v, lang)
            elif k in _LCID_FIELDS and v is not None:
                shown = language_name(v, lang)
            else:
                shown = fact_value(v, lang, depth + 1, limit)
            label = t(f"fact.{k}", lang) if f"fact.{k}" in CATALOG else str(k)
            parts.append(f"{label}{colon}{shown}")
        text = semi.join(parts)
        text = f"{opening}{text}{closing}" if depth else text
    elif isinstance(value, list):
        named: list[str] = [v["name"] for v in value if isinstance(v, dict) and isinstance(v.get("name"), str)]
        if len(value) > _LIST_SHOWN and len(named) == len(value):
            text = t("fact.many", lang, n=len(value), first=enum.join(named[:_LIST_SHOWN]))
        else:
            text = comma.join(fact_value(v, lang, depth + 1, limit) for v in value) if value else DASH
    else:
        text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


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
