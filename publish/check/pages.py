"""Where each article starts in a PDF, and what the PDF's own printed 目录 says.

Start pages come from, in this order: named destinations called by the article id (our
PDFs), the outline (bookmarks) matched by title, and finally the title itself found as whole
lines on the pages after the printed 目录. The last way needs nothing but the printed text,
so a PDF we did not make — a LibreOffice export, a file whose bookmarks were stripped, the
printed issue's own PDF — gives the same start pages.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from ..text import align
from ..text.normalize import squeeze
from .pdfread import Line, Page, PdfDoc

TOC_HEADINGS = {"目录", "目次", "contents", "tableofcontents"}
TOC_SEARCH = 12            # the 目录 heading is looked for on the first pages only
FUZZY_TITLE = 90.0         # a title printed slightly differently still counts as found

# A 目录 line: title, optional leader, separated page number at the end.
_ENTRY = re.compile(r"^(?P<title>.*?\S)(?P<sep>[\s.·・‧•∙…⋯_\-–—]+)(?P<num>\d{1,4})$")
_NUMBER_ONLY = re.compile(r"^\d{1,4}$")
_TRAILING_LEADER = re.compile(r"[\s.·・‧•∙…⋯_\-–—]+$")


@dataclass(frozen=True)
class Start:
    page: int                # 0-based page index
    found_by: str            # "destination", "outline" or "text"


@dataclass(frozen=True)
class PrintedEntry:
    title: str
    number: int
    page: int                # page index of the 目录 page it is printed on


# -------------------------------------------------------------------------- the 目录

def _entry_row(line: Line) -> tuple[str, int | None]:
    """(text, number) of a 目录 row, leaders dropped; number None when the row ends
    without one."""
    text = unicodedata.normalize("NFKC", line.text).strip()
    last = unicodedata.normalize("NFKC", line.pieces[-1]).strip() if line.pieces else ""
    if len(line.pieces) > 1 and _NUMBER_ONLY.match(last):
        head = unicodedata.normalize("NFKC", " ".join(line.pieces[:-1]))
        return _TRAILING_LEADER.sub("", head).strip(), int(last)
    m = _ENTRY.match(text)
    if m:
        return m.group("title"), int(m.group("num"))
    if _NUMBER_ONLY.match(text):
        return "", int(text)
    return _TRAILING_LEADER.sub("", text).strip(), None


def toc_pages(doc: PdfDoc, titles: Sequence[str] = ()) -> list[int]:
    """Indices of the pages holding the printed 目录 (empty when there is none).

    It starts at a 目录 heading on one of the first pages (or, without a heading, at a
    page of numbered lines) and runs on while pages read like a 目录: mostly lines ending
    in a number, and — given the article ``titles`` (normalized) — lines whose text is
    part of some title, so a first article page full of figures ("粮食产量 3958") ends it.
    """
    first = None
    for page in doc.pages[:TOC_SEARCH]:
        if any(squeeze(line.text).lower() in TOC_HEADINGS for line in page.lines):
            first = page.index
            break
    if first is None:
        for page in doc.pages[:TOC_SEARCH]:
            if _looks_like_toc(page, strict=True):
                first = page.index
                break
    if first is None:
        return []
    found = [first]
    for page in doc.pages[first + 1:first + TOC_SEARCH]:
        if titles:          # one line may be all a 目录 leaves on its last page
            more = _looks_like_toc(page, least=1) and _names_titles(page, titles)
        else:
            more = _looks_like_toc(page)
        if not more:
            break
        found.append(page.index)
    return found


def _names_titles(page: Page, titles: Sequence[str]) -> bool:
    """Whether at least half the numbered lines of ``page`` carry a piece of a title (or
    nothing but leader and number: the end of a wrapped entry)."""
    rows = [_entry_row(line) for line in page.body]
    numbered = [align.normalize(text) for text, n in rows if n is not None]
    named = sum(1 for t in numbered if not t or any(t in title for title in titles))
    return bool(numbered) and named >= 0.5 * len(numbered)


def _looks_like_toc(page: Page, strict: bool = False, least: int = 2) -> bool:
    """Mostly lines ending in a separate number (strict: three or more, 60 %)."""
    rows = [_entry_row(line) for line in page.body]
    numbered = sum(1 for _, n in rows if n is not None)
    if strict:
        return numbered >= 3 and numbered >= 0.6 * len(rows)
    return numbered >= least and numbered >= 0.4 * len(rows)


def printed_toc(doc: PdfDoc, pages: Sequence[int], titles: Sequence[str]) -> list[PrintedEntry]:
    """The entries of the printed 目录 on ``pages``.

    A wrapped entry puts its number on its last line (the usual way) or its first; both
    readings are made and the one whose titles agree better with ``titles`` (normalized
    article titles) is kept.
    """
    rows: list[tuple[str, int | None, int]] = []
    for index in pages:
        lines = doc.pages[index].body
        heads = [k for k, line in enumerate(lines) if squeeze(line.text).lower() in TOC_HEADINGS]
        for line in lines[heads[0] + 1 if heads else 0:]:       # cover lines above go
            text, number = _entry_row(line)
            rows.append((text, number, index))
    last, first = _number_last(rows), _number_first(rows)
    return max((last, first), key=lambda entries: _fit(entries, titles))


def _number_last(rows) -> list[PrintedEntry]:
    out, pending = [], []
    for text, number, page in rows:
        pending.append(text)
        if number is not None:
            out.append(PrintedEntry(" ".join(t for t in pending if t), number, page))
            pending = []
    return out


def _number_first(rows) -> list[PrintedEntry]:
    out: list[list] = []
    for text, number, page in rows:
        if number is not None or not out:
            out.append([[text], number, page])
        else:
            out[-1][0].append(text)
    return [PrintedEntry(" ".join(t for t in parts if t), n, p) for parts, n, p in out
            if n is not None]


def _fit(entries: Sequence[PrintedEntry], titles: Sequence[str]) -> float:
    pairs = align.pair([align.normalize(e.title) for e in entries], list(titles))
    return sum(score for _, score in pairs.values()) - 50 * (len(entries) - len(pairs))


# ----------------------------------------------------------------------- start pages

def find_starts(doc: PdfDoc, ids: Sequence[str], titles: Sequence[str], after: int,
                hints: dict[int, int] | None = None) -> list[Start | None]:
    """The start page of each article (``ids``/``titles`` in corpus order; titles
    normalized); ``after`` is the first page index that may hold an article start;
    ``hints`` maps an article to the number the PDF's printed 目录 gives it."""
    starts: list[Start | None] = [None] * len(ids)
    for k, ident in enumerate(ids):
        if ident in doc.destinations:
            starts[k] = Start(doc.destinations[ident], "destination")
    missing = [k for k, s in enumerate(starts) if s is None]
    if missing and doc.outline:
        items = doc.outline
        pairs = align.pair([titles[k] for k in missing],
                           [align.normalize(item.title) for item in items], FUZZY_TITLE)
        for m, (j, _) in pairs.items():
            starts[missing[m]] = Start(items[j].page, "outline")
    missing = [k for k, s in enumerate(starts) if s is None]
    if missing:
        found = _confirm_hints(doc, titles, after, hints or {}) or \
            _find_by_text(doc, titles, after)
        for k in missing:
            if found[k] is not None:
                starts[k] = Start(found[k], "text")
    return starts


def _confirm_hints(doc: PdfDoc, titles: Sequence[str], after: int,
                   hints: dict[int, int]) -> list[int] | None:
    """Start pages read off the printed 目录, when every one of them checks out; else None.

    A shortcut, not a second method: the 目录 number N is turned into a page by the
    numbering of the first numbered page after the 目录, and taken only if that page is
    printed N, spells the title and the page before does not (a title in a running head
    would be on both). One failure and the caller searches every page.
    """
    if len(hints) != len(titles) or not titles:
        return None
    base = next(((i, doc.pages[i].number) for i in range(after, min(len(doc.pages), after + 8))
                 if doc.pages[i].number is not None), None)
    if base is None:
        return None
    found = []
    for k, title in enumerate(titles):
        index = hints[k] + base[0] - base[1]
        if not (after <= index < len(doc.pages)) or doc.printed(index) != hints[k] \
                or not _spelled(_texts(doc.pages[index]), title) \
                or (index > after and _spelled(_texts(doc.pages[index - 1]), title)):
            return None
        found.append(index)
    if found != sorted(found):
        return None
    return found


def _texts(page: Page) -> list[str]:
    return [align.normalize(line.text) for line in page.body]


def _find_by_text(doc: PdfDoc, titles: Sequence[str], after: int) -> list[int | None]:
    """Start pages found from the printed text alone.

    A title counts where whole consecutive lines spell it (so a mention inside a paragraph
    does not). Of several places (a running head, a title quoted on its own line) the
    earliest one that keeps the articles in order is taken; a title not spelled exactly is
    looked for, by similarity, between the pages of its neighbours.
    """
    lines = [_texts(page) for page in doc.pages[after:]]
    where: list[list[int]] = []
    for title in titles:
        hits = []
        for offset, texts in enumerate(lines):
            if title and _spelled(texts, title):
                hits.append(after + offset)
        where.append(hits)
    chosen = _in_order(where)
    for k, hits in enumerate(where):
        if chosen[k] is None and hits:
            chosen[k] = hits[0]
    for k, title in enumerate(titles):
        if chosen[k] is None and title:
            lo = max((c for c in chosen[:k] if c is not None), default=after)
            hi = min((c for c in chosen[k + 1:] if c is not None), default=len(doc.pages) - 1)
            chosen[k] = _fuzzy_find(doc, title, lo, hi, titles)
    return chosen


def _spelled(texts: Sequence[str], title: str) -> bool:
    for i, text in enumerate(texts):
        if not text or not title.startswith(text):
            continue
        run = text
        for nxt in texts[i + 1:]:
            if run == title or len(run) >= len(title):
                break
            run += nxt
        if run == title:
            return True
    return False


def _in_order(where: list[list[int]]) -> list[int | None]:
    """One page per article from its candidates: as many articles as possible in
    non-decreasing page order, each as early as possible (None for the rest)."""
    n = len(where)
    # best[k][c] = (count, -sum of pages) of the best chain ending with article k at where[k][c]
    best: list[list[tuple[tuple[int, int], tuple[int, int] | None]]] = []
    for k in range(n):
        row = []
        for page in where[k]:
            value, back = (1, -page), None
            for p in range(k):
                for c, prev in enumerate(where[p]):
                    if prev <= page:
                        cand = (best[p][c][0][0] + 1, best[p][c][0][1] - page)
                        if cand > value:
                            value, back = cand, (p, c)
            row.append((value, back))
        best.append(row)
    chosen: list[int | None] = [None] * n
    ends = [(best[k][c][0], k, c) for k in range(n) for c in range(len(where[k]))]
    if ends:
        _, k, c = max(ends)
        node: tuple[int, int] | None = (k, c)
        while node is not None:
            k, c = node
            chosen[k] = where[k][c]
            node = best[k][c][1]
    return chosen


def _fuzzy_find(doc: PdfDoc, title: str, lo: int, hi: int,
                titles: Sequence[str]) -> int | None:
    """The page in [lo, hi] with a run of up to four lines most like ``title``."""
    others = set(titles) - {title}
    best, where = FUZZY_TITLE - 1e-6, None
    for page in doc.pages[lo:hi + 1]:
        texts = _texts(page)
        for i in range(len(texts)):
            run = ""
            for text in texts[i:i + 4]:
                run += text
                if run in others:
                    continue
                score = align.similarity(run, title)
                if score > best:
                    best, where = score, page.index
    return where
