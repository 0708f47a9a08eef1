"""import-docx writes only what the editor changed, and keeps what it does not own.

Each case works on a copy of the bundled corpus and compares the tree by hashes with what
the editor's action must change.
"""
from __future__ import annotations

import pytest
from docx import Document

from publish import corpus
from publish.commands import import_docx
from publish.writers import BuildOptions
from publish.writers import docx as writer
from tests import tree
from tests.readers.docx_helpers import body_paragraphs

pytestmark = pytest.mark.slow


def build(root, path):
    writer.write(corpus.load(root), path, BuildOptions())
    return path


def names(root) -> list[str]:
    issue = (root / "issue.yaml").read_text(encoding="utf-8")
    return [line[2:] for line in issue.splitlines() if line.startswith("- ") and
            line.endswith(".md")]




def test_an_unchanged_docx_writes_nothing(corpus_copy, tmp_path, capsys):
    docx = build(corpus_copy, tmp_path / "issue.docx")
    (corpus_copy / "articles" / "notes.txt").write_text("编辑的笔记", encoding="utf-8")
    before = tree.hashes(corpus_copy)
    assert import_docx.run(docx, corpus_copy) == 0
    assert tree.hashes(corpus_copy) == before
    captured = capsys.readouterr()
    assert captured.out == "" and "no changes" in captured.err


def test_one_paragraph_changed_writes_one_file(corpus_copy, tmp_path, capsys):
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    target = 5
    body_paragraphs(doc, target)[0].add_run("补一句。")
    doc.save(str(tmp_path / "edited.docx"))
    extra = corpus_copy / "articles" / "99-draft.md"      # not listed in issue.yaml
    extra.write_text("草稿", encoding="utf-8")
    before = tree.hashes(corpus_copy)
    assert import_docx.run(tmp_path / "edited.docx", corpus_copy) == 0
    name = f"articles/{names(corpus_copy)[target]}"
    assert tree.changed(before, tree.hashes(corpus_copy)) == {name}
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("+++ ")] == [f"+++ b/{name}"]
    added = [line for line in out.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in out.splitlines()
               if line.startswith("-") and not line.startswith("---")]
    assert len(added) == len(removed) == 1 and added[0].endswith("补一句。")


def test_unknown_keys_comments_and_order_survive(corpus_copy, tmp_path, capsys):
    target = 2
    name = names(corpus_copy)[target]
    path = corpus_copy / "articles" / name
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    # an editor's own key and comment, and a key order of their own (title before id)
    lines[1], lines[2] = lines[2], lines[1]
    lines.insert(1, "# 校对：王五 2024-02-20")
    lines.insert(3, "reviewer: 张三  # 终审")
    path.write_text("\n".join(lines), encoding="utf-8")
    issue_yaml = corpus_copy / "issue.yaml"
    issue_yaml.write_text("# 本期由宣传部编辑\n" + issue_yaml.read_text(encoding="utf-8")
                          + "editor_note: 不要删除\n", encoding="utf-8")
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    title = next(p for i, p in enumerate(p for p in doc.paragraphs
                                        if p.style.style_id == "ArticleTitle") if i == target)
    title.runs[0].text += "（修订）"
    body_paragraphs(doc, target)[1].add_run("又补一句。")
    doc.save(str(tmp_path / "edited.docx"))
    before = tree.hashes(corpus_copy)
    assert import_docx.run(tmp_path / "edited.docx", corpus_copy) == 0
    assert tree.changed(before, tree.hashes(corpus_copy)) == {f"articles/{name}"}
    new = path.read_text(encoding="utf-8").split("\n")
    assert new[:4] == [lines[0], lines[1], lines[2] + "（修订）", lines[3]]
    assert new[4:lines.index("---", 1)] == lines[4:lines.index("---", 1)]
    assert issue_yaml.read_text(encoding="utf-8").startswith("# 本期由宣传部编辑\n")


def test_a_reorder_writes_only_issue_yaml(corpus_copy, tmp_path, capsys):
    issue_yaml = corpus_copy / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text(encoding="utf-8").replace(
        "\narticles:\n", "\n# 文章顺序\narticles:\n"), encoding="utf-8")
    docx = build(corpus_copy, tmp_path / "issue.docx")
    doc = Document(str(docx))
    titles = [p._p for p in doc.paragraphs if p.style.style_id == "ArticleTitle"]
    body = doc.element.body
    last = [c for c in body[body.index(titles[-1]):] if c.tag.endswith("}p")]
    for node in last:                        # the last article moves to the front
        titles[0].addprevious(node)
    doc.save(str(tmp_path / "moved.docx"))
    old_names = names(corpus_copy)
    before = tree.hashes(corpus_copy)
    assert import_docx.run(tmp_path / "moved.docx", corpus_copy) == 0
    assert tree.changed(before, tree.hashes(corpus_copy)) == {"issue.yaml"}
    assert names(corpus_copy) == old_names[-1:] + old_names[:-1]
    assert "# 文章顺序\narticles:\n" in issue_yaml.read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("+++ ")] == [
        "+++ b/issue.yaml"]
