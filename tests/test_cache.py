"""The cache never fails a build, and never fails it silently: what went wrong is kept for
the build's notes. Its keys read the code they depend on from the code itself: a module the
result comes to depend on is in its key as soon as something imports it, wherever it lies."""
from __future__ import annotations

import os
import shutil
import time

import pytest

from publish import cache
from publish.layout import document, memo
from tests.paths import ROOT


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A copy of publish/'s code that the keys read instead of the real one."""
    copy = tmp_path / "publish"
    shutil.copytree(ROOT / "publish", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    memo.code_key.cache_clear()
    yield copy
    memo.code_key.cache_clear()


def _article_key(issue) -> str | None:
    memo.code_key.cache_clear()
    return memo.key(document.Composer(), issue.articles[0], issue)


def _append(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_new_module_the_layout_imports_invalidates_the_article_cache(package, bundled_issue):
    before = _article_key(bundled_issue)
    assert before
    # a new package no glob would have named, imported by the composer (lazily, even)
    (package / "hyphen").mkdir()
    (package / "hyphen" / "__init__.py").write_text('"""New."""\n', encoding="utf-8")
    (package / "hyphen" / "rules.py").write_text("BREAK = 1\n", encoding="utf-8")
    assert _article_key(bundled_issue) == before         # nothing imports it yet
    _append(package / "layout" / "compose.py",
            "\n\ndef _new():\n    from ..hyphen import rules\n    return rules.BREAK\n")
    imported = _article_key(bundled_issue)
    assert imported != before
    _append(package / "hyphen" / "rules.py", "BREAK = 2\n")   # and its every edit
    assert _article_key(bundled_issue) != imported


def test_code_the_layout_does_not_import_leaves_the_article_cache(package, bundled_issue):
    before = _article_key(bundled_issue)
    _append(package / "writers" / "epub.py", "\n# an EPUB change\n")
    _append(package / "check" / "lint.py", "\n# a lint change\n")
    assert _article_key(bundled_issue) == before


def test_the_closure_follows_lazy_relative_and_parent_imports():
    files, outside = cache.import_closure(["publish.render.units"])
    names = {p.relative_to(ROOT / "publish").as_posix() for p in files}
    assert {"render/units.py", "render/unitpdf.py", "render/__init__.py", "__init__.py",
            "layout/document.py", "layout/compose.py", "model.py", "cache.py"} <= names
    assert "render/assemble.py" not in names          # the joining comes after the cache
    assert "writers/pdf.py" not in names
    assert "weasyprint" in outside                    # imported inside a function
    assert "json" not in outside and "dataclasses" not in outside


def test_outside_versions_are_in_the_key(monkeypatch):
    before = cache.code_key("publish.layout.words")
    monkeypatch.setattr(cache, "_versions", lambda names: tuple(f"{n}=0" for n in names))
    assert cache.code_key("publish.layout.words") != before


def test_templates_and_fonts_count_when_named(package, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    (templates / "print").mkdir(parents=True)
    (templates / "print" / "a.css").write_text("a {}", encoding="utf-8")
    monkeypatch.setattr(cache, "TEMPLATES", templates)
    before = cache.code_key("publish.model", templates=("print",))
    assert cache.code_key("publish.model") != before
    (templates / "print" / "a.css").write_text("a { color: red }", encoding="utf-8")
    assert cache.code_key("publish.model", templates=("print",)) != before


def test_a_module_that_is_not_there_is_an_error():
    with pytest.raises(LookupError):
        cache.code_key("publish.no_such_module")


def test_versions_are_kept_until_a_folder_on_the_path_changes(tmp_path, monkeypatch):
    from importlib import metadata
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(cache.sys, "path", [str(site)])
    versions = cache._versions.__wrapped__           # without the in-process memo
    monkeypatch.setattr(metadata, "version", lambda name: "1.0")
    assert versions(("jieba",)) == ("jieba=1.0",)
    monkeypatch.setattr(metadata, "version", lambda name: "2.0")
    assert versions(("jieba",)) == ("jieba=1.0",)      # kept: nothing was installed
    (site / "jieba-2.0.dist-info").mkdir()             # an install changes the folder
    assert versions(("jieba",)) == ("jieba=2.0",)


@pytest.mark.parametrize("entry", ["", "here"])
def test_versions_are_kept_though_the_working_folder_changes(tmp_path, monkeypatch, entry):
    """``python -c`` puts '' (the working folder) on the path, ``-m`` its absolute path; a
    file made there is no install, so the stored answer holds."""
    from importlib import metadata
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(cache.sys, "path", [str(work) if entry == "here" else entry])
    versions = cache._versions.__wrapped__
    monkeypatch.setattr(metadata, "version", lambda name: "1.0")
    assert versions(("jieba",)) == ("jieba=1.0",)
    monkeypatch.setattr(metadata, "version", lambda name: "2.0")
    os.utime(work, ns=(1, 1))                      # the folder's time moves: a file was made
    (work / "out.pdf").write_bytes(b"")
    assert versions(("jieba",)) == ("jieba=1.0",)


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


def test_the_build_says_what_the_cache_could_not_store(blocker, corpus_copy, tmp_path):
    """On an issue this process has not built yet: a build of the same issue earlier in the
    session (the proof report's tests) leaves its page plan in memory, and nothing to store."""
    from publish.commands.build import build_issue
    from publish.options import BuildOptions
    first = sorted((corpus_copy / "articles").glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n缓存测试。\n", encoding="utf-8")
    written, notes = build_issue(corpus_copy, ["html"], tmp_path / "out", BuildOptions())
    assert [p.name for p in written if p.suffix == ".html"] == [f"{corpus_copy.name}.html"]
    told = [n for n in notes if n.startswith("cache: cannot store ")]
    assert len(told) == 1 and str(blocker) in told[0] and "outputs the same" in told[0], notes


def test_with_the_cache_off_the_code_is_not_read(package, monkeypatch):
    """Nothing is stored or read under a key then: a cold build does not parse the
    package's sources, and its keys' code part is one no other process has."""
    on = cache.code_key("publish.layout.words")
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    monkeypatch.setattr(cache, "_imports", lambda *a: pytest.fail("the code was read"))
    off = cache.code_key("publish.layout.words")
    assert off == cache.code_key("publish.model") != on
    assert str(os.getpid()) in off


def _entry(base, kind: str, name: str, size: int, age: float) -> "os.PathLike":
    path = base / kind / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def test_trim_removes_the_least_recently_used_entries_past_the_limit(tmp_path):
    old = _entry(tmp_path, "unit", "a", 400, age=3000)
    used = _entry(tmp_path, "article", "b", 400, age=2000)
    young = _entry(tmp_path, "unit", "c", 400, age=1)
    hidden = _entry(tmp_path, "unit", ".c.part", 400, age=5000)
    assert cache.trim(tmp_path, 1000) == 400
    assert not old.exists()
    assert used.exists() and young.exists() and hidden.exists()
    assert cache.trim(tmp_path, 1000) == 0             # at most the limit now: nothing goes


def test_trim_leaves_a_folder_within_its_limit(tmp_path):
    kept = [_entry(tmp_path, "unit", str(i), 100, age=9000) for i in range(5)]
    assert cache.trim(tmp_path, 500) == 0
    assert all(p.exists() for p in kept)


def test_a_load_marks_the_entry_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.store("unit", "k", b"data")
    path = tmp_path / "publish" / "unit" / "k"
    os.utime(path, (1, 1))
    assert cache.load("unit", "k") == b"data"
    assert path.stat().st_mtime > time.time() - 60


def test_the_first_store_an_hour_trims_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("PUBLISH_CACHE_SIZE", "1M")
    base = tmp_path / "publish"
    stale = _entry(base, "unit", "old", 2 << 20, age=7200)
    monkeypatch.setattr(cache, "_trim_looked", False)
    cache.store("unit", "new", b"data")
    assert not stale.exists()
    again = _entry(base, "unit", "old2", 2 << 20, age=7200)
    monkeypatch.setattr(cache, "_trim_looked", False)   # another process, within the hour
    cache.store("unit", "new2", b"data")
    assert again.exists()


@pytest.mark.parametrize("text, size", [("500M", 500 << 20), ("2G", 2 << 30),
                                        ("1048576", 1 << 20), ("1.5m", 1536 << 10),
                                        ("", 1 << 30)])
def test_the_size_limit_is_read_from_the_environment(monkeypatch, text, size):
    monkeypatch.setenv("PUBLISH_CACHE_SIZE", text)
    assert cache.size_limit() == size


@pytest.mark.parametrize("text", ["lots", "0.5", "1.5k"])
def test_a_size_limit_that_is_no_size_is_named_not_fatal(monkeypatch, text):
    """0.5 was half a byte: every hour the cache was emptied."""
    cache.problems()
    monkeypatch.setenv("PUBLISH_CACHE_SIZE", text)
    assert cache.size_limit() == cache.DEFAULT_SIZE
    assert any(f"PUBLISH_CACHE_SIZE={text!r}" in line for line in cache.problems())
