"""``qpfleet dispatch calendar import-notice FILE|- [--write] [--json]``: the State Council notice into the calendar.

Reads each notice (a text file, ``-`` for standard input, or an HTML page saved from gov.cn), prints
the holidays and make-up working days it states, checks them against the calendar data and, with
``--write``, merges them into the override file with the notice (title and date) as the source.
Bad input — a text that is not a notice, a make-up day on a weekday, a notice that disagrees with
the data of its year — is one line per sentence at fault, exit 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from checks.i18n import Msg, add, h

MAX_NOTICE_BYTES = 2 * 1024 * 1024  # a saved gov.cn page is about 100 KiB


add({
    "help.dispatch.notice": {"zh": "读入国务院办公厅节假日安排通知（国务院办公厅关于YYYY年部分节假日安排的通知）",
                             "en": "read a State Council holiday notice (the year's public holidays and make-up "
                                   "working days)"},
    "help.dispatch.notice.description": {
        "zh": "读入国务院节假日安排通知的全文，列出其中的放假日和调休上班日，与现有日历数据核对，加 --write 写入工作日调整文件。",
        "en": "Read the text of a State Council holiday notice, print what it states, check it against the calendar "
              "data, and with --write add it to the override file."},
    "help.dispatch.notice.files": {"zh": "通知全文（UTF-8、GB18030 或 UTF-16 文本，或从 gov.cn 保存的网页）；- 表示从标准输入读；"
                                         "某年的调整通知放在该年通知之后",
                                   "en": "the notice as text (UTF-8, GB18030 or UTF-16) or a saved gov.cn page; - reads "
                                         "standard input; give a year's adjustments after its notice"},
    "help.dispatch.notice.write": {"zh": "写入工作日调整文件（--calendar）", "en": "merge the days into the override file "
                                   "(--calendar)"},
    "help.dispatch.calendar_cmd2": {"zh": "显示工作日及官方数据覆盖到哪一天；import-notice 读入国务院节假日通知",
                                    "en": "working days and how far the data reaches; import-notice reads the State "
                                          "Council holiday notice"},
})


def register(csub: Any, common: argparse.ArgumentParser) -> None:
    p = csub.add_parser("import-notice", parents=[common], help=h("help.dispatch.notice"),
                        description=h("help.dispatch.notice.description"))
    p.add_argument("files", nargs="+", metavar="FILE|-", help=h("help.dispatch.notice.files"))
    p.add_argument("--write", action="store_true", help=h("help.dispatch.notice.write"))
    p.set_defaults(func=handle_import_notice)


def read_notice(name: str) -> str:
    """The text of one notice file (or standard input), bounded, in any of the encodings a paste ends up in."""
    from checks.errors import InputError
    from checks.textio import decode_utf8, read_bytes, read_stream

    raw = (read_stream(sys.stdin.buffer, MAX_NOTICE_BYTES, what="notice") if name == "-"
           else read_bytes(name, MAX_NOTICE_BYTES, what="notice"))
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(Msg("dispatch.err.notice_utf16"), where=name) from None
    try:
        return decode_utf8(raw, name, what="notice")
    except InputError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(Msg("dispatch.err.notice_encoding"), where=name) from None
        print(f"qpfleet: {h('cli.note')}: {h('dispatch.note.gb18030', name=name)}", file=sys.stderr)
        return text


def handle_import_notice(args: argparse.Namespace) -> int:
    from checks.errors import ValidationErrors
    from checks.i18n import t
    from checks.textio import read_bytes
    from provisioning.dispatch.calendar import overrides_path
    from provisioning.dispatch.commands import context, emit_json
    from provisioning.dispatch.notice import NoticeInvalid, Problem, parse_notice
    from provisioning.dispatch.notice_merge import apply, plan_merge, write_merge
    from provisioning.dispatch.reasons import reason

    path = overrides_path(args.calendar)
    before = read_bytes(path, what="calendar override file") if path.exists() else None
    ctx = context(args, warn=False)
    lang = ctx.lang
    notices, lines, names = [], [], {}
    for name in args.files:
        try:
            notice = parse_notice(read_notice(name))
        except NoticeInvalid as exc:
            lines += [p.text(name, lang) for p in exc.problems]
            continue
        names[id(notice)] = name
        notices.append(notice)
    if lines:
        raise ValidationErrors(lines, what="the notice")
    calendar = ctx.calendar
    plans = []
    for year in sorted({n.year for n in notices}):
        group = [n for n in notices if n.year == year]
        plan = plan_merge(group, calendar)
        if plan.problems:
            name = names[id(group[0])] if len(group) == 1 else ",".join(names[id(n)] for n in group)
            lines += [p.text(name, lang) for p in plan.problems]
            continue
        calendar = apply(calendar, plan)
        plans.append(plan)
    if lines:
        raise ValidationErrors(lines, what="the notice")
    changed = any(p.entries or p.official for p in plans)
    if args.write and changed:
        undated = [n for n in notices if n.issued is None]
        if undated:
            raise ValidationErrors([Problem(1, n.title, reason("notice.err.no_issued")).text(names[id(n)], lang)
                                    for n in undated], what="the notice")
        write_merge(path, before, calendar)
    if args.json:
        emit_json({"notices": [_notice_json(n) for n in notices],
                   "years": [_plan_json(p) for p in plans],
                   "file": str(path), "written": bool(args.write and changed)})
        return 0
    for n in notices:
        _print_notice(n, lang)
    for p in plans:
        new_days = len(p.entries)
        if args.write and (p.entries or p.official):
            what = t("notice.status.official", lang, year=p.year) if p.official else ""
            print(t("notice.status.written", lang, file=path, what=what, n=new_days))
        elif p.status == "new":
            print(t("notice.status.new", lang, year=p.year, file=path, n=new_days))
        elif p.status == "changes":
            print(t("notice.status.additions", lang, n=new_days, file=path))
        elif p.status == "present":
            print(t("notice.status.present", lang, file=path))
        else:
            print(t("notice.status.agrees", lang, source=p.source))
    return 0


def _names(festivals: tuple[str, ...], lang: str) -> str:
    from checks.i18n import t

    return ("、" if lang == "zh" else ", ").join(t(f"festival.{f}", lang) for f in festivals)


def _print_notice(n: Any, lang: str) -> None:
    from checks.i18n import t
    from checks.textio import safe_text

    def wd(d: Any) -> str:
        return t(f"weekday.{d.weekday()}", lang)

    print(t("notice.head", lang, title=safe_text(n.title), issued=n.issued or "?", year=n.year))
    print(t("notice.holidays", lang))
    for hol in n.holidays:
        name = _names(hol.festivals, lang) or safe_text(hol.header)
        first, last = hol.days[0], hol.days[-1]
        if first == last:
            print(t("notice.holiday1", lang, name=name, first=first, wd1=wd(first)))
        else:
            print(t("notice.holiday", lang, name=name, first=first, wd1=wd(first), last=last, wd2=wd(last),
                    n=(last - first).days + 1))
    print(t("notice.workdays", lang))
    if not n.workdays:
        print(t("notice.none", lang))
    for w in n.workdays:
        print(t("notice.workday", lang, day=w.day, wd=wd(w.day), name=_names(w.festivals, lang)))


def _notice_json(n: Any) -> dict[str, Any]:
    return {"title": n.title, "year": n.year, "issued": n.issued.isoformat() if n.issued else None, "kind": n.kind,
            "festivals": list(n.festivals),
            "holidays": [{"festivals": list(h.festivals), "header": h.header, "first": h.days[0].isoformat(),
                          "last": h.days[-1].isoformat(), "days": [d.isoformat() for d in h.days]}
                         for h in n.holidays],
            "workdays": [{"date": w.day.isoformat(), "festivals": list(w.festivals), "header": w.header}
                         for w in n.workdays]}


def _plan_json(p: Any) -> dict[str, Any]:
    return {"year": p.year, "status": p.status, "data_source": p.source,
            "official_year": {"year": p.official[0], "source": p.official[1]} if p.official else None,
            "entries": [{"date": e.day.isoformat(), "kind": "work" if e.work else "rest", "source": e.source,
                         "note": e.note} for e in p.entries]}
