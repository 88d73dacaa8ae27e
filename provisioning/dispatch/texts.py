"""The words dispatch shows to people, in Simplified Chinese and English (registered in checks.i18n)."""

from __future__ import annotations

from checks.i18n import add

add({
    "dispatch.col.day": {"zh": "日期", "en": "Day"},
    "dispatch.col.engineer": {"zh": "工程师编号", "en": "Engineer"},
    "dispatch.col.engineer_name": {"zh": "工程师", "en": "Engineer name"},
    "dispatch.col.kind": {"zh": "类型", "en": "Kind"},
    "dispatch.col.site": {"zh": "海关现场", "en": "Customs site"},
    "dispatch.col.site_name": {"zh": "现场名称", "en": "Site name"},
    "dispatch.col.customs_code": {"zh": "海关编码", "en": "Customs code"},
    "dispatch.col.enterprise": {"zh": "企业名称", "en": "Enterprise"},
    "dispatch.col.deadline": {"zh": "上门期限", "en": "Deadline"},
    "dispatch.col.late": {"zh": "超期", "en": "Late"},
    "dispatch.col.ref": {"zh": "单号", "en": "Reference"},
    "dispatch.kind.maintenance": {"zh": "上门维护", "en": "Maintenance visit"},
    "dispatch.kind.install": {"zh": "集中安装", "en": "Installation"},
    "dispatch.kind.training": {"zh": "培训", "en": "Training"},
    "dispatch.yes": {"zh": "是", "en": "yes"},
    "dispatch.late_visit": {"zh": "注意：晚于上门期限", "en": "Note: after the deadline"},
    "dispatch.warning": {"zh": "警告", "en": "warning"},
    "dispatch.estimated": {"zh": "（估算，非官方日历）", "en": " (ESTIMATED, not the official calendar)"},
    "dispatch.deadline.paid": {"zh": "到账时间（北京时间）：{at}", "en": "Paid at (Beijing time): {at}"},
    "dispatch.deadline.day0": {"zh": "起算日：{day}", "en": "Counted from: {day}"},
    "dispatch.deadline.counted": {"zh": "计入的工作日：{days}", "en": "Working days counted: {days}"},
    "dispatch.deadline.skipped": {"zh": "暂停未计的工作日：{days}", "en": "Working days not counted (paused): {days}"},
    "dispatch.deadline.result": {"zh": "上门期限：{day} {time} 前", "en": "Visit deadline: {day} by {time}"},
    "dispatch.deadline.paused": {"zh": "计时已暂停（企业要求推迟），恢复后重新计算期限",
                                 "en": "Clock paused (enterprise postponed): the deadline is recomputed on resume"},
    "dispatch.pay.recorded": {"zh": "已记录 {n} 笔付款，新建上门维护单 {r} 张；已存在未重复记录 {a} 笔",
                              "en": "Recorded {n} payment(s), opened {r} visit request(s); {a} already recorded"},
    "dispatch.pay.nothing": {"zh": "有错误，未记录任何付款（加 --partial 只记录正确的行）",
                             "en": "Errors found: nothing recorded (add --partial to keep the good lines)"},
    "dispatch.plan.summary": {
        "zh": "计划 #{id}：{first} 起 {days} 个工作日，{visits} 次上门（{trips} 趟），按期 {on_time}，超期 {late}，未安排 {unassigned}",
        "en": "Plan #{id}: {days} working days from {first}, {visits} visit(s) on {trips} trip(s), "
              "on time {on_time}, late {late}, unassigned {unassigned}"},
    "dispatch.plan.misses": {"zh": "将超期的维护单：", "en": "Requests that will miss their deadline:"},
    "dispatch.plan.miss": {"zh": "  #{id} {ent} 现场 {site} 期限 {deadline}，{when}：{why}",
                           "en": "  #{id} {ent} site {site} deadline {deadline}, {when}: {why}"},
    "dispatch.plan.visit_on": {"zh": "{day} 上门（超期）", "en": "late visit {day}"},
    "dispatch.plan.no_visit": {"zh": "无法安排", "en": "no visit"},
    "dispatch.plan.unknown": {"zh": "  #{id} {ent}：无法计算期限：{error}", "en": "  #{id} {ent}: deadline cannot be computed: {error}"},
    "dispatch.plan.paused": {"zh": "已暂停（企业要求推迟）：{ids}", "en": "Paused (enterprise postponed): {ids}"},
    "dispatch.plan.moved": {"zh": "因重新计划而变动的上门：", "en": "Visits moved by the re-plan:"},
    "dispatch.board.day": {"zh": "{label} {day}", "en": "{label} {day}"},
    "dispatch.board.today": {"zh": "今天", "en": "Today"},
    "dispatch.board.next": {"zh": "下一个工作日", "en": "Next working day"},
    "dispatch.board.none": {"zh": "  （无上门安排）", "en": "  (no visits)"},
    "dispatch.board.risk": {"zh": "SLA 风险：", "en": "SLA risk:"},
    "dispatch.board.norisk": {"zh": "  无", "en": "  none"},
    "dispatch.board.noplan": {"zh": "还没有计划：先运行 qpfleet dispatch plan",
                              "en": "No plan yet: run qpfleet dispatch plan"},
    "dispatch.campaign.head": {"zh": "集中安装 #{id}：现场 {site} {name}，安装日 {day}，通知截止 {notify}",
                               "en": "Campaign #{id}: site {site} {name}, installation {day}, notify by {notify}"},
    "dispatch.campaign.install": {"zh": "安装", "en": "INSTALL"},
    "dispatch.campaign.skip": {"zh": "暂不安装", "en": "NOT INSTALLED"},
    "dispatch.campaign.lacks": {"zh": "缺：", "en": "lacks: "},
    "dispatch.training.ok": {"zh": "已报名：{person}（{ent}）{session}", "en": "Registered: {person} ({ent}) {session}"},
    "dispatch.training.refused": {"zh": "报名被拒：{reason}", "en": "Registration refused: {reason}"},
    "dispatch.training.seats": {"zh": "{session}  已报 {taken}/{cap}", "en": "{session}  {taken}/{cap} seats taken"},
})

# The working-day calendar and the State Council notice (provisioning/dispatch/calendar.py, notice.py).
add({
    "calendar.gap": {
        "zh": "没有 {year} 年的工作日数据：chinesecalendar {version} 只覆盖 {first}-{last} 年，{file} 中也没有 {year} 年。"
              "国务院办公厅发布 {year} 年部分节假日安排的通知后，把通知全文存为文本文件，运行 "
              "qpfleet dispatch calendar import-notice 通知.txt --write（或升级 chinesecalendar：pip install -U "
              "chinesecalendar）；或者加 --allow-estimate 使用标明为估算的日历",
        "en": "no working-day data for {year}: chinesecalendar {version} covers {first}-{last} and {file} lists no "
              "official year {year}. Once the State Council publishes the {year} holiday notice, save its text and run "
              "qpfleet dispatch calendar import-notice NOTICE.txt --write (or upgrade chinesecalendar: pip install -U "
              "chinesecalendar); or pass --allow-estimate to use an estimate that is marked as such"},
    "calendar.short": {
        "zh": "工作日数据只到 {until}，距 {today} 仅 {ahead} 天（少于 {min} 天）：{next} 年的日期将被拒绝。国务院办公厅发布 "
              "{next} 年部分节假日安排的通知后，运行 qpfleet dispatch calendar import-notice 通知.txt --write "
              "写入 {file}（或升级 chinesecalendar）",
        "en": "working-day data ends {until}, {ahead} days after {today} (fewer than {min}): dates in {next} will be "
              "refused. Once the State Council publishes the {next} holiday notice, run qpfleet dispatch calendar "
              "import-notice NOTICE.txt --write to add it to {file} (or upgrade chinesecalendar)"},
    "calendar.no_workday": {"zh": "{day} 之后 400 天内没有工作日：请检查 {file}",
                            "en": "no working day in the 400 days after {day}; check {file}"},
    "festival.new_year": {"zh": "元旦", "en": "New Year's Day"},
    "festival.spring": {"zh": "春节", "en": "Spring Festival"},
    "festival.qingming": {"zh": "清明节", "en": "Qingming Festival"},
    "festival.labour": {"zh": "劳动节", "en": "Labour Day"},
    "festival.dragon_boat": {"zh": "端午节", "en": "Dragon Boat Festival"},
    "festival.mid_autumn": {"zh": "中秋节", "en": "Mid-Autumn Festival"},
    "festival.national": {"zh": "国庆节", "en": "National Day"},
    "festival.special": {"zh": "纪念日", "en": "commemoration day"},
    "weekday.0": {"zh": "周一", "en": "Monday"},
    "weekday.1": {"zh": "周二", "en": "Tuesday"},
    "weekday.2": {"zh": "周三", "en": "Wednesday"},
    "weekday.3": {"zh": "周四", "en": "Thursday"},
    "weekday.4": {"zh": "周五", "en": "Friday"},
    "weekday.5": {"zh": "周六", "en": "Saturday"},
    "weekday.6": {"zh": "周日", "en": "Sunday"},
    "daykind.work": {"zh": "工作日", "en": "working day"},
    "daykind.rest": {"zh": "休息日", "en": "day off"},
    "notice.err.not_notice": {
        "zh": "这不是国务院节假日安排通知：没有“国务院办公厅关于YYYY年部分节假日安排的通知”这样的标题，也没有“现将……通知如下”",
        "en": "not a State Council holiday notice: no title like 国务院办公厅关于YYYY年部分节假日安排的通知 and no "
              "'现将……通知如下' sentence"},
    "notice.err.no_arrangement": {"zh": "通知中没有放假安排的句子（如“一、元旦：1月1日放假”）",
                                  "en": "no holiday arrangement in the notice (a sentence like 一、元旦：1月1日放假)"},
    "notice.err.no_year": {"zh": "找不到通知所属的年份（标题或开头一句中的“YYYY年”）",
                           "en": "the notice's year cannot be found (YYYY年 in the title or the opening sentence)"},
    "notice.err.issued": {"zh": "通知日期 {issued} 不像 {year} 年安排的通知", "en": "the notice's date {issued} does not "
                          "fit a notice for {year}"},
    "notice.err.no_month": {"zh": "“{text}”没有月份，前面也没有日期可以参照", "en": "'{text}' has no month and no date "
                            "before it to take one from"},
    "notice.err.bad_date": {"zh": "“{text}”不是有效日期", "en": "'{text}' is not a valid date"},
    "notice.err.weekday": {"zh": "“{text}”：{day} 是{real}，通知写的是{wrote}",
                           "en": "'{text}': {day} is a {real}, the notice says {wrote}"},
    "notice.err.extension_date": {"zh": "延长假期要从通知日期算起，但文本中没有通知日期（落款下的日期）",
                                  "en": "an extension counts from the notice's date, and the text has none (the date "
                                        "under the signature)"},
    "notice.err.unclear": {"zh": "看不出“{text}”中的日期是放假还是上班",
                           "en": "cannot tell whether the dates in '{text}' are holidays or working days"},
    "notice.err.no_holiday": {"zh": "这一项没有放假日期", "en": "this item gives no holiday date"},
    "notice.err.both": {"zh": "{day} 既是放假日又是上班日", "en": "{day} is both a holiday and a working day"},
    "notice.err.weekday_makeup": {"zh": "调休上班日 {day} 是{weekday}：调休上班只会在周六或周日",
                                  "en": "make-up working day {day} is a {weekday}: a make-up day is always a Saturday "
                                        "or Sunday"},
    "notice.err.gap": {"zh": "放假日不连续：{first} 与 {last} 之间的 {day} 是工作日",
                       "en": "the holiday is not one block: {day}, between {first} and {last}, is a working day"},
    "notice.err.total": {"zh": "写的是共{n}天，但 {first} 至 {last} 是 {span} 天",
                         "en": "says {n} days, but {first} to {last} is {span} days"},
    "notice.err.missing_festival": {"zh": "通知提到{festival}，但没有一句给出它的放假日期",
                                    "en": "the notice names {festival} but no sentence gives its dates"},
    "notice.err.differs": {"zh": "与现有数据（{source}）有 {n} 天不符", "en": "disagrees with the data ({source}) on "
                           "{n} day(s)"},
    "notice.err.day": {"zh": "{day} 按通知是{notice}，数据是{data}", "en": "{day}: the notice makes it a {notice}, the "
                       "data a {data}"},
    "notice.err.unlisted": {"zh": "{day} 通知未列出（按星期是{notice}），数据是{data}",
                            "en": "{day}: not listed (so a {notice}), the data has a {data}"},
    "notice.err.override": {"zh": "{day}：按通知是{notice}，但 {where} 写的是{data}（来源：{source}）：请先修改或删除那一条",
                            "en": "{day}: the notice makes it a {notice}, but {where} says {data} (source: {source}): "
                                  "correct or remove that entry first"},
    "notice.err.no_year_data": {"zh": "这是对 {year} 年安排的补充通知，但还没有 {year} 年的数据：请先导入 {year} 年部分节假日安排的通知",
                                "en": "this notice changes the {year} arrangement, and there is no data for {year} yet: "
                                      "import the {year} notice (部分节假日安排) first"},
    "notice.err.no_issued": {"zh": "写入时以通知日期为来源，但文本中没有通知日期（落款下的一行，如 2025年11月4日）",
                             "en": "--write records the notice's date as the source, and the text has none (the line "
                                   "under the signature, e.g. 2025年11月4日)"},
    "notice.err.changed": {"zh": "导入期间 {file} 被修改：未写入，请重新运行",
                           "en": "{file} changed while the notice was read: nothing written, run the command again"},
    "notice.head": {"zh": "{title}（{issued}）：{year} 年", "en": "{title} ({issued}): year {year}"},
    "notice.holidays": {"zh": "放假：", "en": "Holidays:"},
    "notice.holiday": {"zh": "  {name}：{first}（{wd1}）至 {last}（{wd2}），共 {n} 天",
                       "en": "  {name}: {first} ({wd1}) to {last} ({wd2}), {n} day(s)"},
    "notice.holiday1": {"zh": "  {name}：{first}（{wd1}），1 天", "en": "  {name}: {first} ({wd1}), 1 day"},
    "notice.workdays": {"zh": "调休上班：", "en": "Make-up working days:"},
    "notice.workday": {"zh": "  {day}（{wd}）{name}", "en": "  {day} ({wd}) {name}"},
    "notice.none": {"zh": "  无", "en": "  none"},
    "notice.status.agrees": {"zh": "与现有数据一致（{source}）：无需写入", "en": "agrees with the data ({source}): "
                             "nothing to write"},
    "notice.status.new": {"zh": "{year} 年还没有数据：加 --write 写入 {file}（{n} 条日期）",
                          "en": "no data for {year} yet: add --write to add it to {file} ({n} dates)"},
    "notice.status.additions": {"zh": "将改变 {n} 个日期：加 --write 写入 {file}", "en": "changes {n} date(s): add --write "
                                "to write them to {file}"},
    "notice.status.written": {"zh": "已写入 {file}：{what}{n} 条日期", "en": "written to {file}: {what}{n} date(s)"},
    "notice.status.official": {"zh": "{year} 年（官方年份），", "en": "official year {year}, "},
    "notice.status.present": {"zh": "已在 {file} 中：无需写入", "en": "already in {file}: nothing to write"},
})
