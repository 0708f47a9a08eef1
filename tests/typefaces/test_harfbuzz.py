"""The HarfBuzz binding: its pre-parsed declarations are current and are the ones used."""
from __future__ import annotations

from publish.typefaces import harfbuzz
from tests.tools import python_prints


def test_the_pre_parsed_declarations_are_made_from_the_current_ones():
    # after editing harfbuzz._CDEF: python -m publish.typefaces.harfbuzz
    assert harfbuzz.GENERATED.read_text(encoding="utf-8") == harfbuzz.generated_source()


def test_shaping_loads_neither_cffi_parser_nor_pycparser():
    code = ("import sys; from publish.layout.fonts import role_face; "
            "print(role_face('serif').shape('中文，ab')[0] != [], "
            "'pycparser' in sys.modules, 'cffi.api' in sys.modules)")
    out = python_prints(code).split()
    assert out == ["True", "False", "False"]


def test_stale_declarations_are_parsed_instead(monkeypatch):
    monkeypatch.setattr(harfbuzz, "_DIGEST", "other declarations")
    parsed = harfbuzz._parsed()
    assert parsed is not harfbuzz.ffi
    assert parsed.sizeof("hb_glyph_info_t") == harfbuzz.ffi.sizeof("hb_glyph_info_t") == 20
