"""The print PDF: the render stage's joined units, written as one file.

The default file is PDF/X-4 for a print shop: K-only black, one CMYK red, a CMYK output
intent, XMP metadata, tags (headings, paragraphs, the 目录 as a TOC), page labels equal to
the printed folios, and /ActualText on lines with compressed punctuation so extracted text
reads as printed. ``BuildOptions.pdf_variant`` picks another WeasyPrint variant (pdf/a-2u
for archives, pdf/ua-1 for screens). See docs/print.md; the layout is publish/render/.
"""
from __future__ import annotations

from pathlib import Path

from ..fsutil import write_bytes_atomic
from ..model import Issue, Pagination
from ..options import BuildOptions
from ..render.stage import DEFAULT_VARIANT, PDF_VARIANTS, PrintLayout, print_layout

__all__ = ["DEFAULT_VARIANT", "PDF_VARIANTS", "paginate", "write"]


def paginate(issue: Issue, options: BuildOptions) -> Pagination:
    """The page starts alone (for a DOCX or EPUB build without the PDF)."""
    return print_layout(issue, options, pdf=False).pagination


def write(issue: Issue, out: str | Path, options: BuildOptions | None = None,
          pages: PrintLayout | None = None) -> list[Path]:
    """Write ``out`` from ``pages``, the print layout (laid out here when not given, or
    given without its PDF); returns the files written (``out``). The page starts are the
    layout's (``commands.build.paginate``)."""
    options = options or BuildOptions()
    layout = pages if pages is not None and pages.pdf is not None else print_layout(
        issue, options)
    write_bytes_atomic(Path(out), layout.pdf)
    return [Path(out)]
