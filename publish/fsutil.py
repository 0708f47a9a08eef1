"""Atomic writes: a failed build never leaves a partial file nor replaces a good one; and
byte-reproducible zips (the DOCX and the EPUB are zips).

Temporary names carry the writing process's id (``.NAME.PID.XXXX.part``, ``.NAME.PID.import``)
so a later run can tell leftovers of an interrupted one (their process is gone) from the
files of a run still going, and remove only the former.
"""
from __future__ import annotations

import datetime as dt
import errno
import glob
import io
import os
import re
import shutil
import tempfile
import zipfile
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterable, Iterator

from .errors import UserError

# errors that mean "this output cannot be written here", not a bug
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES,
                 errno.EPERM, errno.EIO}
_STALE_PART = re.compile(r"\..+?(?:\.(\d+))?\.[^.]+\.part")            # fullmatch()ed
_STALE_STAGING = re.compile(r"\..+\.(\d+)\.[a-z]+")                    # fullmatch()ed


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it into place only on success."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part",
                                   dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise UserError(f"cannot write output: {exc.strerror}", target.parent) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    except OSError as exc:
        if exc.errno in _WRITE_ERRORS:
            raise UserError(f"cannot write: {exc.strerror}", target) from None
        raise
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text_atomic(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes_atomic(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def _alive(pid: str | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    try:                                # a zombie (its parent never reaped it) is gone too
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
        if stat[stat.rindex(")") + 2:].startswith("Z"):
            return False
    except (OSError, ValueError):
        pass
    return int(pid) != 0


def remove_stale_parts(folder: str | Path, prefix: str) -> list[Path]:
    """Remove ``.PREFIX*.part`` files in ``folder`` left by a run that no longer exists."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        m = _STALE_PART.fullmatch(path.name)
        if m and path.name.startswith(f".{prefix}") and path.is_file() \
                and not path.is_symlink() and not _alive(m.group(1)):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


@contextmanager
def staging_dir(target: str | Path, kind: str = "import") -> Iterator[Path]:
    """A hidden folder ``.NAME.PID.KIND`` beside ``target`` to write a whole tree into;
    removed on failure.

    Leftover staging folders of interrupted runs for the same target are removed first.
    """
    target = Path(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        for old in parent.glob(f".{glob.escape(target.name)}.*.{kind}"):
            m = _STALE_STAGING.fullmatch(old.name)
            if m and old.is_dir() and not old.is_symlink() and not _alive(m.group(1)):
                shutil.rmtree(old, ignore_errors=True)
        tmp = parent / f".{target.name}.{os.getpid()}.{kind}"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
    except OSError as exc:
        raise UserError(f"cannot write: {exc.strerror}", parent) from None
    try:
        yield tmp
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise UserError(f"cannot write: {exc.strerror}", target) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def aside_name(target: Path) -> Path:
    """A free hidden sibling name for moving ``target`` out of the way (never a glob match
    of ``corpus/*/``)."""
    for n in range(1, 10_000):
        candidate = target.parent / (f".{target.name}.old" + (f"-{n}" if n > 1 else ""))
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise UserError("too many old copies beside it; remove some", target)


def place_file(source: Path, target: Path) -> None:
    """``target`` holds ``source``'s bytes in a file of its own: left alone when it already
    does, else copied (never hard-linked: truncating an output must not truncate the
    installed file) and renamed into place. A target that is a link (hard or symbolic) is
    replaced by a copy even when its bytes are right."""
    if _own_copy(source, target):
        return
    with atomic_path(target) as tmp:
        shutil.copyfile(source, tmp)


def _own_copy(source: Path, target: Path) -> bool:
    """``target`` is a regular file sharing no inode, with the same bytes as ``source``."""
    import filecmp
    import stat
    try:
        st = os.lstat(target)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1 or os.path.samefile(source, target):
            return False
        return filecmp.cmp(source, target, shallow=False)
    except OSError:
        return False


@contextmanager
def replaced_together(folder: str | Path) -> Iterator[Path]:
    """A staging folder ``FOLDER/.NAME.PID.stage`` to write a set of outputs into. When the
    block succeeds, every file in it is moved to the same place under ``folder`` (a file
    whose bytes are already there is left alone); when it fails, none is and the staging
    folder goes. Commits into one folder take turns (a lock on the folder), so two builds
    never interleave their sets."""
    folder = Path(folder)
    created = not folder.exists()
    try:
        with staging_dir(folder / folder.name, kind="stage") as stage:
            yield stage
            _commit(stage, folder)
    except BaseException:
        if created:                         # leave no empty output folder behind
            with suppress(OSError):
                folder.rmdir()
        raise
    shutil.rmtree(stage, ignore_errors=True)


def _commit(stage: Path, folder: Path) -> None:
    """Move every file of ``stage`` to its place under ``folder``, holding the folder's lock."""
    import fcntl
    files = sorted(p for p in stage.rglob("*") if p.is_file() and not p.is_symlink())
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        for path in files:
            dest = folder / path.relative_to(stage)
            if not _own_copy(path, dest):
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, dest)
    finally:
        os.close(fd)


def reproducible_zip(entries: Iterable[tuple[str, bytes]], epoch: int, *, level: int,
                     stored: frozenset[str] = frozenset()) -> bytes:
    """A zip of ``entries`` (name, bytes) in the order given, whose bytes depend only on them
    and ``epoch``: every entry stamped with that time (zipfile would stamp the clock; the
    zip format starts in 1980) and the same mode, deflated at ``level`` unless ``stored``."""
    when = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            keep = name in stored
            info.compress_type = zipfile.ZIP_STORED if keep else zipfile.ZIP_DEFLATED
            zf.writestr(info, content, compresslevel=None if keep else level)
    return out.getvalue()
