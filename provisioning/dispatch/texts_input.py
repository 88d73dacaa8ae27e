"""Dispatch words for problems in the files and commands people give: the calendar override file, the training
configuration, engineers' leave and visit requests (registered in checks.i18n; imported by texts.py).

The English texts are the texts of record (tests and scripts search them); the Chinese say the same for a
dispatcher, with file names, field paths and values kept as they are.
"""

from __future__ import annotations

from checks.i18n import add

# The calendar override file (provisioning/dispatch/calendar.py): one problem per line, after "file:line: field".
add({
    "calendar.v.unknown_key": {"zh": "未知的键；可用：official_years、days",
                               "en": "unknown key; valid: official_years, days"},
    "calendar.v.year": {"zh": "需要 year（年份数字）和 source（来源）", "en": "needs 'year' (a number) and 'source'"},
    "calendar.v.year_source": {"zh": "必须写明通知的出处（gov.cn 网址）",
                               "en": "the notice's reference (gov.cn URL) is required"},
    "calendar.v.year_twice": {"zh": "{year} 年列出了两次", "en": "year {year} listed twice"},
    "calendar.v.day": {"zh": "需要 date（日期）、kind（work 上班或 rest 放假）和 source（来源）",
                       "en": "needs date, kind (work|rest) and source"},
    "calendar.v.kind": {"zh": "kind 的值 {kind} 无效；可选：work（上班）、rest（放假）",
                        "en": "invalid kind {kind}; valid: work, rest"},
    "calendar.v.source": {"zh": "必须写明来源（通知网址或备忘录）",
                          "en": "a source reference is required (notice URL, memo)"},
    "calendar.v.day_twice": {"zh": "{day} 列出了两次（第一次在 {first}）", "en": "{day} listed twice (first at {first})"},
    "calendar.file_missing": {"zh": "{file}（文件不存在）", "en": "{file} (not found)"},
    "calendar.estimate_ref": {"zh": "holidays 软件包按规则推算", "en": "holidays package, rule-based guess"},
    "dispatch.plan.horizon_cut": {"zh": "计划只排到 {day}：{why}", "en": "planning horizon cut after {day}: {why}"},
})

# The training configuration (provisioning/dispatch/training.py).
add({
    "training.v.order": {"zh": "结束日 {last} 早于开始日 first_day {first}", "en": "{last} is before first_day {first}"},
    "training.v.outside": {"zh": "{day} 不在 {first} 至 {last} 之间", "en": "{day} is outside {first}..{last}"},
    "training.v.days": {"zh": "days 的值 {mode} 无效；可选：{valid}，或日期列表",
                        "en": "invalid days {mode}; valid: {valid}, or a list of dates"},
    "training.v.times": {"zh": "请写出每场的开始时间，如 [\"09:30\", \"14:30\"]",
                         "en": "give the start times, e.g. [\"09:30\", \"14:30\"]"},
    "training.v.time": {"zh": "{value} 不是时刻（HH:MM）", "en": "{value} is not a time (HH:MM)"},
    "training.v.capacity": {"zh": "每场座位数必须是 1 或更大的数字", "en": "seats per session must be a number of 1 or more"},
})

# Engineers' leave and visit requests (provisioning/dispatch/ops.py).
add({
    "dispatch.err.leave_order": {"zh": "休假结束日 {last} 早于开始日 {first}", "en": "leave ends {last} before it starts {first}"},
    "dispatch.err.engineer_unknown_add": {"zh": "没有工程师 {id}：请先添加（qpfleet dispatch engineer add）",
                                          "en": "unknown engineer {id}; add it first (qpfleet dispatch engineer add)"},
    "dispatch.err.skill": {"zh": "无效的技能 {skill}；可选：{valid}", "en": "invalid skill {skill}; valid: {valid}"},
    "dispatch.err.request_closed": {"zh": "维护单 {id} {status}：只有待处理的维护单可以更改",
                                    "en": "request {id} is {status}; only open requests change"},
})
