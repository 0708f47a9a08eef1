"""目录 lines of the DOCX: broken by the writer, short of the page-number column."""
from __future__ import annotations

import pytest

from publish.docxkit import config
from publish.layout.toclines import RESERVE, capacity, toc_lines, width
from publish.layout.rules import NO_END, NO_START

TOC1 = config.STYLE_BY_ID["TOC1"]


def test_capacity_follows_the_style():
    assert int(capacity(TOC1)) == config.CHARS_PER_LINE        # 28 condensed characters


@pytest.mark.parametrize("title", [
    "习" * 40,
    "中国共产党第二十届中央纪律检查委员会第三次全体会议公报",       # fills a line exactly
    "习近平对江西新余市渝水区一临街店铺火灾事故作出重要指示",
    "习近平在“国家工程师奖”首次评选表彰之际作出重要指示",
    "关于“十四五”规划和2035年远景目标的建议（全文）：说明，以及“附件”",
    "A long Latin title for the table of contents that keeps going on and on",
    "短标题",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六，”。",
])
def test_lines_stop_short_of_the_number_column_and_obey_clreq(title):
    lines = toc_lines(title, TOC1)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    first = capacity(TOC1) - RESERVE
    for i, line in enumerate(lines):
        assert sum(map(width, line)) <= (first if i == 0 else first - TOC1.hanging_chars)
        assert line
        if i:
            assert line[0] not in NO_START, lines
        if i < len(lines) - 1:
            assert line[-1] not in NO_END, lines
    # the last line leaves room for a leader of two characters and a three-digit page
    # number (…作出重要指示 .18 read as a slip: a leader of one dot)
    assert sum(map(width, lines[-1])) + 1.5 + 2.0 <= capacity(TOC1) - (
        TOC1.hanging_chars if len(lines) > 1 else 0)


def test_a_title_that_fills_a_line_is_broken_before_the_edge():
    title = "习" * int(capacity(TOC1))
    assert len(toc_lines(title, TOC1)) == 2


def test_a_last_line_of_one_character_takes_one_more_from_above(monkeypatch):
    from publish.layout import toclines
    monkeypatch.setattr(toclines, "tagged_words", lambda text: ((text, None),))  # no words
    n = int(capacity(TOC1) - RESERVE)
    title = "习" * (n - 1) + "公报"                       # the last character would be alone
    lines = toc_lines(title, TOC1)
    assert lines == ["习" * (n - 3), "习习公报"]     # and a scrap of two: LAST_LINE
    # not against the rules: a closing mark never starts the line
    title = "习" * (n - 1) + "”报"
    last = toc_lines(title, TOC1)[-1]
    assert last[0] not in NO_START and last.endswith("”报")


def test_lines_break_between_words_when_a_word_boundary_is_near():
    lines = toc_lines("习近平在省部级主要领导干部推动金融高质量发展专题研讨班开班式上的重要讲话精神", TOC1)
    assert lines[0].endswith("发展")            # not inside 研讨班, nor 专题|研讨班


def test_the_print_toc_breaks_where_the_words_part_least():
    """Of the breaks between words near the line's end, the one the words' parts of speech
    say parts least (as in the print titles): 之际|作出, not 作出|重要指示 (a verb from its
    object); before a name's closing words, not inside them."""
    title = "习近平在“国家工程师奖”首次评选表彰之际作出重要指示"
    name = "习近平在省部级主要领导干部推动金融高质量发展专题研讨班开班式上的重要讲话精神"
    breaks = _print_toc_breaks([title, name])
    assert {title[pos:] for t, pos in breaks if t == title} == {"作出重要指示"}
    assert {name[:pos][-2:] for t, pos in breaks if t == name} == {"发展"}


def test_a_last_line_of_a_scrap_is_avoided_where_the_lines_above_can_give():
    """…政府工作 / 报告 and …全体会议 / 公报 leave a scrap before the leader; cut a little
    earlier, between words, the last line reads as a phrase."""
    from publish.layout.words import word_breaks
    title = "内蒙古自治区第十四届人民代表大会第二次会议政府工作报告"
    lines = toc_lines(title, TOC1)
    assert len(lines) == 2 and len(lines[-1]) >= 4 and len(lines[0]) in word_breaks(title)
    lines = toc_lines("中国共产党第二十届中央纪律检查委员会第三次全体会议公报", TOC1)
    assert len(lines) == 2 and len(lines[-1]) >= 4 and lines[-1].endswith("会议公报")


def _print_toc_breaks(titles: list[str]) -> list[tuple[str, int]]:
    """(title, offset) of every line break the print 目录 sets in these titles."""
    import re
    from publish.layout import document
    from publish.layout.style import OFFICIAL, SOURCE_GRID
    from publish.model import Article, Issue
    out = []
    issue = Issue(id="t", articles=tuple(Article(id=f"a{i}", title=t)
                                         for i, t in enumerate(titles)))
    for style in (OFFICIAL, SOURCE_GRID):
        c = document.Composer(style)
        for view, title in zip(document.build_toc(c, issue), titles):
            parts = [re.sub(r"<[^>]+>", "", p) for p in str(view.html).split("<br")]
            pos = 0
            for part in parts[:-1]:
                text = re.sub(r"^[^>]*>", "", part)
                pos = title.index(text.strip()[-4:], pos) + len(text.strip()[-4:])
                out.append((title, pos))
    return out


def test_the_print_toc_breaks_between_words():
    """The print 目录 wraps a long entry between two words (jieba, as the DOCX 目录), set
    ragged there, never inside a word such as 研|讨班 or 民族工|作."""
    from publish.layout.words import word_breaks
    titles = ["习近平在省部级主要领导干部推动金融高质量发展专题研讨班开班式上的重要讲话精神",
              "某某：铸牢中华民族共同体意识 推进新时代党的民族工作高质量发展",
              "某省对江西新余市渝水区一临街店铺火灾事故作出重要指示要求",
              "关于进一步加强和改进新形势下高校思想政治工作的若干意见和实施办法"]
    breaks = _print_toc_breaks(titles)
    assert breaks
    for title, pos in breaks:
        assert pos in word_breaks(title) or title[pos - 1] in "，、：；。 " or \
            title[pos:pos + 1] == " ", (title[:pos], title[pos:])


def test_the_print_toc_leaves_no_scrap_on_a_last_line():
    import re
    from publish.layout import document
    from publish.layout.style import OFFICIAL, SOURCE_GRID
    from publish.layout.toclines import LAST_LINE
    from publish.model import Article, Issue
    titles = ["内蒙古自治区第十四届人民代表大会第二次会议政府工作报告",
              "中国共产党第二十届中央纪律检查委员会第三次全体会议公报",
              "习近平在“国家工程师奖”首次评选表彰之际作出重要指示"]
    issue = Issue(id="t", articles=tuple(Article(id=f"a{i}", title=t)
                                         for i, t in enumerate(titles)))
    for style in (OFFICIAL, SOURCE_GRID):
        for view in document.build_toc(document.Composer(style), issue):
            parts = [re.sub(r"<[^>]+>", "", p) for p in str(view.html).split("<br")]
            last = re.sub(r"^[^>]*>", "", parts[-1]).strip()
            assert len(parts) == 1 or len(last) >= LAST_LINE, parts


def test_a_hostile_long_title_is_cut_in_bounded_time():
    """Each line (and each narrower try against a scrap) costed the whole title's breaks
    again: 16,000 characters took 38 s. They are costed once per title."""
    import time
    from publish.layout import toclines
    title = ("习近平在省部级主要领导干部推动金融高质量发展专题研讨班开班式上的重要讲话精神" * 400)[:16_000]
    toclines._costs.cache_clear()
    began = time.perf_counter()
    lines = toc_lines(title, TOC1)
    assert time.perf_counter() - began < 10.0
    assert "".join(lines).replace(" ", "") == title
