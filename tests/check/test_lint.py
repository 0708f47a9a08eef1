"""Each lint rule on small cases (lint_cases.yaml): exactly the expected findings, no others."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from publish.check.lint import RULES, lint, missing_glyphs
from publish.model import PARAGRAPH, Article, Block, Issue, PageBreak, Span, TocEntry
from tests.source_edition.variants import doubled_end

CASES = yaml.safe_load((Path(__file__).parent / "lint_cases.yaml").read_text(encoding="utf-8"))


def _issue(case: dict) -> Issue:
    title = case.get("title", "标题")
    art = Article(
        id="a", title=title,
        blocks=tuple(Block(PARAGRAPH, (Span(t),)) for t in case["paragraphs"]),
        page_breaks=tuple(PageBreak(b, o) for b, o in case.get("breaks", ())),
        dateline=case.get("dateline"), deck=tuple(case.get("deck", ())),
        source=case.get("source"),
    )
    toc = tuple(TocEntry(t, 1) for t in case.get("toc", [title]))
    return Issue(id="x", toc=toc, articles=(art,))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    # page-not-full: the source plan's pages (the made-up 目录 gives the article page 1)
    found = sorted(f.code for f in lint(_issue(case))
                   if f.code not in ("missing-glyph", "page-not-full"))
    assert found == sorted(case["expect"])


def test_every_rule_has_a_case_that_fires():
    fired = {f.code for case in CASES for f in lint(_issue(case))}
    assert len(RULES) == 12
    assert fired >= {"empty-body", "duplicate-paragraph", "doubled-at-page-break",
                     "latin-in-chinese", "spaced-digits", "unbalanced-pair", "halfwidth-punctuation", "toc-title-mismatch",
                     "control-character", "mojibake"}          # missing-glyph: see the next test


def test_an_empty_body_names_the_article_file():
    """The tester's v18 (a body lost, a title and source line left): a warning naming the
    file to look at, where the other findings name a block."""
    art = Article(id="a", title="标题", source="新华社", page=7,
                  page_at="corpus/x/articles/07-a.md:6")
    issue = Issue(id="x", toc=(TocEntry("标题", 7),), articles=(art,))
    found = [f for f in lint(issue) if f.code == "empty-body"]
    assert [(f.code, f.severity, f.article, f.block) for f in found] == [
        ("empty-body", "warning", "a", None)]
    assert found[0].message.startswith("corpus/x/articles/07-a.md: the article has no body text")


def test_missing_glyphs_names_the_characters(monkeypatch):
    import publish.check.lint as lint_mod
    monkeypatch.setattr(lint_mod, "_print_cmap", lambda: frozenset(map(ord, "正文。")))
    issue = _issue({"title": "正文", "paragraphs": ["正文😀。"]})
    found = list(missing_glyphs(issue))
    assert len(found) == 1 and "U+1F600" in found[0].message and found[0].severity == "error"


def test_invisible_format_characters_are_no_missing_glyphs(monkeypatch):
    """A joiner, a variation selector (❤️'s VS16), a soft hyphen draw nothing, glyph or
    not: only the visible characters a font lacks are named."""
    import publish.check.lint as lint_mod
    monkeypatch.setattr(lint_mod, "_print_cmap", lambda: frozenset(map(ord, "正文。")))
    issue = _issue({"title": "正文", "paragraphs": ["正文👨\u200d👩\u2764\ufe0f\u00ad。"]})
    found = list(missing_glyphs(issue))
    assert len(found) == 1
    assert all(f"U+{c:04X}" in found[0].message for c in (0x1F468, 0x1F469, 0x2764))
    assert not any(f"U+{c:04X}" in found[0].message for c in (0x200D, 0xFE0F, 0x00AD))


def test_bundled_issue_reports_its_slips(bundled_issue):
    """The printed issue's own slips show up; the counts are in the issue note."""
    codes = [f.code for f in lint(bundled_issue)]
    for code in ("duplicate-paragraph", "doubled-at-page-break", "latin-in-chinese",
                 "toc-title-mismatch"):
        assert code in codes
    assert "unbalanced-pair" not in codes          # every page-cut paragraph was rejoined
    assert "control-character" not in codes


def test_an_article_set_in_a_page_fewer_is_one_warning_naming_its_page_and_file(
        bundled_issue):
    """Not 23 page-list errors against the articles after it (a page end recorded once too
    often once pushed them all a page on)."""
    from publish.check.lint import ERROR, WARNING, page_list
    issue = doubled_end(bundled_issue, 0)[0]
    art = issue.articles[0]
    found = list(page_list(issue))
    assert [f.code for f in found if f.severity == ERROR] == []
    [f] = [f for f in found if f.code == "page-list-squeezed"]
    assert f.severity == WARNING and f.article == art.id
    assert f.message.startswith(f"{art.page_at.rpartition(':')[0]}: page ")


def test_a_misspelt_key_and_an_unlisted_article_are_named(corpus_copy):
    """A hand edit once lost the source line (`sourse:`) or the cover's office (`publsher:`)
    and left a new article out of every edition (not listed in issue.yaml) without a word."""
    from publish.check.lint import corpus_findings
    issue = corpus_copy / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("publisher:", "publsher:", 1)
                     + "reviewer: 张三\n", encoding="utf-8")
    art = sorted((corpus_copy / "articles").glob("07-*.md"))[0]
    art.write_text(art.read_text(encoding="utf-8").replace("\nsource:", "\nsourse:", 1),
                   encoding="utf-8")
    (corpus_copy / "articles" / "99-new.md").write_text("---\nid: new\ntitle: 新\n---\n\n文。\n",
                                                         encoding="utf-8")
    found = {(f.code, f.message.split(": ", 1)[0].rsplit("/", 1)[-1]): f.message
             for f in corpus_findings(corpus_copy)}
    assert "did you mean 'publisher'" in found["unknown-key", "issue.yaml:6"]
    assert "did you mean 'source'" in found["unknown-key", f"{art.name}:5"]
    assert ("unlisted-article", "99-new.md") in found
    assert len(found) == 3                              # reviewer: a note, kept, not named


def test_many_wrong_toc_entries_are_named_in_bounded_time(bundled_issue):
    """Each 目录 entry matching no title was compared with every article title for the
    nearest (10,000 wrong entries: 65 s; 2,000 against 2,000 articles: an hour); past a
    budget of comparisons an entry is named without its nearest article."""
    import time
    from dataclasses import replace
    from publish.check.lint import toc_title_mismatch
    toc = tuple(TocEntry(f"目录里没有的第{k}篇", 100 + k) for k in range(1000))
    started = time.monotonic()
    found = list(toc_title_mismatch(replace(bundled_issue, toc=toc)))
    assert time.monotonic() - started < 20
    assert len(found) == 1000
    assert "nearest article" in found[0].message
    assert "nearest article" not in found[-1].message and "matches no article" in found[-1].message


def test_a_missing_glyph_in_the_title_block_says_where(monkeypatch):
    """A title's finding had no block and never said "title": the editor could not find it."""
    import publish.check.lint as lint_mod
    monkeypatch.setattr(lint_mod, "_print_cmap", lambda: frozenset(map(ord, "正文标题。")))
    issue = _issue({"title": "标题😀", "paragraphs": ["正文。"], "source": "正文😀"})
    found = sorted(f.message for f in missing_glyphs(issue))
    assert found == ["the print fonts lack 「😀」U+1F600 in the source line",
                     "the print fonts lack 「😀」U+1F600 in the title"]
