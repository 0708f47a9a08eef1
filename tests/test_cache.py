"""The cache never fails a build, and never fails it silently: what went wrong is kept for
the build's notes."""
from __future__ import annotations

from publish import cache


def test_a_cache_that_cannot_be_written_is_a_note_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv("PUBLISH_CACHE", raising=False)
    cache.problems()
    cache.store("article", "k1", b"data")
    cache.store("article", "k2", b"data")          # the same trouble is told once
    problems = cache.problems()
    assert len(problems) == 1 and "cannot store article entries" in problems[0], problems
    assert str(blocker) in problems[0]
    assert cache.problems() == []                    # told once, then gone
    assert cache.load("article", "k1") is None


def test_the_build_says_what_the_cache_could_not_store(tmp_path, monkeypatch):
    from publish.commands.build import build_issue
    from publish.options import BuildOptions
    from tests.paths import BUNDLED
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv("PUBLISH_CACHE", raising=False)
    cache.problems()
    written, notes = build_issue(BUNDLED, ["html"], tmp_path / "out", BuildOptions())
    assert [p.name for p in written if p.suffix == ".html"] == [f"{BUNDLED.name}.html"]
    told = [n for n in notes if n.startswith("cache: cannot store ")]
    assert len(told) == 1 and str(blocker) in told[0] and "outputs the same" in told[0], notes
