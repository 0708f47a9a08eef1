"""The one binding to HarfBuzz: the shaper (layout/shaping.py) and the subsetter
(render/hbsubset.py) call the same system libraries through it.

cffi in ABI mode against the system's libharfbuzz and libharfbuzz-subset (WeasyPrint's own
dependencies, through Pango and its PDF fonts), so no compiler and no extra package is
needed. Only the declarations the two users call are here.

Parsing the declarations (cffi runs pycparser on them) costs about 60 ms in every process
that shapes text, more than the shaping of a whole issue; so they are also kept parsed, as
cffi's out-of-line ABI mode writes them, in ``_harfbuzz_ffi.py`` (pure Python, made by
``python -m publish.typefaces.harfbuzz``; tests/typefaces/test_harfbuzz.py checks that it
is current). It is used when it was made from these declarations and the installed cffi
reads it; otherwise they are parsed here, as before.
"""
from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import UserError

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_font_t hb_font_t;
typedef struct hb_buffer_t hb_buffer_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_tag_t;
typedef uint32_t hb_codepoint_t;
typedef int32_t hb_position_t;
typedef uint32_t hb_mask_t;
typedef int hb_bool_t;
typedef enum { HB_MEMORY_MODE_DUPLICATE, HB_MEMORY_MODE_READONLY,
               HB_MEMORY_MODE_WRITABLE, HB_MEMORY_MODE_READONLY_MAY_MAKE_WRITABLE
             } hb_memory_mode_t;
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

hb_blob_t *hb_blob_create(const char *data, unsigned int length, hb_memory_mode_t mode,
                          void *user_data, void *destroy);
hb_blob_t *hb_blob_create_from_file(const char *file_name);
unsigned int hb_blob_get_length(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
void hb_blob_destroy(hb_blob_t *blob);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
unsigned int hb_face_get_upem(const hb_face_t *face);
unsigned int hb_face_get_glyph_count(const hb_face_t *face);
hb_font_t *hb_font_create(hb_face_t *face);
hb_bool_t hb_font_get_glyph_extents(hb_font_t *font, hb_codepoint_t glyph,
                                    hb_glyph_extents_t *extents);
hb_buffer_t *hb_buffer_create(void);
void hb_buffer_clear_contents(hb_buffer_t *buffer);
void hb_buffer_add_utf32(hb_buffer_t *buffer, const uint32_t *text, int text_length,
                         unsigned int item_offset, int item_length);
void hb_buffer_guess_segment_properties(hb_buffer_t *buffer);
void hb_buffer_set_language(hb_buffer_t *buffer, hb_language_t language);
hb_language_t hb_language_from_string(const char *str, int len);
void hb_shape(hb_font_t *font, hb_buffer_t *buffer, const hb_feature_t *features,
              unsigned int num_features);
hb_glyph_info_t *hb_buffer_get_glyph_infos(hb_buffer_t *buffer, unsigned int *length);
hb_glyph_position_t *hb_buffer_get_glyph_positions(hb_buffer_t *buffer, unsigned int *length);
void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
void hb_set_add_range(hb_set_t *set, hb_codepoint_t first, hb_codepoint_t last);
void hb_set_add_sorted_array(hb_set_t *set, const hb_codepoint_t *sorted_codepoints,
                             unsigned int num_codepoints);
hb_tag_t hb_tag_from_string(const char *str, int len);

hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""

GENERATED = Path(__file__).with_name("_harfbuzz_ffi.py")
_DIGEST = hashlib.sha256(_CDEF.encode()).hexdigest()


def _parsed():
    """The declarations' FFI: the pre-parsed one when it is current, else parsed now."""
    try:
        from . import _harfbuzz_ffi as pre
        if pre.CDEF_SHA256 == _DIGEST:
            return pre.ffi
    except (ImportError, AttributeError):     # missing, or written by another cffi
        pass
    from cffi import FFI
    parsed = FFI()
    parsed.cdef(_CDEF)
    return parsed


def generated_source() -> str:
    """What ``_harfbuzz_ffi.py`` holds: the declarations as cffi's out-of-line ABI mode
    writes them, under the digest of ``_CDEF`` they were made from."""
    import contextlib
    import io
    import tempfile

    from cffi import FFI
    builder = FFI()
    builder.cdef(_CDEF)
    builder.set_source(f"{__package__}._harfbuzz_ffi", None)
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        out = Path(tmp) / "ffi.py"
        builder.emit_python_code(str(out))
        code = out.read_text(encoding="utf-8")
    return (f"# Made by `python -m {__package__}.harfbuzz` from harfbuzz._CDEF: do not edit.\n"
            f"CDEF_SHA256 = {_DIGEST!r}\n{code}")


ffi = _parsed()

#: One HarfBuzz buffer per face is reused: shaping with it is serialised.
lock = threading.Lock()


def _open(names: tuple[str, ...], package: str):
    for name in names:
        try:
            return ffi.dlopen(name)
        except OSError:
            continue
    raise UserError(f"HarfBuzz ({names[0]}) not found: install the system package {package}")


@lru_cache(maxsize=1)
def lib():
    """libharfbuzz: faces, fonts, buffers, shaping, sets."""
    return _open(("libharfbuzz.so.0", "harfbuzz", "libharfbuzz-0.dll", "libharfbuzz.dylib"),
                 "libharfbuzz0b")


@lru_cache(maxsize=1)
def libs():
    """(libharfbuzz, libharfbuzz-subset): the subsetter's calls are in the second."""
    return lib(), _open(("libharfbuzz-subset.so.0", "harfbuzz-subset",
                         "libharfbuzz-subset-0.dll", "libharfbuzz-subset.dylib"),
                        "libharfbuzz-subset0")


if __name__ == "__main__":
    GENERATED.write_text(generated_source(), encoding="utf-8")
