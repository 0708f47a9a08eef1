"""A PDF whose text is not the issue's (no text layer, or glyphs mapped to no or wrong
characters) is named so once, not reported as every article and page end missing."""
from __future__ import annotations

from rich.console import Console

from publish.check import check
from publish.check.pdfread import Line, PdfDoc, make_page


def _doc(texts: list[list[str]]) -> PdfDoc:
    pages = []
    for index, lines in enumerate(texts):
        made = [Line(t, (t,), 50.0, 700.0 - 20 * k, 500.0, 715.0 - 20 * k)
                for k, t in enumerate(lines)]
        pages.append(make_page(index, 595.0, 842.0, made))
    return PdfDoc.from_pages(pages, "copy.pdf")


def _printed(report) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"))
    report.render(console)
    return console.export_text()


def test_glyphs_mapped_to_other_characters_are_named(bundled_issue):
    mojibake = ["⪼蝅⹲焥䤔㛝㰃鲲䇤膇⟖灈顗", "╜㍭⶞兟煇㹹猿䋵䡟䇩䤴⪊✺"]
    report = check(bundled_issue, _doc([mojibake] * 6))
    assert report.text_unread and "does not read as the issue's" in report.text_unread
    assert "ToUnicode" in report.text_unread
    shown = _printed(report)
    assert "page end not on its source page" not in shown        # one line says why
    assert report.as_dict()["summary"]["text_unread"] == report.text_unread
    assert report.exit_code() == 1


def test_a_pdf_without_text_is_named(bundled_issue):
    report = check(bundled_issue, _doc([[]] * 6))
    assert report.text_unread and "no text to read" in report.text_unread


def test_the_issues_own_text_reads(bundled_issue, faithful_doc):
    report = check(bundled_issue, faithful_doc)
    assert report.text_unread is None
    assert report.as_dict()["summary"]["text_unread"] is None


def test_a_pdf_of_page_numbers_alone_is_named(bundled_issue):
    """A scan stamped with its page numbers: every character a digit the corpus has, so
    its text read as the issue's and every row said 'not in PDF'."""
    report = check(bundled_issue, _doc([[str(n)] for n in range(1, 121)]))
    assert report.text_unread and "almost no text to read" in report.text_unread
