"""Recorded page ends: is each one, in a PDF, at the top of the page the source gave it?

A recorded page end (``Article.page_breaks``) opens a source page. Its folio follows from
the 目录 alone: the k-th recorded end of an article on page P opens a page from P + k on,
and, when the next article starts on page Q, at most page Q − 1 − (ends still to come).
Where every page end of the article was recorded, the two bounds meet: page P + k exactly.
An article with more recorded ends than pages after its first (text the importer took for a
page of its own: the source edition keeps its 目录 pages and drops an end, squeeze.py) has
each end's bounds widened by the surplus: the others are still found on their pages.
A PDF — ours or any other — passes for an end when a page with a printed number within
those bounds begins (within its first lines) with the text that follows the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Issue
from ..text.normalize import squeeze
from .pdfread import PdfDoc

PROBE = 8              # characters after the end that must open the page
HEAD_LINES = 3         # lines at the top of a page where they may stand (a running head)


@dataclass(frozen=True)
class RecordedEnd:
    article: str
    k: int                  # 1-based, within the article
    block: int
    offset: int
    lo: int                 # the earliest folio it may open
    hi: int | None          # the latest (None: the article's last page is unknown)
    text: str               # the text that follows it (normalized)

    @property
    def exact(self) -> bool:
        return self.hi == self.lo


def recorded_ends(issue: Issue) -> list[RecordedEnd]:
    """Every recorded page end with the folios the 目录 allows it."""
    out = []
    arts = issue.articles
    for i, art in enumerate(arts):
        if art.page is None:
            continue
        nxt = arts[i + 1].page if i + 1 < len(arts) else None
        count = len(art.page_breaks)
        extra = _surplus(count, art.page, nxt)
        for k, pb in enumerate(art.page_breaks, 1):
            if not 0 <= pb.block < len(art.blocks):
                continue
            text = _in_bmp(squeeze(art.blocks[pb.block].body_text[pb.offset:]))[:PROBE]
            lo = art.page + max(1, k - extra)
            hi = max(lo, nxt - 1 - max(0, count - k - extra)) if nxt is not None else None
            out.append(RecordedEnd(art.id, k, pb.block, pb.offset, lo, hi, text))
    return out


def _surplus(count: int, page: int, nxt: int | None) -> int:
    """Recorded ends past the pages the 目录 leaves the article (each opens a page after its
    first): that many of them open no page, so every end's bounds widen by it (0: the bounds
    of the module's docstring)."""
    if nxt is None or nxt <= page:
        return 0
    return max(0, count - (nxt - page - 1))


def _in_bmp(text: str) -> str:
    """``text`` without characters past the Basic Multilingual Plane (𠮷, an emoji): some PDF
    text readers (PDFium) drop them, so a page that begins with one still counts as found."""
    return _ASTRAL.sub("", text)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _head(doc: PdfDoc, index: int) -> list[str]:
    """The first lines of a page, as the recorded ends' text is compared."""
    return [_in_bmp(squeeze(line.text)) for line in doc.pages[index].body[:HEAD_LINES]]


def _opens(lines: list[str], text: str) -> bool:
    """Do a page's first ``lines`` begin with ``text`` (one line, or it and those after)?"""
    return any(line.startswith(text) or (line + "".join(lines[k + 1:])).startswith(text)
               for k, line in enumerate(lines) if line)


def find(doc: PdfDoc, ends: list[RecordedEnd]) -> dict[RecordedEnd, int | None]:
    """The printed folio of the page each end opens, when that page is within its bounds."""
    by_folio: dict[int, list[int]] = {}
    for index in range(len(doc.pages)):
        number = doc.printed(index)
        if number is not None:
            by_folio.setdefault(number, []).append(index)
    heads: dict[int, list[str]] = {}

    def head(index: int) -> list[str]:                # a page's first lines, read once
        if index not in heads:
            heads[index] = _head(doc, index)
        return heads[index]

    out: dict[RecordedEnd, int | None] = {}
    for end in ends:
        out[end] = None
        if not end.text:
            continue
        hi = end.hi if end.hi is not None else max(by_folio, default=end.lo)
        for folio in range(end.lo, hi + 1):
            if any(_opens(head(index), end.text) for index in by_folio.get(folio, ())):
                out[end] = folio
                break
    return out
