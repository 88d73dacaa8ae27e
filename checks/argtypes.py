"""Argument types for argparse that refuse what ``int``/``float`` let through.

``int("٣")``, ``int("1_000")`` and a 30-digit number are all accepted by ``type=int``; the last one
then overflows SQLite (a traceback). ``float("nan")`` passes every ``<= 0`` check. These types take
plain ASCII decimals in a stated range only, so argparse reports a usage error (exit 2) instead.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable

from checks import i18n

_WHOLE = re.compile(r"[-+]?[0-9]{1,19}")
i18n.add({
    "arg.whole": {"zh": "须为 {lo} 至 {hi} 之间的整数（半角数字），不能是 {text}",
                  "en": "must be a whole number {lo}-{hi}, not {text}"},
    "arg.seconds": {"zh": "须为大于 0、不超过 {hi} 的秒数，不能是 {text}",
                    "en": "must be a number of seconds above 0 and at most {hi}, not {text}"},
})


def whole_number(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``lo`` to ``hi`` written in ASCII digits."""
    def parse(text: str) -> int:
        if not _WHOLE.fullmatch(text.strip()) or not lo <= int(text) <= hi:
            raise argparse.ArgumentTypeError(i18n.h("arg.whole", lo=lo, hi=hi, text=repr(text[:30])))
        return int(text)

    parse.__name__ = "whole number"
    return parse


def seconds(hi: float) -> Callable[[str], float]:
    """An argparse type: a finite number of seconds above 0 and at most ``hi``."""
    def parse(text: str) -> float:
        try:
            value = float(text) if text.strip().isascii() else math.nan
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and 0 < value <= hi):
            raise argparse.ArgumentTypeError(i18n.h("arg.seconds", hi=f"{hi:g}", text=repr(text[:30])))
        return value

    parse.__name__ = "seconds"
    return parse
