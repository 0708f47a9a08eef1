"""Open an untrusted DOCX package safely: bounded inflation, no DTDs.

Before python-docx reads anything, every member's uncompressed size is checked against a
limit (zipfile itself never inflates past the declared size, so a lying header ends in a CRC
error, not in gigabytes), and every XML member is scanned, in bounded chunks, for a DTD:
Word never writes one, and entities can silently empty or inject text.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import UserError

MAX_MEMBER = 256 * 2**20          # a 10 MB paragraph is ~40 MB of document.xml
MAX_TOTAL = 512 * 2**20
MAX_MEMBERS = 10_000
_CHUNK = 2**20
_MARKS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY")
               for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def check_package(path: str | Path, what: str = "DOCX",
                  xml_suffixes: tuple[str, ...] = _XML_SUFFIXES) -> None:
    """Raise a UserError naming the member if the package could exhaust memory, or if a
    member ending in one of ``xml_suffixes`` has a DTD (an EPUB's XHTML may declare
    ``<!DOCTYPE html>``: ``xml_suffixes=()`` checks the sizes alone)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UserError(f"holds {len(infos)} parts (limit {MAX_MEMBERS}): refused", path)
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > MAX_MEMBER or total > MAX_TOTAL:
                    size = info.file_size if info.file_size > MAX_MEMBER else total
                    limit = MAX_MEMBER if info.file_size > MAX_MEMBER else MAX_TOTAL
                    raise UserError(f"{info.filename} would inflate to {_mb(size)} (limit "
                                    f"{_mb(limit)}): refused as a possible zip bomb", path)
            for info in infos:
                if xml_suffixes and info.filename.lower().endswith(xml_suffixes):
                    _scan(zf, info, path)
    except zipfile.BadZipFile as exc:
        raise UserError(f"not a readable {what} ({exc})", path) from None
    except (OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise UserError(f"not a readable {what} ({exc})", path) from None


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path) -> None:
    tail = b""
    with zf.open(info) as member:
        while chunk := member.read(_CHUNK):
            window = tail + chunk
            if any(mark in window for mark in _MARKS):
                raise UserError(f"{info.filename} declares a DTD or entity (<!DOCTYPE/<!ENTITY>)"
                                "; Word never writes one and it can hide or change text: "
                                "refused", path)
            tail = window[-32:]
