"""Characters a line are cached under what calibration reads: an edit to a paragraph no page
end falls in calibrates again (issue.yaml's grid is stale) without composing every article
at every count, and gives what a calibration without the cache gives."""
from __future__ import annotations

from dataclasses import replace

from publish import cache
from publish.layout.style import SOURCE_GRID
from publish.model import PARAGRAPH, Span
from publish.source_edition import calibrate


def _edited(issue):
    """One sentence added to a paragraph of an article that no recorded page end falls in."""
    for k, art in enumerate(issue.articles):
        cut = {pb.block for pb in art.page_breaks}
        for j, block in enumerate(art.blocks):
            if block.type == PARAGRAPH and j not in cut:
                new = replace(block, spans=block.spans + (Span("谨此校订。"),))
                arts = list(issue.articles)
                arts[k] = replace(art, blocks=art.blocks[:j] + (new,) + art.blocks[j + 1:])
                return replace(issue, articles=tuple(arts))
    raise AssertionError("no paragraph outside the page ends")


def test_an_edit_elsewhere_reuses_the_count(bundled_issue, tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    cold = calibrate.chars_per_line(bundled_issue, SOURCE_GRID)
    monkeypatch.delenv("PUBLISH_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert calibrate.chars_per_line(bundled_issue, SOURCE_GRID) == cold     # computed, kept
    edited = _edited(bundled_issue)
    calls = []
    real = calibrate._hits
    monkeypatch.setattr(calibrate, "_hits", lambda *a: calls.append(a) or real(*a))
    assert calibrate.chars_per_line(edited, SOURCE_GRID) == cold
    assert calls == []                                  # nothing composed again
    # a recorded grid's count is remembered, its hits counted once, at that count only
    other = replace(SOURCE_GRID, body_size=SOURCE_GRID.body_size + 0.5)
    calibrate.remember(bundled_issue, other, cold[0])
    assert len(calls) == 1
    assert calibrate.chars_per_line(bundled_issue, other)[0] == cold[0]
    calibrate.remember(bundled_issue, other, cold[0])
    assert len(calls) == 1
    # an edit inside a block a page end falls in is a miss: calibrated in full
    art = next(a for a in bundled_issue.articles if a.page_breaks)
    block = art.page_breaks[0].block
    changed = replace(art, blocks=tuple(
        replace(b, spans=b.spans + (Span("谨此校订。"),)) if i == block else b
        for i, b in enumerate(art.blocks)))
    assert calibrate._key(replace(bundled_issue, articles=(changed,) + bundled_issue.articles[1:]),
                          SOURCE_GRID) != calibrate._key(bundled_issue, SOURCE_GRID)
    assert cache.folder() is not None


def test_a_remembered_count_gives_what_calibration_gives(bundled_issue, tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    cold = calibrate.chars_per_line(bundled_issue, SOURCE_GRID)
    monkeypatch.delenv("PUBLISH_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calibrate.remember(bundled_issue, SOURCE_GRID, cold[0])
    assert calibrate.chars_per_line(bundled_issue, SOURCE_GRID) == cold     # hits included
