"""HarfBuzz's subsetter on a font file, as WeasyPrint calls it when it embeds a font.

fontTools needs ~10 s per CJK face to subset; HarfBuzz (already loaded for WeasyPrint) a
few milliseconds. The calls and flags are WeasyPrint 70's (``pdf/fonts.py``): keep the glyph
ids (CID = GID in the PDF), desubroutinize, no hinting, drop the layout tables, then cut the
empty glyphs after the last one used (a second pass, only where HarfBuzz's first kept them:
recent versions end a glyph-keeping cut at its last glyph).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .. import cache
from ..typefaces.harfbuzz import ffi as _ffi, libs as _libs

_NO_HINTING = 0x1
_RETAIN_GIDS = 0x2
_DESUBROUTINIZE = 0x4
_PASSTHROUGH_UNRECOGNIZED = 0x40
_DROP_TABLE = 3                      # HB_SUBSET_SETS_DROP_TABLE_TAG
_DROPPED = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH",
            b"PCLT", b"SVG ")


class _Face:
    """A font file held open: mapped by HarfBuzz, not read into memory (a subset touches a
    small part of a 13 MB CJK face, and only that part stays resident)."""

    def __init__(self, path: Path):
        hb, _ = _libs()
        blob = hb.hb_blob_create_from_file(str(path).encode())
        if hb.hb_blob_get_length(blob) == 0:          # HarfBuzz's empty blob: unreadable
            hb.hb_blob_destroy(blob)
            raise OSError(f"cannot read the font {path}")
        self.blob = _ffi.gc(blob, hb.hb_blob_destroy)
        self.face = _ffi.gc(hb.hb_face_create(self.blob, 0), hb.hb_face_destroy)


@lru_cache(maxsize=8)
def _face(path: Path) -> _Face:
    return _Face(path)


def _add(hb, target, values) -> None:
    """``values`` into the HarfBuzz set ``target`` in one call (a range as a range): a cut
    of glyphs 0 to the last adds up to 65,535 of them, once a Python call each."""
    if isinstance(values, range) and values.step == 1:
        if len(values):
            hb.hb_set_add_range(target, values.start, values.stop - 1)
        return
    ordered = sorted(values)
    if ordered:
        hb.hb_set_add_sorted_array(target, _ffi.new("hb_codepoint_t[]", ordered), len(ordered))


def _run(face, gids, flags: int, codepoints=()) -> object:
    hb, sub = _libs()
    request = _ffi.gc(sub.hb_subset_input_create_or_fail(), sub.hb_subset_input_destroy)
    _add(hb, sub.hb_subset_input_glyph_set(request), gids)
    _add(hb, sub.hb_subset_input_unicode_set(request), codepoints)
    sub.hb_subset_input_set_flags(request, flags)
    drop = sub.hb_subset_input_set(request, _DROP_TABLE)
    for tag in _DROPPED:
        hb.hb_set_add(drop, hb.hb_tag_from_string(tag, -1))
    result = sub.hb_subset_or_fail(face, request)
    if result == _ffi.NULL:
        raise ValueError("HarfBuzz could not subset the font")
    return _ffi.gc(result, hb.hb_face_destroy)


def _bytes(face) -> bytes:
    hb, _ = _libs()
    blob = _ffi.gc(hb.hb_face_reference_blob(face), hb.hb_blob_destroy)
    length = _ffi.new("unsigned int *")
    data = hb.hb_blob_get_data(blob, length)
    return bytes(_ffi.buffer(data, length[0]))


def subset(path: Path, gids: list[int]) -> bytes:
    """The font at ``path`` cut to ``gids``, every glyph keeping its id (kept in the cache:
    an edit that brings no new character to a face reuses the face's subset)."""
    stat = path.stat()
    key = cache.fingerprint([cache.code_key(__name__), path.name,
                             f"{stat.st_size}:{stat.st_mtime_ns}",
                             ",".join(map(str, sorted(gids)))], []) if cache.folder() else None
    data = cache.load("subset", key) if key else None
    if data is None:
        data = _subset(path, gids)
        if key:
            cache.store("subset", key, data)
    return data


def _subset(path: Path, gids: list[int]) -> bytes:
    face = _face(path).face
    kept = _run(face, sorted(gids), _RETAIN_GIDS | _PASSTHROUGH_UNRECOGNIZED | _DESUBROUTINIZE
                | _NO_HINTING)
    last = max(gids) if gids else 0
    hb, _ = _libs()
    if hb.hb_face_get_glyph_count(kept) <= last + 1:  # the HarfBuzz here ends it at the last
        return _bytes(kept)                           # glyph kept already: the same bytes
    cut = _run(kept, range(last + 1), _PASSTHROUGH_UNRECOGNIZED | _DESUBROUTINIZE | _NO_HINTING)
    return _bytes(cut)


def subset_text(path: Path, text: str) -> bytes:
    """The font at ``path`` cut to the characters of ``text``, for a screen (a web font):
    glyphs renumbered, cmap kept, no hinting. Milliseconds where fontTools takes seconds."""
    face = _face(path).face
    return _bytes(_run(face, (), _PASSTHROUGH_UNRECOGNIZED | _DESUBROUTINIZE | _NO_HINTING,
                       sorted({ord(ch) for ch in text})))
