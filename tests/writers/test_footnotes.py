"""Footnotes (注释) in every edition, on the bundled issue with notes added.

Print: each note at the foot of the page its call is on, in the note size, below the body;
the body still ends every justified line on the edge; the layout's page starts still
name the first text of each page. EPUB: noterefs and footnotes linked both ways, notes not
taken for print pages, EPUBCheck with nothing to report, Ace with no violation. (The DOCX's real footnotes and
their way back are tested in tests/readers/test_docx_footnotes.py.)
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from lxml import etree

from publish import corpus
from publish.templating import wording
from publish.layout.notes import NOTE_SCALE
from publish.layout.style import OFFICIAL
from publish.writers import BuildOptions
from publish.writers import epub as epub_writer
from publish.writers import pdf as pdf_writer
from tests.paths import BUNDLED
from tests.writers import print_inspect as pi
from tests.writers.footnoted import NOTES, footnoted
from tests.writers.test_epub import (Book, ace, epubcheck, problems, synthetic_pagination,
                                     violations)

pytestmark = pytest.mark.slow
S = OFFICIAL
MARKS = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")


@pytest.fixture(scope="session")
def noted(tmp_path_factory):
    issue = footnoted(corpus.load(BUNDLED))
    out = tmp_path_factory.mktemp("footnotes")
    path = out / f"{issue.id}.pdf"
    pagination = pdf_writer.write(issue, path, BuildOptions())
    return SimpleNamespace(issue=issue, pdf=path, pagination=pagination,
                           pages=pi.read(path, bottom_mm=35.0), out=out)


def _notes(issue):
    return [(art, span) for art in issue.articles for b in art.blocks for span in b.notes]


def test_every_note_is_at_the_foot_of_the_page_of_its_call(noted):
    notes = _notes(noted.issue)
    assert len(notes) >= 8
    found = 0
    for page in noted.pages:
        body = [ln for ln in page.lines if ln.size == S.body_size]
        small = [ln for ln in page.lines if ln.size == pytest.approx(S.body_size * NOTE_SCALE)]
        calls = [m for ln in body for m in MARKS.findall(ln.text)]
        calls += [m for ln in page.lines if ln.size < S.body_size * NOTE_SCALE
                  for m in MARKS.findall(ln.text)]
        notes_here = [ln for ln in small if MARKS.match(ln.text)]
        # each call on the page has its note there, and each note its call
        assert sorted(MARKS.match(ln.text).group() for ln in notes_here) == sorted(calls), \
            page.index
        if notes_here:
            assert min(ln.top for ln in notes_here) > max(ln.top for ln in body), page.index
            texts = "".join(ln.text for ln in small)
            assert any(n in texts for n in NOTES)
            found += len(notes_here)
    assert found == len(notes)


def test_lines_with_calls_still_end_on_the_edge(noted):
    flow = pi.body_flow(noted.pages, S.measure, S.body_size, "Publish-Serif")
    assert pi.overfull_lines(flow) == []
    short, total = pi.short_lines(flow, tolerance=1.0)
    assert len(short) <= 0.01 * total


def test_page_starts_name_the_first_text_of_each_page(noted):
    arts = {a.id: a for a in noted.issue.articles}
    by_folio = {p.folio: p for p in noted.pages if p.folio is not None}
    for start in noted.pagination.pages:
        lines = [ln for ln in by_folio[start.number].lines if ln.size >= S.body_size]
        first = MARKS.sub("", lines[0].text).replace(" ", "")
        art = arts[start.article]
        if start.block == -1:
            continue
        block = art.blocks[start.block]
        body = "".join(s.text for s in block.spans)          # offsets exclude the label
        assert start.offset <= len(body)
        expected = body[start.offset:] if not block.label or start.offset else (
            block.label + body)
        assert expected.replace(" ", "").startswith(first[:10]), (start, first[:10])


def test_epub_notes_link_both_ways_and_pass_epubcheck(noted, tmp_path):
    issue = noted.issue
    pagination = synthetic_pagination(issue)
    path = tmp_path / "noted.epub"
    epub_writer.write(issue, path, BuildOptions(), pagination)
    book = Book(path.read_bytes())
    plain = tmp_path / "plain.epub"
    epub_writer.write(corpus.load(BUNDLED), plain, BuildOptions(), pagination)
    assert book.page_list() == Book(plain.read_bytes()).page_list()   # notes are no pages
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    total = 0
    for doc in book.documents():
        root = book.xml(doc)
        refs = root.xpath("//x:a[@epub:type='noteref']", namespaces=ns)
        asides = root.xpath("//x:aside[@epub:type='footnote']", namespaces=ns)
        assert len(refs) == len(asides)
        for n, (ref, aside) in enumerate(zip(refs, asides), 1):
            assert ref.get("href") == f"#{aside.get('id')}"
            back = aside.xpath(".//x:a[@role='doc-backlink']", namespaces=ns)[0]
            assert back.get("href") == f"#{ref.get('id')}"
            assert ref.text == back.text == wording.note_mark(n)
            text = etree.tostring(aside, method="text", encoding="unicode")
            assert any(note in text for note in NOTES)
        total += len(refs)
    assert total == len(_notes(issue))
    report = epubcheck(path.read_bytes(), tmp_path, "noted")
    assert report["checker"]["nFatal"] == 0 and problems(report) == []
    assert report["checker"]["nError"] == 0 and report["checker"]["nWarning"] == 0
    report = ace(path.read_bytes(), tmp_path, "noted")
    assert violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"


def test_note_marks():
    assert [wording.note_mark(n) for n in (1, 20, 21, 35, 36, 50, 51)] == [
        "①", "⑳", "㉑", "㉟", "㊱", "㊿", "[51]"]
