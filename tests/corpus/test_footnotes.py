"""Footnotes (注释) in the corpus dialect: `[^n]` calls, `[^n]: text` definitions."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from publish import corpus, model
from publish.check import lint
from publish.corpus.dialect import format_body, parse_body
from publish.errors import UserError
from publish.model import BOLD, FOOTNOTE, HEADING, LIST_ITEM, PARAGRAPH, Article, Block, Span

NOTE = Span("", FOOTNOTE, (Span("见《求是》"), Span("2024年第3期", BOLD), Span("。")))


def test_calls_and_definitions_parse_into_footnote_spans():
    body = ("正文一[^a]，再[^第二]。\n\n## 二、标题[^b]\n\n1. 列表项[^c]\n\n"
            "[^a]: 见《求是》**2024年第3期**。\n\n[^第二]: 乙\n[^b]: 丙\n\n[^c]: 丁\n")
    blocks = parse_body(body)
    assert blocks[0].spans == (Span("正文一"), NOTE, Span("，再"),
                               Span("", FOOTNOTE, (Span("乙"),)), Span("。"))
    assert blocks[0].text == "正文一，再。"            # notes add nothing to the text
    assert blocks[1].type == HEADING and blocks[1].notes[0].note == (Span("丙"),)
    assert blocks[2].type == LIST_ITEM and blocks[2].notes[0].note == (Span("丁"),)
    # written with numbers in reading order, definitions at the end; read back the same
    text = format_body(blocks)
    assert text.endswith("[^1]: 见《求是》**2024年第3期**。\n\n[^2]: 乙\n\n[^3]: 丙\n\n"
                         "[^4]: 丁\n")
    assert parse_body(text) == blocks


@pytest.mark.parametrize("body, message, line", [
    ("甲[^x]\n\n[^x]: 注\n\n[^y]: 未引用\n", "[^y] is defined but never called", 5),
    ("甲[^x]\n\n[^x]: 一段\n\n    又一段\n", "must be one paragraph", 3),
    ("甲[^x]\n\n[^x]: 注里[^x]\n", "cannot call another footnote", 3),
    ("甲[^x]\n\n[^x]: # 标题\n", "unsupported markup in a footnote", None),
    # a label defined twice: markdown-it keeps the last and drops the first note's text
    ("甲[^x]\n\n[^x]: 一\n\n[^x]: 二\n", "[^x] is defined twice .also on line 3.", 5),
    # a call with no definition would print `[^y]` in every edition
    ("甲[^x]\n\n乙[^y]。\n\n[^x]: 注\n", "[^y] is called but never defined", 3),
    ("甲[^x]\n\n[^x]: 注[^z]\n", "[^z] is called but never defined", 3),
])
def test_bad_footnotes_name_the_line(body, message, line):
    with pytest.raises(UserError, match=message.replace("[", r"\[").replace("^", r"\^")) as exc:
        parse_body(body, "a.md", 1)
    assert exc.value.line == line


def test_text_that_looks_like_a_footnote_stays_text():
    blocks = (Block(PARAGRAPH, (Span("[^1] 不是注释，[^x]: 也不是"),)),)
    assert parse_body(format_body(blocks)) == blocks


def test_an_article_with_notes_saves_loads_and_dumps(tmp_path):
    art = Article("a-one", "题", blocks=(Block(PARAGRAPH, (Span("甲"), NOTE, Span("乙"))),))
    issue = model.Issue("x", articles=(art,))
    corpus.save(issue, tmp_path / "c")
    assert corpus.load(tmp_path / "c") == issue
    data = json.loads(json.dumps(model.dump(issue), ensure_ascii=False))
    block = data["articles"][0]["blocks"][0]
    assert block["text"] == "甲乙" and block["spans"][1]["note"][1]["style"] == BOLD
    assert model.from_dict(data) == issue


def test_lint_reads_the_notes_too():
    bad = Span("", FOOTNOTE, (Span("注\x07释"),))
    art = Article("a-one", "题", blocks=(Block(PARAGRAPH, (Span("甲"), bad)),))
    found = [f for f in lint.lint(model.Issue("x", articles=(art,)))
             if f.code == "control-character"]
    assert found and found[0].block == 0


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                           blacklist_characters="\u00a0\u3000\u2028\u2029\x85"),
    min_size=1, max_size=20,
).map(lambda t: " ".join(t.split())).filter(bool)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_text, st.lists(_text, max_size=2)), min_size=1, max_size=4))
def test_any_text_with_notes_roundtrips(items):
    blocks = tuple(Block(PARAGRAPH, (Span(t),) + tuple(Span("", FOOTNOTE, (Span(n),))
                                                         for n in notes))
                   for t, notes in items)
    assert parse_body(format_body(blocks)) == blocks
