"""Markdown the README calls an error is one naming its file and line, never text printed
with its marks (links, code, images, italic, thematic breaks, setext headings, hard breaks);
what CommonMark reads as text (a URL in brackets, a lone asterisk) stays text."""
from __future__ import annotations

import pytest

from publish.corpus.dialect import parse_body
from publish.errors import UserError
from publish.model import FOOTNOTE, PARAGRAPH, Block, Span


@pytest.mark.parametrize("body, what, line", [
    ("正文。\n\n链接[新华网](http://www.news.cn)。\n", "a link", 12),
    ("正文。\n\n自动链接<http://www.news.cn>。\n", "a link", 12),
    ("正文。\n\n第一行，\n图![图1](img/a.png)。\n", "an image", 13),
    ("正文。\n\n行内`code`。\n", "a code span", 12),
    ("正文。\n\n*斜体*文字。\n", "italic", 12),
    ("正文。\n\n***粗斜体***文字。\n", "italic", 12),
    ("正文。\n\n_下划线斜体_。\n", "italic", 12),
    ("正文。\n\n---\n\n分隔线之后。\n", "a thematic break", 12),
    ("正文。\n\n标题\n===\n", "underlined", 12),
    ("正文。\n\n北国风光，  \n千里冰封。\n", "a hard line break", 12),
    ("正文。\n\n北国风光，\n千里冰封，\\\n万里雪飘。\n", "a hard line break", 13),
    ("正文[^1]。\n\n[^1]: 注释*斜体*。\n", "italic", 12),
])
def test_markup_with_no_place_in_the_dialect_is_refused_at_its_line(body, what, line):
    with pytest.raises(UserError) as err:
        parse_body(body, "a.md", 10)
    assert what in str(err.value) and err.value.line == line


@pytest.mark.parametrize("text", ["网址（http://www.news.cn）。", "3*4=12，乘号一个。",
                                  "[1]: 参考文献的一行", "下划线_在_词中text_x_y"])
def test_text_commonmark_reads_as_text_prints_as_written(text):
    assert parse_body(text + "\n") == (Block(PARAGRAPH, (Span(text),)),)


def test_a_call_before_brackets_is_a_call_not_a_link():
    blocks = parse_body("正文[^1](2024)。\n\n[^1]: 注。\n")
    assert [s.style for s in blocks[0].spans] == ["text", FOOTNOTE, "text"]
    assert blocks[0].body_text == "正文(2024)。"
