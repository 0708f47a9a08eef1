"""`publish import-docx`: what it tells the editor beside the diff."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from publish import corpus
from publish.commands import import_docx
from publish.writers import BuildOptions
from publish.writers import docx as writer
from tests.readers.docx_helpers import body_paragraphs

pytestmark = pytest.mark.slow


def docx_with_a_run_added(root: Path, tmp_path: Path, article: int, text: str) -> Path:
    """The corpus's DOCX with ``text`` typed at the end of an article's first paragraph."""
    docx = tmp_path / "issue.docx"
    writer.write(corpus.load(root), docx, BuildOptions())
    doc = Document(str(docx))
    body_paragraphs(doc, article)[0].add_run(text)
    doc.save(str(tmp_path / "edited.docx"))
    return tmp_path / "edited.docx"


def test_a_character_no_font_has_typed_in_word_is_said_at_import(corpus_copy, tmp_path, capsys):
    assert import_docx.run(docx_with_a_run_added(corpus_copy, tmp_path, 2, "好😀"),
                           corpus_copy) == 0
    article = corpus.load(corpus_copy).articles[2]
    assert any(b.text.endswith("好😀") for b in article.blocks)
    err = capsys.readouterr().err
    assert (f"warning: article {article.id}: no font in fonts/ has 「😀」U+1F600; they print "
            "blank in the PDF and HTML") in err


def test_characters_the_corpus_already_lacked_are_not_said_again(corpus_copy, tmp_path,
                                                                 capsys):
    path = sorted((corpus_copy / "articles").glob("*.md"))[2]
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n\n", 1)
    path.write_text(f"{head}\n---\n\n😀{body}", encoding="utf-8")
    assert import_docx.run(docx_with_a_run_added(corpus_copy, tmp_path, 5, "补一句。"),
                           corpus_copy) == 0
    assert "no font in fonts/ has" not in capsys.readouterr().err


def test_a_docx_that_would_make_an_unloadable_corpus_is_refused_and_nothing_written(
        corpus_copy, tmp_path, capsys):
    """A title of 9,900 characters typed in Word was written (exit 0), and the next build
    and lint refused the corpus import-docx had made."""
    from publish.errors import UserError
    docx = tmp_path / "issue.docx"
    writer.write(corpus.load(corpus_copy), docx, BuildOptions())
    doc = Document(str(docx))
    title = next(p for p in doc.paragraphs if p.style.style_id == "ArticleTitle")
    title.runs[0].text = "长" * 9_900
    doc.save(str(tmp_path / "edited.docx"))
    before = {p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file()}
    with pytest.raises(UserError) as refused:
        import_docx.run(tmp_path / "edited.docx", corpus_copy)
    assert refused.value.path == str(tmp_path / "edited.docx")
    assert "cannot be loaded" in refused.value.message and "9,900 characters" in str(
        refused.value) and "nothing was written" in refused.value.message
    assert {p: p.read_bytes() for p in corpus_copy.rglob("*") if p.is_file()} == before
    assert "+++ b/" not in capsys.readouterr().out       # no diff of what is not written
