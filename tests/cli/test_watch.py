"""`publish watch`: rebuilds on a save, prints new lint findings, survives a bad save, and
ignores editor temp files."""
from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from publish.commands.watch import changes, finding_key, ignored, new_findings, snapshot
from publish.check.lint import Finding
from tests import tools
from tests.paths import BUNDLED

WAIT = 180          # seconds for one build on a loaded 2-core machine


class Watch:
    """`publish watch` in a subprocess; its stdout read line by line on a thread."""

    def __init__(self, corpus: Path, out: Path, *extra: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "publish.cli", "watch", str(corpus), "--format", "html",
             "--out", str(out), "--poll", "0.1", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=tools.as_from_a_terminal)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, needle: str, timeout: float = WAIT) -> list[str]:
        """Lines read up to and including the first one containing ``needle``."""
        got: list[str] = []
        end = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {needle!r} within {timeout} s; got {self.seen}")
            got.append(line)
            self.seen.append(line)
            if needle in line:
                return got

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)


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
    r = subprocess.run([sys.executable, "-m", "publish.cli", "watch", str(tmp_path / "nope"),
                        "--format", "html"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "nope" in r.stderr and "Traceback" not in r.stderr


# ------------------------------------------------------------------------ pure helpers

def test_editor_temp_and_hidden_files_are_ignored():
    for name in (".03.md.swp", "03.md~", ".#03.md", "#03.md#", ".hidden", "x.md.part"):
        assert ignored(name), name
    for name in ("03-x.md", "issue.yaml", "import-log.json"):
        assert not ignored(name), name


def test_snapshot_skips_temp_files_hidden_dirs_and_the_output(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "01.md").write_text("a")
    (tmp_path / "issue.yaml").write_text("id: x\n")
    base = snapshot(tmp_path)
    assert set(base) == {"articles/01.md", "issue.yaml"}
    (tmp_path / "articles" / ".01.md.swp").write_text("swap")
    (tmp_path / "articles" / "01.md~").write_text("backup")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "entry").write_text("c")
    (tmp_path / "out" / "x").mkdir(parents=True)
    (tmp_path / "out" / "x" / "x.html").write_text("<p>")
    assert snapshot(tmp_path, [tmp_path / "out"]) == base
    (tmp_path / "articles" / "01.md").write_text("ab")
    assert changes(base, snapshot(tmp_path, [tmp_path / "out"])) == ["articles/01.md"]
    (tmp_path / "issue.yaml").unlink()
    assert changes(base, snapshot(tmp_path, [tmp_path / "out"])) == ["articles/01.md",
                                                                     "issue.yaml"]


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
