"""Raw text in the encodings Chinese offices send: UTF-8, GB18030 (GBK, GB2312), UTF-16.

Without ``--encoding`` a BOM decides (UTF-8, UTF-16 LE/BE); else UTF-8 is tried, then
GB18030, a superset of GBK and GB2312. Whatever was used is reported, never silently
assumed; bytes that fit none of them get one line naming the byte and its line.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str           # the codec used, e.g. "utf-8", "gb18030", "utf-16-le"
    note: str | None        # what to tell the user when it was not plain UTF-8


def decode(data: bytes, path: str | Path, encoding: str | None = None) -> Decoded:
    if encoding:
        codec = text_codec(encoding, path)
        text = _strict(data, codec, path)
        return Decoded(text.removeprefix("\ufeff"), codec, f"as {codec} (--encoding)")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec, path, offset=len(bom), whole=data)
            note = None if codec == "utf-8" else f"as {codec.upper()} (byte-order mark)"
            return Decoded(text, codec, note)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", None)
    except UnicodeDecodeError as exc:
        first = exc
    try:
        return Decoded(data.decode("gb18030"), "gb18030",
                       f"as GB18030 (not UTF-8: byte 0x{data[first.start]:02x} on line "
                       f"{_line(data, first.start)})")
    except UnicodeDecodeError:
        pass
    raise UserError(f"not UTF-8 text (byte 0x{data[first.start]:02x}) nor GB18030; "
                    "pass --encoding", path, _line(data, first.start))


def text_codec(encoding: str, path) -> str:
    """The codec's name, if ``encoding`` names a text encoding (not rot13, base64, zlib…)."""
    shown = repr(encoding if len(encoding) <= 40 else encoding[:40] + "…")
    try:
        codec = codecs.lookup(encoding).name
    except (LookupError, ValueError):             # ValueError: a NUL in the name
        raise UserError(f"unknown encoding {shown}", path) from None
    try:
        b"x".decode(codec)                        # b"" would not ask the codec
    except UnicodeError:
        pass
    except LookupError:
        raise UserError(f"--encoding {shown} names a transform, not a text encoding; "
                        "name the raw file's character set (e.g. gb18030)", path) from None
    return codec


def _strict(data: bytes, codec: str, path, offset: int = 0, whole: bytes | None = None) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        whole = whole if whole is not None else data
        at = offset + exc.start
        line = _line(whole, at) if not codec.startswith("utf-16") else None
        raise UserError(f"not {codec} text (byte 0x{whole[at]:02x} at offset {at})",
                        path, line) from None
    except UnicodeError as exc:                   # a codec that fails without a position
        raise UserError(f"cannot be read as {codec}: {exc}", path) from None


def _line(data: bytes, at: int) -> int:
    return data[:at].count(b"\n") + 1
