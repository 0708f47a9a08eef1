"""Reading every page of a long PDF at once (the check reads them all): the later pages in a
helper process give the very pages one process reads, from a file or from memory, through
the page cache too; a helper that fails leaves its pages to this process."""
from __future__ import annotations

import os

from publish.check import pdfread


_READ = pdfread._read_source


def _helper_fails(source, indexes):
    os._exit(1)                      # the helper dies: its pool is broken


def _counted(source, indexes):
    """The helper's reading, logged (the helper is another process)."""
    with open(os.environ["HELPER_LOG"], "a", encoding="utf-8") as fh:
        fh.write(f"{len(indexes)}\n")
    return _READ(source, indexes)


def test_pages_read_with_a_helper_are_the_pages_read_alone(cached_pdf, tmp_path, monkeypatch):
    path, data, alone = cached_pdf
    assert len(alone) >= 4
    monkeypatch.setattr(pdfread, "SHARED_PAGES", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)   # procpool.spare_core
    log = tmp_path / "helper.log"
    monkeypatch.setenv("HELPER_LOG", str(log))
    monkeypatch.setattr(pdfread, "_read_source", _counted)
    with pdfread.read_pdf(path) as doc:
        doc.read_all()
        assert list(doc.pages) == alone
    keys = [f"unit-{k}" for k in range(len(alone))]
    with pdfread.read_pdf_data(data, path, keys) as doc:
        doc.read_all()
        assert list(doc.pages) == alone
    half = len(alone) - len(alone) // 2
    assert log.read_text().split() == [str(half)] * 2      # the helper read the later half
    with pdfread.read_pdf_data(data, path, keys) as doc:   # now all from the cache
        doc.read_all()
        assert list(doc.pages) == alone
    assert len(log.read_text().split()) == 2
    monkeypatch.setattr(pdfread, "_read_source", _helper_fails)
    with pdfread.read_pdf_data(data, path) as doc:
        doc.read_all()
        assert list(doc.pages) == alone


def test_a_helper_given_by_the_caller_reads_its_share(cached_pdf, tmp_path, monkeypatch):
    """The build's helper (which makes the report's pictures first) reads fewer pages."""
    from publish import procpool
    path, data, alone = cached_pdf
    monkeypatch.setattr(pdfread, "SHARED_PAGES", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)   # procpool.spare_core
    log = tmp_path / "helper.log"
    monkeypatch.setenv("HELPER_LOG", str(log))
    monkeypatch.setattr(pdfread, "_read_source", _counted)
    with procpool.pool(1) as executor:
        with pdfread.read_pdf_data(data, path, None, pdfread.Helper(executor, 0.25)) as doc:
            doc.read_all()
            assert list(doc.pages) == alone
    assert log.read_text().split() == [str(len(alone) - int(len(alone) * 0.75))]
