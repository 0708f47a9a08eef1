"""The issue's number within its year, read from the model's ``number`` (2024年第2期 → 2).

Readers show it as the series index (EPUB ``group-position``: calibre's "#2"); a running
total (总第120期) is not it.
"""
from __future__ import annotations

import re
import unicodedata

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"(?<!总)第\s*([0-9]{1,6}|[零〇一二两三四五六七八九十百]+)\s*期")   # int() bounded
_BARE = re.compile(r"(?:^|年)\s*([0-9]{1,3})\s*(?:期|$)")


def chinese_numeral(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一千零一 → 1001, 一〇二 → 102; None when not a numeral.

    Without 十, 百 or 千 the digits are read one by one (一〇二, 二〇二四); with them, a digit
    multiplies the unit after it (a bare unit counts once: 十二), units must fall (十百 is no
    numeral), two digits never stand together except after 零 (二三十 is none; 一百零五 is).
    The one Chinese numeral reader: issue numbers (第十二期) and 目录 pages printed as words.
    """
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    if not any(c in _UNITS for c in text):
        value = 0
        for c in text:
            value = value * 10 + _DIGITS[c]
        return value
    total, digit, last_unit = 0, None, 10_000
    for c in text:
        if c in _DIGITS:
            if digit:                       # 二三十: two digits in a row
                return None
            digit = _DIGITS[c]
        else:
            unit = _UNITS[c]
            if unit >= last_unit or digit == 0:         # 十百, 零十
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def number_in_year(number: str | None) -> int | None:
    """2024年第2期 → 2; 第十二期 → 12; 2024年3期 → 3; 总第120期 alone → None."""
    if not number:
        return None
    text = unicodedata.normalize("NFKC", number)
    for pattern in (_NUMBER, _BARE):
        for m in pattern.finditer(text):
            raw = m.group(1)
            value = int(raw) if raw.isdigit() else chinese_numeral(raw)
            if value:
                return value
    return None
