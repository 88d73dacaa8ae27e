"""The registry's rule messages about contracts and entry rights, in Simplified Chinese and English (checks.i18n).

The loader renders them in the language it is given (``load_registry(..., lang=)``): the CLI passes
``--lang``, the Ansible inventory plugin English.
"""

from __future__ import annotations

from checks.i18n import add

add({
    "reg.v1": {
        "zh": "registry_version 1 是旧格式：第 {v} 版把传输费协议（transmission_contract，§1）和技术服务协议"
              "（service_agreement，§2.4）分开记录，不再用一个 contract；请改写文件并设 registry_version: {v}（见 README 企业登记册）",
        "en": "registry_version 1 is the old format: version {v} records the transmission-fee contract "
              "(transmission_contract, §1) and the technical service agreement (service_agreement, §2.4) separately "
              "instead of one 'contract'; update the file and set registry_version: {v} (README: enterprise registry)"},
    "reg.v1_contract": {
        "zh": "contract（第 1 版）把两份合同写在一起：请改为 transmission_contract（传输费协议《委托银行代收电子报关数据传输服务费"
              "合同书》，§1：status、signed_on、signer、account_number）和 service_agreement（技术服务协议，§2.4：status、signed_on）",
        "en": "'contract' (registry_version 1) was one field for two contracts: write transmission_contract (传输费协议 "
              "《委托银行代收电子报关数据传输服务费合同书》, §1: status, signed_on, signer, account_number) and "
              "service_agreement (技术服务协议, §2.4: status, signed_on) instead"},
    "reg.tc.needs": {"zh": "已签订的传输费协议须有 {what}", "en": "a signed transmission-fee contract needs {what}"},
    "reg.tc.needs.signed_on": {"zh": "signed_on（签订日期 YYYY-MM-DD）", "en": "signed_on (YYYY-MM-DD)"},
    "reg.tc.needs.signer": {"zh": "signer（企业全称，§1.1）", "en": "signer (the enterprise's full registered name, §1.1)"},
    "reg.tc.needs.account_number": {"zh": "account_number（合同上的扣款账号，§1.1）",
                                    "en": "account_number (the debit account the contract names, §1.1)"},
    "reg.tc.not_signed_but": {"zh": "传输费协议状态为“{status}”，却写了 signed_on/signer/account_number",
                              "en": "transmission-fee contract status is '{status}' but signed_on/signer/account_number "
                                    "are given"},
    "reg.sa.needs": {"zh": "已签订的技术服务协议须有 signed_on（YYYY-MM-DD）",
                     "en": "a signed technical service agreement needs signed_on (YYYY-MM-DD)"},
    "reg.sa.not_signed_but": {"zh": "技术服务协议状态为“{status}”，却写了 signed_on",
                              "en": "technical service agreement status is '{status}' but signed_on is given"},
    "reg.future": {"zh": "签订日期 {day} 在将来", "en": "signed_on {day} is in the future"},
    "reg.tc.unsigned": {"zh": "传输费协议{status}：签订后才授予录入权（暂存/上载，§4.4），且须在本关集中安装前办完手续（§1.2）",
                        "en": "transmission-fee contract {status}: entry rights (暂存/上载) are granted only once it is "
                              "signed (§4.4), and formalities must be complete before the site's central installation "
                              "(§1.2)"},
    "reg.tc.signer": {"zh": "合同签订人“{signer}”与扣款账户名“{account}”不一致（§1.1）",
                      "en": "contract signer '{signer}' differs from bank account name '{account}' (§1.1)"},
    "reg.tc.account": {"zh": "{day} 签订的传输费协议写的是账户 {old}，现在的扣款账户是 {new}：只有账户名称和账号都不变时才能沿用原合同"
                             "（§1.3），请重新签订传输费协议",
                       "en": "the contract of {day} names account {old} but the debit account is now {new}: a contract "
                             "is reused only while the account name and number are unchanged (§1.3); sign a new "
                             "transmission-fee contract"},
    "reg.sa.old": {"zh": "{day} 签订，早于新协议日期 {cutoff}", "en": "signed on {day}, before the new agreement of {cutoff}"},
    "reg.sa.status": {"zh": "技术服务协议{status}", "en": "technical service agreement {status}"},
    "reg.sa.must": {"zh": "在116家名单内且已装 QP：安装或维护前必须重新签订新的技术服务协议（{what}）（§2.4）",
                    "en": "on the approved list with QP installed before: must sign the new technical service "
                          "agreement before any install or maintenance ({what}) (§2.4)"},
    "reg.sa.later": {"zh": "不在116家名单内、已装 QP：技术服务协议可后续补签（{what}），按新标准收费（§2.5）",
                     "en": "not on the approved list, QP installed: may sign the technical service agreement later "
                           "({what}); fees at the new standard (§2.5)"},
    "reg.sa.before_install": {"zh": "{what}：安装维护按技术服务协议的新标准，安装前签订（§2.4）",
                              "en": "{what}: installation and maintenance are at the new standard of the technical "
                                    "service agreement, to be signed before the installation (§2.4)"},
    "reg.card.entry": {"zh": "卡 {number} 有录入权（{rights}），但企业没有已签订的传输费协议（{status}）：只给签订了"
                             "《委托银行代收电子报关数据传输服务费合同书》的企业授予录入权（§3.2、§4.4）",
                       "en": "card {number} holds entry rights ({rights}) but the enterprise has no signed "
                             "transmission-fee contract ({status}): entry rights are granted only to enterprises that "
                             "signed 《委托银行代收电子报关数据传输服务费合同书》 (§3.2, §4.4)"},
    "reg.status.signed": {"zh": "已签订", "en": "signed"},
    "reg.status.pending": {"zh": "待签订", "en": "pending"},
    "reg.status.none": {"zh": "未签订", "en": "none"},
})
