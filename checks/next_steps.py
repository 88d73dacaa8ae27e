"""What the clerk does next, per verdict: whom to call, how to book and pay a visit, where the report goes.

Pure: the sub-centre's service point (from the site's settings in the registry) and the visit fee come
in as data. The rules behind the words: payment only from the enterprise's corporate account, by
transfer or deposit, never cash, the stamped bank receipt is the proof (§2.3, §10.1); the engineer
comes within 2 working days of the payment (§2.6); the sub-centre notifies every enterprise of a site
before the central installation (§10.3).
"""

from __future__ import annotations

from typing import NamedTuple

from checks.i18n import add, t

add({
    "next.title": {"zh": "下一步", "en": "What to do next"},
    "next.ready": {"zh": "这台电脑符合要求，可以安装QP系统。",
                   "en": "This computer meets the requirements: QP can be installed on it."},
    "next.ready.book": {"zh": "分中心会在本现场集中安装前通知贵公司；需要另约安装时间的，请致电 {phone}。",
                        "en": "The sub-centre notifies your company before the central installation at your site; "
                              "to agree another time, call {phone}."},
    "next.ready.book_any": {"zh": "分中心会在本现场集中安装前通知贵公司；需要另约安装时间的，请致电所属数据分中心。",
                            "en": "The sub-centre notifies your company before the central installation at your "
                                  "site; to agree another time, call your data sub-centre."},
    "next.not_ready": {"zh": "先按上面的“处理办法”处理标为“不符合”的项目，处理后再运行一次自检。",
                       "en": "First fix the items marked FAIL as the “What to do” lines say, then run the self-check "
                             "again."},
    "next.undetermined": {"zh": "有 {n} 个项目无法自动检测，需要工程师到现场或远程核实。",
                          "en": "{n} item(s) could not be checked automatically: an engineer has to verify them, "
                                "on site or remotely."},
    "next.send": {"zh": "请把本报告（HTML文件或打印件）发送到 {email}。",
                  "en": "Send this report (the HTML file or a printout) to {email}."},
    "next.send_desk": {"zh": "请把本报告打印出来，交到{name}（{address}）。",
                       "en": "Print this report and hand it in at the {name} ({address})."},
    "next.send_any": {"zh": "请把本报告发送给所属的数据分中心。", "en": "Send this report to your data sub-centre."},
    "next.visit": {"zh": "需要工程师上门的，请致电 {phone} 预约（单次上门维护费 {fee} 元/台）。",
                   "en": "For an engineer's visit, call {phone} to book it (a single maintenance visit costs "
                         "{fee} yuan per computer)."},
    "next.visit_nofee": {"zh": "需要工程师上门的，请致电 {phone} 预约。", "en": "For an engineer's visit, call {phone} to book it."},
    "next.pay": {"zh": "费用须从贵公司的对公账户转账或现金存入“{payee}”在{bank}开立的账户，分中心不收现金；"
                       "盖章的银行回单（原件和复印件）是付款凭证（§2.3）。款项到账后2个工作日内上门（§2.6）。",
                 "en": "Pay from your company's corporate account, by transfer or cash deposit to the account of "
                       "“{payee}” at {bank}; the sub-centre takes no cash. The stamped bank receipt (original and "
                       "copy) is the proof of payment (§2.3). The engineer comes within 2 working days of the "
                       "payment (§2.6)."},
    "next.contact": {"zh": "联系：{name}{person}，电话 {phone}，地址：{address}{hours}",
                     "en": "Contact: {name}{person}, phone {phone}, address: {address}{hours}"},
    "next.contact.person": {"zh": "（{person}）", "en": " ({person})"},
    "next.contact.hours": {"zh": "，工作日 {hours}", "en": ", working days {hours}"},
    "next.no_site": {"zh": "所属现场的分中心联系方式：运行自检时加 --site 现场代码（如 --site 5301），报告会列出电话、地址和付款方式。",
                     "en": "For your sub-centre's phone, address and how to pay, run the self-check with --site "
                           "and your customs site code (e.g. --site 5301)."},
})


class ServicePoint(NamedTuple):  # a NamedTuple: built at import in a fraction of a frozen dataclass's time
    """The sub-centre's service point of the terminal's customs site, as the report shows it."""

    site_code: str
    site_name: str
    name: str
    phone: str
    address: str
    contact: str | None = None
    email: str | None = None
    hours: str | None = None
    payee: str | None = None
    bank: str | None = None
    visit_fee_yuan: str | None = None  # a single maintenance visit, from the price table in force


def contact_line(sp: ServicePoint, lang: str) -> str:
    """Whom to call: the service point's name, person, phone, address and office hours."""
    return t("next.contact", lang, name=sp.name, phone=sp.phone, address=sp.address,
             person=t("next.contact.person", lang, person=sp.contact) if sp.contact else "",
             hours=t("next.contact.hours", lang, hours=sp.hours) if sp.hours else "")


def next_steps(verdict: str, unknown_count: int, sp: ServicePoint | None, lang: str) -> list[str]:
    """The lines of "what to do next" for ``verdict`` (ready / not_ready / undetermined), in order."""
    lines: list[str] = []
    if verdict == "ready":
        lines.append(t("next.ready", lang))
    elif verdict == "not_ready":
        lines.append(t("next.not_ready", lang))
    else:
        lines.append(t("next.undetermined", lang, n=unknown_count))
    if sp is None:
        lines.append(t("next.send_any", lang))
        if verdict == "ready":
            lines.append(t("next.ready.book_any", lang))
        lines.append(t("next.no_site", lang))
        return lines
    if sp.email:
        lines.append(t("next.send", lang, email=sp.email))
    else:
        lines.append(t("next.send_desk", lang, name=sp.name, address=sp.address))
    if verdict == "ready":
        lines.append(t("next.ready.book", lang, phone=sp.phone))
    else:
        lines.append(t("next.visit", lang, phone=sp.phone, fee=sp.visit_fee_yuan) if sp.visit_fee_yuan
                     else t("next.visit_nofee", lang, phone=sp.phone))
        if sp.payee and sp.bank:
            lines.append(t("next.pay", lang, payee=sp.payee, bank=sp.bank))
    lines.append(contact_line(sp, lang))
    return lines
