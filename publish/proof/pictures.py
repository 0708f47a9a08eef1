"""Small pictures of PDF pages (PDFium via pypdfium2), as PNG data URIs for the proof report.

Each picture is cached (publish/cache.py) under a key of the page's drawing — its content
stream and the fonts and images it names — and this code: a rebuild after an edit renders
only the pages whose drawing changed, as the render stage lays out only the changed units.
Glyph ids in the embedded subsets are the fonts' own (render/fontmerge.py), so the same
content stream draws the same page whatever else the subset holds.
"""
from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path

from .. import cache

KIND = "proof-picture"
SCALE = 0.25               # 72 dpi × 0.25: an A4 page is 149 × 211 pixels


def _page_key(page, base: str) -> str:
    """The cache key of one page (a pikepdf page): what it draws and with what."""
    import pikepdf
    h = hashlib.sha256(base.encode())
    contents = page.obj.get("/Contents")
    parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    for part in parts:
        if part is not None:
            h.update(part.read_bytes())
    resources = page.obj.get("/Resources")
    for kind in ("/Font", "/XObject"):
        group = resources.get(kind) if resources is not None else None
        for name, obj in (group.items() if group is not None else ()):
            h.update(f"{kind}{name}".encode())
            # without the subset tag: it follows the glyphs of the whole issue
            h.update(str(obj.get("/BaseFont", "")).split("+")[-1].encode())
            if isinstance(obj, pikepdf.Stream):
                h.update(obj.read_raw_bytes())
    box = page.obj.get("/MediaBox")
    h.update(repr([float(v) for v in box] if box is not None else None).encode())
    return h.hexdigest()


def code_key() -> str:
    return cache.code_key(__name__)


def pictures(pdf_path: Path, indexes: list[int]) -> dict[int, str]:
    """page index → a ``data:image/png;base64,…`` URI of that page, small."""
    import pikepdf
    import pypdfium2 as pdfium
    from PIL import ImageOps
    base = code_key()
    out: dict[int, str] = {}
    todo: dict[int, str] = {}
    with pikepdf.open(pdf_path) as pdf:
        for index in sorted(set(indexes)):
            if not 0 <= index < len(pdf.pages):
                continue
            key = _page_key(pdf.pages[index], base)
            data = cache.load(KIND, key)
            if data is not None and data.startswith(b"\x89PNG"):
                out[index] = _uri(data)
            else:
                todo[index] = key
    if todo:
        doc = pdfium.PdfDocument(str(pdf_path))
        try:
            for index, key in todo.items():
                page = doc[index]
                try:
                    image = page.render(scale=SCALE).to_pil()
                finally:
                    page.close()
                data = _png(ImageOps.autocontrast(image.convert("L"), cutoff=1))
                cache.store(KIND, key, data)
                out[index] = _uri(data)
        finally:
            doc.close()
    return out


#: 256 greys to 16 even steps (a palette index each); the palette gives them back
_STEPS = [v * 16 // 256 for v in range(256)]
_PALETTE = [v * 17 for v in range(16) for _ in range(3)]


def _png(grey) -> bytes:
    """A greyscale picture as a 4-bit PNG of 16 even greys (text at a quarter size is thin
    grey: the caller stretches it to black first). Even steps, not an adaptive palette:
    a tenth of the time, the same size."""
    from PIL import Image
    steps = grey.point(_STEPS)
    indexed = Image.frombytes("P", steps.size, steps.tobytes())
    indexed.putpalette(_PALETTE)
    buf = io.BytesIO()
    indexed.save(buf, format="PNG", bits=4)
    return buf.getvalue()


def _uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
