"""Generated source-edition issues: other article sets and orders, extra page cuts, each on
its own page list (every article keeps the number of source pages it had, one more for each
extra cut, and the pages are counted afresh from 1)."""
from __future__ import annotations

import random
from dataclasses import replace

from publish.model import PARAGRAPH, Issue, PageBreak, TocEntry
from publish.text.chars import TERMINAL


def _extra_cut(article, rng: random.Random) -> PageBreak | None:
    """A page end inside a paragraph that has none yet, not after a full stop."""
    options = []
    for i, block in enumerate(article.blocks):
        text = block.body_text
        if block.type != PARAGRAPH or len(text) < 80 or any(
                pb.block == i for pb in article.page_breaks):
            continue
        options += [(i, k) for k in range(30, len(text) - 30, 7)
                    if text[k - 1] not in TERMINAL and not text[k - 1].isspace()
                    and not text[k].isspace()]
    if not options:
        return None
    return PageBreak(*rng.choice(options))


def variant(issue: Issue, seed: int, count: int | None = None, cuts: int = 2) -> Issue:
    rng = random.Random(seed)
    arts = list(issue.articles)
    pages = {a.id: b.page - a.page for a, b in zip(arts, arts[1:])}
    pool = [a for a in arts if a.id in pages]
    rng.shuffle(pool)
    chosen = pool[:count or rng.randint(3, 6)]
    cut_in = set(rng.sample(range(len(chosen)), min(cuts, len(chosen))))
    out, toc, page = [], [], 1
    for k, art in enumerate(chosen):
        n = pages[art.id]
        if k in cut_in and (extra := _extra_cut(art, rng)) is not None:
            art = replace(art, page_breaks=tuple(sorted(
                art.page_breaks + (extra,), key=lambda p: (p.block, p.offset))))
            n += 1
        out.append(replace(art, page=page))
        toc.append(TocEntry(art.title, page))
        page += n
    return replace(issue, id=f"variant-{seed}", articles=tuple(out), toc=tuple(toc))


def excerpt(issue: Issue, start: int, count: int) -> Issue:
    """``count`` consecutive articles from the ``start``-th on, keeping their own page
    numbers (an excerpt of the printed issue: the first page is not 1)."""
    arts = issue.articles[start:start + count]
    toc = tuple(TocEntry(a.title, a.page) for a in arts)
    return replace(issue, id=f"excerpt-{start}", articles=arts, toc=toc)


def printed_on(issue: Issue, cpl: int, lines: int, count: int, title_gap: int = 0,
               start: int = 0):
    """``count`` articles (from the ``start``-th) as if printed on a cpl × lines grid with
    every page full, the title block ``title_gap`` lines taller than ours: a page end inside
    a paragraph is recorded (as the importer would), one between blocks is not; the 目录
    counts the pages. Returns the issue and, for every page, (page, article id, block,
    offset) of the text that opens it (block -1: the title block)."""
    from publish.layout import document
    from publish.layout.style import SOURCE_GRID

    style = SOURCE_GRID.with_(chars_per_line=cpl, title_gap_lines=title_gap)
    c = document.Composer(style)
    arts, toc, opens, page = [], [], [], 1
    for art in issue.articles[start:start + count]:
        view = document.build_article(c, replace(art, page_breaks=(), page=None), issue)
        row = view.head.grid_lines
        opens.append((page, art.id, -1, 0))
        breaks, pages = [], 1
        for index, b in enumerate(view.blocks):
            for k, begin in enumerate(b.line_starts):
                if row == lines:
                    row = 0
                    pages += 1
                    if k:                       # the importer rejoins a block cut by a page
                        breaks.append(PageBreak(index, begin))
                    opens.append((page + pages - 1, art.id, index, begin))
                row += 1
        arts.append(replace(art, page=page, page_breaks=tuple(breaks)))
        toc.append(TocEntry(art.title, page))
        page += pages
    return (replace(issue, id=f"grid-{cpl}x{lines}-t{title_gap}", articles=tuple(arts),
                    toc=tuple(toc)), opens)


def with_notes(issue: Issue, every: int = 1) -> Issue:
    """Footnotes called on pages whose ends are recorded: in every ``every``-th article
    with a recorded page end, a note called a few characters into the block that end cuts
    (so on the page before the end)."""
    from publish.model import FOOTNOTE, Span

    arts, seen = [], 0
    for art in issue.articles:
        if not art.page_breaks or seen % every:
            seen += bool(art.page_breaks)
            arts.append(art)
            continue
        seen += 1
        pb = min(art.page_breaks, key=lambda p: (p.block, p.offset))
        block = art.blocks[pb.block]
        first = block.spans[0]
        at = min(5, len(first.text) - 1, max(1, pb.offset - 1))
        note = Span("", FOOTNOTE, (Span(f"本注释说明第{len(arts) + 1}篇文章中的一处提法，"
                                        "其文字较长，排在本页的页脚，不影响正文的分页。"),))
        spans = (replace(first, text=first.text[:at]), note,
                 replace(first, text=first.text[at:])) + block.spans[1:]
        blocks = list(art.blocks)
        blocks[pb.block] = replace(block, spans=spans)
        arts.append(replace(art, blocks=tuple(blocks)))
    return replace(issue, id=f"{issue.id}-notes", articles=tuple(arts))


def without_grid(yaml_text: str) -> str:
    """issue.yaml's text without its ``source_grid:`` mapping (to write another)."""
    import re
    return re.sub(r"(?m)^source_grid:\n(?:[ \t]+.*\n?)*", "", yaml_text)


def doubled_end(issue, index: int):
    """Article ``index`` with a second recorded end 32 characters after its second one: the
    text between them a page of its own, as a footnote line between the halves of a cut
    paragraph imports. Returns the issue (no recorded grid), that end and the new one."""
    art = issue.articles[index]
    pb = art.page_breaks[1]
    extra = PageBreak(pb.block, pb.offset + 32)
    assert extra.offset < len(art.blocks[pb.block].body_text)
    arts = list(issue.articles)
    arts[index] = replace(art, page_breaks=tuple(sorted(art.page_breaks + (extra,),
                                                        key=lambda p: (p.block, p.offset))))
    return replace(issue, articles=tuple(arts), source_grid=None), pb, extra
