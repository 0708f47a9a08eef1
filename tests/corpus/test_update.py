"""corpus_update: an article file edited in place, keeping what import-docx does not own."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from publish import corpus
from publish.corpus import update as corpus_update
from publish.errors import UserError
from publish.model import PARAGRAPH, Article, Block, Span

TEXT = """---
# 校对意见见群聊
id: a-one
title: 第一篇
reviewer: 张三   # not ours
date: '2024-01-10'
page: 3
---

第一段。

第二段。
"""


def article(path: Path) -> Article:
    return corpus.load_article(path)


def test_front_matter_edit_keeps_keys_comments_and_order(tmp_path):
    path = tmp_path / "01-a-one.md"
    path.write_text(TEXT, encoding="utf-8")
    old = article(path)
    new = replace(old, title="第一篇（修订）", dateline="（2024年1月10日通过）", page=None)
    out = corpus_update.update_article(TEXT, old, new, path)
    lines = out.splitlines()
    assert lines[:7] == ["---", "# 校对意见见群聊", "id: a-one", "title: 第一篇（修订）",
                         "reviewer: 张三   # not ours", "date: '2024-01-10'",
                         "dateline: （2024年1月10日通过）"]
    assert "page:" not in out
    assert out.endswith("---\n\n第一段。\n\n第二段。\n")       # the body is untouched
    path.write_text(out, encoding="utf-8")
    assert article(path) == new


def test_a_body_edit_leaves_the_front_matter_byte_for_byte(tmp_path):
    path = tmp_path / "01-a-one.md"
    path.write_text(TEXT, encoding="utf-8")
    old = article(path)
    blocks = old.blocks[:1] + (Block(PARAGRAPH, (Span("改过的第二段。"),)),)
    out = corpus_update.update_article(TEXT, old, replace(old, blocks=blocks), path)
    assert out.split("---\n")[1] == TEXT.split("---\n")[1]
    assert out.endswith("第一段。\n\n改过的第二段。\n")


def _corpus(tmp_path: Path, eol: str = "\n") -> Path:
    root = tmp_path / "c"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "01-a-one.md").write_text(TEXT.replace("\n", eol), encoding="utf-8",
                                                   newline="")
    (root / "articles" / "02-b-two.md").write_text(
        TEXT.replace("a-one", "b-two").replace("第一篇", "第二篇"), encoding="utf-8")
    (root / "issue.yaml").write_text(
        "id: x\n# the order of the issue\narticles:\n- 01-a-one.md\n- 02-b-two.md  # last\n"
        "toc: []\n", encoding="utf-8")
    return root


def test_plan_writes_only_what_changed_and_keeps_line_ends(tmp_path):
    root = _corpus(tmp_path, "\r\n")
    old = corpus.load(root)
    same = corpus_update.plan(root, old, old)
    assert same == []
    first = replace(old.articles[0], title="新题")
    changes = corpus_update.plan(root, old, replace(old, articles=(first, old.articles[1])))
    assert [c.name for c in changes] == ["articles/01-a-one.md"]
    assert "\r\ntitle: 新题\r\n" in changes[0].after and "\n" not in changes[0].after.replace(
        "\r\n", "")


def test_a_reorder_rewrites_only_the_article_list(tmp_path):
    """Each article line keeps its own comment (a slice assignment dropped them all)."""
    root = _corpus(tmp_path)
    old = corpus.load(root)
    new = replace(old, articles=old.articles[::-1])
    changes = corpus_update.plan(root, old, new)
    assert [c.name for c in changes] == ["issue.yaml"]
    assert changes[0].after == ("id: x\n# the order of the issue\narticles:\n"
                                "- 02-b-two.md  # last\n- 01-a-one.md\ntoc: []\n")
    corpus_update.write(root, changes)
    assert [a.id for a in corpus.load(root).articles] == ["b-two", "a-one"]
    assert sorted(p.name for p in (root / "articles").iterdir()) == ["01-a-one.md",
                                                                     "02-b-two.md"]


def test_a_failed_write_changes_nothing(tmp_path, monkeypatch):
    root = _corpus(tmp_path)
    old = corpus.load(root)
    arts = tuple(replace(a, title=a.title + "改") for a in old.articles)
    changes = corpus_update.plan(root, old, replace(old, articles=arts))
    assert len(changes) == 2
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    real = corpus_update.os.fdopen
    calls = []

    def full_disk(*args, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kw)

    monkeypatch.setattr(corpus_update.os, "fdopen", full_disk)
    with pytest.raises(UserError, match="No space left on device.*nothing was changed"):
        corpus_update.write(root, changes)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def edit(tmp_path: Path, text: str, change) -> str:
    """``text`` as an article file edited to ``change(old)``; the new file reads back as it."""
    path = tmp_path / "01-a-one.md"
    path.write_text(text, encoding="utf-8")
    new = change(article(path))
    out = corpus_update.update_article(text, article(path), new, path)
    path.write_text(out, encoding="utf-8")
    assert article(path) == new
    return out


def test_a_new_value_a_yaml_reader_would_guess_is_quoted_and_the_rest_left_as_it_was(tmp_path):
    """import-docx's titles, sources and deck lines are quoted as publish import's are
    (`title: yes` is a boolean to PyYAML); an untouched `reviewed: yes` stays as written."""
    text = TEXT.replace("page: 3\n", "page: 3\nreviewed: yes\n")
    out = edit(tmp_path, text,
               lambda old: replace(old, title="yes", source="Off", deck=("2024", "第一行")))
    front = yaml.safe_load(out.split("---\n")[1])
    assert (front["title"], front["source"], front["deck"]) == ("yes", "Off", ["2024", "第一行"])
    assert "\nreviewed: yes\n" in out and front["reviewed"] is True   # not ours, not touched


def test_an_owned_list_is_edited_item_by_item_keeping_comments_and_style(tmp_path):
    """A deck line changed leaves the other line's comment; page breaks moved keep theirs
    and their flow style."""
    text = TEXT.replace("page: 3\n", "deck:\n- 引题  # 原文如此\n- 主题\npage: 3\n"
                        "page_breaks:  # 原刊页码\n- - 0   # 第4页\n  - 2\n- [1, 3]  # 第5页\n")
    out = edit(tmp_path, text, lambda old: replace(
        old, deck=("引题", "主题（改）"),
        page_breaks=(old.page_breaks[0], replace(old.page_breaks[1], offset=4))))
    assert "- 引题  # 原文如此\n- 主题（改）\n" in out
    assert "- - 0   # 第4页\n  - 2\n- [1, 4]  # 第5页\n" in out


HAND_MADE = """---
id: a-one
title: 第一篇
---

第一段，编辑把它
折成了两行。[^q]

[^q]: 注释写在段落下面。

第二段。


第三段。
"""


def test_a_body_formatted_by_hand_gets_the_edited_lines_alone(tmp_path):
    """A paragraph wrapped over lines, a note defined under its paragraph, two blank lines:
    an edit elsewhere leaves them as written."""
    out = edit(tmp_path, HAND_MADE, lambda old: replace(old, blocks=(
        old.blocks[0], Block(PARAGRAPH, (Span("第二段改过了。"),)), old.blocks[2],
        Block(PARAGRAPH, (Span("新加的第四段。"),)))))
    assert out == HAND_MADE.replace("第二段。", "第二段改过了。") + "\n新加的第四段。\n"


def test_an_edit_inside_a_paragraph_formatted_by_hand_writes_the_body_again(tmp_path):
    def first_changed(old):
        first = replace(old.blocks[0], spans=(Span("第一段改了。"),) + old.blocks[0].spans[-1:])
        return replace(old, blocks=(first,) + old.blocks[1:])
    out = edit(tmp_path, HAND_MADE, first_changed)
    assert out.endswith("---\n\n第一段改了。[^1]\n\n第二段。\n\n第三段。\n\n[^1]: 注释写在段落下面。\n")


def test_a_yaml_file_laid_out_by_hand_keeps_its_layout_around_the_edit(tmp_path):
    """Sequences indented under their key, a flow mapping over two lines: a reorder changes
    the two article lines alone, a title edit its own line alone."""
    root = _corpus(tmp_path)
    issue = ("id: x\nsource_grid: {chars_per_line: 28, lines_per_page: 24,\n"
             "  capacity: 26}\narticles:\n  - 01-a-one.md\n  - 02-b-two.md  # last\n"
             "toc: []\n")
    (root / "issue.yaml").write_text(issue, encoding="utf-8")
    article_file = root / "articles" / "01-a-one.md"
    text = TEXT.replace("page: 3\n", "page: 3\ndeck:\n    - 引题\n    - 主题\n")
    article_file.write_text(text, encoding="utf-8")
    old = corpus.load(root)
    first = replace(old.articles[0], title="新题")
    changes = corpus_update.plan(root, old, replace(old, articles=(old.articles[1], first)))
    assert {c.name: c.after for c in changes} == {
        "issue.yaml": issue.replace("  - 01-a-one.md\n  - 02-b-two.md  # last\n",
                                    "  - 02-b-two.md  # last\n  - 01-a-one.md\n"),
        "articles/01-a-one.md": text.replace("title: 第一篇\n", "title: 新题\n")}
