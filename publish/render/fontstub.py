"""What a unit embeds for a face, in place of a subset of its file: a stub naming the face
(the joined PDF gets one subset per face, render/fontmerge.py). Apart from fontmerge, so the
layout workers that write stubs do not load pikepdf.
"""
from __future__ import annotations

import logging
import struct

from fontTools.ttLib import TTLibError, newTable

log = logging.getLogger(__name__)

_STUB = b"publish-face:"


def stub(data: bytes, name: str) -> bytes:
    """What a unit embeds for a face: the file's first four bytes (WeasyPrint tells CFF
    from TrueType by them) and the face's PostScript name."""
    return data[:4] + _STUB + name.encode()


def stub_name(data: bytes) -> str | None:
    """The PostScript name in a stub, None if ``data`` is not one."""
    if data[4:4 + len(_STUB)] != _STUB:
        return None
    return data[4 + len(_STUB):].decode()


def name_of_table(data: bytes) -> str | None:
    """The PostScript name (ID 6) in a font's name table; None if it has none."""
    if not data:
        return None
    table = newTable("name")
    try:
        table.decompile(data, None)
    except (TTLibError, struct.error, ValueError, IndexError) as exc:
        log.warning("cannot read a font's name table (%s): WeasyPrint subsets it in each unit", exc)
        return None
    return table.getDebugName(6)
