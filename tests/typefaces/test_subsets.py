"""The EPUB's serif face: fonts/MANIFEST.json decides, and a broken one is never ignored."""
from __future__ import annotations

import json

import pytest

from publish.errors import UserError
from publish.typefaces import subsets


def _fonts(folder):
    for name in ("NotoSerifCJKsc-Regular.otf", "Serif-Book.otf"):
        (folder / name).write_bytes(b"OTTO")


def test_a_manifest_that_is_not_json_names_its_line(tmp_path):
    _fonts(tmp_path)
    manifest = tmp_path / "MANIFEST.json"
    manifest.write_text('{"fonts": [\n  {"file": "Serif-Book.otf", "role": "serif"}\n  {"x": 1}\n]}\n',
                        encoding="utf-8")
    with pytest.raises(UserError) as err:
        subsets.serif_regular(tmp_path)
    assert str(err.value).startswith(f"{manifest}:3: not JSON: ")
    assert "file names decide" in str(err.value)


def test_a_manifest_that_is_not_utf8_is_a_user_error(tmp_path):
    _fonts(tmp_path)
    (tmp_path / "MANIFEST.json").write_bytes(b'{"fonts": ["\xff\xfe"]}')
    with pytest.raises(UserError, match="MANIFEST.json: not UTF-8"):
        subsets.serif_regular(tmp_path)


def test_a_good_manifest_still_decides_over_the_file_names(tmp_path):
    _fonts(tmp_path)
    (tmp_path / "MANIFEST.json").write_text(json.dumps(
        {"fonts": [{"file": "Serif-Book.otf", "role": "serif"}]}), encoding="utf-8")
    assert subsets.serif_regular(tmp_path).path.name == "Serif-Book.otf"
    (tmp_path / "MANIFEST.json").unlink()
    assert subsets.serif_regular(tmp_path).path.name == "NotoSerifCJKsc-Regular.otf"
