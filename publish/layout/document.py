"""The issue as the print templates see it: every text composed into lines, every block an id.

Templates only place what this module prepares (see templates/print/issue.html): the
composition has to happen in Python because it measures glyphs. Each body block gets the
HTML id ``<article-id>-b<index>`` and its lines' start offsets, which is what the PDF
writer needs to turn WeasyPrint's pages back into a Pagination.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from ..model import (
    ATTACHMENT,
    ATTACHMENT_TITLE,
    ATTRIBUTION,
    DATE,
    HEADING,
    LIST_ITEM,
    NOTE,
    PARAGRAPH,
    SALUTATION,
    SIGNATURE,
    Article,
    Block,
    Issue,
)
from ..templating import wording
from ..text.chars import strip_controls
from ..text.leads import block_lead
from .breakfit import compose_in
from .compose import Line, Measure, compose, measure, natural_width
from . import memo
from .apart import apart
from .markup import block_html, lines_html
from .notes import Notes
from .style import OFFICIAL, HouseStyle
from .titles import compose_title, display_lines, heading_ranks
from .toclines import without_a_scrap, word_cut

#: (block index, -1 or 1): blocks set a line shorter or longer than the composer would
Looseness = frozenset[tuple[int, int]]

# Every block's own font is the serif, whatever face its text is set in: the block's strut
# then puts every baseline at the same height in its grid line (kai and sans have other
# ascent/descent ratios), and runs in other faces carry their face as a class with
# line-height 0 (see print.css).
STRUT = "serif"


@dataclass(frozen=True)
class Spec:
    """How one kind of block is set."""
    role: str
    css: str                    # class names in print.css
    size: str = "body"          # "body" or "title"
    indent: bool = False        # first-line indent of two characters
    justify: bool = True
    balance: bool = False
    tag: str = "p"
    align: str = "left"


SPECS = {
    PARAGRAPH: Spec("serif", "paragraph", indent=True),
    (HEADING, 1): Spec("serif-bold", "heading h1 centre", justify=False, balance=True, tag="h3",
                       align="centre"),
    (HEADING, 2): Spec("sans-bold", "heading h2", indent=True, tag="h4"),
    (HEADING, 3): Spec("kai", "heading h3", indent=True, tag="h5"),
    LIST_ITEM: Spec("serif", "list-item"),
    NOTE: Spec("kai", "note", indent=True),
    ATTRIBUTION: Spec("kai", "attribution", justify=False, balance=True, align="right"),
    SALUTATION: Spec("serif", "salutation"),
    SIGNATURE: Spec("serif", "signature", justify=False, align="right"),
    DATE: Spec("serif", "date", justify=False, align="right"),
    ATTACHMENT: Spec("sans-bold", "attachment", justify=False),
    ATTACHMENT_TITLE: Spec("serif-bold", "attachment-title centre", size="title",
                           justify=False, balance=True, align="centre"),
}


def spec_of(block: Block) -> Spec:
    if block.type == HEADING:
        return SPECS.get((HEADING, block.level or 2), SPECS[(HEADING, 2)])
    return SPECS.get(block.type, SPECS[PARAGRAPH])


@dataclass
class BlockView:
    id: str
    tag: str
    css: str
    html: Markup
    line_starts: list[int]           # offset (plain text, label excluded) of each line
    style: str = ""                  # inline CSS (hanging indents)
    label: str = ""
    label_width: float = 0.0
    bookmark_level: int | None = None
    bookmark: str = ""
    new_page: bool = False
    index: int | None = None         # the model block it sets (a block cut at a source page
                                     # end gives several views); None: its list position
    notes: tuple[tuple[int, int], ...] = ()   # footnotes: (line of the call, lines of the note)
    last_line: int = 0               # characters set on its last line (layout/house.py)


@dataclass
class TitleView:
    id: str
    title_html: Markup
    title_lines: int
    lines: list[tuple[str, Markup]]  # (css class, html) for source, deck, bylines, dateline
    pad: float                       # pt added below so the text that follows is on the grid
    grid_lines: int = 0              # body grid lines the block takes, pad included
    room: float = 0.0                # pt added above the title (layout/house.py)


@dataclass
class ArticleView:
    id: str
    title: str
    head: TitleView
    blocks: list[BlockView]
    blank_pages_before: int = 0


@dataclass
class TocView:
    id: str
    html: Markup
    style: str
    number_width: float = 0.0        # pt: the page-number column, numbers right-aligned in it


@dataclass
class IssueView:
    issue: Issue
    style: HouseStyle
    articles: list[ArticleView]
    toc: list[TocView]
    cover: dict = field(default_factory=dict)


class Composer:
    """Composes text for one house style (caches nothing between issues but the fonts)."""

    #: set a paragraph with a wide-open line again as a whole (LOOSE_PT)
    even_out: bool = True

    def __init__(self, style: HouseStyle = OFFICIAL):
        self.s = style

    # What a subclass notes while composing, so a cached article replays it (layout/memo).
    def memo_key(self, article: Article) -> str:
        return ""

    def mark(self) -> int:
        return 0

    def since(self, mark: int) -> tuple:
        return ()

    def replay(self, noted: tuple) -> None:
        pass

    def size(self, kind: str) -> float:
        return self.s.title_size if kind == "title" else self.s.body_size

    def lines(self, pieces, *, width: float | None = None, indent: float = 0.0,
              justify: bool = True, balance: bool = False, size: float | None = None,
              tracking: float | None = None, hang: str | None = None, squeeze: bool = True,
              looseness: int = 0) -> list[Line]:
        """``pieces`` composed; ``looseness`` -1 or 1: a justified text set a line shorter or
        longer where its lines can each take one character more or less (else as usual)."""
        size, m = self.measure_of(width=width, indent=indent, justify=justify, balance=balance,
                                  size=size, tracking=tracking, hang=hang, squeeze=squeeze)
        atoms = measure(pieces, size)
        lines = compose(atoms, m)
        if looseness and justify and not balance and len(lines) + looseness >= 1:
            return compose_in(atoms, m, len(lines) + looseness) or lines
        loosest = _loosest(lines, m) if justify and not balance and self.even_out else 0.0
        if loosest > LOOSE_PT and len(lines) <= EVEN_LINES:
            evened = compose_in(atoms, m, len(lines))
            if evened and _loosest(evened, m) < loosest:
                return evened
        return lines

    def measure_of(self, *, width: float | None = None, indent: float = 0.0,
                   justify: bool = True, balance: bool = False, size: float | None = None,
                   tracking: float | None = None, hang: str | None = None,
                   squeeze: bool = True) -> tuple[float, Measure]:
        """(type size, Measure) of one composition in this style."""
        size = size or self.s.body_size
        if tracking is None:
            tracking = self.s.tracking if size == self.s.body_size else 0.0
        return size, Measure(width=self.s.measure if width is None else width,
                             first_indent=indent, tracking=tracking, justify=justify,
                             max_squeeze=self.s.max_squeeze, balance=balance,
                             hang=self.s.hang if hang is None else hang, squeeze=squeeze,
                             lone=self.s.avoid_lone)

    def settled(self, view: ArticleView, rebuild: Callable[[Looseness], ArticleView]
                ) -> ArticleView:
        """The article's view once its pages are settled (hook: as composed here);
        ``rebuild(looseness)`` composes it again with blocks set a line shorter or longer
        (layout/house.py: no paragraph leaves a line alone at a page break)."""
        return view

    def block_lines(self, article: Article, index: int, pieces, *, skip: int = 0,
                    **kw) -> list[list[Line]]:
        """A body block's lines, in parts that each begin a page (hook: one part here; the
        source edition cuts a block where a source page ended inside it). ``skip``: the
        characters of ``pieces`` before the block's text (an inline label)."""
        return [self.lines(pieces, **kw)]


#: pt a justified line's letter-spacing may open past the grid's before the paragraph is
#: set again as a whole (a number or an address that must not be split, pushed down whole,
#: left the line above it letter-spaced: 产业转型升级的大项目好项目，力争引进到位资金不低于).
LOOSE_PT = 1.0
#: Paragraphs up to this many lines are evened out so (the search grows with the square of
#: the lines: a hostile paragraph of thousands stays as the greedy fill sets it).
EVEN_LINES = 80


def _loosest(lines: list[Line], m: Measure) -> float:
    """How far the loosest justified line's letter-spacing opens past the grid's (pt)."""
    return max((line.tracking - m.tracking for line in lines[:-1] if line.justified),
               default=0.0)


def _grid(height: float, pitch: float) -> float:
    """``height`` rounded up to whole lines of the grid (a float hair over stays put)."""
    return math.ceil(height / pitch - 1e-6) * pitch


def _pieces(block: Block, role: str, notes: Notes):
    """The block's text as composer pieces; a paragraph's run-in heading (``（一）…。``) in
    the face of a heading of its rank."""
    pieces = notes.pieces(block.spans, role)
    lead = block_lead(block, pieces[0][0]) if pieces else None
    if lead is None:
        return pieces
    first = pieces[0][0]
    level, end = lead
    return [(first[:end], SPECS[(HEADING, level)].role), (first[end:], role), *pieces[1:]]


def build_article(c: Composer, article: Article, issue: Issue) -> ArticleView:
    """The article composed (from the cache when nothing it depends on changed)."""
    k = memo.key(c, article, issue)
    hit = _hit(memo.load(k))
    if hit is not None:
        c.replay(hit[1])
        return hit[0]
    done = _composed(c, article, issue)
    memo.store(k, done)
    return done[0]


def _hit(value) -> tuple[ArticleView, tuple] | None:
    """A cached (view, what the composer noted), or None."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], ArticleView):
        return value
    return None


def _composed(c: Composer, article: Article, issue: Issue) -> tuple[ArticleView, tuple]:
    """(the article's view, what the composer noted while composing it)."""
    mark = c.mark()
    kept: dict = {}
    view = c.settled(_build_article(c, article, issue, kept=kept),
                     lambda looseness: _build_article(c, article, issue, looseness, kept))
    _COMPOSED[0] += chars(article)
    return view, c.since(mark)


_COMPOSED = [0]


def composed_chars() -> int:
    """Characters of the articles this process has composed (not taken from the cache): what
    a caller measures its work by before it forks for the rest."""
    return _COMPOSED[0]


def chars(article: Article) -> int:
    """The characters of an article's body."""
    return sum(len(b.text) for b in article.blocks)


#: Characters the articles missing from the cache must hold before their second half is
#: composed in a forked child (composing sets ~200,000 characters a second; a fork and the
#: views' way back cost ~15 ms)
APART_CHARS = 12_000


def build_articles(c: Composer, issue: Issue) -> list[ArticleView]:
    """Every article composed (each as :func:`build_article`), in order.

    The articles the cache lacks are composed in two halves at once when there are enough
    of them: this process composes the first of them (loading the faces and the word
    dictionary a forked child then shares), forks a child for the later half (by characters;
    ``apart``), composes the rest of its own half, and takes the child's views, replaying
    what the composer noted in article order. The views are the same as one by one; when no
    child can be forked, or it fails, this process composes its half too."""
    arts = issue.articles
    keys = [memo.key(c, a, issue) for a in arts]
    hits = [_hit(memo.load(k)) for k in keys]
    misses = [i for i, h in enumerate(hits) if h is None]
    split = _split(arts, misses)
    later = [i for i in misses if i >= split]
    child = None
    theirs: dict[int, tuple[ArticleView, tuple]] = {}
    views: list[ArticleView] = []
    try:
        for i, art in enumerate(arts):
            if hits[i] is not None:
                c.replay(hits[i][1])
                views.append(hits[i][0])
                continue
            if i >= split and child is not None:
                got, child = child(), None
                if isinstance(got, list) and len(got) == len(later):
                    theirs = dict(zip(later, got))
            done = theirs.pop(i, None)
            if done is None:
                done = _composed(c, art, issue)
            else:
                c.replay(done[1])
            memo.store(keys[i], done)
            views.append(done[0])
            if i == misses[0] and later:         # warm now: the child shares it
                child = apart(lambda: [_composed(c, arts[j], issue) for j in later],
                              alone=True)
    finally:
        if child is not None:                   # this process failed: not left waiting
            child.cancel()
    return views


def _split(arts, misses: list[int]) -> int:
    """The first article the forked child composes (past the last: none): the later half of
    the missing articles' characters, never the first missing article."""
    sizes = [chars(arts[i]) for i in misses]
    total = sum(sizes)
    if len(misses) < 2 or total < APART_CHARS:
        return len(arts)
    run = 0
    for k, (i, size) in enumerate(zip(misses, sizes)):
        if k and run + size / 2 > total / 2:
            return i
        run += size
    return misses[-1]


def _build_article(c: Composer, article: Article, issue: Issue,
                   looseness: Looseness = frozenset(), kept: dict | None = None
                   ) -> ArticleView:
    """The article's view; ``looseness``: (block index, -1 or 1) to set those blocks a line
    shorter or longer where they can be. ``kept``: the blocks' views (and the title's) kept
    between calls for one article (composed again with other blocks set looser or
    tighter)."""
    loose = dict(looseness)
    s = c.s
    blocks: list[BlockView] = []
    ranks = heading_ranks(article)       # PDF outline levels: headings, attachment titles
    label_cells = _list_label_cells(c, article)
    notes = Notes()                      # footnotes: numbered through the article
    for index, block in enumerate(article.blocks):
        spec = spec_of(block)
        bid = f"{article.id}-b{index}"
        size = c.size(spec.size)
        style = ""
        label = ""
        label_w = 0.0
        width = s.measure
        indent = s.indent if spec.indent else 0.0
        if block.type == LIST_ITEM and not s.hanging_lists:
            label = block.label or ""
            skip = len(label) + 1              # offsets count the text without the label
            parts = c.block_lines(article, index, [(label + " ", "serif")] +
                                  _pieces(block, spec.role, notes), indent=s.indent,
                                  justify=True, skip=skip)
            for k, lines in enumerate(parts):
                for line in lines:
                    line.start = max(0, line.start - skip)
                blocks.append(BlockView(
                    id=_part_id(bid, k), tag=spec.tag, css="list-item inline",
                    html=notes.attach(lines_html(lines, STRUT), c, size),
                    line_starts=notes.line_starts(lines),
                    style="text-indent:0" if k else "", new_page=k > 0, index=index,
                    notes=tuple(notes.placed)))
            continue
        if block.type == LIST_ITEM:
            hang = (s.indent_chars + label_cells.get(index, 2)) * s.cell
            label_w = hang - s.indent
            width = s.measure - hang
            indent = 0.0
            style = f"padding-left:{hang:.3f}pt;text-indent:{-label_w:.3f}pt"
            label = block.label or ""
        elif block.type in (SIGNATURE, DATE):
            width = s.measure - s.indent
        elif block.type == ATTRIBUTION:
            width = s.measure - s.indent
            style = f"padding-left:{s.indent:.3f}pt"
        pieces = _pieces(block, spec.role, notes)      # numbers its notes, kept or not
        delta = loose.get(index, 0)
        made = None if kept is None else kept.get((index, delta))
        if made is not None:
            blocks.extend(made)
            continue
        first = len(blocks)
        parts = c.block_lines(article, index, pieces, width=width, indent=indent,
                              justify=spec.justify, balance=spec.balance, size=size,
                              **({"looseness": delta} if delta else {}))
        for k, lines in enumerate(parts):
            if spec.size == "title":             # back onto the grid after a display line
                height = len(lines) * s.title_pitch
                extra = _grid(height, s.pitch) - height + s.display_gap_lines * s.pitch
                style = f"padding-top:{extra / 2:.3f}pt;padding-bottom:{extra / 2:.3f}pt"
            bm_level = min(ranks[index], 6) if ranks[index] and not k else None
            html, spacing = block_html(lines, STRUT, merge_last=spec.align == "left",
                                       centred=spec.align == "centre")
            blocks.append(BlockView(
                id=_part_id(bid, k), tag=spec.tag, css=spec.css,
                html=notes.attach(html, c, size),
                line_starts=notes.line_starts(lines),
                style=";".join(x for x in (style, spacing, "text-indent:0" if k else "") if x),
                label=label if not k else "", label_width=label_w,
                bookmark_level=bm_level,
                bookmark=strip_controls(block.text) if bm_level else "",
                new_page=k > 0 or (block.type == ATTACHMENT and s.attachment_new_page),
                index=index, notes=tuple(notes.placed),
                last_line=len(lines[-1].atoms) if lines else 0))
        if kept is not None:
            kept[(index, delta)] = blocks[first:]
    return ArticleView(article.id, strip_controls(article.title),
                       _title(c, article, issue, kept), blocks)


def _title(c: Composer, article: Article, issue: Issue, kept: dict | None) -> TitleView:
    """The article's title block, composed once for all compositions of the article."""
    if kept is None:
        return build_title(c, article, issue)
    if "title" not in kept:
        kept["title"] = build_title(c, article, issue)
    return kept["title"]


def _part_id(bid: str, part: int) -> str:
    """HTML id of a block's part: the block id, then ``-p1``, ``-p2`` … after page cuts."""
    return bid if not part else f"{bid}-p{part}"


def _list_label_cells(c: Composer, article: Article) -> dict[int, int]:
    """Cells of the hanging label of each list item: the widest label of its list + ½ em."""
    out: dict[int, int] = {}
    run: list[int] = []

    def close():
        if not run:
            return
        widest = max(natural_width(measure([(article.blocks[i].label or "", "serif")],
                                           c.s.body_size)) for i in run)
        cells = max(1, -int(-(widest + c.s.body_size / 2) // c.s.cell))
        for i in run:
            out[i] = cells
        run.clear()

    for i, block in enumerate(article.blocks):
        if block.type == LIST_ITEM:
            run.append(i)
        else:
            close()
    close()
    return out


def build_title(c: Composer, article: Article, issue: Issue) -> TitleView:
    """The title block, worded by templates/common/title_block.txt.j2 (shared by every
    edition): the ``title`` line set large, every other role line in kai below it."""
    s = c.s
    worded = wording.title_block(article, issue)
    heading = next((line.text for line in worded if line.role == "title"), article.title)
    title = compose_title(heading, s)
    rows: list[tuple[str, Markup]] = []
    count = 0
    for line in worded:
        if line.role == "title" or not line.text.strip():
            continue
        size, m = c.measure_of(justify=False, balance=True)
        lines = display_lines(measure([(strip_controls(line.text), "kai")], size), m)
        rows.append((line.role, lines_html(lines, STRUT, merge_last=False, centred=True)))
        count += len(lines)
    height = len(title) * s.title_pitch + count * s.pitch
    grid = _grid(height, s.pitch)
    # the block's slack to the grid goes above the title where blank lines follow it (the
    # house style): every title block then stands the same space above its text (below
    # it, the slack made that 1 to 2 lines, a hole under a short title); else it is the
    # gap itself (the source edition's, which keeps none)
    slack, gap = grid - height, s.title_gap_lines * s.pitch
    room, pad = (slack, gap) if gap else (0.0, slack)
    return TitleView(f"{article.id}-t", lines_html(title, STRUT, merge_last=False, centred=True),
                     len(title), rows, pad, round((height + room + pad) / s.pitch), room)


def build_toc(c: Composer, issue: Issue) -> list[TocView]:
    """目录 entries: the title set from the left edge up to the page-number column, wrapped
    lines hanging two characters in; the last line leaves room for the leader dots."""
    s = c.s
    number_w = natural_width(measure([("000", "serif")], s.body_size)) + s.body_size / 2
    leader_w = 2 * s.cell
    hang = s.indent
    out = []
    for art in issue.articles:
        title = strip_controls(art.title)
        width = s.measure - number_w - hang
        lines = _toc_lines(c, title, width, hang)
        last_avail = width + (hang if len(lines) == 1 else 0.0)
        lone = len(lines) > 1 and len(lines[-1].text.strip()) <= 1
        if lines[-1].width > last_avail - leader_w or lone:
            lines = _toc_lines(c, title, width - leader_w, hang)
        first = lines
        lines = without_a_scrap(        # no scrap on the last line, as the DOCX 目录's
            lambda n: first if n == 0 else _toc_lines(c, title, width - leader_w - n * s.cell,
                                                      hang),
            lambda line: line.text, int((width - leader_w) / s.cell / 3))
        # A one-line entry gets no hanging indent: WeasyPrint ends a leader() on a line set
        # with a negative text-indent that much short of the edge, and every number must
        # end on the same right edge.
        style = f"padding-left:{hang:.3f}pt;text-indent:{-hang:.3f}pt" if len(lines) > 1 else ""
        out.append(TocView(art.id, lines_html(lines, STRUT), style, number_w))
    return out


def _toc_lines(c: Composer, title: str, width: float, hang: float) -> list[Line]:
    """A 目录 title in lines of ``width`` (the first ``hang`` longer), each wrapped line
    ending between two words when one is within a few characters (toclines.word_cut, as
    the DOCX 目录), set ragged there rather than stretched."""
    out: list[Line] = []
    pos = 0
    while pos < len(title):
        indent = -hang if not out else 0.0
        rest = [(title[pos:], "serif")]
        got = c.lines(rest, width=width, indent=indent, justify=True)
        end = pos + len(got[0].text)
        if len(got) == 1 or end <= pos:
            out.extend(got)
            break
        cut = word_cut(title, pos, end)
        if cut < end:
            got = c.lines([(title[pos:cut], "serif")], width=width, indent=indent,
                          justify=False)
        out.append(got[0])
        pos = pos + len(got[0].text)
        while pos < len(title) and title[pos] == " ":
            pos += 1
    return out


def build(issue: Issue, style: HouseStyle = OFFICIAL, composer: Composer | None = None
          ) -> IssueView:
    c = composer or Composer(style)
    return IssueView(issue=issue, style=style, articles=build_articles(c, issue),
                     toc=build_toc(c, issue))
