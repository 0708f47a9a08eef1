"""Random Unicode paragraphs — CJK Extension B, emoji, right-to-left text, combining marks,
controls — through every writer: nothing crashes, and lint names what the fonts lack."""
from __future__ import annotations

import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from publish.check.lint import lint
from publish.model import PARAGRAPH, Article, Block, Issue, Span, TocEntry
from publish.writers import BuildOptions

from tests.strategies import hostile_text

pytestmark = pytest.mark.slow

_paragraph = hostile_text(120).map(str.strip).filter(bool)


def _issue(paragraphs: list[str]) -> Issue:
    art = Article(id="a-random", title="随机文本" + paragraphs[0][:10], date="2025-01-01",
                  source="测试", page=1,
                  blocks=tuple(Block(PARAGRAPH, (Span(p),)) for p in paragraphs))
    return Issue(id="random", number="2025年第1期", publisher="测试", date="2025-01-01",
                 toc=(TocEntry(art.title, 1),), articles=(art,))


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(_paragraph, min_size=1, max_size=4))
def test_every_writer_survives_random_text(tmp_path, paragraphs):
    from publish.writers import docx, epub, pdf
    issue = _issue(paragraphs)
    pagination = pdf.write(issue, tmp_path / "x.pdf", BuildOptions())
    assert pagination.pages and (tmp_path / "x.pdf").stat().st_size > 1000
    docx.write(issue, tmp_path / "x.docx", BuildOptions(), pagination)
    epub.write(issue, tmp_path / "x.epub", BuildOptions(), pagination)
    for name in ("x.docx", "x.epub"):
        with zipfile.ZipFile(tmp_path / name) as z:
            assert z.testzip() is None


def test_lint_names_what_the_fonts_lack():
    issue = _issue(["正文里有表情😀和扩展B的𠀀字，还有希伯来文אב。"])
    lacking = " ".join(f.message for f in lint(issue) if f.code == "missing-glyph")
    assert "U+1F600" in lacking and "U+05D0" in lacking
    assert "U+6B63" not in lacking                       # 正 is in the fonts
