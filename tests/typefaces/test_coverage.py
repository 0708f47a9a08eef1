"""typefaces.coverage: the print fonts' code points, read quickly, are what fontTools reads."""
from __future__ import annotations

from fontTools.ttLib import TTFont

from publish.typefaces import coverage
from publish.paths import FONTS


def test_format12_points_equal_fonttools_best_cmap():
    files = coverage.font_files(FONTS)
    assert files
    for path in files:
        quick = coverage._format12_points(path)
        assert quick is not None, path          # every face in fonts/ has a format 12 cmap
        assert quick == set(TTFont(str(path), lazy=True).getBestCmap()), path


def test_anything_else_goes_to_fonttools(tmp_path):
    odd = tmp_path / "x.otf"
    odd.write_bytes(b"wOF2" + b"\0" * 40)
    assert coverage._format12_points(odd) is None
    short = tmp_path / "y.otf"
    short.write_bytes(b"OTTO\0\x05")
    assert coverage._format12_points(short) is None
