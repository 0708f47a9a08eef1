"""Footnotes (注释) through the DOCX and back; what the corpus cannot hold is one line each.

Every case works on a copy of the bundled corpus and compares the tree by hashes with what
the editor's action must change.
"""
from __future__ import annotations


import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from publish import corpus
from publish.commands import import_docx
from publish.docxkit import footnotes
from publish.docxkit.xml import el, sub, w
from publish.model import BOLD, FOOTNOTE, PARAGRAPH, Span
from publish.readers.docx import read
from publish.writers import BuildOptions
from publish.writers import docx as writer
from tests import tree
from tests.readers.docx_helpers import body_paragraphs, resave_with_libreoffice

pytestmark = pytest.mark.slow
NOTE = "见《求是》2024年第3期。"
TARGET = 3


def build(root, path):
    writer.write(corpus.load(root), path, BuildOptions())
    return path


def article_path(root, index: int):
    lines = (root / "issue.yaml").read_text(encoding="utf-8").splitlines()
    names = [line[2:] for line in lines if line.startswith("- ") and line.endswith(".md")]
    return root / "articles" / names[index]


def add_note_to_corpus(root, index: int = TARGET) -> str:
    """An editor's footnote in the Markdown: called after the first paragraph's text."""
    path = article_path(root, index)
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n\n", 1)
    first, rest = body.split("\n\n", 1)
    path.write_text(f"{head}\n---\n\n{first}[^q]\n\n{rest}\n[^q]: 注释：**{NOTE}**\n",
                    encoding="utf-8")
    return path.name




def test_corpus_footnotes_load_and_reach_the_docx_as_real_footnotes(corpus_copy, tmp_path):
    add_note_to_corpus(corpus_copy)
    issue = corpus.load(corpus_copy)
    first = next(b for b in issue.articles[TARGET].blocks if b.type == PARAGRAPH)
    call = first.spans[-1]
    assert call.style == FOOTNOTE and call.note == (Span("注释：", "text"), Span(NOTE, BOLD))
    assert NOTE not in first.text                   # a footnote adds nothing to the text
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    refs = list(doc.element.body.iter(w("footnoteReference")))
    assert len(refs) == 1
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype == RT.FOOTNOTES)
    root = etree.fromstring(part.blob)
    notes = {n.get(w("id")): "".join(t.text for t in n.iter(w("t")))
             for n in root.findall(w("footnote"))}
    assert notes[refs[0].get(w("id"))] == "注释：" + NOTE
    settings = doc.settings.element.find(w("footnotePr"))
    assert settings.find(w("numFmt")).get(w("val")) == footnotes.NUMBER_FORMAT
    # and back: the model is the corpus's, nothing to write
    result = read(docx, issue)
    assert result.issue == issue and result.lost == []
    before = tree.hashes(corpus_copy)
    assert import_docx.run(docx, corpus_copy) == 0
    assert tree.hashes(corpus_copy) == before


def _word_footnote(doc, paragraph, text: str) -> None:
    """What Word does on Insert Footnote: a footnotes part (made if missing), a reference."""
    rel = next((r for r in doc.part.rels.values() if r.reltype == RT.FOOTNOTES), None)
    if rel is None:
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                    footnotes.part_xml([]), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
    else:
        part = rel.target_part
    root = etree.fromstring(part.blob)
    ident = str(max(int(n.get(w("id"))) for n in root.findall(w("footnote"))) + 1)
    note = sub(root, "footnote", {"id": ident})
    p = sub(note, "p")
    sub(sub(sub(p, "pPr"), "pStyle"), "x").getparent().set(w("val"), "FootnoteText")
    r = sub(p, "r")
    sub(sub(r, "rPr"), "rStyle", {"val": "FootnoteReference"})
    sub(r, "footnoteRef")
    sub(sub(p, "r"), "t", {"xml:space": "preserve"}).text = " "
    sub(sub(p, "r"), "t").text = text
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    ref = el("r")
    sub(sub(ref, "rPr"), "rStyle", {"val": "FootnoteReference"})
    sub(ref, "footnoteReference", {"id": ident})
    paragraph._p.append(ref)


def test_a_footnote_added_in_word_reaches_the_corpus(corpus_copy, tmp_path, capsys):
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    _word_footnote(doc, body_paragraphs(doc, TARGET)[1], NOTE)
    doc.save(str(tmp_path / "noted.docx"))
    before = tree.hashes(corpus_copy)
    assert import_docx.run(tmp_path / "noted.docx", corpus_copy) == 0
    name = f"articles/{article_path(corpus_copy, TARGET).name}"
    assert tree.changed(before, tree.hashes(corpus_copy)) == {name}
    text = (corpus_copy / name).read_text(encoding="utf-8")
    assert text.count("[^1]") == 2 and f"\n[^1]: {NOTE}\n" in text
    out = capsys.readouterr().out
    assert f"+[^1]: {NOTE}" in out
    block = [b for b in corpus.load(corpus_copy).articles[TARGET].blocks
             if b.type == PARAGRAPH][1]
    assert block.spans[-1] == Span("", FOOTNOTE, (Span(NOTE),))


def test_a_footnote_added_beside_one_we_wrote(corpus_copy, tmp_path):
    add_note_to_corpus(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    _word_footnote(doc, body_paragraphs(doc, TARGET)[0], "编辑加的第二条注释。")
    doc.save(str(tmp_path / "noted.docx"))
    art = read(tmp_path / "noted.docx", corpus.load(corpus_copy)).issue.articles[TARGET]
    notes = [s.note for b in art.blocks for s in b.notes]
    assert notes == [(Span("注释："), Span(NOTE, BOLD)), (Span("编辑加的第二条注释。"),)]


def _drawing_run():
    r = el("r")
    drawing = sub(r, "drawing")
    sub(drawing, "inline")
    return r


def test_what_the_corpus_cannot_hold_is_one_line_each_and_exit_1(corpus_copy, tmp_path,
                                                                 capsys):
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    body = body_paragraphs(doc, TARGET)
    body[0]._p.append(_drawing_run())                       # an image
    table = doc.add_table(rows=2, cols=2)                    # a table
    for cell, text in zip(table._cells, "甲乙丙丁"):
        cell.text = text
    body[1]._p.addnext(table._tbl)
    toc = next(p for p in doc.paragraphs if p.style.name == "toc 1")
    next(toc._p.iter(w("t"))).text = "编辑改过的目录行"      # an edit to the 目录
    footer = doc.sections[-1].footer.paragraphs[0]
    footer.runs[0].text = "第 "                              # an edit to the footer
    doc.save(str(tmp_path / "rich.docx"))
    before = tree.hashes(corpus_copy)
    assert import_docx.run(tmp_path / "rich.docx", corpus_copy) == 1
    err = capsys.readouterr().err.splitlines()
    lost = [line for line in err if line.startswith("not imported: ")]
    assert len(lost) == 4, err
    assert sum("image" in line for line in lost) == 1
    assert sum("table (2 rows, 4 cells)" in line for line in lost) == 1
    assert sum("目录 line 1 '编辑改过的目录行" in line for line in lost) == 1, lost
    assert sum("footer reads '第 {PAGE} —'" in line for line in lost) == 1
    # only the article that got the table's text changed (its four cells became paragraphs)
    name = f"articles/{article_path(corpus_copy, TARGET).name}"
    assert tree.changed(before, tree.hashes(corpus_copy)) == {name}
    blocks = [b.text for b in corpus.load(corpus_copy).articles[TARGET].blocks]
    assert blocks[blocks.index(body[1].text) + 1:][:4] == list("甲乙丙丁")


def test_only_an_image_changes_nothing_but_exits_1(corpus_copy, tmp_path, capsys):
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    body_paragraphs(doc, 1)[0]._p.append(_drawing_run())
    doc.save(str(tmp_path / "image.docx"))
    before = tree.hashes(corpus_copy)
    assert import_docx.run(tmp_path / "image.docx", corpus_copy) == 1
    assert tree.hashes(corpus_copy) == before
    assert "not imported: paragraph" in capsys.readouterr().err


def test_footnotes_survive_a_libreoffice_resave(corpus_copy, tmp_path):
    add_note_to_corpus(corpus_copy)
    issue = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    resaved = resave_with_libreoffice(docx, tmp_path)
    result = read(resaved, issue)
    assert result.issue == issue and result.lost == []
