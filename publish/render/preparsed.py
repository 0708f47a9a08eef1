"""WeasyPrint's C declarations kept parsed: its import without cffi's parser.

``weasyprint/text/ffi.py`` hands cffi 16 KB of Pango, HarfBuzz and fontconfig declarations
(``ffi.cdef``), which cffi parses with pycparser on every import: about 80 ms (pycparser's
own import included), a third of WeasyPrint's import once unitpdf.import_weasyprint skips its
library lookup, in every process that lays out a page (a rebuild's one unit, each pool
worker of a cold build). ``_weasyprint_ffi.py`` holds them as cffi's out-of-line
ABI mode writes them (pure Python, made by ``python -m publish.render.preparsed``;
tests/render/test_preparsed.py checks that it is current), together with the digest of the
``ffi.py`` it was made from. While WeasyPrint is imported (``declarations``), the one
``cffi.FFI()`` that ``ffi.py`` makes is that pre-parsed FFI, whose ``cdef`` has nothing left
to do. Any other installed WeasyPrint (another ``ffi.py``) or cffi is imported as before.
"""
from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

GENERATED = Path(__file__).with_name("_weasyprint_ffi.py")
_MODULE = "weasyprint.text.ffi"


def ffi_source() -> Path | None:
    """The installed WeasyPrint's ``text/ffi.py`` (found without importing WeasyPrint)."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "text" / "ffi.py"
    return path if path.is_file() else None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _current():
    """The pre-parsed FFI when it was made from the installed ``ffi.py``; else None."""
    source = ffi_source()
    try:
        from . import _weasyprint_ffi as pre
        if source is not None and pre.FFI_PY_SHA256 == _digest(source):
            return pre.ffi
    except (ImportError, AttributeError, OSError):  # missing, or written by another cffi
        pass
    return None


@contextlib.contextmanager
def declarations() -> Iterator[None]:
    """While WeasyPrint is imported: its ``cffi.FFI()`` is the pre-parsed FFI (when current)."""
    pre = _current()
    if pre is None:
        yield
        return
    import cffi
    made = cffi.FFI

    def ffi(*args, **kwargs):
        if not args and not kwargs and sys._getframe(1).f_globals.get("__name__") == _MODULE:
            return pre
        return made(*args, **kwargs)

    cffi.FFI = ffi
    try:
        yield
    finally:
        cffi.FFI = made


def cdef_of(source: str) -> str:
    """The declarations ``ffi.py`` passes to ``ffi.cdef`` (its one call)."""
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr == "cdef"]
    if len(calls) != 1 or not isinstance(calls[0].args[0], ast.Constant):
        raise ValueError("WeasyPrint's ffi.py no longer makes one cdef call of a constant")
    return calls[0].args[0].value


def generated_source(path: Path) -> str:
    """What ``_weasyprint_ffi.py`` holds for WeasyPrint's ``ffi.py`` at ``path``: its
    declarations as cffi's out-of-line ABI mode writes them, in an FFI whose ``cdef``
    does nothing (they are parsed already), under the digest of that ``ffi.py``."""
    import io
    import tempfile

    from cffi import FFI
    builder = FFI()
    builder.cdef(cdef_of(path.read_text(encoding="utf-8")))
    builder.set_source(f"{__package__}._weasyprint_ffi", None)
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        out = Path(tmp) / "ffi.py"
        builder.emit_python_code(str(out))
        code = out.read_text(encoding="utf-8")
    made = "ffi = _cffi_backend.FFI("
    if code.count(made) != 1:
        raise ValueError("cffi wrote an out-of-line module of another form")
    code = code.replace(made, (
        "class _Parsed(_cffi_backend.FFI):\n"
        "    def cdef(self, csource, *args, **kwargs):\n"
        "        \"\"\"Parsed already, when this file was made.\"\"\"\n\n"
        "ffi = _Parsed("))
    return (f"# Made by `python -m {__package__}.preparsed` from WeasyPrint's text/ffi.py: do not edit.\n"
            f"FFI_PY_SHA256 = {_digest(path)!r}\n{code}")


if __name__ == "__main__":
    found = ffi_source()
    if found is None:
        sys.exit("WeasyPrint is not installed")
    GENERATED.write_text(generated_source(found), encoding="utf-8")
