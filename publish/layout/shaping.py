"""Glyph advances from HarfBuzz — the shaper Pango (and so WeasyPrint) uses.

Measuring with the renderer's own shaper is what lets the composer decide line ends that
WeasyPrint then reproduces to a fraction of a point: kerning of Latin, the ligature Noto
CJK makes of ——, and the ``halt`` feature's half-width punctuation all come out the same.
Bound with cffi in ABI mode against the system libharfbuzz (a WeasyPrint dependency), so no
compiler and no extra package is needed.
"""
from __future__ import annotations

import threading
from functools import cache, lru_cache
from pathlib import Path

from cffi import FFI

from ..errors import UserError

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_font_t hb_font_t;
typedef struct hb_buffer_t hb_buffer_t;
typedef uint32_t hb_tag_t;
typedef uint32_t hb_codepoint_t;
typedef int32_t hb_position_t;
typedef uint32_t hb_mask_t;
typedef int hb_bool_t;
typedef union { uint32_t u32; int32_t i32; uint16_t u16[2]; int16_t i16[2];
                uint8_t u8[4]; int8_t i8[4]; } hb_var_int_t;
typedef struct { hb_codepoint_t codepoint; hb_mask_t mask; uint32_t cluster;
                 hb_var_int_t var1; hb_var_int_t var2; } hb_glyph_info_t;
typedef struct { hb_position_t x_advance; hb_position_t y_advance;
                 hb_position_t x_offset; hb_position_t y_offset;
                 hb_var_int_t var; } hb_glyph_position_t;
typedef struct { hb_tag_t tag; uint32_t value; unsigned int start; unsigned int end; } hb_feature_t;
typedef const struct hb_language_impl_t *hb_language_t;
typedef struct { hb_position_t x_bearing; hb_position_t y_bearing;
                 hb_position_t width; hb_position_t height; } hb_glyph_extents_t;
hb_bool_t hb_font_get_glyph_extents(hb_font_t *font, hb_codepoint_t glyph,
                                    hb_glyph_extents_t *extents);

hb_blob_t *hb_blob_create_from_file(const char *file_name);
unsigned int hb_blob_get_length(hb_blob_t *blob);
void hb_blob_destroy(hb_blob_t *blob);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
unsigned int hb_face_get_upem(const hb_face_t *face);
hb_font_t *hb_font_create(hb_face_t *face);
hb_buffer_t *hb_buffer_create(void);
void hb_buffer_clear_contents(hb_buffer_t *buffer);
void hb_buffer_add_utf32(hb_buffer_t *buffer, const uint32_t *text, int text_length,
                         unsigned int item_offset, int item_length);
void hb_buffer_guess_segment_properties(hb_buffer_t *buffer);
void hb_buffer_set_language(hb_buffer_t *buffer, hb_language_t language);
hb_language_t hb_language_from_string(const char *str, int len);
void hb_shape(hb_font_t *font, hb_buffer_t *buffer, const hb_feature_t *features,
              unsigned int num_features);
hb_bool_t hb_feature_from_string(const char *str, int len, hb_feature_t *feature);
hb_glyph_info_t *hb_buffer_get_glyph_infos(hb_buffer_t *buffer, unsigned int *length);
hb_glyph_position_t *hb_buffer_get_glyph_positions(hb_buffer_t *buffer, unsigned int *length);
"""

_ffi = FFI()
_ffi.cdef(_CDEF)
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _lib():
    for name in ("libharfbuzz.so.0", "harfbuzz", "libharfbuzz-0.dll", "libharfbuzz.dylib"):
        try:
            return _ffi.dlopen(name)
        except OSError:
            continue
    raise UserError("HarfBuzz (libharfbuzz) not found: install the system package libharfbuzz0b")


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

    def shape(self, text: str, features: tuple[tuple[str, int, int], ...] = ()
              ) -> tuple[list[int], list[bool]]:
        """Advance of each character of ``text`` in font units, and where clusters start.

        A cluster (e.g. the —— ligature) puts its whole advance on its first character and
        0 on the others. ``features`` are (tag, start, end) character ranges to switch on,
        e.g. ("halt", 3, 4).
        """
        if not text:
            return [], []
        lib = _lib()
        n = len(text)
        codes = _ffi.new("uint32_t[]", [ord(c) for c in text])
        feats = _ffi.new("hb_feature_t[]", max(1, len(features)))
        for i, (tag, start, end) in enumerate(features):
            lib.hb_feature_from_string(tag.encode(), -1, feats + i)
            feats[i].start, feats[i].end = start, end
        with _lock:
            buf = self._buffer
            lib.hb_buffer_clear_contents(buf)
            lib.hb_buffer_add_utf32(buf, codes, n, 0, n)
            lib.hb_buffer_guess_segment_properties(buf)
            lib.hb_buffer_set_language(buf, self._lang)
            lib.hb_shape(self._font, buf, feats, len(features))
            count = _ffi.new("unsigned int *")
            infos = lib.hb_buffer_get_glyph_infos(buf, count)
            positions = lib.hb_buffer_get_glyph_positions(buf, count)
            advances = [0] * n
            starts = [False] * n
            for i in range(count[0]):
                cluster = infos[i].cluster
                advances[cluster] += positions[i].x_advance
                starts[cluster] = True
        return advances, starts

    def advances(self, text: str, features: tuple[tuple[str, int, int], ...] = ()) -> list[int]:
        return self.shape(text, features)[0]

    def ink(self, ch: str) -> tuple[int, int, int]:
        """(advance, left blank, right blank) of ``ch`` in font units, from its glyph box.

        Tells where a punctuation mark's blank half is (，。 on the right, “（ on the left
        in a simplified-Chinese font), hence how far it can be compressed, for any font —
        including those without a `halt` feature.
        """
        lib = _lib()
        codes = _ffi.new("uint32_t[]", [ord(ch)])
        extents = _ffi.new("hb_glyph_extents_t *")
        with _lock:
            buf = self._buffer
            lib.hb_buffer_clear_contents(buf)
            lib.hb_buffer_add_utf32(buf, codes, 1, 0, 1)
            lib.hb_buffer_guess_segment_properties(buf)
            lib.hb_buffer_set_language(buf, self._lang)
            lib.hb_shape(self._font, buf, _ffi.NULL, 0)
            count = _ffi.new("unsigned int *")
            infos = lib.hb_buffer_get_glyph_infos(buf, count)
            positions = lib.hb_buffer_get_glyph_positions(buf, count)
            if count[0] != 1:
                return 0, 0, 0
            advance = positions[0].x_advance
            if not lib.hb_font_get_glyph_extents(self._font, infos[0].codepoint, extents):
                return advance, 0, 0
        left = extents.x_bearing
        right = advance - (extents.x_bearing + extents.width)
        return advance, max(0, left), max(0, right)


@cache
def face(path: str) -> Face:
    return Face(Path(path))
