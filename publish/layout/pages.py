"""How many pages an article takes, from its composed lines, before any layout.

The composer has set every line, so the page breaks of the print layout follow from the
house style's numbers and print.css's rules: a type area of ``area_height``, body lines on
the fixed ``pitch``, a display title's lines on ``title_pitch`` padded back onto the grid, a
lone-numeral heading's space above (dropped at the top of a page), the title block and
headings kept with the lines after them (two in the house edition: ``heading_orphans``),
any other line may end a page (orphans and widows 1), a block marked new-page begins one,
and each footnote at the foot of its call's page (the rule and its padding once a page, the
note's lines at their own pitch; a call whose note does not fit moves to the next page with
its line: footnote-policy: line).

The house edition's render stage lays each article out at the folio this gives it, so the
first pass is normally the last (render/stage.py keeps a verifying pass for the rest).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .document import ArticleView
from .notes import NOTE_PITCH, NOTE_SCALE
from .style import HouseStyle

#: The class of a heading set without its space above (print.css; layout/house.py sets it)
CLOSED_UP = "closed-up"

NOTE_AREA = 6.0 + 0.5 + 3.0     # print.css @footnote: margin-top, rule, padding-top (pt)
EPSILON = 0.01                  # pt: a line this much over the area still fits


def _keep(css: str, tag: str) -> bool:
    """Kept with the line after it (print.css: break-after: avoid)."""
    return tag in ("h3", "h4", "h5") or "attachment" in css


def _boxes(art: ArticleView, style: HouseStyle) -> list[tuple[float, float, list[float], float,
                                                               dict[int, int], bool, bool]]:
    """Per block: (space above, padding above, line heights, padding below, notes by line,
    new page, kept with the next)."""
    out = []
    for k, b in enumerate(art.blocks):
        n = max(1, len(b.line_starts))
        above = 0.0
        if "h1" in b.css.split() and k > 0 and CLOSED_UP not in b.css.split():
            above = style.heading_space_lines * style.pitch
        if "attachment-title" in b.css:
            height = n * style.title_pitch
            grid = math.ceil(height / style.pitch - 1e-6) * style.pitch
            pad = (grid - height + style.display_gap_lines * style.pitch) / 2
            lines = [style.title_pitch] * n
        else:
            pad, lines = 0.0, [style.pitch] * n
        notes: dict[int, int] = {}
        for line, count in b.notes:
            notes[line] = notes.get(line, 0) + count
        out.append((above, pad, lines, pad, notes, b.new_page, _keep(b.css, b.tag)))
    return out


def page_count(art: ArticleView, style: HouseStyle) -> int:
    """The pages ``art`` takes in the print layout, blank pages before it included."""
    return art.blank_pages_before + _flow(art, style)[0]


@dataclass(frozen=True)
class Flow:
    """An article's lines on its pages, pages counted from 1 at its start (blank pages
    before it not counted): what the house composer judges a composition by, worked out in
    one pass."""
    pages: int
    placed: dict[tuple[int, int], int]          # (block, line) → its page
    short: frozenset[int]                       # pages a heading moving on leaves short
    lone: tuple[tuple[int, int, bool], ...]     # (block, page, last): see lone_lines
    gaps: dict[int, int]                        # page → whole lines a heading moving on
                                                # leaves empty at its foot (one or more)

    @property
    def widows(self) -> int:
        return sum(last for _, _, last in self.lone)

    @property
    def last_page_lines(self) -> int:
        return sum(page == self.pages for page in self.placed.values())

    def block_pages(self) -> dict[int, set[int]]:
        """Block → the pages its lines are on."""
        out: dict[int, set[int]] = {}
        for (k, _), page in self.placed.items():
            out.setdefault(k, set()).add(page)
        return out


def flow(art: ArticleView, style: HouseStyle) -> Flow:
    """The article's :class:`Flow`."""
    pages, placed, gaps = _flow(art, style)
    short = {page for page, room in gaps.items() if room >= 1.5 * style.pitch}
    lone = []
    for k, b in enumerate(art.blocks):
        n = len(b.line_starts)
        if n < 2 or (k, 0) not in placed or (k, n - 1) not in placed:
            continue
        if placed[(k, 0)] < placed[(k, 1)]:
            lone.append((k, placed[(k, 0)], False))
        if placed[(k, n - 2)] < placed[(k, n - 1)]:
            lone.append((k, placed[(k, n - 2)], True))
    whole = {page: int(room // style.pitch) for page, room in gaps.items()}
    return Flow(pages, placed, frozenset(short), tuple(lone),
                {page: lines for page, lines in whole.items() if lines >= 1})


def widows(art: ArticleView, style: HouseStyle) -> list[tuple[int, int]]:
    """(block, page) of each block whose last line opens a page alone (the lines before it
    end the page before), pages counted from 1 at the article's start."""
    return [(k, page + 1) for k, page, last in lone_lines(art, style) if last]


def lone_lines(art: ArticleView, style: HouseStyle) -> list[tuple[int, int, bool]]:
    """(block, page, last) of each block of two lines or more that leaves one line alone
    on one side of a page break: its last line opening the next page (a widow; ``last``)
    or its first line ending ``page`` (an orphan, a heading above it or not), pages counted
    from 1 at the article's start; ``page`` is the page before the break."""
    return list(flow(art, style).lone)


def last_page(art: ArticleView, style: HouseStyle) -> tuple[int, int]:
    """(the article's pages, blank pages before it not counted; the lines on its last)."""
    f = flow(art, style)
    return f.pages, f.last_page_lines


def short_pages(art: ArticleView, style: HouseStyle) -> set[int]:
    """Pages (from 1 at the article's start) that a heading moving on with its first line
    leaves short by a line and a half or more."""
    return set(flow(art, style).short)


def _flow(art: ArticleView, style: HouseStyle
          ) -> tuple[int, dict[tuple[int, int], int], dict[int, float]]:
    """The article's pages (blank pages before it not counted), the page of each (block,
    line), and the room (pt) a heading moving on with its lines leaves at a page's foot."""
    placed: dict[tuple[int, int], int] = {}
    left_room: dict[int, float] = {}
    area = style.area_height + EPSILON
    note_pitch = style.body_size * NOTE_SCALE * NOTE_PITCH
    boxes = _boxes(art, style)
    pages = 1
    used = max(1, art.head.grid_lines) * style.pitch      # the title block opens page 1
    foot = 0.0                                            # the footnotes of this page
    starts: dict[int, tuple[int, float]] = {}             # block → (page, used) where it began
    k = 0
    guard = 0
    while k < len(boxes):
        guard += 1
        if guard > 10 * (len(boxes) + 1):                 # a block taller than a page
            break
        above, pad, lines, below, notes, new_page, _ = boxes[k]
        if new_page and (used > 0 or foot > 0):
            pages, used, foot = pages + 1, 0.0, 0.0
        if used > 0:
            used += above
        starts[k] = (pages, used)
        moved = False
        for j, height in enumerate(lines):
            need = height + (pad if j == 0 else 0.0) + (below if j == len(lines) - 1 else 0.0)
            extra = 0.0
            if j in notes:
                extra = notes[j] * note_pitch + (0.0 if foot else NOTE_AREA)
            if used + need + foot + extra <= area or used == 0:
                used += need
                foot += extra
                placed[(k, j)] = pages
                continue
            if j < style.heading_orphans and k > 0 and boxes[k - 1][6]:
                page, began = starts[k - 1]
                if page == pages and began > 0:           # the heading goes along
                    left_room[pages] = area - (began - boxes[k - 1][0]) - foot
                    k -= 1
                    pages, used, foot = pages + 1, 0.0, 0.0
                    boxes[k] = boxes[k][:5] + (False, boxes[k][6])
                    moved = True
                    break
            if j == 0 and above and used > above:          # its space fits, not its line
                left_room[pages] = area - (used - above) - foot
            pages, used = pages + 1, need
            foot = notes[j] * note_pitch + NOTE_AREA if j in notes else 0.0
            placed[(k, j)] = pages
        if moved:
            continue
        k += 1
    return pages, placed, left_room
