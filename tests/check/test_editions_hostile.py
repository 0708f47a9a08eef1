"""check/editions.py: an EPUB or DOCX in the folder `publish check --editions` reads is
refused before it can inflate past the limits readers/zipguard.py sets (a 3 MB EPUB whose
container.xml inflated to 3 GB: 4.3 GB of memory, then a MemoryError traceback)."""
from __future__ import annotations

import zipfile

import pytest

from publish.check.editions import check_editions
from publish.errors import UserError


def _bomb(path, member: str, mb: int = 260) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open(member, "w", force_zip64=True) as out:
            for _ in range(mb):
                out.write(b" " * 2**20)


@pytest.mark.parametrize("fmt, member", [("epub", "META-INF/container.xml"),
                                         ("docx", "word/document.xml")])
def test_a_zip_bomb_in_the_editions_folder_is_refused(bundled_issue, tmp_path, fmt, member):
    folder = tmp_path / bundled_issue.id
    folder.mkdir()
    _bomb(folder / f"{bundled_issue.id}.{fmt}", member)
    with pytest.raises(UserError, match=f"{member} would inflate to 260 MB"):
        check_editions(bundled_issue, folder)
