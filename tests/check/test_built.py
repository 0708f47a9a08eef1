"""End to end: our own print PDF (publish.writers.pdf) and a LibreOffice export of our
DOCX, checked against the bundled issue. Skipped only when a writer module is absent."""
from __future__ import annotations

import importlib
import subprocess

import pytest

from publish.check import check, check_issue, read_pdf
from publish.check.report import NO_NUMBER, NOT_IN_PDF, TITLE
from publish.writers import BuildOptions
from tests import tools
from tests.printed import write_pdf

from .pdfgen import strip_navigation

pytestmark = pytest.mark.slow


def writer(name: str):
    return importlib.import_module(f"publish.writers.{name}")


@pytest.fixture(scope="session")
def built(bundled_issue, tmp_path_factory):
    """The bundled issue's print PDF, built once: (path, Pagination or None)."""
    path = tmp_path_factory.mktemp("built") / f"{bundled_issue.id}.pdf"
    pagination = write_pdf(bundled_issue, path, BuildOptions())
    return path, pagination


def title_findings(report) -> set:
    return {(e.index, e.diff) for e in report.entries if TITLE in e.problems}


def test_our_pdf(bundled_issue, built, tmp_path):
    path, pagination = built
    report = check_issue(bundled_issue, path)
    assert title_findings(report) == title_findings(check(bundled_issue))
    assert not any({NOT_IN_PDF, NO_NUMBER} & set(e.problems) for e in report.entries)
    assert {e.found_by for e in report.entries} == {"destination"}
    # the PDF's own 目录 prints where the articles really start
    assert report.pdf_toc_found and report.pdf_toc_ok == len(report.entries)
    if pagination is not None:
        assert [e.pdf_page for e in report.entries] == \
            [pagination.start_page(e.article) for e in report.entries]
    stripped = check(bundled_issue, read_pdf(strip_navigation(path, tmp_path / "s.pdf")))
    assert {e.found_by for e in stripped.entries} == {"text"}
    assert [e.pdf_page for e in stripped.entries] == [e.pdf_page for e in report.entries]
    print(f"\ndefault build: {report.summary_line()}")


def test_official_edition_has_a_correct_toc_of_its_own(bundled_issue, tmp_path):
    """--edition official: the GB/T 9704 house style, whose printed 目录 and bookmarks give
    its own start pages (not the source's)."""
    path = tmp_path / "official.pdf"
    pagination = write_pdf(bundled_issue, path, BuildOptions(edition="official"))
    report = check_issue(bundled_issue, path)
    assert not any({NOT_IN_PDF, NO_NUMBER} & set(e.problems) for e in report.entries)
    assert [e.pdf_page for e in report.entries] == \
        [pagination.start_page(e.article) for e in report.entries]
    assert report.pdf_toc_found and report.pdf_toc_ok == len(report.entries)
    print(f"\nofficial edition: {report.summary_line()}")

def test_libreoffice_export_of_our_docx(bundled_issue, tmp_path):
    soffice = tools.soffice()
    docx = writer("docx")
    source = tmp_path / "issue.docx"
    docx.write(bundled_issue, source, BuildOptions())
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=300,
                   env=tools.office_env())
    path = tmp_path / "issue.pdf"
    report = check_issue(bundled_issue, path)
    assert title_findings(report) == title_findings(check(bundled_issue))
    assert not any({NOT_IN_PDF, NO_NUMBER} & set(e.problems) for e in report.entries)
    found = [e.pdf_page for e in report.entries]
    assert found == sorted(found) and len(set(found)) == len(found)
    assert report.pdf_toc_found and all(e.pdf_toc_page is not None for e in report.entries)
    stripped = check(bundled_issue, read_pdf(strip_navigation(path, tmp_path / "s.pdf")))
    assert [e.pdf_page for e in stripped.entries] == found
    print(f"\nLibreOffice export of the DOCX: {report.summary_line()}")
