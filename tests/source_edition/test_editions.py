"""Which edition an issue is built in, and the note when a partial page list decides it."""
from __future__ import annotations

from dataclasses import replace

import pytest

from publish.options import BuildOptions
from publish.source_edition.editions import OFFICIAL, SOURCE, edition_of, fallback_note


def _without_page(issue, *indexes):
    arts = tuple(replace(a, page=None) if i in indexes else a
                 for i, a in enumerate(issue.articles))
    return replace(issue, articles=arts)


def test_every_article_with_its_page_is_the_source_edition_without_a_note(bundled_issue):
    assert edition_of(bundled_issue, BuildOptions()) == SOURCE
    assert fallback_note(bundled_issue, BuildOptions()) is None


def test_one_article_without_its_page_is_still_the_source_edition(bundled_issue):
    """A 目录 line lost (or an article never listed) leaves the other pages citable: the
    article is placed after the one before it (see test_plan)."""
    issue = _without_page(bundled_issue, 3)
    assert edition_of(issue, BuildOptions()) == SOURCE
    assert fallback_note(issue, BuildOptions()) is None


@pytest.mark.parametrize("missing", ["first", "over half"])
def test_without_the_first_page_or_most_pages_the_house_edition_says_which(bundled_issue,
                                                                            missing):
    n = len(bundled_issue.articles)
    indexes = [0] if missing == "first" else list(range(1, n // 2 + 2))
    issue = _without_page(bundled_issue, *indexes)
    assert edition_of(issue, BuildOptions()) == OFFICIAL
    note = fallback_note(issue, BuildOptions())
    assert note.startswith("edition official") and issue.articles[indexes[0]].id in note
    assert f"{len(indexes)} of {n}" in note and "the first article" in note


def test_no_note_when_the_house_edition_was_asked_for_or_no_article_has_a_page(bundled_issue):
    issue = _without_page(bundled_issue, 3)
    assert fallback_note(issue, BuildOptions(edition=OFFICIAL)) is None
    assert fallback_note(replace(issue, edition=OFFICIAL), BuildOptions()) is None
    none = _without_page(bundled_issue, *range(len(bundled_issue.articles)))
    assert fallback_note(none, BuildOptions()) is None
