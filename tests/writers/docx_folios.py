"""Reading a DOCX as LibreOffice paginates it (its PDF export): each page's text and the
folio its footer prints, where each article starts, and where the recorded source page ends
fall. Used by the DOCX pagination tests; nothing here knows the bundled issue."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from publish.model import Issue, Pagination
from publish.text.normalize import fold

FOLIO = re.compile(r"^\s*[—–-]\s*(\d+)\s*[—–-]\s*$")


@dataclass(frozen=True)
class Page:
    text: str              # folded, the footer left out
    folio: int | None      # the number its footer prints


def read_pages(pdf: Path) -> list[Page]:
    import pdfplumber
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            lines = [line["text"] for line in page.extract_text_lines()]
            folio = None
            if lines and FOLIO.match(lines[-1]):
                folio = int(FOLIO.match(lines.pop())[1])
            out.append(Page(fold("".join(lines)), folio))
    return out


def article_starts(pages: list[Page], issue: Issue) -> list[int | None]:
    """The index of the page each article's title opens (in order), None when not found."""
    out: list[int | None] = []
    after = 0
    for article in issue.articles:
        title = fold(article.title)
        found = next((i for i in range(after + 1, len(pages))
                      if pages[i].text.startswith(title)), None)
        out.append(found)
        if found is not None:
            after = found
    return out


def page_of(pages: list[Page], first: int, last: int, body: list[str], block: int,
            offset: int) -> int | None:
    """The page (first..last) on which character ``offset`` of block ``block`` is set.

    The article's pages are read as one text; the occurrence of the characters from there
    on (16 of them, a page may end inside them) nearest to where they stand in the body
    counted from the body's first words is the one; so words repeated elsewhere in the
    article are not mistaken for them."""
    text = fold("".join(body))
    at = len(fold("".join(body[:block]) + body[block][:offset]))
    snippet = text[at:at + 16]
    if not snippet:
        return None
    ends, joined = [], ""
    for i in range(first, last + 1):
        joined += pages[i].text
        ends.append(len(joined))
    origin = joined.find(text[:16])
    if origin < 0:
        return None
    hits = [m.start() for m in re.finditer(f"(?={re.escape(snippet)})", joined)]
    if not hits:
        return None
    where = min(hits, key=lambda h: abs(h - origin - at))
    return first + next(k for k, end in enumerate(ends) if where < end)


def _articles(pages: list[Page], issue: Issue):
    """Each article LibreOffice set: (article, its first and last page index, its blocks'
    labels, its blocks' text with labels)."""
    starts = article_starts(pages, issue)
    bounds = [s for s in starts if s is not None] + [len(pages)]
    for article, first in zip(issue.articles, starts):
        if first is None:
            continue
        last = next((b for b in bounds if b > first), len(pages)) - 1
        labels = [b.label or "" if b.type == "list_item" else "" for b in article.blocks]
        body = [lab + b.body_text for lab, b in zip(labels, article.blocks)]
        yield article, first, last, labels, body


def recorded_drift(pages: list[Page], issue: Issue, plan: Pagination
                   ) -> list[tuple[str, int, int, int | None]]:
    """For every recorded source page end: (article id, block, print page, the folio of the
    page LibreOffice sets it on). A recorded end opens a print page, so print says its text
    is on ``number``."""
    want = {(p.article, p.block, p.offset): p.number for p in plan.pages}
    out = []
    for article, first, last, labels, body in _articles(pages, issue):
        for pb in article.page_breaks:
            number = want.get((article.id, pb.block, pb.offset))
            if number is None or not 0 <= pb.block < len(article.blocks):
                continue
            found = page_of(pages, first, last, body, pb.block,
                            len(labels[pb.block]) + pb.offset)
            out.append((article.id, pb.block, number,
                        pages[found].folio if found is not None else None))
    return out


def page_start_drift(pages: list[Page], issue: Issue, plan: Pagination
                     ) -> list[tuple[str, int, int, int | None]]:
    """For every page the plan begins inside an article after its first (a recorded page
    end, or a page that begins at a paragraph): (article id, block, print page, the folio
    of the page LibreOffice sets its first characters on)."""
    out = []
    for article, first, last, labels, body in _articles(pages, issue):
        opening = plan.start_page(article.id)
        for ps in plan.pages:
            if ps.article != article.id or ps.block < 0 or ps.number == opening \
                    or ps.block >= len(body):
                continue
            block, offset = ps.block, len(labels[ps.block]) + ps.offset
            if ps.offset >= len(article.blocks[block].body_text) and block + 1 < len(body):
                block, offset = block + 1, 0
            elif ps.offset <= 0:
                offset = 0
            found = page_of(pages, first, last, body, block, offset)
            out.append((article.id, block, ps.number,
                        pages[found].folio if found is not None else None))
    return out
