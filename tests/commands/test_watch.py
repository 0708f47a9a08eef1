"""`publish watch`: rebuilds on a save, prints new lint findings, survives a bad save, and
ignores editor temp files."""
from __future__ import annotations

import re
import shutil
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from publish.commands.watch import finding_key, ignored, new_findings, watched
from publish.check.lint import Finding
from tests.clirun import Watch, publish
from tests.paths import BUNDLED


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "2024-02"
    shutil.copytree(BUNDLED, d, ignore=shutil.ignore_patterns("source"))
    return d


def _text(html: Path) -> str:
    """The HTML's text: the print HTML sets every line in its own span."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html.read_text(encoding="utf-8")))


def _edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` in the body (not the front matter) of an article file."""
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    assert old in body
    path.write_text(head + "\n---\n" + body.replace(old, new, 1), encoding="utf-8")


def _article(corpus: Path) -> tuple[Path, str]:
    """An article file and a stretch of its body text to edit."""
    art = sorted((corpus / "articles").glob("*.md"))[2]
    body = art.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    para = next(p for p in body.split("\n\n") if len(p) > 40 and p[0] not in "#{*0123456789")
    return art, para[10:16]


def test_rebuilds_on_save_reports_new_lint_and_survives_bad_yaml(corpus, tmp_path):
    out = tmp_path / "out"
    html = out / "2024-02" / "2024-02.html"
    art, stretch = _article(corpus)
    w = Watch(corpus, out, "--max-builds", "4")
    try:
        first = w.until("watching")
        assert any(line == f"wrote {html}" for line in first), first
        assert any(line.startswith("lint: ") and "findings" in line for line in first), first
        assert "xqzv" not in _text(html)

        # an edit with a lower-case Latin word inside Chinese text: rebuilt, one new finding
        _edit(art, stretch, stretch[:3] + "xqzv" + stretch[3:])
        second = w.until("watching")
        assert any("build 2: changed articles/" + art.name in line for line in second), second
        assert any(line == f"wrote {html}" for line in second), second
        new = [line for line in second if line.startswith("lint: new")]
        assert len(new) == 1 and "latin-in-chinese" in new[0] and "xqzv" in new[0], second
        assert "xqzv" in _text(html)

        # a bad save: one error line naming the file and line; watching goes on
        meta = corpus / "issue.yaml"
        good = meta.read_text(encoding="utf-8")
        meta.write_text(good + "toc: [unclosed\n", encoding="utf-8")
        third = w.until("publish: error:")
        error = third[-1]
        assert "issue.yaml:" in error and "YAML" in error, error
        time.sleep(1)
        # the same finding is not reported twice; the fix builds again and the process ends
        meta.write_text(good, encoding="utf-8")
        fourth = w.until("watching")
        assert not [line for line in fourth if line.startswith("lint: new")], fourth
        assert w.proc.wait(60) == 0
        everything = "\n".join(w.seen)
        assert "Traceback" not in everything
        assert sum(line.startswith("publish: error:") for line in w.seen) == 1, w.seen
    finally:
        w.stop()


def test_ctrl_c_exits_cleanly(corpus, tmp_path):
    w = Watch(corpus, tmp_path / "out")
    try:
        w.until("watching")
        w.proc.send_signal(signal.SIGINT)
        assert w.proc.wait(60) == 0
        time.sleep(0.2)
        rest = []
        while not w.lines.empty():
            rest.append(w.lines.get())
        assert "Traceback" not in "\n".join(w.seen + rest)
    finally:
        w.stop()


def test_missing_directory_is_a_user_error(tmp_path):
    r = publish("watch", tmp_path / "nope", "--format", "html")
    assert r.returncode == 2 and "nope" in r.stderr and "Traceback" not in r.stderr


# ------------------------------------------------------------------------ pure helpers

def test_editor_temp_and_hidden_files_are_ignored():
    for name in (".03.md.swp", "03.md~", ".#03.md", "#03.md#", ".hidden", "x.md.part"):
        assert ignored(name), name
    for name in ("03-x.md", "issue.yaml", "import-log.json"):
        assert not ignored(name), name


def test_watched_skips_temp_files_hidden_dirs_and_the_output(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "01.md").write_text("a")
    (tmp_path / "issue.yaml").write_text("id: x\n")
    (tmp_path / ".cache").mkdir()
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "out" / "x").mkdir(parents=True)
    w = watched(tmp_path, [tmp_path / "out"])
    assert set(w.folders) == {tmp_path, tmp_path / "articles"}
    for name in ("articles/01.md", "issue.yaml", "articles/new.md"):
        assert w.name(tmp_path, str(tmp_path / name)) == name
    for name in ("articles/.01.md.swp", "articles/01.md~", ".cache/entry", "__pycache__/x"):
        assert w.name(tmp_path, str(tmp_path / name)) is None, name


def test_a_linked_file_outside_the_corpus_is_watched_under_its_own_name(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    elsewhere.mkdir()
    (elsewhere / "issue.yaml").write_text("id: x\n")
    (corpus / "issue.yaml").symlink_to(elsewhere / "issue.yaml")
    w = watched(corpus)
    assert set(w.folders) == {corpus, elsewhere}
    assert w.name(corpus, str(elsewhere / "issue.yaml")) == "issue.yaml"
    assert w.name(corpus, str(elsewhere / "other.yaml")) is None


@pytest.mark.parametrize("polling", ["", "1"], ids=["events", "polling"])
def test_saves_come_in_batches_and_new_folders_are_watched(tmp_path, monkeypatch, polling):
    """With the system's events, and polling as on a network mount."""
    from publish.commands.watch import Changes
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", polling)
    (tmp_path / "articles").mkdir()
    saves = Changes(tmp_path, [tmp_path / "out"], quiet=0.2, poll=0.2)
    try:
        saves.start()
        (tmp_path / "articles" / "01.md").write_text("a")
        (tmp_path / "articles" / ".01.md.swp").write_text("swap")
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / "x.html").write_text("<p>")
        assert _until_changed(saves) == ["articles/01.md"]
        (tmp_path / "articles" / "more").mkdir()
        assert _until_changed(saves) == ["articles/more"]
        (tmp_path / "articles" / "more" / "02.md").write_text("b")
        assert _until_changed(saves) == ["articles/more/02.md"]
    finally:
        saves.close()


def _until_changed(saves, timeout: float = 20) -> list[str]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if names := saves.next():
            return names
    raise AssertionError("no change seen")


def test_new_findings_ignore_a_moved_block_but_count_repeats():
    a = Finding("latin-in-chinese", "warning", "Latin word 「ab」", "art", 3)
    b = Finding("unbalanced-pair", "warning", "1 「“」 but 0 「”」", "art", 4)
    moved = Finding("latin-in-chinese", "warning", "Latin word 「ab」", "art", 5)
    assert new_findings(None, [a]) == [a]
    before = Counter([finding_key(a)])
    assert new_findings(before, [a, b]) == [b]
    assert new_findings(before, [moved]) == []           # a paragraph added above it
    assert new_findings(before, [a, moved]) == [moved]   # the same slip made a second time
    other = Finding("latin-in-chinese", "warning", "Latin word 「ab」", "other-article", 3)
    assert new_findings(before, [other]) == [other]


def test_an_output_folder_around_the_corpus_hides_no_save(tmp_path):
    """`publish watch corpus/2024-02 --out .` (or `--out corpus`): every save lay inside the
    output folder, which is left out, so no save ever rebuilt."""
    from publish.commands.watch import Changes
    corpus = tmp_path / "corpus" / "2024-02"
    (corpus / "articles").mkdir(parents=True)
    for out in (tmp_path, tmp_path / "corpus"):
        saves = Changes(corpus, [out], quiet=0.2, poll=0.2)
        try:
            saves.start()
            (corpus / "articles" / "01.md").write_text(str(out))
            assert _until_changed(saves, timeout=10) == ["articles/01.md"]
        finally:
            saves.close()


def test_serving_into_an_output_folder_that_is_a_file(corpus, tmp_path):
    """`watch --serve --out FILE`: a FileExistsError traceback from making the folder."""
    from tests.clirun import assert_user_error
    plain = tmp_path / "out.txt"
    plain.write_text("x")
    r = publish("watch", corpus, "--format", "pdf", "--out", plain, "--serve", "0")
    assert_user_error(r, f"{plain}: is a file, not a folder")
    assert plain.read_text() == "x"


def test_a_corpus_folder_that_vanishes_stops_the_watch_saying_so(corpus, tmp_path):
    """The watch printed 'no such corpus directory' once and went on watching nothing:
    the folder put back, its saves were never built."""
    w = Watch(corpus, tmp_path / "out")
    try:
        w.until("watching")
        shutil.rmtree(corpus)
        line = w.until("publish: error:")[-1]
        assert f"{corpus}: the corpus folder is gone" in line, line
        assert w.proc.wait(60) == 2
        assert "Traceback" not in "\n".join(w.seen)
    finally:
        w.stop()
