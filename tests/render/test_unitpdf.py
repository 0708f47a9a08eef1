"""A unit's layout leaves no font copies behind in the temporary folder."""
from __future__ import annotations

import tempfile
import uuid

from publish import corpus
from publish.options import BuildOptions
from publish.render import units
from publish.render.printhtml import view_for
from publish.render.unitpdf import lay_out
from tests.paths import BUNDLED


def test_lay_out_removes_weasyprints_font_folder(tmp_path, monkeypatch):
    issue = corpus.load(BUNDLED)
    view = view_for(issue, BuildOptions(edition="official"))
    make = units.Maker(issue, view, "pdf/x-4", str(uuid.uuid4()))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = lay_out(make.cover())
    assert result.pdf.startswith(b"%PDF-") and result.pages
    assert not list(tmp_path.glob("weasyprint-*"))
