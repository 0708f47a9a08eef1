"""Keep the source pagination: every article starts on the page the source 目录 gives.

Used when ``BuildOptions.keep_source_pagination`` is set. The issue is set on the grid the
source was set on (``layout.style.SOURCE_GRID``, measured by bench/calibrate.py), rendered
once to learn how many pages each article takes, and then:

* an article that would start before its source page is preceded by blank pages (they are
  counted but carry no page number): the article before it ends with white space, as a
  short article did in the source;
* an article that runs past the next article's source page is tightened — set with one more
  character per line (29 instead of 28, the tracking tightened by about half a point) —
  and measured again; that is the only liberty taken;
* what still does not fit is reported (a warning naming the article and the pages), and
  the following articles keep their own source pages whenever they can.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from .layout import document
from .layout.style import SOURCE_GRID, HouseStyle
from .model import Issue

LOG = logging.getLogger("publish.print")


@dataclass
class Fit:
    view: document.IssueView
    notes: list[str]
    starts: dict[str, int]          # article id → planned start page


def _render(issue: Issue, view: document.IssueView):
    import weasyprint

    from .print_pagination import pagination_of
    from .writers.html import render, render_css
    html = render(issue, view, css=render_css(view.style))
    doc = weasyprint.HTML(string=html).render()
    return pagination_of(doc, view)


def _pages_per_article(issue: Issue, view: document.IssueView) -> dict[str, int]:
    pagination = _render(issue, view)
    counts: dict[str, int] = {}
    for start in pagination.pages:
        counts[start.article] = counts.get(start.article, 0) + 1
    return counts


def _article_pages(issue: Issue, style: HouseStyle, art: document.ArticleView) -> int:
    """Pages one article takes on its own."""
    source = next(a for a in issue.articles if a.id == art.id)
    single = replace(issue, articles=(source,))
    view = document.IssueView(issue=single, style=style, articles=[art],
                              toc=document.build_toc(document.Composer(style), single))
    return _pages_per_article(single, view).get(art.id, 0)


def fit(issue: Issue, style: HouseStyle = SOURCE_GRID) -> Fit:
    view = document.build(issue, style)
    counts = _pages_per_article(issue, view)
    tight = document.Composer(style.with_(chars_per_line=style.chars_per_line + 1,
                                          indent_pt=style.indent))
    notes: list[str] = []
    starts: dict[str, int] = {}
    page = 1
    arts = list(issue.articles)
    for i, art in enumerate(arts):
        target = art.page
        if target is not None and page < target:
            view.articles[i].blank_pages_before = target - page
            page = target
        elif target is not None and page > target:
            notes.append(f"{art.id}: starts on page {page}, the source 目录 says {target}")
        starts[art.id] = page
        n = counts.get(art.id, 0)
        limit = arts[i + 1].page if i + 1 < len(arts) else None
        if limit is not None and page + n > limit:
            tightened = document.build_article(tight, art, issue)
            n2 = _article_pages(issue, style, tightened)
            if n2 < n:
                view.articles[i] = tightened
                n = n2
            if page + n > limit:
                notes.append(f"{art.id}: {n} pages from page {page} run past page {limit - 1}"
                             f" even with 29 characters a line")
        page += n
    for note in notes:
        LOG.warning("keep source pagination: %s", note)
    return Fit(view, notes, starts)
