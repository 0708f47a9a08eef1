"""User errors: one clear line naming the file (and line), exit status 2, never a traceback."""
from __future__ import annotations

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


def read_bytes(path: str | Path) -> bytes:
    """Read a file or raise a UserError naming it."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise UserError("no such file", p) from None
    except IsADirectoryError:
        raise UserError("is a directory, expected a file", p) from None
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", p) from None


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file (BOM allowed) or raise a UserError naming it."""
    p = Path(path)
    data = read_bytes(p)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:                        # an editor's save in GBK (Windows' Chinese default)
            data.decode("gb18030")
            hint = ": it reads as GB18030 (GBK); save it as UTF-8"
        except UnicodeDecodeError:
            hint = ""
        raise UserError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}){hint}", p,
                        line) from None
    return text.removeprefix("\ufeff")
