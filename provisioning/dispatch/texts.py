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
    "dispatch.plan.miss": {"zh": "  #{id} {kind} {ent} 现场 {site} 期限 {deadline}，{when}：{why}",
                           "en": "  #{id} {kind} {ent} site {site} deadline {deadline}, {when}: {why}"},
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

# Requests, engineers, payments (provisioning/dispatch/people_cli.py, commands.py).
add({
    "dispatch.kind.guidance": {"zh": "现场操作指导", "en": "On-site guidance"},
    "dispatch.status.open": {"zh": "待处理", "en": "open"},
    "dispatch.status.done": {"zh": "已完成", "en": "done"},
    "dispatch.status.cancelled": {"zh": "已取消", "en": "cancelled"},
    "dispatch.request.added": {"zh": "维护单 {id}：{name}（{code}）现场 {site}，上门期限 {deadline}",
                               "en": "request {id}: {name} ({code}) site {site}, deadline {deadline}"},
    "dispatch.request.exists": {"zh": "维护单 {id} 已存在（回执 {receipt}）：{name}（{code}）现场 {site}，上门期限 {deadline}；未重复建单",
                                "en": "request {id} already exists (receipt {receipt}): {name} ({code}) site {site}, "
                                      "deadline {deadline}; no second request opened"},
    "dispatch.request.guidance": {"zh": "现场操作指导单 {id}：{name}（{code}）现场 {site}，{first} 至 {last}（§7.2）",
                                  "en": "on-site guidance request {id}: {name} ({code}) site {site}, {first} to {last} "
                                        "(§7.2)"},
    "dispatch.request.pause": {"zh": "维护单 {id}：已暂停", "en": "request {id}: paused"},
    "dispatch.request.resume": {"zh": "维护单 {id}：已恢复", "en": "request {id}: resumed"},
    "dispatch.request.done": {"zh": "维护单 {id}：已完成", "en": "request {id}: done"},
    "dispatch.request.cancel": {"zh": "维护单 {id}：已取消", "en": "request {id}: cancelled"},
    "dispatch.request.paused": {"zh": "维护单 {id}：计时已暂停，恢复前没有期限",
                                "en": "request {id}: clock paused; no deadline until it is resumed"},
    "dispatch.request.resumed": {"zh": "维护单 {id}：期限现为 {deadline}（未计入：{skipped}）",
                                 "en": "request {id}: deadline now {deadline} (skipped {skipped})"},
    "dispatch.request.state_paused": {"zh": "已暂停", "en": "paused"},
    "dispatch.request.state_unknown": {"zh": "无法计算：{error}", "en": "unknown: {error}"},
    "dispatch.request.row": {"zh": "{id} {ent} 现场 {site} {kind} {status} 期限 {deadline}",
                             "en": "{id} {ent} site {site} {kind} {status} deadline {deadline}"},
    "dispatch.engineer.added": {"zh": "工程师 {id} 已添加", "en": "engineer {id} added"},
    "dispatch.engineer.updated": {"zh": "工程师 {id} 已更新", "en": "engineer {id} updated"},
    "dispatch.engineer.leave": {"zh": "工程师 {id}：{first} 至 {last} 休假 {n} 天", "en": "engineer {id}: {n} day(s) of "
                                "leave from {first} to {last}"},
    "dispatch.engineer.removed": {"zh": "工程师 {id} 已移除：{n} 次今后的上门重新安排",
                                  "en": "engineer {id} removed: {n} future visit(s) re-planned"},
    "dispatch.engineer.row": {"zh": "{id}  {name}  技能 {skills}  现场 {sites}  每天 {cap} 次  休假 {leave} 天",
                              "en": "{id}  {name}  skills {skills}  sites {sites}  capacity {cap}/day  leave {leave} "
                                    "day(s)"},
    "dispatch.engineer.was_removed": {"zh": "  （已移除）", "en": "  (removed)"},
    "dispatch.pay.none": {"zh": "还没有付款记录", "en": "no payments recorded"},
    "dispatch.pay.col.receipt": {"zh": "回执号", "en": "Receipt"},
    "dispatch.pay.col.code": {"zh": "海关编码", "en": "Customs code"},
    "dispatch.pay.col.payer": {"zh": "付款户名", "en": "Payer"},
    "dispatch.pay.col.method": {"zh": "付款方式", "en": "Method"},
    "dispatch.method.transfer": {"zh": "对公转账", "en": "transfer"},
    "dispatch.method.deposit": {"zh": "现金存款", "en": "cash deposit"},
    "dispatch.pay.col.account": {"zh": "账号", "en": "Account"},
    "dispatch.pay.col.amount": {"zh": "金额（元）", "en": "Amount (yuan)"},
    "dispatch.pay.col.paid_at": {"zh": "到账时间（北京）", "en": "Paid (Beijing)"},
    "dispatch.pay.col.purpose": {"zh": "用途", "en": "Purpose"},
    "dispatch.pay.total": {"zh": "共 {n} 笔，合计 {amount} 元", "en": "{n} payment(s), total {amount} yuan"},
    "dispatch.purpose.maintenance": {"zh": "上门维护费", "en": "maintenance"},
    "dispatch.purpose.installation": {"zh": "初装费", "en": "installation"},
})

# Plans, exports, campaigns, training (views.py, export.py, campaign_cli.py, training_cli.py).
add({
    "dispatch.no": {"zh": "否", "en": "no"},
    "dispatch.qp_pending": {"zh": "待安装", "en": "install pending"},
    "dispatch.col.start": {"zh": "开始", "en": "From"},
    "dispatch.col.end": {"zh": "结束", "en": "To"},
    "dispatch.col.address": {"zh": "地址", "en": "Address"},
    "dispatch.col.contacts": {"zh": "联系人及电话", "en": "Contacts"},
    "dispatch.col.contact": {"zh": "联系人", "en": "Contact"},
    "dispatch.col.terminals": {"zh": "终端", "en": "Terminals"},
    "dispatch.col.window": {"zh": "时间", "en": "Time"},
    "dispatch.no_names": {"zh": "登记册无法读取，不显示名称：{error}", "en": "names not shown, registry unreadable: {error}"},
    "dispatch.export.csv": {"zh": "{file}：{n} 次上门", "en": "{file}: {n} visit(s)"},
    "dispatch.export.ics": {"zh": "{dir}：{files} 个日历，{n} 次上门", "en": "{dir}: {files} calendar(s), {n} visit(s)"},
    "dispatch.plan.day_over": {"zh": "已过截止时间：{day} 不再安排上门，从 {first} 起计划",
                               "en": "past the cut-off: no more visits on {day}, planning from {first}"},
    "dispatch.plan.campaign_moves": {"zh": "集中安装的变动（工程师休假或离职）：",
                                     "en": "Installation visits moved (engineer on leave or removed):"},
    "dispatch.plan.campaign_move": {"zh": "  集中安装 #{id} {ent}：{before} -> {after}",
                                    "en": "  campaign #{id} {ent}: {before} -> {after}"},
    "dispatch.plan.notify_again": {"zh": "（安装日已变，须重新通知企业）", "en": " (another day: tell the enterprise again)"},
    "dispatch.campaign.err.past": {"zh": "安装日 {day} 已经过去", "en": "installation day {day} is in the past"},
    "dispatch.campaign.err.day_over": {"zh": "{day} 已过 {cutoff}：今天不能再安排安装",
                                       "en": "it is past {cutoff} on {day}: no installation can be planned today"},
    "dispatch.campaign.err.not_workday": {"zh": "{day} 不是工作日；下一个工作日是 {next}",
                                          "en": "{day} is not a working day; next one is {next}"},
    "dispatch.campaign.err.none": {"zh": "没有集中安装 #{id}", "en": "no campaign {id}"},
    "dispatch.campaign.err.cancelled": {"zh": "集中安装 #{id} 已取消", "en": "campaign {id} is cancelled"},
    "dispatch.campaign.err.done": {"zh": "集中安装 #{id} 已于 {day} 进行，不能再改", "en": "campaign {id} took place on "
                                   "{day}: it cannot move any more"},
    "dispatch.campaign.short_notice": {"zh": "注意：通知期不足 {n} 个工作日（应在 {day} 前通知）",
                                       "en": "warning: fewer than {n} working days of notice left (notify by {day})"},
    "dispatch.campaign.no_installer": {"zh": "  {code}：现场 {site} 没有有空档的安装工程师",
                                       "en": "  {code}: no engineer with skill 'install' serving site {site} has capacity"},
    "dispatch.campaign.guidance": {"zh": "已为 {n} 家企业安排切换后的现场操作指导（安装后 {days} 个工作日内，§7.2）",
                                   "en": "on-site guidance after the switch-over opened for {n} enterprise(s), within "
                                         "{days} working days of the installation (§7.2)"},
    "dispatch.campaign.show": {"zh": "集中安装 #{id}：现场 {site}，安装日 {day}，通知截止 {notify}（{status}）",
                               "en": "campaign #{id}: site {site}, installation {day}, notify by {notify} ({status})"},
    "dispatch.campaign.status.planned": {"zh": "已安排", "en": "planned"},
    "dispatch.campaign.status.cancelled": {"zh": "已取消", "en": "cancelled"},
    "dispatch.campaign.none": {"zh": "没有集中安装", "en": "no campaigns"},
    "dispatch.campaign.row": {"zh": "#{id}  现场 {site}  安装日 {day}  通知截止 {notify}  {status}  安装 {installs} 家  "
                                    "通知 {notified} 家  现场指导 {guidance} 家",
                              "en": "#{id}  site {site}  day {day}  notify by {notify}  {status}  installs {installs}  "
                                    "notified {notified}  guidance {guidance}"},
    "dispatch.campaign.cancelled": {"zh": "集中安装 #{id}（现场 {site}，{day}）已取消：删除 {n} 次安装，取消 {g} 项现场指导",
                                    "en": "campaign #{id} (site {site}, {day}) cancelled: {n} installation visit(s) "
                                          "removed, {g} guidance request(s) cancelled"},
    "dispatch.campaign.tell": {"zh": "须通知的企业：", "en": "Tell these enterprises:"},
    "dispatch.campaign.moved": {"zh": "集中安装 #{id}（现场 {site}）由 {before} 改到 {day}，通知截止 {notify}",
                                "en": "campaign #{id} (site {site}) moved from {before} to {day}, notify by {notify}"},
    "dispatch.notify.col.code": {"zh": "海关编码", "en": "Customs code"},
    "dispatch.notify.col.name": {"zh": "企业名称", "en": "Enterprise"},
    "dispatch.notify.col.contacts": {"zh": "联系人", "en": "Contacts"},
    "dispatch.notify.col.install": {"zh": "安装", "en": "Install"},
    "dispatch.notify.col.lacks": {"zh": "缺少", "en": "Lacks"},
    "dispatch.notify.col.notes": {"zh": "备注", "en": "Notes"},
    "dispatch.training.head": {"zh": "{n} 场，{place}；报名截止 {due}（当天结束前）",
                               "en": "{n} session(s), {place}; registration due {due} (end of day)"},
    "dispatch.training.nobody": {"zh": "没有报名", "en": "nobody registered"},
    "dispatch.training.session": {"zh": "{session}（{n} 人）", "en": "{session} ({n} registered)"},
    "dispatch.training.err.none": {"zh": "没有报名 #{id}", "en": "no registration {id}"},
    "dispatch.training.err.started": {"zh": "报名 #{id} 的场次 {session} 已经开始，不能取消",
                                      "en": "registration {id}: session {session} has started, it cannot be cancelled"},
    "dispatch.training.cancelled": {"zh": "已取消报名 #{id}：{person}，{session}", "en": "registration {id} cancelled: "
                                    "{person}, {session}"},
    "dispatch.attendance.col.no": {"zh": "序号", "en": "No."},
    "dispatch.attendance.col.session": {"zh": "场次", "en": "Session"},
    "dispatch.attendance.col.code": {"zh": "海关编码", "en": "Customs code"},
    "dispatch.attendance.col.name": {"zh": "企业名称", "en": "Enterprise"},
    "dispatch.attendance.col.person": {"zh": "姓名", "en": "Name"},
    "dispatch.attendance.col.sign": {"zh": "签到", "en": "Signature"},
    "dispatch.attendance.col.remark": {"zh": "备注", "en": "Remark"},
    "dispatch.attendance.written": {"zh": "{file}：{sessions} 场，{n} 人", "en": "{file}: {n} registrant(s) in "
                                    "{sessions} session(s)"},
})

# Errors (ops.py, people_cli.py, planning.py): rendered in the command's language (checks.i18n.h).
add({
    "dispatch.err.engineer_id": {"zh": "请给出工程师编号", "en": "give the engineer's id"},
    "dispatch.err.unknown_sites": {"zh": "登记册中没有海关现场 {sites}；已有：{known}",
                                   "en": "unknown customs site(s) {sites}: not in the registry; known: {known}"},
    "dispatch.err.no_engineer_to_update": {"zh": "没有工程师 {id} 可更新；新增时不要加 --update",
                                           "en": "no engineer '{id}' to update; add it without --update"},
    "dispatch.err.new_engineer_needs": {"zh": "新工程师需要 --skills 和 --sites", "en": "a new engineer needs --skills "
                                        "and --sites"},
    "dispatch.err.was_removed": {"zh": "（{day} 已移除）", "en": " (removed {day})"},
    "dispatch.err.engineer_exists": {"zh": "工程师 {id} 已存在{gone}：未作改动；要修改请加 --update",
                                     "en": "engineer '{id}' already exists{gone}: nothing changed; add --update to "
                                           "change it"},
    "dispatch.err.unknown_engineer": {"zh": "没有工程师 {id}", "en": "unknown engineer '{id}'"},
    "dispatch.err.already_removed": {"zh": "工程师 {id} 已于 {day} 移除", "en": "engineer '{id}' was already removed on "
                                     "{day}"},
    "dispatch.err.receipt_other": {"zh": "回执 {receipt} 已为企业 {other} 建了维护单 {id}，不是 {ent}",
                                   "en": "receipt {receipt} opened request {id} for enterprise {other}, not {ent}"},
    "dispatch.err.receipt_purpose": {"zh": "回执 {receipt} 是 {ent} 的{purpose}付款", "en": "receipt {receipt} is a "
                                     "{purpose} payment of {ent}"},
    "dispatch.err.same_day": {"zh": "企业 {ent} 已有同一天付款的未完成维护单 {id}（回执 {receipt}，{at}）：同一笔付款不重复建单；"
                                    "如确是第二笔付款，请加 --again",
                              "en": "enterprise {ent} already has open request {id} (receipt {receipt}) paid {at}: the "
                                    "same payment is not opened twice; add --again if this is a second payment"},
    "dispatch.err.guidance_order": {"zh": "现场指导的截止日 {last} 早于开始日 {first}",
                                    "en": "guidance due {last} is before its first day {first}"},
    "dispatch.err.guidance_pause": {"zh": "{id} 是现场操作指导单：它有日期范围，没有可暂停的计时；请取消后按新日期重开",
                                    "en": "request {id} is on-site guidance: it has days, not an SLA clock to pause; "
                                          "cancel it and open it again with other days"},
    "dispatch.err.guidance_not_paid": {"zh": "现场操作指导不收费：请给出 --from/--by，而不是 --paid-at/--receipt",
                                       "en": "on-site guidance is not paid: give --from/--by, not --paid-at/--receipt"},
    "dispatch.err.guidance_past": {"zh": "现场指导不能早于今天（{today}）开始", "en": "the guidance cannot start before "
                                   "today ({today})"},
    "dispatch.err.needs_paid_at": {"zh": "上门维护单需要 --paid-at（带时区的到账时间）",
                                   "en": "a maintenance visit request needs --paid-at (the receipt time with its offset)"},
    "dispatch.err.plan_past": {"zh": "不能安排今天（{today}）之前的上门；--from 请给 {today} 或之后",
                               "en": "cannot plan visits before today ({today}); give --from {today} or later"},
})

# The calendar view (commands.py handle_calendar).
add({
    "dispatch.calendar.until": {"zh": "官方数据到 {day}", "en": "official data until {day}"},
    "dispatch.calendar.source.override": {"zh": "调整文件", "en": "override"},
    "dispatch.calendar.source.official-year": {"zh": "通知年份", "en": "official year"},
    "dispatch.calendar.source.estimate": {"zh": "估算", "en": "estimate"},
})
