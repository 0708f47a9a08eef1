"""Hand-made page lists: a PdfDoc built from strings, so every kind of finding can be
provoked without a PDF file.

A page is a list of lines, top to bottom. A line starting with ``^`` is a running head
(top of the page), one starting with ``_`` a footer (bottom); a tab splits a line into
pieces with a gap between them (a 目录 title and its number).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from publish.check.pdfread import Line, OutlineItem, Page, PdfDoc, make_page
from publish.model import Article, Issue, TocEntry

WIDTH, HEIGHT = 595.0, 842.0


def _line(text: str, y: float) -> Line:
    pieces = tuple(p for p in text.split("\t") if p)
    return Line(text=" ".join(pieces), pieces=pieces, left=80.0, bottom=y, right=500.0,
                top=y + 16.0)


def page(index: int, lines: Sequence[str]) -> Page:
    out = []
    y = 740.0
    for text in lines:
        if text.startswith("^"):
            out.append(_line(text[1:], 800.0))
        elif text.startswith("_"):
            out.append(_line(text[1:], 40.0))
        else:
            out.append(_line(text, y))
            y -= 29.0
    out.sort(key=lambda ln: -ln.top)
    return make_page(index, WIDTH, HEIGHT, out)


def doc(pages: Sequence[Sequence[str]], destinations: dict[str, int] | None = None,
        outline: Sequence[tuple[str, int]] = ()) -> PdfDoc:
    built = [page(i, lines) for i, lines in enumerate(pages)]
    return PdfDoc.from_pages(built, Path("hand-made.pdf"), destinations,
                             [OutlineItem(t, p, 0) for t, p in outline])


def issue(titles: Sequence[str], pages: Sequence[int],
          toc: Sequence[tuple[str, int]] | None = None) -> Issue:
    """Articles a1, a2 … with ``titles`` starting on ``pages``; the 目录 lists them as they
    are unless ``toc`` is given."""
    arts = tuple(Article(id=f"a{k + 1}", title=t, page=p)
                 for k, (t, p) in enumerate(zip(titles, pages)))
    entries = toc if toc is not None else list(zip(titles, pages))
    return Issue(id="test", toc=tuple(TocEntry(t, p) for t, p in entries), articles=arts)


def printed_issue(titles: Sequence[str], pages: Sequence[int], *, toc_pages=None,
                  first_number: int = 1, body_lines: int = 3) -> list[list[str]]:
    """A page list for the articles: a cover, a 目录 and each article from its page on,
    numbered "— N —" in the footer; ``toc_pages`` overrides the numbers the 目录 prints."""
    printed = list(toc_pages) if toc_pages is not None else list(pages)
    out: list[list[str]] = [["内蒙古科技大学", "理论学习参考"],
                            ["目 录"] + [f"{t}……\t{n}" for t, n in zip(titles, printed)]]
    last = max(pages) + 1
    for number in range(first_number, last + 1):
        lines: list[str] = []
        for t, p in zip(titles, pages):
            if p == number:
                lines.append(t)
        lines += ["正文内容，不是标题。"] * body_lines
        lines.append(f"_— {number} —")
        out.append(lines)
    return out
