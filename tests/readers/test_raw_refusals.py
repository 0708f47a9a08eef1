"""Raw text the importer cannot read as an issue: refused with one line naming the file and
the line (exit 2 at the CLI), never imported as something else."""
from __future__ import annotations

import pytest

from publish.errors import UserError
from publish.readers.raw import import_raw

COVER = "刊物\n\n理论学习参考\n\n(2025年 第1期)\n\n宣传部\n\n目 录\n\n"


@pytest.mark.parametrize("text, line, words", [
    # cut short inside its 目录: the half line left is no article
    (COVER + "第一篇文章\t1\n第二篇文章\t3\n第三篇文", 13, "no article in the text after the 目录"),
    # cut short inside the first title, before its source line
    (COVER + "第一篇文章的标题\t1\n第二篇文章的标题\t3\n\n第一篇文", 14, "is the file cut short?"),
], ids=["in-the-toc", "in-the-first-title"])
def test_refused_naming_the_line(tmp_path, text, line, words):
    raw = tmp_path / "raw.txt"
    raw.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as exc:
        import_raw(raw, "x")
    assert exc.value.path == str(raw) and exc.value.line == line
    assert words in exc.value.message


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_mojibake_is_named(tmp_path, codec):
    """UTF-8 read as Windows-1252 or Latin-1 on the way (目 录 printed ç›® å½•): the 目录 is
    not found, and the message says why."""
    text = COVER + "第一篇文章\t1\n\n第一篇文章\n\n(2025-01-10 来源：新华社)\n\n正文。\n"
    raw = tmp_path / "raw.txt"
    raw.write_text(text.encode("utf-8").decode(codec, errors="replace"), encoding="utf-8")
    with pytest.raises(UserError) as exc:
        import_raw(raw, "x")
    assert "no 目录 found" in exc.value.message and "convert it back" in exc.value.message
