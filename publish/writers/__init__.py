"""The writers' registry: one module per output format, each with one entry point
``write(issue, out, options, ...)``.

FORMATS is the build order (the PDF first: its layout gives the DOCX its 目录 page numbers
and the EPUB its page-list). ``writer(fmt)`` imports a format's module on first use, so a
DOCX build does not load WeasyPrint. No writer imports another, nor this registry.
"""
from __future__ import annotations

from types import ModuleType

from ..options import MAX_EPOCH, BuildOptions, build_epoch  # noqa: F401  (re-exported)

FORMATS = ("pdf", "html", "docx", "epub")


def writer(fmt: str) -> ModuleType:
    """The module that writes ``fmt`` (one of FORMATS)."""
    if fmt == "pdf":
        from . import pdf as module
    elif fmt == "html":
        from . import html as module
    elif fmt == "docx":
        from . import docx as module
    elif fmt == "epub":
        from . import epub as module
    else:
        raise KeyError(f"no writer for {fmt!r} (choose from {', '.join(FORMATS)})")
    return module
