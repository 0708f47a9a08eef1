"""A 目录 with pages and articles without ``page:`` (a hand-made corpus): the 目录 is the
source page list, so each article takes the page of the 目录 line naming it, and the issue
builds in the source edition (it was built in the house edition without a word)."""
from __future__ import annotations

from types import SimpleNamespace

from publish import corpus, source_edition
from publish.source_edition.editions import SOURCE, edition_of, fallback_note
from tests.source_edition.handmade import para, write_corpus

NO_OPTION = SimpleNamespace(edition=None)


def _issue(root, toc):
    return corpus.load(write_corpus(
        root, [("甲文章", "\n\n".join([para(400)] * 3), None), ("乙文章", para(300), None)],
        toc=toc))


def test_articles_take_their_pages_from_the_toc_lines_naming_them(tmp_path):
    issue = _issue(tmp_path / "c", [("乙文章", 4), ("甲文章", 1)])     # printed out of order
    pages = {a.id: a.page for a in source_edition.with_toc_pages(issue).articles}
    assert pages == {"a1": 1, "a2": 4}
    at = {a.id: a.page_at for a in source_edition.with_toc_pages(issue).articles}
    assert at == {"a1": issue.toc[1].page_at, "a2": issue.toc[0].page_at}
    assert at["a1"].endswith("issue.yaml:12")


def test_a_toc_with_pages_alone_builds_the_source_edition_on_them(tmp_path):
    issue = _issue(tmp_path / "c", [("甲文章", 1), ("乙文章", 3)])
    assert source_edition.has_source_pages(issue)
    assert edition_of(issue, NO_OPTION) == SOURCE
    assert fallback_note(issue, NO_OPTION) is None
    plan = source_edition.plan(issue)
    starts = {p.article: p.number for p in plan.pagination.pages if p.block == -1}
    assert starts == {"a1": 1, "a2": 3}
    assert not plan.contradictions


def test_an_article_no_toc_line_names_still_lacks_its_page(tmp_path):
    issue = _issue(tmp_path / "c", [("甲文章", 1)])
    assert [a.page for a in source_edition.with_toc_pages(issue).articles] == [1, None]


def test_page_ends_past_the_text_never_stop_the_plan(tmp_path):
    """A model whose recorded page ends name a block or character the article lacks (made
    past the loader, which refuses them): the plan leaves them aside, never fails on them."""
    from dataclasses import replace
    from publish.model import PageBreak
    issue = _issue(tmp_path / "c", [("甲文章", 1), ("乙文章", 3)])
    art = replace(issue.articles[0], page_breaks=(PageBreak(99, 0), PageBreak(1, 99_999)))
    plan = source_edition.plan(replace(issue, articles=(art,) + issue.articles[1:]))
    assert {p.article for p in plan.pagination.pages} == {"a1", "a2"}
    assert all(p.block < len(art.blocks) for p in plan.pagination.pages if p.article == "a1")
