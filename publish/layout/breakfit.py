"""Compose the text before a fixed page end so that the end falls at a line start.

A source page that ended inside a paragraph ended at the start of one of its lines. Our own
line breaking may put that point mid-line; then the lines of the paragraph before it are
recomposed so that the last of them ends exactly there: every line (the last too) is
justified to the measure, and each holds at most one character more or less than the grid
holds from its start (or breaks where the composer itself would: a number that must not be
split is pushed in any composition). Of the compositions that do, dynamic programming over
the legal breaks picks the one closest to the grid (least sum of squared deviations of the
letter-spacing).
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace

from .compose import (Atom, Line, Measure, _fill, _last_solid, _line, _prepared, _resolve,
                      _shrinks, _width)
from .rules import PUNCTUATION, SPACES, inside_quantities

def _ends(t, p: int, avail: float, m: Measure, looser: int = 1) -> list[tuple[int, bool]]:
    """Legal line ends from ``p``: the grid's fill, up to one character more and up to
    ``looser`` fewer, and the composer's own (True: it may be off the grid by more, as the
    composer's own line is) and one character fewer than that: where a word that may not
    be split (2021-2030) was pushed down whole, the line before it may give the line it
    opens a character, so the two share the room (…六期规 / 划（2021-2030 年）》…)."""
    n = len(t.atoms)
    fill = _fill(t, p, avail, m.tracking)
    out = {e: False for e in range(max(p, fill - looser), min(n - 1, fill + 1) + 1)
           if e == n - 1 or t.ok[e + 1]}
    if fill < n - 1 and not t.ok[fill + 1]:
        own = _resolve(t, p, fill, avail, m)[0]
        out[own] = True
        if p < own - 1 < fill and t.ok[own]:
            out.setdefault(own - 1, False)
    return sorted(out.items())


def compose_to_break(atoms: Sequence[Atom], m: Measure, cell: float) -> list[Line] | None:
    """Lines of ``atoms`` that end exactly with the last atom on a full, justified line,
    each holding at most one character more or less than the grid holds from its start
    (or where the composer itself would break it); None when no such composition exists.
    Only when none does may a line part a magnitude from its unit (亿|吨): a short line
    before a fixed page end reads as a paragraph's end, a worse fault."""
    if not atoms:
        return []
    t = _prepared(atoms)
    lines = _to_break(t, atoms, m, cell)
    if lines is None:
        relaxed = _relaxed(t)
        if relaxed is not None:
            lines = _to_break(relaxed, atoms, m, cell)
    return lines


def _relaxed(t):
    """``t`` with a break allowed inside each quantity (亿|吨), None if it has none."""
    soft = inside_quantities("".join(a.ch for a in t.atoms))
    if not soft:
        return None
    ok = list(t.ok)
    for i in soft:
        ok[i] = True
    return replace(t, ok=ok, steps={})


def _to_break(t, atoms: Sequence[Atom], m: Measure, cell: float) -> list[Line] | None:
    """compose_to_break on the prepared text ``t``."""
    n = len(atoms)
    memo: dict[int, tuple[float, tuple | None, int] | None] = {n: (0.0, None, n)}

    def ends(p: int, avail: float) -> list[tuple[int, bool]]:
        return _ends(t, p, avail, m)

    def best(p: int):
        while p < n and atoms[p].ch in SPACES:
            p += 1
        if p in memo:
            return memo[p]
        avail = m.width - (m.first_indent if p == 0 else 0.0)
        choice = None
        for e, own in ends(p, avail):
            last = e
            while last > p and atoms[last].ch in SPACES:
                last -= 1
            # the justified line's letter-spacing, as _line sets it (the Line itself is
            # made for the chosen break only)
            w, gaps = _width(t, p, last, 0.0, _shrinks(t, p, last))
            if not gaps:                             # no gap to justify with
                continue
            rest = best(e + 1)
            if rest is None:
                continue
            dev = abs((avail - w) / gaps - m.tracking) * gaps      # pt off the grid
            if dev > 1.05 * cell and not own:                # a short last piece, say
                continue
            cost = rest[0] + dev * dev
            if choice is None or cost < choice[0]:
                choice = (cost, (p, last, avail), e + 1)
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
        _, (start, last, avail), p = memo[p]
        lines.append(_line(t, start, last, _shrinks(t, start, last), m.tracking, avail, True))
    return lines


def compose_in(atoms: Sequence[Atom], m: Measure, count: int) -> list[Line] | None:
    """``atoms`` in exactly ``count`` lines, a paragraph's last line ragged as the composer
    sets it (and holding more than one character besides marks) and every other justified,
    each holding at most one character more or less than the grid holds from its start (or
    breaking where the composer itself would): a paragraph set a line tighter or looser
    (TeX's looseness), as a typesetter does to keep its last line from opening a page alone.
    Of the compositions that do, the one closest to the grid (least sum of squared
    deviations of the letter-spacing); None when there is none."""
    n = len(atoms)
    if not n or count < 1:
        return None
    t = _prepared(atoms)
    memo: dict[tuple[int, int], tuple[float, tuple, tuple[int, int] | None] | None] = {}

    def start(p: int) -> int:
        while p < n and atoms[p].ch in SPACES:
            p += 1
        return p

    def best(p: int, left: int):
        key = (p, left)
        if key in memo:
            return memo[key]
        avail = m.width - (m.first_indent if p == 0 else 0.0)
        end = _last_solid(atoms, p, n - 1)
        choice = None
        if left == 1:                           # the last line: the rest, unjustified
            solid = sum(atoms[i].ch not in PUNCTUATION for i in range(p, end + 1))
            if solid > 1 and _fill(t, p, avail, m.tracking) >= end:
                choice = (0.0, (p, end, avail, False), None)
        else:
            for e, _own in _ends(t, p, avail, m):
                if e >= end:
                    continue                    # the last line comes later
                nxt = start(e + 1)
                if nxt >= n:
                    continue
                last = _last_solid(atoms, p, e)
                w, gaps = _width(t, p, last, 0.0, _shrinks(t, p, last))
                if not gaps:
                    continue
                rest = best(nxt, left - 1)
                if rest is None:
                    continue
                dev = abs((avail - w) / gaps - m.tracking) * gaps
                cost = rest[0] + dev * dev
                if choice is None or cost < choice[0]:
                    choice = (cost, (p, last, avail, True), (nxt, left - 1))
        memo[key] = choice
        return choice

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * n + 100))
    try:
        if best(start(0), count) is None:
            return None
    finally:
        sys.setrecursionlimit(limit)
    lines: list[Line] = []
    key: tuple[int, int] | None = (start(0), count)
    while key is not None:
        _, (p, last, avail, justify), key = memo[key]
        lines.append(_line(t, p, last, _shrinks(t, p, last), m.tracking, avail, justify))
    return lines

