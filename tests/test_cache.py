"""The cache never fails a build, and never fails it silently: what went wrong is kept for
the build's notes."""
from __future__ import annotations

import pytest

from publish import cache


@pytest.fixture
def blocker(tmp_path, monkeypatch):
    """A file where the cache folder should be: nothing can be stored."""
    path = tmp_path / "not-a-folder"
    path.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(path))
    monkeypatch.delenv("PUBLISH_CACHE", raising=False)
    cache.problems()
    return path


def test_a_cache_that_cannot_be_written_is_a_note_not_an_error(blocker):
    cache.store("article", "k1", b"data")
    cache.store("article", "k2", b"data")          # the same trouble is told once
    problems = cache.problems()
    assert len(problems) == 1 and "cannot store article entries" in problems[0], problems
    assert str(blocker) in problems[0]
    assert cache.problems() == []                    # told once, then gone
    assert cache.load("article", "k1") is None


def test_the_build_says_what_the_cache_could_not_store(blocker, tmp_path):
    from publish.commands.build import build_issue
    from publish.options import BuildOptions
    from tests.paths import BUNDLED
    written, notes = build_issue(BUNDLED, ["html"], tmp_path / "out", BuildOptions())
    assert [p.name for p in written if p.suffix == ".html"] == [f"{BUNDLED.name}.html"]
    told = [n for n in notes if n.startswith("cache: cannot store ")]
    assert len(told) == 1 and str(blocker) in told[0] and "outputs the same" in told[0], notes
