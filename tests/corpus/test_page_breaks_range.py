"""A ``page_breaks`` entry outside the body is refused at load, naming its line: it was taken
silently and later blamed on another article's 目录 line."""
from __future__ import annotations

import re

import pytest

from publish.corpus import load_article
from publish.errors import UserError
from publish.model import PageBreak

_ARTICLE = "---\nid: a\ntitle: 标题\npage_breaks:\n- [0, 2]\n- {entry}\n---\n\n甲乙丙丁。\n\n戊己。\n"


@pytest.mark.parametrize("entry, words", [
    ("[2, 1]", "there is no block 2, the body has 2"),
    ("[99, 5]", "there is no block 99"),
    ("[1, 4]", "block 1 has 3 characters"),
    ("[0, 100000]", "block 0 has 5 characters"),
])
def test_a_page_break_outside_the_body_is_refused_at_its_line(tmp_path, entry, words):
    path = tmp_path / "a.md"
    path.write_text(_ARTICLE.format(entry=entry), encoding="utf-8")
    with pytest.raises(UserError, match=words) as err:
        load_article(path)
    assert err.value.line == 6 and "a.md" in str(err.value)


@pytest.mark.parametrize("entry, expected", [("[1, 1]", PageBreak(1, 1)),
                                             ("[1, 3]", PageBreak(1, 3))])
def test_a_page_break_inside_the_body_loads(tmp_path, entry, expected):
    path = tmp_path / "a.md"
    path.write_text(_ARTICLE.format(entry=entry), encoding="utf-8")
    assert load_article(path).page_breaks == (PageBreak(0, 2), expected)


@pytest.mark.parametrize("entry", ["[0, 2]", "[0, 1]", "[0, 0]"],
                         ids=["repeated", "before it in the block", "at the block's start"])
def test_a_page_break_out_of_reading_order_is_refused_at_its_line(tmp_path, entry):
    """The k-th entry opens the k-th page: 100,000 copies of one entry took lint 49 s."""
    path = tmp_path / "a.md"
    path.write_text(_ARTICLE.format(entry=entry), encoding="utf-8")
    with pytest.raises(UserError, match=rf"entry {re.escape(entry)} does not come after the "
                       r"entry before it, \[0, 2\]") as err:
        load_article(path)
    assert err.value.line == 6 and "a.md" in str(err.value)


def test_page_breaks_in_reading_order_across_blocks_load(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(_ARTICLE.format(entry="[1, 0]"), encoding="utf-8")
    assert load_article(path).page_breaks == (PageBreak(0, 2), PageBreak(1, 0))
