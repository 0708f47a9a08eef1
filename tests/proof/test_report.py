"""The proof report: written by a default build, complete for the bundled issue and for a
generated one, escaped, self-contained, and clean in a real browser from file://.

Expected rows come from the corpus (articles, recorded page ends, lint, the import log) and
the PDF read independently (pikepdf), never from the report's own code."""
from __future__ import annotations

import base64
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from lxml import html as lhtml
from PIL import Image

from publish import corpus, proof
from publish.check import check_read
from publish.commands.build import build_issue
from publish.check.lint import lint
from publish.options import BuildOptions
from tests.paths import BUNDLED

from .browser import Browser

pytestmark = pytest.mark.slow
FORMATS = ["pdf", "html", "docx", "epub"]


def _built(corpus_dir: Path, out: Path):
    written, notes = build_issue(corpus_dir, FORMATS, out, BuildOptions())
    issue = corpus.load(corpus_dir)
    report = out / issue.id / f"{issue.id}-proof.html"
    return issue, report, written, corpus_dir


@pytest.fixture(scope="session")
def bundled(tmp_path_factory):
    return _built(BUNDLED, tmp_path_factory.mktemp("proof-bundled"))


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """Another issue of the same form: other articles, order and page list, extra page
    ends, no import log (tests/source_edition/variants.py)."""
    from tests.source_edition.variants import variant
    issue = variant(corpus.load(BUNDLED), 7, count=5, cuts=3)
    folder = tmp_path_factory.mktemp("proof-generated") / issue.id
    corpus.save(issue, folder)
    return _built(folder, tmp_path_factory.mktemp("proof-generated-out"))


def _doc(path: Path):
    return lhtml.fromstring(path.read_bytes())


def _recorded_ends(issue) -> int:
    return sum(1 for a in issue.articles for pb in a.page_breaks
               if a.page is not None and 0 <= pb.block < len(a.blocks))


def _decisions(corpus_dir: Path) -> int:
    log = corpus_dir / "import-log.json"
    if not log.is_file():
        return 0
    return sum(1 for e in json.loads(log.read_text(encoding="utf-8"))["repairs"]
               if e.get("decision"))


def _complete(issue, path: Path, corpus_dir: Path, folder: Path) -> None:
    """Every section the issue asks for, with the counts the corpus and the PDF imply."""
    assert path.is_file()
    doc = _doc(path)
    rows = doc.xpath("//section[@id='articles']//tr[contains(@class,'article')]")
    assert len(rows) == len(issue.articles)
    for row, art in zip(rows, issue.articles):
        assert art.title in row.text_content()
        cells = row.xpath("./td")
        assert cells[3].text_content().strip() == str(art.page)
        for cell in cells[4:7]:                     # PDF, EPUB page-list, DOCX 目录
            assert cell.text_content().strip().startswith("✓"), (art.id, cell.text_content())
        src = row.xpath(".//img/@src")
        assert len(src) == 1 and src[0].startswith("data:image/png;base64,")
        picture = Image.open(io.BytesIO(base64.b64decode(src[0].split(",", 1)[1])))
        assert 100 <= picture.width <= 300 and picture.height > picture.width
        dark, light = picture.convert("L").getextrema()
        assert dark < 100 < 200 < light, "an empty picture"
    ends = doc.xpath("//section[@id='page-ends']//tr[contains(@class,'page-end')]")
    assert len(ends) == _recorded_ends(issue)
    assert all(e.xpath("./td")[-1].text_content().strip() == "✓" for e in ends)
    findings = doc.xpath("//section[@id='lint']//tr[contains(@class,'finding')]")
    assert len(findings) == len(lint(issue))
    decisions = doc.xpath("//section[@id='decisions']//tr[contains(@class,'decision')]")
    assert len(decisions) == _decisions(corpus_dir)
    pre = {r.xpath("./td")[0].text_content(): r.xpath("./td") for r in
           doc.xpath("//section[@id='preflight']//tr[contains(@class,'preflight')]")}
    assert {"output intent (PDF/X-4)", "fonts embedded and subset", "page size and boxes",
            "K-only text and rules", "tags", "page labels", "page count"} <= set(pre)
    with pikepdf.open(folder / f"{issue.id}.pdf") as pdf:
        assert pre["page count"][1].text_content() == str(len(pdf.pages))
    for name, cells in pre.items():
        if name != "page count":
            assert cells[2].text_content().strip() == "✓", (name, cells[1].text_content())
    build = doc.xpath("//section[@id='build']")[0].text_content()
    assert "source" in build and "lines ×" in build
    assert re.search(r"pdf \d+\.\d s", build) and "proof report" in build
    assert doc.xpath("//section[@id='short-pages']")


def test_a_default_build_writes_a_complete_report(bundled):
    issue, path, written, _ = bundled
    assert path in written
    _complete(issue, path, BUNDLED, path.parent)
    doc = _doc(path)
    # the bundled issue's slips are there: the 目录 entry with an extra 现代, the doubled
    # paragraph; each finding names a file and a line holding what it is about
    assert "+现代" in doc.xpath("//section[@id='articles']")[0].text_content()
    for row in doc.xpath("//tr[contains(@class,'finding')]"):
        where = row.xpath("./td")[-1].text_content()
        file, line = where.rsplit(":", 1)
        assert Path(file).is_file() and int(line) >= 1
    dup = next(f for f in lint(issue) if f.code == "duplicate-paragraph")
    art = next(a for a in issue.articles if a.id == dup.article)
    row = next(r for r in doc.xpath("//tr[contains(@class,'finding')]")
               if dup.message in r.text_content())
    file, line = row.xpath("./td")[-1].text_content().rsplit(":", 1)
    text = Path(file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert art.blocks[dup.block].text[:8] in text
    decision = doc.xpath("//tr[contains(@class,'decision')]")[0].xpath("./td")[-1]
    file, line = decision.text_content().rsplit(":", 1)
    assert Path(file).read_text(encoding="utf-8").splitlines()[int(line) - 1].startswith(
        "title:")


def test_another_issue_gets_an_equally_complete_report(generated):
    issue, path, _, folder = generated
    assert issue.id != "2024-02" and _recorded_ends(issue) > 0
    _complete(issue, path, folder, path.parent)


def test_titles_are_escaped(bundled, tmp_path):
    issue, path, _, _ = bundled
    evil = "<script>alert(1)</script> & <b>粗</b>"
    art = replace(issue.articles[0], title=evil)
    changed = replace(issue, articles=(art,) + issue.articles[1:])
    run = proof.Run(tuple(FORMATS), BuildOptions())
    run.report, run.doc = check_read(changed, path.parent / f"{issue.id}.pdf")
    text = proof.render(changed, BUNDLED, path.parent, run)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text
    doc = lhtml.fromstring(text)
    assert not doc.xpath("//script") and evil in doc.text_content()


def test_no_proof_writes_none(bundled, tmp_path):
    issue, _, _, _ = bundled
    written, _ = build_issue(BUNDLED, ["pdf"], tmp_path, BuildOptions(proof=False))
    assert [p.name for p in (tmp_path / issue.id).iterdir()] == [f"{issue.id}.pdf"]
    assert all("proof" not in p.name for p in written)


def test_the_report_refers_to_nothing_outside_itself(bundled):
    _, path, _, _ = bundled
    doc = _doc(path)
    assert not doc.xpath("//script | //link | //iframe | //object | //embed")
    for url in doc.xpath("//@src | //@href"):
        assert url.startswith(("data:", "#")), url
    style = path.read_text(encoding="utf-8").split("</style>")[0]
    urls = re.findall(r"url\(\s*[\"']?([^)\"']*)", style)
    assert urls and all(u.startswith("data:") for u in urls), urls     # the web font only


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_in_chromium_from_file_every_picture_loads_without_errors_or_requests(
        which, request):
    issue, path, _, _ = request.getfixturevalue(which)
    browser = Browser()
    try:
        browser.open(path.as_uri())
        images = browser.evaluate(
            "[...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
        assert len(images) == len(issue.articles)
        assert all(done and w > 0 and h > 0 for done, w, h in images), images
        assert browser.console_errors() == []
        outside = [u for u in browser.requests() if not u.startswith(("file:", "data:"))]
        assert outside == []
    finally:
        browser.close()


def test_the_browser_check_catches_errors_and_requests(tmp_path):
    """The harness can fail: a page with a console error, a broken picture and a request
    to a server is caught on all three counts."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><body><img src="missing.png">'
                    '<img src="http://127.0.0.1:9/x.png">'
                    '<script>console.error("boom")</script></body></html>', encoding="utf-8")
    browser = Browser()
    try:
        browser.open(page.as_uri())
        images = browser.evaluate("[...document.images].map(i => i.naturalWidth)")
        assert images == [0, 0]
        assert any("boom" in e for e in browser.console_errors())
        assert any(u.startswith("http://127.0.0.1:9/") for u in browser.requests())
    finally:
        browser.close()


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_the_report_carries_a_face_for_every_character_it_shows(which, request):
    """No tofu on a machine without CJK fonts: the report's own web font (a subset of the
    serif face in fonts/) has a glyph for every character of its text."""
    from fontTools.ttLib import TTFont
    _, path, _, _ = request.getfixturevalue(which)
    page = path.read_text(encoding="utf-8")
    found = re.search(r'@font-face \{ font-family: "Proof CJK"; src: url\("data:font/otf;base64,'
                      r'([A-Za-z0-9+/=]+)"\)', page)
    assert found, "no embedded face"
    cmap = TTFont(io.BytesIO(base64.b64decode(found.group(1)))).getBestCmap()
    shown = _doc(path).text_content()
    missing = sorted({ch for ch in shown if ord(ch) > 0x2E7F} - {chr(c) for c in cmap})
    assert missing == []
    assert sum(ord(ch) > 0x2E7F for ch in set(shown)) > 100       # the page is Chinese
