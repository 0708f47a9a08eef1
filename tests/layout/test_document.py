"""The issue's articles composed in two halves at once give the views one by one gives."""
from __future__ import annotations

import os

import pytest

from publish.layout import apart as apartlib, document
from publish.layout.style import SOURCE_GRID
from publish.source_edition.composer import CuttingComposer, cuts_of


def _built(issue, monkeypatch, *, fork: bool, child_fails: bool = False):
    forked = []
    real = apartlib.apart

    def spy(fn, **kw):
        if not fork:
            return None
        parent = os.getpid()

        def work():
            if child_fails and os.getpid() != parent:
                raise RuntimeError("the child fails")
            return fn()
        forked.append(real(work, **kw))
        return forked[-1]
    monkeypatch.setattr(document, "apart", spy)
    monkeypatch.setattr(document, "APART_CHARS", 0)
    c = CuttingComposer(SOURCE_GRID, cuts_of(issue))
    return document.build_articles(c, issue), c.unfilled, forked


@pytest.fixture
def one_by_one(bundled_issue, monkeypatch):
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    views, unfilled, _ = _built(bundled_issue, monkeypatch, fork=False)
    return views, unfilled


@pytest.mark.parametrize("child_fails", [False, True])
def test_two_halves_give_the_views_and_notes_of_one_by_one(bundled_issue, monkeypatch,
                                                           one_by_one, child_fails):
    views, unfilled, forked = _built(bundled_issue, monkeypatch, fork=True,
                                     child_fails=child_fails)
    assert forked and (forked[0] is not None) == apartlib.can_fork()    # a child was forked
    assert [v.id for v in views] == [a.id for a in bundled_issue.articles]
    assert views == one_by_one[0]
    assert unfilled == one_by_one[1]


def test_the_child_takes_the_later_half_never_the_first_article(bundled_issue, monkeypatch):
    monkeypatch.setattr(document, "APART_CHARS", 0)
    arts = bundled_issue.articles
    misses = list(range(len(arts)))
    split = document._split(arts, misses)
    assert 0 < split < len(arts)
    size = [sum(len(b.text) for b in a.blocks) for a in arts]
    mine, theirs = sum(size[:split]), sum(size[split:])
    assert abs(mine - theirs) <= max(size)                  # halves by characters
    assert document._split(arts, misses[:1]) == len(arts)   # one article: no child
    monkeypatch.setattr(document, "APART_CHARS", sum(size) + 1)
    assert document._split(arts, misses) == len(arts)       # too little to fork for


def test_every_house_title_block_stands_one_blank_line_above_its_text(bundled_issue):
    """The block's slack to the grid goes above the title in the house style: the space
    under every title block is its blank line (the slack below made it 1 to 2 lines, a
    hole under a one-line title); the source edition, which keeps no blank line, keeps the
    slack as its gap. The block takes whole grid lines either way."""
    from publish.layout.style import OFFICIAL
    for style in (OFFICIAL, SOURCE_GRID):
        c = document.Composer(style)
        for art in bundled_issue.articles:
            head = document.build_title(c, art, bundled_issue)
            gap = style.title_gap_lines * style.pitch
            if gap:
                assert head.pad == gap and 0 <= head.room < style.pitch, art.id
            else:
                assert head.room == 0 and 0 <= head.pad < style.pitch, art.id
            height = head.title_lines * style.title_pitch + head.room + head.pad + \
                sum(str(html).count("<br") + 1 for _, html in head.lines) * style.pitch
            assert abs(height - head.grid_lines * style.pitch) < 0.01, art.id
