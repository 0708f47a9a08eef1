"""The one title aligner: which 目录 line names which title, by similarity, one to one.

Both sides are compared in :func:`~publish.text.normalize.normalize`'d form. Pairs are chosen
by similarity (rapidfuzz's ratio, 0–100), not by index, so one missing or extra entry does
not shift every later pair, and two entries printed in swapped order still each find their
own title; among equal similarities the pairing that keeps the order wins. Whether the
order holds is a separate question (:func:`out_of_order`): the checker reports it, the
importer does not need it (each article takes its page from its own 目录 line).

Used by the importer (``readers/raw.py``: the raw text's 目录 against the titles found in
its body) and by the checker (``check/``: the corpus 目录 against the article titles, a
PDF's printed 目录 and its pages). The checker uses :data:`THRESHOLD`; its search for a
title among a PDF's printed lines passes a stricter one (any line is a candidate there, so
only a near-identical line may count as the title), and the importer a looser one
(``readers.raw.TOC_PAIR``: its pairs are decisions logged for the editor, a miss costs an
article its 目录 page).
"""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Sequence

from rapidfuzz import fuzz

from .normalize import Normalized, normalize, normalize_map

__all__ = ["THRESHOLD", "char_diff", "normalize", "out_of_order", "pair", "same_title",
           "similarity", "toc_forms", "with_source"]

#: Below this similarity (0–100) two titles are not taken for the same article.
THRESHOLD = 60.0


def with_source(title: str, source: str | None) -> str | None:
    """The comparison form of ``title`` as a 目录 prints it with the article's source
    after it in brackets (…作出重要指示（新华社）); None without a source."""
    source = normalize(source or "")
    return f"{normalize(title)}({source})" if source else None


#: what begins a subtitle line under a title (——在…上的讲话)
_DASHES = ("——", "—", "－－", "--")


def toc_forms(title: str, source: str | None = None, subtitles: Sequence[str] = ()
              ) -> frozenset[str]:
    """The comparison forms a 目录 line may print an article's title in: the title; the
    title with the article's source after it in brackets (a 目录 that names each article's
    source); the title run on into one of its subtitle lines that begin with a dash
    (坚定不移推进全面从严治党——在全省警示教育大会上的讲话), with the dash or without it.
    ``subtitles``: the lines printed under the title (its deck and dateline)."""
    own = normalize(title)
    forms = {own} | ({bracketed} if (bracketed := with_source(title, source)) else set())
    for line in (s.strip() for s in subtitles if s):
        if line.startswith(_DASHES):
            forms |= {own + normalize(line), own + normalize(line.lstrip("—－-"))}
    return frozenset(forms)


def same_title(toc_title: str, title: str, source: str | None = None,
               subtitles: Sequence[str] = ()) -> bool:
    """Does a 目录 line print this title, in one of its :func:`toc_forms`?"""
    return normalize(toc_title) in toc_forms(title, source, subtitles)


def similarity(a: str, b: str) -> float:
    """0–100 similarity of two already normalized titles (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return float(fuzz.ratio(a, b))


#: A matrix of at most this many cells is scored title by title; a bigger one by rapidfuzz's
#: cdist into numpy (whose import costs a build or a check 0.1–0.3 s it mostly never needs:
#: a 目录 read the wrong way round leaves every title to compare, 24 × 24 of them).
SMALL_MATRIX = 4096


def _ok_cells(left: Sequence[str], right: Sequence[str], threshold: float
              ) -> list[tuple[int, int, float]]:
    """``(a, b, similarity)`` of every left title with every right one scoring at least
    ``threshold``, row by row (an empty title scores 0)."""
    if len(left) * len(right) <= SMALL_MATRIX:
        return [(a, b, score) for a, x in enumerate(left) for b, y in enumerate(right)
                if (score := similarity(x, y)) >= threshold]
    import numpy as np                # imported where a big matrix is needed: numpy and the
    from rapidfuzz import process     # process module cost a build ~40 MB held through it
    scores = process.cdist(left, right, scorer=fuzz.ratio, dtype=np.float64)
    scores[[not t for t in left], :] = 0.0
    scores[:, [not t for t in right]] = 0.0
    rows, cols = np.nonzero(scores >= threshold)
    return [(a, b, float(scores[a, b])) for a, b in zip(rows.tolist(), cols.tolist())]


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
    The rest are paired for maximum total similarity (scipy's ``linear_sum_assignment``);
    among equal totals the pairing closest to the diagonal wins, which is the one that keeps
    the order (for i1 < i2, j1 < j2 the sum of squared displacements is smaller uncrossed;
    positions count as fractions of their side's length, so after a missing entry the later
    ones still lie on the diagonal).
    Pairs below ``threshold`` are left out.
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
    if len(rest_left) == len(rest_right) == 1:    # one title left each side (a 目录 slip):
        score = similarity(left[rest_left[0]], right[rest_right[0]])    # no matrix, no numpy
        if score >= threshold:
            result[rest_left[0]] = (rest_right[0], score)
        return dict(sorted(result.items()))
    cells = _ok_cells([left[i] for i in rest_left], [right[j] for j in rest_right], threshold)
    if not cells:
        return result
    # Similarity in tenths first; the squared distance from the diagonal (positions as
    # fractions of each side's length, so a side with more entries does not tilt it) only
    # breaks ties: each is below 1, so their total stays below ``big``.
    big = min(len(rest_left), len(rest_right)) + 1
    weighted = [(a, b, round(score * 10) * big - (rest_left[a] / n - rest_right[b] / m) ** 2)
                for a, b, score in cells]
    scores = {(a, b): score for a, b, score in cells}
    for a, b in _assignment(weighted, (len(rest_left), len(rest_right))):
        result[rest_left[a]] = (rest_right[b], scores[a, b])
    return dict(sorted(result.items()))


#: The most matchings ``_matching`` tries in one group of competing titles before it leaves
#: the matrix to scipy.
MAX_TRIES = 4096


def _assignment(cells: list[tuple[int, int, float]], shape: tuple[int, int]
                ) -> list[tuple[int, int]]:
    """The cells of the maximum-weight one-to-one pairing of a ``shape`` matrix's rows and
    columns, given its ``cells`` ``(row, column, weight)`` (every other cell weighs 0, every
    one given more).

    The other cells add nothing to a pairing's weight, so its given cells are a
    maximum-weight matching of the graph of given cells, and each group of titles linked by
    them is matched on its own. Most groups are one pair; a few titles competing for one are
    tried in every way. When one matching is strictly the best it is the solver's answer
    too; scipy, whose import costs ~0.4 s of every build and check, is loaded only when a
    group is too big to try or two matchings tie."""
    pairs = _matching(cells)
    if pairs is None:
        import numpy as np
        from scipy.optimize import linear_sum_assignment
        weight = np.zeros(shape)
        given = np.zeros(shape, dtype=bool)
        for a, b, w in cells:
            weight[a, b], given[a, b] = w, True
        pairs = [(a, b) for a, b in zip(*linear_sum_assignment(weight, maximize=True))
                 if given[a, b]]
    return sorted((int(a), int(b)) for a, b in pairs)


def _matching(cells: list[tuple[int, int, float]]) -> list[tuple[int, int]] | None:
    """The only maximum-weight matching of the given cells, or None (a tie, a big group, or
    a cell that weighs nothing)."""
    if cells and min(w for _, _, w in cells) <= 0:
        return None
    group = list(range(len(cells)))            # union-find over the rows and the columns

    def find(x: int) -> int:
        while group[x] != x:
            group[x] = group[group[x]]
            x = group[x]
        return x

    first_row: dict[int, int] = {}
    first_col: dict[int, int] = {}
    for k, (a, b, _) in enumerate(cells):
        for seen, node in ((first_row, a), (first_col, b)):
            if node in seen:
                group[find(k)] = find(seen[node])
            else:
                seen[node] = k
    edges: dict[int, list[tuple[int, int, float]]] = {}
    for k, cell in enumerate(cells):
        edges.setdefault(find(k), []).append(cell)
    out: list[tuple[int, int]] = []
    for part in edges.values():
        best = _best_matching(part)
        if best is None:
            return None
        out += best
    return out


def _best_matching(edges: list[tuple[int, int, float]]) -> list[tuple[int, int]] | None:
    """Every matching of one group's edges tried: the best, when no other equals it."""
    by_row: dict[int, list[tuple[int, float]]] = {}
    for a, b, w in edges:
        by_row.setdefault(a, []).append((b, w))
    rows = sorted(by_row)
    tries = 1
    for a in rows:
        tries *= len(by_row[a]) + 1
        if tries > MAX_TRIES:
            return None
    best: list = [-1.0, None, 0]               # total, pairs, how many reach the total
    chosen: list[tuple[int, int]] = []
    used: set[int] = set()

    def walk(k: int, total: float) -> None:
        if k == len(rows):
            if total > best[0]:
                best[:] = [total, list(chosen), 1]
            elif total == best[0]:
                best[2] += 1
            return
        walk(k + 1, total)                      # this row unpaired
        for b, w in by_row[rows[k]]:
            if b not in used:
                used.add(b)
                chosen.append((rows[k], b))
                walk(k + 1, total + w)
                chosen.pop()
                used.discard(b)

    walk(0, 0.0)
    return best[1] if best[2] == 1 else None


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
