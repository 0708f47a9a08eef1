"""The build's check reads the PDF from memory, each page kept in the cache under its unit's
key: a second read with the same keys reads no page again and gives the same pages."""
from __future__ import annotations

import pytest

from publish.check import pdfread


def test_pages_read_from_memory_are_kept_by_key(cached_pdf, monkeypatch):
    path, data, from_file = cached_pdf
    keys = [f"unit-{k}" for k in range(len(from_file))]
    with pdfread.read_pdf_data(data, path, keys) as doc:
        first = list(doc.pages)
    assert first == from_file

    def no_reading(*args):
        raise AssertionError("a page was read again")
    monkeypatch.setattr(pdfread, "_read_page", no_reading)
    with pdfread.read_pdf_data(data, path, keys) as doc:
        assert list(doc.pages) == from_file
        assert doc.destinations is not None
    # other keys (another unit's layout): read again
    with pdfread.read_pdf_data(data, path, [k + "x" for k in keys]) as doc:
        with pytest.raises(AssertionError, match="read again"):
            doc.pages[0]
