"""Session PDFs for the checker: made once, read once (see pdfgen for what they hold; the
faithful PDF itself is in tests/conftest.py, since `publish check` tests read it too)."""
from __future__ import annotations

import pytest

from .pdfgen import Spec, make_pdf, strip_navigation


@pytest.fixture(scope="session")
def stripped_pdf(faithful_pdf, pdf_dir):
    """The same PDF without outline and named destinations."""
    return strip_navigation(faithful_pdf, pdf_dir / "stripped.pdf")


@pytest.fixture(scope="session")
def faithful_doc(faithful_pdf):
    from publish.check import read_pdf
    return read_pdf(faithful_pdf)


@pytest.fixture(scope="session")
def variant_pdf(bundled_issue, pdf_dir):
    """Make (once) and return the PDF for a Spec."""
    made: dict = {}

    def get(spec: Spec):
        key = repr(spec)
        if key not in made:
            made[key] = make_pdf(bundled_issue, pdf_dir / f"variant-{len(made)}.pdf", spec)
        return made[key]
    return get


@pytest.fixture
def cached_pdf(bundled_issue, tmp_path, monkeypatch):
    """A small PDF of the bundled issue, its bytes and its pages read one by one, with a
    page cache of the test's own."""
    from publish.check import pdfread
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PUBLISH_CACHE", raising=False)
    path = make_pdf(bundled_issue, tmp_path / "a.pdf")
    with pdfread.read_pdf(path) as doc:
        return path, path.read_bytes(), list(doc.pages)
