"""`publish check DIR --editions OUT/<id>/`: does every edition carry the source page list?

Article by article, five records of where an article starts are compared with the source
page list (the 目录 in issue.yaml):

* PDF — its printed 目录, its outline targets, its page labels;
* EPUB — its page-list (the pages marked in each article's file run from the article's
  source page, one after another, to the page before the next one's) and its nav (the
  article's nav entry leads to the file its page-list page is in);
* DOCX — its pre-filled 目录 numbers and the bookmarks they link to (on the article's
  title).

Every disagreement is named by edition, article and page. The files are read as any
reader would (pypdf/PDFium, the EPUB's nav.xhtml, the DOCX's document.xml), never taken
from the build.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from ..errors import UserError
from ..model import Issue
from ..readers.zipguard import check_package
from ..text import align
from . import check
from .pdfread import read_pdf

EPUB_NS = "http://www.idpf.org/2007/ops"
XHTML = "{http://www.w3.org/1999/xhtml}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Disagreement:
    edition: str            # pdf / epub / docx
    what: str               # 目录, outline, page labels, page-list, nav, bookmark
    article: str | None
    page: int | None        # the source page
    found: str              # what the edition has instead

    def line(self) -> str:
        where = self.article or "(issue)"
        want = f", the source page list says {self.page}" if self.page is not None else ""
        return f"{self.edition}: {where}: {self.what} {self.found}{want}"


@dataclass(frozen=True)
class EditionsReport:
    issue: str
    checked: tuple[str, ...]            # the editions found in the folder
    compared: int                       # article × record comparisons made
    disagreements: tuple[Disagreement, ...]
    notes: tuple[str, ...] = ()

    def summary_line(self) -> str:
        n = len(self.disagreements)
        verdict = "all agree" if not n else f"{n} disagree" if n > 1 else "1 disagrees"
        return (f"editions {', '.join(self.checked)}: {self.compared} records of start pages "
                f"against the source page list: {verdict}")

    def exit_code(self) -> int:
        return 1 if self.disagreements else 0


def source_pages(issue: Issue) -> dict[str, int | None]:
    """article id → its page in the source 目录 (its own ``page`` if the 目录 lacks it)."""
    pages = {a.id: a.page for a in issue.articles}
    for e in check(issue).entries:
        if e.article is not None and e.page is not None:
            pages[e.article] = e.page
    return pages


def _pair(titles: list[str], issue: Issue) -> dict[int, str]:
    """index in ``titles`` → article id, by similarity (the checker's aligner)."""
    arts = [align.normalize(a.title) for a in issue.articles]
    pairs = align.pair([align.normalize(t) for t in titles], arts)
    return {i: issue.articles[j].id for i, (j, _) in pairs.items()}


def check_editions(issue: Issue, folder: str | Path,
                   formats: tuple[str, ...] = ("pdf", "epub", "docx")) -> EditionsReport:
    """The editions in ``folder`` (those of ``formats``) against the source page list."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError("no such output folder", folder)
    if (folder / issue.id).is_dir() and not any(folder.glob(f"{issue.id}.*")):
        folder = folder / issue.id          # OUT given for OUT/<id>/
    want = source_pages(issue)
    found = {fmt: folder / f"{issue.id}.{fmt}" for fmt in ("pdf", "epub", "docx")
             if fmt in formats}
    found = {k: v for k, v in found.items() if v.is_file()}
    if not found:
        raise UserError(f"no {issue.id}.pdf, .epub or .docx in the folder", folder)
    out: list[Disagreement] = []
    notes: list[str] = []
    compared = 0
    for fmt, path in found.items():
        n, bad, more = {"pdf": _pdf, "epub": _epub, "docx": _docx}[fmt](issue, path, want)
        compared += n
        out += bad
        notes += more
    return EditionsReport(issue.id, tuple(found), compared, tuple(out), tuple(notes))


# --------------------------------------------------------------------------- PDF

def _pdf(issue: Issue, path: Path, want: dict[str, int | None]):
    import pypdf
    bad: list[Disagreement] = []
    notes: list[str] = []
    n = 0
    with read_pdf(path) as doc:
        report = check(issue, doc)
        for e in report.entries:
            if e.article is None or want.get(e.article) is None:
                continue
            n += 1
            if e.pdf_toc_page != want[e.article]:
                bad.append(Disagreement("pdf", "printed 目录 gives", e.article, want[e.article],
                                        str(e.pdf_toc_page) if e.pdf_toc_page else "nothing"))
        tops = [o for o in doc.outline if o.level == min((x.level for x in doc.outline),
                                                         default=0)]
        named = _pair([o.title for o in tops], issue)
        starts: dict[str, int] = {}
        for i, item in enumerate(tops):
            art = named.get(i)
            if art is None or want.get(art) is None:    # not in the 目录: nothing to agree
                continue
            starts[art] = item.page
            n += 1
            folio = doc.printed(item.page)
            if folio != want.get(art):
                bad.append(Disagreement("pdf", "outline leads to page", art, want.get(art),
                                        str(folio)))
        for art, page in want.items():
            if page is not None and art not in starts:
                n += 1
                bad.append(Disagreement("pdf", "outline has", art, page, "no entry"))
                if art in doc.destinations:
                    starts[art] = doc.destinations[art]
    reader = pypdf.PdfReader(str(path))
    if "/PageLabels" not in reader.trailer["/Root"]:
        notes.append("pdf: no page labels (readers show the physical page numbers)")
        return n, bad, notes
    labels = reader.page_labels
    for art, index in starts.items():
        n += 1
        label = labels[index] if 0 <= index < len(labels) else None
        if label != str(want.get(art)):
            bad.append(Disagreement("pdf", "page label of its first page is", art,
                                    want.get(art), repr(label)))
    return n, bad, notes


# --------------------------------------------------------------------------- EPUB

def _epub(issue: Issue, path: Path, want: dict[str, int | None]):
    check_package(path, "EPUB", xml_suffixes=())   # a zip bomb: refused before inflating
    try:
        with zipfile.ZipFile(path) as z:
            opf_path = _opf_path(z)
            opf = etree.fromstring(z.read(opf_path))
            nav_href = opf.xpath("//*[local-name()='item'][contains(@properties,'nav')]/@href")
            if not nav_href:
                raise UserError("the EPUB has no nav document", path)
            nav_path = str(PurePosixPath(opf_path).parent / nav_href[0])
            nav = etree.fromstring(z.read(nav_path))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise UserError(f"cannot read the EPUB: {exc}", path) from None
    navs = {n.get(f"{{{EPUB_NS}}}type"): n for n in nav.iter(f"{XHTML}nav")}
    bad: list[Disagreement] = []
    n = 0
    toc = navs.get("toc")
    entries = toc.findall(f"{XHTML}ol/{XHTML}li/{XHTML}a") if toc is not None else []
    named = _pair(["".join(a.itertext()) for a in entries], issue)
    file_of = {named[i]: a.get("href", "").split("#")[0] for i, a in enumerate(entries)
               if i in named}
    pages: dict[str, list[int]] = {}
    page_list = navs.get("page-list")
    for a in (page_list.iter(f"{XHTML}a") if page_list is not None else ()):
        label = "".join(a.itertext()).strip()
        if label.isdigit():
            pages.setdefault(a.get("href", "").split("#")[0], []).append(int(label))
    order = [a.id for a in issue.articles]
    for k, art in enumerate(order):
        page = want.get(art)
        if page is None:
            continue
        n += 2
        if art not in file_of:
            bad.append(Disagreement("epub", "nav has", art, page, "no entry"))
            continue
        marked = pages.get(file_of[art], [])
        if not marked:
            bad.append(Disagreement("epub", "page-list marks", art, page, "no page in it"))
            continue
        # its pages run to the next article's, when the 目录 gives that one (an unlisted
        # article after it holds pages the source page list does not name)
        nxt = want.get(order[k + 1]) if k + 1 < len(order) else None
        expected = list(range(page, nxt)) if nxt is not None and nxt > page else None
        if marked[0] != page:
            bad.append(Disagreement("epub", "page-list starts it on page", art, page,
                                    str(marked[0])))
        elif expected is not None and marked != expected:
            odd = next((f"ends after {p}" if m is None else f"{m} after {p}")
                       for p, m in zip([page - 1] + marked, marked + [None])
                       if m is None or m != p + 1)
            bad.append(Disagreement("epub", "page-list runs", art, page,
                                    f"{marked[0]}–{marked[-1]} ({odd}), not {page}–{nxt - 1}"))
    return n, bad, []


def _opf_path(z: zipfile.ZipFile) -> str:
    container = etree.fromstring(z.read("META-INF/container.xml"))
    paths = container.xpath("//*[local-name()='rootfile']/@full-path")
    if not paths:
        raise KeyError("no rootfile in META-INF/container.xml")
    return paths[0]


# --------------------------------------------------------------------------- DOCX

_DIGITS = re.compile(r"^\s*(\d+)\s*$")


def _docx(issue: Issue, path: Path, want: dict[str, int | None]):
    check_package(path)                 # as import-docx: no zip bomb, no DTD
    try:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise UserError(f"cannot read the DOCX: {exc}", path) from None
    marks: dict[str, str] = {}
    for p in root.iter(f"{W}p"):
        for b in p.iter(f"{W}bookmarkStart"):
            marks[b.get(f"{W}name")] = "".join(t.text or "" for t in p.iter(f"{W}t"))
    rows = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or not (style.get(f"{W}val") or "").upper().startswith("TOC") \
                or style.get(f"{W}val") == "TOCHeading":
            continue
        texts = [t.text or "" for t in p.iter(f"{W}t")]
        number = None
        if texts and _DIGITS.match(texts[-1]):
            number = int(texts.pop())
        link = p.find(f"{W}hyperlink")
        rows.append(("".join(texts), number, link.get(f"{W}anchor") if link is not None else None))
    named = _pair([r[0] for r in rows], issue)
    titles = {a.id: align.normalize(a.title) for a in issue.articles}
    bad: list[Disagreement] = []
    n = 0
    seen = set()
    for i, (title, number, anchor) in enumerate(rows):
        art = named.get(i)
        if art is None or want.get(art) is None:
            continue
        seen.add(art)
        n += 2
        if number != want[art]:
            bad.append(Disagreement("docx", "目录 gives", art, want[art],
                                    str(number) if number is not None else "no number"))
        target = marks.get(anchor) if anchor else None
        if target is None:
            bad.append(Disagreement("docx", "目录 entry links to", art, want[art],
                                    f"no bookmark ({anchor or 'no link'})"))
        elif align.normalize(target) != titles[art]:
            bad.append(Disagreement("docx", "目录 entry's bookmark is on", art, want[art],
                                    f"“{target[:20]}”, not the article's title"))
    for art, page in want.items():
        if page is not None and art not in seen:
            n += 1
            bad.append(Disagreement("docx", "目录 has", art, page, "no entry"))
    return n, bad, []
