"""Read the Pagination back from WeasyPrint's laid-out pages.

Every body block carries the HTML id ``<article-id>-b<index>`` and every title block
``<article-id>-t``; the composer knows at which character each line of a block starts.
Walking the page boxes in order and counting each block's line boxes gives, for the first
line on every numbered page, the block and the exact character offset — no text matching.
The printed number is read from the page's own margin box (``— N —``), so it is the number
a reader sees.
"""
from __future__ import annotations

import re

from ..layout.document import IssueView
from ..model import PageStart, Pagination

_FOLIO = re.compile(r"(\d+)")


def _children(box):
    return getattr(box, "children", None) or ()


def folio_of(page_box) -> int | None:
    """The number printed in the page's margin boxes (``— N —``), if any."""
    from weasyprint.formatting_structure.boxes import MarginBox, TextBox
    for child in _children(page_box):
        if isinstance(child, MarginBox):
            text = "".join(b.text for b in _walk(child) if isinstance(b, TextBox))
            m = _FOLIO.search(text)
            if m:
                return int(m.group(1))
    return None


def _walk(box):
    yield box
    for child in _children(box):
        yield from _walk(child)


def page_starts(document, view: IssueView) -> list[PageStart | None]:
    """For every page: where its first line starts (None on a page without text of ours)."""
    from weasyprint.formatting_structure.boxes import BlockBox, LineBox, MarginBox
    blocks: dict[str, tuple[str, int, list[int]]] = {}
    titles: dict[str, str] = {}
    for art in view.articles:
        titles[art.head.id] = art.id
        for index, b in enumerate(art.blocks):
            blocks[b.id] = (art.id, index if b.index is None else b.index, b.line_starts)
    seen: dict[str, int] = {}
    out: list[PageStart | None] = []
    for page in document.pages:
        root = page._page_box
        number = folio_of(root)
        first: PageStart | None = None
        stack = [c for c in reversed(_children(root)) if not isinstance(c, MarginBox)]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None and isinstance(box, BlockBox) else None
            if ident in titles and first is None:
                first = PageStart(number or 0, titles[ident], -1, 0)
            if ident in blocks:
                art, index, starts = blocks[ident]
                count = sum(1 for c in _children(box) if isinstance(c, LineBox))
                done = seen.get(ident, 0)
                if count and first is None:
                    first = PageStart(number or 0, art, index, starts[min(done, len(starts) - 1)])
                seen[ident] = done + count
                continue
            stack.extend(reversed(_children(box)))
        out.append(first if number is not None else None)
    return out


def pagination_of(document, view: IssueView) -> Pagination:
    return Pagination(pages=tuple(p for p in page_starts(document, view) if p is not None))
