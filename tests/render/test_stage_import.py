"""The render stage imports WeasyPrint with its libraries opened by file name: no
``find_library`` programs run, the same libraries load, and where the file names do not
open WeasyPrint is imported the ordinary way."""
from __future__ import annotations

from tests.tools import python_prints

PROBE = """
import ctypes.util, sys
asked = []
lookup = ctypes.util.find_library
spy = ctypes.util.find_library = lambda name: asked.append(name) or lookup(name)
{setup}
from publish.render.unitpdf import import_weasyprint
import_weasyprint()
from weasyprint.text import ffi
loaded = sorted({{line.split()[-1].rsplit("/", 1)[-1].split(".so")[0]
                 for line in open("/proc/self/maps") if ".so" in line}})
print(len(asked), ffi.harfbuzz_subset is not None, ctypes.util.find_library is spy,
      " ".join(n for n in loaded if n.startswith(("libpango", "libharfbuzz", "libgobject",
                                                  "libfontconfig"))))
"""

FAIL_ONCE = """
import importlib.abc
class Once(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "weasyprint.text.ffi":
            sys.meta_path.remove(self)
            raise OSError("no such library")
sys.meta_path.insert(0, Once())
"""


def _probe(setup: str = "") -> list[str]:
    return python_prints(PROBE.format(setup=setup)).split(" ", 3)


def _plain() -> str:
    code = ("import weasyprint\nloaded = sorted({line.split()[-1].rsplit('/', 1)[-1]"
            ".split('.so')[0] for line in open('/proc/self/maps') if '.so' in line})\n"
            "print(' '.join(n for n in loaded if n.startswith(('libpango', 'libharfbuzz', "
            "'libgobject', 'libfontconfig'))))")
    return python_prints(code)


def test_weasyprint_is_imported_without_library_lookups():
    asked, subset, restored, libraries = _probe()
    assert asked == "0" and subset == "True" and restored == "True"
    assert libraries == _plain()                 # the libraries an ordinary import opens


def test_a_failed_import_by_file_name_falls_back_to_the_ordinary_one():
    asked, subset, _, libraries = _probe(FAIL_ONCE)
    assert int(asked) > 0 and subset == "True"
    assert libraries == _plain()
