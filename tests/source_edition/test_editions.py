"""Which edition an issue is built in, and the note when a partial page list decides it."""
from __future__ import annotations

from dataclasses import replace

from publish.options import BuildOptions
from publish.source_edition.editions import OFFICIAL, SOURCE, edition_of, fallback_note


def _without_page(issue, *indexes):
    """The issue with those articles' pages lost: their ``page:`` and their 目录 lines (an
    article without ``page:`` takes its 目录 line's)."""
    arts = tuple(replace(a, page=None) if i in indexes else a
                 for i, a in enumerate(issue.articles))
    toc = tuple(e for i, e in enumerate(issue.toc) if i not in indexes)
    return replace(issue, articles=arts, toc=toc)


def test_every_article_with_its_page_is_the_source_edition_without_a_note(bundled_issue):
    assert edition_of(bundled_issue, BuildOptions()) == SOURCE
    assert fallback_note(bundled_issue, BuildOptions()) is None


def test_one_article_without_its_page_is_still_the_source_edition(bundled_issue):
    """A 目录 line lost (or an article never listed) leaves the other pages citable: the
    article is placed after the one before it (see test_plan)."""
    issue = _without_page(bundled_issue, 3)
    assert edition_of(issue, BuildOptions()) == SOURCE
    assert fallback_note(issue, BuildOptions()) is None


def test_without_most_pages_the_house_edition_says_which(bundled_issue):
    n = len(bundled_issue.articles)
    indexes = list(range(0, n // 2 + 1))
    issue = _without_page(bundled_issue, *indexes)
    assert edition_of(issue, BuildOptions()) == OFFICIAL
    note = fallback_note(issue, BuildOptions())
    assert note.startswith("edition official") and issue.articles[0].id in note
    assert f"{len(indexes)} of {n}" in note and "at least half" in note
    assert edition_of(_without_page(bundled_issue, *indexes[:-1]), BuildOptions()) == SOURCE


def test_no_note_when_the_house_edition_was_asked_for_or_no_article_has_a_page(bundled_issue):
    issue = _without_page(bundled_issue, 3)
    assert fallback_note(issue, BuildOptions(edition=OFFICIAL)) is None
    assert fallback_note(replace(issue, edition=OFFICIAL), BuildOptions()) is None
    none = _without_page(bundled_issue, *range(len(bundled_issue.articles)))
    assert fallback_note(none, BuildOptions()) is None


def test_an_unlisted_first_article_needs_room_before_the_first_page_given(bundled_issue):
    """The first article without its page starts on page 1 when the next one's page leaves
    it room; with none (a 卷首语 the source printed on page 1 with the first article), the
    source edition cannot set it, and the house edition is built."""
    issue = _without_page(bundled_issue, 0)
    assert bundled_issue.articles[1].page > 1
    assert edition_of(issue, BuildOptions()) == SOURCE
    arts = (replace(bundled_issue.articles[0], id="juan-shou-yu", title="卷首语", page=None),
            *bundled_issue.articles)
    crowded = replace(bundled_issue, articles=arts)
    assert bundled_issue.articles[0].page == 1
    assert edition_of(crowded, BuildOptions()) == OFFICIAL
    assert "juan-shou-yu" in fallback_note(crowded, BuildOptions())

