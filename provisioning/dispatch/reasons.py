"""Reasons shown to dispatchers (why a visit is late, what an enterprise lacks, why a registration is refused).

A :class:`Reason` is a catalogue key with its values, rendered in Chinese or English when shown and
stored as JSON, so the store keeps the facts and every reader gets its own language. A value
written ``@key`` is rendered from the catalogue too (a festival's or a kind's name).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from checks.i18n import add, t
from provisioning.registry import texts as _registry_texts  # noqa: F401  (reg.status.* words)

add({
    # planner
    "dispatch.why.no_engineer": {"zh": "没有具备“{skill}”技能且负责海关现场 {site} 的工程师",
                                 "en": "no engineer with skill '{skill}' serves customs site {site}"},
    "dispatch.why.before_horizon": {"zh": "期限 {deadline} 早于计划的第一天（已超期）",
                                    "en": "deadline {deadline} is before the first planned day (overdue)"},
    "dispatch.why.day_over": {"zh": "期限是今天 {deadline} {cutoff} 前，现在已过 {cutoff}：今天不能再上门",
                              "en": "due today {deadline} by {cutoff}, and it is past {cutoff}: no visit today"},
    "dispatch.why.no_day": {"zh": "{earliest} 至期限 {deadline} 之间没有工作日",
                            "en": "no working day between {earliest} and the deadline {deadline}"},
    "dispatch.why.on_leave": {"zh": "负责现场 {site} 的工程师（{names}）在期限前都在休假",
                              "en": "every engineer for site {site} ({names}) is on leave until the deadline"},
    "dispatch.why.full_span": {"zh": "{engineer} {first} 至 {last} 已排满（每天 {cap} 次）",
                               "en": "{engineer} fully booked {first} to {last} ({cap} visits a day)"},
    "dispatch.why.campaign_span": {"zh": "{engineer} {first} 至 {last} 有集中安装，已排满",
                                   "en": "{engineer} installing for a site campaign {first} to {last}, no room left"},
    "dispatch.why.leave_span": {"zh": "{engineer} {first} 至 {last} 休假", "en": "{engineer} on leave {first} to {last}"},
    "dispatch.why.full_day": {"zh": "{engineer} {first} 已排满（每天 {cap} 次）",
                              "en": "{engineer} fully booked on {first} ({cap} visits a day)"},
    "dispatch.why.campaign_day": {"zh": "{engineer} {first} 有集中安装，已排满",
                                  "en": "{engineer} installing for a site campaign on {first}, no room left"},
    "dispatch.why.leave_day": {"zh": "{engineer} {first} 休假", "en": "{engineer} on leave on {first}"},
    "dispatch.why.more_engineers": {"zh": "另有 {n} 位工程师同样没有空档", "en": "{n} more engineer(s) likewise"},
    "dispatch.why.first_free": {"zh": "最早空档 {day}（{engineer}）", "en": "first free slot {day} ({engineer})"},
    "dispatch.why.no_free_day": {"zh": "计划期内（至 {last}）也没有空档",
                                 "en": "no free day in the horizon (to {last})"},
    # campaign
    "dispatch.lack.transmission_contract": {"zh": "传输费协议：{status}，集中安装前必须签订（§1.2）",
                                            "en": "transmission-fee contract: {status}, must be signed before the "
                                                  "installation (§1.2)"},
    "dispatch.lack.service_agreement": {"zh": "技术服务协议：{status}，安装前须签订（§2.4）",
                                        "en": "technical service agreement: {status}, to be signed before the "
                                              "installation (§2.4)"},
    "dispatch.lack.account": {"zh": "扣款账户：不是对公账户（§1.1、§2.3）",
                              "en": "debit account: not a corporate account (§1.1, §2.3)"},
    "dispatch.lack.payment": {"zh": "缴费：{n} 台终端初装费 {fee} 元，已缴 {paid} 元（§2.1）",
                              "en": "payment: installation fee {fee} yuan for {n} terminal(s), paid {paid} yuan (§2.1)"},
    "dispatch.lack.approved": {"zh": "核准台数：QP 终端 {n} 台，海关核准 {approved} 台",
                               "en": "approved count: {n} QP terminal(s) but {approved} approved"},
    "dispatch.note.no_contact": {"zh": "登记册中没有联系人：请书面通知到注册地址",
                                 "en": "no contact person in the registry: notify by letter to the registered address"},
    "dispatch.note.all_installed": {"zh": "无需安装：所有 QP 终端都已安装 QP",
                                    "en": "nothing to install: every QP terminal already has QP"},
    "dispatch.note.no_qp": {"zh": "登记册中没有 QP 终端", "en": "no QP terminal in the registry"},
    "dispatch.note.sign_later": {"zh": "技术服务协议{status}：可后续补签（不在名单内且已安装 QP，§2.5）",
                                 "en": "technical service agreement {status}: may sign later (not on the approved "
                                       "list, QP already installed, §2.5)"},
    # training
    "dispatch.refuse.closed": {"zh": "报名已截止：报名表须在 {due} 当天结束前（北京时间）递交；现在是 {now}",
                               "en": "registration closed: forms were due by {due} (end of day, Asia/Shanghai); "
                                     "now is {now}"},
    "dispatch.refuse.started": {"zh": "{session} 场次已经开始", "en": "session {session} has already started"},
    "dispatch.refuse.already": {"zh": "此人已报名该场次", "en": "this person is already registered for that session"},
    "dispatch.refuse.full": {"zh": "{session} 场次已满（{taken}/{cap}）",
                             "en": "session {session} is full ({taken}/{cap} seats)"},
    # board
    "dispatch.risk.overdue": {"zh": "已于 {day} 超期", "en": "overdue since {day}"},
    "dispatch.risk.not_planned": {"zh": "不在当前计划中（请重新运行 qpfleet dispatch plan）",
                                  "en": "not in the current plan (re-run qpfleet dispatch plan)"},
    "dispatch.risk.late": {"zh": "安排在 {day}，晚于期限", "en": "planned {day}, after the deadline"},
    "dispatch.risk.due": {"zh": "期限 {deadline}，安排在 {day}（{engineer}）",
                          "en": "due {deadline}, planned {day} ({engineer})"},
    "dispatch.risk.past_visit": {"zh": "原定 {day} 上门（{engineer}）尚未标记完成",
                                 "en": "visit planned {day} ({engineer}) not marked done"},
    "dispatch.risk.unknown": {"zh": "无法计算期限：{error}", "en": "deadline cannot be computed: {error}"},
    "dispatch.text": {"zh": "{text}", "en": "{text}"},
})

Part = tuple[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Reason:
    """One or more catalogue entries with their values; ``str()`` is the English text."""

    parts: tuple[Part, ...]

    def text(self, lang: str = "en") -> str:
        """The reason in ``lang``; a value written ``@key`` is itself a catalogue entry (a festival's name)."""
        sep = "；" if lang == "zh" else "; "
        return sep.join(t(key, lang, **{k: t(v[1:], lang) if v.startswith("@") else v for k, v in params})
                        for key, params in self.parts)

    def __str__(self) -> str:
        return self.text("en")

    def plus(self, other: Reason) -> Reason:
        return Reason(self.parts + other.parts)

    def to_json(self) -> str:
        return json.dumps([[key, dict(params)] for key, params in self.parts], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Reason:
        """The stored form back; plain text (an older row) becomes a literal reason."""
        try:
            data = json.loads(text)
            return cls(tuple((str(k), tuple((str(a), str(b)) for a, b in dict(p).items())) for k, p in data))
        except (ValueError, TypeError):
            return reason("dispatch.text", text=text)


def reason(key: str, **params: object) -> Reason:
    return Reason(((key, tuple((k, str(v)) for k, v in params.items())),))
