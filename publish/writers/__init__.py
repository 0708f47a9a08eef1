"""The writers' registry: one module per output format, each with the same one entry point
``write(issue, out, options=None, pages=None) -> list[Path]``: the files it wrote (``out``
first; the HTML adds its CSS and fonts). Page numbers are not a writer's to return: they
come from the build's one pagination stage (``commands.build.paginate``).

FORMATS is the build order (the PDF first: its layout gives the DOCX its 目录 page numbers
and the EPUB its page-list). Each format's Writer record says what its ``pages`` argument is
(``needs``), so the build's one pagination stage knows what to make before any writer runs,
without importing the writers. ``writer(fmt)`` imports a format's module on first use, so a
DOCX build does not load WeasyPrint. No writer imports another, nor this registry.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..layout.apart import apart
from ..options import MAX_EPOCH, BuildOptions, build_epoch  # noqa: F401  (re-exported)

LAYOUT = "layout"       # the print layout (render.stage.PrintLayout): its PDF and its pages
PAGES = "pages"         # the Pagination, when there is one: 目录 page numbers, a page-list
NOTHING = "nothing"     # nothing: the output is paged by whoever renders it


@dataclass(frozen=True)
class Writer:
    """One output format: its name (the file suffix) and what its ``write`` is given."""
    fmt: str
    needs: str          # LAYOUT, PAGES or NOTHING


WRITERS = {w.fmt: w for w in (Writer("pdf", LAYOUT), Writer("html", NOTHING),
                              Writer("docx", PAGES), Writer("epub", PAGES))}
FORMATS = tuple(WRITERS)


def needs(fmt: str) -> str:
    """What ``fmt``'s writer is given as ``pages``: LAYOUT, PAGES or NOTHING."""
    if fmt not in WRITERS:
        raise KeyError(f"no writer for {fmt!r} (choose from {', '.join(FORMATS)})")
    return WRITERS[fmt].needs


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


class Begun:
    """A writer at work in a forked child: call it for the files it wrote (written here when
    no child was forked or the child failed, so its error is raised here), or ``cancel`` it
    (the build failed: the child is ended before the staging folder is removed, so it cannot
    write into a folder made again)."""

    def __init__(self, write: Callable[[], list[Path]]):
        self._write = write
        self._child = apart(write, alone=True)

    def __call__(self) -> list[Path]:
        child = self._child
        got = child() if child is not None else None     # interrupted: cancel still ends it
        self._child = None
        return got if isinstance(got, list) else self._write()

    def cancel(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.cancel()


def begun(fmt: str, issue, out: Path, options: BuildOptions, pages) -> Begun:
    """``writer(fmt).write(issue, out, options, pages)`` begun in a forked child while this
    process goes on (layout/apart: where it can fork, and alone on the machine's cores)."""
    def write() -> list[Path]:
        return [Path(p) for p in writer(fmt).write(issue, out, options, pages)]
    return Begun(write)
