"""Hostile input, round 4: what still crashed, hung or ran for minutes. Each case: one line
naming the file (and line), exit status 2, no traceback, bounded time; nothing written."""
from __future__ import annotations

from pathlib import Path

import pytest

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


# ----------------------------------------------------------- 3. an issue id too long

def test_an_issue_id_too_long_for_a_file_name(corpus_copy, tmp_path):
    """300 letters passed every check, then the build failed naming the output folder
    ('File name too long'), never issue.yaml's line; import wrote nothing either way."""
    issue = corpus_copy / "issue.yaml"
    long_id = "a" * 300
    issue.write_text(issue.read_text(encoding="utf-8").replace("id: 2024-02\n",
                                                               f"id: {long_id}\n", 1),
                     encoding="utf-8")
    for args in (("dump", corpus_copy), ("build", corpus_copy, "--format", "html", "--out",
                                         tmp_path / "out")):
        assert_user_error(publish(*args), f"{issue}:1: issue id", "at most 100")
    from tests.paths import bundled_source
    r = publish("import", bundled_source(), "--out", tmp_path / "new", "--id", long_id)
    assert_user_error(r, "at most 100")
    assert not (tmp_path / "out").exists() and not (tmp_path / "new").exists()


# ------------------------------------------------- 4. a folder where a file belongs

def test_a_folder_named_issue_yaml(corpus_copy):
    """dump, lint, check and build ended in an IsADirectoryError traceback, exit 1."""
    issue = corpus_copy / "issue.yaml"
    issue.unlink()
    issue.mkdir()
    for command in ("dump", "lint", "check"):
        assert_user_error(publish(command, corpus_copy), f"{issue}: is a directory")


def test_import_given_a_folder(tmp_path):
    raw = tmp_path / "issue.txt"
    raw.mkdir()
    r = publish("import", raw, "--out", tmp_path / "corpus")
    assert_user_error(r, f"{raw}: is a directory")
    assert not (tmp_path / "corpus").exists()


# -------------------------------------- 5. a DOCX whose parts are not what they say

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def built_docx(tmp_path_factory) -> Path:
    """The bundled issue's DOCX, built once for the module."""
    from tests.paths import BUNDLED
    out = tmp_path_factory.mktemp("docx")
    r = publish("build", BUNDLED, "--format", "docx", "--out", out)
    assert r.returncode == 0, r.stderr
    return next(out.rglob("*.docx"))


def _rewritten(built: Path, to: Path, changes: dict[str, bytes], keep_old: bool = False) -> Path:
    """``built`` with the members ``changes`` names replaced (or, ``keep_old``, added again
    after the original: a zip may name a member twice, and the last one wins)."""
    import warnings
    import zipfile
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in changes or keep_old:
                dst.writestr(info, src.read(info))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")            # "Duplicate name"
            for name, data in changes.items():
                dst.writestr(name, data)
    return to


@pytest.mark.parametrize("changes, twice, needle", [
    ({"word/document.xml": b'<?xml version="1.0"?><x/>'}, False, "no w:document"),
    ({"word/document.xml": f'<w:document xmlns:w="{_W}"/>'.encode()}, False, "no w:document"),
    ({"word/document.xml": b'<?xml version="1.0"?><x/>'}, True, "no w:document"),
    ({"docProps/core.xml": b'<?xml version="1.0"?><x/>'}, False, "no core properties"),
], ids=["other root", "no body", "named twice", "core properties"])
def test_a_docx_part_of_another_shape(built_docx, corpus_copy, tmp_path, changes, twice, needle):
    """python-docx opens a part of any root element; the reader then fell on an
    AttributeError traceback ('…has no attribute body', '…identifier_text')."""
    docx = _rewritten(built_docx, tmp_path / "edited.docx", changes, keep_old=twice)
    before = tree.hashes(corpus_copy)
    assert_user_error(publish("import-docx", docx, "--into", corpus_copy),
                      f"{docx}: not a readable DOCX", needle)
    assert tree.hashes(corpus_copy) == before


def test_unreadable_footnotes_name_the_docx(built_docx, corpus_copy, tmp_path):
    """The error line named no file: `publish: error: not a readable DOCX (footnotes: …)`."""
    import zipfile
    with zipfile.ZipFile(built_docx) as z:
        rels = z.read("word/_rels/document.xml.rels")
        types = z.read("[Content_Types].xml")
    rel = (b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
           b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>')
    override = (b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')
    docx = _rewritten(built_docx, tmp_path / "edited.docx", {
        "word/_rels/document.xml.rels": rels.replace(b"</Relationships>",
                                                     rel + b"</Relationships>"),
        "[Content_Types].xml": types.replace(b"</Types>", override + b"</Types>"),
        "word/footnotes.xml": f'<w:footnotes xmlns:w="{_W}"><w:footnote'.encode()})
    assert_user_error(publish("import-docx", docx, "--into", corpus_copy),
                      f"{docx}: not a readable DOCX (footnotes")


def test_a_docx_of_another_tool_is_named_so_in_a_short_line(corpus_copy, tmp_path):
    """A DOCX pandoc or Word made from scratch: a 3.7 kB line listing every article of the
    corpus as 'missing from the DOCX', then its own heading as matching none."""
    from docx import Document
    doc = Document()
    doc.add_heading("标题", 1)
    doc.add_paragraph("正文。")
    path = tmp_path / "other.docx"
    doc.save(path)
    r = publish("import-docx", path, "--into", corpus_copy)
    assert_user_error(r, f"{path}: none of the DOCX's 1 article titles", "not built from this")
    assert len(r.stderr) < 300


# --------------------------------------------------------- 6. an output folder that is none

def test_an_output_folder_that_is_a_file(corpus_copy, tmp_path):
    """'OUT/2024-02: cannot write: Not a directory' (or 'File exists'): a path not there."""
    plain = tmp_path / "out.txt"
    plain.write_text("x")
    r = publish("build", corpus_copy, "--format", "docx", "--out", plain)
    assert_user_error(r, f"{plain}: is a file, not a folder")
    out = tmp_path / "out"
    out.mkdir()
    (out / "2024-02").write_text("x")
    r = publish("build", corpus_copy, "--format", "docx", "--out", out)
    assert_user_error(r, f"{out / '2024-02'}: is a file, not a folder")
    assert plain.read_text() == "x" and (out / "2024-02").read_text() == "x"


def test_outputs_into_the_corpus_folder_itself_are_refused(corpus_copy):
    """`publish build corpus/2024-02 --out corpus` wrote 2024-02.docx beside issue.yaml."""
    before = tree.hashes(corpus_copy)
    r = publish("build", corpus_copy, "--format", "docx", "--out", corpus_copy.parent)
    assert_user_error(r, f"{corpus_copy}: the output folder", "is the corpus folder")
    assert tree.hashes(corpus_copy) == before
