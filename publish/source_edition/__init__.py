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

from dataclasses import dataclass, field
from functools import lru_cache

from ..layout import document
from ..layout.style import SOURCE_GRID, HouseStyle
from ..model import Issue, PageStart, Pagination
from . import calibrate, paginate
from .composer import CuttingComposer, cuts_of


@dataclass
class SourcePlan:
    view: document.IssueView
    pagination: Pagination
    calibration: calibrate.Calibration
    notes: list[str] = field(default_factory=list)


def has_source_pages(issue: Issue) -> bool:
    """Does the corpus carry a source page list (a 目录 with the articles' pages)?"""
    return bool(issue.toc) and bool(issue.articles) and all(
        a.page is not None for a in issue.articles)


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
    """Pages the 目录 gives each article (up to the next article's page)."""
    arts = issue.articles
    out: list[int | None] = []
    for a, b in zip(arts, arts[1:]):
        out.append(b.page - a.page if a.page is not None and b.page is not None
                   and b.page > a.page else None)
    out.append(None)
    return out


def _with_lines(style: HouseStyle, lines: int, first: int) -> HouseStyle:
    pitch = int(style.area_height / lines * 1000) / 1000      # never a hair over the area
    return style.with_(pitch=pitch, title_pitch=pitch, first_folio=first)


def _first_folio(issue: Issue) -> int:
    """The first article's page: its 目录 page (an issue cut from a longer one keeps its
    numbers), else 1."""
    page = issue.articles[0].page if issue.articles else None
    return page if page is not None and page >= 1 else 1


def _stretches(view: document.IssueView, rows: dict[str, list[paginate.Row]]) -> list[int]:
    """Rows between consecutive recorded ends inside each article."""
    out = []
    for art in view.articles:
        forced = [r for r, row in enumerate(rows[art.id]) if row.forced]
        out += [b - a for a, b in zip(forced, forced[1:])]
    return out


@lru_cache(maxsize=4)
def plan(issue: Issue, base: HouseStyle = SOURCE_GRID) -> SourcePlan:
    """The source edition of ``issue`` (cached: the PDF, DOCX and EPUB of one build share it)."""
    cpl, on_starts = calibrate.chars_per_line(issue, base)
    style = base.with_(chars_per_line=cpl)
    composer = CuttingComposer(style, cuts_of(issue))
    view = document.build(issue, style, composer=composer)
    forced = _forced_blocks(issue)
    rows = {a.id: paginate.grid_rows(av, style, forced.get(a.id, frozenset()))
            for a, av in zip(issue.articles, view.articles)}
    counts = _page_counts(issue)
    known = [(a.id, n) for a, n in zip(issue.articles, counts) if n is not None]
    median = calibrate.median_page(_stretches(view, rows))

    def fitting(lines: int) -> tuple[int, int]:
        return sum(paginate.fits(rows[i], lines, n) for i, n in known), len(known)

    # twice the fullest article's average page is room enough for any page of it
    widest = max((-(-len(rows[i]) // n) for i, n in known), default=style.lines_per_page)
    lines, fit, total = calibrate.lines_per_page(2, 2 * widest + 2, fitting)
    style = _with_lines(style, lines, _first_folio(issue))
    view.style = style
    cal = calibrate.Calibration(cpl, lines, style.pitch,
                                sum(len(a.page_breaks) for a in issue.articles), on_starts,
                                median, len(_stretches(view, rows)), fit, total)
    notes = [f"{a}: the page end recorded at block {b}, character {o} falls mid-line on the "
             "grid; the line before it is left short" for a, b, o in composer.unfilled]
    pages = _place(issue, view, rows, counts, lines, notes, style.first_folio)
    return SourcePlan(view, Pagination(pages=tuple(pages)), cal, notes)


def _place(issue: Issue, view: document.IssueView, rows: dict[str, list[paginate.Row]],
           counts: list[int | None], lines: int, notes: list[str], folio: int
           ) -> list[PageStart]:
    """Plan every article's pages from page ``folio`` on, mark the page breaks on the view,
    return the starts."""
    out: list[PageStart] = []
    for art, av, count in zip(issue.articles, view.articles, counts):
        if art.page is not None and art.page > folio and out:
            gap = art.page - folio
            av.blank_pages_before = gap
            notes.append(f"{art.id}: {gap} blank page(s) before page {art.page}: the article "
                         "before it is too short to fill its pages")
            folio = art.page
        elif art.page is not None and art.page != folio:
            notes.append(f"{art.id}: starts on page {folio}, the 目录 gives {art.page}")
        r = rows[art.id]
        p = paginate.plan_article(r, lines, count)
        if not p.fits and count is not None:
            notes.append(f"{art.id}: set in {len(p.starts)} pages from page {folio}, the 目录 "
                         f"gives {count}")
        starts = p.starts + [len(r)]
        for k, (a, b) in enumerate(zip(starts, starts[1:])):
            row = r[a]
            if k and b - a and starts[k] - starts[k - 1] < lines and row.view >= 0:
                av.blocks[row.view].new_page = True
            out.append(PageStart(folio + k, art.id, row.block, row.offset))
            if b - a > lines:
                notes.append(f"{art.id}: page {folio + k} holds {b - a} lines, the grid {lines}")
        folio += len(p.starts)
    return out


def differences(planned: Pagination, printed: Pagination) -> list[str]:
    """Where the rendered PDF's pages differ from the plan (none, when all went right)."""
    want = {(p.article, p.block, p.offset): p.number for p in planned.pages}
    got = {(p.article, p.block, p.offset): p.number for p in printed.pages}
    out = []
    for key, number in want.items():
        if got.get(key) != number:
            where = "missing" if key not in got else f"on page {got[key]}"
            out.append(f"{key[0]}: the page planned as {number} (block {key[1]}, character "
                       f"{key[2]}) is {where} in the PDF")
    extra = len(set(got) - set(want))
    if extra:
        out.append(f"the PDF has {extra} page(s) the plan did not have")
    return out
