"""A block longer than a page (one paragraph of many pages): the calibration and the plan
measure it as they measure the same text in several paragraphs — a page inside the block
is full, so it fills its 目录 pages on a few grids only, never the densest."""
from __future__ import annotations

from publish import corpus, source_edition
from tests.source_edition.handmade import para, write_corpus


def _plan(root, paragraphs: list[str]):
    return source_edition.plan(corpus.load(write_corpus(
        root, [("一段很长的文章", "\n\n".join(paragraphs), 1), ("第二篇", para(300), 14)])))


def test_one_paragraph_of_many_pages_calibrates_as_the_same_text_in_eight(tmp_path):
    one = _plan(tmp_path / "one", [para(8000)])
    eight = _plan(tmp_path / "eight", [para(1000)] * 8)
    assert not eight.contradictions                  # the page list fits the text
    assert not one.contradictions, [c.line() for c in one.contradictions]
    assert one.calibration.lines_per_page == eight.calibration.lines_per_page
    assert one.calibration.articles_counted == 1 == one.calibration.articles_fitting
    a2 = [p.number for p in one.pagination.pages if p.article == "a2"]
    assert a2 == [14]


def test_a_page_with_no_notes_is_never_said_to_hold_them(tmp_path):
    p = _plan(tmp_path / "one", [para(8000)])
    assert not [n for n in p.notes if "and footnotes" in n], p.notes
