"""The print fonts in fonts/: which characters they can set."""
from __future__ import annotations

from pathlib import Path

from .paths import FONTS

FONT_SUFFIXES = (".otf", ".ttf", ".ttc", ".woff2")


def font_files(folder: Path = FONTS) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in FONT_SUFFIXES)


def body_codepoints(folder: Path = FONTS) -> frozenset[int] | None:
    """Union of the cmaps of every font in ``folder`` (None when there are none yet)."""
    from fontTools.ttLib import TTCollection, TTFont

    files = font_files(folder)
    if not files:
        return None
    points: set[int] = set()
    for path in files:
        fonts = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() == ".ttc" \
            else [TTFont(str(path), lazy=True)]
        for font in fonts:
            points.update(font.getBestCmap() or {})
    return frozenset(points)
