"""Glyph advances from HarfBuzz — the shaper Pango (and so WeasyPrint) uses.

Measuring with the renderer's own shaper is what lets the composer decide line ends that
WeasyPrint then reproduces to a fraction of a point: kerning of Latin, the ligature Noto
CJK makes of ——, and the ``halt`` feature's half-width punctuation all come out the same.
Bound through typefaces/harfbuzz.py (cffi, ABI mode, the system libharfbuzz).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from ..errors import UserError
from ..typefaces.harfbuzz import ffi as _ffi, lib as _lib, lock as _lock


class Face:
    """One font file, shaped at its units-per-em: advances come back in font units."""

    def __init__(self, path: Path):
        lib = _lib()
        self.path = Path(path)
        if not self.path.is_file():
            raise UserError("font file missing (run fonts/regenerate.sh)", self.path)
        blob = lib.hb_blob_create_from_file(str(self.path).encode())
        if lib.hb_blob_get_length(blob) == 0:
            raise UserError("cannot read font file", self.path)
        self._face = lib.hb_face_create(blob, 0)
        lib.hb_blob_destroy(blob)
        self.upem = lib.hb_face_get_upem(self._face)
        self._font = lib.hb_font_create(self._face)
        self._buffer = lib.hb_buffer_create()
        self._lang = lib.hb_language_from_string(b"zh-cn", -1)
        self._covers: dict[str, bool] = {}

    def covers(self, ch: str) -> bool:
        """Whether the face has a glyph for ``ch`` (it does not shape to .notdef)."""
        known = self._covers.get(ch)
        if known is None:
            with _lock:
                count, infos, _ = self._shaped(ch)
                known = self._covers[ch] = count > 0 and all(
                    infos[k].codepoint != 0 for k in range(count))
        return known

    def shape(self, text: str) -> tuple[list[int], list[bool]]:
        """Advance of each character of ``text`` in font units, and where clusters start.

        A cluster (e.g. the —— ligature) puts its whole advance on its first character and
        0 on the others. The glyph records are read as arrays of 32-bit words (no Python
        call per glyph); the usual result, one glyph per character in order, is taken as is.
        """
        if not text:
            return [], []
        n = len(text)
        with _lock:
            count, infos, positions = self._shaped(text)
            clusters = _words(infos, count, "I")[_CLUSTER::_INFO_WORDS].tolist()
            x_advances = _words(positions, count, "i")[_X_ADVANCE::_POSITION_WORDS].tolist()
        if count == n and clusters == list(range(n)):
            return x_advances, [True] * n
        advances = [0] * n
        starts = [False] * n
        for cluster, x in zip(clusters, x_advances):
            advances[cluster] += x
            starts[cluster] = True
        return advances, starts

    def _shaped(self, text: str):
        """(glyph count, glyph infos, glyph positions) of ``text`` shaped in the face's buffer
        (call with the lock held: the buffer is reused)."""
        lib = _lib()
        codes = _ffi.from_buffer("uint32_t[]", text.encode("utf-32-le", "surrogatepass"))
        buf = self._buffer
        lib.hb_buffer_clear_contents(buf)
        lib.hb_buffer_add_utf32(buf, codes, len(text), 0, len(text))
        lib.hb_buffer_guess_segment_properties(buf)
        lib.hb_buffer_set_language(buf, self._lang)
        lib.hb_shape(self._font, buf, _ffi.NULL, 0)
        count = _ffi.new("unsigned int *")
        infos = lib.hb_buffer_get_glyph_infos(buf, count)
        positions = lib.hb_buffer_get_glyph_positions(buf, count)
        return count[0], infos, positions

    def ink(self, ch: str) -> tuple[int, int, int]:
        """(advance, left blank, right blank) of ``ch`` in font units, from its glyph box.

        Tells where a punctuation mark's blank half is (，。 on the right, “（ on the left
        in a simplified-Chinese font), hence how far it can be compressed, for any font —
        including those without a `halt` feature.
        """
        lib = _lib()
        extents = _ffi.new("hb_glyph_extents_t *")
        with _lock:
            count, infos, positions = self._shaped(ch)
            if count != 1:
                return 0, 0, 0
            advance = positions[0].x_advance
            if not lib.hb_font_get_glyph_extents(self._font, infos[0].codepoint, extents):
                return advance, 0, 0
        left = extents.x_bearing
        right = advance - (extents.x_bearing + extents.width)
        return advance, max(0, left), max(0, right)


# hb_glyph_info_t and hb_glyph_position_t are five 32-bit words each: the cluster is the
# third word of an info, x_advance the first of a position
_INFO_WORDS = _ffi.sizeof("hb_glyph_info_t") // 4
_POSITION_WORDS = _ffi.sizeof("hb_glyph_position_t") // 4
_CLUSTER, _X_ADVANCE = 2, 0


def _words(records, count: int, kind: str) -> memoryview:
    """``count`` glyph records as one flat view of 32-bit words (``I`` or ``i``)."""
    size = _ffi.sizeof(_ffi.typeof(records).item)
    return memoryview(_ffi.buffer(records, count * size)).cast(kind)


@cache
def face(path: str) -> Face:
    return Face(Path(path))
