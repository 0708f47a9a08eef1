"""The counts of characters a line tried in two halves at once (the later in a forked child)
score as they score one by one, also when the child fails."""
from __future__ import annotations

import os

import pytest

from publish.layout import apart as apartlib, document
from publish.layout.style import SOURCE_GRID
from publish.source_edition import calibrate

from .variants import printed_on

COUNTS = list(range(22, 31))


def _hits(issue, monkeypatch, *, fork: bool, child_fails: bool = False):
    forked = []
    parent = os.getpid()
    real = calibrate._hits

    def hits(issue, style):
        if child_fails and os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(issue, style)

    def spy(fn, **kw):
        forked.append(apartlib.apart(fn, **kw) if fork else None)
        return forked[-1]
    monkeypatch.setattr(calibrate, "_hits", hits)
    monkeypatch.setattr(calibrate, "apart", spy)
    monkeypatch.setattr(document, "APART_CHARS", 0)
    return calibrate._all_hits(issue, SOURCE_GRID, COUNTS), forked


@pytest.mark.parametrize("child_fails", [False, True])
def test_two_halves_score_as_one_by_one(bundled_issue, monkeypatch, child_fails):
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    issue, _ = printed_on(bundled_issue, 26, 24, 6)
    alone, _ = _hits(issue, monkeypatch, fork=False)
    apart, forked = _hits(issue, monkeypatch, fork=True, child_fails=child_fails)
    assert forked and (forked[0] is not None) == apartlib.can_fork()    # a child was forked
    assert apart == alone
    assert alone[COUNTS.index(26)] == max(alone)            # the grid it was printed on


def test_no_child_when_each_count_composes_little(bundled_issue, monkeypatch):
    """A rebuild after an edit: the cache holds every block but the edited one's, so each
    count composes little, and a child would cost more than it saves."""
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    issue, _ = printed_on(bundled_issue, 26, 24, 3)
    forked = []
    monkeypatch.setattr(calibrate, "apart", lambda fn, **kw: forked.append(fn))
    monkeypatch.setattr(document, "APART_CHARS", 10**9)
    scores = calibrate._all_hits(issue, SOURCE_GRID, COUNTS)
    assert forked == [] and len(scores) == len(COUNTS)
    assert scores[COUNTS.index(26)] == max(scores)
