"""Nothing a user made is lost: imports never overwrite a corpus, writes never stop half-way.

Each case works on a copy of the bundled corpus and compares the tree by hashes with what
the command must leave: unchanged, or changed only where the user asked.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from publish.render import pagecache
from publish.model import PageStart, Pagination
from publish.writers import BuildOptions
from tests import tree
from tests.clirun import assert_user_error, publish, publish_process
from tests.paths import BUNDLED, bundled_source


def _one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("publish: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


# ------------------------------------------------------------------ import over a corpus

def test_import_into_an_existing_corpus_refuses(corpus_copy):
    art = sorted((corpus_copy / "articles").glob("*.md"))[3]
    art.write_text(art.read_text(encoding="utf-8") + "\n编辑补的一段。\n", encoding="utf-8")
    (corpus_copy / "articles" / "99-draft.md").write_text("草稿", encoding="utf-8")
    before = tree.hashes(corpus_copy)
    r = publish("import", bundled_source(), "--out", corpus_copy)
    assert_user_error(r, str(corpus_copy), "--force")
    _one_error_line(r)
    assert tree.hashes(corpus_copy) == before


def test_import_with_force_moves_the_old_corpus_aside(corpus_copy, tmp_path):
    (corpus_copy / "articles" / "99-draft.md").write_text("草稿", encoding="utf-8")
    before = tree.hashes(corpus_copy)
    raw = tmp_path / "raw.txt"
    shutil.copyfile(bundled_source(), raw)
    r = publish("import", raw, "--out", corpus_copy, "--force")
    assert r.returncode == 0, r.stderr
    aside = corpus_copy.parent / f".{corpus_copy.name}.old"
    assert f"moved the old corpus to {aside}" in r.stderr
    assert tree.hashes(aside) == before                       # every old byte kept
    new = tree.hashes(corpus_copy)
    assert "articles/99-draft.md" not in new and "issue.yaml" in new
    assert new["source/raw.txt"] == tree.hashes(tmp_path)["raw.txt"]
    r = publish("import", raw, "--out", corpus_copy, "--force")      # a second time: -2
    assert (corpus_copy.parent / f".{corpus_copy.name}.old-2").is_dir()
    assert tree.hashes(aside) == before


def test_import_next_to_its_raw_source_only(tmp_path):
    """What `make publish` does for a bundled issue that has only its raw text."""
    target = tmp_path / "2024-02"
    (target / "source").mkdir(parents=True)
    raw = target / "source" / bundled_source().name
    shutil.copyfile(bundled_source(), raw)
    before = tree.hashes(target)
    r = publish("import", raw, "--out", target)
    assert r.returncode == 0, r.stderr
    after = tree.hashes(target)
    assert {k: after[k] for k in before} == before              # the source kept as it was
    assert {k for k in after if not k.startswith("source/")} >= {"issue.yaml", "import-log.json"}
    assert tree.hashes(target) == {**tree.hashes(BUNDLED)}      # the bundled corpus, exactly
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_corpus_without_issue_yaml_is_still_a_corpus(corpus_copy):
    """`make publish` imports only where issue.yaml is missing; articles/ still stops it."""
    (corpus_copy / "issue.yaml").unlink()
    before = tree.hashes(corpus_copy)
    raw = next((corpus_copy / "source").glob("*.txt"))
    assert_user_error(publish("import", raw, "--out", corpus_copy), "already exists")
    assert tree.hashes(corpus_copy) == before
    makefile = (BUNDLED.parent.parent / "Makefile").read_text(encoding="utf-8")
    assert "if [ ! -f $$d/issue.yaml ]" in makefile and "--force" not in makefile


# --------------------------------------------------------------------- interrupted writes

def test_stale_part_files_are_removed_and_live_ones_kept(corpus_copy, tmp_path):
    out = tmp_path / "out" / "2024-02"
    out.mkdir(parents=True)
    dead = _dead_pid()
    stale = [out / f".2024-02.pdf.{dead}.k3j4h5g6.part", out / ".2024-02.html.ab12cd34.part"]
    live = out / f".2024-02.docx.{os.getpid()}.zz99yy88.part"
    mine = out / ".notes.part"                                   # not named after an output
    for p in stale + [live, mine]:
        p.write_bytes(b"half")
    # a real process: the live file's pid (this one) is another process's, not the build's
    r = publish_process("build", corpus_copy, "--format", "html", "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert not any(p.exists() for p in stale)
    assert live.exists() and mine.exists()


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _tmpfs(path: Path, size: str) -> Path:
    path.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({r.stderr.strip() or 'not root'})")
    return path


@pytest.fixture
def small_disk(tmp_path):
    mount = _tmpfs(tmp_path / "disk", "256k")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_import_onto_a_full_disk(small_disk):
    target = small_disk / "2024-02"
    r = publish("import", bundled_source(), "--out", target)
    assert_user_error(r, "No space left")
    _one_error_line(r)
    assert list(small_disk.iterdir()) == []                     # no half corpus, no staging


def test_import_onto_a_full_disk_keeps_the_raw_source(small_disk):
    target = small_disk / "2024-02"
    (target / "source").mkdir(parents=True)
    shutil.copyfile(bundled_source(), target / "source" / "raw.txt")
    before = tree.hashes(target)
    r = publish("import", target / "source" / "raw.txt", "--out", target)
    assert_user_error(r, "No space left")
    assert tree.hashes(target) == before
    assert [p.name for p in small_disk.iterdir()] == ["2024-02"]


def test_build_onto_a_full_disk(corpus_copy, small_disk, tmp_path):
    before = tree.hashes(corpus_copy)
    r = publish("build", corpus_copy, "--format", "html", "--out", small_disk)
    assert_user_error(r, "No space left")
    _one_error_line(r)
    assert publish("build", corpus_copy, "--format", "html", "--out", tmp_path / "roomy"
                   ).returncode == 0
    whole = tree.hashes(tmp_path / "roomy")
    left = tree.hashes(small_disk)
    assert "2024-02/2024-02.html" not in left and not [k for k in left if k.endswith(".part")]
    assert all(whole.get(k) == v for k, v in left.items())      # what is there is whole
    assert tree.hashes(corpus_copy) == before


# ------------------------------------------------------------------------------- cache

def test_a_tampered_layout_entry_is_ignored_and_rebuilt(bundled_issue, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = bundled_issue.articles[0].id
    pages = Pagination((PageStart(1, first, -1, 0), PageStart(2, first, 3, 17)))
    options = BuildOptions()
    pagecache.store(bundled_issue, options, pages)
    entry = next((tmp_path / "publish" / "layout").iterdir())
    seal, _, body = entry.read_bytes().partition(b"\n")
    data = json.loads(body)
    for p in data["pages"]:
        p["number"] += 5                                           # an edit that still parses
    entry.write_bytes(seal + b"\n" + json.dumps(data).encode())
    assert pagecache.load(bundled_issue, options) is None
    entry.write_bytes(json.dumps(data).encode())                   # an entry without a seal
    assert pagecache.load(bundled_issue, options) is None
    pagecache.store(bundled_issue, options, pages)              # the rebuild replaces it
    assert pagecache.load(bundled_issue, options) == pages


# ---------------------------------------------------------------------- two ids, one build

def test_two_issues_with_one_id_are_refused_before_writing(corpus_copy, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(corpus_copy, twin)
    out = tmp_path / "out"
    r = publish("build", corpus_copy, twin, "--format", "html", "--out", out)
    assert_user_error(r, str(twin), str(corpus_copy), "same id")
    assert not out.exists()
    r = publish("build", corpus_copy, corpus_copy, "--format", "html", "--out", out)
    assert_user_error(r, "given twice")
    assert not out.exists()
