"""Composed articles in the cache: an entry pickled by other code is a miss, and a note."""
from __future__ import annotations

from publish import cache
from publish.layout import memo


def test_a_sealed_entry_pickled_by_other_code_is_a_miss_and_a_note(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("PUBLISH_CACHE", raising=False)
    cache.problems()
    stale = b"cno_such_module\nX\n."          # a class whose module has gone (moved code)
    cache.store(memo.KIND, "k", stale)
    assert memo.load("k") is None
    problems = cache.problems()
    assert len(problems) == 1 and "pickled by other code" in problems[0], problems
    memo.store("k2", {"a": 1})
    assert memo.load("k2") == {"a": 1} and cache.problems() == []
