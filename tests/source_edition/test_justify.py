"""Full pages on made-up articles: blocks cut at page starts, short pages justified between
blocks (never by the body's pitch), overfull ones set closer, the rest reported."""
from __future__ import annotations

import re

from markupsafe import Markup

from publish.layout.document import ArticleView, BlockView, TitleView
from publish.layout.style import SOURCE_GRID
from publish.source_edition import justify
from publish.source_edition.paginate import Row

STYLE = SOURCE_GRID
NOTE = ('<span class="footnote" style="font-size:12pt"><span>①注</span><br>'
        '<span>释第二行</span></span>')


def _block(v: int, lines: int, css: str = "paragraph", tag: str = "p", note: bool = False
           ) -> BlockView:
    texts = [f"第{v}块第{k}行" + (NOTE if note and k == 0 else "") for k in range(lines)]
    return BlockView(id=f"a-b{v}", tag=tag, css=css, html=Markup("<br>".join(texts)),
                     line_starts=[k * 28 for k in range(lines)], index=v)


def _article(blocks: list[BlockView], title: int = 3) -> tuple[ArticleView, list[Row]]:
    head = TitleView("a-t", Markup("题"), 1, [], 0.0, title)
    rows = [Row(-1, -1, 0, k == 0, False, False, True) for k in range(title)]
    for v, b in enumerate(blocks):
        keep = b.tag != "p"
        rows += [Row(v, v, k * 28, k == 0, k > 0 and not keep, False, keep)
                 for k in range(len(b.line_starts))]
    return ArticleView("a", "题", head, blocks), rows


def _margins(b: BlockView) -> float:
    return sum(float(x) for x in re.findall(r"margin-top:([0-9.]+)pt", b.style))


def test_a_footnote_keeps_its_own_lines_when_a_block_is_cut():
    html = "一<br>二" + NOTE + "<br>三<br>四"
    head, tail = justify.split_html(html, 2)
    assert head == "一<br>二" + NOTE and tail == "三<br>四"


def test_a_block_running_on_is_cut_where_the_page_begins():
    av, rows = _article([_block(0, 10), _block(1, 20)])
    fills = justify.justify(av, rows, [0, 20], STYLE, 20, 1)
    ids = [b.id for b in av.blocks]
    assert ids == ["a-b0", "a-b1", "a-b1-l7"]
    assert av.blocks[1].line_starts == [k * 28 for k in range(7)]
    assert av.blocks[2].line_starts[0] == 7 * 28 and av.blocks[2].new_page
    assert "text-indent:0" in av.blocks[2].style
    assert [f.lines for f in fills] == [20, 13] and fills[1].last


def test_a_short_page_shares_its_missing_lines_between_blocks_most_after_the_title():
    pitch = STYLE.area_height / 24
    style = STYLE.with_(pitch=pitch)
    av, rows = _article([_block(0, 6), _block(1, 1, "heading h2", "h4"), _block(2, 8),
                         _block(3, 20)], title=3)
    fills = justify.justify(av, rows, [0, 18], style, 24, 1)
    assert fills[0].reason is None and fills[0].lines == 18
    first = av.blocks[:3]
    added = sum(_margins(b) for b in first)
    assert abs(added - 6 * pitch) < 0.05                   # six lines shared, all of them
    assert _margins(first[0]) > _margins(first[2])           # most after the title block
    assert all("line-height" not in b.style for b in av.blocks)   # the pitch untouched


def test_an_overfull_page_is_set_closer_and_a_single_block_page_is_reported():
    pitch = STYLE.area_height / 20
    style = STYLE.with_(pitch=pitch)
    av, rows = _article([_block(0, 19), _block(1, 14), _block(2, 30)], title=3)
    fills = justify.justify(av, rows, [0, 22, 36], style, 20, 1)
    over = [b for b in av.blocks if "line-height" in b.style]
    assert over and fills[0].reason is None
    lh = float(re.search(r"line-height:([0-9.]+)pt", over[0].style).group(1))
    assert 3 * pitch + 19 * lh <= 20 * pitch and lh >= justify.MIN_PITCH * style.body_size
    assert fills[1].reason and "one block" in fills[1].reason


def test_a_page_with_a_note_is_filled_above_it():
    pitch = STYLE.area_height / 24
    style = STYLE.with_(pitch=pitch)
    av, rows = _article([_block(0, 10, note=True), _block(1, 11), _block(2, 5)], title=3)
    fills = justify.justify(av, rows, [0, 24], style, 24, 1)
    room = 24 * pitch - justify.notes_height(av.blocks[:2], style)
    assert justify.notes_height(av.blocks[:2], style) > 2 * 18
    lh = float(re.search(r"line-height:([0-9.]+)pt", av.blocks[0].style).group(1))
    assert 3 * pitch + 21 * lh <= room and fills[0].reason is None


def test_a_page_with_one_gap_between_paragraphs_opens_it_half_a_line_and_widens_the_pitch():
    """A whole spare line in the one gap between two paragraphs would read as a section
    break: the gap takes half a line, the body's pitch the rest (the page still full)."""
    pitch = STYLE.area_height / 24
    style = STYLE.with_(pitch=pitch)
    av, rows = _article([_block(0, 11), _block(1, 12), _block(2, 20)], title=0)
    fills = justify.justify(av, rows, [0, 23], style, 24, 1)
    assert fills[0].reason is None
    gap = _margins(av.blocks[1])
    assert abs(gap - justify.GAP_LIMIT[justify.BODY_GAP] * pitch) < 0.01
    lh = float(re.search(r"line-height:([0-9.]+)pt", av.blocks[0].style).group(1))
    assert pitch < lh <= justify.LOOSEST * pitch
    assert abs(23 * lh + gap - 24 * pitch) < 0.05           # full, to the last line


def test_a_page_too_short_to_fill_within_the_limits_is_reported():
    pitch = STYLE.area_height / 24
    style = STYLE.with_(pitch=pitch)
    av, rows = _article([_block(0, 6), _block(1, 6), _block(2, 20)], title=0)
    fills = justify.justify(av, rows, [0, 12], style, 24, 1)
    assert fills[0].reason and "short" in fills[0].reason
    lh = float(re.search(r"line-height:([0-9.]+)pt", av.blocks[0].style).group(1))
    assert abs(lh - justify.LOOSEST * pitch) < 0.01


def test_every_opening_page_keeps_a_gap_under_its_title_block():
    """Full (set closer for it), short and last opening pages alike."""
    pitch = STYLE.area_height / 24
    style = STYLE.with_(pitch=pitch)
    for lines, pages, after in ((21, [0, 24], 20), (15, [0, 24], 20), (8, [0], 0)):
        av, rows = _article([_block(0, lines)] + ([_block(1, after)] if after else []), title=3)
        justify.justify(av, rows, pages, style, 24, 1)
        first = av.blocks[0]
        assert _margins(first) >= justify.TITLE_MIN * pitch - 0.01, lines
        if lines == 21:                                    # the full page: set closer
            lh = float(re.search(r"line-height:([0-9.]+)pt", first.style).group(1))
            assert 3 * pitch + justify.TITLE_MIN * pitch + 21 * lh <= 24 * pitch + 0.01



def test_the_title_gap_is_a_least_not_a_share_and_an_overfull_page_gets_none():
    """On a page with room to spare the title gap keeps its weighted share (no more than
    it had), at least TITLE_MIN; a page already holding more lines than the grid is not
    set closer still for it."""
    pitch = STYLE.area_height / 24
    style = STYLE.with_(pitch=pitch)
    av, rows = _article([_block(0, 5), _block(1, 5), _block(2, 5), _block(3, 5),
                         _block(4, 20)], title=3)
    justify.justify(av, rows, [0, 23], style, 24, 1)
    gaps = [_margins(b) for b in av.blocks[:4]]
    assert justify.TITLE_MIN * pitch - 0.01 <= gaps[0] <= justify.TITLE_MIN * pitch + 0.01
    assert abs(sum(gaps) - pitch) < 0.05                   # the spare line, all of it
    av, rows = _article([_block(0, 22), _block(1, 20)], title=3)   # 25 lines on 24
    justify.justify(av, rows, [0, 25], style, 24, 1)
    lh = float(re.search(r"line-height:([0-9.]+)pt", av.blocks[0].style).group(1))
    assert abs(3 * pitch + 22 * lh - 24 * pitch) < 0.05 and _margins(av.blocks[0]) == 0


def test_a_cut_part_the_plan_runs_on_does_not_begin_a_page():
    """A recorded end the plan did not keep (squeeze.py): the composer made its part begin
    a page; on the page it runs on, it must not (a page the plan never had)."""
    second = _block(1, 4)
    second.new_page = True                        # the part after a recorded end
    av, rows = _article([_block(0, 10), second, _block(2, 10)])
    justify.justify(av, rows, [0, 20], STYLE, 20, 1)
    assert not av.blocks[1].new_page
    assert [b.new_page for b in av.blocks if b.index == 2] == [False, True]
