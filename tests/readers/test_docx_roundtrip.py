"""Build → edit in Word (python-docx stands in) → `import-docx` → the corpus has the edit.

Unchanged, the round trip is exact (`publish dump` equal, page breaks kept); edits show in
the corpus and in the printed diff; what the model cannot hold is reported, never lost.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE

from publish import corpus, model
from publish.cli import main
from publish.commands import import_docx
from publish.docxkit import identity
from publish.docxkit.xml import el, sub, w
from publish.errors import UserError
from publish.model import BOLD, PARAGRAPH, Article, Block, PageBreak, Span
from publish.readers.docx import read, remap_breaks
from publish.writers import BuildOptions
from tests.readers.docx_helpers import resave_with_libreoffice
from publish.writers import docx as writer

pytestmark = pytest.mark.slow
SENTENCE = "编辑在此补充一句加粗的话。"


def build(corpus_dir: Path, out: Path) -> Path:
    writer.write(corpus.load(corpus_dir), out, BuildOptions())
    return out


def dump(directory: Path) -> str:
    return json.dumps(model.dump(corpus.load(directory)), ensure_ascii=False, indent=1)


def article_paragraphs(doc, index: int):
    """The paragraphs of the index-th article (0-based), title first."""
    out, seen = [], -1
    for p in doc.paragraphs:
        if p.style.style_id == "ArticleTitle":
            seen += 1
        if seen == index:
            out.append(p)
        elif seen > index:
            break
    return out


def edited_article(issue) -> int:
    """The article to edit: two plain paragraphs at least, and the most page breaks."""
    def score(i: int) -> tuple[bool, int]:
        art = issue.articles[i]
        plain = sum(b.type == PARAGRAPH for b in art.blocks)
        return plain >= 2, len(art.page_breaks)
    best = max(range(len(issue.articles)), key=score)
    assert score(best)[0], "the bundled issue has an article with two plain paragraphs"
    return best


def test_unchanged_round_trip_is_exact(corpus_copy, tmp_path):
    before = dump(corpus_copy)
    original = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    result = read(docx, original)
    assert result.issue == original          # page breaks, ids, metadata: all kept
    assert result.warnings == [] and result.lost == []
    assert import_docx.run(docx, corpus_copy) == 0
    assert dump(corpus_copy) == before


def test_a_bold_sentence_added_in_word_reaches_the_corpus_and_the_diff(
        corpus_copy, tmp_path, capsys):
    original = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    target = edited_article(original)
    art = original.articles[target]
    # the first plain paragraph of that article
    block_index = next(i for i, b in enumerate(art.blocks) if b.type == PARAGRAPH)
    doc = Document(str(docx))
    body = [p for p in article_paragraphs(doc, target) if p.style.name == "Body"]
    paragraph = body[0]
    assert paragraph.text == art.blocks[block_index].text
    run = paragraph.add_run(SENTENCE)
    run.bold = True
    doc.save(str(tmp_path / "edited.docx"))

    assert import_docx.run(tmp_path / "edited.docx", corpus_copy) == 0
    out = capsys.readouterr().out
    after = corpus.load(corpus_copy)
    new = after.articles[target]
    assert new.blocks[block_index].spans[-1] == Span(SENTENCE, BOLD)
    assert new.blocks[block_index].text == art.blocks[block_index].text + SENTENCE
    # the diff names the file and shows the sentence, in bold, as an added line
    name = corpus.article_filename(target + 1, art)
    assert f"+++ b/articles/{name}" in out
    added = [line for line in out.splitlines() if line.startswith("+") and SENTENCE in line]
    assert added and f"**{SENTENCE}**" in added[0]
    # nothing else changed; page breaks survive (the edit is after their offsets)
    for i, (a, b) in enumerate(zip(original.articles, after.articles)):
        if i != target:
            assert a == b
    assert new.page_breaks == art.page_breaks
    assert new.blocks[:block_index] == art.blocks[:block_index]
    assert new.blocks[block_index + 1:] == art.blocks[block_index + 1:]


def test_paragraphs_added_and_removed(corpus_copy, tmp_path, capsys):
    original = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    target = edited_article(original)
    art = original.articles[target]
    doc = Document(str(docx))
    body = [p for p in article_paragraphs(doc, target) if p.style.name == "Body"]
    removed = body[1]
    removed._p.getparent().remove(removed._p)
    inserted = body[0].insert_paragraph_before("编辑新加的一段。", style="Body")
    assert inserted.style.name == "Body"
    doc.save(str(tmp_path / "edited.docx"))
    result = read(tmp_path / "edited.docx", original)
    new = result.issue.articles[target]
    texts = [b.text for b in new.blocks]
    assert "编辑新加的一段。" in texts and removed.text not in texts
    assert len(new.blocks) == len(art.blocks)
    # every page break in an untouched block follows its block
    for pb in new.page_breaks:
        assert new.blocks[pb.block].text[:pb.offset] in [b.text[:pb.offset] for b in art.blocks]
    assert import_docx.run(tmp_path / "edited.docx", corpus_copy) == 0
    out = capsys.readouterr().out
    assert "+编辑新加的一段。" in out and f"-{removed.text}" in out


def test_title_block_edits(corpus_copy, tmp_path):
    original = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    target = next((i for i, a in enumerate(original.articles) if a.date and a.source), None)
    assert target is not None, "the bundled issue has an article with a date and a source"
    doc = Document(str(docx))
    paras = article_paragraphs(doc, target)
    paras[0].runs[0].text += "（修订）"
    source = next(p for p in paras if p.style.name == "Source Line")
    for run in source.runs[1:]:           # the line retyped: its quotes are runs of their own
        run.text = ""
    source.runs[0].text = "（2023年12月31日　来源：新华社）"
    doc.save(str(tmp_path / "edited.docx"))
    new = read(tmp_path / "edited.docx", original).issue.articles[target]
    old = original.articles[target]
    assert new.title == old.title + "（修订）"
    assert (new.date, new.source) == ("2023-12-31", "新华社")
    assert new.blocks == old.blocks and new.page_breaks == old.page_breaks


def test_unknown_styles_warn_and_keep_their_text(corpus_copy, tmp_path, capsys):
    original = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    target = edited_article(original)
    doc = Document(str(docx))
    doc.styles.add_style("Editor Quote", WD_STYLE_TYPE.PARAGRAPH)
    body = [p for p in article_paragraphs(doc, target) if p.style.name == "Body"]
    body[0].insert_paragraph_before("引用的一段话。", style="Editor Quote")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "表格甲", "表格乙"
    body[1]._p.addnext(table._tbl)
    doc.save(str(tmp_path / "edited.docx"))
    result = read(tmp_path / "edited.docx", original)
    assert any("Editor Quote" in warning for warning in result.warnings)
    # the table: one line (the corpus holds no tables), its text kept as paragraphs
    assert [line for line in result.lost if "table" in line] == [result.lost[0]]
    assert "1 rows, 2 cells" in result.lost[0]
    texts = [b.text for b in result.issue.articles[target].blocks]
    assert "引用的一段话。" in texts
    assert texts[texts.index(body[1].text) + 1:][:2] == ["表格甲", "表格乙"]
    assert import_docx.run(tmp_path / "edited.docx", corpus_copy) == 1
    err = capsys.readouterr().err
    assert "Editor Quote" in err and "not imported: paragraph" in err


def test_tracked_changes_are_read_as_accepted(corpus_copy, tmp_path):
    original = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    target = edited_article(original)
    paragraph = next(p for p in article_paragraphs(doc, target) if p.style.name == "Body")
    first_run = paragraph._p.findall(w("r"))[0]
    ins = el("ins", {"id": 900, "author": "编辑", "date": "2024-03-01T00:00:00Z"})
    r = sub(ins, "r")
    sub(r, "t").text = "插入的话"
    paragraph._p.append(ins)
    deleted = el("del", {"id": 901, "author": "编辑", "date": "2024-03-01T00:00:00Z"})
    moved = copy.deepcopy(first_run)
    for t in moved.iter(w("t")):
        t.tag = w("delText")
    deleted.append(moved)
    paragraph._p.append(deleted)
    doc.save(str(tmp_path / "tracked.docx"))
    result = read(tmp_path / "tracked.docx", original)
    first = next(b for b in original.articles[target].blocks if b.type == PARAGRAPH)
    block = next(b for b in result.issue.articles[target].blocks if b.type == PARAGRAPH)
    assert block.text == first.text + "插入的话"
    assert any("tracked changes" in warning for warning in result.warnings)


def test_bad_input_is_a_user_error(corpus_copy, tmp_path):
    original = corpus.load(corpus_copy)
    (tmp_path / "junk.docx").write_bytes(b"not a zip")
    with pytest.raises(UserError, match="not a readable DOCX"):
        read(tmp_path / "junk.docx", original)
    with pytest.raises(UserError, match="no such file"):
        read(tmp_path / "missing.docx", original)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    other = original.__class__(**{**original.__dict__, "id": "1999-01"})
    with pytest.raises(UserError, match="built from issue"):
        read(docx, other)
    # an article removed in Word: refused, naming it, rather than deleted silently
    doc = Document(str(docx))
    for p in article_paragraphs(doc, len(original.articles) - 1):
        p._p.getparent().remove(p._p)
    doc.save(str(tmp_path / "short.docx"))
    with pytest.raises(UserError, match="does not merge, split, add or remove articles"):
        read(tmp_path / "short.docx", original)
    # a Word file that is not ours
    Document().save(str(tmp_path / "plain.docx"))
    with pytest.raises(UserError, match="article title style"):
        read(tmp_path / "plain.docx", original)
    # what exists but is no file was called missing
    with pytest.raises(UserError, match="is a directory, expected a DOCX file"):
        read(tmp_path, original)
    import os
    os.mkfifo(tmp_path / "fifo.docx")
    with pytest.raises(UserError, match="is a named pipe or a device, expected a DOCX file"):
        read(tmp_path / "fifo.docx", original)


def test_cli_import_docx(corpus_copy, tmp_path):
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    target = edited_article(corpus.load(corpus_copy))
    body = [p for p in article_paragraphs(doc, target) if p.style.name == "Body"]
    body[0].add_run(SENTENCE).bold = True
    doc.save(str(tmp_path / "edited.docx"))
    runner = CliRunner()
    result = runner.invoke(main, ["import-docx", str(tmp_path / "edited.docx"),
                                  "--into", str(corpus_copy)])
    assert result.exit_code == 0, result.output
    assert f"**{SENTENCE}**" in result.output
    bad = runner.invoke(main, ["import-docx", str(tmp_path / "nope.docx"),
                               "--into", str(corpus_copy)])
    assert bad.exit_code == 2 and "no such file" in bad.output


def test_remap_breaks_follows_moved_blocks():
    blocks = tuple(Block(PARAGRAPH, (Span(t),)) for t in ("甲甲甲甲", "乙乙乙乙", "丙丙丙丙"))
    art = Article("a", "题", blocks=blocks,
                  page_breaks=(PageBreak(1, 2), PageBreak(2, 3)))
    warnings: list[str] = []
    # a paragraph inserted first: both breaks move down one block
    new = (Block(PARAGRAPH, (Span("新"),)),) + blocks
    assert remap_breaks(art, new, warnings) == (PageBreak(2, 2), PageBreak(3, 3))
    # text added after a break's offset keeps it; text changed before it drops it, loudly
    edited = (blocks[0], Block(PARAGRAPH, (Span("乙乙乙乙再加"),)),
              Block(PARAGRAPH, (Span("改丙丙丙"),)))
    assert remap_breaks(art, edited, warnings) == (PageBreak(1, 2),)
    assert len(warnings) == 1 and "block 3" in warnings[0]
    # words added before a break, away from it: the break moves along with the text after it
    words = Article("b", "题", blocks=(Block(PARAGRAPH, (Span("深刻领会高瞻远瞩统揽全局"),)),),
                    page_breaks=(PageBreak(0, 8),))
    inserted = (Block(PARAGRAPH, (Span("深刻领会和把握高瞻远瞩统揽全局"),)),)
    assert remap_breaks(words, inserted, warnings) == (PageBreak(0, 11),)
    assert len(warnings) == 1


def test_a_docx_resaved_by_libreoffice_round_trips(corpus_copy, tmp_path):
    """Editors without Word: LibreOffice's re-save keeps every style and every word."""
    original = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "issue.docx")
    resaved = resave_with_libreoffice(docx, tmp_path)
    result = read(resaved, original)
    assert result.issue == original
    assert result.lost == []                  # its footers and 目录 are no edit
    # the article identities survive the re-save (so pairing did not fall back to titles)
    names = {b.get(w("name")) for b in Document(str(resaved)).element.body.iter(
        w("bookmarkStart"))}
    assert {identity.bookmark_name(a.id) for a in original.articles} <= names


def test_a_docx_with_the_earlier_style_definitions_still_imports(corpus_copy, tmp_path):
    """DOCX files built before the role styles were Word's heading 1–3 (named for their
    roles, "Article Title", "Section Heading 2"…, based on Normal, no heading styles) read
    back the same."""
    original = corpus.load(corpus_copy)
    docx = build(corpus_copy, tmp_path / "new.docx")
    doc = Document(str(docx))
    styles = doc.styles.element
    earlier = {"ArticleTitle": "Article Title", "SectionHeading1": "Section Heading 1",
               "SectionHeading2": "Section Heading 2", "SectionHeading3": "Section Heading 3"}
    for node in styles.findall(w("style")):
        if node.get(w("styleId")) in earlier:
            node.find(w("name")).set(w("val"), earlier[node.get(w("styleId"))])
        based = node.find(w("basedOn"))
        if based is not None and based.get(w("val")) != "Normal":
            based.set(w("val"), "Normal")
    old = tmp_path / "old.docx"
    doc.save(str(old))
    names = {s.find(w("name")).get(w("val"))
             for s in Document(str(old)).styles.element.findall(w("style"))}
    assert not {n for n in names if n.startswith("heading")} and "Article Title" in names
    result = read(old, original)
    assert result.issue == original
    assert result.warnings == []


def test_a_paragraph_split_at_its_page_break_is_joined_back(corpus_copy, tmp_path):
    """The DOCX sets a page break where a recorded source page ended inside a paragraph;
    LibreOffice's re-save splits the paragraph there (the first part ending in the break,
    the rest in style Normal). The reader joins the parts — only at the recorded ends: the
    same split anywhere else stays two paragraphs."""
    original = corpus.load(corpus_copy)
    assert any(0 < pb.offset < len(a.blocks[pb.block].body_text)
               for a in original.articles for pb in a.page_breaks)
    doc = Document(str(build(corpus_copy, tmp_path / "issue.docx")))
    body = doc.element.body
    splits = 0
    for brk in list(body.iter(w("br"))):
        if brk.get(w("type")) != "page":
            continue
        run = brk.getparent()
        while run.getparent().tag != w("p"):     # the break's run in Word 2010's choice
            run = run.getparent()
        p = run.getparent()
        rest = el("p")
        sub(sub(rest, "pPr"), "pStyle", {"val": "Normal"})
        for node in list(run.itersiblings()):
            rest.append(node)
        p.addnext(rest)
        splits += 1
    assert splits
    split = tmp_path / "split.docx"
    doc.save(str(split))
    result = read(split, original)
    assert result.issue == original and result.warnings == []
    # a base whose page ends are elsewhere does not join them
    moved = model.from_dict({**model.to_dict(original), "articles": [
        {**model.to_dict(original)["articles"][i], "page_breaks": []}
        for i in range(len(original.articles))]})
    assert read(split, moved).issue != moved
