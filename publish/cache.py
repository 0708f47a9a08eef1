"""A content-addressed cache for costly intermediate results (print layout, cover image).

DOCX and EPUB builds need things only a WeasyPrint render can give: the print edition's
Pagination and the cover picture. Each is stored under a key made of everything it depends
on (model data, templates, fonts, the code that makes it, options), so the same input reuses
it and any change misses. Each entry starts with a SHA-256 of its key and content, checked on
every read: an edited or damaged entry is ignored and rebuilt. ``PUBLISH_CACHE=off`` disables
it; the folder is ``$XDG_CACHE_HOME/publish`` (default ``~/.cache/publish``). A cache that
cannot be read or written only makes the build slower: what went wrong is logged (logger
``publish.cache``) and kept for the build's notes (``problems()``).
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Iterable

from .errors import UserError
from .fsutil import write_bytes_atomic
from .paths import FONTS, ROOT, TEMPLATES

log = logging.getLogger(__name__)
# what went wrong since the last problems(), in order: (folder, reason) → kinds not stored,
# and other lines
_unstored: dict[tuple[str, str], dict[str, None]] = {}
_problems: dict[str, None] = {}


def folder() -> Path | None:
    if os.environ.get("PUBLISH_CACHE", "").lower() in ("off", "0", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publish"


def fingerprint(data: Iterable[bytes | str], files: Iterable[Path]) -> str:
    """SHA-256 over data and files (big files by size and mtime, the rest by content)."""
    h = hashlib.sha256()
    for item in data:
        h.update(item.encode() if isinstance(item, str) else item)
        h.update(b"\0")
    for path in sorted(set(files)):
        h.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode())
        stat = path.stat()
        if stat.st_size > 1_000_000:
            h.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
        else:
            h.update(path.read_bytes())
    return h.hexdigest()


def code_key(tag: str, patterns: Iterable[str], template_folders: Iterable[str] = ()) -> str:
    """A fingerprint of the code a cached result depends on: the package's modules matching
    ``patterns`` (globs under publish/), the named template folders and the fonts."""
    package = Path(__file__).resolve().parent
    files = [p for pattern in patterns for p in package.glob(pattern)]
    files += [p for folder in template_folders for p in (TEMPLATES / folder).rglob("*")
              if p.is_file()]
    files += [p for p in FONTS.glob("*") if p.is_file()]
    return fingerprint([tag], files)


def _seal(key: str, data: bytes) -> bytes:
    return hashlib.sha256(key.encode() + b"\0" + data).hexdigest().encode()


def load(kind: str, key: str) -> bytes | None:
    """The entry's data, or None when missing or when its checksum does not match."""
    base = folder()
    if base is None:
        return None
    try:
        raw = (base / kind / key).read_bytes()
    except OSError:
        return None
    seal, _, data = raw.partition(b"\n")
    if seal != _seal(key, data):            # edited or damaged: ignored, rebuilt, replaced
        return None
    return data


def store(kind: str, key: str, data: bytes) -> None:
    """Store ``data`` under its checksum (first line), so a damaged entry is never used."""
    base = folder()
    if base is None:
        return
    try:
        write_bytes_atomic(base / kind / key, _seal(key, data) + b"\n" + data)
    except (OSError, UserError) as exc:     # never fail a build over the cache: say so
        reason = (exc.message if isinstance(exc, UserError)
                  else exc.strerror or type(exc).__name__).removeprefix("cannot write output: ")
        kinds = _unstored.setdefault((str(base), reason), {})
        if kind not in kinds:
            log.info("cannot store %s entries in %s: %s", kind, base, reason)
            kinds[kind] = None


def problem(line: str) -> None:
    """Note that the cache did not do its job (logged once, and kept for ``problems()``)."""
    if line not in _problems:
        log.info("%s", line)
        _problems[line] = None


def problems() -> list[str]:
    """What went wrong with the cache since the last call (each line once), for the notes
    a build prints: the build itself was not affected, only slower."""
    lines = [f"cannot store {', '.join(kinds)} entries in {base}: {reason}"
             for (base, reason), kinds in _unstored.items()] + list(_problems)
    _unstored.clear()
    _problems.clear()
    return lines
