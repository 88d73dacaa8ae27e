"""Find words of the wrong language in what qpfleet shows: English in a Chinese run, Chinese in an English one.

Chinese output may hold English only as names (QP, WinRM, Windows ... below), code (options, file
names, paths, identifiers, placeholders in capitals), the data it was given (an enterprise's name, a
CPU's name string) and technical detail marked as such after a Chinese explanation
(``（详情：…）``). Anything else in English of three or more words in a row is a finding.
English output may hold Chinese only as data and as the names of things that are Chinese (大写 amounts).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Names and units that stay as they are in Chinese text (matched as whole words, case-sensitive).
NAMES = frozenset("""
QP QuickPass WinRM NTP SNTP DNS Windows SMBIOS USB UPS BIOS CPU IC PC HTTP HTTPS NTLM Kerberos CredSSP JSON CSV
HTML XML JUnit YAML SQLite WMI WSH XP SP1 SP2 SP3 Server Vista Microsoft Excel iCalendar UTF BOM UTC GB MB KB
GHz MHz ms P4 Core Pentium Celeron Xeon Athlon Intel AMD Ansible AWX cscript cmd exe Wine Chromium Linux Debian
Netcom Telecom Longda E-Port China Security Center Internet SLA ICS VPN WAN URL IP TCP UDP IPv4 IPv6 PowerShell
speedtest-cli dnspython psutil A4 YaHei SimSun Noto CJK OK fen
""".split())

# Single English words that must never stand in Chinese text, though shorter than a run: weekday names
# (the board's Thu/Fri), Python's None, status words in capitals that code-like capitals would hide.
FORBIDDEN = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                       r"Sunday|None|null|True|False|ESTIMATED|PASS|FAIL|WARN|UNKNOWN|INSTALL|NOT INSTALLED)\b")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u3003\u3008-\u3011\uff01-\uff1f]")
# Chinese things English text may name: capital-numeral amounts (壹仟伍佰元整) are what a receipt must show.
CAPITAL = re.compile(r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+")
DETAIL = re.compile(r"（详情：[^）]*）")
JSON = re.compile(r"[\[{]\"[^\n]*")  # JSON (a raw value shown to an engineer), to the end of the line
CODE = re.compile(
    r"<[^>\n]+>"                      # placeholders <like this>
    r"|'[\w.-]+'"                     # quoted names of choices ('selfcheck', 'per-visit')
    r"|\{[^}\n]*\}"                   # choices {zh,en}
    r"|https?://\S+"                  # addresses
    r"|(?<![\w-])--?[A-Za-z][\w-]*"   # options
    r"|\$\w+"                         # environment variables
    r"|\S*[/\\|]\S*"                  # paths, alternatives (a|b)
    r"|\w+(?:\.\w+)+"                 # file names, dotted names, versions
    r"|\w+(?:,\w+)+"                  # value lists (maintenance,install)
    r"|\w*_\w*"                       # identifiers
    r"|\b[A-Z][A-Z0-9]+\b"            # capitals: placeholders (FILE, HOST) and acronyms
    r"|\b[\w-]*\d[\w-]*"               # tokens with digits (3000MHz, ht-qp01, E01)
    r"|\b(?:qpfleet|ansible-inventory|ansible-playbook|pip install)(?: -?[a-z][\w-]*)*"  # commands named
)
WORD = r"[A-Za-z]+(?:'[a-z]+)?"
RUN = re.compile(rf"{WORD}(?:[ \t,;:'\"()\-]+{WORD}){{2,}}")


def string_leaves(data: Any, skip: frozenset[str] = frozenset({"error", "errors", "unread"})) -> Iterable[str]:
    """Every string in a JSON/YAML document (values and keys), except under keys in ``skip``."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if str(key) in skip:
                continue
            yield str(key)
            yield from string_leaves(value, skip)
    elif isinstance(data, list):
        for item in data:
            yield from string_leaves(item, skip)


def data_strings(paths: Iterable[Path]) -> list[str]:
    """The strings of input files (facts JSON, registry YAML, CSV cells): data, not words of qpfleet."""
    import yaml

    found: set[str] = set()
    for path in paths:
        text = path.read_text("utf-8-sig")
        if path.suffix == ".json":
            found.update(string_leaves(json.loads(text)))
        elif path.suffix in (".yml", ".yaml"):
            found.update(string_leaves(yaml.safe_load(text)))
        else:
            found.update(cell.strip() for line in text.splitlines() for cell in line.split(","))
    # long first, so a name is masked whole before any part of it; tiny strings would mask words
    return sorted((s for s in found if len(s.strip()) >= 3), key=len, reverse=True)


def _mask(text: str, data: Iterable[str]) -> str:
    for item in data:
        if item in text:
            text = text.replace(item, " ¦ ")
    return text


def english_runs(text: str, data: Iterable[str] = ()) -> list[str]:
    """Runs of three or more English words in ``text`` that are not names, code, data or marked detail;
    each finding is the line it is on (as printed)."""
    found = []
    for line in text.splitlines():
        clean = JSON.sub(" ", DETAIL.sub(" ¦ ", _mask(line, data)))
        if FORBIDDEN.search(clean):
            found.append(line.strip())
            continue
        clean = CODE.sub(" ", clean)
        clean = re.sub(r"[A-Za-z][\w+-]*", lambda m: "" if m.group(0) in NAMES else m.group(0), clean)
        if RUN.search(clean):
            found.append(line.strip())
    return found


def chinese_chars(text: str, data: Iterable[str] = ()) -> list[str]:
    """Lines of ``text`` with Chinese characters that are not data or capital-numeral amounts."""
    found = []
    for line in _mask(text, data).splitlines():
        rest = CAPITAL.sub("", line)
        if CJK.search(rest):
            found.append(line.strip())
    return found
