"""Issue-wide promises every writer keeps: identical rebuilds, text is data, atomic outputs,
several issues in one command."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from publish import corpus
from publish.model import PARAGRAPH, Block, Span

from tests.clirun import publish, publish_process
from tests.paths import BUNDLED

FORMATS = ("pdf", "docx", "epub")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    outs = []
    for n in (1, 2):
        out = tmp_path_factory.mktemp(f"build{n}")
        # no cache: each build computes everything itself
        r = publish_process("build", BUNDLED, "--format", ",".join(FORMATS), "--out", out,
                            env={"PUBLISH_CACHE": "off"})
        assert r.returncode == 0, r.stderr
        outs.append(out / "2024-02")
    return outs[0], outs[1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_builds_are_byte_identical(two_builds, fmt):
    a, b = (d / f"2024-02.{fmt}" for d in two_builds)
    assert a.read_bytes() == b.read_bytes()


def test_no_temporary_files_left(two_builds):
    for d in two_builds:
        assert sorted(p.name for p in d.iterdir()) == sorted(
            [f"2024-02.{f}" for f in FORMATS] + ["2024-02-proof.html"])


HOSTILE = "<script>alert(1)</script> & &amp; {{ 1+1 }} {% if x %}x{% endif %}"


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory) -> Path:
    issue = corpus.load(BUNDLED)
    art = issue.articles[0]
    blocks = (Block(PARAGRAPH, (Span(f"甲{HOSTILE}乙\u0007丙"),)),) + art.blocks
    shifted = tuple(replace(pb, block=pb.block + 1) for pb in art.page_breaks)
    hostile = replace(art, title=art.title + "{{ 7*7 }}", blocks=blocks, page_breaks=shifted)
    issue = replace(issue, articles=(hostile,) + issue.articles[1:])
    root = tmp_path_factory.mktemp("hostile")
    corpus.save(issue, root / "2024-02")
    out = root / "out"
    r = publish("build", root / "2024-02", "--format", ",".join(FORMATS), "--out", out)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return out / "2024-02"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_hostile_text_is_literal_in_pdf(hostile_build):
    import pdfplumber
    with pdfplumber.open(hostile_build / "2024-02.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages[:6])
    assert _squash(HOSTILE) in _squash(text)
    assert "{{7*7}}" in _squash(text) and "49" not in _squash(text).split("{{7*7}}")[0][-3:]


def test_hostile_text_is_literal_in_docx(hostile_build):
    with zipfile.ZipFile(hostile_build / "2024-02.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "&lt;script&gt;" in xml and "<script>" not in xml
    unescaped = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert HOSTILE in unescaped and "{{ 7*7 }}" in unescaped
    assert "\x07" not in xml


def test_hostile_text_is_literal_in_epub(hostile_build):
    from lxml import etree
    with zipfile.ZipFile(hostile_build / "2024-02.epub") as z:
        texts = []
        for name in z.namelist():
            if name.endswith(".xhtml"):
                root = etree.parse(io.BytesIO(z.read(name)))
                assert not root.xpath("//*[local-name()='script']"), name
                texts.append("".join(root.getroot().itertext()))
    joined = "".join(texts)
    assert HOSTILE in joined and "{{ 7*7 }}" in joined and "\x07" not in joined


def test_failed_build_keeps_the_good_file(tmp_path):
    out = tmp_path / "out"
    assert publish("build", BUNDLED, "--format", "docx", "--out", out).returncode == 0
    good = (out / "2024-02" / "2024-02.docx").read_bytes()
    broken = tmp_path / "2024-02"
    shutil.copytree(BUNDLED, broken)
    art = sorted((broken / "articles").glob("*.md"))[-1]
    art.write_text(art.read_text(encoding="utf-8") + "\n> 引用不是本方言的一部分\n",
                   encoding="utf-8")
    r = publish("build", broken, "--format", "docx", "--out", out)
    assert r.returncode == 2 and art.name in r.stderr and "Traceback" not in r.stderr
    assert (out / "2024-02" / "2024-02.docx").read_bytes() == good
    assert sorted(p.name for p in (out / "2024-02").iterdir()) == ["2024-02.docx"]


def test_unwritable_output_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    r = publish("build", BUNDLED, "--format", "docx", "--out", blocker)
    assert r.returncode == 2 and "Traceback" not in r.stderr and str(blocker) in r.stderr


def test_a_volume_in_one_command(tmp_path):
    dirs = []
    for n in (1, 2, 3):
        d = tmp_path / f"2024-0{n}"
        shutil.copytree(BUNDLED, d)
        meta = d / "issue.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace("id: 2024-02", f"id: 2024-0{n}"),
                        encoding="utf-8")
        dirs.append(d)
    r = publish_process("build", *dirs, "--format", "docx,epub", "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    for n in (1, 2, 3):
        for ext in ("docx", "epub"):
            assert (tmp_path / "out" / f"2024-0{n}" / f"2024-0{n}.{ext}").stat().st_size > 10_000


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_font(tmp_path, fmt):
    empty = tmp_path / "fonts"
    empty.mkdir()
    out = tmp_path / "out"
    r = publish_process("build", BUNDLED, "--format", fmt, "--out", out,
                        env={"PUBLISH_FONTS": str(empty), "PUBLISH_CACHE": "off"})
    # every format needs the print layout (the DOCX for its TOC page numbers), so the fonts
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert str(empty) in r.stderr and "font" in r.stderr
    assert not out.exists() or not any(out.rglob("*.*"))
