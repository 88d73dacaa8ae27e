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
})
