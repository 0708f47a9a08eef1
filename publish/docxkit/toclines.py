"""Where a 目录 line of the DOCX breaks: the writer breaks each entry itself.

Word and LibreOffice would fill every line to the right edge, so a title that fills its
last line pushes the leader and page number onto a line of their own. Here every line stops
``RESERVE`` characters short of the edge (the page-number column, as in print), breaks only
where clreq allows (publish.layout.rules), and continuation lines sit under the hanging
indent; the last line then always has room for a leader and the number.
"""
from __future__ import annotations

import unicodedata

from ..layout.rules import break_opportunities
from . import config

RESERVE = 2          # characters kept free at the right: the page-number column


def capacity(spec: config.StyleSpec) -> float:
    """Full-width characters a line of the style holds (its character spacing included)."""
    advance = spec.size * 20 + (spec.char_spacing or 0)
    return (config.TEXT_WIDTH - (spec.left_chars - spec.hanging_chars + spec.right_chars)
            * spec.size * 20) / advance


def width(ch: str) -> float:
    return 0.5 if unicodedata.east_asian_width(ch) in ("Na", "H") else 1.0


def toc_lines(title: str, spec: config.StyleSpec) -> list[str]:
    """The title cut into 目录 lines (first line flush, the others under the hanging indent)."""
    first = capacity(spec) - RESERVE
    others = first - spec.hanging_chars
    ok = break_opportunities(title)
    lines, start = [], 0
    while start < len(title):
        limit = first if not lines else others
        used, end, last_ok = 0.0, start, None
        while end < len(title) and used + width(title[end]) <= limit:
            used += width(title[end])
            end += 1
            if ok[end]:
                last_ok = end
        if end == len(title):
            cut = end
        else:
            cut = last_ok if last_ok and last_ok > start else max(end, start + 1)
        lines.append(title[start:cut].rstrip())
        start = cut
        while start < len(title) and title[start] == " ":
            start += 1
    return _no_lone_last_character(title, lines, ok) if lines else [""]


def _no_lone_last_character(title: str, lines: list[str], ok: list[bool]) -> list[str]:
    """A last line of one character (…会议公 / 报) takes one more from the line above
    (…会议 / 公报), where the rules allow a break there: Chinese words are mostly two
    characters, and print never leaves one alone before the leader."""
    if len(lines) < 2 or len(lines[-1]) != 1 or len(lines[-2]) < 3:
        return lines
    cut = sum(len(line) for line in lines[:-1]) - 1        # before the last char above
    if " " in title or not ok[cut]:
        return lines
    return [*lines[:-2], lines[-2][:-1], lines[-2][-1] + lines[-1]]
