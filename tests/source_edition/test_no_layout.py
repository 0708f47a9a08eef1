"""A DOCX or EPUB build of the source edition needs no WeasyPrint layout: the page numbers
come from the corpus (the plan), so the print layout is never asked for."""
from __future__ import annotations

import zipfile

import pytest

from publish.commands.build import build_issue
from publish.writers import BuildOptions
from publish.render import stage
from publish.writers import pdf as pdf_writer
from tests.paths import BUNDLED


def test_docx_and_epub_take_the_source_pages_without_a_print_layout(tmp_path, monkeypatch,
                                                                    bundled_issue):
    def no_layout(*args, **kwargs):
        raise AssertionError("a print layout was asked for")
    monkeypatch.setattr(stage, "print_layout", no_layout)
    monkeypatch.setattr(pdf_writer, "paginate", no_layout)
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    written, notes = build_issue(BUNDLED, ["docx", "epub"], tmp_path, BuildOptions())
    assert {p.suffix for p in written} == {".docx", ".epub"}
    with zipfile.ZipFile(tmp_path / bundled_issue.id / f"{bundled_issue.id}.epub") as z:
        nav = z.read("EPUB/nav.xhtml").decode("utf-8")
    last = bundled_issue.articles[-1]
    assert f">{last.page}</a>" in nav
    with pytest.raises(AssertionError):
        build_issue(BUNDLED, ["docx"], tmp_path, BuildOptions(edition="official"))
