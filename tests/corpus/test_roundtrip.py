"""Load → write → load gives an identical model; the dialect keeps any text as text."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from publish import corpus, model
from publish.corpus.dialect import format_body, parse_body
from publish.errors import UserError
from publish.model import DATE, HEADING, LIST_ITEM, NOTE, PARAGRAPH, Block, Span


def test_bundled_roundtrip(bundled_issue, tmp_path):
    corpus.save(bundled_issue, tmp_path / "copy")
    again = corpus.load(tmp_path / "copy")
    assert again == bundled_issue
    # and the files themselves are stable
    first = {p.name: p.read_bytes() for p in (tmp_path / "copy").rglob("*.md")}
    corpus.save(again, tmp_path / "copy")
    assert {p.name: p.read_bytes() for p in (tmp_path / "copy").rglob("*.md")} == first


def test_json_roundtrip(bundled_issue):
    data = json.loads(json.dumps(model.to_dict(bundled_issue), ensure_ascii=False))
    assert model.from_dict(data) == bundled_issue


def test_markup_in_text_stays_text():
    tricky = ["# 不是标题", "1. 不是列表", "- 也不是", "> 不是引用", "{.note} 不是类",
              "<script>alert(1)</script> & &amp; {{ x }} {% if %}", "*星* _下划线_ `码`",
              "[链接](http://x) ![图](y)", "\\反斜杠\\", "2024. 年份开头", "   前导空格"]
    blocks = tuple(Block(PARAGRAPH, (Span(t.strip()),)) for t in tricky)
    assert parse_body(format_body(blocks)) == blocks


def test_special_blocks_roundtrip():
    blocks = (
        Block(HEADING, (Span("一"),), level=1),
        Block(HEADING, (Span("二、标题"),), level=2),
        Block(LIST_ITEM, (Span("第一项，"), Span("加粗", "bold"), Span("。")), label="12."),
        Block(NOTE, (Span("※注释"),)),
    )
    assert parse_body(format_body(blocks)) == blocks


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                           blacklist_characters="\u00a0\u3000\u2028\u2029\x85"),
    min_size=1, max_size=40,
).map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None)
@given(st.lists(_text, min_size=1, max_size=5))
def test_any_paragraph_text_roundtrips(texts):
    texts = [" ".join(t.split()) for t in texts]          # CommonMark folds inner whitespace
    blocks = tuple(Block(PARAGRAPH, (Span(t),)) for t in texts)
    assert parse_body(format_body(blocks)) == blocks


def test_bold_beside_chinese_punctuation_roundtrips():
    """CommonMark reads ``文**“两个维护”**后`` as text (its flanking rule wants a space
    beside punctuation); the dialect reads it as bold, as the writer meant it."""
    for spans in [(Span("前文"), Span("“两个维护”", "bold"), Span("后文")),
                  (Span("全会强调"), Span("加粗。", "bold"), Span("后文")),
                  (Span("（"), Span("重点", "bold"), Span("）继续")),
                  (Span("“引号”", "bold"), Span("后文")),
                  (Span("前文"), Span("《文件》", "bold")),
                  # after wide punctuation, before a digit or a Latin letter: the run-in
                  # heading of a report (its PDF printed the asterisks)
                  (Span("（三）"), Span("着力深化改革开放。", "bold"), Span("2023年6月")),
                  (Span("一是"), Span("加快发展。", "bold"), Span("GDP增长5%")),
                  (Span("2023年"), Span("“两个维护”", "bold"), Span("后文")),
                  # a quote, a dash or an ellipsis (ambiguous width) beside a digit or Latin
                  (Span("学习"), Span("“两个维护”", "bold"), Span("2024年")),
                  (Span("GDP"), Span("“新质生产力”", "bold"), Span("是")),
                  (Span("一是"), Span("加快发展……", "bold"), Span("2023"))]:
        blocks = (Block(PARAGRAPH, spans),)
        assert parse_body(format_body(blocks)) == blocks, spans


_MIXED = st.text(alphabet="中文强调。，、“”（）《》—…2023abcGDP%", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(_MIXED, _MIXED, _MIXED)
def test_a_bold_span_between_any_chinese_digits_or_latin_roundtrips(before, bold, after):
    """Bold beside Chinese (a character or a mark) on either side reads back as bold,
    whatever stands on its other side."""
    from hypothesis import assume
    from publish.corpus.dialect import _chinese
    assume(_chinese(bold[0]) or _chinese(before[-1]))
    assume(_chinese(bold[-1]) or _chinese(after[0]))
    blocks = (Block(PARAGRAPH, (Span(before), Span(bold, "bold"), Span(after))),)
    assert parse_body(format_body(blocks)) == blocks


def test_an_escaped_asterisk_beside_chinese_stays_text():
    assert parse_body("价格\\*\\*“两个”\\*\\*元")[0].spans == (Span("价格**“两个”**元"),)


def test_fences_and_tables_written_as_text_stay_text():
    tricky = ["```代码```", "~~~ 也是 ~~~", "| 项目 | 数量 |", "| 甲 | 1 | 乙 |"]
    blocks = tuple(Block(PARAGRAPH, (Span(t),)) for t in tricky)
    assert parse_body(format_body(blocks)) == blocks


@pytest.mark.parametrize("body, what", [
    ("正文。\n\n```\n代码\n```\n", "a code block"),
    ("正文。\n\n~~~\n代码\n~~~\n", "a code block"),
    ("正文。\n\n| 项目 | 数量 |\n| --- | --- |\n| 甲 | 1 |\n", "a table"),
    ("正文。\n\n| 甲 | 乙 | 丙 |\n", "a table"),
])
def test_a_fence_or_table_written_by_hand_is_refused_at_its_line(body, what):
    """The README promises it; they printed as text, their lines lost (```代码```)."""
    with pytest.raises(UserError) as err:
        parse_body(body, "a.md", 10)
    assert what in str(err.value) and err.value.line == 12


def test_pipes_inside_a_sentence_are_text():
    blocks = parse_body("正文|中间|竖线。\n")
    assert blocks == (Block(PARAGRAPH, (Span("正文|中间|竖线。"),)),)


@pytest.mark.parametrize("body, line, what", [
    ("正文。\n\n{.note}\n", 12, "the class line {.note} has no paragraph under it"),
    ("正文。[^1]\n\n{.note}\n[^1]: 注。\n", 12, "the class line {.note} has no paragraph"),
    ("正文。\n\n{.note}\n## 一、标题\n", 12, "a heading cannot carry a class line ({.note})"),
    ("{#id}\n正文。\n", 10, "a class line is one {.class} alone, not {#id}"),
    ("{onclick=x}\n正文。\n", 10, "a class line is one {.class} alone, not {onclick=x}"),
    ('{.note onclick="x"}\n正文。\n', 10, "a class line is one {.class} alone"),
    ("正文。\n\n##\n\n再一段。\n", 12, "a heading with no text"),
])
def test_markup_that_would_vanish_is_refused_at_its_line(body, line, what):
    """A class line with nothing under it (or a footnote's definition), over a heading, or
    holding more than a class, and an empty heading: the class and the attributes were
    dropped without a word, the heading printed as an empty line (an empty <h2> in the
    EPUB)."""
    with pytest.raises(UserError) as err:
        parse_body(body, "a.md", 10)
    assert what in str(err.value) and err.value.line == line


def test_class_lines_over_paragraphs_and_list_ends_still_read():
    blocks = parse_body("1. 项\n\n{.date}\n2024年\n\n段\n{.x}\n")
    assert [b.type for b in blocks] == [LIST_ITEM, DATE, PARAGRAPH]
    assert blocks[-1].text == "段{.x}"                   # inside a paragraph: its text
