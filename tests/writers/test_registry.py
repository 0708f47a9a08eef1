"""The writers' registry names every writer module, and each has its one entry point."""
from __future__ import annotations

from pathlib import Path

import pytest

from publish import writers
from publish.commands.build import parse_formats
from publish.errors import UserError

WRITERS_DIR = Path(writers.__file__).parent


def test_every_writer_module_is_registered():
    modules = sorted(p.stem for p in WRITERS_DIR.glob("*.py") if p.stem != "__init__")
    assert sorted(writers.FORMATS) == modules


@pytest.mark.parametrize("fmt", writers.FORMATS)
def test_each_format_has_its_write(fmt):
    module = writers.writer(fmt)
    assert module.__name__ == f"publish.writers.{fmt}"
    assert callable(module.write)


def test_unknown_format():
    with pytest.raises(KeyError):
        writers.writer("odt")
    with pytest.raises(UserError, match="unknown format 'odt'"):
        parse_formats("pdf,odt")


def test_formats_come_in_build_order():
    assert parse_formats(None) == list(writers.FORMATS)
    assert parse_formats("epub, PDF") == ["pdf", "epub"]
    assert writers.FORMATS[0] == "pdf"       # its layout feeds the DOCX and the EPUB


def test_every_writer_has_the_same_entry_point():
    import inspect
    shapes = {fmt: list(inspect.signature(writers.writer(fmt).write).parameters)
              for fmt in writers.FORMATS}
    assert all(names == ["issue", "out", "options", "pages"] for names in shapes.values()), shapes


def test_each_writer_declares_what_it_needs():
    assert {writers.needs(fmt) for fmt in writers.FORMATS} <= {
        writers.LAYOUT, writers.PAGES, writers.NOTHING}
    assert writers.needs("pdf") == writers.LAYOUT       # the PDF is the print layout
    assert writers.needs("html") == writers.NOTHING     # WeasyPrint numbers the HTML itself
    with pytest.raises(KeyError):
        writers.needs("odt")


def test_the_pagination_stage_makes_only_what_the_writers_need(monkeypatch, bundled_issue):
    """HTML alone asks for no pages in either edition; DOCX is given the page cache's Pagination."""
    from publish.commands import build
    from publish.model import Pagination

    def no_layout(*args, **kwargs):
        raise AssertionError("a print layout was asked for")
    monkeypatch.setattr(build.render_stage, "print_layout", no_layout)
    monkeypatch.setattr(build.source_edition, "plan", no_layout)
    for edition in ("official", "source"):       # neither edition plans pages for HTML
        paged = build.paginate(bundled_issue, ["html"], writers.BuildOptions(edition=edition))
        assert (paged.pagination, paged.layout, paged.notes) == (None, None, [])
    options = writers.BuildOptions(edition="official")
    cached = Pagination()
    monkeypatch.setattr(build.pagecache, "load", lambda issue, opts: cached)
    paged = build.paginate(bundled_issue, ["docx", "epub"], options)
    assert paged.pagination is cached and paged.layout is None


@pytest.mark.parametrize("fmt", [f for f in writers.FORMATS if writers.needs(f) != writers.LAYOUT])
def test_each_writer_returns_the_files_it_wrote(fmt, bundled_issue, tmp_path):
    """The return value is what the build stages: ``out`` first, every file existing, none
    outside ``out``'s folder — and no page numbers (those come from build.paginate)."""
    out = tmp_path / "issue" / f"{bundled_issue.id}.{fmt}"
    files = writers.writer(fmt).write(bundled_issue, out, writers.BuildOptions(), None)
    assert files[0] == out
    on_disk = {p for p in out.parent.rglob("*") if p.is_file()}
    assert set(files) == on_disk


class _Writer:
    """A writer that says which process wrote its file (and fails where it is told to)."""

    def __init__(self, fail_in_child: bool = False, fail_here: bool = False):
        self.parent = __import__("os").getpid()
        self.fail_in_child, self.fail_here = fail_in_child, fail_here

    def write(self, issue, out, options=None, pages=None):
        import os
        child = os.getpid() != self.parent
        if (child and self.fail_in_child) or (not child and self.fail_here):
            raise UserError("cannot write", out)
        Path(out).write_text(f"{issue} {pages} {'child' if child else 'here'}")
        return [out]


def _begun(monkeypatch, tmp_path, module):
    monkeypatch.setattr(writers, "writer", lambda fmt: module)
    out = tmp_path / "x.docx"
    return out, writers.begun("docx", "issue", out, writers.BuildOptions(), "pages")


def test_a_writer_begun_apart_writes_in_a_child_and_gives_its_files(monkeypatch, tmp_path):
    out, files = _begun(monkeypatch, tmp_path, _Writer())
    assert files() == [out]
    from publish.layout.apart import can_fork
    assert out.read_text() == f"issue pages {'child' if can_fork() else 'here'}"


def test_a_writer_failing_in_its_child_writes_here_and_raises_here(monkeypatch, tmp_path):
    out, files = _begun(monkeypatch, tmp_path, _Writer(fail_in_child=True))
    assert files() == [out] and out.read_text() == "issue pages here"
    out, files = _begun(monkeypatch, tmp_path, _Writer(fail_in_child=True, fail_here=True))
    with pytest.raises(UserError, match="cannot write"):
        files()
