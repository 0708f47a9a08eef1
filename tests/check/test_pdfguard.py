"""check/pdfguard.py: what a page draws is measured a bounded chunk at a time under every
filter PDFium undoes (Flate, LZW, RunLength, ASCII85, ASCIIHex, chained), and counted as
qpdf decodes it."""
from __future__ import annotations

import base64
import binascii
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from publish.check import pdfguard
from publish.errors import UserError


def _packed(codes: list[int], early: int = 1) -> bytes:
    """LZW codes (a clear code first, clears in between) packed as a PDF reader takes them:
    9 to 12 bits wide, each as wide as the reader's table then asks (``early``: one code
    ahead), 257 added at the end."""
    bits, since_clear = [], 0
    for code in [*codes, 257]:
        table_size = 258 + max(0, since_clear - 1)      # the reader's, as it reads this code
        bits.append(format(code, f"0{min(12, (table_size + early).bit_length())}b"))
        since_clear = 0 if code == 256 else since_clear + 1
    text = "".join(bits)
    text += "0" * (-len(text) % 8)
    return int(text, 2).to_bytes(len(text) // 8, "big")


def _lzw(data: bytes, early: int = 1) -> bytes:
    """LZW as a PDF writer encodes it, a clear before the table fills."""
    def fresh() -> dict[bytes, int]:
        return {bytes([b]): b for b in range(256)}
    codes, table, word = [256], fresh(), b""
    for byte in data:
        grown = word + bytes([byte])
        if grown in table:
            word = grown
            continue
        codes.append(table[word])
        table[grown] = len(table) + 2
        word = bytes([byte])
        if len(table) + 2 >= 4000:
            codes.append(256)
            table = fresh()
    return _packed(codes + ([table[word]] if word else []), early)


def _lzw_spaces(size: int) -> bytes:
    """At least ``size`` spaces in LZW, written out directly (encoding them byte by byte
    takes minutes): after a clear, code 32 and then 258, 259, … each one space longer."""
    run = [256, 32, *range(258, 4000)]
    per_run = sum(range(1, len(run)))
    return _packed(run * (size // per_run + 1))


def _run_length(data: bytes) -> bytes:
    """RunLength: repeated bytes as runs, the rest literally, 128 at the end."""
    out, at = bytearray(), 0
    while at < len(data):
        same = 1
        while at + same < len(data) and same < 128 and data[at + same] == data[at]:
            same += 1
        if same > 1:
            out += bytes([257 - same, data[at]])
        else:
            same = min(128, len(data) - at)
            out += bytes([same - 1]) + data[at:at + same]
        at += same
    return bytes(out) + b"\x80"


_ENCODERS = {
    "/FlateDecode": lambda d: zlib.compress(d, 9), "/LZWDecode": _lzw,
    "/RunLengthDecode": _run_length,
    "/ASCII85Decode": lambda d: base64.a85encode(d, wrapcol=75) + b"~>",
    "/ASCIIHexDecode": lambda d: binascii.hexlify(d, b"\n", 30) + b">",
}


def _stream(pdf, content: bytes, filters: list[str], parms=None):
    """A stream of ``content`` under ``filters``, undone in that order."""
    import pikepdf
    data = content
    for name in reversed(filters):
        data = _ENCODERS[name](data)
    stream = pdf.make_stream(data)
    stream.Filter = pikepdf.Array([pikepdf.Name(f) for f in filters])
    if parms is not None:
        stream.DecodeParms = parms
    return stream


_TEXT = ("BT /F1 12 Tf 72 712 Td (正文 2024) Tj ET\n" * 400).encode() + bytes(range(256))
_CHAINS = [["/FlateDecode"], ["/LZWDecode"], ["/RunLengthDecode"], ["/ASCII85Decode"],
           ["/ASCIIHexDecode"], ["/ASCII85Decode", "/FlateDecode"],
           ["/ASCIIHexDecode", "/LZWDecode"], ["/LZWDecode", "/RunLengthDecode"]]


@pytest.mark.parametrize("filters", _CHAINS, ids=["+".join(f[1:4] for f in c) for c in _CHAINS])
def test_every_filter_is_counted_as_qpdf_decodes_it(filters):
    import pikepdf
    pdf = pikepdf.new()
    stream = _stream(pdf, _TEXT, filters)
    decoded = stream.read_bytes(decode_level=pikepdf.StreamDecodeLevel.specialized)
    assert decoded == _TEXT                                # the test's encoders are right
    assert pdfguard._inflated_size(stream, 2**30) == len(_TEXT)


def test_lzw_without_early_change():
    import pikepdf
    pdf = pikepdf.new()
    data = _lzw(_TEXT, early=0)
    stream = pdf.make_stream(data, Filter=pikepdf.Name.LZWDecode,
                             DecodeParms=pikepdf.Dictionary(EarlyChange=0))
    assert stream.read_bytes() == _TEXT
    assert pdfguard._inflated_size(stream, 2**30) == len(_TEXT)


def test_an_image_filter_ends_the_count():
    """PDFium hands what reaches a DCT (or any image) filter on undecoded."""
    import pikepdf
    pdf = pikepdf.new()
    raw = zlib.compress(b"x" * 10_000)
    stream = pdf.make_stream(raw, Filter=pikepdf.Array([pikepdf.Name.FlateDecode,
                                                        pikepdf.Name.DCTDecode]))
    assert pdfguard._inflated_size(stream, 2**30) == 10_000


_BOMB = pdfguard.MAX_PAGE_CONTENT + 16 * 2**20


_SPACES = {"/FlateDecode": lambda size: zlib.compress(b" " * size, 9),
           "/LZWDecode": _lzw_spaces,
           "/RunLengthDecode": lambda size: bytes([129, 32]) * (size // 128 + 1) + b"\x80"}


def _bomb_pdf(path: Path, filters: list[str], size: int = _BOMB) -> Path:
    """One page whose content is ``size`` spaces under ``filters`` (the last one expands
    them): a small file."""
    import pikepdf
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    data = _SPACES[filters[-1]](size)
    for name in reversed(filters[:-1]):
        data = _ENCODERS[name](data)
    page.obj.Contents = pdf.make_stream(data)
    page.obj.Contents.Filter = pikepdf.Array([pikepdf.Name(f) for f in filters])
    # as written: qpdf would decode the LZW and write it again as Flate
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    with pikepdf.open(path) as saved:
        assert saved.pages[0].obj.Contents.Filter == page.obj.Contents.Filter
    return path


@pytest.mark.parametrize("filters", [["/RunLengthDecode"], ["/ASCIIHexDecode", "/FlateDecode"],
                                     ["/LZWDecode"], ["/ASCII85Decode", "/LZWDecode"]],
                         ids=["RunLength", "AHx+Flate", "LZW", "A85+LZW"])
def test_a_bomb_under_any_filter_is_refused(tmp_path, filters):
    """RunLength was counted as nothing (qpdf leaves it to PDFium, which expands it 64
    times); the others qpdf decoded whole before they were counted."""
    path = _bomb_pdf(tmp_path / "bomb.pdf", filters)
    assert path.stat().st_size < 2 * 2**20
    with pytest.raises(UserError, match=r"page 1 of the PDF draws over \d+ MB") as err:
        pdfguard.require_bounded(path)
    assert err.value.path == str(path)


def test_an_lzw_bomb_is_counted_in_bounded_memory(tmp_path):
    """An LZW stream of 470 kB drawing 600 MB: qpdf decoded it whole, 600 MB of memory,
    before the count refused it."""
    path = _bomb_pdf(tmp_path / "bomb.pdf", ["/LZWDecode"], size=600 * 2**20)
    # the peak as /proc tells it (ru_maxrss would count the forked pytest's before exec)
    code = ("import re, sys; from publish.check import pdfguard; from publish.errors "
            "import UserError\ntry:\n    pdfguard.require_bounded(sys.argv[1])\nexcept "
            "UserError as e:\n    print(e)\nstatus = open('/proc/self/status').read()\n"
            "print(int(re.search(r'VmHWM:\\s*(\\d+)', status).group(1)) // 1024)")
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                       text=True, timeout=300)
    said, peak = r.stdout.splitlines()
    assert "draws over" in said
    assert int(peak) < 300, f"{peak} MB"


def _page_with_font(pdf, font):
    """A blank page naming ``font`` as /F1 and drawing a word in it."""
    import pikepdf
    page = pdf.add_blank_page()
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 712 Td (a) Tj ET")
    return page


def _type3_font(pdf, glyph, **more):
    """A Type 3 font whose glyph ``a`` is the content stream ``glyph`` (``more``: further
    entries, its own Resources)."""
    import pikepdf
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 1, 1],
        FontMatrix=[1, 0, 0, 1, 0, 0], CharProcs=pikepdf.Dictionary(a=glyph),
        Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]), FirstChar=97,
        LastChar=97, Widths=[1], **more))


def test_a_font_that_unpacks_to_gigabytes_is_refused(tmp_path):
    """A 4.7 MB PDF whose embedded font inflated to 1 GB: `publish check` took 39 s and
    2.1 GB of memory (PDFium unpacks a font whole to read the text set in it)."""
    import pikepdf
    pdf = pikepdf.new()
    program = pdf.make_stream(zlib.compress(bytes(pdfguard.MAX_FONTS + 2**20)),
                              Filter=pikepdf.Name.FlateDecode)
    descriptor = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor,
                                                      FontName=pikepdf.Name.X, FontFile2=program))
    _refused_for_its_fonts(pdf, tmp_path / "font-bomb.pdf", FontDescriptor=descriptor)


def _refused_for_its_fonts(pdf, path: Path, **descendant) -> None:
    """A page set in a composite font whose descendant has ``descendant``'s entries, saved
    to ``path``, is refused for what its fonts unpack to."""
    import pikepdf
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, BaseFont=pikepdf.Name.X,
                                                Subtype=pikepdf.Name.CIDFontType2, **descendant))
    _page_with_font(pdf, pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name.X,
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=pikepdf.Array([font]))))
    pdf.save(path)
    with pytest.raises(UserError, match=r"the fonts the PDF uses by page 1 unpack to over"):
        pdfguard.require_bounded(path)


def test_a_type3_glyph_that_draws_gigabytes_is_refused(tmp_path):
    """A Type 3 glyph is content PDFium runs for each time the glyph is drawn."""
    import pikepdf
    pdf = pikepdf.new()
    glyph = pdf.make_stream(zlib.compress(b" " * _BOMB), Filter=pikepdf.Name.FlateDecode)
    _page_with_font(pdf, _type3_font(pdf, glyph))
    path = tmp_path / "glyph-bomb.pdf"
    pdf.save(path)
    with pytest.raises(UserError, match=r"page 1 of the PDF draws over"):
        pdfguard.require_bounded(path)


def test_a_pdf_of_too_many_pages_is_refused_before_they_are_read(tmp_path):
    """50,000 copies of one page (10 MB) took the check 88 s and 420 MB of memory."""
    import pikepdf
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    for _ in range(pdfguard.MAX_PAGES):
        pdf.pages.append(page)
    path = tmp_path / "pages.pdf"
    pdf.save(path)
    with pytest.raises(UserError, match=r"the PDF has 10,001 pages: an issue has at most 10,000"):
        pdfguard.require_bounded(path)


def test_lzw_code_past_its_bound_is_refused_before_it_is_all_decoded(tmp_path, monkeypatch):
    """A 256 kB PDF whose Flate stream held 63 MB of LZW codes took the check 74 s: the
    decoder here runs in Python, so the code it is handed is bounded, not only its output."""
    import pikepdf
    monkeypatch.setattr(pdfguard, "MAX_LZW_CODE", 64 * 2**10)
    run = [256, *([32] * 3000)]                   # literal codes: one space each
    codes = _packed(run * 60)
    assert len(codes) > pdfguard.MAX_LZW_CODE
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(zlib.compress(codes, 9))
    page.obj.Contents.Filter = pikepdf.Array([pikepdf.Name.FlateDecode, pikepdf.Name.LZWDecode])
    path = tmp_path / "slow.pdf"
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    with pytest.raises(UserError, match=r"codes over 0 MB of what its pages draw in LZW"):
        pdfguard.require_bounded(path)
    monkeypatch.setattr(pdfguard, "MAX_LZW_CODE", 2**20)
    pdfguard.require_bounded(path)                 # within the bound: measured, not refused


def test_a_form_a_type3_glyph_draws_from_its_fonts_resources_is_counted(tmp_path):
    """A glyph procedure may draw a form of the Type 3 font's own resources, which PDFium
    unpacks while reading the text: it was never measured (662 MB for a 300 kB file)."""
    import pikepdf
    pdf = pikepdf.new()
    form = pdf.make_stream(zlib.compress(b" " * _BOMB), Filter=pikepdf.Name.FlateDecode,
                           Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 1, 1])
    glyph = pdf.make_stream(b"0 0 d0 /X0 Do")
    _page_with_font(pdf, _type3_font(pdf, glyph, Resources=pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(X0=form))))
    path = tmp_path / "t3form.pdf"
    pdf.save(path)
    with pytest.raises(UserError, match=r"page 1 of the PDF draws over"):
        pdfguard.require_bounded(path)


def test_a_cid_to_gid_map_is_counted_with_the_fonts(tmp_path, monkeypatch):
    """PDFium loads a composite font's CIDToGIDMap stream whole: a 580 kB file's map
    inflated to 400 MB (843 MB read)."""
    import pikepdf
    monkeypatch.setattr(pdfguard, "MAX_FONTS", 2**20)
    pdf = pikepdf.new()
    cidmap = pdf.make_stream(zlib.compress(bytes(2 * 2**20)), Filter=pikepdf.Name.FlateDecode)
    _refused_for_its_fonts(pdf, tmp_path / "cidmap.pdf", CIDToGIDMap=cidmap)
