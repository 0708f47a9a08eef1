"""Plan the pages of one article on the source grid, before any rendering.

An article becomes a list of grid rows (one per body line; the title block counts its grid
lines). Pages begin where the source's did: at every recorded page end (a cut block part)
and at the 目录 page of each article. A page end that was not recorded fell between blocks,
so the others are chosen among block boundaries — or, on a page filled to the last line,
inside a block, as the grid itself would break it — by dynamic programming: exactly the
number of pages the 目录 gives the article, no page over the grid's lines, pages before a
recorded end as full as possible, no heading or title block left at a page foot.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate

from ..layout.document import ArticleView
from ..layout.notes import NOTE_PITCH, NOTE_SCALE
from ..layout.style import SOURCE_GRID

KEEP = 10_000.0        # cost of a heading or title block at the foot of a page
OVER = 3.0             # a line over the target page costs this many lines short of it
AWAY = 30.0            # an attribution beginning a page, apart from the text it closes
MID = 50.0             # cost of a page end inside a block (the source would have recorded it)
NOTE_AREA = 6.0 + 0.5 + 3.0 + 1.0   # print.css @footnote: margin-top, rule, padding-top (pt),
                                    # and a point to spare
AREA = SOURCE_GRID.area_height      # the type area every source grid divides into lines


@dataclass(frozen=True)
class Row:
    """One grid line of an article."""
    view: int           # index into ArticleView.blocks; -1 the title block
    block: int          # model block index; -1 the title block
    offset: int         # character of the block where the line starts
    first: bool         # first line of its view: a page may begin here
    splittable: bool    # inside a block, but a full page may end before it
    forced: bool        # a recorded page end: a page must begin here
    keep: bool          # its view must not end a page
    follows: bool = False  # its view should not begin a page (an attribution: its text's)
    notes: float = 0.0     # pt the footnotes called on this line take at the page's foot


def grid_rows(view: ArticleView, style, forced_blocks: frozenset[int] = frozenset()
              ) -> list[Row]:
    """The article's grid rows, title block first. A page begins at every later part of a
    cut block and at the blocks in ``forced_blocks``."""
    rows = [Row(-1, -1, 0, k == 0, False, False, True)
            for k in range(max(1, view.head.grid_lines))]
    previous = None
    for v, b in enumerate(view.blocks):
        index = b.index if b.index is not None else v
        forced = index == previous or index in forced_blocks and index != previous
        previous = index
        starts = b.line_starts or [0]
        count = len(starts)
        if "attachment-title" in b.css:
            count = -int(-len(starts) * style.title_pitch // style.pitch) + style.display_gap_lines
        keep = b.tag in ("h3", "h4", "h5") or "attachment" in b.css
        follows = "attribution" in b.css.split()
        notes = _note_points(b, style)
        for k in range(count):
            rows.append(Row(v, index, starts[min(k, len(starts) - 1)], k == 0,
                            k > 0 and not keep, forced and k == 0, keep, follows,
                            notes.get(k, 0.0)))
    return rows


def _note_points(b, style) -> dict[int, float]:
    """Line of the block → the height of the footnotes it calls (their lines at the note
    pitch): they are set at the foot of that line's page, which holds that much less."""
    out: dict[int, float] = {}
    for line, count in b.notes:
        out[line] = out.get(line, 0.0) + count * style.body_size * NOTE_SCALE * NOTE_PITCH
    return out


def notes_height(points: float) -> float:
    """The foot a page's footnotes take: their lines (``points``) under the rule and its
    space; nothing without notes."""
    return NOTE_AREA + points if points > 0 else 0.0


def note_rows(points: float, target: int) -> int:
    """Grid lines of a ``target``-line page that footnotes of ``points`` take from it."""
    if points <= 0:
        return 0
    return math.ceil(notes_height(points) * target / AREA - 1e-6)


@dataclass
class PagePlan:
    starts: list[int]          # row index where each page begins
    fits: bool                 # the article got exactly the pages asked for
    cost: float = 0.0          # the planner's cost of these pages (lower: fuller, fewer over)


def plan_article(rows: list[Row], lines: int, pages: int | None, exact: bool = False,
                 target: int | None = None) -> PagePlan:
    """Page starts for ``rows`` on pages of at most ``lines`` lines: exactly ``pages`` pages
    when that is possible (else the nearest count that is, unless ``exact``: then no plan),
    the fewest when ``pages`` is None. Pages are planned as close to ``target`` lines (the
    source's full page; ``lines`` when None) as they can be: a page under it is justified,
    one over it set closer (see justify.py), and an overfull page costs more than a short
    one."""
    target = lines if target is None else min(target, lines)
    n = len(rows)
    if n == 0:
        return PagePlan([], pages in (None, 0))
    layers: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    more = _layers(rows, lines, target)
    best_k = None
    cap = n if pages is None else pages if exact else max(pages, n)
    for k in range(1, cap + 1):
        layer = next(more)
        layers.append(layer)
        if n in layer:
            if pages is None or k == pages:
                best_k = k
                break
            if k > pages:
                best_k = k
                break
        if not layer:
            break
    fits = best_k is not None and (pages is None or best_k == pages)
    if exact:
        return PagePlan([], fits)
    if best_k is None:          # fewer pages than asked is all the blocks allow
        reach = [k for k, layer in enumerate(layers) if n in layer]
        best_k = max(reach) if reach else None
    if best_k is None:          # no page break fits the grid at all: one page per row block
        return PagePlan([0] + _firsts(rows), False)
    out = []
    b = n
    for k in range(best_k, 0, -1):
        a = layers[k][b][1]
        out.append(a)
        b = a
    return PagePlan(out[::-1], fits, layers[best_k][n][0])


def _firsts(rows: list[Row]) -> list[int]:
    return [r for r in range(1, len(rows)) if rows[r].first]


def _layers(rows: list[Row], lines: int, target: int) -> Iterator[dict[int, tuple[float, int]]]:
    """The page DP's layers: layer k maps each row a page may begin at after k pages (or
    ``len(rows)``: all set) to (least cost, the row the k-th page began at). Ends after an
    empty layer. The same whatever page count is asked, so a count is looked up in them."""
    n = len(rows)
    starts = _firsts(rows)
    forced = [r for r in range(1, n) if rows[r].forced]
    noted = list(accumulate((r.notes for r in rows), initial=0.0))

    def held(a: int, b: int) -> int:
        """Grid lines a page of rows a..b fills: its rows and the footnotes they call."""
        return b - a + note_rows(noted[b] - noted[a], target)

    def nexts(a: int):
        limit = min(a + lines, n)
        f = bisect_right(forced, a)
        if f < len(forced):
            limit = min(limit, forced[f])
        out = list(starts[bisect_right(starts, a):bisect_left(starts, limit + 1)])
        with_notes = noted[limit] > noted[a]
        # a page may end inside a block only when it is full (to the target or beyond)
        out += [b for b in range(a + 1 if with_notes else a + target, limit + 1)
                if b < n and rows[b].splittable and held(a, b) >= target]
        if limit == n:
            out.append(n)
        if with_notes:                      # footnotes take the foot of their page
            out = [b for b in out if held(a, b) <= lines]
        return out

    def cost(a: int, b: int) -> float:
        if b == n:
            return 0.0
        full = held(a, b)
        c = float(target - full) ** 2 if full <= target else OVER * float(full - target) ** 2
        if rows[b - 1].keep:
            c += KEEP
        if not rows[b].first:
            c += MID
        elif rows[b].follows:
            c += AWAY               # （…讲话） atop a page, its text on the page before
        return c

    before: dict[int, tuple[float, int]] = {0: (0.0, -1)}
    edges: dict[int, list[tuple[int, float]]] = {}      # a → (b, cost of a page a..b)
    while True:
        layer: dict[int, tuple[float, int]] = {}
        for a, (ca, _) in before.items():
            if a == n:
                continue
            out = edges.get(a)
            if out is None:                 # the same in every layer: worked out once
                out = edges[a] = [(b, cost(a, b)) for b in nexts(a)]
            for b, cb in out:
                c = ca + cb
                if b not in layer or c < layer[b][0]:
                    layer[b] = (c, a)
        yield layer
        if not layer:
            return
        before = layer


#: While a plan is worked out (``remembering``): (id of the rows, lines, target) → the rows,
#: their layers still to come, and for each page count so far whether the rows fill exactly it
_REACHED: dict[tuple[int, int, int], tuple[list[Row], Iterator, list[bool]]] | None = None


@contextmanager
def remembering() -> Iterator[None]:
    """Inside: ``fits`` works each article's layers out once for every page count asked
    (a plan asks many of one article on one grid), keeping the rows it saw."""
    global _REACHED
    outer, _REACHED = _REACHED, {}
    try:
        yield
    finally:
        _REACHED = outer


def fits(rows: list[Row], lines: int, pages: int | None, target: int | None = None) -> bool:
    """Can the article be set in exactly ``pages`` pages of at most ``lines`` lines, a page
    ending inside a block only when it holds ``target`` lines or more (``lines`` when None:
    the grid's full page; a plan with room past its full page passes its own)?"""
    target = lines if target is None else min(target, lines)
    if _REACHED is None or pages is None or not rows:
        return plan_article(rows, lines, pages, exact=True, target=target).fits
    key = (id(rows), lines, target)
    entry = _REACHED.get(key)
    if entry is None or entry[0] is not rows:
        entry = _REACHED[key] = (rows, _layers(rows, lines, target), [False])
    _, more, reached = entry
    while len(reached) <= pages:
        layer = next(more, None)
        if layer is None:
            break
        reached.append(len(rows) in layer)
    return pages < len(reached) and reached[pages]
