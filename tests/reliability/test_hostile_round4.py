"""Hostile input, round 4: what still crashed, hung or ran for minutes. Each case: one line
naming the file (and line), exit status 2, no traceback, bounded time; nothing written."""
from __future__ import annotations

from pathlib import Path

from tests import tree
from tests.clirun import assert_user_error, publish, publish_process


def _first_article(root: Path) -> Path:
    return sorted((root / "articles").glob("*.md"))[0]


# ------------------------------------------------------- 1. YAML deep or huge (yamlio)

def test_yaml_nested_deep_in_front_matter(corpus_copy, tmp_path):
    """100,000 `- ` on one front-matter line: a segfault (exit 139, no word) in every command."""
    art = _first_article(corpus_copy)
    art.write_text(art.read_text(encoding="utf-8").replace(
        "\n---\n", "\nx:\n" + "- " * 100_000 + "a\n---\n", 1), encoding="utf-8")
    before = tree.hashes(corpus_copy)
    for command in ("dump", "lint"):
        r = publish_process(command, corpus_copy, timeout=120)
        assert_user_error(r, f"{art}:", "nested more than 64 levels deep")
    assert tree.hashes(corpus_copy) == before


def test_a_huge_issue_yaml(corpus_copy):
    issue = corpus_copy / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8") + "x:\n" + "- a\n" * 300_000,
                     encoding="utf-8")
    assert_user_error(publish("dump", corpus_copy), f"{issue}:1:", "characters of YAML")
