"""The importer never drops or reorders content, and never crashes on odd Unicode."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from publish import corpus
from publish.errors import UserError
from publish.readers import rawtext
from publish.readers.raw import import_raw
from publish.model import Issue
from publish.text.chars import SOURCE_RE

from tests.paths import bundled_source
from tests.strategies import hostile_text


def _squash(text: str) -> str:
    return re.sub(r"\s+|\*\*", "", text)


def _title_block(issue: Issue) -> str:
    return "".join(t for a in issue.articles
                   for t in (a.title, *a.deck, a.dateline or "", *a.bylines))


def _assert_nothing_lost(path, issue: Issue) -> None:
    """Every character of the raw text after the 目录 (source lines aside) is in the model,
    none is added, and body lines keep their order."""
    raw = rawtext.parse(path)
    lines = [ln.text for ln in raw.body if not SOURCE_RE.match(ln.text)]
    body = _squash("".join(b.text for a in issue.articles for b in a.blocks))
    assert sorted(_squash("".join(lines))) == sorted(_squash(_title_block(issue)) + body)
    heads = _squash(_title_block(issue))
    pos = 0
    for line in lines:
        piece = _squash(line)
        if piece in heads:
            continue
        found = body.find(piece, pos)
        assert found >= 0, f"line lost or moved: {line[:40]}"
        pos = found + len(piece)


def test_seed_loses_nothing():
    _assert_nothing_lost(bundled_source(), import_raw(bundled_source(), "x").issue)


_weird = hostile_text(60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_weird, min_size=1, max_size=6))
def test_random_paragraphs_import_without_crashing(tmp_path, paragraphs):
    body = "\n\n".join(p.replace("\n", " ") for p in paragraphs)
    raw = ("刊物\n\n理论学习参考\n\n(2025年 第1期)\n\n宣传部\n\n目 录\n\n标题一\t1\n\n"
           f"标题一\n\n(2025-01-01 来源：新华社)\n\n{body}\n")
    path = tmp_path / "raw.txt"
    path.write_text(raw, encoding="utf-8")
    if "\0" in body:                    # a corpus cannot hold it: refused, naming the line
        with pytest.raises(UserError, match=r"raw\.txt:\d+: NUL character"):
            import_raw(path, "x")
        return
    issue = import_raw(path, "x").issue
    assert len(issue.articles) >= 1
    _assert_nothing_lost(path, issue)
    corpus.save(issue, tmp_path / "c")
    assert corpus.load(tmp_path / "c") == issue
