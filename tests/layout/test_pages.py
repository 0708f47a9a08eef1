"""An article's page count from its composed lines (layout/pages.py), against print.css's
rules; tests/render/test_incremental.py and the house-edition build check it against
WeasyPrint."""
from __future__ import annotations


from publish.layout.notes import NOTE_PITCH, NOTE_SCALE
from publish.layout.pages import NOTE_AREA, page_count
from tests.layout.pageviews import ROWS, S, article, block
from publish.layout.style import SOURCE_GRID


def test_lines_fill_whole_pages():
    assert page_count(article(block(ROWS - 2)), S) == 1
    assert page_count(article(block(ROWS - 1)), S) == 2
    assert page_count(article(block(ROWS - 2), block(ROWS)), S) == 2
    assert page_count(article(block(ROWS - 2), block(ROWS + 1)), S) == 3


def test_blank_pages_before_count():
    assert page_count(article(block(3), blanks=2), S) == 3


def test_a_block_marked_new_page_begins_one():
    assert page_count(article(block(3), block(3, new_page=True)), S) == 2


def test_a_heading_at_the_foot_goes_with_the_next_line():
    # the heading fills the last line: it moves over with the paragraph after it
    art = article(block(ROWS - 3), block(1, css="heading h2", tag="h4"), block(5))
    assert page_count(art, S) == 2
    # room for the heading and one line: both stay, the rest runs over
    art = article(block(ROWS - 4), block(1, css="heading h2", tag="h4"), block(5))
    assert page_count(art, S) == 2
    assert page_count(article(block(ROWS - 4), block(1, css="heading h2", tag="h4"),
                           block(1)), S) == 1


def test_space_above_a_lone_numeral_heading():
    # one grid line above an h1 (not at the top of a page): 2 title + 17 + 1 + 1 + 1 = 22
    art = article(block(ROWS - 5), block(1, css="heading h1 centre", tag="h3"), block(1))
    assert page_count(art, S) == 1
    art = article(block(ROWS - 4), block(1, css="heading h1 centre", tag="h3"), block(1))
    assert page_count(art, S) == 2


def test_a_footnote_takes_room_at_the_foot_and_moves_its_line():
    note = S.body_size * NOTE_SCALE * NOTE_PITCH
    # a one-line note takes NOTE_AREA + 18 pt: one body line fewer on that page
    assert NOTE_AREA + note <= S.pitch
    full = article(block(ROWS - 2, notes=[(0, 1)]))
    assert page_count(full, S) == 2
    assert page_count(article(block(ROWS - 3, notes=[(0, 1)])), S) == 1
    # the call on the page's last line, its note too long for what is left: the line moves
    late = article(block(ROWS - 2, notes=[(ROWS - 3, 3)]))
    assert page_count(late, S) == 2


def test_a_paragraphs_last_line_alone_at_a_page_top_is_a_widow():
    from publish.layout.pages import widows
    art = article(block(ROWS - 4), block(3))             # 2 + 18 + 2 lines: one over
    assert widows(art, S) == [(1, 2)]
    assert widows(article(block(ROWS - 4), block(2)), S) == []    # fits
    assert widows(article(block(ROWS - 5), block(3)), S) == []    # two lines go over
    assert widows(article(block(ROWS - 3), block(1)), S) == []    # a one-line block


def test_a_heading_that_moves_on_with_its_line_leaves_its_page_short():
    from publish.layout.pages import short_pages
    S1 = S.with_(heading_orphans=1)                  # one line may end a page with it
    numeral = block(1, css="heading h1 centre", tag="h3")    # a blank grid line above it
    # the heading would end page 1 with none of its text: both go to page 2, and page 1
    # ends two lines short (the blank line above the heading, the heading)
    assert short_pages(article(block(ROWS - 4), numeral, block(4)), S1) == {1}
    assert short_pages(article(block(ROWS - 5), numeral, block(4)), S1) == set()
    # a heading with no space above leaves one line: not short
    heading = block(1, css="heading h2", tag="h4")
    assert short_pages(article(block(ROWS - 3), heading, block(4)), S1) == set()


def test_the_house_edition_keeps_two_lines_under_a_heading_at_a_page_foot():
    """六 and one line of its text ended a page: the house edition moves a heading on
    unless two lines of its text end the page with it (print.css: orphans 2 after it)."""
    from publish.layout.pages import flow
    numeral = block(1, css="heading h1 centre", tag="h3")
    one = article(block(ROWS - 5), numeral, block(4))        # 2 + 17, space, 六, 1 line
    assert S.heading_orphans == 2
    assert flow(one, S).placed[(1, 0)] == 2 and flow(one, S).placed[(2, 0)] == 2
    assert flow(one, S.with_(heading_orphans=1)).placed[(2, 0)] == 1
    two = article(block(ROWS - 6), numeral, block(4))        # two lines fit under it
    assert flow(two, S).placed[(1, 0)] == 1 and flow(two, S).placed[(2, 1)] == 1
    assert SOURCE_GRID.heading_orphans == 1


def test_a_closed_up_lone_numeral_heading_takes_no_space_above():
    """layout/house.py closes a heading up (print.css .h1.closed-up) to end a page with it:
    2 title + 18 + 1 + 1 = 22 lines."""
    art = article(block(ROWS - 4), block(1, css="heading h1 centre closed-up", tag="h3"),
                  block(1))
    assert page_count(art, S) == 1
