"""User errors: one clear line naming the file (and line), exit status 2, never a traceback."""
from __future__ import annotations

import os
import stat
from pathlib import Path


class UserError(Exception):
    """Bad input or usage. The CLI prints ``str(err)`` and exits 2."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


#: No input file is read past this: a corpus file, raw text or DOCX is a few MB at most (a
#: 60-page issue's raw text is 250 kB); /dev/zero or a sparse file would fill the memory
MAX_FILE_BYTES = 64 * 2**20

_NOT_A_FILE = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a device",
               stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def located(at: str | None) -> tuple:
    """(path, line) of a ``file:line`` string (a model's ``page_at``), for UserError."""
    if not at:
        return ()
    path, _, line = at.rpartition(":")
    return (path, int(line)) if line.isdigit() else (at,)


def require_file(path: str | Path, what: str = "a file") -> Path:
    """``path`` if it is a regular file (or a link to one), else a UserError saying what it
    is instead: missing, a directory, a named pipe or a device (opening those could block
    for ever or never end)."""
    p = Path(path)
    if p.is_file():
        return p
    if not p.exists():
        raise UserError("no such file", p)
    if p.is_dir():
        raise UserError(f"is a directory, expected {what}", p)
    raise UserError(f"is a named pipe or a device, expected {what}", p)


def _require_regular(mode: int, path: Path) -> None:
    """Refuse what an open file descriptor shows is no regular file, saying what it is."""
    if stat.S_ISDIR(mode):
        raise UserError("is a directory, expected a file", path)
    if not stat.S_ISREG(mode):
        kind = _NOT_A_FILE.get(stat.S_IFMT(mode), "not a regular file")
        raise UserError(f"is {kind}, not a file: save its text to a file and name that", path)


def read_bytes(path: str | Path) -> bytes:
    """Read a regular file of at most MAX_FILE_BYTES or raise a UserError naming it (a pipe
    or a device is refused before it is read: it could block for ever, or never end)."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise UserError("no such file", p) from None
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", p) from None
    info = os.fstat(fd)
    try:                # its kind before a stream: os.fdopen refuses a folder itself
        _require_regular(info.st_mode, p)
    except UserError:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as f:
        try:                            # the size first: a sparse file is never read
            data = b"" if info.st_size > MAX_FILE_BYTES else f.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise UserError(f"cannot read: {exc.strerror}", p) from None
    if info.st_size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise UserError(f"is over {MAX_FILE_BYTES // 2**20} MB: no issue's file is so large",
                        p)
    return data


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file (BOM allowed) or raise a UserError naming it."""
    p = Path(path)
    data = read_bytes(p)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):     # Notepad's "Unicode"
            raise UserError("is UTF-16 text (it starts with a UTF-16 byte-order mark); save "
                            "it as UTF-8", p, 1) from None
        try:                        # an editor's save in GBK (Windows' Chinese default)
            data.decode("gb18030")
            hint = ": it reads as GB18030 (GBK); save it as UTF-8"
        except UnicodeDecodeError:
            hint = ""
        raise UserError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}){hint}", p,
                        line) from None
    return text.removeprefix("\ufeff")
