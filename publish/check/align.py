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

    A title found exactly once on each side pairs at once, so a 5,000-line 目录 costs time
    linear in its length plus the square of the titles that differ or repeat.
    The rest are paired for maximum total similarity (Hungarian method); among equal totals
    the pairing closest to the diagonal wins, which is the one that keeps the order (for
    i1 < i2, j1 < j2 the sum of squared displacements is smaller uncrossed). Pairs below
    ``threshold`` are left out.
    """
    n, m = len(left), len(right)
    if not n or not m:
        return {}
    result = _identical(left, right)
    rest_left = [i for i in range(n) if i not in result]
    taken = {j for j, _ in result.values()}
    rest_right = [j for j in range(m) if j not in taken]
    if not rest_left or not rest_right:
        return result
    scores = [[similarity(left[i], right[j]) for j in rest_right] for i in rest_left]
    big = n * (n + m) ** 2 + 1
    weight = [[(round(s * 10) * big - (i - j) ** 2) if s >= threshold else 0
               for j, s in zip(rest_right, row)] for i, row in zip(rest_left, scores)]
    if not any(any(row) for row in weight):
        return result
    for a, b in _max_assignment(weight):
        if scores[a][b] >= threshold:
            result[rest_left[a]] = (rest_right[b], scores[a][b])
    return dict(sorted(result.items()))


def _identical(left: Sequence[str], right: Sequence[str]) -> dict[int, tuple[int, float]]:
    """Titles that occur once on each side and are equal there: certain pairs. Repeated
    titles are left to the assignment, which keeps their order on ties."""
    def once(titles: Sequence[str]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for k, text in enumerate(titles):
            seen[text] = -1 if text in seen else k
        return {t: k for t, k in seen.items() if k >= 0 and t}

    right_once = once(right)
    return {i: (right_once[t], 100.0) for t, i in once(left).items() if t in right_once}


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
    shows as two order problems. O(n log n) in the number of pairs (Fenwick trees).
    """
    ps = sorted(pairs)
    if not ps:
        return set()
    size = len(ps)
    rank = {j: r for r, j in enumerate(sorted(j for _, j in ps))}
    ranks = [rank[j] for _, j in ps]
    in_place = [ranks[k] == k for k in range(size)]
    # Weighted longest increasing chain: best[k] = (weight, predecessor); ties → earliest p.
    tree: list[tuple[int, int]] = [(0, 1)] * (size + 1)     # prefix max of (weight, -p)
    best: list[tuple[int, int]] = []
    for k in range(size):
        q, r = (0, 1), ranks[k]
        while r > 0:
            q = max(q, tree[r])
            r -= r & -r
        weight = (q[0] if q[0] else 0) + 1000 + in_place[k]
        best.append((weight, -q[1] if q[0] else -1))
        r = ranks[k] + 1
        while r <= size:
            tree[r] = max(tree[r], (weight, -k))
            r += r & -r
    k = max(range(size), key=lambda x: best[x][0])
    kept: set[int] = set()
    while k >= 0:
        kept.add(k)
        k = best[k][1]
    bad = {k for k in range(size) if k not in kept}
    count, partner = _inversions(ranks)
    for k in list(bad):
        if count[k] == 1 and count[partner[k]] == 1:
            bad.add(partner[k])
    return {ps[k][0] for k in bad}


def _inversions(ranks: list[int]) -> tuple[list[int], list[int]]:
    """For each position: how many others it is out of order with, and (if one) which."""
    size = len(ranks)
    count, total = [0] * size, [0] * size

    def sweep(order, wanted_greater: bool) -> None:
        cnt, sm = [0] * (size + 1), [0] * (size + 1)
        for k in order:
            r = ranks[k] + 1
            c = s_ = 0
            q = size if wanted_greater else r - 1
            while q > 0:                    # prefix over ranks ≤ q
                c, s_ = c + cnt[q], s_ + sm[q]
                q -= q & -q
            if wanted_greater:              # minus those ≤ r: the greater ones remain
                q = r
                while q > 0:
                    c, s_ = c - cnt[q], s_ - sm[q]
                    q -= q & -q
            count[k] += c
            total[k] += s_
            q = r
            while q <= size:
                cnt[q] += 1
                sm[q] += k
                q += q & -q

    sweep(range(size), True)                # earlier positions with a greater rank
    sweep(range(size - 1, -1, -1), False)   # later positions with a smaller rank
    return count, total
