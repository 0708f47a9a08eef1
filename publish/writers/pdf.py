"""The print PDF (WeasyPrint) and its Pagination, measured from the rendered pages.

``write`` renders once and returns the layout it printed; ``paginate`` does the same work
without writing the file (the DOCX and EPUB writers need the page starts, not the PDF).

The default file is PDF/X-4 for a print shop: K-only black, one CMYK red, a CMYK output
intent, XMP metadata, tags (headings, paragraphs, the 目录 as a TOC), page labels equal to
the printed folios, and /ActualText on lines with compressed punctuation so extracted text
reads as printed. ``BuildOptions.pdf_variant`` picks another WeasyPrint variant (pdf/a-2u
for archives, pdf/ua-1 for screens). See docs/print.md.
"""
from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pydyf

from .. import print_notes
from ..errors import UserError
from ..fsutil import atomic_path
from ..model import Issue, Pagination
from ..layout.fonts import check_fonts
from ..pdfkit.colour import profile_path
from ..pdfkit.fontconfig import isolated
from ..pdfkit.labels import number_tree, page_labels
from ..print_pagination import folio_of, pagination_of
from . import FONTS, BuildOptions
from .html import render, render_css, view_for

# WeasyPrint logs every CSS property it ignores; ours are deliberate, keep the build quiet.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

PDF_VARIANTS = ("pdf/x-4", "pdf/a-2u", "pdf/a-2b", "pdf/a-3u", "pdf/ua-1")
DEFAULT_VARIANT = "pdf/x-4"


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


def render_document(issue: Issue, options: BuildOptions):
    """(WeasyPrint document, issue view): composed, templated and laid out."""
    check_fonts()
    view = view_for(issue, options)
    with isolated(FONTS):
        doc = _layout(issue, view, options)
        passes = print_notes.MAX_PASSES if print_notes.has_notes(issue) else 0
        for _ in range(passes):                   # a footnote set after its call's page
            moved = print_notes.deferred(doc, view)
            if not moved:
                break
            print_notes.break_before(view, moved)
            doc = _layout(issue, view, options)
    return doc, view


def _layout(issue: Issue, view, options: BuildOptions):
    import weasyprint
    html = render(issue, view, css=render_css(view.style))
    try:
        return weasyprint.HTML(string=html, base_url=str(Path.cwd())).render(
            color_profiles=_colour_profiles(), output_intent="device-cmyk",
            pdf_variant=_variant(options))
    except OSError as exc:
        raise UserError(f"cannot render the PDF: {exc}") from None


def _variant(options: BuildOptions) -> str:
    variant = options.pdf_variant or DEFAULT_VARIANT
    if variant not in PDF_VARIANTS:
        raise UserError(f"unknown PDF variant {variant!r} (choose from {', '.join(PDF_VARIANTS)})")
    return variant


def _page_kind(page) -> str:
    page_type = page._page_box.page_type
    if page_type.name in ("cover", "front", "blank"):
        return page_type.name
    return "blank" if page_type.blank else "body"


def _finisher(document):
    """Adds the /PageLabels tree: every page labelled with its printed folio."""
    kinds = [_page_kind(p) for p in document.pages]
    folios = [folio_of(p._page_box) for p in document.pages]
    nums = pydyf.Array()
    for index, entry in number_tree(page_labels(kinds, folios)):
        label = pydyf.Dictionary()
        if "P" in entry:
            label["P"] = pydyf.String(entry["P"])
        if "S" in entry:
            label["S"] = "/" + entry["S"]
            label["St"] = entry["St"]
        nums.extend([index, label])

    def finish(_document, pdf):
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})
    return finish


def paginate(issue: Issue, options: BuildOptions) -> Pagination:
    doc, view = render_document(issue, options)
    return pagination_of(doc, view)


def write(issue: Issue, out: str | Path, options: BuildOptions) -> Pagination:
    from ..pdfkit.engine import print_hooks
    doc, view = render_document(issue, options)
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"publish:pdf:{issue.id}")
    with atomic_path(out) as tmp, print_hooks(document_id), isolated(FONTS):
        doc.write_pdf(str(tmp), finisher=_finisher(doc), uncompressed_pdf=False,
                      pdf_variant=_variant(options), pdf_tags=True,
                      output_intent="device-cmyk")
    return pagination_of(doc, view)
