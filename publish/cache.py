"""A content-addressed cache for costly intermediate results (print layout, cover image).

DOCX and EPUB builds need things only a WeasyPrint render can give: the print edition's
Pagination and the cover picture. Each is stored under a key made of everything it depends
on (model data, templates, fonts, the code that makes it, options), so the same input reuses
it and any change misses. Each entry starts with a SHA-256 of its key and content, checked on
every read: an edited or damaged entry is ignored and rebuilt. ``PUBLISH_CACHE=off`` disables
it; the folder is ``$XDG_CACHE_HOME/publish`` (default ``~/.cache/publish``), kept under
``PUBLISH_CACHE_SIZE`` (1 GiB by default; trim() drops the least recently used entries, an
hour apart at most). A cache that
cannot be read or written only makes the build slower: what went wrong is logged (logger
``publish.cache``) and kept for the build's notes (``problems()``).

The code part of every key is ``code_key(module)``: read from the code itself (the module
that makes the result and everything of the package it imports, the versions of the outside
libraries those import), never from a hand-kept list of files; the options' part is
``BuildOptions.cache_key``. The kinds, each with what its key holds besides its code:

    unit           render/units.py: a unit's HTML, its line starts, the PDF options,
                   the print templates, the fonts
    layout         render/pagecache.py: the model, the page options (the edition), the
                   print templates, the fonts
    article        layout/memo.py: the article, the issue's fields, the composer, the
                   wording templates, the fonts
    cover          render/cover_picture.py: the cover's fields, its templates, its faces
    subset         render/hbsubset.py: the font file, the glyph ids
    words          layout/words.py: the text
    codepoints     typefaces/coverage.py: the font files
    proof-picture  proof/pictures.py: what the page draws
    template       templating/: a template compiled by Jinja (its name and file, Jinja's
                   version; Jinja checks the source and Python's)
    imports        this module: the names one source file imports (parsed once)
    versions       this module: the installed versions of the libraries a closure imports
"""
from __future__ import annotations

import ast
import contextlib
import hashlib
import logging
import os
import re
import sys
import time
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .errors import UserError
from .fsutil import write_bytes_atomic
from .paths import FONTS, ROOT, TEMPLATES

#: the package whose code the keys read (tests point code_key at a copy)
PACKAGE = Path(__file__).resolve().parent
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


def code_key(*modules: str, templates: Iterable[str] = (), fonts: bool = False,
             package: Path | None = None) -> str:
    """A fingerprint of the code a cached result depends on, read from the code itself.

    ``modules`` (dotted names, e.g. ``publish.render.units``: the module that makes the
    result) and every module of the package they import, directly or through others, as
    their source says (``import_closure``); the versions of the outside distributions those
    modules import and Python's; the named template folders or files (under templates/)
    and, with ``fonts``, the fonts. A module the result comes to depend on is in the key as
    soon as something in the closure imports it, wherever it lies.

    With the cache off nothing is stored or read under a key, so the code is not read
    (a cold build would parse the package's sources for nothing): the key is this process's
    own token, which no other process, nor any other code, shares."""
    if folder() is None:
        return _UNREAD
    files, outside = import_closure(modules, package or PACKAGE)
    for name in templates:
        path = TEMPLATES / name
        files += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    if fonts:
        files += [p for p in FONTS.glob("*") if p.is_file()]
    return fingerprint([f"python={sys.version_info[:3]}", *_versions(tuple(outside))], files)


def import_closure(modules: Iterable[str], package: Path = PACKAGE
                   ) -> tuple[list[Path], list[str]]:
    """The files of ``modules`` and of every module of ``package`` they import (statically,
    as tests/test_layers.py reads imports: lazy ones inside functions too; importing a.b.c
    runs a and a.b first), and the outside top-level names they import (the standard library
    left out). A module named outside ``package`` counts by its own file only."""
    top = package.name
    found: dict[str, Path] = {}
    outside: set[str] = set()
    roots = tuple(modules)
    todo = list(roots)
    for name in todo:
        if name != top and not name.startswith(top + "."):
            own = getattr(sys.modules.get(name), "__file__", None)
            if own:
                found[name] = Path(own)
            continue
        path = _module_file(name, package)
        if path is None:
            if name in roots:
                raise LookupError(f"no module {name} in {package}")
            continue                      # ``from pkg import name``: a name, not a module
        if name in found:
            continue
        found[name] = path
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        for target in _imports(path, name):
            if target == top or target.startswith(top + "."):
                todo.append(target)
            elif target.split(".")[0] not in sys.stdlib_module_names:
                outside.add(target.split(".")[0])
    return sorted(found.values()), sorted(outside)


def _module_file(name: str, package: Path) -> Path | None:
    base = package.joinpath(*name.split(".")[1:])
    for path in (base / "__init__.py", base.with_name(base.name + ".py")):
        if path.is_file():
            return path
    return None


#: the code part of every key while the cache is off: no stored entry can ever match it
_UNREAD = f"code-unread:{os.getpid()}:{uuid.uuid4()}"
_PARSED: dict[str, tuple[str, ...]] = {}
#: the parser's own part of those keys: this file
_PARSER = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _imports(path: Path, name: str) -> tuple[str, ...]:
    """The dotted names module ``name`` imports (``from a import b`` gives a and a.b: b may
    be a module). Parsing the package takes about a second, so each file's list is kept
    under its content, in this process and in the cache (kind ``imports``)."""
    source = path.read_bytes()
    key = hashlib.sha256(f"{_PARSER}\0{name}\0".encode() + source).hexdigest()
    if key not in _PARSED:
        raw = load("imports", key)
        if raw is None:
            raw = "\n".join(_parse_imports(source, path, name)).encode()
            store("imports", key, raw)
        _PARSED[key] = tuple(n for n in raw.decode().split("\n") if n)
    return _PARSED[key]


def _parse_imports(source: bytes, path: Path, name: str) -> list[str]:
    is_package = path.name == "__init__.py"
    out = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            prefix = node.module or ""
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            out += [prefix, *(f"{prefix}.{alias.name}" for alias in node.names)]
    return out


@lru_cache(maxsize=None)
def _versions(names: tuple[str, ...]) -> tuple[str, ...]:
    """``distribution=version`` of each outside top-level name (``name=?`` when no installed
    distribution provides it). Finding the distribution of a name costs a third of a second
    of scanning, so the answer is kept under the names and the times of the folders on the
    import path (installing or removing a distribution changes its folder's time). The
    working folder (``''`` on the path of ``python -c``, its absolute path under ``-m``) is
    left out: nothing is installed there, and its time changes with every file made in it,
    so the answer would be sought again, and stored again, on every run."""
    folders = []
    try:
        here = os.getcwd()
    except OSError:                         # the working folder was removed
        here = ""
    for entry in sys.path:
        if entry in ("", ".", here):
            continue
        try:
            folders.append(f"{entry}:{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            folders.append(f"{entry}:-")
    key = fingerprint([*names, "\0", *folders], [])
    raw = load("versions", key)
    if raw is not None:
        return tuple(raw.decode().split("\n")) if raw else ()
    from importlib import metadata
    out = []
    for name in names:
        try:
            out.append(f"{name}={metadata.version(name)}")      # most are named as imported
        except metadata.PackageNotFoundError:
            dists = sorted(set(_distributions().get(name) or ()))
            out += [f"{d}={metadata.version(d)}" for d in dists] or [f"{name}=?"]
    store("versions", key, "\n".join(out).encode())
    return tuple(out)


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    from importlib import metadata
    return metadata.packages_distributions()


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
    with contextlib.suppress(OSError):      # its time is its last use: trim() keeps it longer
        os.utime(base / kind / key)
    return data


def store(kind: str, key: str, data: bytes) -> None:
    """Store ``data`` under its checksum (first line), so a damaged entry is never used."""
    base = folder()
    if base is None:
        return
    _trim_now_and_then(base)
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


#: The most the cache folder holds unless ``PUBLISH_CACHE_SIZE`` says otherwise (one build of
#: the bundled issue stores about 11 MB).
DEFAULT_SIZE = 1 << 30
#: How often (seconds) the first store of a process looks at the folder's size: a walk of a
#: full folder takes about a second, so not on every build.
TRIM_EVERY = 3600
#: Entries younger than this are never removed: being written, or used by a build under way.
KEEP_YOUNGER = 60
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", re.IGNORECASE)
_trim_looked = False


def size_limit() -> int:
    """``PUBLISH_CACHE_SIZE`` in bytes (``500M``, ``2G``, ``1048576``), else DEFAULT_SIZE; a
    value that is no size, or under a megabyte, is a problem the build names, not an
    error."""
    text = os.environ.get("PUBLISH_CACHE_SIZE", "")
    if not text.strip():
        return DEFAULT_SIZE
    m = _SIZE.fullmatch(text)
    size = int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2).lower() or " ")) if m else 0
    if size < 2**20:                        # 0.5 was half a byte: the cache emptied hourly
        problem(f"PUBLISH_CACHE_SIZE={text!r} is not a size of a megabyte or more (e.g. "
                f"500M, 2G): the cache is kept to {DEFAULT_SIZE >> 20} MB")
        return DEFAULT_SIZE
    return size


def _trim_now_and_then(base: Path) -> None:
    """Once a process, when the folder was last looked at more than TRIM_EVERY ago: trim()."""
    global _trim_looked
    if _trim_looked:
        return
    _trim_looked = True
    stamp = base / ".trimmed"
    try:
        if time.time() - stamp.stat().st_mtime < TRIM_EVERY:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        base.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        return                              # store() will say why it cannot write there
    trim(base, size_limit())


def trim(base: Path, limit: int) -> int:
    """Remove the least recently used entries (by time: load() touches what it reads) until
    the folder holds at most four fifths of ``limit``, when it holds more than ``limit``;
    returns the bytes removed. Without it the folder only grows (every edit, every version
    of the code adds entries). Hidden files (the stamp, entries being written) and entries
    younger than KEEP_YOUNGER stay."""
    entries: list[tuple[float, int, str]] = []
    with contextlib.suppress(OSError):
        for kind in os.scandir(base):
            if kind.name.startswith(".") or not kind.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(kind.path):
                if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    st = entry.stat(follow_symlinks=False)
                    entries.append((st.st_mtime, st.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return 0
    removed, goal, now = 0, limit * 4 // 5, time.time()
    for mtime, size, path in sorted(entries):
        if total - removed <= goal:
            break
        if now - mtime < KEEP_YOUNGER:
            continue
        with contextlib.suppress(OSError):
            os.unlink(path)
            removed += size
    return removed
