"""The print layout's bounds: what it refuses before anything is composed."""
from __future__ import annotations

from dataclasses import replace

import pytest

from publish.errors import UserError
from publish.model import PARAGRAPH, Block, Span
from publish.options import BuildOptions
from publish.render import stage


def test_an_article_too_long_to_lay_out_is_named_at_its_file_before_any_layout(
        bundled_issue, monkeypatch):
    """A 5 MB article (its text pasted 400 times) ran the house edition's PDF build 8
    minutes into an out-of-memory end: it is refused at once, naming the article."""
    monkeypatch.setattr(stage, "_Runner", None)          # nothing may be laid out
    arts = list(bundled_issue.articles)
    long_text = "这是一段很长的正文。" * (stage.MAX_ARTICLE_CHARS // 10 + 1)
    arts[2] = replace(arts[2], blocks=(Block(PARAGRAPH, (Span(long_text),)),))
    issue = replace(bundled_issue, articles=tuple(arts))
    with pytest.raises(UserError, match="holds .* characters") as err:
        stage.print_layout(issue, BuildOptions(edition="official"))
    assert str(err.value.path).endswith(".md") and err.value.line
    stage.refuse_too_long(bundled_issue)                 # the bundled issue passes
