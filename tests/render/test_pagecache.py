"""The page-start cache returns exactly what a fresh layout gives, and misses on any change."""
from __future__ import annotations

from dataclasses import replace

import pytest

from publish.render import pagecache
from publish.model import PageStart, Pagination
from publish.options import BuildOptions
from publish.source_edition.editions import edition_of


def test_store_then_load(bundled_issue, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pages = Pagination((PageStart(1, bundled_issue.articles[0].id, -1, 0),
                        PageStart(2, bundled_issue.articles[0].id, 3, 17)))
    options = BuildOptions()
    assert pagecache.load(bundled_issue, options) is None
    pagecache.store(bundled_issue, options, pages)
    assert pagecache.load(bundled_issue, options) == pages
    # any change to the model or the options misses
    edited = replace(bundled_issue, articles=(replace(bundled_issue.articles[0], title="改"),)
                     + bundled_issue.articles[1:])
    assert pagecache.load(edited, options) is None
    assert pagecache.load(bundled_issue, BuildOptions(edition="official")) is None
    # options that do not change the pages share the entry, and so does the edition the
    # default stands for
    same = BuildOptions(jobs=1, proof=False, docx_fonts="free", pdf_variant="pdf/a-2u",
                        embed_fonts=True, edition=edition_of(bundled_issue, options))
    assert pagecache.load(bundled_issue, same) == pages
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    assert pagecache.load(bundled_issue, options) is None


@pytest.mark.slow
def test_cached_layout_is_the_fresh_layout(bundled_issue, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from publish.writers import pdf
    options = BuildOptions()
    from tests.printed import write_pdf
    written = write_pdf(bundled_issue, tmp_path / "a.pdf", options)
    pagecache.store(bundled_issue, options, written)
    assert pagecache.load(bundled_issue, options) == pdf.paginate(bundled_issue, options)
