"""The TOC checker: prove a 目录 — the source page list, and any PDF's — against the corpus.

    check_issue(issue)        titles and order of the source 目录 against the articles
    check_issue(issue, pdf)   … and where each article really starts in the PDF, and what
                              the PDF's own printed 目录 says

The 目录 of the printed issue is the only record of its pagination, so every difference is
reported and none is silently repaired; see docs/check.md.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Sequence

from ..model import Issue
from ..text import align
from . import breaks, pages
from .pdfread import Helper, PdfDoc, read_pdf, read_pdf_data
from .report import (DESCRIBE, NO_ARTICLE, NO_NUMBER, NOT_IN_PDF, NOT_IN_TOC, ORDER, PAGE,
                     PAGE_CONFLICT, PDF_TOC, TITLE, Entry, Report)

__all__ = ["check_issue", "check", "check_read", "Report", "Entry", "DESCRIBE", "read_pdf",
           "read_pdf_data"]


def check_issue(issue: Issue, pdf_path: str | Path | None = None) -> Report:
    """Check ``issue``'s 目录, and with ``pdf_path`` that PDF's pages; bad PDF → UserError."""
    if pdf_path is None:
        return check(issue)
    with read_pdf(pdf_path) as doc:
        doc.read_all()                  # the check reads every page (breaks.find)
        return check(issue, doc)


def check_read(issue: Issue, pdf_path: str | Path, data: bytes | None = None,
               page_keys: Sequence[str] | None = None, helper: Helper | None = None
               ) -> tuple[Report, PdfDoc]:
    """``check_issue`` with a PDF, and the document as read: every page is read (the file
    is closed after), so a caller that wants more of the PDF's text (the proof report) does
    not read it a second time. ``data``: the PDF's bytes, already in memory (the build's
    own; ``page_keys`` and ``helper`` as ``read_pdf_data`` takes them)."""
    with (read_pdf(pdf_path) if data is None else
          read_pdf_data(data, pdf_path, page_keys, helper)) as doc:
        doc.read_all()
        return check(issue, doc), doc


def check(issue: Issue, doc: PdfDoc | None = None) -> Report:
    """The check proper, on an already read (or hand-made) PDF."""
    toc_norm = [align.normalize(t.title) for t in issue.toc]
    art_norm = [align.normalize(a.title) for a in issue.articles]
    forms = [align.toc_forms(a.title, a.source, (*a.deck, a.dateline or ""))
             for a in issue.articles]
    # a 目录 line printing a title in one of its other forms (with its source or its
    # subtitle) is paired as that title: a long subtitle would sink the similarity
    printed_as = {form: art_norm[j] for j in reversed(range(len(forms))) for form in forms[j]}
    pairs = align.pair([printed_as.get(t, t) for t in toc_norm], art_norm)
    disorder = align.out_of_order([(i, j) for i, (j, _) in pairs.items()])

    rows: list[dict] = []
    for i, entry in enumerate(issue.toc):
        row = dict(index=i + 1, title=entry.title, page=entry.page, article=None,
                   article_title=None, title_ok=False, diff=None, problems=[], _art=None)
        if i in pairs:
            j = pairs[i][0]
            art = issue.articles[j]
            row.update(article=art.id, article_title=art.title, _art=j,
                       title_ok=toc_norm[i] in forms[j])
            if not row["title_ok"]:
                row["diff"] = align.char_diff(art.title, entry.title)
                row["problems"].append(TITLE)
            if i in disorder:
                row["problems"].append(ORDER)
            if art.page is not None and art.page != entry.page:
                row["problems"].append(PAGE_CONFLICT)
        else:
            row["problems"].append(NO_ARTICLE)
        rows.append(row)
    listed = {j for j, _ in pairs.values()}
    for j, art in enumerate(issue.articles):
        if j in listed:
            continue
        row = dict(index=None, title=None, page=None, article=art.id, article_title=art.title,
                   title_ok=False, diff=None, problems=[NOT_IN_TOC], _art=j)
        before = [k for k, r in enumerate(rows) if r["_art"] is not None and r["_art"] < j]
        rows.insert(before[-1] + 1 if before else 0, row)

    pdf_toc_found = None
    extra: tuple[str, ...] = ()
    notes: list[str] = []
    ends_total, missed = 0, ()
    if not issue.toc:
        rows = _article_rows(issue)
    if doc is not None:
        pdf_toc_found, extra, notes = _check_pdf(issue, doc, art_norm, rows)
        # an article whose page only its 目录 line gives: planned there, checked there
        paged = issue.with_toc_pages({j: issue.toc[i] for i, (j, _) in pairs.items()})
        ends_total, missed = _check_ends(paged, doc)
    if not issue.toc:
        notes = [_NO_PAGE_LIST[doc is not None], *notes]
        if doc is not None:
            _starts_in_order(rows)

    entries = tuple(Entry(**{k: (tuple(v) if k == "problems" else v)
                             for k, v in r.items() if not k.startswith("_")}) for r in rows)
    return Report(issue=issue.id, entries=entries,
                  pdf=str(doc.path) if doc is not None else None,
                  pdf_toc_found=pdf_toc_found, pdf_toc_extra=extra, notes=tuple(notes),
                  page_ends_total=ends_total, page_ends_missed=missed,
                  source_toc=bool(issue.toc),
                  text_unread=_unreadable_text(issue, doc) if doc is not None else None)


#: The note of a check without a source page list (``toc: []``), without and with a PDF.
_NO_PAGE_LIST = {
    False: "no source page list (toc: [] in issue.yaml): nothing to prove without a PDF; "
           "give one to check its own printed 目录 and the article order",
    True: "no source page list (toc: [] in issue.yaml): the PDF is checked against its own "
          "printed 目录 and the article order",
}


def _article_rows(issue: Issue) -> list[dict]:
    """One row per article, for an issue without a source page list: no 目录 line to miss
    (every article 'not in 目录' made such an issue fail every check)."""
    return [dict(index=None, title=None, page=None, article=art.id, article_title=art.title,
                 title_ok=False, diff=None, problems=[], _art=j)
            for j, art in enumerate(issue.articles)]


def _starts_in_order(rows: list[dict]) -> None:
    """Without a source page list the article order is the order to keep: an article whose
    start page breaks it is marked ``order``."""
    started = [(row["_art"], row["pdf_page"]) for row in rows if row["pdf_page"] is not None]
    late = align.out_of_order([(j, (page, j)) for j, page in started])
    for row in rows:
        if row["_art"] in late:
            row["problems"].append(ORDER)


def _check_ends(issue: Issue, doc: PdfDoc) -> tuple[int, tuple[str, ...]]:
    """(recorded page ends, those not opening a page within their source bounds)."""
    ends = breaks.recorded_ends(issue)
    found = breaks.find(doc, ends)
    missed = []
    for end in ends:
        if found[end] is None:
            where = (f"page {end.lo}" if end.exact else
                     f"pages {end.lo}–{end.hi if end.hi is not None else '…'}")
            missed.append(f"{end.article}: page end {end.k} (“{end.text}…”) should open {where}")
    return len(ends), tuple(missed)


def _check_pdf(issue: Issue, doc: PdfDoc, art_norm: list[str], rows: list[dict]):
    toc_at = pages.toc_pages(doc, art_norm)
    after = toc_at[-1] + 1 if toc_at else 0
    printed: dict[int, int] = {}
    extra: list[str] = []
    if toc_at:
        listed = pages.printed_toc(doc, toc_at, art_norm)
        matched = align.pair([align.normalize(e.title) for e in listed], art_norm)
        for k, e in enumerate(listed):
            if k in matched:
                printed[matched[k][0]] = e.number
            else:
                extra.append(f"{e.title} {e.number}")
    starts = pages.find_starts(doc, [a.id for a in issue.articles], art_norm, after, printed)

    for row in rows:
        j = row["_art"]
        row.update(pdf_page=None, page_ok=None, found_by=None, pdf_toc_page=None)
        if j is None:
            continue
        start = starts[j]
        row["pdf_toc_page"] = printed.get(j)
        if start is None:
            row["problems"].append(NOT_IN_PDF)
            if row["page"] is not None:
                row["page_ok"] = False
            continue
        number = doc.printed(start.page)
        row.update(pdf_page=number, found_by=start.found_by)
        if number is None:
            row["problems"].append(NO_NUMBER)
        if row["page"] is not None:
            row["page_ok"] = number == row["page"]
            if number is not None and not row["page_ok"]:
                row["problems"].append(PAGE)
        if toc_at and number is not None and row["pdf_toc_page"] != number:
            row["problems"].append(PDF_TOC)

    guessed = sum(1 for s in starts if s is not None and doc.inferred(s.page))
    ways = Counter(s.found_by for s in starts if s is not None)
    notes = []
    if ways:
        notes.append("start pages found by " + ", ".join(f"{w} {n}" for w, n in ways.items()))
    if guessed:
        notes.append(f"{guessed} start page(s) carry no printed number; the number was "
                     "inferred from the neighbouring pages")
    if not toc_at:
        notes.append("the PDF has no printed 目录 that could be read")
    return bool(toc_at), tuple(extra), notes


#: Below this share of the PDF's characters found in the corpus, its text is not the issue's.
READABLE_SHARE = 0.5
#: … nor when it holds less text than this share of the corpus's (pages stamped with their
#: numbers over pictures of the text: every character a digit the corpus has)
SPARSE_SHARE = 0.1


def _unreadable_text(issue: Issue, doc: PdfDoc) -> str | None:
    """Why nothing could be found, when the PDF's text does not read as the issue's: none
    at all (pictures of pages, text turned into outlines), or characters the corpus never
    uses (fonts that map their glyphs to no or wrong characters: MuPDF's `mutool convert`
    and a PostScript round trip drop the ToUnicode maps). Else every row said only
    'not in PDF', as if the articles were missing."""
    text = "".join(a.title + "".join(b.all_text for b in a.blocks) for a in issue.articles)
    corpus = set(text)
    chars = [ch for page in doc.pages for line in page.lines for ch in line.text
             if not ch.isspace()]
    share = sum(ch in corpus for ch in chars) / len(chars) if chars else 1.0
    if len(chars) < SPARSE_SHARE * len(text) and share >= READABLE_SHARE:
        # none, or a scan stamped with its page numbers (digits the corpus has)
        return (f"the PDF has {'no' if not chars else 'almost no'} text to read ("
                f"{len(chars):,} characters for the issue's {len(text):,}: its pages are "
                "pictures, or its text was turned into outlines): titles, start pages and page "
                "ends cannot be found in it")
    if share >= READABLE_SHARE:
        return None
    sample = "".join(chars[:12])
    return (f"the PDF's text does not read as the issue's: {share:.0%} of its characters "
            f"occur in the corpus (it reads “{sample}…”): its fonts map their glyphs to no "
            "or wrong characters (no ToUnicode map; MuPDF's convert and a PostScript round "
            "trip drop them), so titles, start pages and page ends cannot be found in it")
