"""Checks of the identifiers the registry holds: customs code, organisation code, credit code, phone, host.

Each check returns ``None`` when the value is well formed, else the reason in a few words.
The organisation code (组织机构代码, GB 11714) and the unified social credit code
(统一社会信用代码, GB 32100-2015) carry check characters, which are verified.
"""

from __future__ import annotations

import functools
import ipaddress
import re

from checks.i18n import Msg, add

add({
    "code.site": {"zh": "海关现场（关区）代码是4位数字", "en": "a customs site code is 4 digits"},
    "code.customs_len": {"zh": "海关编码有10个字符，不是 {n} 个", "en": "a customs code has 10 characters, not {n}"},
    "code.customs_chars": {"zh": "海关编码只能有数字和大写字母", "en": "a customs code has only digits and capital letters"},
    "code.org_chars": {"zh": "组织机构代码是8位数字或大写字母加1位校验码",
                       "en": "an organisation code has 8 digits or capital letters and a check character"},
    "code.org_check": {"zh": "组织机构代码的校验码是“{got}”，应为“{expected}”",
                       "en": "organisation code check character is '{got}', should be '{expected}'"},
    "code.uscc_chars": {"zh": "统一社会信用代码只用数字和大写字母（不含 I、O、S、V、Z）",
                        "en": "a unified social credit code uses digits and capitals without I, O, S, V, Z"},
    "code.uscc_check": {"zh": "统一社会信用代码的校验码是“{got}”，应为“{expected}”",
                        "en": "unified social credit code check character is '{got}', should be '{expected}'"},
    "code.org_len": {"zh": "组织机构代码是9个字符，统一社会信用代码是18个，不是 {n} 个",
                     "en": "an organisation code has 9 characters or a unified social credit code 18, not {n}"},
    "code.host": {"zh": "主机名只能有小写字母、数字和“-”（最多63个）",
                  "en": "a host name has lower-case letters, digits and '-' (max 63)"},
    "code.address": {"zh": "不是IP地址", "en": "not an IP address"},
    "code.phone": {"zh": "电话号码是手机号（11位）或固定电话，如 0755-83456789",
                   "en": "a phone number is a mobile (11 digits) or 0755-83456789"},
    "code.email": {"zh": "不是电子邮件地址", "en": "not an e-mail address"},
    "code.card": {"zh": "卡号是6到20位数字或大写字母", "en": "a card number has 6 to 20 digits or capital letters"},
    "code.credential": {"zh": "凭据引用是一个名称（字母、数字、- _ .）",
                        "en": "a credential reference is a name (letters, digits, - _ .)"},
    "code.bank": {"zh": "银行账号是8到30位数字0-9", "en": "a bank account number has 8 to 30 digits 0-9"},
})

_CUSTOMS_CODE = re.compile(r"[0-9A-Z]{10}")
_SITE_CODE = re.compile(r"[0-9]{4}")
_ORG_BODY = re.compile(r"[0-9A-Z]{8}")
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_PHONE = re.compile(r"(1[3-9][0-9]{9})|(0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,5})?)")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_CARD_NUMBER = re.compile(r"[0-9A-Z]{6,20}")
_CREDENTIAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def site_code_problem(code: str) -> str | None:
    """A customs site (关区) code is four digits."""
    return None if _SITE_CODE.fullmatch(code) else Msg("code.site")


def customs_code_problem(code: str) -> str | None:
    """A customs code (海关编码) is ten digits or capital letters."""
    if len(code) != 10:
        return Msg("code.customs_len", n=len(code))
    if not _CUSTOMS_CODE.fullmatch(code):
        return Msg("code.customs_chars")
    return None


def org_code_check_char(body: str) -> str:
    """The check character of an 8-character organisation code body (GB 11714)."""
    total = sum(_char_value(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_check_char(body: str) -> str:
    """The check character of a 17-character unified social credit code body (GB 32100-2015)."""
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def _char_value(ch: str) -> int:
    return int(ch) if "0" <= ch <= "9" else ord(ch) - ord("A") + 10


def org_code_problem(code: str) -> str | None:
    """An organisation code: 9 characters (组织机构代码, ``12345678-9`` allowed) or an 18-character credit code."""
    plain = code.replace("-", "") if len(code) == 10 and code[8:9] == "-" else code
    if len(plain) == 9:
        body, check = plain[:8], plain[8]
        if not _ORG_BODY.fullmatch(body):
            return Msg("code.org_chars")
        expected = org_code_check_char(body)
        if check != expected:
            return Msg("code.org_check", got=check, expected=expected)
        return None
    if len(plain) == 18:
        if any(ch not in USCC_CHARS for ch in plain):
            return Msg("code.uscc_chars")
        expected = uscc_check_char(plain[:17])
        if plain[17] != expected:
            return Msg("code.uscc_check", got=plain[17], expected=expected)
        return None
    return Msg("code.org_len", n=len(plain))


def host_problem(host: str) -> str | None:
    """A host name: lower-case letters, digits and hyphens (one DNS label, as Ansible and WinRM use it)."""
    # str methods first: this runs for every terminal of a 60,000-terminal registry
    if len(host) <= 63 and host.isascii() and host[:1] != "-" and host[-1:] != "-" \
            and host.replace("-", "").isalnum() and host == host.lower():
        return None
    return None if _HOST.fullmatch(host) else Msg("code.host")


_IPV4 = re.compile(r"(?:[1-9]?[0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(?:\.(?:[1-9]?[0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])){3}")


def address_problem(address: str) -> str | None:
    """An IPv4 or IPv6 address."""
    if _IPV4.fullmatch(address):
        return None
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return Msg("code.address")
    return None


def phone_problem(phone: str) -> str | None:
    """A mainland mobile (13812345678) or landline (0755-83456789) number."""
    plain = phone.replace(" ", "")
    return None if _PHONE.fullmatch(plain) else Msg("code.phone")


def email_problem(email: str) -> str | None:
    """A plausible e-mail address."""
    return None if _EMAIL.fullmatch(email) else Msg("code.email")


def card_number_problem(number: str) -> str | None:
    """A card number: 6 to 20 digits or capital letters."""
    return None if _CARD_NUMBER.fullmatch(number) else Msg("code.card")


@functools.lru_cache(maxsize=1024)
def credential_problem(name: str) -> str | None:
    """A credential reference: a name looked up in the vault, never the secret itself."""
    return None if _CREDENTIAL.fullmatch(name) else Msg("code.credential")


def bank_number_problem(number: str) -> str | None:
    """A bank account number: 8 to 30 digits, spaces allowed."""
    digits = number.replace(" ", "")
    if not (digits.isascii() and digits.isdigit()) or not 8 <= len(digits) <= 30:  # never full-width ６ or ٦
        return Msg("code.bank")
    return None


def address_key(address: str) -> str:
    """The one spelling of an address for comparisons: ``::ffff:10.53.1.11`` is ``10.53.1.11``, and IPv6
    in its compressed lower-case form."""
    if ":" not in address:
        return address  # IPv4 as address_problem accepts it is already in its one form
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    mapped = getattr(ip, "ipv4_mapped", None)
    return str(mapped or ip)
