"""Open an untrusted PDF safely: what its pages draw is measured before PDFium reads it.

PDFium inflates a page's content streams whole before it finds the text on them: an 8 MB
PDF whose page content inflated to 4 GB took `publish check` a minute and 5.4 GB of memory.
Here every page's content streams (and the form XObjects they draw, once each) are
inflated in bounded chunks and counted, never kept; a page over MAX_PAGE_CONTENT is refused
naming it. A page of text draws tens of kilobytes, a full-page map a few megabytes.

Only FlateDecode (alone or chained, the filter every PDF producer uses for content) is
counted by streaming; a stream with another filter is counted from qpdf's decoding.
"""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Iterator

from ..errors import UserError

MAX_PAGE_CONTENT = 64 * 2**20
_CHUNK = 2**20
_FLATE = "/FlateDecode"


def require_bounded(path: Path) -> None:
    """Raise a UserError naming the page if what a page draws inflates past the limit. A
    file pikepdf cannot open is left to PDFium, whose refusal names it."""
    import pikepdf
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError):
        return
    with pdf:
        sizes: dict[tuple[int, int], int] = {}      # a stream drawn again is not inflated again
        for number, page in enumerate(pdf.pages, 1):
            size = 0
            for stream in _drawn(page):
                if stream.objgen not in sizes:
                    sizes[stream.objgen] = _inflated_size(stream, MAX_PAGE_CONTENT)
                size += sizes[stream.objgen]
                if size > MAX_PAGE_CONTENT:
                    raise UserError(f"page {number} of the PDF draws over "
                                    f"{MAX_PAGE_CONTENT // 2**20} MB of content once inflated: "
                                    "refused as a possible decompression bomb", path)


def _drawn(page) -> Iterator:
    """The content streams of ``page`` (a pikepdf Page) as often as it draws them (a page
    may list one stream 300 times), and each form it draws (a form drawing itself, once)."""
    import pikepdf
    contents = page.obj.get("/Contents")
    todo = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    todo += _forms(page.obj.get("/Resources"))
    forms: set[tuple[int, int]] = set()
    while todo:
        stream = todo.pop()
        if not isinstance(stream, pikepdf.Stream):
            continue
        if stream.get("/Subtype") == "/Form":
            if stream.objgen in forms:
                continue
            forms.add(stream.objgen)
            todo += _forms(stream.get("/Resources"))
        yield stream


def _forms(resources) -> list:
    """The form XObjects a resource dictionary names."""
    import pikepdf
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(xobjects, pikepdf.Dictionary):
        return []
    return [x for k in xobjects.keys()
            if isinstance(x := xobjects.get(k), pikepdf.Stream) and x.get("/Subtype") == "/Form"]


def _inflated_size(stream, limit: int) -> int:
    """The stream's decoded length, or a number over ``limit`` once it passes it."""
    import pikepdf
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else \
        [str(filters)] if filters is not None else []
    if any(name != _FLATE for name in names):
        try:
            return len(stream.read_bytes())
        except pikepdf.PdfError:
            return 0                        # undecodable: PDFium says what it makes of it
    chunks: Iterator[bytes] = iter([stream.read_raw_bytes()])
    for _ in names:
        chunks = _inflate(chunks)
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            break
    return size


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """zlib data in ``chunks`` inflated a bounded chunk at a time (a bad stream ends it)."""
    inflater = zlib.decompressobj()
    try:
        for data in chunks:
            while data:
                out = inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
                if out:
                    yield out
                elif not data:
                    break
    except zlib.error:
        return
