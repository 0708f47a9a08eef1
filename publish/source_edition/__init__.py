"""The source edition: page N holds what page N of the printed issue held.

``plan(issue)`` calibrates the grid from the issue's recorded page ends (calibrate.py),
composes the issue with every recorded page end at a line start (composer.py), and plans
every page before any rendering (paginate.py): each article on its 目录 page, each
recorded end opening the page its count implies. The result carries the composed view the
print templates render, and the Pagination the DOCX and EPUB take — so they need no
WeasyPrint layout for what the corpus already knows. What cannot be honoured is listed in
``notes``, by article and page.
"""
from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..corpus import front_matter
from ..corpus.dialect import format_body
from ..errors import UserError, located
from ..layout import document
from ..layout.style import SOURCE_GRID, HouseStyle
from ..model import Article, Issue, PageStart, Pagination, SourceGrid, TocEntry
from ..text import align
from . import calibrate, justify, paginate, squeeze
from .composer import CuttingComposer, cuts_of


@dataclass
class SourcePlan:
    view: document.IssueView
    pagination: Pagination
    calibration: calibrate.Calibration
    notes: list[str] = field(default_factory=list)
    fills: list = field(default_factory=list)            # justify.PageFill, page by page
    contradictions: list = field(default_factory=list)   # Contradiction: 目录 slips
    grid: SourceGrid | None = None                       # what issue.yaml may record
    spread: list = field(default_factory=list)           # Spread: more pages than the text
    squeezed: list = field(default_factory=list)         # squeeze.Squeeze: a page fewer


CALIBRATION = "2"          # the calibration's version (part of the recorded grid's digest)
PAGE_LIST = "page list: "   # how a contradiction's note begins (the build exits 1 on one)
MAX_BLANK = 2          # blank pages a page list may leave between two articles
MAX_RUN = 6            # articles of a 目录 run calibrated on (a longer run of unlisted
                       # articles tells little of the grid, and costs a subset sum)
MIN_GIVEN = 3          # 目录 page counts that calibrate the grid without recorded ends
SLACK = 3              # page counts tried past an article's fewest (a wrong 目录 number)
MAX_ROWS = 6_000       # an article's grid lines planned at most (about 230 pages; the longest
                       # printed article fills 800): the page plan's time and memory grow with
                       # their square (60,000 lines: minutes, then out of memory)
AIMLESS = 1.0          # an article spread over more pages than its text fills while the next
                       # does not start on its 目录 page for it: as dear as a contradicted page
                       # (the article after a contradicted one starts where the text ends)
BLANK = 0.01           # a blank page before an article: only where no spread fills it
SQUEEZE = 1.5          # an article set in a page fewer than its text fills, in contradicted
                       # 目录 pages: more than one (a wrong number is named, not hidden by
                       # a full page), fewer than two (one full page never moves the rest)


#: What the source edition needs of a page list (has_source_pages), as the notes say it
SOURCE_PAGES_RULE = ("the 目录 pages of at least half of the articles, and a page before the "
                     "first page it gives for each article before that")


def with_toc_pages(issue: Issue) -> Issue:
    """``issue`` with each article that has no ``page:`` given the page of the 目录 line
    naming it (paired by title, as the check pairs them; ``page_at`` then names that line):
    the 目录 is the source page list, and a hand-made corpus may give the pages there alone
    (it was built in the house edition without a word)."""
    if not issue.toc or all(a.page is not None for a in issue.articles):
        return issue
    index = {id(art): k for k, art in enumerate(issue.articles)}
    return issue.with_toc_pages({index[id(art)]: entry for entry, art in _toc_pairs(issue)})


def has_source_pages(issue: Issue) -> bool:
    """Does the corpus carry a source page list: a 目录 with the pages of at least half of
    the articles (their ``page:``, or the 目录 line naming them), and room before the first
    it gives a page (a page for each article before that one)? An article without one (its
    目录 line lost, or never printed) starts on the page after the one before it ends; the
    first on page 1."""
    arts = with_toc_pages(issue).articles
    listed = [k for k, a in enumerate(arts) if a.page is not None]
    return bool(issue.toc) and bool(listed) and 2 * len(listed) >= len(arts) \
        and arts[listed[0]].page > listed[0]


def _forced_blocks(issue: Issue) -> dict[str, frozenset[int]]:
    """Blocks a recorded page end opens: an end at a block's first character, or past the
    last character of the block before."""
    out: dict[str, set[int]] = {}
    for art in issue.articles:
        for pb in art.page_breaks:
            if not 0 <= pb.block < len(art.blocks):
                continue
            if pb.offset <= 0:
                out.setdefault(art.id, set()).add(pb.block)
            elif pb.offset >= len(art.blocks[pb.block].body_text) and pb.block + 1 < len(art.blocks):
                out.setdefault(art.id, set()).add(pb.block + 1)
    return {k: frozenset(v) for k, v in out.items()}


def _page_counts(issue: Issue) -> list[int | None]:
    """Pages the 目录 gives each article (up to the next article's page): its run's, when
    the article after it is listed too (a run of one, see _page_spans)."""
    out: list[int | None] = [None] * len(issue.articles)
    for ks, n in _page_spans(issue):
        if len(ks) == 1:
            out[ks[0]] = n
    return out


def _page_spans(issue: Issue) -> list[tuple[tuple[int, ...], int]]:
    """(articles, pages) the 目录 gives a run of articles: each listed article with the
    unlisted ones after it, up to the next listed article's page. Mostly runs of one (the
    article's own count); an issue with every second 目录 line lost still calibrates on
    pairs."""
    arts = issue.articles
    listed = [k for k, a in enumerate(arts) if a.page is not None]
    return [(tuple(range(i, j)), arts[j].page - arts[i].page)
            for i, j in zip(listed, listed[1:])
            if arts[j].page > arts[i].page and j - i <= MAX_RUN]


def _span_fits(rows: list[list[paginate.Row]], lines: int, n: int,
               bounds: list[_Bounds] | None = None, target: int | None = None) -> bool:
    """Can the articles (each from a page of its own) be set in exactly ``n`` pages of
    ``lines`` lines (a block running on past a page that holds ``target`` or more), each in
    a count its text can fill (within ``bounds`` when given)?"""
    if len(rows) == 1:
        return (_fits(rows[0], bounds[0], lines, n, target) if bounds
                else paginate.fits(rows[0], lines, n, target))
    if n > sum(map(len, rows)):               # a page holds a row at least
        return False
    sums = {0}
    for k, r in enumerate(rows):
        after = len(rows) - k - 1             # a page at least for each article after
        lo, hi = (bounds[k].least, bounds[k].most) if bounds else (1, len(r))
        counts = [c for c in range(lo, min(hi, n - after) + 1)
                  if paginate.fits(r, lines, c, target)]
        sums = {t + c for t in sums for c in counts if t + c + after <= n}
        if not sums:
            return False
    return n in sums


def _with_lines(style: HouseStyle, lines: int, first: int) -> HouseStyle:
    pitch = int(style.area_height / lines * 1000) / 1000      # never a hair over the area
    return style.with_(pitch=pitch, title_pitch=pitch, first_folio=first)


def _stretches(view: document.IssueView, rows: dict[str, list[paginate.Row]]) -> list[int]:
    """Rows between consecutive recorded ends inside each article."""
    out = []
    for art in view.articles:
        forced = [r for r, row in enumerate(rows[art.id]) if row.forced]
        out += [b - a for a, b in zip(forced, forced[1:])]
    return out


@dataclass(frozen=True)
class Contradiction:
    """A 目录 page the text cannot agree with: the pages it leaves an article are far more
    or fewer than the article's lines fill on the calibrated grid."""
    article: str
    page: int
    at: str | None          # where the page number is written (file:line)
    detail: str

    def line(self) -> str:
        where = f"{self.at}: " if self.at else ""
        return f"{where}page {self.page} ({self.article}) contradicts the text: {self.detail}"

    def message(self) -> str:
        """The build's note (its prefix tells the build to exit 1)."""
        return PAGE_LIST + self.line()


@dataclass(frozen=True)
class Spread:
    """An article the 目录 gives more pages than its text fills on the grid: the plan spreads
    the text over them (a page number one too high, or pictures in the printed issue)."""
    article: str
    page: int               # its 目录 page
    at: str | None          # where that page is written (file:line)
    pages: int              # the pages the 目录 leaves it
    fills: int              # the fewest its text fills

    def line(self) -> str:
        where = f"{self.at}: " if self.at else ""
        return (f"{where}the 目录 gives {self.article} {self.pages} pages from page {self.page}, "
                f"its text fills {self.fills}: it is spread over them (is a 目录 page wrong, "
                "or had the printed issue pictures there?)")


@dataclass(frozen=True)
class _Bounds:
    least: int              # fewest pages the article's text fills
    most: int               # most pages it can fill with no page under half the grid


@dataclass(frozen=True)
class _Grid:
    """The lines an article's pages are planned with, and how far a squeeze may go."""
    lines: int              # the most lines a page is planned with
    target: int             # the source's full page
    most: int               # the most any page can hold (the closest pitch)


def _bounds(r: list[paginate.Row], target: int, hi: int) -> _Bounds:
    least = len(paginate.plan_article(r, hi, None, target=target).starts)
    forced = sum(1 for x in r if x.forced)
    return _Bounds(least, max(least, forced + 1, -(-2 * len(r) // max(1, target))))


def _fits(r: list[paginate.Row], b: _Bounds, hi: int, n: int | None,
          target: int | None = None) -> bool:
    return n is not None and b.least <= n <= b.most and paginate.fits(r, hi, n, target)


def plan(issue: Issue, base: HouseStyle = SOURCE_GRID) -> SourcePlan:
    """The source edition of ``issue`` (cached: the PDF, DOCX and EPUB of one build share it;
    the files the page numbers are written in are part of the key, as notes name them).
    An article without ``page:`` takes its 目录 line's (with_toc_pages)."""
    issue = with_toc_pages(issue)
    return _plan(issue, base, tuple(a.page_at for a in issue.articles)
                 + tuple(e.page_at for e in issue.toc), issue.source_grid)


def grid_digest(issue: Issue, base: HouseStyle = SOURCE_GRID) -> str:
    """A digest of what calibration reads, as the corpus writes it (so a new model field
    elsewhere does not change it): every article's front matter and body, the issue's
    title-block fields and the base grid's measures — not the 目录, the edition or a grid
    already recorded."""
    meta = [getattr(issue, k) for k in ("title", "number", "institution", "publisher",
                                         "date", "language")]
    basis = [CALIBRATION, [round(x, 3) for x in (base.measure, base.area_height,
                                                  base.body_size, base.title_size)], meta,
             [[front_matter(a), format_body(a.blocks)] for a in issue.articles]]
    text = json.dumps(basis, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Recording:
    """What the import records of the source edition, and what it says about it."""
    grid: SourceGrid | None
    notes: tuple[str, ...]      # why no grid is recorded, or what the plan cannot honour


def recording(issue: Issue, base: HouseStyle = SOURCE_GRID) -> Recording:
    """The grid to record for ``issue`` and the lines the import prints: why there is none
    (every build would calibrate and fail or fall back again, silently at import), else
    the page list's contradictions and the pages set fuller or spread (lint and build
    name their files then)."""
    if not has_source_pages(issue):
        lacking = [a.id for a in with_toc_pages(issue).articles if a.page is None]
        why = (f"the 目录 gives no page for {len(lacking)} of {len(issue.articles)} articles "
               f"(first: {lacking[0]}), and the source edition needs {SOURCE_PAGES_RULE}"
               if lacking else "the issue has no 目录 with pages")
        return Recording(None, (f"no source grid recorded: {why}; the issue builds in the "
                                "house edition",))
    try:
        p = plan(replace(issue, source_grid=None), base)
    except UserError as err:
        return Recording(None, (f"no source grid recorded: {err}",))
    return Recording(p.grid, tuple([c.message() for c in p.contradictions]
                                   + [s.line() for s in p.squeezed]
                                   + [x.line() for x in p.spread]))


def recorded_grid(issue: Issue, base: HouseStyle = SOURCE_GRID) -> SourceGrid | None:
    """The grid issue.yaml records, when it still holds for the text (its digest matches, or
    it was set by hand): what the plan would use, known without composing anything."""
    issue = with_toc_pages(issue)
    grid = issue.source_grid
    if grid is None or grid.digest not in (None, grid_digest(issue, base)):
        return None
    return grid


def _grid_yaml(grid: SourceGrid) -> str:
    return (f"source_grid: {{chars_per_line: {grid.chars_per_line}, lines_per_page: "
            f"{grid.lines_per_page}, capacity: {grid.capacity}, digest: '{grid.digest}'}}")


@lru_cache(maxsize=4)
def _plan(issue: Issue, base: HouseStyle, where: tuple, recorded_grid: SourceGrid | None
          ) -> SourcePlan:
    with paginate.remembering():        # the page counts an article fills: once a grid
        return _planned(issue, base)


def _planned(issue: Issue, base: HouseStyle) -> SourcePlan:
    _refuse_too_long(issue, base)
    digest = grid_digest(issue, base)
    given_grid = issue.source_grid
    use = given_grid is not None and given_grid.digest in (None, digest)
    if use:
        cpl, on_starts = given_grid.chars_per_line, None
        if given_grid.digest is not None:       # calibration's own: the next edit reuses it
            calibrate.remember(issue, base, cpl)
    else:
        cpl, on_starts = calibrate.chars_per_line(issue, base)
    style = base.with_(chars_per_line=cpl)
    composer = CuttingComposer(style, cuts_of(issue))
    view = document.build(issue, style, composer=composer)
    forced = _forced_blocks(issue)
    rows = {a.id: paginate.grid_rows(av, style, forced.get(a.id, frozenset()))
            for a, av in zip(issue.articles, view.articles)}
    for a in issue.articles:
        if len(rows[a.id]) > MAX_ROWS:
            _too_long(a, f"fills {len(rows[a.id]):,} lines of the source grid (about "
                         f"{len(rows[a.id]) // style.lines_per_page:,} pages)")
    counts = _page_counts(issue)
    stretches = _stretches(view, rows)
    most = calibrate.max_lines(style)
    # the page list bounds the grid from below: the fewest lines with which the articles
    # (all but two, a wrong number's two counts) fill their 目录 pages, less the tolerance;
    # the stretches between recorded ends tell the source's full page from there up
    spans = [([rows[issue.articles[k].id] for k in ks], ks, n)
             for ks, n in _page_spans(issue) if n > 0]
    given = [(r, n) for r, _, n in spans]
    fewest = calibrate.fewest_lines(base, most)
    fitting_given = _given_fitting(given, most, fewest)
    if use:
        median = target = given_grid.lines_per_page
    else:
        bound = _page_list_bound(fitting_given, most, fewest)
        median = calibrate.median_page(stretches, most,
                                       max(fewest, int(bound / calibrate.OVERFILL)) if given
                                       else fewest)
        target = min(most, max(fewest, round(median))) if median else None
        if target is None and len(given) < MIN_GIVEN:   # too little to calibrate on (no
            # recorded ends, a page list of one or two): the base grid's, or the page
            # list's where that is denser (never sparser: a letter given a page more than
            # its text fills is spread, not set three lines apart)
            target = min(most, max(base.lines_per_page, bound if given else 0))
    hi = min(most, calibrate.tolerance(target)) if target else most
    if use and given_grid.capacity:
        hi = max(target, given_grid.capacity)
    bounds = {a.id: _bounds(rows[a.id], target or hi, hi) for a in issue.articles}
    starts, taken = _placed_starts(issue, rows, counts, bounds, _Grid(hi, target or hi, most))
    contradictions = _contradictions(issue, starts, taken, bounds)
    spread = [Spread(a.id, a.page, a.page_at, n, bounds[a.id].least)
              for a, p, n in zip(issue.articles, starts, taken)
              if a.page == p and n is not None and n > bounds[a.id].least]
    known = [(r, n) for r, ks, n in spans
             if _span_fits(r, hi, n, [bounds[issue.articles[k].id] for k in ks], target)]
    if len(contradictions) > max(2, len(issue.articles) // 4):
        first = contradictions[0]
        raise UserError(f"the page list contradicts the text in {len(contradictions)} places "
                        f"(first: page {first.page} of {first.article}: {first.detail}); "
                        "correct the 目录 pages or build --edition official",
                        *located(first.at))

    def fitting(lines: int) -> tuple[int, int]:
        return sum(_span_fits(r, lines, n, target=target) for r, n in known), len(known)

    if use and given_grid.capacity:
        lines, fit, total = hi, *fitting(hi)
    else:
        lines, fit, total = calibrate.lines_per_page(target or fewest, hi, fitting)
    target = target or lines
    style = _with_lines(style, target, starts[0] if starts else 1)
    view.style = style
    cal = calibrate.Calibration(cpl, target, style.pitch,
                                sum(len(a.page_breaks) for a in issue.articles), on_starts,
                                median, len(stretches), fit, total, lines)
    grid = SourceGrid(cpl, target, lines, digest)
    if use:
        notes = ["the grid recorded in issue.yaml (source_grid) is used: not calibrated again"
                 + ("" if given_grid.digest else " (set by hand: no digest)")]
    elif given_grid is not None:
        notes = ["issue.yaml's source_grid was recorded for other text or page ends: "
                 f"calibrated again; to record the new grid, set in issue.yaml: {_grid_yaml(grid)}"]
    else:
        notes = ["issue.yaml records no source grid: calibrated; to skip that in later "
                 f"builds, add to issue.yaml: {_grid_yaml(grid)}"]
    notes += [c.message() for c in contradictions]
    notes += [x.line() for x in spread]
    notes += [PAGE_LIST + m for _, m in toc_mismatches(issue)]
    notes += [f"{a.id}: the 目录 gives it no page: it starts on page {p}, "
              + ("the page after the article before it ends" if k else "the first")
              + "; to print it elsewhere, give it its page (page: in its front matter)"
              for k, (a, p) in enumerate(zip(issue.articles, starts)) if a.page is None]
    notes += [f"{a}: the page end recorded at block {b}, character {o} falls mid-line on the "
              "grid; the line before it is left short" for a, b, o in composer.unfilled]
    pages, fills, squeezed = _place(issue, view, rows, starts, taken,
                                    _Grid(lines, target, most), notes)
    notes += [f"{f.article}: page {f.folio} ends short of the type area: {f.reason}"
              for f in fills if f.reason]
    return SourcePlan(view, Pagination(pages=tuple(pages)), cal, notes, fills, contradictions,
                      grid, spread, squeezed)


def _given_fitting(given: list[tuple[list[list[paginate.Row]], int]], most: int, fewest: int):
    """``lines`` → (spans the 目录 counts that fill their pages with ``lines`` a page, spans).
    A page ends inside a block only when full, so a block longer than a page fills its
    pages on a few grids only, none of them the densest (``most``): such a span is counted
    with pages inside a block held to the fewest lines a grid may have instead — fitting
    then holds on every grid from its own up, as the page list's bound needs."""
    loose = [None if _span_fits(r, most, n) else fewest for r, n in given]

    def fitting(lines: int) -> tuple[int, int]:
        return sum(_span_fits(r, lines, n, target=t) for (r, n), t in zip(given, loose)), \
            len(given)
    return fitting


def _page_list_bound(fitting, most: int, fewest: int = 2) -> int:
    """The fewest lines with which the articles the 目录 counts fill their pages: all but
    two (a wrong number's two counts) of those any grid lets fill them, when they are the
    majority. One no grid can (a page end recorded once too often: squeeze.py sets it) is
    left out, so a few such never push the grid to the closest pitch; when most can fill
    none, the page list bounds the grid at the closest pitch, as it always did."""
    fit, total = fitting(most)
    never = total - fit if 2 * fit > total else 0
    return calibrate.lines_per_page(fewest, most, fitting, (2 if total >= 4 else 0) + never)[0]


def _placed_starts(issue: Issue, rows: dict[str, list[paginate.Row]],
                   counts: list[int | None], bounds: dict[str, _Bounds], grid: _Grid
                   ) -> tuple[list[int], list[int | None]]:
    """The articles' start pages and the pages each takes (_starts); where they leave a 目录
    page contradicted, again
    with every article allowed the page fewer than its text fills that squeeze.py can set
    it in — worked out only then: a page that held more than the grid, or two articles
    printed on one page, then moves the fewest articles."""
    arts = issue.articles
    if not arts:
        return [], []
    plain = _starts(issue, rows, counts, bounds, grid, [None] * len(arts))
    if all(a.page is None or a.page == p for a, p in zip(arts, plain[0])):
        return plain
    tight = [_squeezable(rows[a.id], bounds[a.id], grid) for a in arts[:-1]] + [None]
    return _starts(issue, rows, counts, bounds, grid, tight)


def _squeezable(r: list[paginate.Row], b: _Bounds, grid: _Grid) -> int | None:
    """The page count one fewer than the article's text fills, when squeeze.py can set it
    in that (a page closer, or one recorded end not kept)."""
    if b.least < 2 or squeeze.relax(r, b.least - 1, grid.lines, grid.most,
                                    grid.target) is None:
        return None
    return b.least - 1


def toc_mismatches(issue: Issue) -> list[tuple[str, str]]:
    """(article id, message): 目录 lines whose page differs from their article's ``page:``,
    each named with the line it is written on. A line is compared with the article its
    title names (see _toc_pairs), never the one at its position: a 目录 printed in another
    order than the articles is the check's order finding, not a wrong page on every line."""
    out = []
    for entry, art in _toc_pairs(issue):
        if art.page is not None and entry.page != art.page:
            out.append((art.id, f"{entry.page_at or 'issue.yaml'}: the 目录 gives page "
                        f"{entry.page}, the article's page: {art.page}"
                        + (f" ({art.page_at})" if art.page_at else "")))
    return out


#: The most 目录 lines differing from the title at their place that are checked one by one
#: (each against every title) before the aligner pairs the whole 目录: a bound on the cost
#: of the shortcut, not a property of any issue.
MAX_PLACE_CHECKS = 16


def _toc_pairs(issue: Issue) -> list[tuple[TocEntry, Article]]:
    """(目录 line, the article its title names), in 目录 order, by the one title aligner the
    check uses (text/align: fuzzy, one to one): lint, the build and ``publish check`` then
    agree on which line speaks for which article. Lines naming no article are left out (the
    check reports them). A 目录 whose every line names the article at its place (the
    aligner would pair them so) is paired at once, without the aligner's matrices."""
    toc = [align.normalize(e.title) for e in issue.toc]
    titles = [align.normalize(a.title) for a in issue.articles]
    differ = [(t, a) for t, a in zip(toc, titles) if t != a]
    if len(toc) == len(titles) and len(differ) <= MAX_PLACE_CHECKS and all(
            _names_its_place(t, a, titles) for t, a in differ):
        return list(zip(issue.toc, issue.articles))
    pairs = align.pair(toc, titles)
    return [(issue.toc[i], issue.articles[j]) for i, (j, _) in pairs.items()]


def _names_its_place(toc_title: str, title: str, titles: list[str]) -> bool:
    """Does a 目录 title name the title at its place, and it more than any other?"""
    own = align.similarity(toc_title, title)
    return own >= align.THRESHOLD and all(align.similarity(toc_title, other) < own
                                          for other in titles if other != title)


def _too_long(article, fills: str) -> None:
    raise UserError(f"{article.id} {fills}: the source edition plans an article of at most "
                    f"{MAX_ROWS:,} lines (is its text there twice?); build --edition official",
                    *located(article.page_at))


def _refuse_too_long(issue: Issue, base: HouseStyle) -> None:
    """An article whose text alone fills more than MAX_ROWS lines of the widest grid a plan
    could use, refused before anything is composed (a 50 MB paragraph: 100 s and 4 GB of
    composing before the rows were counted)."""
    widest = int(base.measure // base.body_size) + calibrate.SPAN
    if issue.source_grid is not None:
        widest = max(widest, issue.source_grid.chars_per_line)
    for a in issue.articles:
        chars = a.body_chars
        if chars > 2 * widest * MAX_ROWS:       # a line holds no more than twice its width
            _too_long(a, f"holds {chars:,} characters")


def _allowed(r: list[paginate.Row], b: _Bounds, grid: _Grid, given: int | None) -> list[int]:
    """Page counts the article's text can fill: its fewest and a few more, and the count
    the 目录 gives when the text can fill that."""
    hi, target = grid.lines, grid.target
    out = [c for c in range(b.least, min(b.most, b.least + SLACK) + 1)
           if paginate.fits(r, hi, c, target)]
    if given is not None and given not in out and _fits(r, b, hi, given, target):
        out.append(given)
    return sorted(out) or [b.least]


def _starts(issue: Issue, rows: dict[str, list[paginate.Row]], counts: list[int | None],
            bounds: dict[str, _Bounds], grid: _Grid, tight: list[int | None]
            ) -> tuple[list[int], list[int | None]]:
    """The start page of every article, and the pages each takes (the last: None), that
    agree with the most 目录 pages while every article takes pages its text can fill (a
    blank page or two allowed before an article where the 目录 puts it later) — or, at a
    cost (SQUEEZE), the count one page fewer than its text fills that ``tight`` gives: one
    wrong number then costs its own article only, and one page that held more than the
    grid moves no later article. Spreading an article costs (AIMLESS) unless the next then
    starts on its 目录 page: after a contradicted page the text, not a spread, places it."""
    arts = issue.articles
    first = arts[0].page or 1
    allowed = [[(c, 0.0) for c in _allowed(rows[a.id], bounds[a.id], grid, n)]
               + ([(t, SQUEEZE)] if t else []) for a, n, t in zip(arts, counts, tight)]
    # the first article on its own page, or where the second's page puts it
    begin = {first} | ({arts[1].page - c for c, _ in allowed[0]}
                       if len(arts) > 1 and arts[1].page else set())
    layer = {p: (0.0 if p == first else 1.0, None, None) for p in begin if p >= 1}
    layers = [layer]
    for i in range(1, len(arts)):
        nxt: dict[int, tuple[float, int | None, int | None]] = {}
        want = arts[i].page
        least = bounds[arts[i - 1].id].least
        for p, (cost, _, _) in layers[-1].items():
            for c, extra in allowed[i - 1]:
                q = p + c
                options = [q] + ([want] if want is not None and 0 < want - q <= MAX_BLANK else [])
                for start in options:
                    total = cost + extra + (0 if start == want else 1) + BLANK * (start - q)
                    if c > least and start != want:
                        total += AIMLESS
                    if start not in nxt or total < nxt[start][0]:
                        nxt[start] = (total, p, c)
        layers.append(nxt)
    end = min(layers[-1], key=lambda p: (layers[-1][p][0], p))
    out, taken = [end], [None]
    for i in range(len(arts) - 1, 0, -1):
        _, before, c = layers[i][out[-1]]
        out.append(before)
        taken.append(c)
    return out[::-1], taken[::-1]


def _contradictions(issue: Issue, starts: list[int], taken: list[int | None],
                    bounds: dict[str, _Bounds]) -> list[Contradiction]:
    """目录 pages the text contradicts: where the best agreeing pages put an article
    elsewhere (its text and its neighbours' cannot fill the pages the 目录 gives). An
    article the 目录 starts on its predecessor's page is one contradiction, named at its
    目录 line with that cause, the articles it moves along with it."""
    out = []
    arts = issue.articles
    i = 0
    while i < len(arts):
        art, p = arts[i], starts[i]
        if art.page is None or art.page == p:
            i += 1
            continue
        if i and art.page == arts[i - 1].page:
            moved = _moved_after(issue, starts, i)
            out.append(_same_page(issue, starts, i, moved))
            i += 1 + len(moved)
            continue
        before = (f"the article before it fills {taken[i - 1]} page(s) from page "
                  f"{starts[i - 1]}" if i else "the articles after it fill the pages before "
                  "their own")
        b = bounds[art.id]
        out.append(Contradiction(art.id, art.page, art.page_at,
                                 f"{before}, so it starts on page {p} (its text fills "
                                 f"{b.least}" + (f" to {b.most}" if b.most > b.least else "")
                                 + " page(s))"))
        i += 1
    return out


def _moved_after(issue: Issue, starts: list[int], i: int) -> list[int]:
    """The articles right after the ``i``-th that start off their 目录 page too (moved on
    by it, up to the one set in a page fewer that brings the rest back)."""
    out = []
    for j in range(i + 1, len(issue.articles)):
        art = issue.articles[j]
        if art.page is None or art.page == starts[j] or art.page == issue.articles[j - 1].page:
            break
        out.append(j)
    return out


def _toc_line(issue: Issue, i: int) -> str | None:
    """Where the ``i``-th article's 目录 page is written: its 目录 line in issue.yaml (when
    the 目录 and the articles pair in order), else its own ``page:``."""
    if len(issue.toc) == len(issue.articles) and issue.toc[i].page_at:
        return issue.toc[i].page_at
    return issue.articles[i].page_at


def _same_page(issue: Issue, starts: list[int], i: int, moved: list[int]) -> Contradiction:
    """The contradiction of an article the 目录 starts on the page of the one before it."""
    art, prev = issue.articles[i], issue.articles[i - 1]
    also = "".join(f", {issue.articles[j].id} on page {starts[j]}" for j in moved)
    return Contradiction(art.id, art.page, _toc_line(issue, i),
                         f"the 目录 starts it on page {art.page} with {prev.id}: two articles "
                         "printed on one page, which the source edition cannot set (every "
                         f"article begins a page of its own), so it starts on page {starts[i]}"
                         + (f"{also} (moved on with it)" if also else ""))


def _place(issue: Issue, view: document.IssueView, rows: dict[str, list[paginate.Row]],
           begin: list[int], taken: list[int | None], grid: _Grid, notes: list[str]
           ) -> tuple[list[PageStart], list[justify.PageFill], list[squeeze.Squeeze]]:
    """Plan every article's pages from its start page (``begin``) in the pages it takes
    (``taken``, see _starts), cut and
    space the view's blocks so each page is full, return the starts, every page's fill and
    the articles set in a page fewer than their text fills (each named once)."""
    lines, target = grid.lines, grid.target
    out: list[PageStart] = []
    fills: list[justify.PageFill] = []
    squeezed: list[squeeze.Squeeze] = []
    folio = begin[0] if begin else 1
    for i, (art, av) in enumerate(zip(issue.articles, view.articles)):
        gap = begin[i] - folio
        if gap > 0:
            av.blank_pages_before = gap
            notes.append(f"{art.id}: {gap} blank page(s) before page {begin[i]}: the article "
                         "before it is too short to fill its pages")
            folio = begin[i]
        count = taken[i] if i + 1 < len(begin) else None
        r, p, tight = _article_pages(rows[art.id], count, grid)
        if count is not None and not p.fits:
            notes.append(f"{art.id}: set in {len(p.starts)} pages from page {folio}, "
                         f"{count} were planned")
        starts = p.starts + [len(r)]
        for k, (a, b) in enumerate(zip(starts, starts[1:])):
            row = r[a]
            out.append(PageStart(folio + k, art.id, row.block, row.offset))
            if b - a > lines and tight is None:
                notes.append(f"{art.id}: page {folio + k} holds {b - a} lines, the grid {lines}")
        if tight is not None:
            squeezed.append(_squeeze_of(art, rows[art.id], p, tight, folio, count, grid))
            notes.append(squeezed[-1].line())
        fills += justify.justify(av, r, p.starts, view.style, target, folio)
        folio += len(p.starts)
    return out, fills, squeezed


def _article_pages(r: list[paginate.Row], count: int | None, grid: _Grid
                   ) -> tuple[list[paginate.Row], paginate.PagePlan, squeeze.Relaxed | None]:
    """(rows, pages, how they were relaxed): the article in ``count`` pages of the grid, or,
    when its text fills one more, set in ``count`` anyway as squeeze.py relaxes it."""
    p = paginate.plan_article(r, grid.lines, count, target=grid.target)
    if p.fits or count is None:
        return r, p, None
    tight = squeeze.relax(r, count, grid.lines, grid.most, grid.target)
    if tight is None:
        return r, p, None
    return tight.rows, paginate.plan_article(tight.rows, tight.lines, count,
                                             target=grid.target), tight


def _squeeze_of(art, r: list[paginate.Row], p: paginate.PagePlan, tight: squeeze.Relaxed,
                folio: int, count: int, grid: _Grid) -> squeeze.Squeeze:
    """The report of an article set in a page fewer: the page that runs on past the end not
    kept, else its fullest page."""
    ends = p.starts[1:] + [len(r)]
    held = [b - a for a, b in zip(p.starts, ends)]
    if tight.dropped is not None:
        k = bisect_right(p.starts, tight.dropped) - 1
        dropped = (r[tight.dropped].block, r[tight.dropped].offset)
    else:
        k, dropped = held.index(max(held)), None
    fewest = len(paginate.plan_article(r, grid.lines, None).starts)
    moved = art.page if art.page is not None and art.page != folio else None
    return squeeze.Squeeze(art.id, folio + k, _file_of(art.page_at), count, fewest, held[k],
                           grid.target, dropped, moved)


def _file_of(at: str | None) -> str | None:
    """The file of a ``file:line`` string."""
    return located(at)[0] if at else None


#: The pages off the plan named one by one; the rest are counted (the first is the cause:
#: a page that ran over moves every later one, and 80 lines of it buried the build's notes).
SHOWN_DIFFERENCES = 3


def differences(planned: Pagination, printed: Pagination) -> list[str]:
    """Where the rendered PDF's pages differ from the plan (none, when all went right): the
    first few one a line, the rest in one line by how far they moved."""
    want = {(p.article, p.block, p.offset): p.number for p in planned.pages}
    got = {(p.article, p.block, p.offset): p.number for p in printed.pages}
    moved = [(key, number, got.get(key)) for key, number in want.items()
             if got.get(key) != number]
    out = []
    for key, number, now in moved[:SHOWN_DIFFERENCES]:
        where = "missing" if now is None else f"on page {now}"
        out.append(f"{key[0]}: the page planned as {number} (block {key[1]}, character "
                   f"{key[2]}) is {where} in the PDF")
    rest = moved[SHOWN_DIFFERENCES:]
    if rest:
        shifts = Counter(None if now is None else now - number for _, number, now in rest)
        how = ", ".join(_shift(delta, n) for delta, n in sorted(
            shifts.items(), key=lambda item: (item[0] is None, item[0] or 0)))
        out.append(f"… and {len(rest)} more page{'s' if len(rest) > 1 else ''} off the plan "
                   f"({how}; the first above moved those after it)")
    extra = len(set(got) - set(want))
    if extra:
        out.append(f"the PDF has {extra} page(s) the plan did not have")
    return out


def _shift(delta: int | None, count: int) -> str:
    """``3 a page late``, ``2 missing``: how ``count`` pages moved."""
    if delta is None:
        return f"{count} missing"
    far = "a page" if abs(delta) == 1 else f"{abs(delta)} pages"
    return f"{count} {far} {'late' if delta > 0 else 'early'}"
