"""The print fonts in fonts/: which characters they can set.

A format 12 cmap (every CJK font in fonts/) is read directly, in milliseconds; anything else
through fontTools, which takes most of a second for the CJK fonts; the union is cached
(publish/cache.py) under the font files' fingerprint.
"""
from __future__ import annotations

from array import array
from pathlib import Path

from .. import cache
from ..paths import FONTS

FONT_SUFFIXES = (".otf", ".ttf", ".ttc", ".woff2")


def font_files(folder: Path = FONTS) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in FONT_SUFFIXES)


def body_codepoints(folder: Path = FONTS) -> frozenset[int] | None:
    """Union of the cmaps of every font in ``folder`` (None when there are none yet); kept
    in the cache under the fonts' fingerprint (reading the CJK cmaps takes half a second)."""
    files = font_files(folder)
    if not files:
        return None
    key = cache.fingerprint(["codepoints", "1"], files)
    raw = cache.load("codepoints", key)
    if raw is not None and len(raw) % 4 == 0:
        return frozenset(array("I", raw))
    points = _read_cmaps(files)
    if array("I").itemsize == 4:
        cache.store("codepoints", key, array("I", sorted(points)).tobytes())
    return points


def _read_cmaps(files: list[Path]) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    points: set[int] = set()
    for path in files:
        quick = _format12_points(path)
        if quick is not None:
            points.update(quick)
            continue
        fonts = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() == ".ttc" \
            else [TTFont(str(path), lazy=True)]
        for font in fonts:
            points.update(font.getBestCmap() or {})
    return frozenset(points)


# The subtables fontTools' getBestCmap prefers, in its order.
_BEST = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def _format12_points(path: Path) -> set[int] | None:
    """The code points of a single font's best cmap subtable when that is a format 12
    table (every CJK font in fonts/): the union of its groups' ranges, read directly — what
    fontTools' getBestCmap gives, without building its 40,000-entry glyph-name map (0.2 s a
    face). None for anything else (a collection, WOFF2, format 4): fontTools reads those."""
    import struct
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
            if head[:4] not in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
                return None
            tables = struct.unpack_from(">H", head, 4)[0]
            directory = fh.read(16 * tables)
            found = None
            for k in range(tables):
                tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * k)
                if tag == b"cmap":
                    found = offset, length
            if found is None:
                return None
            fh.seek(found[0])
            data = fh.read(found[1])
        count = struct.unpack_from(">H", data, 2)[0]
        records = {}
        for k in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * k)
            records.setdefault((platform, encoding), offset)
        best = next((records[pe] for pe in _BEST if pe in records), None)
        if best is None or struct.unpack_from(">H", data, best)[0] != 12:
            return None
        groups = struct.unpack_from(">I", data, best + 12)[0]
        points: set[int] = set()
        for start, end, _ in struct.iter_unpack(">III", data[best + 16:best + 16 + 12 * groups]):
            points.update(range(start, end + 1))
        return points
    except (OSError, struct.error):
        return None
