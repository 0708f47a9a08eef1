"""The EPUB's embedded serif face: find it in ``fonts/`` and cut it down to the book's glyphs.

A full CJK face is 15–25 MB; a phone edition can carry only the glyphs its text uses (about
1,800 for an issue, under 1 MB). The face comes from the repository's ``fonts/`` directory —
the same files the print edition uses — never from the system, so every build embeds the same
outlines.
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import UserError

FONT_SUFFIXES = (".otf", ".ttf", ".ttc", ".otc")


@dataclass(frozen=True)
class FontFace:
    """One face: a file, and the face's index when the file is a collection (TTC)."""
    path: Path
    index: int = 0


# ---------------------------------------------------------------------------- locating

def serif_regular(fonts_dir: Path | None = None, *, bold: bool = False) -> FontFace:
    """The serif face (regular, or bold) from ``fonts/``, or a UserError saying what is missing.

    ``fonts/MANIFEST.json`` decides when present: an entry whose ``role`` is ``serif`` (or
    ``serif bold``); without a role its other fields are read as a description. Without a
    manifest the file names decide. Only files inside ``fonts/`` count (the manifest also
    names the system files they were extracted from). A collection yields its Simplified
    Chinese face.
    """
    fonts_dir = Path(fonts_dir or paths.FONTS)
    candidates = _manifest_candidates(fonts_dir) or _file_candidates(fonts_dir)
    ranked = sorted(((_score(desc, role, bold), str(path), path) for path, desc, role in candidates),
                    key=lambda t: (-t[0], t[1]))
    if not ranked or ranked[0][0] <= 0:
        weight = "bold" if bold else "regular"
        raise UserError(f"no serif {weight} font here (expected e.g. NotoSerifCJKsc-"
                        f"{weight.capitalize()}.otf; run `make fonts`)", fonts_dir)
    path = ranked[0][2]
    return FontFace(path, _sc_index(path))


def _manifest_candidates(fonts_dir: Path) -> list[tuple[Path, str, str | None]]:
    manifest = fonts_dir / "MANIFEST.json"
    if not manifest.is_file():
        return []
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found: list[tuple[Path, str, str | None]] = []
    for obj in _objects(data):
        for value in obj.values():
            if not (isinstance(value, str) and value.lower().endswith(FONT_SUFFIXES)):
                continue
            rel = Path(value)
            if rel.is_absolute() or ".." in rel.parts or not (fonts_dir / rel).is_file():
                continue          # e.g. "source_file": the system file it came from
            path = fonts_dir / rel
            desc = " ".join(str(v) for k, v in obj.items()
                            if isinstance(v, str) and "source" not in str(k).lower())
            role = obj.get("role") if isinstance(obj.get("role"), str) else None
            found.append((path, desc, role))
    return found


def _objects(data: Any) -> Iterable[dict]:
    """Every JSON object in ``data``; a mapping of file name → object counts the key too."""
    if isinstance(data, dict):
        yield data
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(key, str) and key.lower().endswith(
                    FONT_SUFFIXES):
                yield {"__file__": key, **value}
            else:
                yield from _objects(value)
    elif isinstance(data, list):
        for item in data:
            yield from _objects(item)


def _file_candidates(fonts_dir: Path) -> list[tuple[Path, str, str | None]]:
    if not fonts_dir.is_dir():
        return []
    return [(p, p.name, None) for p in sorted(fonts_dir.rglob("*"))
            if p.is_file() and p.suffix.lower() in FONT_SUFFIXES]


def _score(desc: str, role: str | None, bold: bool) -> int:
    """How well a font fits 'serif regular/bold': > 0 only for a serif face."""
    if role is not None:
        words = role.lower().split()
        if "serif" not in words or "sans" in words:
            return 0
        return 100 if ("bold" in words) == bold else 0
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", desc).lower()
    words = set(re.findall(r"[a-z]+", text))
    if "serif" not in text or "sans" in words or "mono" in words:
        return 0
    score = 10
    if bold:
        score += 10 if "bold" in words else -20
    else:
        score += -20 if words & {"bold", "black", "heavy", "semibold", "medium", "light",
                                 "extralight", "thin", "italic"} else 0
        score += 5 if "regular" in words else 0
    score += 3 if words & {"sc", "cn", "hans"} else 0
    score -= 2 if words & {"jp", "kr", "tc", "hk", "tw"} else 0
    return score


def _sc_index(path: Path) -> int:
    """The Simplified Chinese face's index in a collection (0 for a single-face file)."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    from fontTools.ttLib import TTCollection
    coll = TTCollection(str(path), lazy=True)
    for i, font in enumerate(coll.fonts):
        name = (font["name"].getDebugName(1) or "").upper()
        if name.endswith((" SC", "HANS")) or " SC " in name:
            return i
    return 0


# ---------------------------------------------------------------------------- subsetting

def cover_font_files() -> list[Path]:
    """The font files the cover picture may use (for the cache key)."""
    files = []
    for bold in (False, True):
        try:
            files.append(serif_regular(bold=bold).path)
        except UserError:
            pass
    return files


def book_characters(texts: Iterable[str]) -> str:
    """The distinct characters the book sets, sorted; whitespace beyond a space dropped."""
    chars = {ch for text in texts for ch in text if not ch.isspace()}
    chars.add(" ")
    return "".join(sorted(chars))


def subset_face(face: FontFace, text: str) -> bytes:
    """An OpenType font holding exactly the glyphs for ``text`` (plus .notdef).

    No GSUB closure (no vertical or alternate forms the book never shows), no hinting (CJK
    outlines on phone screens do not need it); the name table is kept whole so the licence
    (OFL) travels inside the file. Deterministic: the head timestamp is left as it was.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(face.path), fontNumber=face.index, recalcTimestamp=False,
                      recalcBBoxes=True)
    except Exception as exc:  # noqa: BLE001 -- fontTools raises many kinds for a bad file
        raise UserError(f"cannot read font: {exc}", face.path) from None
    options = subset.Options()
    options.layout_closure = False
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    missing = sorted({ch for ch in text if ord(ch) not in font.getBestCmap()} - {" "})
    out = io.BytesIO()
    font.save(out)
    font.close()
    if missing and len(missing) == len(set(text) - {" "}):
        raise UserError("the serif font covers none of the book's characters", face.path)
    return out.getvalue()


def font_media_type(data: bytes) -> str:
    """``font/otf`` for CFF outlines, ``font/ttf`` for TrueType ones."""
    return "font/otf" if data[:4] == b"OTTO" else "font/ttf"
