"""errors.py: a UserError names the file and line; read_text says what a file is."""
from __future__ import annotations

import pytest

from publish.errors import UserError, read_text


def test_a_file_saved_in_gbk_is_named_with_its_line_and_what_to_do(tmp_path):
    """An editor's save in GBK was refused as `not UTF-8 text (byte 0xbd)`, nothing more."""
    path = tmp_path / "a.md"
    path.write_bytes("---\nid: a\ntitle: 习近平复信\n---\n".encode("gbk"))
    with pytest.raises(UserError, match="reads as GB18030 .GBK.; save it as UTF-8") as exc:
        read_text(path)
    assert exc.value.line == 3


def test_bytes_no_encoding_reads_get_no_hint(tmp_path):
    path = tmp_path / "b.md"
    path.write_bytes(b"ok\n\xff\xff\xff\n")
    with pytest.raises(UserError) as exc:
        read_text(path)
    assert "GB18030" not in str(exc.value) and exc.value.line == 2
