"""The print PDF (WeasyPrint) and its Pagination, measured from the rendered pages.

``write`` renders once and returns the layout it printed; ``paginate`` does the same work
without writing the file (the DOCX and EPUB writers need the page starts, not the PDF).
"""
from __future__ import annotations

import logging
from pathlib import Path

from ..errors import UserError
from ..fsutil import atomic_path
from ..model import Issue, Pagination
from ..print_pagination import pagination_of
from . import BuildOptions
from .html import render, render_css, view_for

# WeasyPrint logs every CSS property it ignores; ours are deliberate, keep the build quiet.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_document(issue: Issue, options: BuildOptions):
    """(WeasyPrint document, issue view): composed, templated and laid out."""
    import weasyprint
    view = view_for(issue, options)
    html = render(issue, view, css=render_css(view.style))
    try:
        doc = weasyprint.HTML(string=html, base_url=str(Path.cwd())).render()
    except OSError as exc:
        raise UserError(f"cannot render the PDF: {exc}") from None
    return doc, view


def paginate(issue: Issue, options: BuildOptions) -> Pagination:
    doc, view = render_document(issue, options)
    return pagination_of(doc, view)


def write(issue: Issue, out: str | Path, options: BuildOptions) -> Pagination:
    doc, view = render_document(issue, options)
    with atomic_path(out) as tmp:
        doc.write_pdf(str(tmp), uncompressed_pdf=False)
    return pagination_of(doc, view)
