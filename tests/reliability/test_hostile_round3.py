"""Hostile input, round 3: a wrong number, a killed build or an odd folder never costs the
user a legible output or their files. Each case works on a copy of the bundled corpus: one
line and exit 2 (or a note and exit 1 where the build can go on), nothing lost, nothing
left running, bounded time, and where a command fails the corpus and the earlier outputs
hash-identical to before."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import tree
from tests.clirun import assert_user_error, publish, publish_process
from tests import tools
from tests.paths import bundled_source

ISSUE = "2024-02"


def _error_lines(r) -> list[str]:
    return [ln for ln in r.stderr.splitlines() if ln.strip()]


def _one_line(r, *needles: str) -> str:
    assert_user_error(r, *needles)
    lines = _error_lines(r)
    assert len(lines) == 1 and lines[0].startswith("publish: error: "), r.stderr
    return lines[0]


def _first_article(root: Path) -> Path:
    return sorted((root / "articles").glob("*.md"))[0]


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


# ------------------------------------------------------------ 2. outputs share no inode

def _fonts_copy(tmp_path: Path) -> Path:
    from publish.paths import FONTS
    installed = tmp_path / "installed-fonts"
    shutil.copytree(FONTS, installed)
    return installed


def test_html_fonts_are_copies_never_links(corpus_copy, tmp_path):
    installed = _fonts_copy(tmp_path)
    env = {"PUBLISH_FONTS": str(installed)}
    before = tree.hashes(installed)
    out = tmp_path / "out"
    r = publish_process("build", corpus_copy, "--format", "html", "--out", out, env=env)
    assert r.returncode == 0, r.stderr
    placed = sorted((out / ISSUE / "fonts").iterdir())
    assert placed
    inodes = {(p.stat().st_dev, p.stat().st_ino) for p in installed.iterdir()}
    for font in placed:
        assert font.stat().st_nlink == 1 and not font.is_symlink(), font
        assert (font.stat().st_dev, font.stat().st_ino) not in inodes, font
        font.write_bytes(b"")                          # a user truncates an output
    assert tree.hashes(installed) == before            # the installation is whole
    r = publish_process("build", corpus_copy, "--format", "html", "--out", out, env=env)
    assert r.returncode == 0, r.stderr
    for font in placed:                                # the damaged output is repaired
        assert font.read_bytes() == (installed / font.name).read_bytes()


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_an_old_linked_output_font_is_replaced_by_a_copy(corpus_copy, tmp_path, link):
    """A folder made by an older build (hard links) or by the user (symbolic links) with
    the right bytes: the build replaces the link and never writes through it."""
    installed = _fonts_copy(tmp_path)
    env = {"PUBLISH_FONTS": str(installed)}
    fonts = tmp_path / "out" / ISSUE / "fonts"
    fonts.mkdir(parents=True)
    for font in installed.iterdir():
        if font.suffix in (".otf", ".ttf"):
            (os.link if link == "hard" else os.symlink)(font, fonts / font.name)
    r = publish_process("build", corpus_copy, "--format", "html", "--out", tmp_path / "out",
                        env=env)
    assert r.returncode == 0, r.stderr
    for font in fonts.iterdir():
        assert not font.is_symlink() and font.stat().st_nlink == 1
        assert not os.path.samefile(font, installed / font.name)


# -------------------------------------------------------- 3. workers die with the build

def _children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


def _volume(tmp_path: Path, n: int) -> list[Path]:
    from tests.paths import BUNDLED
    dirs = []
    for k in range(1, n + 1):
        d = tmp_path / f"v{k}"
        shutil.copytree(BUNDLED, d, ignore=shutil.ignore_patterns("source"))
        meta = d / "issue.yaml"
        meta.write_text(re.sub(r"^id: .*$", f"id: vol-{k}", meta.read_text(encoding="utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
        dirs.append(d)
    return dirs


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("shape", ["one issue", "volume"])
def test_no_worker_outlives_a_killed_build(corpus_copy, tmp_path, sig, shape):
    """A real `publish build` with its process pool running is killed; within seconds no
    worker is left, and a later build still works."""
    if shape == "one issue":
        if (os.cpu_count() or 1) < 2:
            pytest.skip("one issue lays out in a pool only with two cores or more")
        args = [corpus_copy, "--format", "pdf"]
    else:
        args = [*_volume(tmp_path, 2), "--format", "pdf", "-j", "2"]
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "publish.cli", "build", *map(str, args), "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PUBLISH_CACHE": "off"},
        preexec_fn=tools.as_from_a_terminal)
    try:
        end = time.monotonic() + 240
        workers: set[int] = set()
        while not workers and proc.poll() is None and time.monotonic() < end:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert workers, "the build started no pool"
        time.sleep(0.5)
        workers |= _children(proc.pid)
        proc.send_signal(sig)
        proc.wait(30)
        end = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < end:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived the build"
        assert "Traceback" not in proc.stderr.read().decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    folder = out / (ISSUE if shape == "one issue" else "vol-1")
    if sig != signal.SIGKILL and shape == "one issue":    # it cleaned up on its way out
        assert not folder.exists() or not list(folder.iterdir())
    r = publish("build", *args[:-2] if shape == "one issue" else args, "--format", "html",
                "--out", out)
    assert r.returncode == 0, r.stderr
    assert not [p for p in out.rglob(".*")]      # leftovers of the killed build are gone


def test_a_worker_whose_parent_is_gone_exits(tmp_path):
    """The parent check of the pool initializer: a worker started for a parent that is not
    its parent any more leaves at once."""
    code = ("import os, sys; from publish import procpool; "
            "procpool._die_with(os.getppid() + 1); print('still here')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "still here" not in r.stdout


# -------------------------------------------------- 4. one issue's outputs go together

def _outputs(out: Path) -> dict[str, str]:
    return tree.hashes(out / ISSUE)


def test_a_late_failure_replaces_no_output(corpus_copy, tmp_path):
    out = tmp_path / "out"
    r = publish("build", corpus_copy, "--format", "html,docx,epub", "--out", out)
    assert r.returncode == 0, r.stderr
    before, corpus_before = _outputs(out), tree.hashes(corpus_copy)
    inodes = {p: p.stat().st_ino for p in (out / ISSUE).rglob("*") if p.is_file()}
    # the EPUB writer is the last to fail: an issue with no articles
    meta = corpus_copy / "issue.yaml"
    meta.write_text(re.sub(r"articles:\n(?:- .*\n)+", "articles: []\n",
                           meta.read_text(encoding="utf-8")), encoding="utf-8")
    corpus_before = tree.hashes(corpus_copy)
    r = publish("build", corpus_copy, "--format", "html,docx,epub", "--out", out)
    _one_line(r, "no articles")
    assert _outputs(out) == before                     # nothing replaced: no mixed set
    assert not _hidden(out)                            # no staging folder left
    assert tree.hashes(corpus_copy) == corpus_before
    assert {p: p.stat().st_ino for p in inodes} == inodes


def test_an_unchanged_rebuild_touches_no_file(corpus_copy, tmp_path):
    out = tmp_path / "out"
    assert publish("build", corpus_copy, "--format", "html,docx", "--out", out).returncode == 0
    stats = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / ISSUE).rglob("*")}
    r = publish("build", corpus_copy, "--format", "html,docx", "--out", out)
    assert r.returncode == 0, r.stderr
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in stats} == stats
    assert sorted((out / ISSUE).rglob("*")) == sorted(stats)


def test_concurrent_builds_into_one_folder_give_one_whole_set(corpus_copy, tmp_path):
    out, alone = tmp_path / "out", tmp_path / "alone"
    args = [sys.executable, "-m", "publish.cli", "build", str(corpus_copy), "--format",
            "html,docx,epub", "--out"]
    procs = [subprocess.Popen(args + [str(out)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for proc in procs:
        assert proc.wait(300) == 0, proc.stderr.read()
    assert publish(*args[3:], alone).returncode == 0
    assert _outputs(out) == tree.hashes(alone / ISSUE)
    assert not _hidden(out)


def test_a_failed_first_build_leaves_no_folder(corpus_copy, tmp_path):
    meta = corpus_copy / "issue.yaml"
    meta.write_text(re.sub(r"articles:\n(?:- .*\n)+", "articles: []\n",
                           meta.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    _one_line(publish("build", corpus_copy, "--format", "docx,epub", "--out", out),
              "no articles")
    assert not (out / ISSUE).exists()


# -------------------------------------------------------------- 5. watch and symlinks

def _loops(root: Path) -> None:
    """Two links back up the tree, one to itself and one to the file-system root."""
    deep = root / "extra" / "a"
    deep.mkdir(parents=True)
    (deep / "up").symlink_to("..")
    (deep / "top").symlink_to("../..")
    (root / "self").symlink_to("self")
    (root / "extra" / "root").symlink_to("/")


def test_watch_builds_a_folder_with_a_symlink_loop(corpus_copy, tmp_path):
    _loops(corpus_copy)
    before = tree.hashes(corpus_copy / "articles")
    r = publish_process("build", corpus_copy, "--format", "html", "--out", tmp_path / "b",
                        timeout=120)
    assert r.returncode == 0, r.stderr
    r = publish_process("watch", corpus_copy, "--format", "html", "--out", tmp_path / "w",
                        "--poll", "0.1", "--max-builds", "1", timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"wrote {tmp_path / 'w' / ISSUE / (ISSUE + '.html')}" in r.stdout, r.stdout
    assert (tmp_path / "w" / ISSUE / f"{ISSUE}.html").read_bytes() == \
        (tmp_path / "b" / ISSUE / f"{ISSUE}.html").read_bytes()
    assert tree.hashes(corpus_copy / "articles") == before


def test_watch_looks_at_each_folder_once(corpus_copy):
    from publish.commands.watch import watched
    root = corpus_copy.absolute()

    def folders(w):
        return {f.relative_to(root).as_posix() for f in w.folders}

    plain = watched(corpus_copy)
    _loops(corpus_copy)
    start = time.monotonic()
    looped = watched(corpus_copy)
    assert time.monotonic() - start < 5
    assert folders(looped) - folders(plain) == {"extra", "extra/a"}   # no link followed
    assert looped.outside == {}
    assert looped.name(root, str(root / "extra" / "root")) == "extra/root"  # the link itself
    (corpus_copy / "inside").symlink_to("articles")     # a link inside: one watch of articles
    assert folders(watched(corpus_copy)) == folders(looped)


# ------------------------------------------------- 6. raw 目录 pages that cannot exist

def _raw_with_page(tmp_path: Path, page: str, sep: str = "\t") -> tuple[Path, int]:
    """The bundled raw text with its seventh 目录 page replaced; the raw file and line."""
    lines = bundled_source().read_text(encoding="utf-8").split("\n")
    k = [i for i, ln in enumerate(lines) if re.search(r"\t\d+$", ln)][6]
    title = lines[k].rsplit("\t", 1)[0]
    lines[k] = f"{title}{sep}{page}"
    raw = tmp_path / "raw.txt"
    raw.write_text("\n".join(lines), encoding="utf-8")
    return raw, k + 1


@pytest.mark.parametrize("page, sep", [
    ("0", "\t"), ("-5", "\t"), ("100001", "\t"), ("−5", "\t"), ("9" * 5000, "\t"),
    ("00", "\t"), ("0", "……"), ("100001", "   "),
])
def test_an_impossible_toc_page_is_refused_with_its_line(tmp_path, page, sep):
    raw, line = _raw_with_page(tmp_path, page, sep)
    r = publish_process("import", raw, "--out", tmp_path / "c", timeout=60)
    err = _one_line(r, f"raw.txt:{line}:", "目录 page", "cannot exist")
    assert len(err) < 300
    assert not (tmp_path / "c").exists() and not _hidden(tmp_path)


@pytest.mark.parametrize("tail", ["\tabc", "\t小标题\t21"])
def test_a_tab_never_ends_up_inside_a_title(tmp_path, tail):
    raw, line = _raw_with_page(tmp_path, "x")
    text = raw.read_text(encoding="utf-8").split("\n")
    text[line - 1] = text[line - 1].rsplit("\t", 1)[0] + tail
    raw.write_text("\n".join(text), encoding="utf-8")
    r = publish_process("import", raw, "--out", tmp_path / "c", timeout=60)
    _one_line(r, f"raw.txt:{line}:", "TAB")
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("page", ["18x", "p.18x", "十八页码"])
def test_a_toc_page_that_is_no_number_is_named(tmp_path, page):
    """What follows the TAB is named as no page number, on its own line (it was joined
    with the next entry and reported as a TAB inside a title, naming neither). A page
    printed p.18 is page 18 (tests/readers/raw_cases/toc_page_with_p)."""
    raw, line = _raw_with_page(tmp_path, page)
    r = publish_process("import", raw, "--out", tmp_path / "c", timeout=60)
    _one_line(r, f"raw.txt:{line}:", repr(page), "is no page number")
    assert not (tmp_path / "c").exists()


def test_a_five_digit_page_is_a_page(tmp_path):
    raw, _ = _raw_with_page(tmp_path, "12345")
    r = publish_process("import", raw, "--out", tmp_path / "c", timeout=120)
    assert r.returncode == 0, r.stderr
    meta = (tmp_path / "c" / "issue.yaml").read_text(encoding="utf-8")
    assert "page: 12345" in meta and "\t" not in meta


def test_nul_in_raw_text_is_refused_with_its_line(tmp_path):
    lines = bundled_source().read_text(encoding="utf-8").split("\n")
    k = len(lines) - 3
    lines[k] = lines[k][:2] + "\0" + lines[k][2:]
    raw = tmp_path / "raw.txt"
    raw.write_text("\n".join(lines), encoding="utf-8")
    _one_line(publish("import", raw, "--out", tmp_path / "c"), f"raw.txt:{k + 1}:", "NUL")
    assert not (tmp_path / "c").exists()


# ---------------------------------------------------------- 7. codecs that are no text

@pytest.mark.parametrize("codec, needle", [
    ("rot13", "not a text encoding"), ("base64", "not a text encoding"),
    ("zlib", "not a text encoding"), ("hex", "not a text encoding"),
    ("uu", "not a text encoding"), ("no-such-codec", "unknown encoding"),
    ("x" * 500, "unknown encoding"),
])
def test_encoding_that_is_no_text_encoding(tmp_path, codec, needle):
    r = publish_process("import", bundled_source(), "--out", tmp_path / "c", "--encoding", codec,
                        timeout=60)
    err = _one_line(r, needle)
    assert len(err) < 400 and bundled_source().name in err
    assert not (tmp_path / "c").exists()


def test_encoding_names_python_refuses_are_one_line():
    from publish.errors import UserError
    from publish.text.decode import decode
    for name in ("x\0y", "undefined"):
        with pytest.raises(UserError) as err:
            decode("目录".encode(), "raw.txt", name)
        assert "\n" not in str(err.value) and str(err.value).startswith("raw.txt")


# ----------------------------------------------------- 8. characters no font has

def test_the_build_names_characters_no_font_has(corpus_copy, tmp_path):
    from publish import corpus
    art = _first_article(corpus_copy)
    head, body = art.read_text(encoding="utf-8").split("\n---\n", 1)
    art.write_text(head + "\n---\n" + body.replace("。", "。😀\U0002B820", 1), encoding="utf-8")
    art_id = corpus.load(corpus_copy).articles[0].id
    out = tmp_path / "out"
    r = publish("build", corpus_copy, "--format", "html", "--out", out)
    assert r.returncode == 1, r.stderr                 # a note, and the outputs are there
    notes = [ln for ln in r.stderr.splitlines() if "missing glyphs" in ln]
    assert len(notes) == 1 and art_id in notes[0], r.stderr
    assert "U+1F600" in notes[0] and "U+2B820" in notes[0]
    assert (out / ISSUE / f"{ISSUE}.html").exists()
    assert "Traceback" not in r.stderr
    # the DOCX names the reader's fonts, not fonts/: nothing to say there
    r = publish("build", corpus_copy, "--format", "docx", "--out", out)
    assert r.returncode == 0 and "missing glyphs" not in r.stderr, r.stderr


def test_a_volume_with_characters_no_font_has_exits_1(tmp_path):
    """Issues built in the pool: the note comes back from the worker with its meaning."""
    first, second = _volume(tmp_path, 2)
    art = _first_article(second)
    head, body = art.read_text(encoding="utf-8").split("\n---\n", 1)
    art.write_text(head + "\n---\n" + body.replace("。", "。🛸", 1), encoding="utf-8")
    r = publish_process("build", first, second, "--format", "html", "--out", tmp_path / "out",
                        "-j", "2")
    assert r.returncode == 1, r.stderr
    notes = [ln for ln in r.stderr.splitlines() if "missing glyphs" in ln]
    assert len(notes) == 1 and "vol-2" in notes[0] and "U+1F6F8" in notes[0], r.stderr
    assert "built 2 of 2 issues" in r.stderr


def test_characters_no_font_has_on_the_cover(corpus_copy, tmp_path):
    meta = corpus_copy / "issue.yaml"
    meta.write_text(re.sub(r"^title: (.*)$", r"title: \1🀄", meta.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")
    r = publish("build", corpus_copy, "--format", "html", "--out", tmp_path / "out")
    assert r.returncode == 1, r.stderr
    assert any("missing glyphs" in ln and "cover" in ln and "U+1F004" in ln
               for ln in r.stderr.splitlines()), r.stderr


# ------------------------------------------------- 9. checks that could be bypassed

def _refused(root: Path, tmp_path: Path, *needles: str) -> None:
    before = tree.hashes(root)
    for args in (("lint", root), ("dump", root),
                 ("build", root, "--format", "html", "--out", tmp_path / "out")):
        _one_line(publish(*args), *needles)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.html"))
    assert tree.hashes(root) == before


def _set(path: Path, key: str, raw: str) -> int:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(rf"^{key}: .*$", lambda m: f"{key}: {raw}", text, count=1, flags=re.M)
    assert n == 1
    path.write_text(new, encoding="utf-8")
    return new[: re.search(rf"^{key}: ", new, flags=re.M).start()].count("\n") + 1


@pytest.mark.parametrize("value", ['"2024-02\\n"', '"2024-02\\r"', "|\n  2024-02"])
def test_an_issue_id_with_a_line_end_is_refused(corpus_copy, tmp_path, value):
    line = _set(corpus_copy / "issue.yaml", "id", value)
    _refused(corpus_copy, tmp_path, f"issue.yaml:{line}", "issue id")
    assert not [p for p in tmp_path.rglob("*") if "\n" in p.name or "\r" in p.name]


def test_an_article_id_with_a_line_end_is_refused(corpus_copy, tmp_path):
    art = _first_article(corpus_copy)
    line = _set(art, "id", '"abc\\n"')
    _refused(corpus_copy, tmp_path, f"{art.name}:{line}", "article id")


def test_an_import_id_with_a_line_end_is_refused(tmp_path):
    r = publish("import", bundled_source(), "--out", tmp_path / "c", "--id", "2024-02\n")
    _one_line(r, "issue id")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("escape", ["\\0", "\\x00", "\\u0000", "\\U00000000"])
@pytest.mark.parametrize("where", ["front matter", "issue.yaml"])
def test_nul_written_as_a_yaml_escape_is_refused(corpus_copy, tmp_path, escape, where):
    if where == "front matter":
        path = _first_article(corpus_copy)
        line = _set(path, "source", f'"学习{escape}强国"')
    else:
        path = corpus_copy / "issue.yaml"
        line = _set(path, "publisher", f'"宣传{escape}部"')
    _refused(corpus_copy, tmp_path, f"{path.name}:{line}:", "NUL", "U+0000")
