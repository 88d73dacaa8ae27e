"""The registry's messages (fields, contracts, entry rights, cards), in Simplified Chinese and English (checks.i18n).

The loader and the rules report them as :class:`checks.i18n.Msg`: English is the text of record (the Ansible
inventory plugin, JSON), and whoever shows a problem to a person renders it in the person's language.
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
        "en": "'contract' (registry_version 1) was one field for two contracts: write transmission_contract (the "
              "transmission-fee contract with the bank, §1: status, signed_on, signer, account_number) and "
              "service_agreement (the technical service agreement, §2.4: status, signed_on) instead"},
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
                        "en": "transmission-fee contract {status}: entry rights (save/upload) are granted only once it is "
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
                             "signed the transmission-fee contract with the bank (§3.2, §4.4)"},
    "reg.status.signed": {"zh": "已签订", "en": "signed"},
    "reg.status.pending": {"zh": "待签订", "en": "pending"},
    "reg.status.none": {"zh": "未签订", "en": "not signed"},
    "reg.status.tc": {"zh": "传输费协议{status}", "en": "transmission_contract {status}"},
    "right.save": {"zh": "暂存 save", "en": "save"},
    "right.upload": {"zh": "上载 upload", "en": "upload"},
    "right.declare": {"zh": "申报 declare", "en": "declare"},
    "inv.err.site": {"zh": "未知的海关现场 {site}；已知：{known}", "en": "unknown customs site {site}; known: {known}"},
    "inv.err.enterprise": {"zh": "没有海关编码或名称为 {key} 的企业", "en": "no enterprise with customs code or name {key}"},
    "service.err.no_sub_centre": {
        "zh": "海关现场 {site} 在登记册中没有 sub_centre 设置（分中心服务点的名称、电话、地址）",
        "en": "customs site {site} has no sub_centre settings (name, phone, address) in the registry"},
    "reg.err.list": {"zh": '无法列出登记册文件夹（详情：{detail}）', "en": 'registry folder cannot be listed ({detail})'},
    "reg.err.no_files": {"zh": '这个文件夹里没有登记册文件（*.yml、*.yaml）', "en": 'no registry files (*.yml, *.yaml) in this folder'},
    "reg.err.empty_file": {"zh": '登记册文件是空的（没有现场，也没有企业）：请填写或删除它', "en": 'registry file is empty (no sites, no enterprises); fill it or remove it'},
    "reg.err.version": {"zh": '本版 qpfleet 读取 registry_version {supported}，不是 {version}', "en": 'this qpfleet reads registry_version {supported}, not {version}'},
    "reg.err.policy_twice": {"zh": 'policy 已经在 {first} 设置过', "en": 'policy is already set at {first}'},
    "reg.err.site_twice": {"zh": '海关现场代码“{code}”重复（第一次在 {first}）', "en": "duplicate customs site code '{code}' (first at {first})"},
    "reg.err.secret": {"zh": '登记册中不能有密码或其他机密：请放在 vault 中，这里写 credential: 名称', "en": "no passwords or secrets in the registry; keep them in the vault and give 'credential: NAME' here"},
    "reg.err.credential": {"zh": '{via} 连接需要 credential: 名称（引用 vault 中的账户）', "en": "a {via} connection needs 'credential: NAME' (a reference to the vault)"},
    "reg.err.port": {"zh": '端口应为 1 到 65535，不能是 {port}', "en": 'a port is 1-65535, not {port}'},
    "reg.err.right": {"zh": '无效的权限 {right}；可选：save（暂存）、upload（上载）、declare（申报）', "en": 'invalid right {right}; valid: save, upload, declare'},
    "reg.err.right_twice": {"zh": '权限“{name}”列了两次', "en": "right '{name}' listed twice"},
    "reg.err.duplicate.customs_code": {"zh": '海关编码“{value}”重复（第一次在 {first}）', "en": "duplicate customs code '{value}' (first at {first})"},
    "reg.err.duplicate.host": {"zh": '主机名“{value}”重复（第一次在 {first}）', "en": "duplicate host name '{value}' (first at {first})"},
    "reg.err.duplicate.address": {"zh": '地址“{value}”重复（第一次在 {first}）', "en": "duplicate address '{value}' (first at {first})"},
    "reg.err.duplicate.number": {"zh": '卡号“{value}”重复（第一次在 {first}）', "en": "duplicate card number '{value}' (first at {first})"},
    "reg.err.over_count": {"zh": '登记了 {n} 台QP终端，但海关只核准 {approved} 台：终端 {host} 及其后的终端超出了核准台数（§6.2）', "en": '{n} QP terminals but customs approved {approved}: terminal {host} and any after it are over the approved count (§6.2)'},
    "reg.err.laptop": {"zh": '笔记本电脑不能作为QP终端（{host}）：只能用台式机（§6.1）', "en": "'laptop' cannot be a QP terminal ({host}): desktops only (§6.1)"},
    "reg.err.longda_qp": {"zh": '{host} 是龙达备份机：不能安装QP，保持原样不作改动（§6.1、§6.2）', "en": '{host} is a Longda backup: QP is never installed on it and it stays untouched (§6.1, §6.2)'},
    "reg.err.road_port_qp": {"zh": '{host} 已安装QP，但角色是 road_port_only：请用角色 qp（QP可与公路口岸系统共用电脑，§6.5）', "en": '{host} has QP installed but role road_port_only; use role qp (QP may share the PC, §6.5)'},
    "reg.warn.pending": {"zh": '还有 {pending} 台待安装：海关核准 {approved} 台，已登记QP终端 {n} 台', "en": '{pending} installs pending: customs approved {approved}, {n} QP terminals registered'},
    "reg.err.private": {"zh": '私人账户不能付款：只能用企业的对公账户（§2.3）', "en": "a private account cannot pay: the enterprise's corporate account only (§2.3)"},
    "reg.err.account_name": {"zh": '账户名“{account}”必须与注册名称“{name}”完全一致（§1.1）', "en": "account name '{account}' must be exactly the registered name '{name}' (§1.1)"},
    "reg.err.operator_declare": {"zh": '操作员卡 {number} 不能有申报权限：只能暂存和上载（§4.1）', "en": 'operator card {number} cannot hold declare: save and upload only (§4.1)'},
    "reg.err.declarant": {"zh": '报关员IC卡 {number} 必须有申报权限（§4.2）', "en": 'declarant IC card {number} always holds declare (§4.2)'},
    "reg.warn.left": {"zh": '持卡人 {holder} 已于 {left} 离职，但卡 {number} 仍是{status}：请注销（§10.4）', "en": 'holder {holder} left on {left} but card {number} is still {status}: cancel it (§10.4)'},
    "reg.none_defined": {"zh": '（一个也没有定义）', "en": 'none defined'},
    "reg.err.hours": {"zh": '办公时间写作 HH:MM-HH:MM，例如 09:00-17:30', "en": 'office hours are written HH:MM-HH:MM, e.g. 09:00-17:30'},
    "card.status.active": {"zh": '有效', "en": 'active'},
    "card.status.suspended": {"zh": '暂停', "en": 'suspended'},
    "card.status.cancelled": {"zh": '已注销', "en": 'cancelled'},
})
