"""Reading a DOCX as LibreOffice paginates it (its PDF export): each page's text and the
folio its footer prints, where each article starts, and where the recorded source page ends
fall. Used by the DOCX pagination tests; nothing here knows the bundled issue."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from publish.model import Issue, Pagination
from publish.textrules import fold

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


def page_of(pages: list[Page], first: int, last: int, text: str, offset: int) -> int | None:
    """The page (first..last) on which ``text[offset]`` is set, found by the characters
    from there on (a page may end inside them)."""
    snippet = fold(text[offset:offset + 16])
    if not snippet:
        return None
    for i in range(first, last + 1):
        if snippet in pages[i].text:
            return i
    for i in range(first, last):
        for j in range(len(snippet) - 1, 0, -1):
            if pages[i].text.endswith(snippet[:j]) and pages[i + 1].text.startswith(snippet[j:]):
                return i
    return None


def recorded_drift(pages: list[Page], issue: Issue, plan: Pagination
                   ) -> list[tuple[str, int, int, int | None]]:
    """For every recorded source page end: (article id, block, print page, the folio of the
    page LibreOffice sets it on). A recorded end opens a print page, so print says its text
    is on ``number``."""
    starts = article_starts(pages, issue)
    bounds = [s for s in starts if s is not None] + [len(pages)]
    want = {(p.article, p.block, p.offset): p.number for p in plan.pages}
    out = []
    for k, (article, first) in enumerate(zip(issue.articles, starts)):
        if first is None:
            continue
        last = next((b for b in bounds if b > first), len(pages)) - 1
        for pb in article.page_breaks:
            number = want.get((article.id, pb.block, pb.offset))
            if number is None or not 0 <= pb.block < len(article.blocks):
                continue
            found = page_of(pages, first, last, article.blocks[pb.block].body_text, pb.offset)
            out.append((article.id, pb.block, number,
                        pages[found].folio if found is not None else None))
    return out
