"""The print PDF as `publish build` makes it, for tests that want its Pagination too.

Writers return the files they wrote, not page numbers: those come from the build's one
pagination stage (``commands.build.paginate``), as here."""
from __future__ import annotations

from pathlib import Path

from publish.commands.build import paginate
from publish.model import Issue, Pagination
from publish.options import BuildOptions
from publish.writers import pdf as pdf_writer


def write_pdf(issue: Issue, path: Path, options: BuildOptions | None = None) -> Pagination:
    """Write ``issue``'s PDF to ``path``; the page starts of that PDF (the print layout's)."""
    options = options or BuildOptions()
    paged = paginate(issue, ["pdf"], options)
    assert pdf_writer.write(issue, path, options, paged.layout) == [Path(path)]
    return paged.layout.pagination
