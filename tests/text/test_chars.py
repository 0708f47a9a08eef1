"""The one set of character classes: Han ideographs, ideograph-like marks, wide CJK text."""
import pytest

from publish.text.chars import is_han, is_ideograph, is_wide


@pytest.mark.parametrize("ch", ["中", "㐀", "鿿", "豈", "\U00020000", "\U0002a6d6", "\U00030000"])
def test_han_ideographs_in_every_block(ch):
    assert is_han(ch) and is_ideograph(ch) and is_wide(ch)


@pytest.mark.parametrize("ch", ["〇", "々"])
def test_ideographic_marks_break_like_ideographs_but_are_not_han(ch):
    assert is_ideograph(ch) and not is_han(ch) and is_wide(ch)


@pytest.mark.parametrize("ch", ["。", "，", "（", "「", "ー", "あ", "ㄅ", "⺀", "Ａ", "１", "\u3000"])
def test_wide_marks_are_neither_han_nor_ideographs(ch):
    assert is_wide(ch) and not is_han(ch) and not is_ideograph(ch)


@pytest.mark.parametrize("ch", ["a", "1", " ", "", ".", "é", "한", "\u2014", "\U00040000"])
def test_latin_korean_and_nothing_are_not_wide(ch):
    assert not is_wide(ch) and not is_han(ch) and not is_ideograph(ch)


def test_patterns_take_names_in_every_han_block():
    from publish.text.chars import BYLINE_RE
    assert BYLINE_RE.match("新华社记者 张三 李𠀋")            # Extension B in a name
    assert not BYLINE_RE.match("新华社记者 张三 Li")


def test_a_source_line_is_matched_in_no_time_however_hostile():
    """The source name between two runs of spaces was matched in cubic time: a line of 600
    spaces took seconds, 100,000 never ended (an import of such a line took 35 s)."""
    import time
    from publish.text.chars import SOURCE_RE, source_fields
    start = time.perf_counter()
    for line in ("来源：" + " " * 100_000 + "x", "（来源：" + " " * 290 + "x",
                 "来源：" + "\u3000" * 280 + "见上", "(2024-01-10 来源：" + " " * 280):
        SOURCE_RE.match(line)
    assert time.perf_counter() - start < 0.5
    assert source_fields(SOURCE_RE.match("来源：人民日报  2024-01-22")) == (
        "2024", "01", "22", "人民日报")


@pytest.mark.parametrize("text, terminal, sentence", [
    ("列宁也说过同样的话。②", True, True),
    ("这是根本原因。”①③", True, True),
    ("在校生规模居世界首位。[1]", True, True),
    ("没有革命的运动①", False, False),          # a call after a word: maybe cut mid-sentence
    ("其中①", False, False),
    ("①", False, False),
    ("**着力深化改革开放。**②", True, True),
])
def test_a_paragraph_ending_with_a_note_call_after_its_stop_ends_a_sentence(
        text, terminal, sentence):
    """…同样的话。② was taken for a paragraph a page end cut, and joined to the next."""
    from publish.text.chars import ends_a_sentence, ends_terminal
    assert ends_terminal(text) is terminal and ends_a_sentence(text) is sentence


@pytest.mark.parametrize("line", ["表1　学习安排", "表 2 主要指标", "图3：示意图", "表一 指标",
                                  "附表", "附表：名单", "附图2 位置"])
def test_a_table_or_figure_title_on_its_line(line):
    from publish.text.chars import TABLE_TITLE_RE
    assert TABLE_TITLE_RE.match(line)


@pytest.mark.parametrize("line", ["图1所示的结构", "表3中的数据", "表示", "图为学员在学习",
                                  "附表中所列"])
def test_running_text_a_line_end_fell_before_is_no_table_title(line):
    """A printed line may open on 图1所示…: the paragraph goes on there."""
    from publish.text.chars import TABLE_TITLE_RE
    assert not TABLE_TITLE_RE.match(line)
