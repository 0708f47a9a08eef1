"""Title alignment: which 目录 line names which article, and in what order.

Titles are compared after :func:`normalize`: NFKC (full/half-width forms), no whitespace (a
wrapped title carries a space where the line broke) and no leader dots or ellipses (``...``,
``……``, ``·····``). Pairs are chosen by similarity (rapidfuzz), not by index, so one missing or
extra entry does not shift every later pair; ties go to the pairing that keeps the order.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Sequence

from rapidfuzz import fuzz

#: Below this similarity (0–100) two titles are not taken for the same article.
THRESHOLD = 60.0

# Leaders after NFKC: runs of dots / middle dots (… becomes "..."), ⋯, underscores, and
# three or more dashes. A lone "." or "·" inside a title (2.0, 阿卜杜勒·…) is kept.
_LEADER = re.compile(r"[.·・‧•∙_]{2,}|⋯+|[-–—]{3,}|[.·・‧•∙_]+$")


@dataclass(frozen=True)
class Normalized:
    """A title reduced for comparison, with the original character behind each kept one."""
    original: str
    text: str
    origin: tuple[int, ...]       # index into ``original`` for every character of ``text``


def normalize_map(title: str) -> Normalized:
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(title):
        for c in unicodedata.normalize("NFKC", ch):
            if c.isspace():
                continue
            chars.append(c)
            origin.append(i)
    text = "".join(chars)
    keep = [True] * len(text)
    for m in _LEADER.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = False
    return Normalized(
        original=title,
        text="".join(c for c, k in zip(text, keep) if k),
        origin=tuple(o for o, k in zip(origin, keep) if k),
    )


def normalize(title: str) -> str:
    """The comparison form of a title (see the module docstring)."""
    return normalize_map(title).text


def similarity(a: str, b: str) -> float:
    """0–100 similarity of two already normalized titles."""
    if not a or not b:
        return 0.0
    return float(fuzz.ratio(a, b))


def char_diff(article: str, toc: str) -> str | None:
    """What the 目录 title adds (``+``) or lacks (``-``) against the article title.

    Compared in normalized form, shown with the characters as printed, e.g. ``+现代`` or
    ``-开 +闭``; None when the two agree.
    """
    a, t = normalize_map(article), normalize_map(toc)
    if a.text == t.text:
        return None
    ops = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a.text, t.text, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            ops.append("-" + _span(a, i1, i2))
        if tag in ("insert", "replace"):
            ops.append("+" + _span(t, j1, j2))
    return " ".join(ops)


def _span(n: Normalized, start: int, end: int) -> str:
    """The printed characters behind normalized ``text[start:end]``."""
    if start >= end:
        return ""
    lo, hi = n.origin[start], n.origin[end - 1]
    return "".join(ch for ch in n.original[lo:hi + 1] if not ch.isspace())


# ---------------------------------------------------------------------------- pairing

def pair(left: Sequence[str], right: Sequence[str],
         threshold: float = THRESHOLD) -> dict[int, tuple[int, float]]:
    """Pair normalized titles one to one: ``{left index: (right index, similarity)}``.

    Maximum total similarity (Hungarian method); among equal totals the pairing closest to
    the diagonal wins, which is the one that keeps the order (for i1 < i2, j1 < j2 the sum of
    squared displacements is smaller uncrossed). Pairs below ``threshold`` are left out.
    """
    n, m = len(left), len(right)
    if not n or not m:
        return {}
    scores = [[similarity(a, b) for b in right] for a in left]
    big = n * (n + m) ** 2 + 1
    weight = [[(round(s * 10) * big - (i - j) ** 2) if s >= threshold else 0
               for j, s in enumerate(row)] for i, row in enumerate(scores)]
    result: dict[int, tuple[int, float]] = {}
    for i, j in _max_assignment(weight):
        if scores[i][j] >= threshold:
            result[i] = (j, scores[i][j])
    return result


def _max_assignment(weight: list[list[int]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment of a rectangular matrix (Kuhn–Munkres, O(n²m))."""
    n, m = len(weight), len(weight[0])
    flip = n > m
    if flip:
        weight = [list(col) for col in zip(*weight)]
        n, m = m, n
    top = max((max(row) for row in weight), default=0)
    cost = [[top - w for w in row] for row in weight]
    inf = float("inf")
    u, v = [0] * (n + 1), [0] * (m + 1)
    way, match = [0] * (m + 1), [0] * (m + 1)     # match[j] = row (1-based) given column j
    for i in range(1, n + 1):
        match[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = match[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    pairs = [(match[j] - 1, j - 1) for j in range(1, m + 1) if match[j]]
    return [(j, i) for i, j in pairs] if flip else pairs


# ------------------------------------------------------------------------------ order

def out_of_order(pairs: Sequence[tuple[int, int]]) -> set[int]:
    """Left indices whose pair breaks the order of the right side.

    Keeps the longest chain that is in order on both sides (preferring pairs already at
    their rank in both orders) and reports the rest. When a reported pair and one kept pair
    conflict only with each other — two neighbours swapped — both are reported, so a swap
    shows as two order problems.
    """
    ps = sorted(pairs)
    if not ps:
        return set()
    rank_right = {j: r for r, j in enumerate(sorted(j for _, j in ps))}
    in_place = [rank_right[j] == r for r, (_, j) in enumerate(ps)]
    # Weighted longest increasing subsequence on the right indices, O(n²) (n = 目录 lines).
    best = [(1000 + in_place[k], -1) for k in range(len(ps))]
    for k in range(len(ps)):
        for p in range(k):
            if ps[p][1] < ps[k][1]:
                cand = best[p][0] + 1000 + in_place[k]
                if cand > best[k][0]:
                    best[k] = (cand, p)
    k = max(range(len(ps)), key=lambda x: best[x][0])
    kept: set[int] = set()
    while k >= 0:
        kept.add(k)
        k = best[k][1]
    bad = {k for k in range(len(ps)) if k not in kept}

    def conflicts(k: int) -> list[int]:
        return [p for p in range(len(ps)) if p != k and (p < k) != (ps[p][1] < ps[k][1])]

    for k in list(bad):
        partners = conflicts(k)
        if len(partners) == 1 and conflicts(partners[0]) == [k]:
            bad.add(partners[0])
    return {ps[k][0] for k in bad}
