"""The typefaces of the print edition: one role per committed font file in fonts/.

The CSS family names are the project's own ("Publish Serif" …) so that fontconfig can never
match them with a system-installed face: WeasyPrint sets only these @font-face fonts.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from struct import error as struct_error
from pathlib import Path
from stat import S_ISREG

from ..errors import UserError
from ..paths import FONTS
from .shaping import Face, face


@dataclass(frozen=True)
class Role:
    name: str
    file: str
    family: str        # CSS font-family
    weight: int        # CSS font-weight
    css_class: str     # class of a span set in this role inside a block of another role


ROLES: dict[str, Role] = {r.name: r for r in (
    Role("serif", "NotoSerifCJKsc-Regular.otf", "Publish Serif", 400, "f-serif"),
    Role("serif-bold", "NotoSerifCJKsc-Bold.otf", "Publish Serif", 700, "f-serif-bold"),
    Role("sans-bold", "NotoSansCJKsc-Bold.otf", "Publish Sans", 700, "f-sans-bold"),
    Role("kai", "LXGWWenKai-Regular.ttf", "Publish Kai", 400, "f-kai"),
    # a footnote's call in the line (layout/notes.py): the serif, drawn small and raised
    Role("note-call", "NotoSerifCJKsc-Regular.otf", "Publish Serif", 400, "fn-call"),
)}

#: Marks the 楷 (LXGW WenKai) sets as Latin ones, a third of an em: set in the role named
#: instead (the composer here; the EPUB's unicode-range and the DOCX's free 楷 likewise).
KAI_FALLBACK = {"“": "serif", "”": "serif", "‘": "serif", "’": "serif"}

#: Where a character the role's face lacks is set: the first of these roles whose face has
#: it (the composer; WeasyPrint would take it from a face of fontconfig's choosing, inside
#: the run, whose ascent and descent grew the line: one 𰻞, which only LXGW WenKai has,
#: moved every page after it in the source edition).
FALLBACK_ROLES = {"serif": ("kai", "serif-bold", "sans-bold"),
                  "serif-bold": ("sans-bold", "kai", "serif"),
                  "sans-bold": ("serif-bold", "kai", "serif"),
                  "kai": ("serif", "serif-bold", "sans-bold"),
                  "note-call": ("kai", "serif-bold", "sans-bold")}

BOLD_OF = {"serif": "serif-bold", "serif-bold": "serif-bold", "sans-bold": "sans-bold",
           "kai": "kai", "note-call": "note-call"}


SFNT_TAGS = (b"OTTO", b"\x00\x01\x00\x00", b"true", b"ttcf")


def font_path(role: str, fonts_dir: Path = FONTS) -> Path:
    """The role's font file, checked: a missing, unreadable or corrupt file is a user
    error, never a silent fallback to whatever fontconfig finds on the system. (The
    composer asks for every run it measures: one ``stat`` a call.)"""
    path = _role_file(role, fonts_dir)
    try:
        stat = os.stat(path)
    except OSError:
        stat = None
    if stat is None or not S_ISREG(stat.st_mode):
        raise UserError("font missing: run fonts/regenerate.sh", path)
    _check_font(str(path), stat.st_size, stat.st_mtime_ns)
    return path


@lru_cache(maxsize=64)
def _role_file(role: str, fonts_dir: Path) -> Path:
    return fonts_dir / ROLES[role].file


@lru_cache(maxsize=64)
def _check_font(path: str, size: int, mtime_ns: int) -> None:
    from fontTools.ttLib import TTFont, TTLibError
    try:
        with open(path, "rb") as fh:
            tag = fh.read(4)
    except OSError as exc:
        raise UserError(f"cannot read font: {exc.strerror}", path) from None
    if tag not in SFNT_TAGS:
        raise UserError("not a font file (empty, zero-filled or corrupt): "
                        "run fonts/regenerate.sh", path)
    try:
        # the table directory and maxp, not the cmap (parsing a CJK cmap costs 0.2 s a face)
        font = TTFont(path, lazy=True, fontNumber=0)
        tables = font.reader.tables
        if not font["maxp"].numGlyphs or "cmap" not in tables or not tables["cmap"].length:
            raise TTLibError("no glyphs")
        if any(entry.offset + entry.length > size for entry in tables.values()):
            raise TTLibError("truncated")
    except (TTLibError, AssertionError, KeyError, ValueError, OSError, struct_error):
        raise UserError("corrupt font file: run fonts/regenerate.sh", path) from None


def check_fonts(fonts_dir: Path = FONTS) -> None:
    """Every role's font is there and readable (raises UserError naming the file)."""
    for role in ROLES:
        font_path(role, fonts_dir)


def role_face(role: str, fonts_dir: Path = FONTS) -> Face:
    return face(str(font_path(role, fonts_dir)))


def font_faces(fonts_dir: Path = FONTS, relative_to: str | None = None) -> list[dict]:
    """What the @font-face rules need: family, weight and a URL — absolute (the PDF build,
    rendered from memory) or ``relative_to/<file>`` (the HTML output, fonts beside it)."""
    faces = {(r.family, r.weight): r for r in ROLES.values()}      # one rule per face
    return [{"family": r.family, "weight": r.weight,
             "url": (f"{relative_to}/{r.file}" if relative_to is not None
                     else font_path(r.name, fonts_dir).resolve().as_uri()),
             "path": font_path(r.name, fonts_dir)} for r in faces.values()]
