"""Open an untrusted PDF safely: what its pages draw is measured before PDFium reads it.

PDFium inflates a page's content streams whole before it finds the text on them: an 8 MB
PDF whose page content inflated to 4 GB took `publish check` a minute and 5.4 GB of memory.
Here every page's content streams (and the form XObjects they draw, once each) are
inflated in bounded chunks and counted, never kept; a page over MAX_PAGE_CONTENT is refused
naming it. A page of text draws tens of kilobytes, a full-page map a few megabytes. The
fonts PDFium unpacks to read the text (programs, ToUnicode and CMap streams) are counted
once each, for the whole file, against MAX_FONTS: a 4.7 MB PDF whose font inflated to 1 GB
took `publish check` 39 s and 2.1 GB of memory.

Every filter PDFium decodes a content stream with is undone here a bounded chunk at a time,
alone or chained: Flate (what every PDF producer writes), LZW, RunLength, ASCII85 and
ASCIIHex (qpdf decoded those whole: an LZW stream of 470 kB drawing 600 MB peaked at 1.2 GB; it left
RunLength to PDFium, which expands it 64 times). An image's filter (DCT, JPX, …) ends the
chain: PDFium hands what reaches it on undecoded. LZW and RunLength are decoded in Python,
so the code handed to them is bounded too (MAX_LZW_CODE, MAX_RUN_LENGTH_CODE), not only
what they make. A Type 3 font's glyphs are content, and so are the forms they draw from
the font's own resources; a composite font's CIDToGIDMap is counted with the fonts.
"""
from __future__ import annotations

import binascii
import zlib
from pathlib import Path
from typing import Callable, Iterator

from ..errors import UserError

MAX_PAGE_CONTENT = 64 * 2**20
#: What the fonts of the whole file may unpack to: PDFium keeps each font it reads for the
#: document's life (a full Noto CJK face is 16 MB, four of them a generous issue's fonts)
MAX_FONTS = 256 * 2**20
#: The most pages a PDF checked against one issue may have (an issue has a hundred or two,
#: a year's volume under two thousand): 50,000 copies of one page, a 10 MB file, took the
#: check 88 s and 420 MB reading every page's text
MAX_PAGES = 10_000
#: The most LZW code a file may hand the decoder here, which runs in Python (a few
#: microseconds a code): a 256 kB PDF whose Flate stream held 63 MB of LZW codes took the
#: check 74 s. Producers write Flate; an old one's LZW page is some kilobytes.
MAX_LZW_CODE = 2**20
#: … and RunLength code (half a microsecond a byte at worst: one-byte runs)
MAX_RUN_LENGTH_CODE = 4 * 2**20
_CHUNK = 2**20


class _TooSlow(Exception):
    """More LZW or RunLength code in one file than the decoders here may take."""


def require_bounded(path: Path) -> None:
    """Raise a UserError naming the page if what a page draws inflates past the limit, or
    the fonts the pages use past theirs. A file pikepdf cannot open is left to PDFium,
    whose refusal names it."""
    import pikepdf
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError):
        return
    with pdf:
        try:
            _measure(pdf, path)
        except _TooSlow as slow:
            raise UserError(f"the PDF codes over {slow.args[0]} of what its pages draw in "
                            f"{slow.args[1]} (producers write Flate): refused as a possible "
                            "decompression bomb", path) from None


def _measure(pdf, path: Path) -> None:
    """require_bounded's count, on the opened file."""
    if len(pdf.pages) > MAX_PAGES:
        raise UserError(f"the PDF has {len(pdf.pages):,} pages: an issue has at most "
                        f"{MAX_PAGES:,}; is it the PDF of this issue?", path)
    sizes: dict[tuple[int, int], int] = {}      # a stream drawn again is not inflated again
    fonts = 0
    work: dict[str, int] = {}                   # LZW and RunLength code decoded so far
    for number, page in enumerate(pdf.pages, 1):
        streams, resources = _drawn(page)
        size = 0
        for stream in streams:
            if stream.objgen not in sizes:
                sizes[stream.objgen] = _inflated_size(stream, MAX_PAGE_CONTENT, work)
            size += sizes[stream.objgen]
            if size > MAX_PAGE_CONTENT:
                raise UserError(f"page {number} of the PDF draws over "
                                f"{MAX_PAGE_CONTENT // 2**20} MB of content once inflated: "
                                "refused as a possible decompression bomb", path)
        for program in _font_files(resources):
            if program.objgen not in sizes:
                sizes[program.objgen] = _inflated_size(program, MAX_FONTS - fonts, work)
                fonts += sizes[program.objgen]
            if fonts > MAX_FONTS:
                raise UserError(f"the fonts the PDF uses by page {number} unpack to over "
                                f"{MAX_FONTS // 2**20} MB: refused as a possible "
                                "decompression bomb", path)


def _drawn(page) -> tuple[list, list]:
    """The content streams of ``page`` (a pikepdf Page) as often as it draws them (a page
    may list one stream 300 times), each form it draws (a form drawing itself, once) and
    each glyph a Type 3 font of theirs draws; and the resource dictionaries they use."""
    import pikepdf
    contents = page.obj.get("/Contents")
    todo = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    resources: list = []
    seen: set = set()               # forms, Type 3 fonts and resource dictionaries met, once

    def uses(res) -> None:
        """``res`` is a resource dictionary in use: its forms and its Type 3 fonts' glyphs
        are drawn, and a Type 3 font's own resources in use in turn."""
        if isinstance(res, pikepdf.Dictionary) and res.is_indirect:
            if ("resources", res.objgen) in seen:
                return                          # a font's resources naming the font again
            seen.add(("resources", res.objgen))
        resources.append(res)
        todo.extend(_forms(res))
        for font in _type3_fonts(res):
            if font.objgen not in seen or not font.is_indirect:
                seen.add(font.objgen)
                todo.extend(_glyph_procedures(font))
                if isinstance(font.get("/Resources"), pikepdf.Dictionary):
                    uses(font.get("/Resources"))
    uses(page.obj.get("/Resources"))
    streams = []
    while todo:
        stream = todo.pop()
        if not isinstance(stream, pikepdf.Stream):
            continue
        if stream.get("/Subtype") == "/Form":
            if stream.objgen in seen:
                continue
            seen.add(stream.objgen)
            uses(stream.get("/Resources"))
        streams.append(stream)
    return streams, resources


def _forms(resources) -> list:
    """The form XObjects a resource dictionary names."""
    import pikepdf
    return [x for x in _named(resources, "/XObject")
            if isinstance(x, pikepdf.Stream) and x.get("/Subtype") == "/Form"]


def _named(resources, kind: str) -> list:
    """The objects a resource dictionary names under ``kind`` (/XObject, /Font)."""
    import pikepdf
    named = resources.get(kind) if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(named, pikepdf.Dictionary):
        return []
    return [named.get(k) for k in named.keys()]


def _type3_fonts(resources) -> list:
    """The Type 3 fonts (with glyph procedures) a resource dictionary names."""
    import pikepdf
    return [font for font in _named(resources, "/Font") if isinstance(font, pikepdf.Dictionary)
            and isinstance(font.get("/CharProcs"), pikepdf.Dictionary)]


def _glyph_procedures(font) -> list:
    """A Type 3 font's glyph procedures: content that PDFium runs for every such glyph
    drawn (they may draw forms of the font's own resources)."""
    procs = font.get("/CharProcs")
    return [procs.get(k) for k in procs.keys()]


_FONT_STREAMS = ("/FontFile", "/FontFile2", "/FontFile3")


def _font_files(resources: list) -> Iterator:
    """The streams PDFium unpacks to read the text of the fonts ``resources`` name: the
    font programs (of a composite font's descendants too, and their CIDToGIDMap streams),
    ToUnicode and CMap streams."""
    import pikepdf
    for font in (f for r in resources for f in _named(r, "/Font")):
        if not isinstance(font, pikepdf.Dictionary):
            continue
        descendants = font.get("/DescendantFonts")
        parts = [font, *(d for d in descendants if isinstance(d, pikepdf.Dictionary))] \
            if isinstance(descendants, pikepdf.Array) else [font]
        for part in parts:
            descriptor = part.get("/FontDescriptor")
            if isinstance(descriptor, pikepdf.Dictionary):
                yield from (s for k in _FONT_STREAMS
                            if isinstance(s := descriptor.get(k), pikepdf.Stream))
            if isinstance(part.get("/CIDToGIDMap"), pikepdf.Stream):
                yield part.get("/CIDToGIDMap")      # loaded whole, as a program is
        yield from (s for k in ("/ToUnicode", "/Encoding")
                    if isinstance(s := font.get(k), pikepdf.Stream))


def _inflated_size(stream, limit: int, work: dict | None = None) -> int:
    """The stream's decoded length, or a number over ``limit`` once it passes it; the LZW
    and RunLength code it decodes is added to ``work`` (_TooSlow past their bounds)."""
    chunks: Iterator[bytes] = iter([stream.read_raw_bytes()])
    for index, name in enumerate(_filter_names(stream.get("/Filter"))):
        decoder = _DECODERS.get(name)
        if decoder is None:
            break                           # an image's filter: PDFium decodes no further
        if decoder in _SLOW:
            chunks = _metered(chunks, decoder, {} if work is None else work)
        chunks = decoder(chunks, _parms(stream.get("/DecodeParms"), index))
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            break
    return size


def _metered(chunks: Iterator[bytes], decoder, work: dict) -> Iterator[bytes]:
    """``chunks`` passed on to ``decoder``, their bytes counted in ``work`` against its
    bound."""
    name = _SLOW[decoder]
    bound = MAX_LZW_CODE if decoder is _lzw else MAX_RUN_LENGTH_CODE
    for data in chunks:
        work[name] = work.get(name, 0) + len(data)
        if work[name] > bound:
            raise _TooSlow(f"{bound // 2**20} MB", name)
        yield data


def _filter_names(filters) -> list[str]:
    """The stream's filters in the order they are undone (a name or an array of them)."""
    import pikepdf
    if isinstance(filters, pikepdf.Array):
        return [str(f) for f in filters]
    return [str(filters)] if filters is not None else []


def _parms(parms, index: int):
    """The decode parameters of the ``index``-th filter (a dictionary, or an array of
    them aligned with the filters), or None."""
    import pikepdf
    if isinstance(parms, pikepdf.Array):
        parms = parms[index] if index < len(parms) else None
    return parms if isinstance(parms, pikepdf.Dictionary) else None


def _inflate(chunks: Iterator[bytes], parms=None) -> Iterator[bytes]:
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


def _lzw(chunks: Iterator[bytes], parms=None) -> Iterator[bytes]:
    """LZW codes (9 to 12 bits, 256 clears, 257 ends; ``EarlyChange`` 1 unless the
    parameters say 0) decoded, yielded in pieces of about _CHUNK (a bad code ends it)."""
    early = 0 if parms is not None and parms.get("/EarlyChange") == 0 else 1
    table: list[bytes] = [bytes([b]) for b in range(256)] + [b"", b""]
    width, bits, held, prev = 9, 0, 0, b""
    out: list[bytes] = []
    size = 0
    for data in chunks:
        for byte in data:
            bits, held = (bits << 8) | byte, held + 8
            while held >= width:
                held -= width
                code, bits = bits >> held, bits & ((1 << held) - 1)
                if code == 256:
                    del table[258:]
                    width, prev = 9, b""
                    continue
                if code == 257 or code > len(table) or (code == len(table) and not prev):
                    yield b"".join(out)
                    return
                entry = table[code] if code < len(table) else prev + prev[:1]
                if prev and len(table) < 4096:
                    table.append(prev + entry[:1])
                width = min(12, (len(table) + early).bit_length())
                prev = entry
                out.append(entry)
                size += len(entry)
                if size >= _CHUNK:
                    yield b"".join(out)
                    out, size = [], 0
    yield b"".join(out)


def _run_length(chunks: Iterator[bytes], parms=None) -> Iterator[bytes]:
    """RunLength runs (a length byte, then that many bytes plus one, or one byte repeated
    257 − length times; 128 ends) decoded, yielded in pieces of about _CHUNK."""
    rest = b""
    for data in chunks:
        data, at, out, size = rest + data, 0, [], 0
        while at < len(data):
            length = data[at]
            if length == 128:
                yield b"".join(out)
                return
            end = at + 2 + (length if length < 128 else 0)
            if end > len(data):
                break                       # the run goes on in the next chunk
            run = data[at + 1:end] if length < 128 else data[at + 1:end] * (257 - length)
            out.append(run)
            size += len(run)
            at = end
            if size >= _CHUNK:
                yield b"".join(out)
                out, size = [], 0
        rest = data[at:]
        yield b"".join(out)


_WHITE = b" \t\n\r\f\0"


def _ascii_hex(chunks: Iterator[bytes], parms=None) -> Iterator[bytes]:
    """Hexadecimal digits (white space between them, ``>`` ends) decoded; an odd last
    digit counts as followed by 0; anything else ends it."""
    odd = b""
    for data in chunks:
        end = data.find(b">")
        digits = odd + (data if end < 0 else data[:end]).translate(None, _WHITE)
        cut = len(digits) - len(digits) % 2
        odd = digits[cut:]
        try:
            yield binascii.unhexlify(digits[:cut])
        except binascii.Error:
            return
        if end >= 0:
            break
    if odd:
        yield binascii.unhexlify(odd + b"0")


def _ascii85(chunks: Iterator[bytes], parms=None) -> Iterator[bytes]:
    """ASCII base-85 groups (``z`` for four zero bytes, ``~>`` ends) decoded; a bad group
    ends it."""
    import base64
    rest = b""
    for data in chunks:
        end = data.find(b"~")
        text = rest + (data if end < 0 else data[:end]).translate(None, _WHITE)
        text = text.replace(b"z", b"!!!!!")
        cut = len(text) if end >= 0 else len(text) - len(text) % 5
        rest = text[cut:]
        try:
            yield base64.a85decode(text[:cut])
        except ValueError:
            return
        if end >= 0:
            return


_Decoder = Callable[[Iterator[bytes], object], Iterator[bytes]]
#: The filters PDFium undoes on a content stream, under their names and abbreviations
_DECODERS: dict[str, _Decoder] = {
    "/FlateDecode": _inflate, "/Fl": _inflate, "/LZWDecode": _lzw, "/LZW": _lzw,
    "/RunLengthDecode": _run_length, "/RL": _run_length,
    "/ASCII85Decode": _ascii85, "/A85": _ascii85, "/ASCIIHexDecode": _ascii_hex, "/AHx": _ascii_hex,
}

#: The decoders that run in Python, by name (MAX_LZW_CODE and MAX_RUN_LENGTH_CODE bound them)
_SLOW = {_lzw: "LZW", _run_length: "RunLength"}
