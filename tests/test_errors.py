"""errors.py: a UserError names the file and line; read_text says what a file is."""
from __future__ import annotations

import pytest

from publish.errors import UserError, read_bytes, read_text


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


def _within(seconds: float, call):
    """``call()``'s result or exception, or a failure if it has not returned in time (a read
    that blocks for ever is left behind on its daemon thread)."""
    import threading
    done: dict = {}

    def run():
        try:
            done["value"] = call()
        except BaseException as exc:           # handed to the test below
            done["error"] = exc
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, f"still reading after {seconds} s"
    if "error" in done:
        raise done["error"]
    return done["value"]


def test_a_fifo_is_refused_not_read(tmp_path):
    """A FIFO where issue.yaml or an article belongs blocked every command for ever."""
    import os
    fifo = tmp_path / "issue.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match=r"is a named pipe \(FIFO\), not a file") as exc:
        _within(10, lambda: read_text(fifo))
    assert exc.value.path == str(fifo)


def test_a_device_is_refused_not_read():
    """/dev/zero as raw text: 15 s, 5 GB, then a MemoryError traceback."""
    with pytest.raises(UserError, match="is a device, not a file"):
        _within(10, lambda: read_bytes("/dev/zero"))


def test_a_file_over_the_limit_is_never_read(tmp_path):
    big = tmp_path / "a.md"
    with big.open("wb") as f:                   # sparse: 10 GB that take no disk
        f.truncate(10 * 2**30)
    with pytest.raises(UserError, match=r"is over \d+ MB"):
        _within(10, lambda: read_bytes(big))


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_file_saved_as_utf16_is_named_so(tmp_path, codec):
    """Notepad's "Unicode" save of issue.yaml was refused as `not UTF-8 text (byte 0xff)`."""
    path = tmp_path / "issue.yaml"
    data = "id: 2024-02\n".encode(codec)
    path.write_bytes(data if codec == "utf-16" else b"\xfe\xff" + data)
    with pytest.raises(UserError, match="is UTF-16 text .*save it as UTF-8") as exc:
        read_text(path)
    assert exc.value.line == 1


def test_a_folder_is_refused_naming_it(tmp_path):
    """A folder named issue.yaml, or given to `publish import` as its raw text: an
    IsADirectoryError traceback (the file was opened as a stream before its kind was read)."""
    folder = tmp_path / "issue.yaml"
    folder.mkdir()
    with pytest.raises(UserError, match="is a directory, expected a file") as exc:
        read_bytes(folder)
    assert exc.value.path == str(folder)
