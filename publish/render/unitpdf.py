"""One layout unit through WeasyPrint: its PDF and what each of its pages holds.

Runs in a worker process (stage.py), so a job carries everything it needs and the result is
plain data: the PDF bytes and, per page, its kind, its printed folio and where its first
line starts. Every unit is a complete tagged PDF of its own; assemble.py joins them.
"""
from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import shutil
import sys
import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .. import procpool
from ..errors import UserError
from ..layout.document import IssueView
from ..model import Issue, PageStart
from ..options import DEFAULT_VARIANT
from ..paths import FONTS
from . import notes, preparsed
from .colour import profile_path
from .fontconfig import isolated
from .pagination import folio_of, page_starts
from .printhtml import render, render_css



@dataclass(frozen=True)
class PageInfo:
    kind: str                      # "cover", "front" (目录), "blank" or "body"
    folio: int | None              # the number printed on the page
    start: PageStart | None        # where its first line of text starts


@dataclass(frozen=True)
class UnitJob:
    """A part of the issue laid out on its own: the cover, the 目录, one article, a blank."""
    name: str
    issue: Issue
    view: IssueView                # the issue's view cut down to this unit's part
    side: str = "right"            # the side its first page falls on
    first_folio: int | None = None  # the folio of its first page (counted pages only)
    show_cover: bool = False
    toc_pages: tuple[tuple[str, int], ...] = ()
    blank: bool = False
    variant: str = DEFAULT_VARIANT
    document_id: str = ""

    @cached_property
    def css(self) -> str:
        """The print CSS in the unit's <style> (the same for every unit of an issue)."""
        return render_css(self.view.style)

    @cached_property
    def html(self) -> str:
        """Rendered once per job: the cache key and the layout both need it."""
        css = [f"html {{ break-before: {self.side}; }}"]
        if self.first_folio is not None:
            css.append(f"@page :first {{ counter-reset: page {self.first_folio}; }}")
        if self.blank:
            css.append("html, body { page: blank; }")
        return render(self.issue, self.view, css=self.css,
                      show_cover=self.show_cover, toc_pages=dict(self.toc_pages) or None,
                      unit_css="\n".join(css))


@dataclass(frozen=True)
class UnitResult:
    name: str
    pdf: bytes
    pages: tuple[PageInfo, ...]

    def to_bytes(self) -> bytes:
        head = json.dumps({"name": self.name, "pages": [
            [p.kind, p.folio, None if p.start is None else
             [p.start.number, p.start.article, p.start.block, p.start.offset]]
            for p in self.pages]}, ensure_ascii=False).encode()
        return head + b"\n" + self.pdf

    @classmethod
    def from_bytes(cls, data: bytes) -> UnitResult:
        head, _, pdf = data.partition(b"\n")
        meta = json.loads(head)
        pages = tuple(PageInfo(k, f, None if s is None else PageStart(*s))
                      for k, f, s in meta["pages"])
        if not pdf.startswith(b"%PDF-"):
            raise ValueError("not a PDF")
        return cls(meta["name"], pdf, pages)


def _colour_profiles() -> dict:
    from weasyprint.css import ColorProfile
    path = profile_path()
    with path.open("rb") as fh:
        try:
            profile = ColorProfile(fh, path.name, "relative-colorimetric",
                                   (["c"], ["m"], ["y"], ["k"]))
        except Exception:          # Pillow's ImageCms raises its own error types
            raise UserError("not a readable ICC profile", path) from None
    return {"device-cmyk": profile}


def _document(job: UnitJob, fonts):
    from .engine import html_document, lean_user_agent, stylesheet_once
    try:
        with stylesheet_once(job.css, fonts, _parsed_css), lean_user_agent(job.css):
            return html_document(job.html, str(Path.cwd())).render(
                font_config=fonts, color_profiles=_colour_profiles(),
                output_intent="device-cmyk", pdf_variant=job.variant)
    except OSError as exc:
        raise UserError(f"cannot render the PDF: {exc}") from None


_shared = None      # the FontConfiguration of a pool worker, or of a font_session()
_parsed_css: dict = {}   # the print CSS parsed with it (engine.stylesheet_once)


def _new_fonts():
    from weasyprint.text.fonts import FontConfiguration
    with isolated(FONTS):                 # fontconfig reads its configuration now
        return FontConfiguration()


def _remove_font_folder(config) -> None:
    """WeasyPrint copies a stylesheet's @font-face fonts into a temporary folder of the
    FontConfiguration and removes it only when the configuration is collected (the print
    CSS has none: fontconfig finds fonts/ by family, render/fontconfig.py; a sheet that
    declares one still leaves nothing behind)."""
    folder = getattr(config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def font_session():
    """Units laid out in this process inside the block share one FontConfiguration: the
    fonts are loaded into fontconfig once, not once per unit. Its folder (if a sheet's
    @font-face made one) is removed on the way out. In a pool worker the configuration is
    the worker's own, kept for every unit (and issue) it lays out: its folder lies in the
    pool's temporary folder, removed with the pool."""
    global _shared
    if _shared is not None:
        yield
        return
    config = _new_fonts()
    if procpool.in_worker():
        _shared = config
        yield
        return
    _shared = config
    try:
        yield
    finally:
        _shared = None
        _parsed_css.clear()
        _remove_font_folder(config)


def _page_kind(page) -> str:
    page_type = page._page_box.page_type
    if page_type.name in ("cover", "front", "blank"):
        return page_type.name
    return "blank" if page_type.blank else "body"


def lay_out(job: UnitJob) -> UnitResult:
    """Lay the unit out (again while a footnote falls after its call's page) and write it."""
    with font_session():
        return _lay_out(job, _shared)


def _lay_out(job: UnitJob, fonts) -> UnitResult:
    from .engine import backgrounds_once, font_stubs, lines_shaped_once, print_hooks, streams_once
    with isolated(FONTS), lines_shaped_once(), backgrounds_once():
        doc = _document(job, fonts)
        view = job.view
        passes = notes.MAX_PASSES if notes.has_notes(job.issue) and view.articles else 0
        for _ in range(passes):                   # a footnote set after its call's page
            moved = notes.deferred(doc, view)
            if not moved:
                break
            view = copy.deepcopy(view)            # the job (and its cache key) stays as given
            notes.break_before(view, moved)
            job = dataclasses.replace(job, view=view)
            doc = _document(job, fonts)
        starts = page_starts(doc, view)
        pages = tuple(PageInfo(_page_kind(p), folio_of(p._page_box), s)
                      for p, s in zip(doc.pages, starts))
        with print_hooks(uuid.UUID(job.document_id), keep_links=True), font_stubs(), streams_once():
            pdf = doc.write_pdf(uncompressed_pdf=False, pdf_variant=job.variant, pdf_tags=True,
                                output_intent="device-cmyk")
    return UnitResult(job.name, pdf, pages)


def import_weasyprint() -> None:
    """Import WeasyPrint (once a process: a pool forked after it inherits it; a pool
    started early imports it in each worker, unitpdf.warm_up), its libraries by their file
    names only.

    WeasyPrint tries each library under several names, the first ones bare
    (``libgobject-2.0-0``, ``gobject-2.0``), which cffi hands to ``ctypes.util.find_library``:
    on Linux each call runs ``ldconfig`` and ``gcc`` or ``ld``, about 20 programs and a
    quarter of a second per import. The lookup's answers are the sonames WeasyPrint names
    itself a few names on (``libgobject-2.0.so.0``), which the dynamic loader opens directly,
    so while WeasyPrint is imported the lookup answers "not found". Where the file names do
    not open (another system), WeasyPrint is imported again the ordinary way, its
    declarations parsed by cffi (whose ``dlopen`` asks ``find_library``; the pre-parsed
    FFI's does not)."""
    if "weasyprint" in sys.modules:
        return
    import ctypes.util
    lookup = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with preparsed.declarations():  # not parsed again in each process (preparsed.py)
            import weasyprint  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = lookup
    import weasyprint  # noqa: F401,F811


def warm_up() -> None:
    """A pool worker made ready while the main process composes: WeasyPrint imported, the
    worker's font configuration made (fontconfig reads fonts/ from its cache) with the print
    CSS parsed in it, and the lean user-agent sheet parsed."""
    import_weasyprint()
    import weasyprint

    from .engine import lean_user_agent_sheet
    css = render_css()
    with font_session(), isolated(FONTS):
        weasyprint.CSS(string=css, base_url=str(Path.cwd()), font_config=_shared)
    lean_user_agent_sheet(css)
