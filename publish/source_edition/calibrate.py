"""Calibrate the source grid of one issue from its own recorded page ends.

Nothing here is tuned to a particular issue:

* **characters a line** — every recorded page end is the start of a source line, so the
  grid whose composed lines start at the most recorded offsets is the source's (trying
  every count a 16 pt line on the type area can hold, ±4 around the natural fit);
* **lines a page** — a stretch between two recorded ends that is one source page long
  gives the lines one source page holds: their median is the grid's full page (robust: one
  odd stretch or one wrong 目录 number does not move it). Our lines may set a source page
  in a line more or less (a title block, an attribution composed differently); so pages
  may hold up to ``tolerance`` lines — the fewest that let every article fill exactly the
  pages its 目录 entries give it — and are then set closer, and a page holding fewer is
  vertically justified (justify.py). Without recorded ends, the fewest fitting lines are
  the grid (given three 目录 page counts or more; else the base grid's), and never fewer
  than ``FEWEST_SHARE`` of the base grid's;
* **pitch** — the type area's height divided by the full page's lines.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from .. import cache
from ..layout import document
from ..layout.apart import apart
from ..layout.style import HouseStyle
from ..model import Issue

SPAN = 4                # characters a line tried each side of the natural fit
PAGES = 3               # source pages a stretch between recorded ends may span (calibration)
OVERFILL = 1.25         # the full page is at least the page list's fewest lines / this
MIN_PITCH = 1.1         # the closest pitch of any grid, in body sizes (lines never touch)


@dataclass(frozen=True)
class Calibration:
    chars_per_line: int
    lines_per_page: int
    pitch: float
    recorded: int               # recorded page ends in the issue
    on_line_starts: int | None  # of those, on a start of our lines before recomposition
                                # (None: the grid recorded in issue.yaml was used)
    median_page: float | None   # our lines on a known single source page (median)
    pages_known: int            # single source pages measured
    articles_fitting: int       # articles set in exactly their 目录 pages
    articles_counted: int       # articles whose page count the 目录 gives (an article
                                # with the unlisted ones after it counts as one)
    capacity: int = 0           # most lines a page is planned with (set closer past the grid)

    def summary(self) -> str:
        median = f"{self.median_page:g}" if self.median_page is not None else "unknown"
        if self.on_line_starts is None:
            return (f"source grid {self.lines_per_page} lines × {self.chars_per_line} "
                    f"characters, pitch {self.pitch:.2f} pt, as issue.yaml records it; "
                    f"{self.articles_fitting}/{self.articles_counted} articles fill their 目录"
                    f" pages with at most {self.capacity} lines a page")
        return (f"source grid {self.lines_per_page} lines × {self.chars_per_line} characters,"
                f" pitch {self.pitch:.2f} pt: calibrated on {self.recorded} recorded page ends"
                f" ({self.on_line_starts} on a line start at {self.chars_per_line} characters;"
                f" a full source page holds {median} lines, from {self.pages_known} stretches"
                f" between them); {self.articles_fitting}/{self.articles_counted} articles fill"
                f" their 目录 pages with at most {self.capacity} lines a page")


def max_lines(style: HouseStyle) -> int:
    """The most lines any grid puts on the type area (a pitch of ``MIN_PITCH`` sizes)."""
    return max(2, int(style.area_height // (MIN_PITCH * style.body_size)))


#: The fewest lines a calibrated page may hold, as a share of the base grid's: a page list
#: of one or two articles (and a recorded end or none) leaves the grid under-determined,
#: and the fewest lines that filled a short letter's two 目录 pages were 13 (a 49 pt pitch:
#: the text set three lines apart); the plan spreads such an article instead.
FEWEST_SHARE = 0.75


def fewest_lines(base: HouseStyle, most: int) -> int:
    """The fewest lines a calibrated source page may hold (``FEWEST_SHARE`` of the base
    grid's, at most ``most``)."""
    return max(2, min(most, round(base.lines_per_page * FEWEST_SHARE)))


def tolerance(target: int) -> int:
    """The most lines a page of a ``target``-line grid is planned with (set closer): a
    tenth more, at least two — our lines may set a source page a line or two longer."""
    return target + max(2, -(-target // 10))


def chars_per_line(issue: Issue, base: HouseStyle) -> tuple[int, int]:
    """(characters a line, recorded ends on a line start) — the best-agreeing grid.

    Cached under what it reads (the blocks recorded page ends fall in, the page ends, the
    issue's own fields, the base grid, the code), so an edit elsewhere in the text — which
    makes issue.yaml's recorded grid stale and the plan calibrate again — costs nothing
    here (``remember`` stores the count of a recorded grid that still held)."""
    k = _key(issue, base)
    hit = _load(k)
    if hit is not None:
        return hit
    natural = int(base.measure // base.body_size)
    best = (natural, -1)
    counts = list(range(max(4, natural - SPAN), natural + SPAN + 1))
    for cpl, hits in zip(counts, _all_hits(issue, base, counts)):
        if hits > best[1] or (hits == best[1] and abs(cpl - natural) < abs(best[0] - natural)):
            best = (cpl, hits)
    best = (best[0], max(best[1], 0))
    if k:
        cache.store(KIND, k, json.dumps(best).encode())
    return best


def remember(issue: Issue, base: HouseStyle, cpl: int) -> None:
    """``cpl`` is what ``chars_per_line`` gives ``issue`` (a recorded grid whose digest still
    matches the text): kept with its count of hits (composing at that count only), once."""
    k = _key(issue, base)
    if k and _load(k) is None:
        hits = _hits(issue, base.with_(chars_per_line=cpl))
        cache.store(KIND, k, json.dumps([cpl, max(hits, 0)]).encode())


KIND = "calibration"


@lru_cache(maxsize=1)
def _code_key() -> str:
    """This module and all it imports (the composers among them), the wording, the fonts."""
    return cache.code_key(__name__, templates=("common",), fonts=True)


def _key(issue: Issue, base: HouseStyle) -> str | None:
    if cache.folder() is None:
        return None
    read = [(a.id, repr(a.page_breaks), [repr(a.blocks[i]) for i in _wanted(a)])
            for a in issue.articles]
    return cache.fingerprint(["chars-per-line", _code_key(), repr(base),
                              repr(replace(issue, articles=())), repr(read)], [])


def _load(k: str | None) -> tuple[int, int] | None:
    raw = cache.load(KIND, k) if k else None
    try:
        cpl, hits = json.loads(raw) if raw is not None else (None, None)
    except (ValueError, TypeError):
        return None
    if not isinstance(cpl, int) or not isinstance(hits, int):
        return None
    return cpl, hits


def _wanted(art) -> list[int]:
    return sorted({pb.block for pb in art.page_breaks if 0 <= pb.block < len(art.blocks)})


def _all_hits(issue: Issue, base: HouseStyle, counts: list[int]) -> list[int]:
    """``_hits`` at each of ``counts`` characters a line: the first here (which loads the
    faces a forked child then shares), the later half in a child meanwhile when the first
    composed enough to be worth it (layout/apart; here too when it cannot be or fails), the
    rest here."""
    def hits(cpl: int) -> int:
        return _hits(issue, base.with_(chars_per_line=cpl))
    before = document.composed_chars()
    out = [hits(counts[0])] if counts else []
    # each count composes what the first did (an edit: the edited article's blocks alone)
    worth = document.composed_chars() - before >= document.APART_CHARS / 2
    half = (len(counts) + 1) // 2
    child = apart(lambda: [hits(c) for c in counts[half:]], alone=True) \
        if half > 1 and worth else None
    try:
        out += [hits(c) for c in counts[1:half]]
    except BaseException:
        if child is not None:               # not left waiting
            child.cancel()
        raise
    theirs = child() if child is not None else None
    if not isinstance(theirs, list) or len(theirs) != len(counts[half:]):
        theirs = [hits(c) for c in counts[half:]]
    return out + theirs


class _Fitting(document.Composer):
    """The composer the calibration counts line starts with, on each candidate grid: it
    does not even out a paragraph's wide-open line (a few line starts move; at 5 ms a
    paragraph, on nine grids, it made a calibrating build of an issue twice as long grow
    faster than the issue)."""
    even_out = False


def _hits(issue: Issue, style: HouseStyle) -> int:
    """Recorded page ends that fall on a line start with ``style``'s characters a line."""
    c = _Fitting(style)
    hits = 0
    for art in issue.articles:
        wanted = set(_wanted(art))
        if not wanted:
            continue
        starts = _line_starts(c, art, issue, wanted)
        hits += sum(pb.offset in starts.get(pb.block, ()) for pb in art.page_breaks)
    return hits


def _line_starts(c: document.Composer, art, issue: Issue, wanted: set[int]
                 ) -> dict[int, list[int]]:
    """Line starts of the blocks ``wanted`` as the article view composes them (an article
    of those blocks alone, under a one-character title: the rest costs time, not lines)."""
    order = sorted(wanted)
    sub = replace(art, title="一", deck=(), bylines=(), dateline=None, source=None, date=None,
                  blocks=tuple(art.blocks[i] for i in order))
    view = document.build_article(c, sub, issue)
    return {order[v]: b.line_starts for v, b in enumerate(view.blocks)}


def median_page(stretches: list[int], most: int = 200, least: int = 2) -> float | None:
    """Lines of a full source page, from the stretches between consecutive recorded ends
    (each holds a whole number of source pages: those whose end was not recorded lie
    inside it). The line count that makes every stretch closest to a multiple of it — of
    at most ``PAGES`` pages, or any count would do — each stretch's miss counted up to two
    lines (so one odd stretch weighs little); of equally good counts (a divisor explains as
    much) the largest. None without stretches."""
    if not stretches:
        return None

    def miss(lines: int) -> float:
        out = 0.0
        for s in stretches:
            k = max(1, round(s / lines))
            out += 2.0 if k > PAGES else min(2.0, abs(s - k * lines))
        return out

    top = max(least, min(most, max(stretches)))
    return float(min(range(least, top + 1), key=lambda n: (miss(n), -n)))


def lines_per_page(lo: int, hi: int, counts: Callable[[int], tuple[int, int]],
                   spare: int = 0) -> tuple[int, int, int]:
    """(lines, articles fitting, articles counted): the fewest lines in ``lo``..``hi`` with
    which every article but ``spare`` fills exactly its 目录 pages (``counts(lines)`` tells
    how many do, and of how many). More lines never make an article that fits stop
    fitting, so this is a binary search; when even ``hi`` leaves more out, ``hi``."""
    fit, total = counts(hi)
    if fit < total - spare or lo >= hi:
        return hi, fit, total
    best = (hi, fit, total)
    while lo < hi:
        mid = (lo + hi) // 2
        fit, total = counts(mid)
        if fit >= total - spare:
            best = (mid, fit, total)
            hi = mid
        else:
            lo = mid + 1
    return best
