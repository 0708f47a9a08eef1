"""One embedded subset per face in a PDF joined from units.

Each unit PDF embeds its own subset of every face it uses. WeasyPrint subsets with
``retain_gids`` (a glyph keeps its index, and CID = GID), so the subsets of one face agree on
every code: the joined PDF can use one font object per face whose file is a subset of the
original font (from fonts/) on the union of the glyphs, with the union of widths and
Unicode mappings. The pages' font resources are pointed at it.

The units embed no font file, only a stub naming the face (``stub``, written by
engine.font_stubs): the subsetting is done once here, for the joined PDF. A unit PDF that
embeds a real subset (another producer) is read the same way, by its PostScript name.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import io
import logging
import re
import struct
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont, TTLibError

from ..errors import UserError
from ..paths import FONTS
from . import hbsubset
from .fontstub import name_of_table, stub, stub_name  # noqa: F401 - the faces' stubs

log = logging.getLogger(__name__)

_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")
_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)

def postscript_name(data: bytes) -> str | None:
    """A font file's PostScript name (name ID 6); None when fontTools cannot read it."""
    try:
        return TTFont(io.BytesIO(data), lazy=True)["name"].getDebugName(6)
    except (TTLibError, struct.error, KeyError, ValueError, AssertionError) as exc:
        log.warning("cannot read the font's name (%s): its subsets are left as they are", exc)
        return None


@lru_cache(maxsize=None)
def _originals(folder: Path) -> dict[str, Path]:
    """PostScript name → font file in fonts/."""
    out: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".otf", ".ttf"):
            continue
        name = TTFont(path, lazy=True)["name"].getDebugName(6)
        if name:
            out[name] = path
    return out


_W_TOKEN = re.compile(rb"\[|\]|[-+]?(?:\d+\.?\d*|\.\d+)")


def widths_of(w) -> dict[int, float]:
    """A CIDFont /W array (``c [w1 w2 …]`` and ``c_first c_last w`` runs) as a dict."""
    if isinstance(w, pikepdf.Array) and not w.is_indirect:
        text = bytes(w.unparse())        # read from its PDF text: no Python object per
        if b"R" not in text:             # number (each font's array is read twice a build:
            return dict(_widths_in(text))    # the early cuts); not with references in it
    return _widths(list(w))


@lru_cache(maxsize=1024)
def _widths_in(text: bytes) -> dict[int, float]:
    """``widths_of`` a /W array written out (``[ 1 [ 256 ] 6 9 500 ]``); not to be changed."""
    tokens = _W_TOKEN.findall(text)[1:-1]      # the array's own brackets
    items: list = []
    run: list | None = None
    for token in tokens:
        if token == b"[":
            run = []
        elif token == b"]":
            items.append(run)
            run = None
        elif run is not None:
            run.append(float(token))
        else:
            items.append(float(token))
    return _widths(items)


def forget_widths() -> None:
    """Drop the /W arrays read so far (a joined PDF's worth: kept only while it is made)."""
    _widths_in.cache_clear()


def _widths(items: list) -> dict[int, float]:
    out: dict[int, float] = {}
    i = 0
    while i + 1 < len(items):
        first = int(items[i])
        nxt = items[i + 1]
        if isinstance(nxt, (list, pikepdf.Array)):
            for k, width in enumerate(nxt):
                out[first + k] = float(width)
            i += 2
        else:
            for cid in range(first, int(nxt) + 1):
                out[cid] = float(items[i + 2])
            i += 3
    return out


def unicode_of(cmap: bytes) -> dict[int, bytes]:
    """CID → UTF-16BE hex of a ToUnicode CMap's bfchar entries (WeasyPrint writes no
    bfrange; the code space range is not a mapping)."""
    return {int(a, 16): b.lower() for block in _BLOCK.findall(cmap)
            for a, b in _BFCHAR.findall(block)}


def cmap_bytes(unicode: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap in WeasyPrint's form (bfchar batches of 100)."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo", b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0",
             b">> def", b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(unicode.items())
    for i in range(0, len(items), 100):
        batch = items[i:i + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [b"<%04x> <%s>" % (cid, text) for cid, text in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)


def w_array(widths: dict[int, float]) -> list:
    out: list = []
    run: list | None = None
    for gid in sorted(widths):
        if run is None or gid - 1 not in widths:
            run = []
            out += [gid, run]
        value = widths[gid]
        run.append(int(value) if value == int(value) else value)
    return out


def _font_slots(pdf: pikepdf.Pdf):
    """(font resource dictionary, name) for every page and every form it draws."""
    seen: set[tuple[int, int]] = set()

    def walk(resources):
        if not isinstance(resources, pikepdf.Dictionary):
            return
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for name in list(fonts.keys()):
                yield fonts, name
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, pikepdf.Dictionary):
            for name in list(xobjects.keys()):
                obj = xobjects[name]
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
                yield from walk(obj.get("/Resources"))

    for page in pdf.pages:
        yield from walk(page.obj.get("/Resources"))


def _file_of(font) -> tuple[str, object] | None:
    descriptor = font.DescendantFonts[0].FontDescriptor
    for key in ("/FontFile3", "/FontFile2"):
        if key in descriptor:
            return key, descriptor[key]
    return None


def _postscript_name(font) -> str | None:
    """The embedded file's own PostScript name (BaseFont is WeasyPrint's CSS family)."""
    found = _file_of(font)
    if found is None:
        return None
    data = found[1].read_bytes()
    return stub_name(data) or postscript_name(data)


class EarlyCuts:
    """Faces cut in threads (HarfBuzz releases the GIL). ``early_cuts`` starts them on the
    glyphs of the unit PDFs while the pages are joined (Python and qpdf); ``merge_fonts``
    takes a cut when the joined PDF asks for the very glyphs, and has the others cut the
    same way. A context manager: its threads end with the block."""

    def __init__(self, wanted: dict[Path, set[int]]):
        self._pool = ThreadPoolExecutor(max(1, os.cpu_count() or 1))   # threads as needed
        self._cuts = {path: (frozenset(gids), self._pool.submit(hbsubset.subset, path,
                                                                  sorted(gids)))
                      for path, gids in wanted.items()}

    def __enter__(self) -> EarlyCuts:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _started(self, path: Path, gids) -> Future | None:
        found = self._cuts.get(path)
        return found[1] if found is not None and found[0] == frozenset(gids) else None

    def take(self, path: Path, gids) -> bytes | None:
        """The cut of ``path`` on exactly ``gids``, if one was started (its error, if any,
        is raised here, as the cut made later would have raised it)."""
        started = self._started(path, gids)
        return None if started is None else started.result()

    def cut(self, path: Path, gids) -> Future:
        """The cut of ``path`` on exactly ``gids``: the one started early, else one started
        now in the same threads (other glyphs; a file two faces share)."""
        return self._started(path, gids) or self._pool.submit(hbsubset.subset, path,
                                                              sorted(gids))


def early_cuts(sources: list[pikepdf.Pdf], fonts_dir: Path = FONTS) -> EarlyCuts:
    """Start cutting every face of fonts/ that the unit PDFs ``sources`` draw with, on the
    union of their glyphs (what ``merge_fonts`` will want of the joined PDF)."""
    originals = _originals(fonts_dir)
    wanted: dict[Path, set[int]] = {}
    for src in sources:
        seen: set[tuple[int, int]] = set()
        for container, name in _font_slots(src):
            font = container[name]
            if font.get("/Subtype") != "/Type0" or font.objgen in seen:
                continue
            seen.add(font.objgen)
            path = originals.get(_postscript_name(font) or "")
            if path is not None:
                wanted.setdefault(path, set()).update(widths_of(font.DescendantFonts[0].W))
    return EarlyCuts(wanted)


def merge_fonts(pdf: pikepdf.Pdf, fonts_dir: Path = FONTS, early: EarlyCuts | None = None
                ) -> int:
    """Replace each face's per-unit subsets with one; returns the number of faces merged.
    ``early``: cuts started before the pages were joined (``early_cuts``)."""
    groups: dict[str, list] = {}
    objects: dict[str, dict] = {}
    for container, name in _font_slots(pdf):
        font = container[name]
        if font.get("/Subtype") != "/Type0":
            continue
        face = str(font.BaseFont).split("+", 1)[-1]
        groups.setdefault(face, []).append((container, name))
        objects.setdefault(face, {})[font.objgen] = font
    originals = _originals(fonts_dir)
    faces: list[tuple] = []           # face, a font of it, its file, widths, ToUnicode
    for face in sorted(groups):
        fonts = list(objects[face].values())
        name = _postscript_name(fonts[0])
        original = originals.get(name or "")
        files = [_file_of(f) for f in fonts]
        stubbed = any(f is not None and stub_name(f[1].read_bytes()) for f in files)
        if stubbed and original is None:
            raise UserError(f"the face {name or face} is not in fonts/ any more "
                            "(changed during the build?): build again", fonts_dir)
        if original is None or (len(fonts) < 2 and not stubbed):
            continue
        widths: dict[int, float] = {}
        unicode: dict[int, bytes] = {}
        for font in fonts:
            for cid, width in widths_of(font.DescendantFonts[0].W).items():
                widths.setdefault(cid, width)
            if "/ToUnicode" in font:
                for cid, text in unicode_of(font.ToUnicode.read_bytes()).items():
                    unicode.setdefault(cid, text)
        faces.append((face, fonts[0], original, widths, unicode))
    with contextlib.nullcontext(early) if early is not None else EarlyCuts({}) as cutter:
        futures = [cutter.cut(path, gids) for _, _, path, gids, _ in faces]
        cuts = [future.result() for future in futures]
    for (face, model, original, widths, unicode), data in zip(faces, cuts):
        new = _merged(pdf, model, face, original, widths, unicode, data)
        for container, name in groups[face]:
            container[name] = new
    return len(faces)


def _merged(pdf: pikepdf.Pdf, model, face: str, path: Path, widths: dict[int, float],
            unicode: dict[int, bytes], data: bytes):
    gids = sorted(widths)
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(
        repr(gids).encode() + path.name.encode()).digest()[:6])
    base = pikepdf.Name(f"/{tag}+{face}")
    key, old_file = _file_of(model)
    stream = pdf.make_stream(data)
    if "/Subtype" in old_file:
        stream.Subtype = old_file.Subtype
    else:
        stream.Length1 = len(data)
    cid_model = model.DescendantFonts[0]
    descriptor = pikepdf.Dictionary({k: cid_model.FontDescriptor[k]
                                     for k in cid_model.FontDescriptor.keys()})
    descriptor.FontName = base
    descriptor[key] = stream
    bbox = [float(x) for x in descriptor.FontBBox]
    bbox[2] = max(widths.values()) if widths else 0
    descriptor.FontBBox = pikepdf.Array(bbox)
    if "/CIDSet" in descriptor:
        bits = bytearray((gids[-1] + 8) // 8 if gids else 1)
        for gid in gids:
            bits[gid // 8] |= 0x80 >> (gid % 8)
        descriptor.CIDSet = pdf.make_stream(bytes(bits))
    cid_font = pikepdf.Dictionary({k: cid_model[k] for k in cid_model.keys()})
    cid_font.BaseFont = base
    cid_font.W = pikepdf.Array(w_array(widths))
    cid_font.FontDescriptor = pdf.make_indirect(descriptor)
    font = pikepdf.Dictionary({k: model[k] for k in model.keys()})
    font.BaseFont = base
    font.DescendantFonts = pikepdf.Array([pdf.make_indirect(cid_font)])
    if "/ToUnicode" in model:
        font.ToUnicode = pdf.make_stream(cmap_bytes(unicode))
    return pdf.make_indirect(font)
