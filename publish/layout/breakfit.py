"""Compose the text before a fixed page end so that the end falls at a line start.

A source page that ended inside a paragraph ended at the start of one of its lines. Our own
line breaking may put that point mid-line; then the lines of the paragraph before it are
recomposed so that the last of them ends exactly there: every line (the last too) is
justified to the measure, and each may hold up to one grid character more or less than the
grid — its letter-spacing differs from the grid tracking by at most one cell spread over
the line's gaps. Of the compositions that do, dynamic programming over the legal breaks
picks the one closest to the grid (least sum of squared deviations).
"""
from __future__ import annotations

import sys
from collections.abc import Sequence

from .compose import Atom, Line, Measure, _fill, _line, _prepare, _shrinks
from .rules import SPACES

SLACK = 1.05        # cells a line's fill may reach beyond the grid on either side


def compose_to_break(atoms: Sequence[Atom], m: Measure, cell: float) -> list[Line] | None:
    """Lines of ``atoms`` that end exactly with the last atom on a full, justified line,
    every line within one ``cell`` of the grid; None when no such composition exists."""
    n = len(atoms)
    if not n:
        return []
    t = _prepare(atoms)
    memo: dict[int, tuple[float, Line | None, int] | None] = {n: (0.0, None, n)}

    def best(p: int):
        while p < n and atoms[p].ch in SPACES:
            p += 1
        if p in memo:
            return memo[p]
        avail = m.width - (m.first_indent if p == 0 else 0.0)
        lo = _fill(t, p, avail - SLACK * cell, m.tracking)
        hi = _fill(t, p, avail + SLACK * cell, m.tracking)
        choice = None
        for e in range(max(p, lo - 1), hi + 1):
            if e + 1 < n and not t.ok[e + 1]:
                continue
            last = e
            while last > p and atoms[last].ch in SPACES:
                last -= 1
            line = _line(t, p, last, _shrinks(t, p, last), m.tracking, avail, True)
            gaps = sum(1 for i in range(p, last) if t.gap[i])
            # how far the line is from the grid: the tracking it needed over its gaps (a
            # line with no gap cannot be justified: its shortfall)
            dev = abs(line.tracking - m.tracking) * gaps if gaps else abs(avail - line.width)
            if dev > cell + 0.01:
                continue
            rest = best(e + 1)
            if rest is None:
                continue
            cost = rest[0] + dev * dev
            if choice is None or cost < choice[0]:
                choice = (cost, line, e + 1)
        memo[p] = choice
        return choice

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * n + 100))
    try:
        if best(0) is None:
            return None
    finally:
        sys.setrecursionlimit(limit)
    lines: list[Line] = []
    p = 0
    while True:
        while p < n and atoms[p].ch in SPACES:
            p += 1
        if p >= n:
            break
        _, line, p = memo[p]
        lines.append(line)
    return lines
