"""The print fonts in fonts/: which characters they can set.

Reading the cmaps of the CJK fonts takes most of a second, so the union is cached
(publish/cache.py) under the font files' fingerprint.
"""
from __future__ import annotations

from array import array
from pathlib import Path

from . import cache
from .paths import FONTS

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
        fonts = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() == ".ttc" \
            else [TTFont(str(path), lazy=True)]
        for font in fonts:
            points.update(font.getBestCmap() or {})
    return frozenset(points)
