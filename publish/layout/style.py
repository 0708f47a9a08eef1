"""The house style "official" (GB/T 9704-2012 layout) as numbers, shared by CSS and composer.

One source of truth: the CSS template receives these values, and the composer measures
lines with the same widths, so a composed line is exactly as long as the CSS line box. The
DOCX's page (docxkit/config.py: size, margins, grid, type sizes) is converted from
``OFFICIAL``, so its 目录 page numbers, taken from the print edition, fall on the same grid.
Imports nothing: the DOCX format library, a layer below the layout, reads it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

MM = 72 / 25.4          # points per millimetre


@dataclass(frozen=True)
class HouseStyle:
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_inner_mm: float = 28.0          # binding side (left on odd pages)
    margin_outer_mm: float = 26.0
    body_size: float = 16.0                # 三号
    pitch: float = 28.95                   # fixed line pitch: 225 mm / 22 lines
    chars_per_line: int = 28               # the grid: 28 characters on the 156 mm measure
    indent_chars: int = 2                  # first-line indent
    title_size: float = 22.0               # 二号
    title_pitch: float = 36.0              # line pitch inside a wrapped title
    title_gap_lines: int = 1               # blank grid lines between title block and text
    folio_size: float = 14.0               # 四号 page numbers
    folio_drop_mm: float = 7.0             # page number baseline below the type area
    max_squeeze: float = 0.56              # pt of tracking a line may lose to pull a mark in
    attachment_new_page: bool = True       # 附件 on a new page, as GB/T 9704 asks
    display_gap_lines: int = 1             # blank grid lines around an attachment title
    hanging_lists: bool = True             # list labels hang (else set inline, indented)
    indent_pt: float | None = None         # fixed first-line indent (a tightened article
                                           # keeps the indent the CSS gives every article)
    heading_space_lines: int = 1           # blank grid lines above a lone-numeral heading
    heading_orphans: int = 2               # lines of the block after a heading that end a
                                           # page with it (fewer: the heading moves on)
    hang: str = ""                         # marks that may hang past the measure
    avoid_lone: bool = True                # no paragraph ends on a one-character line
    first_folio: int = 1                   # the first article's page number

    @property
    def measure(self) -> float:
        """Width of the type area in pt (156 mm)."""
        return (self.page_width_mm - self.margin_inner_mm - self.margin_outer_mm) * MM

    @property
    def area_height(self) -> float:
        return (self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm) * MM

    @property
    def lines_per_page(self) -> int:
        return int(self.area_height // self.pitch + 1e-9)

    @property
    def tracking(self) -> float:
        """Letter-spacing that sets exactly ``chars_per_line`` ideographs on the measure."""
        n = self.chars_per_line
        return (self.measure - n * self.body_size) / (n - 1)

    @property
    def cell(self) -> float:
        """One character of the grid: advance plus tracking."""
        return self.body_size + self.tracking

    @property
    def indent(self) -> float:
        return self.indent_pt if self.indent_pt is not None else self.indent_chars * self.cell

    def with_(self, **changes) -> HouseStyle:
        return replace(self, **changes)


OFFICIAL = HouseStyle()

# The grid the source issue was set on, as bench/calibrate.py measures it from the source
# page breaks: 28 characters a line (as ours) but 24 lines a page, titles and attachment
# titles on the body pitch with no extra space, list labels inline. Used when an edition
# keeps the source pagination (the source edition, publish/source_edition, calibrates
# lines, characters and pitch per issue on top of it).
SOURCE_GRID = replace(
    OFFICIAL,
    pitch=OFFICIAL.area_height / 24,
    title_pitch=OFFICIAL.area_height / 24,
    title_gap_lines=0,
    display_gap_lines=0,
    hanging_lists=False,
    attachment_new_page=False,
    heading_space_lines=0,
    heading_orphans=1,                     # the source page ends fall where they fell
)
