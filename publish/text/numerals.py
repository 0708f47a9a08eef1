"""The issue's number within its year, read from the model's ``number`` (2024年第2期 → 2).

Readers show it as the series index (EPUB ``group-position``: calibre's "#2"); a running
total (总第120期) is not it.
"""
from __future__ import annotations

import re
import unicodedata

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_NUMBER = re.compile(r"(?<!总)第\s*([0-9]{1,6}|[零〇一二两三四五六七八九十百]+)\s*期")   # int() bounded
_BARE = re.compile(r"(?:^|年)\s*([0-9]{1,3})\s*(?:期|$)")


def chinese_numeral(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一〇二 → 102, 一百零五 → 105; None when not a numeral."""
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    if "十" not in text and "百" not in text:
        value = 0
        for c in text:
            value = value * 10 + _DIGITS[c]
        return value
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[c]
    return total + current


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
