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


# ------------------------------------ 2. what is no regular file (errors.read_bytes)

def test_an_article_linked_to_itself(corpus_copy, tmp_path):
    """A symbolic-link loop where an article belongs: a RuntimeError traceback."""
    art = _first_article(corpus_copy)
    art.unlink()
    art.symlink_to(art.name)
    for command in ("dump", "lint"):
        assert_user_error(publish(command, corpus_copy), f"{art}: is a symbolic link loop")


def test_an_article_that_is_a_fifo(corpus_copy, tmp_path):
    """Every command blocked for ever, reading it."""
    import os
    art = _first_article(corpus_copy)
    art.unlink()
    os.mkfifo(art)
    for command in ("dump", "lint"):
        r = publish_process(command, corpus_copy, timeout=60)
        assert_user_error(r, f"{art}: is a named pipe (FIFO), not a file")


def test_import_from_a_pipe_is_refused(tmp_path):
    """`publish import <(iconv …)`: the importer read the pipe, then the copy kept in
    source/ read it again and got nothing: a corpus whose raw text was an empty `63`."""
    import subprocess
    import sys
    from tests.paths import bundled_source
    out = tmp_path / "corpus"
    with subprocess.Popen(["cat", str(bundled_source())], stdout=subprocess.PIPE) as cat:
        fd = cat.stdout.fileno()
        r = subprocess.run([sys.executable, "-m", "publish.cli", "import", f"/dev/fd/{fd}",
                            "--out", str(out)], pass_fds=(fd,), capture_output=True,
                           text=True, timeout=300)
    assert_user_error(r, "is a named pipe (FIFO), not a file")
    assert not out.exists() and list(tmp_path.iterdir()) == []
