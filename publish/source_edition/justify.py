"""Full pages on the source grid: every page of an article but its last ends on the type
area's last line.

The planner (paginate.py) gives each page the lines the source page held. A page holds the
source's full page (``target`` lines) most of the time; one that holds fewer is vertically
justified: the missing lines are shared between its blocks — most after a title block and
around headings, attributions and signatures, the rest between paragraphs — each gap up to
a limit (half a line between two paragraphs: a whole line reads as a section break), and
only what the gaps cannot take widens the body's pitch, by 5 % at most. A page that holds
more than the grid (our lines set one more line than the source's somewhere) is set closer:
its body lines on a pitch that fits them in the type area. Every opening page keeps a gap
of TITLE_MIN under its title block, a full one by setting its body that much closer. A page with footnotes does the same above them (the notes take
the foot of the type area). A page that cannot be made full (one block: no space between
blocks to share; too many lines to set closer) is reported with its reason.

Every page the planner begins becomes a page break of the view: a block that runs on from
one page to the next is cut into two views, the second beginning the page (so WeasyPrint
never has to find a page end itself, and each page's spacing is its own).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..layout.document import ArticleView, BlockView
from .paginate import Row, notes_height as _foot

MIN_PITCH = 1.1        # closest body pitch, in body sizes: lines never touch
EPSILON = 0.02         # pt left free under the last line (WeasyPrint's float sums)
_TAG = re.compile(r"<br>|<span\b[^>]*>|</span>")
_NOTE = re.compile(r'<span class="footnote"[^>]*>((?:<span[^>]*>[^<]*</span>|[^<]|<br>)*)</span>')
_TOP_BR = re.compile(r"<br>")

# Weights of the space a justified page adds between two blocks, by what is around it.
TITLE_GAP = 4.0        # after the title block
HEADING_GAP = 3.0      # before a heading (or an attachment)
AFTER_HEADING = 1.0    # between a heading and its text
AROUND_DISPLAY = 2.0   # around an attribution, signature, date, note, salutation
BODY_GAP = 1.0         # between two paragraphs
DISPLAY = ("attribution", "signature", "date", "note", "salutation")
# The most one gap takes, in pitches (a typesetter's paragraph spacing limit): a whole line
# between two paragraphs reads as a section break. What the gaps cannot take widens the
# body's pitch, up to LOOSEST pitches; what is left then stays at the foot (reported).
GAP_LIMIT = {TITLE_GAP: 4.0, HEADING_GAP: 2.0, AROUND_DISPLAY: 1.0, AFTER_HEADING: 0.5,
             BODY_GAP: 0.5}
LOOSEST = 1.05
TITLE_MIN = 0.6        # pitches under the title block on an opening page, full or not


@dataclass(frozen=True)
class PageFill:
    """One planned page: the grid lines it holds and, when it is not full, why."""
    folio: int
    article: str
    lines: int
    last: bool             # the article's last page (left as it falls)
    reason: str | None     # why the page ends short of the type area (None: full)


def split_html(html: str, k: int) -> tuple[str, str]:
    """Composed lines' HTML cut before its ``k``-th line (a footnote's own lines, inside
    its span, do not count)."""
    depth = seen = 0
    for m in _TAG.finditer(html):
        tag = m.group(0)
        if tag == "<br>":
            if depth == 0:
                seen += 1
                if seen == k:
                    return html[:m.start()], html[m.end():]
        elif tag == "</span>":
            depth -= 1
        else:
            depth += 1
    return html, ""


def _split(b: BlockView, k: int) -> tuple[BlockView, BlockView]:
    """A block view cut before its ``k``-th line: the second part begins a page."""
    from markupsafe import Markup
    head, tail = split_html(str(b.html), k)
    style = ";".join(x for x in (b.style, "text-indent:0") if x)
    return (replace(b, html=Markup(head), line_starts=b.line_starts[:k]),
            replace(b, id=f"{b.id}-l{k}", html=Markup(tail), line_starts=b.line_starts[k:],
                    style=style, label="", label_width=0.0, bookmark_level=None, bookmark="",
                    new_page=True))


def _kind(b: BlockView) -> str:
    if b.tag in ("h3", "h4", "h5") or "attachment" in b.css:
        return "heading"
    if any(k in b.css.split() for k in DISPLAY):
        return "display"
    return "body"


def _gap_weight(before: str, after: str) -> float:
    if before == "title":
        return TITLE_GAP
    if after == "heading":
        return HEADING_GAP
    if before == "heading":
        return AFTER_HEADING
    if "display" in (before, after):
        return AROUND_DISPLAY
    return BODY_GAP


def justify(av: ArticleView, rows: list[Row], starts: list[int], style, target: int,
            folio: int) -> list[PageFill]:
    """Cut ``av``'s blocks at the planned page starts (row indices ``starts``) and space
    every page but the last to fill the type area; returns each page's fill."""
    n = len(rows)
    bounds = list(starts) + [n]
    page_of = [0] * n
    for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
        for r in range(a, b):
            page_of[r] = k
    # the views each page holds, cutting a view that runs on to the next page
    per_view: dict[int, list[tuple[int, int]]] = {}       # view → [(line, page)] at each page
    seen: dict[int, int] = {}
    for r, row in enumerate(rows):
        if row.view < 0:
            continue
        line = seen.get(row.view, 0)
        seen[row.view] = line + 1
        at = per_view.setdefault(row.view, [])
        if not at or at[-1][1] != page_of[r]:
            at.append((line, page_of[r]))
    pages: list[list[BlockView]] = [[] for _ in range(len(starts))]
    new_blocks: list[BlockView] = []
    for v, b in enumerate(av.blocks):
        parts = per_view.get(v, [(0, 0)])
        rest = b
        done = 0
        pieces = []
        for (line, _), (next_line, _) in zip(parts, parts[1:]):
            head, rest = _split(rest, next_line - done)
            done = next_line
            pieces.append(head)
        pieces.append(rest)
        for piece, (_, page) in zip(pieces, parts):
            new_blocks.append(piece)
            if 0 <= page < len(pages):
                pages[page].append(piece)
    av.blocks[:] = new_blocks
    for k, page in enumerate(pages):
        if k and page:
            page[0].new_page = True
        for b in page[1:]:          # a cut part whose recorded end the plan did not keep
            b.new_page = False      # (squeeze.py) runs on where it is

    pitch = style.pitch
    out: list[PageFill] = []
    for k, page in enumerate(pages):
        held = bounds[k + 1] - bounds[k]
        title = sum(1 for r in range(bounds[k], bounds[k + 1]) if rows[r].view < 0)
        last = k == len(pages) - 1
        foot = notes_height(page, style)
        room = target * pitch - foot                          # the notes take the foot
        # an opening page keeps a gap under its title block, unless it holds more lines than
        # the grid already (set closer for them: no closer still for the gap)
        need = TITLE_MIN * pitch if title and page and held <= target else 0.0
        reason = None
        if held * pitch + need > room + EPSILON:
            reason = _set_closer(page, held, title, room - need, target, style, foot > 0)
            if reason is None and need:
                _add_margin(page[0], need)
        elif not last and held * pitch < room - EPSILON:
            reason = _spread(page, title > 0, room - held * pitch, need, pitch, held - title)
        elif need:                                  # a last page: space below it anyway
            _add_margin(page[0], need)
        out.append(PageFill(folio + k, av.id, held, last, reason))
    return out


def _add_style(b: BlockView, prop: str, points: float) -> None:
    """``prop`` set on ``b`` to ``points``, cut (never rounded up) to a thousandth."""
    b.style = ";".join(x for x in (b.style, f"{prop}:{int(points * 1000) / 1000:.3f}pt") if x)


def _add_margin(b: BlockView, points: float) -> None:
    _add_style(b, "margin-top", points)


def notes_height(page: list[BlockView], style) -> float:
    """Height the footnotes of a page take at its foot (print.css: the rule above them,
    then each note's lines at its own pitch), a point to spare; 0 without notes."""
    from ..layout.notes import NOTE_PITCH, NOTE_SCALE
    lines = 0
    for b in page:
        for m in _NOTE.finditer(str(b.html)):
            lines += 1 + len(_TOP_BR.findall(m.group(1)))
    return _foot(lines * style.body_size * NOTE_SCALE * NOTE_PITCH)


def _spread(page: list[BlockView], has_title: bool, extra: float, need: float = 0.0,
            pitch: float | None = None, body: int = 0) -> str | None:
    """Share ``extra`` pt between the blocks of one page (margin above each block that
    follows another on the page): by the gaps' weights, none past its limit (GAP_LIMIT
    pitches), the title gap at least ``need`` (taken from the others); the rest widens the
    pitch of the ``body`` lines, up to LOOSEST. ``pitch`` None: no limits."""
    kinds = (["title"] if has_title else []) + [_kind(b) for b in page]
    after = page if has_title else page[1:]          # the block below each gap
    weights = [_gap_weight(a, b) for a, b in zip(kinds, kinds[1:])]
    if not weights:
        return "one block: no space between blocks to share"
    share = max(0.0, extra - EPSILON)
    given = [0.0] * len(weights)
    limits = [GAP_LIMIT[w] * pitch if pitch else float("inf") for w in weights]
    open_ = [i for i in range(len(weights)) if given[i] < limits[i]]
    while share > 1e-6 and open_:                    # by weight, each gap up to its limit
        total = sum(weights[i] for i in open_)
        step = min(share, min((limits[i] - given[i]) * total / weights[i] for i in open_))
        for i in open_:
            given[i] += step * weights[i] / total
        share -= step
        open_ = [i for i in open_ if limits[i] - given[i] > 1e-6]
    if has_title and given[0] < need:                # the title gap's least, taken from
        others = sum(given[1:])                      # the other gaps (then the rest)
        take = min(need - given[0], others + share)
        from_gaps = min(take, others)
        for i in range(1, len(given)):
            given[i] -= given[i] * from_gaps / others if others else 0.0
        given[0] += take
        share -= take - from_gaps
    for b, margin in zip(after, given):
        _add_margin(b, margin)
    if share > 1e-6 and body > 0 and pitch:          # the gaps are full: a wider pitch
        wider = min(LOOSEST * pitch, pitch + share / body)
        for b in page:
            _add_style(b, "line-height", wider)
        share -= (wider - pitch) * body
    if share > 1e-3:
        return (f"ends {share:.1f} pt short: its gaps and pitch are as wide as they go")
    return None


def _set_closer(page: list[BlockView], held: int, title: int, room: float, target: int,
                style, notes: bool = False) -> str | None:
    """A page holding more than its room: its body lines on a closer pitch."""
    body = held - title
    if body <= 0:
        return f"holds {held} lines, the grid {target}"
    closer = (room - title * style.pitch - EPSILON) / body
    if closer < MIN_PITCH * style.body_size:
        return (f"holds {held} lines, the grid {target}"
                + (" and footnotes" if notes else "")
                + ": too many to set closer")
    for b in page:
        _add_style(b, "line-height", closer)
    return None
