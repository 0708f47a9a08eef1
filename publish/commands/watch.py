"""`publish watch DIR`: rebuild an issue on every save, the way Typst and Quarto users expect.

The corpus' folders are watched with watchfiles (inotify on Linux, FSEvents on macOS; it
polls where the system gives no events, and everywhere with ``WATCHFILES_FORCE_POLLING=1``,
e.g. on a network mount). Each real folder is watched once, on its own, however many
symbolic links lead to it, and a link to a folder outside the corpus is watched as a link,
never followed (a recursive watch would follow a link to ``/`` through the whole disk).
Once the files have been still for a moment, the issue is built through the normal path
(`build_issue`, which uses the caches, so unchanged work is skipped), printing the files
written, the build's notes (the check line among them) and the lint findings that are new
since the previous build. A bad save prints its one-line error and watching goes on; Ctrl-C
stops with exit status 0. With ``--serve [PORT]`` the output folder and the proof report
are served on 127.0.0.1 (publish/proof/serve.py); the page reloads after every build and
shows a bad save's error line.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

import click
import watchfiles

from .. import corpus
from ..errors import UserError
from ..proof import proof_path
from ..check.lint import lint
from ..options import BuildOptions
from .build import LintNote, _describe, build_issue, parse_formats, require_folder_path

#: Folders inside a corpus that never hold its input.
SKIP_DIRS = frozenset({"__pycache__", "node_modules"})


def ignored(name: str) -> bool:
    """Editor temp and backup files, hidden files: saving them is not a change."""
    return (name.startswith(".") or name.endswith("~") or name.endswith((".swp", ".swx"))
            or name.startswith("#") or name.endswith((".part", ".tmp")))


@dataclass(frozen=True)
class Watched:
    """What to watch: the corpus' real folders (each once, as the path first met), and the
    files its links lead to outside it (their folder is watched for them alone)."""
    folders: tuple[Path, ...]
    outside: dict[str, str]          # real path of a linked file → its name in the corpus

    def name(self, directory: Path, path: str) -> str | None:
        """The corpus-relative name of a changed ``path``; None when it is no input."""
        if path in self.outside:
            return self.outside[path]
        changed = Path(path)
        if not changed.is_relative_to(directory):     # a linked file's neighbour outside
            return None
        rel = changed.relative_to(directory)
        if not rel.parts:                             # the corpus folder itself
            return None
        if any(ignored(part) or part in SKIP_DIRS for part in rel.parts):
            return None
        return rel.as_posix()


def watched(directory: Path, exclude: Iterable[Path] = ()) -> Watched:
    """The folders under ``directory`` to watch and the linked files outside it.

    Each real folder is walked once, however many symbolic links lead to it (a link loop
    costs one look), and a link to a folder outside the corpus is not followed: the folder
    holding the link sees it change."""
    skip = {p.resolve() for p in exclude}
    directory = directory.absolute()
    root = directory.resolve()
    walked: set[tuple[int, int]] = set()
    folders: list[Path] = []
    outside: dict[str, str] = {}

    def walk(folder: Path) -> None:
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in walked:
                return
            walked.add((st.st_dev, st.st_ino))
            entries = sorted(folder.iterdir())
        except OSError:
            return
        folders.append(folder)
        for entry in entries:
            name = entry.name
            if ignored(name):
                continue
            try:
                real = entry.resolve()
                if entry.is_dir():
                    if name in SKIP_DIRS or real in skip:
                        continue
                    if not (entry.is_symlink() and not real.is_relative_to(root)):
                        walk(entry)
                elif entry.is_symlink() and entry.is_file() and not real.is_relative_to(root):
                    outside[str(real)] = entry.relative_to(directory).as_posix()
            except (OSError, RuntimeError):    # removed meanwhile; a link loop (3.11 raises
                continue                       # RuntimeError from resolve())

    walk(directory)
    folders += sorted({Path(p).parent for p in outside} - set(folders))
    return Watched(tuple(folders), outside)


def finding_key(f) -> tuple:
    """A finding without its block number: a paragraph added above it moves it, and it is
    still the same finding."""
    return (f.code, f.severity, f.message, f.article)


def new_findings(before: Counter | None, now: list) -> list:
    """Findings not seen in the previous build (all of them when there was none); a finding
    that now occurs more often than before counts as new for each extra occurrence."""
    if before is None:
        return list(now)
    left = Counter(before)
    fresh = []
    for f in now:
        key = finding_key(f)
        if left[key] > 0:
            left[key] -= 1
        else:
            fresh.append(f)
    return fresh


def format_finding(f) -> str:
    where = f.article or ""
    if f.block is not None:
        where += f" block {f.block}"
    return f"lint: new {f.severity} {f.code}{' (' + where.strip() + ')' if where else ''}: " \
           f"{f.message}"


class Watcher:
    """One corpus, one output folder: builds and reports, remembering the lint findings."""

    def __init__(self, directory: Path, formats: list[str], out: Path, options: BuildOptions,
                 echo: Callable[[str], None] = click.echo):
        self.directory, self.formats, self.out, self.options = directory, formats, out, options
        self.echo = echo
        self.findings: Counter | None = None
        self.builds = 0
        self.error: str | None = None          # the last build's error line, if it failed

    def build(self, changed: list[str]) -> bool:
        """Build once; True when it succeeded. Never raises for bad input."""
        self.builds += 1
        stamp = datetime.now().strftime("%H:%M:%S")
        what = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3
                                         else "")
        self.echo(f"[{stamp}] build {self.builds}" + (f": changed {what}" if changed else ""))
        start = time.monotonic()
        try:
            written, notes = build_issue(self.directory, self.formats, self.out, self.options)
            issue = corpus.load(self.directory)
            findings = lint(issue)
        except UserError as err:
            return self._failed(f"publish: error: "
                                f"{err if err.path else f'{self.directory}: {err}'}")
        except Exception as exc:             # noqa: BLE001 - a watcher outlives one bad build
            return self._failed(f"publish: error: {self.directory}: {_describe(exc)}")
        self.error = None
        for path in written:
            self.echo(f"wrote {path}")
        for note in notes:
            if not isinstance(note, LintNote):   # the new findings alone follow
                self.echo(note)
        first = self.findings is None
        fresh = new_findings(self.findings, findings)
        now = Counter(finding_key(f) for f in findings)
        gone = 0 if first else sum((self.findings - now).values())
        self.findings = now
        if first:
            self.echo(f"lint: {len(findings)} findings (`publish lint {self.directory}` lists "
                      "them); from now on only new ones are shown")
        else:
            for f in fresh:
                self.echo(format_finding(f))
            if gone:
                self.echo(f"lint: {gone} finding{'s' if gone > 1 else ''} gone")
        self.echo(f"built in {time.monotonic() - start:.1f} s; watching {self.directory} "
                  "(Ctrl-C stops)")
        return True

    def _failed(self, line: str) -> bool:
        self.error = line
        self.echo(line)
        return False


def _preview(directory: Path, out: Path, fmts: list[str], options: BuildOptions, port: int):
    """The live preview of the proof report (refused when the build makes no report)."""
    from ..proof.serve import Preview
    if "pdf" not in fmts or not options.proof:
        raise UserError("--serve shows the proof report, which comes with the PDF: "
                        "build pdf (--format) and leave out --no-proof")

    def report() -> Path | None:
        issue_id = corpus.read_id(directory)
        return proof_path(out / issue_id, issue_id) if issue_id else None

    require_folder_path(out)
    out.mkdir(parents=True, exist_ok=True)
    preview = Preview(out, report, port).start()
    click.echo(f"serving {preview.url} (the proof report; {out} below it; "
               "the page reloads after every build)")
    return preview


class Changes:
    """The corpus' saves, batch by batch (watchfiles): a batch comes once the files have
    been still for ``quiet`` seconds; the folders watched follow folders made and removed."""

    def __init__(self, directory: Path, exclude: list[Path], quiet: float, poll: float):
        self.directory, self.exclude = directory.absolute(), _beside(directory, exclude)
        self.quiet, self.poll = quiet, poll
        self.what = watched(directory, self.exclude)
        self._stream = None

    def start(self) -> None:
        """Watch from now on (a save made while the first build runs is not missed)."""
        self.close()
        for attempt in range(3):
            self._stream = watchfiles.watch(
                *self.what.folders, watch_filter=self._wanted, recursive=False,
                step=max(1, round(self.quiet * 1000)),
                rust_timeout=max(1, round(self.poll * 1000)), yield_on_timeout=True,
                poll_delay_ms=max(1, round(self.poll * 1000)))
            try:
                next(self._stream)          # the first look: the watch is in place
                return
            except FileNotFoundError:       # a folder removed between the walk and now
                if attempt == 2:
                    raise
                self.what = watched(self.directory, self.exclude)

    def _wanted(self, change, path: str) -> bool:
        if change == watchfiles.Change.modified and os.path.isdir(path):
            return False                    # a folder's entries changed (polling says so
                                            # too): the entries themselves are the saves
        return (self.what.name(self.directory, path) is not None
                and not any(Path(path).is_relative_to(p.absolute()) for p in self.exclude))

    def next(self) -> list[str]:
        """The names changed in the next batch (sorted), or [] when nothing changed in
        ``poll`` seconds."""
        batch = next(self._stream)
        found = {n for _, path in batch if (n := self.what.name(self.directory, path))}
        names = sorted(n for n in found                 # a folder whose files are named
                       if not any(m.startswith(n + "/") for m in found))   # says no more
        if batch:
            now = watched(self.directory, self.exclude)
            if now != self.what:            # a folder or a link made or removed
                self.what = now
                self.start()
        return names

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None


def _beside(directory: Path, exclude: list[Path]) -> list[Path]:
    """The folders of ``exclude`` that do not hold the corpus: an output folder around it
    (``--out .`` from the folder above, or its parent) would hide every save."""
    real = directory.resolve()
    return [p for p in exclude if not real.is_relative_to(p.resolve())]


def _require_still_there(directory: Path) -> None:
    """Stop, saying why, once the corpus folder is deleted or moved away: the watch went
    on with nothing left to watch, and saw nothing when the folder came back."""
    if not directory.is_dir():
        raise UserError("the corpus folder is gone (deleted or moved): watching stopped; "
                        "start it again once the folder is back", directory)


def run(directory: Path, formats: str | None, out: Path, options: BuildOptions, *,
        poll: float = 0.5, quiet: float = 0.3, max_builds: int | None = None,
        serve: int | None = None) -> int:
    if not directory.is_dir():
        raise UserError("no such corpus directory", directory)
    fmts = parse_formats(formats)
    if not fmts:
        raise UserError("no output format is available")
    watcher = Watcher(directory, fmts, out, options)
    preview = _preview(directory, out, fmts, options, serve) if serve is not None else None
    saves = Changes(directory, [out], quiet, poll)
    try:
        saves.start()
        watcher.build([])
        if preview:
            preview.published(watcher.error)
        while max_builds is None or watcher.builds < max_builds:
            changed = saves.next()
            _require_still_there(directory)
            if changed:
                watcher.build(changed)
                if preview:
                    preview.published(watcher.error)
    except KeyboardInterrupt:
        click.echo("stopped watching")
    finally:
        saves.close()
        if preview:
            preview.stop()
    return 0
