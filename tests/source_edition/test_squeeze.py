"""One page that held more than the grid (a footnote, a tighter page, text the importer took
for a page of its own) costs its own article a full page, never the page list: the article
keeps its 目录 pages, the page is named once with the article's file, every other article
starts on its 目录 page and the grid stays the majority's."""
from __future__ import annotations

from dataclasses import replace

from publish import source_edition
from publish.model import PARAGRAPH, Block, Span
from publish.source_edition import paginate, squeeze

from .gridrows import rows_of
from .variants import doubled_end

EXTRA = "二〇二二年十二月，国务院联防联控机制发布优化疫情防控措施的通知，各地随即调整防控举措。" * 4


def test_a_recorded_end_a_page_too_many_is_dropped_keeping_the_later():
    """Two recorded ends two lines apart (a footnote line between the halves of a cut
    paragraph): three pages asked, four forced; the earlier end goes, the page runs on."""
    rows = rows_of([20, 2, 22, 20], forced={1, 2, 3})
    assert not paginate.fits(rows, 26, 3)
    tight = squeeze.relax(rows, 3, 26, 36, 24)
    assert tight is not None and tight.lines == 26
    earlier = next(r for r, row in enumerate(rows) if row.block == 1 and row.first)
    assert tight.dropped == earlier and not tight.rows[earlier].forced
    assert paginate.plan_article(tight.rows, tight.lines, 3, target=24).fits


def test_a_page_a_few_lines_too_long_is_set_closer_keeping_every_end():
    rows = rows_of([22, 29, 20], forced={1, 2})           # the middle page: 29 lines
    tight = squeeze.relax(rows, 3, 26, 36, 24)
    assert tight is not None and tight.dropped is None and tight.lines == 29


def test_an_article_two_pages_short_is_not_squeezed():
    """A 目录 page further off than one page is a contradiction, not a full page."""
    rows = rows_of([20, 20, 20, 20], forced={1, 2, 3})
    assert squeeze.relax(rows, 2, 26, 36, 24) is None


def _firsts(p) -> dict[str, int]:
    return {s.article: s.number for s in p.pagination.pages if s.block == -1}


def test_an_end_a_page_too_many_costs_its_own_article_only(bundled_issue):
    """It once moved every later article a page on: 23 contradictions, the source edition
    refused."""
    good = source_edition.plan(bundled_issue)
    issue, pb, extra = doubled_end(bundled_issue, 0)
    p = source_edition.plan(issue)
    assert not p.contradictions
    assert (p.calibration.lines_per_page, p.calibration.chars_per_line) == \
        (good.calibration.lines_per_page, good.calibration.chars_per_line)
    assert _firsts(p) == {a.id: a.page for a in issue.articles}
    assert len(p.pagination.pages) == len(good.pagination.pages)
    [s] = p.squeezed
    art = issue.articles[0]
    assert s.article == art.id and s.dropped in {(pb.block, pb.offset), (extra.block,
                                                                         extra.offset)}
    assert s.at == art.page_at.rpartition(":")[0]
    assert sum(f"{s.at}: page {s.page} ({art.id})" in n for n in p.notes) == 1
    on_page = [x for x in p.pagination.pages if x.number == s.page]
    assert on_page and on_page[0].article == art.id


def _longer_page(issue, index: int):
    """Article ``index`` with a paragraph of four lines more inside a recorded page (after
    the block its third recorded end cuts): that page now holds more than the tolerance."""
    art = issue.articles[index]
    at = art.page_breaks[2].block + 1
    block = Block(PARAGRAPH, (Span(EXTRA[:110]),))
    blocks = art.blocks[:at] + (block,) + art.blocks[at:]
    breaks = tuple(replace(b, block=b.block + 1) if b.block >= at else b
                   for b in art.page_breaks)
    arts = list(issue.articles)
    arts[index] = replace(art, blocks=blocks, page_breaks=breaks)
    return replace(issue, articles=tuple(arts), source_grid=None)


def test_a_page_that_held_more_is_set_closer_and_named_once(bundled_issue):
    good = source_edition.plan(bundled_issue)
    issue = _longer_page(bundled_issue, 0)
    p = source_edition.plan(issue)
    assert not p.contradictions
    assert p.calibration.lines_per_page == good.calibration.lines_per_page
    assert _firsts(p) == {a.id: a.page for a in issue.articles}
    [s] = p.squeezed
    assert s.dropped is None and s.held > p.grid.capacity
    assert sum(f"page {s.page} ({s.article})" in n for n in p.notes) == 1
    assert not any(n.startswith(f"{s.article}: page {s.page} holds") for n in p.notes)
    fill = next(f for f in p.fills if f.article == s.article and f.folio == s.page)
    assert fill.reason is None                          # set closer: full, not overprinted


def test_three_ends_a_page_too_many_leave_the_grid_to_the_majority(bundled_issue):
    """Articles no grid sets in their 目录 pages once pushed the page list's bound on the
    grid to the closest pitch (36 lines) when there were more than two of them."""
    good = source_edition.plan(bundled_issue)
    issue = bundled_issue
    for index in (0, 3, 8):
        issue = doubled_end(issue, index)[0]
    p = source_edition.plan(issue)
    assert (p.calibration.lines_per_page, p.grid.capacity) == \
        (good.calibration.lines_per_page, good.grid.capacity)
    assert not p.contradictions
    assert [s.article for s in p.squeezed] == [issue.articles[i].id for i in (0, 3, 8)]
    assert _firsts(p) == {a.id: a.page for a in issue.articles}


def test_a_tall_title_block_is_not_squeezed_past_what_its_page_can_set():
    """A title block keeps the grid's pitch when its page is set closer: ten bylines (13
    title lines) and 17 body lines cannot share one page of a 24-line grid, though 30 rows
    are under the closest pitch's 36. It was planned so, and the page ran over in the PDF:
    every later article a page off its 目录 page, and the build exited 0."""
    title = [paginate.Row(-1, -1, 0, k == 0, False, False, True) for k in range(13)]
    body = [paginate.Row(0, 0, k * 28, k == 0, k > 0, False, False) for k in range(17)]
    assert squeeze.relax(title + body, 1, 26, 36, 24) is None
    short = title[:2] + body                          # a two-line title: set closer, as before
    assert squeeze.relax(short, 1, 26, 36, 24) is not None


def test_ten_bylines_leave_no_page_overfull(bundled_issue):
    index = next(k for k, a in enumerate(bundled_issue.articles) if a.page == 23)
    arts = list(bundled_issue.articles)
    arts[index] = replace(arts[index], bylines=tuple(f"作者{k}" for k in range(10)))
    issue = replace(bundled_issue, articles=tuple(arts), source_grid=None)
    p = source_edition.plan(issue)
    assert not [f for f in p.fills if f.reason and "too many" in f.reason]
