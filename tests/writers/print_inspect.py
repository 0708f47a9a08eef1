"""Read a print PDF back as lines, for the print tests and bench/calibrate.py.

Only the PDF is inspected (pdfplumber): text lines with their x extents and font, the
printed page number of each page, named destinations and outline. Nothing here knows how
the PDF was made, so the same checks would hold for any edition set on the house grid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4
FOLIO_RE = re.compile(r"^—\s*(\d+)\s*—$")


@dataclass
class TextLine:
    page: int                  # 0-based PDF page index
    top: float                 # baseline, from the top of the page
    x0: float
    x1: float
    text: str
    font: str
    size: float


@dataclass
class PageText:
    index: int
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)    # inside the type area
    folio: int | None = None                               # the printed — N —
    folio_x0: float | None = None
    folio_x1: float | None = None


def _baseline(ch, height: float) -> float:
    """Distance of the character's baseline from the top of the page."""
    matrix = ch.get("matrix")
    return height - matrix[5] if matrix else ch["bottom"]


def _group_lines(chars, page_index: int, height: float) -> list[TextLine]:
    rows: dict[float, list] = {}
    for ch in chars:                      # group by baseline (the text matrix), not bbox
        key = round(_baseline(ch, height), 1)
        rows.setdefault(key, []).append(ch)
    lines = []
    for key in sorted(rows):
        cs = sorted(rows[key], key=lambda c: c["x0"])
        if not any(c["text"].strip() for c in cs):
            continue
        text = "".join(c["text"] for c in cs)
        if not text.strip():
            continue
        sizes = sorted(round(c["size"], 1) for c in cs)
        fonts = sorted({c["fontname"].split("+")[-1] for c in cs})
        solid = [c for c in cs if c["text"].strip()]
        lines.append(TextLine(page_index, key, solid[0]["x0"],
                              solid[-1]["x1"], text, ",".join(fonts), sizes[len(sizes) // 2]))
    return lines


def read(pdf_path: str | Path, *, top_mm: float = 37.0, bottom_mm: float = 35.0
         ) -> list[PageText]:
    """Every page's lines inside the type area, and its page number from the bottom margin."""
    import pdfplumber
    pages = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        for i, page in enumerate(pdf.pages):
            h = float(page.height)
            area_top, area_bottom = top_mm * MM - 2, h - bottom_mm * MM + 2
            inside = [c for c in page.chars if area_top <= c["top"] and c["bottom"] <= area_bottom]
            below = [c for c in page.chars if c["top"] > area_bottom]
            pt = PageText(i, float(page.width), h, _group_lines(inside, i, h))
            for line in _group_lines(below, i, h):
                m = FOLIO_RE.match(line.text.replace(" ", ""))
                if m:
                    pt.folio = int(m.group(1))
                    pt.folio_x0, pt.folio_x1 = line.x0, line.x1
            pages.append(pt)
    return pages


def named_destinations(pdf_path: str | Path) -> dict[str, int]:
    """Named destination → 0-based page index."""
    from pypdf import PdfReader
    reader = PdfReader(str(pdf_path))
    return {name: reader.get_destination_page_number(dest)
            for name, dest in reader.named_destinations.items()}


def outline(pdf_path: str | Path) -> list[tuple[int, str, int]]:
    """(level, title, 0-based page) of every bookmark, in order."""
    from pypdf import PdfReader
    reader = PdfReader(str(pdf_path))
    out: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 1)
    return out


# ------------------------------------------------------------------- layout checks

def column(page: PageText, measure: float, inner_mm: float = 28.0, outer_mm: float = 26.0
           ) -> tuple[float, float]:
    """(left, right) edge of the type area. Margins mirror: the binding (inner) margin is
    on the left of odd (right-hand) pages and on the right of even ones."""
    odd = page.folio % 2 == 1 if page.folio is not None else page.index % 2 == 0
    left = (inner_mm if odd else outer_mm) * MM
    return left, left + measure


@dataclass
class FlowLine:
    line: TextLine
    left: float
    right: float
    continues: bool = False     # the next line in reading order continues the same block


def body_flow(pages: list[PageText], measure: float, size: float, font: str,
              numbered_only: bool = True) -> list[FlowLine]:
    """Body-text lines in reading order; ``continues`` when the next line is a continuation.

    A continuation line starts on the left edge of the type area in the same face and size
    (a new paragraph starts indented; headings use other faces or sizes).
    """
    flow: list[FlowLine] = []
    for page in pages:
        if numbered_only and page.folio is None:
            continue
        left, right = column(page, measure)
        for ln in page.lines:
            flow.append(FlowLine(ln, left, right))
    for a, b in zip(flow, flow[1:]):
        same_face = a.line.font == b.line.font == font and a.line.size == b.line.size == size
        a.continues = same_face and abs(b.line.x0 - b.left) < 0.6
    return flow


def short_lines(flow: list[FlowLine], tolerance: float = 1.0) -> tuple[list[FlowLine], int]:
    """Continuation lines (non-final lines of a paragraph) ending short of the right edge."""
    cont = [f for f in flow if f.continues]
    short = [f for f in cont if f.right - f.line.x1 > tolerance]
    return short, len(cont)


def overfull_lines(flow: list[FlowLine], tolerance: float = 0.6) -> list[FlowLine]:
    return [f for f in flow if f.line.x1 - f.right > tolerance]
