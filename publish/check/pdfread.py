"""Read any PDF the way a reader sees it: lines of text per page, printed page numbers, and
whatever navigation (named destinations, outline) the file happens to carry.

Text comes from PDFium (pypdfium2, which pdfplumber itself depends on): its text rectangles
give positioned line pieces, and it reads a 130-page Chinese issue in a few tenths of a
second where pdfminer-based extraction (pdfplumber) takes several seconds. Lines are rebuilt
from the pieces by position, so the result does not depend on the order the producer wrote
its text in. Pages are read when first asked for, or all at once (``PdfDoc.read_all``: the
check reads every page to find the recorded page ends), a long PDF's later half then by a
helper process while this one reads the first.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from .. import cache
from ..errors import UserError, require_file
from . import pdfguard

if TYPE_CHECKING:
    from concurrent.futures import Executor

# A page number alone on a line: "— 12 —", "- 12 -", "12", "第 12 页", "12 / 120", "Page 12".
_NUMBER_LINE = (
    re.compile(r"^[-—–~·•\s]*(\d{1,4})[-—–~·•\s]*$"),
    re.compile(r"^第\s*(\d{1,4})\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"),
    re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"),
    re.compile(r"^(?:page|p\.)\s*(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I),
)
NUMBER_BAND = 0.20      # a number-only line counts as a page number in the outer 20 % …
EDGE_BAND = 0.08        # … a number at one end of a header/footer line in the outer 8 %


@dataclass(frozen=True)
class Line:
    """One printed line: its pieces left to right and its box (PDF units, y upwards)."""
    text: str
    pieces: tuple[str, ...]
    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class Page:
    index: int                      # 0-based position in the file
    width: float
    height: float
    lines: tuple[Line, ...]         # top to bottom
    number: int | None = None       # the page number printed on it, if one could be read
    number_line: int | None = None  # index in ``lines`` of the page-number line

    @property
    def body(self) -> tuple[Line, ...]:
        """The lines without the page-number line."""
        if self.number_line is None:
            return self.lines
        return self.lines[:self.number_line] + self.lines[self.number_line + 1:]


def make_page(index: int, width: float, height: float, lines: Sequence[Line]) -> Page:
    """A page with its printed number read from its lines."""
    page = Page(index=index, width=width, height=height, lines=tuple(lines))
    number, line = _read_number(page)
    return Page(index=index, width=width, height=height, lines=page.lines, number=number,
                number_line=line)


@dataclass(frozen=True)
class OutlineItem:
    title: str
    page: int                       # 0-based page index
    level: int


class _Pages(Sequence[Page]):
    """The pages of a PdfDoc, each read on first access and kept."""

    def __init__(self, count: int, load: Callable[[int], Page],
                 bulk: Callable[[list[int]], dict[int, Page]] | None = None):
        self._count, self._load, self._bulk = count, load, bulk
        self._cache: dict[int, Page] = {}

    def read_all(self) -> None:
        """Every page read now (``bulk``, when given, reads many at once)."""
        missing = [i for i in range(self._count) if i not in self._cache]
        if self._bulk is not None and missing:
            self._cache.update(self._bulk(missing))
        for _ in self:
            pass

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [self[i] for i in range(*key.indices(self._count))]
        if key < 0:
            key += self._count
        if not 0 <= key < self._count:
            raise IndexError(key)
        if key not in self._cache:
            self._cache[key] = self._load(key)
        return self._cache[key]

    def __iter__(self) -> Iterator[Page]:
        return (self[i] for i in range(self._count))


class PdfDoc:
    """A PDF opened for checking: pages, printed page numbers and navigation.

    Use as a context manager (or call close()) to release the file.
    """
    INFER_WINDOW = 4      # a missing number is inferred from numbered pages this close

    def __init__(self, path: Path, count: int, load: Callable[[int], Page],
                 destinations: dict[str, int] | None = None,
                 outline: Sequence[OutlineItem] = (), close: Callable[[], None] | None = None,
                 bulk: Callable[[list[int]], dict[int, Page]] | None = None):
        self.path = Path(path)
        self.pages: Sequence[Page] = _Pages(count, load, bulk)
        self.destinations = dict(destinations or {})     # name → page index
        self.outline = tuple(outline)
        self._close = close

    @classmethod
    def from_pages(cls, pages: Sequence[Page], path: str | Path = "pages.pdf",
                   destinations: dict[str, int] | None = None,
                   outline: Sequence[OutlineItem] = ()) -> "PdfDoc":
        """A document from pages already in hand (tests, other extractors)."""
        pages = list(pages)
        return cls(Path(path), len(pages), lambda i: pages[i], destinations, outline)

    def read_all(self) -> None:
        """Read every page now (the check reads them all): a long PDF's later pages in a
        helper process while this one reads the first ones."""
        pages = self.pages
        if isinstance(pages, _Pages):
            pages.read_all()

    def close(self) -> None:
        if self._close:
            self._close()
            self._close = None

    def __enter__(self) -> "PdfDoc":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def printed(self, index: int) -> int | None:
        """The printed number of a page, or the one its numbered neighbours imply (a start
        page printed without a folio, a blank page) when those within INFER_WINDOW pages
        agree and it is at least 1 — so an unnumbered cover before page 1 stays
        unnumbered."""
        return self._number(index)[0]

    def inferred(self, index: int) -> bool:
        """True when printed(index) was inferred, not read."""
        return self._number(index)[1]

    def _number(self, index: int) -> tuple[int | None, bool]:
        if not 0 <= index < len(self.pages):
            return None, False
        own = self.pages[index].number
        if own is not None:
            return own, False
        guesses = []
        for step in (-1, 1):
            k = index + step
            while 0 <= k < len(self.pages) and abs(k - index) <= self.INFER_WINDOW:
                number = self.pages[k].number
                if number is not None:
                    guesses.append(number + (index - k))
                    break
                k += step
        if guesses and len(set(guesses)) == 1 and guesses[0] >= 1:
            return guesses[0], True
        return None, False


# ------------------------------------------------------------------------------ reading

def read_pdf(path: str | Path) -> PdfDoc:
    """Read ``path``; a missing, unreadable or non-PDF file is a UserError naming it."""
    path = require_file(path, "a PDF file")    # a FIFO would block the read for ever
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", path) from None
    if b"%PDF-" not in head:
        raise UserError("not a PDF file", path)
    pdfguard.require_bounded(path)              # before PDFium inflates a page whole
    import pypdfium2 as pdfium
    try:
        doc = pdfium.PdfDocument(str(path))
        count = len(doc)
    except pdfium.PdfiumError as exc:
        raise UserError(_unreadable(path, exc), path) from None

    def load(index: int) -> Page:
        try:
            return _read_page(doc, index)
        except pdfium.PdfiumError as exc:
            raise UserError(f"cannot read page {index + 1} of the PDF: {exc}", path) from None

    def bulk(indexes: list[int]) -> dict[int, Page]:
        try:
            return {i: make_page(i, *lines)
                    for i, lines in _read_many(doc, str(path), indexes).items()}
        except pdfium.PdfiumError:      # read again one by one: the refusal names the page
            return {i: load(i) for i in indexes}

    destinations, outline = _navigation(doc)
    return PdfDoc(path, count, load, destinations, outline, close=doc.close, bulk=bulk)


def _unreadable(path: Path, exc: Exception) -> str:
    """Why PDFium could not open ``path``: a PDF of no pages is one it refuses saying only
    "PDFium: Success"; pikepdf, which reads the page tree itself, tells that case apart."""
    import pikepdf
    try:
        with pikepdf.open(path) as pdf:
            empty = len(pdf.pages) == 0
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError):
        empty = False                   # PDFium's own reason says it
    return "the PDF has no pages" if empty else f"cannot read the PDF: {exc}"


KIND = "checkpage"


def read_pdf_data(data: bytes, path: str | Path, page_keys: Sequence[str] | None = None,
                  helper: Helper | None = None) -> PdfDoc:
    """A PDF already in memory (the build's own, as it writes it to ``path``), read as
    ``read_pdf`` reads a file. ``page_keys`` — one per page, naming what the page is made of
    (the render stage's unit key and the page's place in the unit) — keep each page as read
    in the cache, so a rebuild reads only the pages of what changed. ``helper``: a process
    the caller started, given its share of a long PDF's pages (else one is started)."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(data)
    count = len(doc)
    keys = list(page_keys or ())
    if len(keys) != count or cache.folder() is None:
        keys = [None] * count
    code = _code_key() if any(keys) else ""

    def key_of(index: int) -> str | None:
        return keys[index] and cache.fingerprint([code, keys[index]], [])

    def cached(index: int, key: str | None) -> Page | None:
        raw = cache.load(KIND, key) if key else None
        if raw is not None:
            try:
                width, height, lines = json.loads(raw)
                return make_page(index, width, height, [Line(t, tuple(p), *box)
                                                        for t, p, *box in lines])
            except (ValueError, TypeError):
                pass
        return None

    def keep(page: Page, key: str | None) -> Page:
        if key:
            cache.store(KIND, key, json.dumps(
                [page.width, page.height, [[ln.text, ln.pieces, ln.left, ln.bottom, ln.right,
                                            ln.top] for ln in page.lines]],
                ensure_ascii=False).encode())
        return page

    def load(index: int) -> Page:
        key = key_of(index)
        page = cached(index, key)
        return page if page is not None else keep(_read_page(doc, index), key)

    def bulk(indexes: list[int]) -> dict[int, Page]:
        keyed = {i: key_of(i) for i in indexes}
        out = {i: page for i in indexes if (page := cached(i, keyed[i])) is not None}
        read = _read_many(doc, data, [i for i in indexes if i not in out], helper)
        out.update((i, keep(make_page(i, *lines), keyed[i])) for i, lines in read.items())
        return out

    destinations, outline = _navigation(doc)
    return PdfDoc(Path(path), count, load, destinations, outline, close=doc.close, bulk=bulk)


def _code_key() -> str:
    return cache.code_key(__name__)


#: Fewer pages than this are read in this process alone: a helper costs more to start
#: (a fork and a PDFium document) than it saves on a few pages.
SHARED_PAGES = 24


@dataclass(frozen=True)
class Helper:
    """A process the caller keeps (an executor of one worker), and the part of the pages it
    reads: less than half when other work was queued before it (the build gives the proof
    report's pictures to the same process)."""
    executor: Executor
    share: float = 0.5
    source: str | None = None       # the PDF's file, when written: not sent to it as bytes


def worth_sharing(pages: int) -> bool:
    """Is a helper worth starting for ``pages`` to read? Only with a core to spare, and not
    in a pool's worker (a volume's issues already take the cores)."""
    from .. import procpool
    return pages >= SHARED_PAGES and procpool.spare_core()


def _read_many(doc, source: bytes | str, indexes: list[int], helper: Helper | None = None
               ) -> dict[int, PageLines]:
    """``indexes`` of ``doc`` read (as ``_page_lines``): with many pages and a core to spare,
    the later ones by a helper process from ``source`` (the PDF's bytes or file) while this
    process reads the first — ``helper``, or one started here for half of them. A helper
    that fails leaves its pages to this process, whose reading reports what is wrong with
    them."""
    if not worth_sharing(len(indexes)):
        return {i: _page_lines(doc, i) for i in indexes}
    if helper is not None:
        return _shared(doc, source, indexes, helper)
    from .. import procpool
    with procpool.pool(1) as executor:
        return _shared(doc, source, indexes, Helper(executor))


def _shared(doc, source: bytes | str, indexes: list[int], helper: Helper
            ) -> dict[int, PageLines]:
    from concurrent.futures.process import BrokenProcessPool

    import pypdfium2 as pdfium
    cut = int(len(indexes) * (1.0 - min(1.0, max(0.0, helper.share))))
    mine, theirs = indexes[:cut], indexes[cut:]
    out: dict[int, PageLines] = {}
    later = helper.executor.submit(_read_source, helper.source or source, theirs) \
        if theirs else None
    out.update((i, _page_lines(doc, i)) for i in mine)
    try:
        if later is not None:
            out.update(zip(theirs, later.result()))
    except (BrokenProcessPool, pdfium.PdfiumError, OSError):
        pass                             # read again below, where the error is named
    out.update((i, _page_lines(doc, i)) for i in theirs if i not in out)
    return out


def _read_source(source: bytes | str, indexes: list[int]) -> list[PageLines]:
    """A helper process's share: ``indexes`` of the PDF ``source`` (bytes or a file)."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(source)
    try:
        return [_page_lines(doc, i) for i in indexes]
    finally:
        doc.close()


#: one page as read, before its printed number is looked for: width, height, lines
PageLines = tuple[float, float, tuple[Line, ...]]


def _read_page(doc, index: int) -> Page:
    return make_page(index, *_page_lines(doc, index))


def _page_lines(doc, index: int) -> PageLines:
    page = doc[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            boxes = [textpage.get_rect(k) for k in range(textpage.count_rects())]

            def text_of(left: float, bottom: float, right: float, top: float) -> str:
                text = textpage.get_text_bounded(left, bottom, right, top)
                return " ".join(text.replace("\x02", "").split())

            lines = _lines(boxes, text_of, _CharReader(textpage).text_of)
        finally:
            textpage.close()
    finally:
        page.close()
    return width, height, lines


Box = tuple[float, float, float, float]          # left, bottom, right, top


#: A gap between two characters read one by one wider than this share of the line's height
#: is a word space (PDFium's own generated spaces are left out: they fell between digits)
WORD_GAP = 0.2


class _CharReader:
    """A span's text character by character, left to right: for a piece whose rectangles
    overlap (PDFium merged what was drawn apart, and reads it in drawing order). The page's
    character boxes are read at the first such piece only."""

    def __init__(self, textpage):
        self.textpage = textpage
        self.centres: list[tuple[float, float, int, float, float]] | None = None

    def text_of(self, left: float, bottom: float, right: float, top: float) -> str:
        if self.centres is None:
            import pypdfium2.raw as pdfium_c
            self.centres = []
            for i in range(self.textpage.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(self.textpage.raw, i) == 1:
                    continue                # a space PDFium put where the drawing jumped
                c_left, c_bottom, c_right, c_top = self.textpage.get_charbox(i, loose=True)
                self.centres.append(((c_left + c_right) / 2, (c_bottom + c_top) / 2, i,
                                     c_left, c_right))
        picked = sorted((x, i, c_left, c_right) for x, y, i, c_left, c_right in self.centres
                        if left <= x <= right and bottom <= y <= top)
        gap = WORD_GAP * (top - bottom)     # wider: a word space drawn as a jump (TJ -250)
        out, reach = [], None
        for _, i, c_left, c_right in picked:
            if reach is not None and c_left - reach > gap:
                out.append(" ")
            out.append(self.textpage.get_text_range(i, 1))
            reach = c_right if reach is None else max(reach, c_right)
        return " ".join("".join(out).replace("\x02", "").split())


def _lines(boxes: list[Box], text_of, chars_of=None) -> tuple[Line, ...]:
    """Rebuild printed lines from PDFium's text rectangles, top to bottom.

    Rectangles whose vertical extents overlap by half make one line; along a line, a gap
    wider than 0.6 of the line height starts a new piece (a 目录 number, a folio beside a
    running head), and so does a number in its own rectangle at the end of the line. The
    text is read once per piece, not per rectangle: LibreOffice sets justified text
    character by character, and PDFium's per-call cost would dominate.
    Boxes are taken by descending centre, so a box can only join one of the last rows
    opened; looking back three rows keeps this linear. PDFium reads a span's text in the
    order it was drawn, so a piece whose boxes overlap (Cairo draws a 目录 line's number
    within a jump of its first leader dots, the other dots after it) is read character by
    character, left to right (``chars_of``).
    """
    rows: list[list] = []            # [bottom, top, boxes]
    for box in sorted(boxes, key=lambda b: -(b[1] + b[3])):
        _, bottom, _, top = box
        for row in rows[-3:][::-1]:
            overlap = min(top, row[1]) - max(bottom, row[0])
            if overlap > 0.5 * min(top - bottom, row[1] - row[0]):
                row[2].append(box)
                row[0], row[1] = min(row[0], bottom), max(row[1], top)
                break
        else:
            rows.append([bottom, top, [box]])
    lines = []
    for r_bottom, r_top, row in rows:
        row.sort(key=lambda b: b[0])
        height = max(r_top - r_bottom, 1.0)
        groups = [[row[0]]]
        for prev_right, cur in zip((b[2] for b in row), row[1:]):
            if cur[0] - max(prev_right, max(b[2] for b in groups[-1])) > 0.6 * height:
                groups.append([cur])
            else:
                groups[-1].append(cur)
        # a number set close after the text (a 目录 line whose title fills the measure):
        # its own piece when it is its own rectangle, however small the gap
        last = groups[-1]
        if len(last) > 1 and last[-1][0] - last[-2][2] > 1.0 and \
                unicodedata.normalize("NFKC", text_of(*last[-1])).isdigit():
            groups[-1:] = [last[:-1], last[-1:]]
        pieces = []
        for group in groups:
            right = max(b[2] for b in group)
            if chars_of is not None and _overlapping(group):
                text = chars_of(group[0][0], r_bottom, right, r_top)
            else:
                text = text_of(group[0][0], r_bottom, right, r_top)
            if text:
                pieces.append(text)
        if pieces:
            lines.append(Line(text=" ".join(pieces), pieces=tuple(pieces), left=row[0][0],
                              bottom=r_bottom, right=max(b[2] for b in row), top=r_top))
    lines.sort(key=lambda ln: -ln.top)
    return tuple(lines)


def _overlapping(group: list) -> bool:
    """Whether a box of ``group`` (left to right) starts well inside the one before it."""
    reach = group[0][2]
    for box in group[1:]:
        if box[0] < reach - 1.0:
            return True
        reach = max(reach, box[2])
    return False


def _navigation(doc) -> tuple[dict[str, int], tuple[OutlineItem, ...]]:
    """Named destinations and the outline, from the document PDFium already opened (a
    second parse of the file, by pypdf, took as long as reading every page's text).

    Both are optional: a file without them (PDFs from elsewhere) gives empty ones and the
    start pages are found from the text instead. PDFium's calls report a broken entry by
    what they return (no page, a length of 0), so such an entry is skipped; the one Python
    error is a bookmark title that is not UTF-16 (PDFium decodes it strictly): that
    bookmark is skipped too, and the rest of the outline kept.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c
    dests: dict[str, int] = {}
    for index in range(pdfium_c.FPDF_CountNamedDests(doc)):
        size = ctypes.c_long(0)
        pdfium_c.FPDF_GetNamedDest(doc, index, None, size)
        if size.value <= 0:
            continue
        buffer = ctypes.create_string_buffer(size.value)
        dest = pdfium_c.FPDF_GetNamedDest(doc, index, buffer, size)
        if not dest:
            continue
        name = buffer.raw[:size.value].decode("utf-16-le", "replace").rstrip("\x00")
        page = pdfium_c.FPDFDest_GetDestPageIndex(doc, dest)
        if page >= 0:
            dests[name.lstrip("/")] = page
    items: list[OutlineItem] = []
    for mark in doc.get_toc(max_depth=64):
        dest = mark.get_dest()
        page = dest.get_index() if dest is not None else None
        if page is None or page < 0:
            continue
        try:
            title = mark.get_title() or ""
        except UnicodeDecodeError:
            continue
        items.append(OutlineItem(title=title, page=page, level=mark.level))
    return dests, tuple(items)


# ------------------------------------------------------------------------- page numbers

def page_number(text: str) -> int | None:
    """The number if ``text`` is a page number and nothing else (any width of digits)."""
    text = unicodedata.normalize("NFKC", text).strip()
    for pattern in _NUMBER_LINE:
        m = pattern.match(text)
        if m:
            return int(m.group(1))
    return None


def _read_number(page: Page) -> tuple[int | None, int | None]:
    """(printed number, line index): the bottom line first, then the top line."""
    if not page.lines:
        return None, None
    candidates = [len(page.lines) - 1, 0] if len(page.lines) > 1 else [0]
    for k in candidates:
        line = page.lines[k]
        mid = (line.top + line.bottom) / 2
        outer = min(mid, page.height - mid) / page.height if page.height else 1.0
        if outer <= NUMBER_BAND:
            number = page_number(line.text)
            if number is not None:
                return number, k
        if outer <= EDGE_BAND and len(line.pieces) > 1:
            for piece in (line.pieces[-1], line.pieces[0]):
                number = page_number(piece)
                if number is not None:
                    return number, k
    return None, None
