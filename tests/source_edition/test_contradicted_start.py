"""A 目录 page the text contradicts (the article before needs more pages than it leaves):
the article starts where the text before it ends, with its title on its text's page, no
page is left blank, and the notes say one thing about the pages the article before fills."""
from __future__ import annotations

import re

from publish import corpus, source_edition
from tests.source_edition.handmade import para, write_corpus


def _plan(root):
    a1 = "\n\n".join(para(n) for n in (63, 67, 158, 446, 827, 456))
    a2 = "\n\n".join(para(n) for n in (456, 289))
    a3 = "\n\n".join(para(n) for n in (154, 291, 176))
    return source_edition.plan(corpus.load(write_corpus(
        root, [("第一篇文章", a1, 1), ("第二篇文章", a2, 2), ("第三篇文章", a3, 9)])))


def _pages(p, article: str) -> list[int]:
    return [s.number for s in p.pagination.pages if s.article == article]


def test_the_article_after_a_contradicted_page_starts_where_the_text_ends(tmp_path):
    p = _plan(tmp_path / "c")
    a1, a2 = _pages(p, "a1"), _pages(p, "a2")
    assert [c.article for c in p.contradictions][:1] == ["a2"]
    assert a2[0] == a1[-1] + 1                       # no spread, no blank page between
    assert not any(av.blank_pages_before for av in p.view.articles)
    assert not [s for s in p.spread if s.article == "a1"], [s.line() for s in p.spread]


def test_a_moved_title_keeps_its_text_on_its_page(tmp_path):
    p = _plan(tmp_path / "c")
    for f in p.fills:
        first = next(s for s in p.pagination.pages if s.article == f.article)
        if f.folio == first.number and not f.last:
            assert f.lines > p.view.articles[0].head.grid_lines + 1, f


def test_the_contradiction_and_the_spread_note_agree_on_the_pages_before(tmp_path):
    p = _plan(tmp_path / "c")
    said = re.search(r"fills (\d+) page\(s\) from page (\d+)", p.contradictions[0].detail)
    assert said, p.contradictions[0].detail
    start = int(said.group(2))
    article = next(s.article for s in p.pagination.pages if s.number == start)
    assert len(_pages(p, article)) == int(said.group(1))
    for s in p.spread:
        if s.article == article:
            assert s.fills == int(said.group(1)), (s.line(), p.contradictions[0].line())
