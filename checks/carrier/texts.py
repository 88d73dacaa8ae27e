"""The carrier selector's words (verdicts, table, apply and undo), Chinese and English.

Imported by every module that shows them (report, commands), so ``carrier undo`` prints its message,
never the key ``carrier.undone``.
"""

from __future__ import annotations

from checks import i18n

i18n.add({
    "carrier.verdict.pick": {
        "en": "{name}: median {m1} vs {m2}, won {w}/{p} paired rounds, probes lost {l1} vs {l2}; "
              "decided after {n} rounds ({s} s) by {why}",
        "zh": "{name}：中位数 {m1} 对 {m2}，配对轮次胜 {w}/{p}，探测丢失 {l1} 对 {l2}；"
              "经 {n} 轮（{s} 秒）按{why}决定",
    },
    "carrier.verdict.keep": {
        "en": "No material difference; keeping {name} (median {m1} vs {m2}, won {w}/{p} paired rounds, "
              "probes lost {l1} vs {l2}; {n} rounds, {s} s)",
        "zh": "两者无实质差别，保留{name}（中位数 {m1} 对 {m2}，配对轮次胜 {w}/{p}，探测丢失 {l1} 对 {l2}；"
              "{n} 轮，{s} 秒）",
    },
    "carrier.verdict.none": {
        "en": "No carrier usable: {why}",
        "zh": "没有可用的运营商：{why}",
    },
    "carrier.why.sprt": {"en": "the paired sequential test (SPRT, α = β = {a})",
                         "zh": "配对序贯检验（SPRT，α = β = {a}）"},
    "carrier.why.loss": {"en": "the clearly lower loss", "zh": "明显较低的丢包率"},
    "carrier.why.gate": {"en": "the other carrier being unusable ({detail})", "zh": "另一运营商不可用（{detail}）"},
    "carrier.why.cost": {"en": "expected cost at the round limit ({detail})", "zh": "达到轮次上限时的期望代价（{detail}）"},
    "carrier.verdict.tie_pick": {
        "en": "No material difference; picked {name} by cost (no current carrier to keep; median {m1} vs {m2}, "
              "won {w}/{p} paired rounds, probes lost {l1} vs {l2}; {n} rounds, {s} s)",
        "zh": "两者无实质差别，按代价选定{name}（没有当前运营商可保留；中位数 {m1} 对 {m2}，配对轮次胜 {w}/{p}，"
              "探测丢失 {l1} 对 {l2}；{n} 轮，{s} 秒）",
    },
    "carrier.example": {
        "en": "warning: {file} holds EXAMPLE addresses; pass --config with the site's resolvers",
        "zh": "警告：{file} 中是示例地址；请用 --config 指定本地的解析服务器",
    },
    "carrier.head": {
        "en": "carrier|resolver|answer|DNS p50/p90 ms|DNS loss|TCP p50/p90 ms|TCP loss|wins|status",
        "zh": "运营商|解析服务器|解析地址|DNS p50/p90 毫秒|DNS 丢失|TCP p50/p90 毫秒|TCP 丢失|胜|状态",
    },
    "carrier.status.chosen": {"en": "chosen ({reason})", "zh": "选定（{reason}）"},
    "carrier.status.kept": {"en": "kept (tie)", "zh": "保留（平局）"},
    "carrier.status.tie_pick": {"en": "picked by cost (tie)", "zh": "按代价选定（平局）"},
    "carrier.status.unusable": {"en": "unusable: {why}", "zh": "不可用：{why}"},
    "carrier.status.other": {"en": "-", "zh": "-"},
    "carrier.applied": {"en": "applied: {target} = {value} (was {previous})",
                        "zh": "已写入：{target} = {value}（原值 {previous}）"},
    "carrier.unchanged": {"en": "unchanged: {target} already = {value}", "zh": "未改动：{target} 已是 {value}"},
    "carrier.undone": {"en": "undone: {target} = {restored} (was {replaced})",
                       "zh": "已撤销：{target} = {restored}（原为 {replaced}）"},
    # why a carrier is unusable (decide.py's codes, shown in words)
    "carrier.unusable.dns": {"zh": "DNS解析失败（{error}）", "en": "DNS failed ({error})"},
    "carrier.unusable.dns_loss": {"zh": "DNS查询丢失 {lost}/{of}", "en": "DNS queries lost {lost}/{of}"},
    "carrier.unusable.tcp": {"zh": "QP服务器连不上{count}", "en": "QP server unreachable{count}"},
    "carrier.unusable.implausible": {"zh": "解析出的地址 {address} 不属于该运营商（被劫持或线路不对）",
                                     "en": "answer {address} is not the carrier's (hijacked or the wrong line)"},
    "carrier.dns_error.timeout": {"zh": "超时", "en": "timeout"},
    "carrier.dns_error.nxdomain": {"zh": "域名不存在", "en": "no such name"},
    "carrier.dns_error.servfail": {"zh": "服务器故障", "en": "server failure"},
    "carrier.dns_error.refused": {"zh": "被拒绝", "en": "refused"},
    "carrier.dns_error.noanswer": {"zh": "没有答案", "en": "no answer"},
    "carrier.dns_error.error": {"zh": "出错", "en": "error"},
    "carrier.reason.sprt": {"zh": "序贯检验", "en": "sequential test"},
    "carrier.reason.loss": {"zh": "丢包较少", "en": "lower loss"},
    "carrier.reason.gate": {"zh": "另一条不可用", "en": "the other unusable"},
    "carrier.reason.cost": {"zh": "期望代价较低", "en": "lower expected cost"},
    "carrier.reason.tie": {"zh": "两者相当", "en": "a tie"},
    "carrier.reason.unusable": {"zh": "都不可用", "en": "none usable"},
    "carrier.cost": {"zh": "代价 {a} 对 {b} 毫秒", "en": "cost {a} vs {b} ms"},
    "carrier.losses": {"zh": "丢失 {a} 对 {b}", "en": "lost {a} vs {b}"},
    "carrier.tcp_ms": {"zh": "TCP 毫秒", "en": "TCP ms"},
    "carrier.html.title": {"zh": "qpfleet 线路测试（网通/电信）", "en": "qpfleet carrier test (Netcom/Telecom)"},
    "carrier.html.plot": {"zh": "每轮的TCP连接时间（毫秒）", "en": "TCP connect time per round (ms)"},
    "carrier.html.rounds": {"zh": "共 {rounds} 轮，配对 {paired} 轮，用时 {s} 秒；判定依据：{reason}",
                            "en": "{rounds} rounds, {paired} paired, {s} s; decided by: {reason}"},
    "carrier.throughput": {"zh": "{name}：下载速度 {mbit} Mbit/s", "en": "{name}: throughput {mbit} Mbit/s"},
    "carrier.throughput.failed": {"zh": "{name}：未能测速{detail}", "en": "{name}: throughput not measured{detail}"},
    "carrier.tp.missing": {"zh": "没有安装 speedtest-cli（pip install speedtest-cli）",
                           "en": "speedtest-cli not installed (pip install speedtest-cli)"},
    "carrier.tp.timeout": {"zh": "{s} 秒内没有结果", "en": "no result within {s} s"},
    "carrier.tp.unreadable": {"zh": "speedtest-cli 的输出无法识别", "en": "unreadable speedtest-cli output"},
    "carrier.err.linux_target": {"zh": '写入目标 {target} 用于Linux实验主机；Windows终端要用 ini 或 registry', "en": 'target {target} is for Linux lab hosts; a Windows terminal needs ini or registry'},
    "carrier.err.example_apply": {"zh": '线路配置是示例数据（example: true）；写入需要本现场自己的配置', "en": "the carrier config holds example data (example: true); apply needs the site's own config"},
    "carrier.err.example_hint": {"zh": '用 --config 指定不含 example: true 的文件', "en": "pass --config FILE without 'example: true'"},
    "carrier.err.undo_incomplete": {"zh": '设置仍是写入之前的值（写入没有完成）：没有可撤销的', "en": 'the setting still holds what it held before the apply (the apply did not complete); nothing to undo'},
    "carrier.err.undo_changed": {"zh": '写入之后设置已被改动（现在 {now}，写入的是 {applied}）：不覆盖别人的改动', "en": "the setting changed since the apply ({now}, applied {applied}); not undoing over someone else's change"},
    "carrier.err.undo_nothing": {"zh": '没有可撤销的：这个配置从未写入过线路', "en": 'nothing to undo: no carrier was applied with this configuration'},
    "carrier.err.state_shape": {"zh": '线路状态文件不是JSON对象', "en": 'the carrier state file is not a JSON object'},
    "carrier.err.undone": {"zh": '已经在 {at} 撤销过', "en": 'already undone at {at}'},    # reading and writing the QP server setting (targets.py, apply.py); {detail} is the system's own words
    "carrier.err.ini_encoding": {"zh": "INI文件既不是UTF-8也不是GBK文本", "en": "the INI file is neither UTF-8 nor GBK text"},
    "carrier.err.path_required": {"zh": "apply.path：target 为 {target} 时必须填写",
                                  "en": "apply.path is required for target {target}"},
    "carrier.err.key_required": {"zh": "apply.registry_key：target 为 registry 时必须填写",
                                 "en": "apply.registry_key is required for target registry"},
    "carrier.err.read": {"zh": "无法读取QP服务器设置（详情：{detail}）", "en": "cannot read the QP server setting: {detail}"},
    "carrier.err.check": {"zh": "无法检查QP服务器设置（详情：{detail}）", "en": "cannot check the QP server setting: {detail}"},
    "carrier.err.write": {"zh": "无法写入QP服务器设置（详情：{detail}）", "en": "cannot write the QP server setting: {detail}"},
    "carrier.err.folder": {"zh": "文件夹 {folder} 不能写入，无法创建QP服务器设置",
                           "en": "the folder {folder} cannot be written; the QP server setting cannot be created"},
    "carrier.err.read_only": {"zh": "QP服务器设置是只读的：请先把它改为可写（或用有权修改它的用户运行），再写入",
                              "en": "the QP server setting is read-only; make it writable (or run as the user who may "
                                    "change it) before applying"},
    "carrier.err.reg": {"zh": "reg 命令出错，返回 {code}（详情：{detail}）", "en": "reg failed ({code}): {detail}"},
    "carrier.err.reg_missing": {"zh": "找不到注册表工具 {tool}", "en": "registry tool {tool} not found"},
    "carrier.err.reg_missing_hint": {"zh": "请设置 apply.registry_command（实验主机上如 [wine, reg]）",
                                     "en": "set apply.registry_command (e.g. [wine, reg] on a lab host)"},
    "carrier.err.reg_timeout": {"zh": "注册表工具在 {s} 秒内没有完成", "en": "registry tool did not finish within {s} s"},
    "carrier.err.state_write": {"zh": "无法记录原来的设置，因此没有写入（详情：{detail}）",
                                "en": "cannot record the previous setting, so nothing was applied: {detail}"},
    "carrier.err.nothing_changed": {"zh": "{what}；没有改动任何东西", "en": "{what}; nothing was changed"},
    "carrier.err.history": {"zh": "已写入，但无法写入历史记录（详情：{detail}）",
                            "en": "applied, but the history line could not be written: {detail}"},
    "carrier.err.undone_unmarked": {"zh": "已撤销，但无法在状态文件中记下（详情：{detail}）",
                                    "en": "undone, but the state could not be marked: {detail}"},
})
