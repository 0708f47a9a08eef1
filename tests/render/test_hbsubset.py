"""render/hbsubset.py: one HarfBuzz pass where WeasyPrint makes two, with the same bytes; sets
filled in one call each."""
from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from publish.layout.fonts import ROLES
from publish.paths import FONTS
from publish.render import hbsubset


def _two_passes(path, gids: list[int]) -> bytes:
    """WeasyPrint's way: keep the glyph ids, then cut at the last glyph kept."""
    flags = hbsubset._PASSTHROUGH_UNRECOGNIZED | hbsubset._DESUBROUTINIZE | hbsubset._NO_HINTING
    kept = hbsubset._run(hbsubset._face(path).face, gids, flags | hbsubset._RETAIN_GIDS)
    return hbsubset._bytes(hbsubset._run(kept, range(max(gids) + 1), flags))


@pytest.mark.parametrize("name", sorted({r.file for r in ROLES.values()}))
def test_one_pass_gives_the_bytes_of_two(name, monkeypatch, tmp_path):
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    path = FONTS / name
    count = TTFont(path, lazy=True)["maxp"].numGlyphs
    gids = sorted({0, 1, 2, 3, 5, 8, 13, 21, count // 3, count // 2, count - 400})
    data = hbsubset.subset(path, gids)
    assert data == _two_passes(path, gids)
    cut = TTFont(io.BytesIO(data))
    assert cut["maxp"].numGlyphs == gids[-1] + 1      # ends at the last glyph kept


def test_a_range_and_a_list_fill_a_set_alike():
    face = hbsubset._face(FONTS / ROLES["kai"].file).face
    made = [hbsubset._bytes(hbsubset._run(face, values, hbsubset._RETAIN_GIDS))
            for values in (range(3, 9), [8, 3, 4, 7, 5, 6], range(3, 9, 1))]
    assert made[0] == made[1] == made[2]
