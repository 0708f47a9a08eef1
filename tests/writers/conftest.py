"""The bundled issue's print PDF, built once per test session for every print test.

It is the house-style ("official") edition, whose grid the layout tests check; the source
edition has its own tests (tests/source_edition/)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from publish import corpus
from publish.writers import BuildOptions
from tests.paths import BUNDLED
from tests.printed import write_pdf
from tests.writers import print_inspect as pi


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    issue = corpus.load(BUNDLED)
    out = tmp_path_factory.mktemp("print") / issue.id
    path = out / f"{issue.id}.pdf"
    pagination = write_pdf(issue, path, BuildOptions(edition="official"))
    pages = pi.read(path)
    first = next(p.index for p in pages if p.folio is not None)
    return SimpleNamespace(
        issue=issue, pdf=path, out=out, pagination=pagination, pages=pages,
        numbered=[p for p in pages if p.folio is not None], first_body=first,
        dests=pi.named_destinations(path), outline=pi.outline(path),
        reader=PdfReader(str(path)))


