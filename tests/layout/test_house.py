"""layout/house.py: the house edition sets a paragraph a line tighter or looser so no
paragraph leaves one line alone at a page break (its last atop a page: a widow; its first at
a page's foot: an orphan)."""
from __future__ import annotations


import pytest

from publish.layout.house import HouseComposer
from publish.layout.pages import flow, lone_lines, widows
from publish.layout.style import OFFICIAL
from tests.layout.pageviews import ROWS, article, block

S = S_HOUSE = OFFICIAL


@pytest.fixture(autouse=True)
def every_paragraph_may(request, monkeypatch):
    """The settling order on views of line counts alone: which changes succeed is the
    ``rebuild`` stand-in's to say, not the last-line check that spares compositions (it has
    its own test; the bundled issue's test runs it)."""
    if "bundled" not in request.node.name and "_may" not in request.node.name:
        from publish.layout import house
        monkeypatch.setattr(house, "_may", lambda block, delta, c: True)


def _view(counts: list[int]):
    blocks = [block(n) for n in counts]
    for i, b in enumerate(blocks):
        b.index = i
    return article(*blocks)


def _rebuild(counts: list[int], can: dict[tuple[int, int], bool]):
    """What composing again gives: a block's line count moved by its looseness where
    ``can`` allows it."""
    asked = []

    def rebuild(looseness):
        asked.append(looseness)
        moved = list(counts)
        for index, delta in looseness:
            if can.get((index, delta)):
                moved[index] += delta
        return _view(moved)
    return rebuild, asked


def test_the_widows_own_paragraph_is_set_a_line_tighter_first():
    counts = [ROWS - 4, 3]
    rebuild, asked = _rebuild(counts, {(1, -1): True, (0, -1): True})
    view = HouseComposer(S).settled(_view(counts), rebuild)
    assert widows(view, S) == []
    assert [len(b.line_starts) for b in view.blocks] == [ROWS - 4, 2]
    assert asked == [frozenset({(1, -1)})]


def test_else_a_paragraph_before_it_tighter_else_one_looser():
    counts = [5, ROWS - 9, 3]
    tighter = {(0, -1): True}
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, tighter)[0])
    assert [len(b.line_starts) for b in view.blocks] == [4, ROWS - 9, 3]
    looser = {(1, 1): True}
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, looser)[0])
    assert [len(b.line_starts) for b in view.blocks] == [5, ROWS - 8, 3]
    assert widows(view, S) == []


def test_a_widow_no_paragraph_can_take_stays():
    counts = [ROWS - 4, 3]
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, {})[0])
    assert widows(view, S) == [(1, 2)]


def test_an_orphan_is_taken_by_a_paragraph_before_it_on_its_page():
    counts = [ROWS - 3, 4]                      # 2 + 19 lines, then one of four: an orphan
    assert lone_lines(_view(counts), S) == [(1, 1, False)]
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, {(0, -1): True})[0])
    assert [len(b.line_starts) for b in view.blocks] == [ROWS - 4, 4]
    assert lone_lines(view, S) == []
    # its own paragraph is no help (set tighter, its first line stays alone): the title's
    # space takes a line more instead
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, {(1, -1): True})[0])
    assert [len(b.line_starts) for b in view.blocks] == counts
    assert lone_lines(view, S) == [] and view.head.grid_lines == 3


def test_an_orphan_is_not_traded_for_a_widow():
    counts = [ROWS - 3, 4, ROWS - 4, 3]         # orphans: block 1 on page 1, block 3 on page 2
    assert lone_lines(_view(counts), S) == [(1, 1, False), (3, 2, False)]
    # block 0 a line tighter clears block 1's orphan, but block 3's last line then opens
    # page 3 alone: a widow is worse, so the orphans stay
    tighter = _view([ROWS - 4, 4, ROWS - 4, 3])
    assert (3, 3) in widows(tighter, S)
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, {(0, -1): True})[0])
    assert [len(b.line_starts) for b in view.blocks] == counts


def test_a_last_page_of_two_lines_is_pulled_back_by_tighter_paragraphs():
    from publish.layout.pages import last_page
    counts = [ROWS - 2, 10, 14]                 # page 3 holds block 2's last two lines
    assert last_page(_view(counts), S) == (3, 2)
    can = {(2, -1): True, (1, -1): True}
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, can)[0])
    assert last_page(view, S)[0] == 2
    assert [len(b.line_starts) for b in view.blocks] == [ROWS - 2, 9, 13]
    assert lone_lines(view, S) == []
    # one paragraph alone cannot empty it (and leaves its last line alone): unchanged
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, {(2, -1): True})[0])
    assert [len(b.line_starts) for b in view.blocks] == counts


def test_a_lone_line_no_paragraph_takes_on_the_first_page_gets_the_title_a_line_more():
    """20 body lines fit under a title of 2 grid lines: 21 leave one atop page 2, and the
    next paragraph's first line at its foot; with a line more under the title neither."""
    counts = [ROWS - 1, ROWS - 2, 3]
    assert lone_lines(_view(counts), S) == [(0, 1, True), (2, 2, False)]
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, {})[0])
    assert lone_lines(view, S) == [] and view.head.grid_lines == 3
    assert view.head.room == S.pitch and view.head.pad == 0     # above the title: no hole


def test_the_title_keeps_its_space_where_a_line_more_leaves_another_line_alone():
    counts = [ROWS - 1, ROWS - 1, 2]            # the line more: block 1's last line alone
    view = HouseComposer(S).settled(_view(counts), _rebuild(counts, {})[0])
    assert view.head.grid_lines == 2 and lone_lines(view, S) == [(0, 1, True)]


@pytest.mark.slow
def test_the_bundled_issue_in_the_house_edition_has_few_widows():
    """14 paragraphs' last lines opened a page alone before, and 19 first lines ended one;
    those left have paragraphs around them whose lines cannot take or give a character
    each."""
    from publish import corpus
    from publish.layout import document
    from tests.paths import BUNDLED
    issue = corpus.load(BUNDLED)
    plain = document.build(issue, S, composer=document.Composer(S))
    settled = document.build(issue, S, composer=HouseComposer(S))
    before = sum(len(widows(a, S)) for a in plain.articles)
    after = sum(len(widows(a, S)) for a in settled.articles)
    assert before >= 10 and after <= 2
    lone_before = sum(len(lone_lines(a, S)) for a in plain.articles)
    lone_after = sum(len(lone_lines(a, S)) for a in settled.articles)
    assert lone_after <= lone_before // 2
    from publish.layout.pages import last_page
    scraps = [a.id for a in settled.articles
              if last_page(a, S)[0] > 1 and last_page(a, S)[1] <= 2]
    assert not scraps, scraps           # 3 articles ended on a page of one or two lines


def test_no_lone_line_is_cleared_by_leaving_a_page_short():
    """With one line of a heading's text allowed to end a page with it (as the source grid
    allows), the settler does not clear that orphan by moving the heading on."""
    from publish.layout.pages import short_pages
    S = S_HOUSE.with_(heading_orphans=1)

    def view_of(counts):
        blocks = [block(n) for n in counts]
        blocks[2] = block(1, css="heading h1 centre", tag="h3")   # 二, a blank line above
        for i, b in enumerate(blocks):
            b.index = i
        return article(*blocks)
    counts = [ROWS - 8, 3, 1, 4]         # 2 + 14 + 3, the space and 二, then one line: orphan
    assert lone_lines(view_of(counts), S) == [(3, 1, False)]
    # block 1 a line looser: 二 and its line go on together, page 1 ends two lines short
    assert short_pages(view_of([ROWS - 8, 4, 1, 4]), S) == {1}

    def rebuild(looseness):
        moved = list(counts)
        for index, delta in looseness:
            if (index, delta) == (1, 1):
                moved[1] += 1
        return view_of(moved)
    view = HouseComposer(S).settled(view_of(counts), rebuild)
    assert [len(b.line_starts) for b in view.blocks] == counts


def test_may_spares_compositions_that_cannot_succeed():
    from types import SimpleNamespace
    from publish.layout.house import _may
    c = HouseComposer(S)

    def para(lines, last):
        return SimpleNamespace(line_starts=list(range(lines)), last_line=last)
    assert _may(para(5, 3), -1, c)              # 3 characters, 4 lines to take them
    assert not _may(para(5, 20), -1, c)         # 20: four lines cannot take them
    assert not _may(para(1, 3), -1, c)          # one line has none to give
    assert _may(para(5, 26), 1, c)              # nearly full: a line each spills one more
    assert not _may(para(5, 8), 1, c)


def _with_heading(counts: list[int], at: int):
    """A view of ``counts`` whose block ``at`` is a lone-numeral heading (a blank line above
    it, kept with two lines of its text)."""
    blocks = [block(n) for n in counts]
    blocks[at] = block(1, css="heading h1 centre", tag="h3")
    for i, b in enumerate(blocks):
        b.index = i
    return article(*blocks)


def _heading_rebuild(counts: list[int], at: int, allowed: set[tuple[int, int]]):
    """What composing ``_with_heading(counts, at)`` again gives: a block's line count moved
    by its looseness where ``allowed``."""
    def rebuild(looseness):
        moved = list(counts)
        for index, delta in looseness:
            if (index, delta) in allowed:
                moved[index] += delta
        return _with_heading(moved, at)
    return rebuild


def test_a_page_a_heading_leaves_short_gets_its_line_from_a_tighter_paragraph():
    """二 and its two lines lack one line at page 1's foot, so they move on and leave it
    three lines short: a paragraph on that page set a line tighter gives them it."""
    from publish.layout.pages import short_pages
    counts = [ROWS - 7, 2, 1, 5]          # 2 + 15 + 2, then the space, 二 and one line
    assert short_pages(_with_heading(counts, 2), S) == {1}

    rebuild = _heading_rebuild(counts, 2, {(0, -1)})
    view = HouseComposer(S).settled(_with_heading(counts, 2), rebuild)
    assert [len(b.line_starts) for b in view.blocks] == [ROWS - 8, 2, 1, 5]
    assert short_pages(view, S) == set() and lone_lines(view, S) == []


def test_a_short_page_stays_where_no_paragraph_can_be_set_tighter_nor_the_heading_closed_up():
    """二 closed up would end page 1 with two of its paragraph's three lines, leaving the
    third alone atop page 2 (a widow): the page stays short."""
    from publish.layout.pages import short_pages
    counts = [ROWS - 7, 2, 1, 3]
    view = HouseComposer(S).settled(_with_heading(counts, 2),
                                    lambda looseness: _with_heading(counts, 2))
    assert short_pages(view, S) == {1}
    assert all("closed-up" not in b.css for b in view.blocks)


def test_a_heading_no_tighter_paragraph_can_bring_back_is_closed_up_to_end_the_page():
    """二 and its two lines lack one line at page 1's foot and no paragraph can give it:
    the blank line above 二 is dropped, so 二 and its lines end page 1 (printed three lines
    short before), and print.css sets it so (.h1.closed-up)."""
    from publish.layout.pages import short_pages
    counts = [ROWS - 7, 2, 1, 5]
    assert short_pages(_with_heading(counts, 2), S) == {1}
    view = HouseComposer(S).settled(_with_heading(counts, 2),
                                    lambda looseness: _with_heading(counts, 2))
    assert short_pages(view, S) == set() and lone_lines(view, S) == []
    assert "closed-up" in view.blocks[2].css.split()
    assert all("closed-up" not in b.css for k, b in enumerate(view.blocks) if k != 2)
    assert flow(view, S).placed[(3, 1)] == 1              # its two lines end page 1


def test_a_heading_closed_up_stays_so_when_a_lone_line_after_it_is_settled_again():
    """Closing 二 up moves every break after it: a paragraph left with one line atop page 3
    is cleared by one before it set a line tighter, composed again, and 二 stays closed up
    in that composition."""
    counts = [ROWS - 7, 2, 1, 5, 12, 8]
    view = _with_heading(counts, 2)
    assert lone_lines(view, S) == []       # page 2: 二, 5, 12 and 4 of 8 lines; page 3: 4
    # closed up, page 2 holds 3 + 12 + 7 lines: block 5's last line alone atop page 3

    rebuild = _heading_rebuild(counts, 2, {(4, -1)})
    settled = HouseComposer(S).settled(view, rebuild)
    assert "closed-up" in settled.blocks[2].css.split()
    assert lone_lines(settled, S) == []
    assert [len(b.line_starts) for b in settled.blocks] == [ROWS - 7, 2, 1, 5, 11, 8]


def test_a_line_a_heading_leaves_empty_at_a_page_foot_is_filled_by_a_looser_paragraph():
    """The space and 二 with its two lines lack a line at page 1's foot, which is left a line
    short (the blank the heading would have stood under): a paragraph before it set a line
    looser fills it, and 二 opens page 2."""
    counts = [ROWS - 4, 1, 1, 5]          # 2 + 18 + 1: one line left, 二 needs four
    assert flow(_with_heading(counts, 2), S).gaps == {1: 1}

    rebuild = _heading_rebuild(counts, 2, {(0, 1)})
    view = HouseComposer(S).settled(_with_heading(counts, 2), rebuild)
    assert [len(b.line_starts) for b in view.blocks] == [ROWS - 3, 1, 1, 5]
    assert flow(view, S).gaps == {} and lone_lines(view, S) == []
