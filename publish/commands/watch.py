"""`publish watch DIR`: rebuild an issue on every save, the way Typst and Quarto users expect.

Polls the corpus' file mtimes and sizes (no file-system-event dependency: it works the same
on every file system, network mounts included), waits until the files stop changing, then
builds through the normal path (`build_issue`, which uses the caches, so unchanged work is
skipped) and prints the files written, the build's notes (the check line among them) and
the lint findings that are new since the previous build. A bad save prints its one-line
error and watching goes on; Ctrl-C stops with exit status 0. With ``--serve [PORT]`` the
output folder and the proof report are served on 127.0.0.1 (publish/proof/serve.py); the
page reloads after every build and shows a bad save's error line.
"""
from __future__ import annotations

import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

import click

from .. import corpus
from ..errors import UserError
from ..proof import proof_path
from ..check.lint import lint
from ..options import BuildOptions
from .build import _describe, build_issue, parse_formats

Snapshot = dict[str, tuple[int, int]]        # relative path → (mtime_ns, size)

#: Folders inside a corpus that never hold its input.
SKIP_DIRS = frozenset({"__pycache__", "node_modules"})


def ignored(name: str) -> bool:
    """Editor temp and backup files, hidden files: saving them is not a change."""
    return (name.startswith(".") or name.endswith("~") or name.endswith((".swp", ".swx"))
            or name.startswith("#") or name.endswith((".part", ".tmp")))


def snapshot(directory: Path, exclude: Iterable[Path] = ()) -> Snapshot:
    """Every input file under ``directory`` with its mtime and size.

    Each real folder is walked once, however many symbolic links lead to it (a link loop
    costs one look), and a link to a folder outside the corpus is not followed: the link
    itself is watched."""
    skip = {p.resolve() for p in exclude}
    root = directory.resolve()
    walked: set[tuple[int, int]] = set()
    found: Snapshot = {}

    def record(entry: Path, st) -> None:
        found[entry.relative_to(directory).as_posix()] = (st.st_mtime_ns, st.st_size)

    def walk(folder: Path) -> None:
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in walked:
                return
            walked.add((st.st_dev, st.st_ino))
            entries = sorted(folder.iterdir())
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if ignored(name):
                continue
            try:
                if entry.is_dir():
                    if name in SKIP_DIRS:
                        continue
                    real = entry.resolve()
                    if real in skip:
                        continue
                    if entry.is_symlink() and not real.is_relative_to(root):
                        record(entry, entry.lstat())
                        continue
                    walk(entry)
                    continue
                record(entry, entry.stat())
            except (OSError, RuntimeError):    # removed meanwhile; a link loop (3.11 raises
                continue                       # RuntimeError from resolve())

    walk(directory)
    return found


def changes(old: Snapshot, new: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, sorted."""
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


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


def settle(directory: Path, exclude, current: Snapshot, quiet: float, step: float,
           sleep: Callable[[float], None] = time.sleep) -> Snapshot:
    """Wait until no file has changed for ``quiet`` seconds; the snapshot then."""
    stable_since = time.monotonic()
    while time.monotonic() - stable_since < quiet:
        sleep(step)
        now = snapshot(directory, exclude)
        if now != current:
            current, stable_since = now, time.monotonic()
    return current


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

    out.mkdir(parents=True, exist_ok=True)
    preview = Preview(out, report, port).start()
    click.echo(f"serving {preview.url} (the proof report; {out} below it; "
               "the page reloads after every build)")
    return preview


def run(directory: Path, formats: str | None, out: Path, options: BuildOptions, *,
        poll: float = 0.5, quiet: float = 0.3, max_builds: int | None = None,
        serve: int | None = None) -> int:
    if not directory.is_dir():
        raise UserError("no such corpus directory", directory)
    fmts = parse_formats(formats)
    if not fmts:
        raise UserError("no output format is available")
    exclude = [out]
    watcher = Watcher(directory, fmts, out, options)
    preview = _preview(directory, out, fmts, options, serve) if serve is not None else None
    try:
        seen = snapshot(directory, exclude)
        watcher.build([])
        if preview:
            preview.published(watcher.error)
        while max_builds is None or watcher.builds < max_builds:
            time.sleep(poll)
            now = snapshot(directory, exclude)
            if now == seen:
                continue
            now = settle(directory, exclude, now, quiet, min(0.1, quiet or 0.1))
            changed = changes(seen, now)
            seen = now
            if changed:
                watcher.build(changed)
                if preview:
                    preview.published(watcher.error)
    except KeyboardInterrupt:
        click.echo("stopped watching")
    finally:
        if preview:
            preview.stop()
    return 0
