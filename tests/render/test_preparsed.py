"""WeasyPrint's declarations pre-parsed (render/preparsed.py)."""

import cffi

from publish.render import preparsed
from tests.tools import python_prints


def test_the_pre_parsed_declarations_are_made_from_the_installed_weasyprint():
    # after upgrading WeasyPrint: python -m publish.render.preparsed
    source = preparsed.ffi_source()
    assert source is not None
    assert preparsed.GENERATED.read_text(encoding="utf-8") == preparsed.generated_source(source)


def test_weasyprint_imports_without_cffi_parsing_its_declarations():
    code = ("import sys; from publish.render.unitpdf import import_weasyprint; "
            "import_weasyprint(); import weasyprint.text.fonts as f, weasyprint.text.ffi as g; "
            "print('pycparser' in sys.modules, type(f.ffi).__module__, f.ffi is g.ffi, "
            "g.pango.pango_version() > 0)")
    out = python_prints(code).split()
    assert out == ["False", "publish.render._weasyprint_ffi", "True", "True"]


def test_only_weasyprints_ffi_module_gets_the_pre_parsed_ffi():
    made = cffi.FFI
    with preparsed.declarations():
        mine = cffi.FFI()                    # another caller: a fresh FFI of its own
        mine.cdef("int abs(int);")
        assert type(mine) is made
        namespace = {"__name__": "weasyprint.text.ffi", "cffi": cffi}
        exec("ffi = cffi.FFI()", namespace)
        assert type(namespace["ffi"]).__module__ == "publish.render._weasyprint_ffi"
    assert cffi.FFI is made                  # put back after the import


def test_another_ffi_py_is_parsed_as_before(tmp_path, monkeypatch):
    other = tmp_path / "ffi.py"
    other.write_text("import cffi\nffi = cffi.FFI()\nffi.cdef('int abs(int);')\n",
                     encoding="utf-8")
    monkeypatch.setattr(preparsed, "ffi_source", lambda: other)
    made = cffi.FFI
    with preparsed.declarations():
        assert cffi.FFI is made              # not patched: another WeasyPrint's declarations
    assert preparsed.cdef_of(other.read_text(encoding="utf-8")) == "int abs(int);"
