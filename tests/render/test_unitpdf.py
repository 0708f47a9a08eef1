"""A unit's layout: no font copies left behind, one font set-up per session, and font stubs
that the joined PDF replaces with real subsets."""
from __future__ import annotations

import io
import tempfile
import uuid

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from publish import corpus
from publish.errors import UserError
from publish.options import BuildOptions
from publish.render import units, unitpdf
from publish.render.assemble import assemble
from publish.render.fontstub import stub, stub_name
from publish.render.printhtml import view_for
from publish.render.unitpdf import font_session, lay_out
from tests.paths import BUNDLED


@pytest.fixture(scope="module")
def maker():
    issue = corpus.load(BUNDLED)
    view = view_for(issue, BuildOptions(edition="official"))
    return units.Maker(issue, view, "pdf/x-4", str(uuid.uuid4()))


def _font_files(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                for key in ("/FontFile2", "/FontFile3"):
                    if key in obj:
                        out.append(obj[key].read_bytes())
        return out


def test_lay_out_removes_weasyprints_font_folder(maker, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = lay_out(maker.cover())
    assert result.pdf.startswith(b"%PDF-") and result.pages
    assert not list(tmp_path.glob("weasyprint-*"))


def test_a_session_copies_no_face(maker, tmp_path, monkeypatch):
    """fontconfig finds the faces in fonts/ by the print families (render/fontconfig.py):
    WeasyPrint copies no @font-face file (50 MB) into a folder of its own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folders = set()
    with font_session():
        for job in (maker.cover(), maker.blank()):
            result = lay_out(job)
            assert result.pdf.startswith(b"%PDF-") and result.pages
            folders |= {p.name for p in tmp_path.glob("weasyprint-*")}
    assert not folders
    assert unitpdf._shared is None


def test_units_embed_stubs_and_the_joined_pdf_real_subsets(maker):
    with font_session():
        result = lay_out(maker.cover())
    files = _font_files(result.pdf)
    assert files and all(stub_name(f) for f in files)
    joined = _font_files(assemble([result]))
    assert joined and not any(stub_name(f) for f in joined)
    for data in joined:
        font = TTFont(io.BytesIO(data))
        assert font["maxp"].numGlyphs > 1


def test_stub_round_trip():
    assert stub_name(stub(b"OTTO\x00\x01", "NotoSerifCJKsc-Regular")) == "NotoSerifCJKsc-Regular"
    assert stub_name(b"OTTO" + b"\x00" * 40) is None


def test_a_stub_of_a_face_not_in_fonts_is_an_error(maker, tmp_path):
    with font_session():
        result = lay_out(maker.cover())
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        from publish.render.fontmerge import merge_fonts
        with pytest.raises(UserError, match="not in fonts/"):
            merge_fonts(pdf, tmp_path)


def test_faces_cut_while_the_pages_are_joined_are_the_faces_cut_after(maker, monkeypatch):
    from publish.paths import FONTS
    from publish.render import assemble as assembling
    from publish.render import fontmerge, hbsubset
    with font_session():
        result = lay_out(maker.cover())
    early = assemble([result])
    monkeypatch.setattr(assembling, "early_cuts", lambda sources: fontmerge.EarlyCuts({}))
    assert assemble([result]) == early                 # cut after joining: the same bytes
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        with fontmerge.early_cuts([pdf]) as cuts:
            wanted = cuts._cuts
            assert wanted and all(p.parent == FONTS.resolve() or p.parent == FONTS
                                  for p in wanted)
            for path, (gids, _) in wanted.items():
                assert cuts.take(path, set(gids)) == hbsubset.subset(path, sorted(gids))
                assert cuts.take(path, set(gids) | {max(gids) + 1}) is None   # other glyphs
            assert cuts.take(FONTS / "none.otf", {1}) is None
