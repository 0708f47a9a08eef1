"""The pure helpers of bench/_lib.py: the plain HTML made from a dump, the corpus copies the
benchmarks build (doubled, edited), and the verdict/ratio wording."""
from __future__ import annotations

import importlib.util
import re
import sys
from html.parser import HTMLParser

from publish import corpus
from publish.check.lint import ERROR, lint
from tests.paths import BUNDLED, ROOT

_spec = importlib.util.spec_from_file_location("bench_lib", ROOT / "bench" / "_lib.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_lib"] = bench          # dataclasses look their module up there
_spec.loader.exec_module(bench)

DUMP = {
    "id": "x", "title": "理论学习参考", "number": "2024年第2期", "language": "zh-CN",
    "articles": [
        {"id": "a", "title": "标题<一>", "deck": ["引题"], "bylines": ["作者"], "source": "新华社",
         "dateline": None,
         "blocks": [
             {"type": "paragraph", "text": "正文&第一段。", "label": None,
              "spans": [{"text": "正文&第一段。", "style": "text", "note": []}]},
             {"type": "heading", "text": "一、小标题", "label": None, "level": 2,
              "spans": [{"text": "一、小标题", "style": "text", "note": []}]},
             {"type": "list_item", "text": "列表项", "label": "1.",
              "spans": [{"text": "列表项", "style": "text", "note": []},
                        {"text": "", "style": "footnote",
                         "note": [{"text": "注释的文字", "style": "text", "note": []}]}]},
         ]},
        {"id": "b", "title": "第二篇", "blocks": []},
    ],
}


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self._tag = [], [], None

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        if tag in ("h1", "p"):
            self.tags.append(tag)

    def handle_data(self, data):
        if self._tag in ("h1", "p") and data.strip():
            self.text.append(data)


def test_plain_html_has_an_h1_per_title_and_a_p_per_block_with_the_print_faces():
    faces = [{"family": "Publish Serif", "weight": 400, "url": "file:///f/serif.otf"},
             {"family": "Publish Sans", "weight": 700, "url": "file:///f/sans.otf"}]
    html = bench.plain_html(DUMP, faces)
    parsed = _Collect()
    parsed.feed(html)
    assert parsed.tags == ["h1", "p", "p", "p", "p", "p", "p", "p", "h1"]
    assert parsed.text == ["标题<一>", "引题", "作者", "来源：新华社", "正文&第一段。", "一、小标题",
                           "1. 列表项", "注释的文字", "第二篇"]
    assert html.count("@font-face") == 2 and 'src: url("file:///f/serif.otf")' in html
    assert "size: A4" in html and "font-size: 16pt" in html and "text-align: justify" in html
    assert 'font-family: "Publish Serif"' in html


def test_typst_source_sets_the_same_text_on_the_same_page_as_string_literals():
    hostile = {**DUMP, "articles": [*DUMP["articles"], {
        "id": "c", "title": '#set "引号" \\ *星*', "blocks": [{"text": "=不是标题 $x$ #emph[x]"}]}]}
    src = bench.typst_source(hostile)
    lines = [ln for ln in src.splitlines() if ln and not ln.startswith("#set ")
             and not ln.startswith("#show ")]
    assert lines[0] == '#heading("标题<一>")' and lines.count('#heading("第二篇")') == 1
    assert len(lines) == len(list(bench.plain_lines(hostile)))   # every line, nothing else
    assert '#heading("#set \\"引号\\" \\\\ *星*")' in lines    # quotes and backslash escaped
    assert '#"=不是标题 $x$ #emph[x]"' in lines
    top, right, bottom, left = bench.type_area_mm()
    assert f'margin: (top: {top:g}mm, right: {right:g}mm, bottom: {bottom:g}mm, left: {left:g}mm)' \
        in src and 'paper: "a4"' in src and "size: 16pt" in src and "justify: true" in src
    assert f"margin: {top:g}mm {right:g}mm {bottom:g}mm {left:g}mm" in bench.plain_html(DUMP, [])


def test_typst_compiles_the_source_with_the_fonts_of_fonts(tmp_path):
    import subprocess
    src = tmp_path / "x.typ"
    src.write_text(bench.typst_source(DUMP), encoding="utf-8")
    out = tmp_path / "x.pdf"
    subprocess.run(bench.typst_command(sys.executable, src, out, ROOT / "fonts"), check=True,
                   timeout=120)
    import pdfplumber
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 2                 # each title on a new page
        text = "".join(p.extract_text() or "" for p in pdf.pages)
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert "第一段" in text and "注释的文字" in text
    assert fonts and all("NotoSerifCJK" in f for f in fonts)   # fonts/ only, no system face


def test_print_faces_point_at_existing_font_files():
    faces = bench.print_faces()
    assert {f["family"] for f in faces} >= {"Publish Serif", "Publish Sans", "Publish Kai"}
    for f in faces:
        assert f["url"].startswith("file://")
        assert __import__("pathlib").Path(f["url"].removeprefix("file://")).is_file()


def test_ratio_and_verdict_wording():
    assert bench.ratio_figure(9.0, 4.5) == "2.00× (9.00 s / 4.50 s)"
    assert bench.ratio_figure(1.0, 8.0, percent=True) == "12% (1.00 s / 8.00 s)"
    assert bench.ratio_figure(250.0, 100.0) == "2.50× (250 s / 100 s)"
    assert bench.verdict(1.0, 1.0) == "pass"
    assert bench.verdict(1.01, 1.0) == "FAIL"
    assert bench.verdict(0.1, 0.25, ok=False) == "FAIL"


def test_doubled_corpus_is_valid_and_twice_as_long(tmp_path):
    dst = tmp_path / "x2"
    added = bench.double_corpus(BUNDLED, dst)
    one, two = corpus.load(BUNDLED), corpus.load(dst)
    assert added == len(one.articles) and len(two.articles) == 2 * len(one.articles)
    assert len({a.id for a in two.articles}) == len(two.articles)
    assert [a.title for a in two.articles] == [a.title for a in one.articles] * 2
    assert len(two.toc) == 2 * len(one.toc)
    assert not [f for f in lint(two) if f.severity == ERROR]
    pages = [a.page for a in two.articles if a.page]
    assert pages == sorted(pages)          # the copies follow the last source page


def test_volume_copy_gets_its_own_id(tmp_path):
    d = bench.copy_corpus(BUNDLED, tmp_path / "v01", "2024-02-v01")
    assert corpus.load(d).id == "2024-02-v01"


def test_edit_one_paragraph_changes_a_few_characters_of_one_body(tmp_path):
    d = bench.copy_corpus(BUNDLED, tmp_path / "c")
    path = bench.edit_one_paragraph(d)
    before = (BUNDLED / "articles" / path.name).read_text(encoding="utf-8")
    after = path.read_text(encoding="utf-8")
    assert after.replace(bench.EDIT_MARK, "", 1) == before
    assert bench.EDIT_MARK not in before
    changed = [p.name for p in (d / "articles").glob("*.md")
               if p.read_text(encoding="utf-8") != (BUNDLED / "articles" / p.name)
               .read_text(encoding="utf-8")]
    assert changed == [path.name]
    art = next(a for a in corpus.load(d).articles if any(
        bench.EDIT_MARK in b.text for b in a.blocks))
    assert re.sub(r"\s", "", art.title) and art.id in after


def test_measure_sums_the_memory_of_every_process_of_the_command():
    """Peak MB is the largest process; Sum MB the command's processes at one moment."""
    child = "b = bytearray(96 * 2**20); import time; time.sleep(1.0)"
    code = (f"import subprocess, sys; ps = [subprocess.Popen([sys.executable, '-c', {child!r}]) "
            "for _ in range(2)]; [p.wait() for p in ps]")
    run = bench.measure([sys.executable, "-c", code])
    assert run.returncode == 0
    assert 96 <= run.peak_mb < 2 * 96                  # one child's bytes, not both
    assert run.sum_mb >= 2 * 96                        # both children at once
