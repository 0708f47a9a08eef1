"""Editors' round trip, round 6: what Word, WPS and LibreOffice do to our DOCX comes back
as exactly the edit, and what the corpus cannot hold is one line each."""
from __future__ import annotations

from publish.model import PARAGRAPH, Article, Block, PageBreak, Span
from publish.readers.docx import remap_breaks


def paragraphs(*texts: str) -> tuple[Block, ...]:
    return tuple(Block(PARAGRAPH, (Span(t),)) for t in texts)


def test_a_paragraph_split_before_its_source_page_break_takes_the_break_along():
    art = Article("a", "题", blocks=paragraphs("甲乙丙丁。戊己庚辛", "子丑"),
                  page_breaks=(PageBreak(0, 7),))
    warnings: list[str] = []
    split = paragraphs("甲乙丙丁。", "戊己庚辛", "子丑")
    assert remap_breaks(art, split, warnings) == (PageBreak(1, 2),)
    assert warnings == []


def test_two_paragraphs_joined_keep_the_break_of_the_second_at_its_place_in_the_one():
    art = Article("a", "题", blocks=paragraphs("甲乙丙丁。", "戊己庚辛", "子丑"),
                  page_breaks=(PageBreak(1, 2),))
    warnings: list[str] = []
    joined = paragraphs("甲乙丙丁。戊己庚辛", "子丑")
    assert remap_breaks(art, joined, warnings) == (PageBreak(0, 7),)
    assert warnings == []


def test_a_split_exactly_at_the_break_leaves_it_at_the_end_of_the_first_part():
    art = Article("a", "题", blocks=paragraphs("甲乙丙丁戊己"), page_breaks=(PageBreak(0, 3),))
    warnings: list[str] = []
    assert remap_breaks(art, paragraphs("甲乙丙", "丁戊己"), warnings) == (PageBreak(0, 3),)
    assert warnings == []
