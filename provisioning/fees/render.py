"""A quote as text (zh/en) and as a standalone HTML page; every text escaped, bank numbers masked."""

from __future__ import annotations

import html

from checks.i18n import add, t
from checks.textio import safe_text
from provisioning.fees.quote import Quote

add({
    "q.title": {"zh": "安装维护费用报价单", "en": "Quote for QP installation and maintenance"},
    "q.enterprise": {"zh": "企业", "en": "Enterprise"},
    "q.date": {"zh": "报价日期", "en": "Date"},
    "q.number": {"zh": "报价单号", "en": "Quote No."},
    "q.version": {"zh": "价格表版本", "en": "Price table"},
    "q.terminals": {"zh": "QP 终端数", "en": "QP terminals"},
    "q.plan": {"zh": "维护方式", "en": "Maintenance plan"},
    "q.item.installation": {"zh": "初装费（每5台为一档，不足5台按5台计）",
                            "en": "Installation (per started block of 5 terminals)"},
    "q.item.maintenance": {"zh": "维护费（按台计）", "en": "Maintenance (per computer)"},
    "q.total": {"zh": "合计", "en": "Total"},
    "q.capital": {"zh": "大写", "en": "In capital numerals"},
    "q.plan.per-visit": {"zh": "单次维护", "en": "per visit"},
    "q.plan.monthly": {"zh": "包月维护", "en": "monthly"},
    "q.pay": {"zh": "付款方式：分中心不收现金。请从企业对公账户银行转账，或到银行将现金存入下列账户；"
                    "不得使用私人账户转账。凭加盖公章的银行回执原件和复印件到分中心办理手续。",
              "en": "Payment: no cash at the sub-centre. Transfer from the enterprise's corporate account, or deposit "
                    "cash at the bank, into the account below; never from a private account. Bring the stamped "
                    "bank receipt (original and copy) to the sub-centre."},
    "q.payee": {"zh": "收款账户：{payee}，开户行：{bank}，账号：{number}",
                "en": "Payee account: {payee}, bank: {bank}, account number: {number}"},
    "q.col.item": {"zh": "项目", "en": "item"},
    "q.col.quantity": {"zh": "数量", "en": "quantity"},
    "q.col.unit": {"zh": "单价（元）", "en": "unit price (yuan)"},
    "q.col.amount": {"zh": "金额（元）", "en": "amount (yuan)"},
    "q.payer": {"zh": "付款账户（须为企业对公账户）", "en": "Paying account (corporate, in the enterprise's name)"},
})


def yuan(fen: int) -> str:
    """``150000`` → ``1,500.00``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def _grouped(number: str) -> str:
    """An account number in groups of four digits, as printed on bank forms."""
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4)) if number else "-"


def quote_text(q: Quote, lang: str, payee: str, bank: str, number: str = "") -> str:
    rows = [t("q.title", lang), f"{t('q.number', lang)}: {q.number}"]
    if q.enterprise_name:
        rows.append(f"{t('q.enterprise', lang)}: {safe_text(q.enterprise_name)} ({q.customs_code})")
    rows += [f"{t('q.date', lang)}: {q.quoted_on}   {t('q.version', lang)}: {q.price_version}",
             f"{t('q.terminals', lang)}: {q.terminals}   {t('q.plan', lang)}: {t('q.plan.' + q.plan, lang)} / {q.tier}"]
    for line in q.lines:
        rows.append(f"  {t('q.item.' + line.item, lang)}: {line.quantity} × {yuan(line.unit_fen)} = "
                    f"{yuan(line.amount_fen)}")
    rows.append(f"{t('q.total', lang)}: ¥{yuan(q.total_fen)}   {t('q.capital', lang)}: {q.total_capital}")
    if q.payer_account:
        rows.append(f"{t('q.payer', lang)}: {q.payer_account}")
    rows.extend(q.notes)
    rows.append(t("q.pay", lang))
    rows.append(t("q.payee", lang, payee=safe_text(payee), bank=safe_text(bank), number=_grouped(number)))
    return "\n".join(rows)


def quote_rows(q: Quote, lang: str) -> tuple[list[str], list[list[object]]]:
    """The quote as a table (header, rows) for :func:`checks.textio.csv_text`: one row per line and the total."""
    header = [t("q.col.item", lang), t("q.col.quantity", lang), t("q.col.unit", lang), t("q.col.amount", lang)]
    rows: list[list[object]] = [[t("q.item." + ln.item, lang), ln.quantity, yuan(ln.unit_fen), yuan(ln.amount_fen)]
                                for ln in q.lines]
    rows.append([t("q.total", lang), "", "", yuan(q.total_fen)])
    rows.append([t("q.capital", lang), "", "", q.total_capital])
    return header, rows


def quote_html(q: Quote, lang: str, payee: str, bank: str, number: str = "") -> str:
    e = html.escape
    head = f"<h1>{e(t('q.title', lang))}</h1>\n<table class='meta'>"
    meta = [(t("q.number", lang), q.number)]
    if q.enterprise_name:
        meta.append((t("q.enterprise", lang), f"{q.enterprise_name} ({q.customs_code})"))
    meta += [(t("q.date", lang), str(q.quoted_on)), (t("q.version", lang), q.price_version),
             (t("q.terminals", lang), str(q.terminals)),
             (t("q.plan", lang), f"{t('q.plan.' + q.plan, lang)} / {q.tier}")]
    if q.payer_account:
        meta.append((t("q.payer", lang), q.payer_account))
    head += "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in meta) + "</table>\n"
    body = "<table class='lines'>" + "".join(
        f"<tr><td>{e(t('q.item.' + ln.item, lang))}</td><td class='n'>{ln.quantity}</td>"
        f"<td class='n'>{e(yuan(ln.unit_fen))}</td><td class='n'>{e(yuan(ln.amount_fen))}</td></tr>"
        for ln in q.lines)
    body += (f"<tr class='total'><th colspan='3'>{e(t('q.total', lang))}</th>"
             f"<td class='n'>¥{e(yuan(q.total_fen))}</td></tr></table>\n"
             f"<p class='capital'>{e(t('q.capital', lang))}: <strong>{e(q.total_capital)}</strong></p>\n")
    notes = "".join(f"<p>{e(n)}</p>" for n in q.notes)
    pay = (f"<p class='pay'>{e(t('q.pay', lang))}<br><strong>"
           f"{e(t('q.payee', lang, payee=payee, bank=bank, number=_grouped(number)))}</strong></p>")
    style = ("body{font-family:sans-serif;max-width:46em;margin:2em auto}table{border-collapse:collapse;width:100%}"
             "td,th{border:1px solid #999;padding:.3em .6em;text-align:left}.n{text-align:right}"
             ".total th,.total td{font-weight:bold}.pay{border:2px solid #a00;padding:.6em}")
    return (f"<!DOCTYPE html>\n<html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
            f"<title>{e(t('q.title', lang))}</title><style>{style}</style></head><body>\n"
            f"{head}{body}{notes}{pay}\n</body></html>\n")
