"""One embedded subset per face in a PDF joined from units.

Each unit PDF embeds its own subset of every face it uses. WeasyPrint subsets with
``retain_gids`` (a glyph keeps its index, and CID = GID), so the subsets of one face agree on
every code: the joined PDF can use one font object per face whose file is a subset of the
original font (from fonts/) on the union of the glyphs, with the union of widths and
Unicode mappings. The pages' font resources are pointed at it.
"""
from __future__ import annotations

import hashlib
import io
import re
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from ..paths import FONTS
from . import hbsubset

_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")


@lru_cache(maxsize=None)
def _originals(folder: Path) -> dict[str, Path]:
    """PostScript name → font file in fonts/."""
    out: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".otf", ".ttf"):
            continue
        font = TTFont(path, lazy=True)
        name = font["name"].getDebugName(6)
        if name:
            out[name] = path
    return out


def _widths(w: ArrayObject) -> dict[int, float]:
    out: dict[int, float] = {}
    items = list(w)
    i = 0
    while i < len(items):
        first = int(items[i])
        nxt = items[i + 1].get_object() if hasattr(items[i + 1], "get_object") else items[i + 1]
        if isinstance(nxt, list):
            for k, width in enumerate(nxt):
                out[first + k] = float(width)
            i += 2
        else:
            for cid in range(first, int(nxt) + 1):
                out[cid] = float(items[i + 2])
            i += 3
    return out


def _to_unicode(stream) -> dict[int, bytes]:
    return {int(a, 16): b.lower() for a, b in _BFCHAR.findall(stream.get_object().get_data())}


def _font_slots(writer: PdfWriter):
    """(font dictionary of a resource dict, resource name) for every page and form."""
    seen: set[int] = set()

    def walk(resources):
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, dict):
            return
        fonts = resources.get("/Font")
        if fonts is not None:
            fonts = fonts.get_object()
            for name in list(fonts.keys()):
                yield fonts, name
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for ref in xobjects.get_object().values():
                obj = ref.get_object()
                key = id(obj)
                if key in seen:
                    continue
                seen.add(key)
                yield from walk(obj.get("/Resources"))

    for page in writer.pages:
        yield from walk(page.get("/Resources"))


def _postscript_name(font: DictionaryObject) -> str | None:
    """The embedded file's own PostScript name (BaseFont is WeasyPrint's CSS family)."""
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
    if stream is None:
        return None
    try:
        return TTFont(io.BytesIO(stream.get_object().get_data()), lazy=True)["name"].getDebugName(6)
    except Exception:          # noqa: BLE001 - a file fontTools cannot read stays as it is
        return None


def _face(font: DictionaryObject) -> str:
    base = str(font.get("/BaseFont", ""))
    return base.split("+", 1)[-1].lstrip("/")


def merge_fonts(writer: PdfWriter, fonts_dir: Path = FONTS) -> int:
    """Replace each face's per-unit subsets with one; returns the number of faces merged."""
    groups: dict[str, list] = {}
    for container, name in _font_slots(writer):
        ref = container.raw_get(name)
        font = ref.get_object()
        if font.get("/Subtype") != "/Type0":
            continue
        groups.setdefault(_face(font), []).append((container, name, font))
    originals = _originals(fonts_dir)
    merged = 0
    for face, slots in sorted(groups.items()):
        fonts = list({id(f): f for _, _, f in slots}.values())
        original = originals.get(_postscript_name(fonts[0]) or "")
        if len(fonts) < 2 or original is None:
            continue
        widths: dict[int, float] = {}
        unicode: dict[int, bytes] = {}
        for font in fonts:
            cid_font = font["/DescendantFonts"][0].get_object()
            for cid, width in _widths(cid_font["/W"]).items():
                widths.setdefault(cid, width)
            if "/ToUnicode" in font:
                for cid, text in _to_unicode(font["/ToUnicode"]).items():
                    unicode.setdefault(cid, text)
        new_font = _merged(writer, fonts[0], original, widths, unicode)
        ref = writer._add_object(new_font)
        for container, name, _ in slots:
            container[NameObject(name)] = ref
        merged += 1
    return merged


def _stream(data: bytes, extra: dict | None = None) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in (extra or {}).items():
        stream[NameObject(key)] = value
    return stream.flate_encode()


def _merged(writer, model: DictionaryObject, path: Path, widths: dict[int, float],
            unicode: dict[int, bytes]) -> DictionaryObject:
    gids = sorted(widths)
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(
        repr(gids).encode() + path.name.encode()).digest()[:6])
    base = NameObject(f"/{tag}+{_face(model)}")
    cid_model = model["/DescendantFonts"][0].get_object()
    desc_model = cid_model["/FontDescriptor"].get_object()
    file_key = "/FontFile3" if "/FontFile3" in desc_model else "/FontFile2"
    data = hbsubset.subset(path, gids)
    old_file = desc_model[file_key].get_object()
    extra = {"/Subtype": old_file["/Subtype"]} if "/Subtype" in old_file else {
        "/Length1": NumberObject(len(data))}
    descriptor = DictionaryObject({NameObject(k): v for k, v in desc_model.items()})
    descriptor[NameObject("/FontName")] = base
    descriptor[NameObject(file_key)] = writer._add_object(_stream(data, extra))
    bbox = list(descriptor["/FontBBox"])
    bbox[2] = FloatObject(max(widths.values()) if widths else 0)
    descriptor[NameObject("/FontBBox")] = ArrayObject(bbox)
    if "/CIDSet" in descriptor:
        size = (gids[-1] + 1 + 7) // 8 if gids else 1
        bits = bytearray(size)
        for gid in gids:
            bits[gid // 8] |= 0x80 >> (gid % 8)
        descriptor[NameObject("/CIDSet")] = writer._add_object(_stream(bytes(bits)))
    w = ArrayObject()
    run: ArrayObject | None = None
    for gid in gids:
        if run is None or gid - 1 not in widths:
            w.append(NumberObject(gid))
            run = ArrayObject()
            w.append(run)
        value = widths[gid]
        run.append(NumberObject(int(value)) if value == int(value) else FloatObject(value))
    cid_font = DictionaryObject({NameObject(k): v for k, v in cid_model.items()})
    cid_font[NameObject("/BaseFont")] = base
    cid_font[NameObject("/W")] = w
    cid_font[NameObject("/FontDescriptor")] = writer._add_object(descriptor)
    font = DictionaryObject({NameObject(k): v for k, v in model.items()})
    font[NameObject("/BaseFont")] = base
    font[NameObject("/DescendantFonts")] = ArrayObject([writer._add_object(cid_font)])
    if "/ToUnicode" in model:
        font[NameObject("/ToUnicode")] = writer._add_object(_stream(_cmap(unicode)))
    return font


def _cmap(unicode: dict[int, bytes]) -> bytes:
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
