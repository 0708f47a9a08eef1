"""The layout units of an issue, their first pages and their cache keys.

A unit is the cover, the 目录, a blank page (when the 目录 ends on a right-hand page, so the
first article still opens on the right) or one article. Its first page's side and folio
are part of its HTML, so a unit laid out once for a start is reused for that start only.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .. import cache
from ..layout.document import ArticleView, IssueView
from ..model import Issue, Pagination
from .unitpdf import UnitJob, UnitResult

_CODE = ("render/*.py", "layout/*.py", "source_edition/*.py", "model.py", "templating/*.py",
         "options.py", "text/*.py")


def code_key() -> str:
    """Everything a unit's layout depends on besides its HTML: code, templates, fonts."""
    return cache.code_key("units-v1", _CODE, ("print", "common"))


def key(job: UnitJob, base: str) -> str:
    starts = [b.line_starts for a in job.view.articles for b in a.blocks]
    return cache.fingerprint([base, job.name, job.variant, job.document_id, job.html,
                              repr(starts)], [])


def size(job: UnitJob) -> int:
    """Lines to set: the longest units go to the pool first."""
    return sum(len(b.line_starts) for a in job.view.articles for b in a.blocks) + 1


@dataclass(frozen=True)
class Maker:
    """Makes each unit's job from the composed issue."""
    issue: Issue
    view: IssueView
    variant: str
    document_id: str

    def _job(self, name: str, **kw) -> UnitJob:
        part = IssueView(issue=self.view.issue, style=self.view.style,
                         articles=kw.pop("articles", []), toc=kw.pop("toc", []),
                         cover=self.view.cover)
        return UnitJob(name=name, issue=self.issue, view=part, variant=self.variant,
                       document_id=self.document_id, **kw)

    def cover(self) -> UnitJob:
        return self._job("cover", show_cover=True)

    def toc(self, pages: dict[str, int | None]) -> UnitJob:
        numbers = tuple((k, v) for k, v in pages.items() if v is not None)
        return self._job("toc", toc=self.view.toc, side="left", toc_pages=numbers)

    def blank(self) -> UnitJob:
        return self._job("blank", blank=True, side="left")

    def article(self, art: ArticleView, first_folio: int) -> UnitJob:
        side = "right" if (first_folio - self.view.style.first_folio) % 2 == 0 else "left"
        return self._job(art.id, articles=[art], side=side, first_folio=first_folio)


def planned_starts(view: IssueView, planned: Pagination) -> dict[str, int]:
    """Source edition: each unit's first folio from the plan (blank pages before it
    included)."""
    out = {}
    folio = view.style.first_folio
    for art in view.articles:
        start = planned.start_page(art.id)
        if start is None:
            start = folio
        out[art.id] = start - art.blank_pages_before
        folio = start + 1
    return out


def _estimate(art: ArticleView, lines_per_page: int) -> int:
    lines = art.head.grid_lines + sum(len(b.line_starts) for b in art.blocks)
    return art.blank_pages_before + max(1, math.ceil(lines / max(1, lines_per_page)))


def estimated_starts(view: IssueView) -> dict[str, int]:
    """House edition, before any layout: starts from the composed line counts."""
    out = {}
    folio = view.style.first_folio
    for art in view.articles:
        out[art.id] = folio
        folio += _estimate(art, view.style.lines_per_page)
    return out


def actual_starts(view: IssueView, results: dict[str, UnitResult],
                  floor: dict[str, int] | None = None) -> dict[str, int]:
    """Each article on the page after the one before it ends — or, in the source edition,
    on its planned page (``floor``) when the one before ends earlier."""
    out = {}
    folio = view.style.first_folio
    for art in view.articles:
        start = max(folio, floor[art.id]) if floor else folio
        out[art.id] = start
        folio = start + len(results[art.id].pages)
    return out


def title_pages(view: IssueView, results: dict[str, UnitResult]) -> dict[str, int | None]:
    """The folio each article's title is printed on (the 目录's numbers)."""
    out: dict[str, int | None] = {}
    for art in view.articles:
        out[art.id] = next((p.folio for p in results[art.id].pages
                            if p.start is not None and p.start.article == art.id), None)
    return out


def needs_blank(toc: UnitResult, cover_pages: int = 1) -> bool:
    """Do cover and 目录 end on a right-hand page (an odd count of pages), so that a blank
    page must keep the first article on the right?"""
    return (cover_pages + len(toc.pages)) % 2 == 1

