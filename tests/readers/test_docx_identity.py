"""import-docx pairs articles by the identity bookmark on each title, never by position.

Each case edits a DOCX built from a copy of the bundled corpus the way an editor would in
Word (python-docx stands in), imports it, and compares the corpus tree by hashes with what
the action asked for.
"""
from __future__ import annotations

import pytest
from docx import Document

from publish import corpus
from publish.commands import import_docx
from publish.docxkit import identity
from publish.docxkit.xml import w
from publish.errors import UserError
from publish.readers.docx import read
from publish.writers import BuildOptions
from publish.writers import docx as writer
from tests import tree

pytestmark = pytest.mark.slow


@pytest.fixture
def built(corpus_copy, tmp_path):
    issue = corpus.load(corpus_copy)
    path = tmp_path / "issue.docx"
    writer.write(issue, path, BuildOptions())
    return issue, path


def article_elements(doc, index: int) -> list:
    """The body elements of the index-th article (0-based): its title to the next title."""
    out, seen = [], -1
    for p in doc.paragraphs:
        if p.style.style_id == "ArticleTitle":
            seen += 1
        if seen == index:
            out.append(p._p)
        elif seen > index:
            break
    return out


def test_every_title_carries_its_article_id(built):
    issue, path = built
    doc = Document(str(path))
    titles = [p for p in doc.paragraphs if p.style.style_id == "ArticleTitle"]
    names = [[b.get(w("name")) for b in p._p.iter(w("bookmarkStart"))] for p in titles]
    assert names == [[identity.bookmark_name(a.id)] for a in issue.articles]
    # distinct and valid Word bookmark names (≤ 40, letters, digits, underscores)
    flat = [n[0] for n in names]
    assert len(set(flat)) == len(flat)
    assert all(len(n) <= 40 and n.replace("_", "").isalnum() for n in flat)
    # the 目录's links point at them
    anchors = [h.get(w("anchor")) for h in doc.element.body.iter(w("hyperlink"))]
    assert anchors == flat


def test_a_reorder_in_word_is_applied_as_a_reorder(built, corpus_copy, tmp_path, capsys):
    issue, path = built
    doc = Document(str(path))
    second, third = article_elements(doc, 1), article_elements(doc, 2)
    for node in third:                       # cut article 3, paste it before article 2
        second[0].addprevious(node)
    doc.save(str(tmp_path / "moved.docx"))

    result = read(tmp_path / "moved.docx", issue)
    order = [a.id for a in issue.articles]
    order[1], order[2] = order[2], order[1]
    assert [a.id for a in result.issue.articles] == order
    by_id = {a.id: a for a in issue.articles}
    for art in result.issue.articles:        # every text stays under its own id
        assert art == by_id[art.id]

    assert import_docx.run(tmp_path / "moved.docx", corpus_copy) == 0
    assert "reorders the articles (2 of 24 move)".replace("24", str(len(order))) \
        in capsys.readouterr().err
    after = corpus.load(corpus_copy)
    assert [a.id for a in after.articles] == order
    assert all(a == by_id[a.id] for a in after.articles)


def test_a_demoted_title_is_refused_as_a_merge(built, corpus_copy, tmp_path):
    issue, path = built
    doc = Document(str(path))
    title = doc.paragraphs[[p._p for p in doc.paragraphs].index(article_elements(doc, 2)[0])]
    title.style = doc.styles["Body"]
    doc.save(str(tmp_path / "demoted.docx"))
    before = tree.hashes(corpus_copy)
    with pytest.raises(UserError) as exc:
        import_docx.run(tmp_path / "demoted.docx", corpus_copy)
    message = str(exc.value)
    assert issue.articles[2].id in message and "merged into" in message
    assert issue.articles[1].title[:20] in message
    assert tree.hashes(corpus_copy) == before


def test_a_promoted_paragraph_is_refused_as_a_split(built, corpus_copy, tmp_path):
    issue, path = built
    doc = Document(str(path))
    body = [p for p in doc.paragraphs
            if p._p in article_elements(doc, 4) and p.style.name == "Body"]
    body[1].style = doc.styles["Heading 1"]
    doc.save(str(tmp_path / "promoted.docx"))
    before = tree.hashes(corpus_copy)
    with pytest.raises(UserError) as exc:
        import_docx.run(tmp_path / "promoted.docx", corpus_copy)
    message = str(exc.value)
    assert "matches no article" in message and "would split" in message
    assert body[1].text[:10] in message
    assert tree.hashes(corpus_copy) == before


def test_one_title_demoted_and_another_paragraph_promoted(built, corpus_copy, tmp_path):
    """The count stays the same, which pairing by position took for 'no change'."""
    issue, path = built
    doc = Document(str(path))
    title = next(p for p in doc.paragraphs if p._p is article_elements(doc, 2)[0])
    body = [p for p in doc.paragraphs
            if p._p in article_elements(doc, 6) and p.style.name == "Body"]
    title.style = doc.styles["Body"]
    body[0].style = doc.styles["Heading 1"]
    doc.save(str(tmp_path / "shifted.docx"))
    before = tree.hashes(corpus_copy)
    with pytest.raises(UserError) as exc:
        read(tmp_path / "shifted.docx", issue)
    message = str(exc.value)
    assert issue.articles[2].id in message and "matches no article" in message
    assert tree.hashes(corpus_copy) == before


def test_a_copied_title_is_refused(built, tmp_path):
    import copy
    issue, path = built
    doc = Document(str(path))
    first = article_elements(doc, 0)[0]
    article_elements(doc, 3)[-1].addnext(copy.deepcopy(first))
    doc.save(str(tmp_path / "copied.docx"))
    with pytest.raises(UserError, match="second title for"):
        read(tmp_path / "copied.docx", issue)


def test_without_identity_marks_titles_pair_by_their_text(built, tmp_path):
    """A DOCX from an older publish (no marks): exact titles still pair, in any order."""
    issue, path = built
    doc = Document(str(path))
    for node in list(doc.element.body.iter(w("bookmarkStart"), w("bookmarkEnd"))):
        node.getparent().remove(node)
    first, second = article_elements(doc, 0), article_elements(doc, 1)
    for node in reversed(first):
        second[-1].addnext(node)
    doc.save(str(tmp_path / "old.docx"))
    result = read(tmp_path / "old.docx", issue)
    arts = issue.articles
    assert result.issue.articles == (arts[1], arts[0]) + arts[2:]
