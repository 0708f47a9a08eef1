"""Hostile input, round 5: what still ran for minutes or without bound. Each case: one line
naming the file (and line), exit status 2, no traceback, bounded time; nothing written."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests import tree
from tests.clirun import assert_user_error, publish


def _first_article(root: Path) -> Path:
    return sorted((root / "articles").glob("*.md"))[0]


def _set_key(path: Path, key: str, value: str, indent: str = "") -> int:
    """``key: value`` put in place of the first line of that key (added after the front
    matter's or file's first line when there is none); the file line it is on."""
    text = path.read_text(encoding="utf-8")
    line = f"{indent}{key}: {value}"
    pattern = re.compile(rf"^{re.escape(indent)}{re.escape(key)}: .*$", re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: line, text, count=1)
    else:
        first = text.index("\n", 4 if text.startswith("---\n") else 0) + 1
        text = text[:first] + line + "\n" + text[first:]
    path.write_text(text, encoding="utf-8")
    return text[: text.index(line)].count("\n") + 1


# ------------------------------------------- 1. a title of 10,000 characters (corpus)

_LONG = "中国共产党中央纪律检查委员会" * 720            # 10,080 characters


@pytest.mark.parametrize("where, key, indent", [
    ("article", "title", ""), ("article", "dateline", ""), ("article", "source", ""),
    ("issue", "title", ""), ("issue", "publisher", ""), ("toc", "title", "- "),
], ids=["article title", "dateline", "source", "issue title", "publisher", "toc title"])
def test_a_printed_line_of_10000_characters(corpus_copy, tmp_path, where, key, indent):
    """A title of 10,000 characters: lint took 22 s, the build 36 s (its 目录 entry composed
    again for each of its 400 lines); a dateline, a source or a cover line likewise."""
    path = _first_article(corpus_copy) if where == "article" else corpus_copy / "issue.yaml"
    line = _set_key(path, key, _LONG, indent)
    before = tree.hashes(corpus_copy)
    out = tmp_path / "out"
    for args in (("dump", corpus_copy), ("lint", corpus_copy),
                 ("build", corpus_copy, "--format", "html", "--out", out)):
        start = time.monotonic()
        assert_user_error(publish(*args), f"{path}:{line}: '{key}' holds 10,080 characters",
                          "at most 300")
        assert time.monotonic() - start < 10
    assert tree.hashes(corpus_copy) == before and not out.exists()


def test_a_deck_line_of_10000_characters(corpus_copy):
    path = _first_article(corpus_copy)
    line = _set_key(path, "deck", f"\n- 引题\n- {_LONG}")
    assert_user_error(publish("dump", corpus_copy), f"{path}:{line + 2}:", "'deck' holds")


def test_a_printed_line_of_300_characters_still_loads(corpus_copy):
    """The bound leaves room: a title of 300 characters (15 lines in print) is a title."""
    _set_key(_first_article(corpus_copy), "title", _LONG[:300])
    r = publish("dump", corpus_copy)
    assert r.returncode == 0, r.stderr
