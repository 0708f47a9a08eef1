"""Where a 目录 line of the DOCX breaks: the writer breaks each entry itself.

Word and LibreOffice would fill every line to the right edge, so a title that fills its
last line pushes the leader and page number onto a line of their own. Here every line stops
``RESERVE`` characters short of the edge (the page-number column, as in print), breaks only
where clreq allows (:mod:`.rules`) and, within a few characters, after a mark or where
the words part least (:mod:`.phrases`, as the print titles), and continuation lines sit
under the hanging indent; the last line then always has room for a leader and the number.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from collections.abc import Callable
from typing import TypeVar

from ..docxkit import config
from .rules import break_opportunities
from .phrases import break_costs
from .words import tagged_words

T = TypeVar("T")

RESERVE = 3.5        # characters kept free at the right: a leader of two at least and a
                     # page number of up to three digits (a leader of one dot read as a slip)
WORD_SLACK = 4       # characters a line may give up to break after a mark
PHRASE_SLACK = 6     # characters it may give up to break between words (phrases.py)
GIVE_UP = 0.25       # a break's cost (phrases.py, ems²) per character given up
GOOD_AFTER = set(" \u3000，。、；：！？”’）》」』")


def capacity(spec: config.StyleSpec) -> float:
    """Full-width characters a line of the style holds (its character spacing included)."""
    advance = spec.size * 20 + (spec.char_spacing or 0)
    return (config.TEXT_WIDTH - (spec.left_chars - spec.hanging_chars + spec.right_chars)
            * spec.size * 20) / advance


def width(ch: str) -> float:
    return 0.5 if unicodedata.east_asian_width(ch) in ("Na", "H") else 1.0


#: Characters a wrapped 目录 title's last line holds at least, where the lines before can
#: give them up (…政府工作 / 报告 reads as a scrap; …第二次会议 / 政府工作报告 does not);
#: the print 目录 (layout/document.py) keeps it too
LAST_LINE = 4


def toc_lines(title: str, spec: config.StyleSpec) -> list[str]:
    """The title cut into 目录 lines (first line flush, the others under the hanging
    indent), with no scrap on its last line (:func:`without_a_scrap`)."""
    return without_a_scrap(lambda chars: _cut(title, spec, chars), str.strip,
                           int(capacity(spec) / 3))


def without_a_scrap(cut: Callable[[int], list[T]], text: Callable[[T], str], most: int
                    ) -> list[T]:
    """``cut(0)``, a 目录 title's lines; where its last line would hold fewer than
    ``LAST_LINE`` characters, ``cut(n)`` for the least ``n`` (characters narrower, up to
    ``most``) that gives as many lines and a last line that long. ``text``: a line's
    characters (print and DOCX 目录 lines differ in kind)."""
    lines = cut(0)
    if len(lines) < 2 or len(text(lines[-1]).strip()) >= LAST_LINE:
        return lines
    for chars in range(1, most + 1):
        narrower = cut(chars)
        if len(narrower) != len(lines):
            break
        if len(text(narrower[-1]).strip()) >= LAST_LINE:
            return narrower
    return lines


def _cut(title: str, spec: config.StyleSpec, narrower: int) -> list[str]:
    """The title cut into lines ``narrower`` characters short of the usual."""
    first = capacity(spec) - RESERVE - narrower
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
            cut = _word_cut(title, ok, start, end) or (
                last_ok if last_ok and last_ok > start else max(end, start + 1))
        line = title[start:cut]
        # a space at the break stays at the end of the line (the 目录 keeps the title whole)
        lines.append(line.rstrip() + (" " if line[-1:] == " " and cut < len(title) else ""))
        start = cut
        while start < len(title) and title[start] == " ":
            start += 1
    return _no_lone_last_character(title, lines, ok) if lines else [""]


def word_cut(title: str, start: int, end: int) -> int:
    """Where a 目录 line from ``start`` that the measure ends at ``end`` should end instead:
    the break within a few characters between two words (_word_cut) (the print 目录 uses it
    as the DOCX's does), else ``end``."""
    if end >= len(title):
        return end
    return _word_cut(title, break_opportunities(title), start, end) or end


def _word_cut(title: str, ok: list[bool], start: int, end: int) -> int | None:
    """A real space in the second half of the line; else, within WORD_SLACK characters of
    the full line, the last break after a mark, else, within PHRASE_SLACK, the cheapest
    between two words (what their parts of speech say, as the print titles weigh them)."""
    # a real space in the line's second half is the break its author wrote
    spaces = [c + 1 for c in range(start + (end - start) // 2, end) if title[c] in " \u3000"]
    if spaces and ok[spaces[-1]]:
        return spaces[-1]
    window = [c for c in range(end, max(start + 1, end - PHRASE_SLACK) - 1, -1) if ok[c]]
    marked = next((c for c in window if end - c <= WORD_SLACK and title[c - 1] in GOOD_AFTER),
                  None)
    if marked:
        return marked
    costs = _costs(title)
    between = [c for c in window if c in costs]
    # the cheapest break between words (phrases.py: 之际|作出 before 作出|重要指示, 发展|
    # 专题研讨班 before 专题|研讨班), each character given up costing GIVE_UP; of equal
    # ones the latest
    return min(between, key=lambda c: (costs[c] + GIVE_UP * (end - c), -c), default=None)


@lru_cache(maxsize=256)
def _costs(title: str) -> dict[int, float]:
    """The title's break costs, worked out once per title (its lines, and the narrower
    tries of ``without_a_scrap``, each ask them: a 16,000-character title took 38 s)."""
    return break_costs(tagged_words(title))


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
