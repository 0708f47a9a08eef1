"""Real PDFs: WeasyPrint prints of the bundled issue in several styles, the same without
bookmarks, a LibreOffice export of a DOCX, and files that are no PDF at all.

The truth comes from the generator (pdfgen.start_pages: where it put each article), not
from the checker.
"""
from __future__ import annotations

import pytest

from publish.check import check, check_issue, read_pdf
from publish.check.report import PAGE, PDF_TOC, TITLE
from publish.errors import UserError

from .pdfgen import Spec, start_pages, strip_navigation


def starts(report) -> list:
    return [e.pdf_page for e in report.entries if e.article]


def other_problems(report) -> set:
    """Findings beyond the bundled 目录's own title slips."""
    return {(e.index, p) for e in report.entries for p in e.problems if p != TITLE}


def test_faithful_pdf(bundled_issue, faithful_pdf):
    report = check_issue(bundled_issue, faithful_pdf)
    assert starts(report) == start_pages(bundled_issue)
    assert {e.found_by for e in report.entries} == {"destination"}
    assert other_problems(report) == set()
    assert report.pages_ok == len(bundled_issue.toc)


def test_without_bookmarks_gives_the_same_start_pages(bundled_issue, faithful_pdf,
                                                      stripped_pdf):
    stripped = read_pdf(stripped_pdf)
    assert not stripped.destinations and not stripped.outline
    with_nav = check_issue(bundled_issue, faithful_pdf)
    without = check(bundled_issue, stripped)
    assert {e.found_by for e in without.entries} == {"text"}
    assert starts(without) == starts(with_nav) == start_pages(bundled_issue)
    assert [e.pdf_toc_page for e in without.entries] == \
        [e.pdf_toc_page for e in with_nav.entries]


def test_outline_alone(bundled_issue, variant_pdf, pdf_dir):
    """Bookmarks but no named destinations (ids dropped): the outline is used."""
    pdf = variant_pdf(Spec())
    with read_pdf(pdf) as doc:
        assert doc.outline
        doc.destinations = {}
        report = check(bundled_issue, doc)
    assert {e.found_by for e in report.entries} == {"outline"}
    assert starts(report) == start_pages(bundled_issue)


@pytest.mark.parametrize("spec", [
    Spec(first_number=3),                                   # numbered from the cover on
    Spec(extra_pages={4: 1, 15: 2}),                         # two articles ran longer
], ids=["numbering-shifted", "articles-ran-longer"])
def test_footer_numbering_differs(bundled_issue, variant_pdf, spec, pdf_dir):
    pdf = variant_pdf(spec)
    truth = start_pages(bundled_issue, spec)
    source = [a.page for a in bundled_issue.articles]
    for doc in (read_pdf(pdf), read_pdf(strip_navigation(pdf, pdf_dir / "s.pdf"))):
        report = check(bundled_issue, doc)
        assert starts(report) == truth
        wrong = {e.index for e, t, s in zip(report.entries, truth, source) if t != s}
        assert wrong and other_problems(report) == {(i, PAGE) for i in wrong}
        assert report.pages_ok == len(source) - len(wrong)
        assert report.pdf_toc_ok == len(source)          # its own 目录 is right


@pytest.mark.parametrize("spec", [
    Spec(number_where="top", number_format=("", "")),
    Spec(header="理论学习参考 2024年第2期"),
    Spec(number_format=("- ", " -"), toc_leaders=False),
    Spec(toc_number_first=True),
    Spec(bare_start_pages=True),
    Spec(bookmarks=False, toc_leaders=False, number_outside=True),   # like the printed issue
    Spec(running_title=True),                    # article title and number in the head
    Spec(running_title=True, toc_override={2: 99}),   # … and no 目录 shortcut to lean on
], ids=["number-on-top", "running-head", "dashes-no-leaders", "toc-number-first",
        "bare-start-pages", "printed-issue", "running-title", "running-title-full-search"])
def test_other_styles(bundled_issue, variant_pdf, spec, pdf_dir):
    pdf = variant_pdf(spec)
    report = check_issue(bundled_issue, strip_navigation(pdf, pdf_dir / "s.pdf"))
    assert starts(report) == start_pages(bundled_issue, spec)
    wrong_toc = {bundled_issue.articles[k].id for k in spec.toc_override}
    assert other_problems(report) == {(e.index, PDF_TOC) for e in report.entries
                                      if e.article in wrong_toc}
    assert report.pdf_toc_ok == len(bundled_issue.toc) - len(wrong_toc)


def test_without_a_printed_toc_every_page_is_searched(bundled_issue, variant_pdf, pdf_dir):
    spec = Spec(toc=False)
    report = check_issue(bundled_issue, strip_navigation(variant_pdf(spec), pdf_dir / "s.pdf"))
    assert starts(report) == start_pages(bundled_issue, spec)
    assert report.pdf_toc_found is False and other_problems(report) == set()


def test_toc_shortcut_agrees_with_searching_every_page(bundled_issue, stripped_pdf):
    """The printed 目录 only speeds the text search up; it never changes its result."""
    from publish.check import pages
    from publish.text import align
    titles = [align.normalize(a.title) for a in bundled_issue.articles]
    with read_pdf(stripped_pdf) as doc:
        toc = pages.toc_pages(doc, titles)
        listed = pages.printed_toc(doc, toc, titles)
        hints = {k: e.number for k, e in enumerate(listed)}
        quick = pages._confirm_hints(doc, titles, toc[-1] + 1, hints)
        full = pages._find_by_text(doc, titles, toc[-1] + 1)
        assert quick is not None and quick == full
        assert [doc.printed(i) for i in full] == start_pages(bundled_issue)
        wrong = {**hints, 3: hints[3] + 1}
        assert pages._confirm_hints(doc, titles, toc[-1] + 1, wrong) is None


def test_printed_toc_with_wrong_numbers(bundled_issue, variant_pdf):
    n = len(bundled_issue.articles)
    override = {1: 999, n - 2: start_pages(bundled_issue)[n - 1]}
    report = check_issue(bundled_issue, variant_pdf(Spec(toc_override=override)))
    by_article = {e.article: e for e in report.entries}
    wrong = {bundled_issue.articles[k].id: v for k, v in override.items()}
    assert {a for a, e in by_article.items() if PDF_TOC in e.problems} == set(wrong)
    assert {a: by_article[a].pdf_toc_page for a in wrong} == wrong
    assert other_problems(report) == {(by_article[a].index, PDF_TOC) for a in wrong}


@pytest.mark.slow
def test_libreoffice_export_of_a_docx(bundled_issue, tmp_path):
    from .docxgen import make_docx, to_pdf
    pdf = to_pdf(make_docx(bundled_issue, tmp_path / "issue.docx"), tmp_path)
    doc = read_pdf(pdf)
    assert not doc.destinations
    report = check(bundled_issue, doc)
    assert starts(report) == start_pages(bundled_issue)
    assert other_problems(report) == set()
    assert report.pdf_toc_ok == len(bundled_issue.toc)


# ------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("make", [
    lambda p: p,                                                    # missing
    lambda p: (p.mkdir(), p)[1],                                    # a directory
    lambda p: (p.write_text("目录\n"), p)[1],                       # text
    lambda p: (p.write_bytes(b""), p)[1],                           # empty
    lambda p: (p.write_bytes(b"%PDF-1.7\n1 0 obj\n<<"), p)[1],      # truncated
], ids=["missing", "directory", "text", "empty", "truncated"])
def test_bad_pdf_is_a_user_error_naming_the_file(bundled_issue, tmp_path, make):
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(UserError) as err:
        check_issue(bundled_issue, path)
    assert str(path) in str(err.value)


def test_cut_off_pdf(bundled_issue, faithful_pdf, tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(faithful_pdf.read_bytes()[:5000])
    with pytest.raises(UserError) as err:
        check_issue(bundled_issue, cut)
    assert str(cut) in str(err.value)


#: a page tree whose node lists itself among its kids: PDFium counts its pages, then fails
#: to load the first
_CIRCULAR_TREE = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                  b"2 0 obj\n<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>\nendobj\n"
                  b"3 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>\nendobj\n"
                  b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def test_a_page_tree_in_a_loop_names_the_page(bundled_issue, tmp_path):
    """The pages read all at once (the check reads every one) let PDFium's error out: a
    PdfiumError traceback, where reading one page named it."""
    path = tmp_path / "loop.pdf"
    path.write_bytes(_CIRCULAR_TREE)
    with pytest.raises(UserError, match=r"cannot read page 1 of the PDF") as err:
        check_issue(bundled_issue, path)
    assert err.value.path == str(path)


def test_a_pdf_of_no_pages_is_named_so(bundled_issue, tmp_path):
    """PDFium refuses it saying "Failed to load document (PDFium: Success)"."""
    import pikepdf
    path = tmp_path / "empty.pdf"
    pikepdf.new().save(path)
    with pytest.raises(UserError, match=r"the PDF has no pages") as err:
        check_issue(bundled_issue, path)
    assert err.value.path == str(path)


def test_a_page_that_inflates_to_gigabytes_is_refused_before_it_is_read(bundled_issue,
                                                                         tmp_path):
    """An 8 MB PDF whose page content inflated to 4 GB took the check a minute and 5.4 GB
    of memory (PDFium inflates a page's content whole); here 80 MB from 80 kB."""
    import zlib

    import pikepdf
    from publish.check import pdfguard
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    size = pdfguard.MAX_PAGE_CONTENT + 16 * 2**20
    page.obj.Contents = pdf.make_stream(zlib.compress(b" " * size, 9))
    page.obj.Contents.Filter = pikepdf.Name.FlateDecode
    path = tmp_path / "bomb.pdf"
    pdf.save(path)
    assert path.stat().st_size < 2**20
    with pytest.raises(UserError, match=r"page 1 of the PDF draws over \d+ MB") as err:
        check_issue(bundled_issue, path)
    assert err.value.path == str(path)


def test_an_encrypted_pdf_is_refused_naming_it(bundled_issue, faithful_pdf, tmp_path):
    import pikepdf
    path = tmp_path / "locked.pdf"
    with pikepdf.open(faithful_pdf) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(UserError, match="cannot read the PDF") as err:
        check_issue(bundled_issue, path)
    assert err.value.path == str(path)
