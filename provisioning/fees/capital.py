"""Amounts in Chinese capital numerals (大写金额), as written on receipts and bank forms: 壹仟伍佰元整.

Follows the People's Bank rules for filling in bills: digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿,
元/角/分; 整 after 元 or 角 when there are no 分; one 零 for any run of zeros inside the number;
壹拾 is written in full. :func:`parse_capital` reads such text back (used to check round trips).
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
MAX_FEN = 10**16 * 100 - 1  # below 一亿亿元


def capital(fen: int) -> str:
    """``150000`` → ``壹仟伍佰元整``; ``7`` → ``柒分``; ``0`` → ``零元整``."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("capital() takes whole fen (int)")
    if fen < 0:
        return "负" + capital(-fen)
    if fen > MAX_FEN:
        raise ValueError(f"amount too large for capital numerals: {fen} fen")
    yuan, rest = divmod(fen, 100)
    jiao, fen_digit = divmod(rest, 10)
    if yuan == 0 and rest == 0:
        return "零元整"
    text = _integer_words(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen_digit and yuan:
        text += "零"
    if fen_digit:
        text += DIGITS[fen_digit] + "分"
    else:
        text += "整"
    return text


def _section_words(section: int) -> str:
    """Words for 1..9999 with inner zeros as one 零 and no trailing zeros."""
    out = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = section // 10**position % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        out += DIGITS[digit] + _SMALL_UNITS[position]
    return out


def _integer_words(n: int) -> str:
    """Words for 1 ≤ n < 10**16: a part above 亿 written with 万 (壹万零壹亿), then the rest."""
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        out = _below_yi(high) + "亿"
        if low:
            out += ("零" if low < 10**7 else "") + _below_yi(low)
        return out
    return _below_yi(n)


def _below_yi(n: int) -> str:
    high, low = divmod(n, 10**4)
    out = _section_words(high) + "万" if high else ""
    if low:
        out += ("零" if high and low < 1000 else "") + _section_words(low)
    return out


def parse_capital(text: str) -> int:
    """The amount in fen of a capital-numeral text (``壹仟伍佰元整`` → 150000)."""
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负").removesuffix("整").replace("圆", "元")
    yuan_text, _, small = text.partition("元") if "元" in text else ("", "", text)
    fen = _parse_integer(yuan_text) * 100
    digit = 0
    for ch in small:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch == "角":
            fen += digit * 10
            digit = 0
        elif ch == "分":
            fen += digit
            digit = 0
        else:
            raise ValueError(f"unexpected character {ch!r} in {text!r}")
    return sign * fen


def _parse_integer(text: str) -> int:
    total = section = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in "拾佰仟":
            section += (digit or 1) * 10 ** "拾佰仟".index(ch) * 10
            digit = 0
        elif ch == "万":
            section = (section + digit) * 10000
            digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise ValueError(f"unexpected character {ch!r} in {text!r}")
    return total + section + digit
