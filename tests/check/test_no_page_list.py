"""An issue without a source page list (``toc: []``, a house edition made from scratch) is
checked against the PDF's own printed 目录 and the article order: it agrees when they do.
Every article was 'not in 目录' before, so such an issue could never pass `publish check`."""
from __future__ import annotations

from dataclasses import replace

import pytest

from publish.check import check_issue
from publish.check.report import ORDER, PDF_TOC

from .pdfgen import Spec, make_pdf


@pytest.fixture(scope="module")
def three(bundled_issue):
    arts = tuple(replace(a, page_breaks=()) for a in bundled_issue.articles[:3])
    return replace(bundled_issue, articles=arts, toc=())


def test_without_a_pdf_nothing_differs(three):
    report = check_issue(three)
    assert report.exit_code() == 0 and not any(e.problems for e in report.entries)
    assert report.summary_line().startswith("no source page list, 3 articles")
    one = check_issue(replace(three, articles=three.articles[:1]))
    assert one.summary_line().startswith("no source page list, 1 article:")   # not "1 articles"


def test_a_pdf_whose_own_toc_agrees_passes(three, tmp_path):
    report = check_issue(three, make_pdf(three, tmp_path / "a.pdf"))
    assert [e.problems for e in report.entries] == [(), (), ()]
    assert report.exit_code() == 0 and report.summary_line().endswith("all agree")
    assert report.pdf_toc_ok == 3


def test_a_pdf_whose_own_toc_gives_another_page_fails(three, tmp_path):
    pdf = make_pdf(three, tmp_path / "a.pdf", Spec(toc_override={1: 99}))
    report = check_issue(three, pdf)
    assert [PDF_TOC in e.problems for e in report.entries] == [False, True, False]
    assert report.exit_code() == 1


def test_an_article_out_of_the_corpus_order_in_the_pdf_fails(three, tmp_path):
    pdf = make_pdf(three, tmp_path / "a.pdf")
    a, b, c = three.articles
    report = check_issue(replace(three, articles=(a, c, b)), pdf)
    assert any(ORDER in e.problems for e in report.entries)
    assert report.exit_code() == 1


def test_with_a_page_list_the_summary_line_is_as_before(bundled_issue, tmp_path):
    """The summary of an issue with a source page list keeps its figures (a slip of this
    change once dropped 'PDF 目录 N/N' from it)."""
    issue = replace(bundled_issue, articles=tuple(replace(a, page_breaks=())
                                                  for a in bundled_issue.articles[:2]),
                    toc=bundled_issue.toc[:2])
    report = check_issue(issue, make_pdf(issue, tmp_path / "a.pdf"))
    assert report.summary_line() == "titles 2/2, start pages 2/2, PDF 目录 2/2: all agree"
