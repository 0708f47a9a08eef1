"""`publish import`: raw text → corpus directory, raw copy and import log.

The corpus is written into a hidden staging folder and renamed into place, so a failed
import (a full disk, a bad input) leaves the target as it was. An existing corpus is never
overwritten: without ``--force`` the import refuses; with it the old corpus is moved aside
(to a hidden sibling, printed) before the new one takes its place.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from dataclasses import replace

from .. import corpus, source_edition
from ..check.lint import lint
from ..errors import UserError, read_bytes
from ..fsutil import aside_name, staging_dir, write_bytes_atomic, write_text_atomic
from ..readers.raw import import_raw

SOURCE_DIR = "source"


def run(raw: Path, out: Path, issue_id: str, force: bool = False,
        encoding: str | None = None) -> None:
    if not corpus.is_safe_issue_id(issue_id):
        raise UserError(f"{corpus.issue_id_rule(issue_id)}: name the folder so or pass --id",
                        out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UserError("exists and is not a directory", out)
    _refuse_unfit_place(out)
    state = _state(out, raw)
    if state == "corpus" and not force:
        a_corpus = (out / corpus.ISSUE_FILE).exists() or (out / corpus.ARTICLES_DIR).exists()
        what = ("a corpus already exists here" if a_corpus else
                "the folder holds files and no corpus (no issue.yaml, no articles/); import "
                "into a new or empty folder, or")
        raise UserError(f"{what}; pass --force to import anyway (what is there is moved "
                        "aside, never deleted)", out)
    result = import_raw(raw, issue_id, encoding=encoding)
    raw_bytes = read_bytes(raw) if state != "source-only" else None
    # the source grid calibrated once, here: builds read it from issue.yaml (source_grid)
    grid = source_edition.recording(result.issue)
    issue = replace(result.issue, source_grid=grid.grid)
    with staging_dir(out) as tmp:
        corpus.save(issue, tmp)
        if raw_bytes is not None:
            write_bytes_atomic(tmp / SOURCE_DIR / raw.name, raw_bytes)
        log = {"source": f"{SOURCE_DIR}/{raw.name}", "repairs": result.log}
        if result.encoding != "utf-8":
            log = {"source": log["source"], "encoding": result.encoding, "repairs": result.log}
        write_text_atomic(tmp / "import-log.json",
                          json.dumps(log, ensure_ascii=False, indent=1) + "\n")
        aside = _put_in_place(tmp, out, state)
    _report(result, out, aside, grid.notes)


def _refuse_unfit_place(out: Path) -> None:
    """A corpus needs a folder of its own: not under a file (``--out notes.txt/x`` said
    "cannot write: File exists" of a path not there), nor inside another corpus (its
    articles/ folder took a second corpus without a word)."""
    for parent in out.absolute().parents:
        if parent.exists() and not parent.is_dir():
            raise UserError(f"cannot make the corpus folder: {parent} is a file, not a folder",
                            out)
        if (parent / corpus.ISSUE_FILE).is_file():
            raise UserError(f"inside the corpus {parent}; import into a folder of its own "
                            "(e.g. beside it)", out)


def _state(out: Path, raw: Path) -> str:
    """'absent' / 'empty'; 'source-only' (only source/ holding RAW: `make publish`); 'corpus'."""
    if not out.exists():
        return "absent"
    entries = list(out.iterdir())
    if not entries:
        return "empty"
    source = out / SOURCE_DIR
    if [e.name for e in entries] == [SOURCE_DIR] and source.is_dir() and not source.is_symlink() \
            and raw.resolve().parent == source.resolve():
        return "source-only"
    return "corpus"


def _put_in_place(tmp: Path, out: Path, state: str) -> Path | None:
    """Rename the staged tree to ``out``; returns where an old corpus went, if any."""
    if state == "absent":
        os.rename(tmp, out)
        return None
    if state == "empty":
        out.rmdir()
        os.rename(tmp, out)
        return None
    if state == "source-only":              # the raw text stays where it is: adopt source/
        os.rename(out / SOURCE_DIR, tmp / SOURCE_DIR)
        try:
            out.rmdir()
        except OSError:
            os.rename(tmp / SOURCE_DIR, out / SOURCE_DIR)
            raise UserError("files appeared in the folder during the import; nothing changed",
                            out) from None
        os.rename(tmp, out)
        return None
    aside = aside_name(out)
    os.rename(out, aside)
    os.rename(tmp, out)
    return aside


def _report(result, out: Path, aside: Path | None, grid_notes=()) -> None:
    console = Console(stderr=True, soft_wrap=True)
    issue = result.issue
    if result.encoding_note:
        console.print(f"read {result.encoding_note}", markup=False, highlight=False)
    if aside is not None:
        console.print(f"moved the old corpus to {aside}", markup=False, highlight=False)
    counts = Counter(e["kind"] for e in result.log)
    console.print(f"imported {len(issue.articles)} articles, {len(issue.toc)} 目录 entries "
                  f"→ {out}")
    for kind, n in sorted(counts.items()):
        console.print(f"  {kind}: {n}")
    for entry in result.decisions:
        lines = entry.get("lines")
        where = entry.get("article") or entry.get("line") or entry.get("toc_index") or (
            "lines " + ", ".join(map(str, lines)) if lines else "the issue")
        if entry.get("article") and entry.get("line"):      # the raw file's line to look at
            where = f"{entry['article']}, line {entry['line']}"
        console.print(f"  [yellow]decide[/yellow] {entry['kind']} ({where}): {entry['message']}")
    for note in grid_notes:             # the source edition: no grid, or pages it cannot keep
        console.print(f"  [yellow]source edition:[/yellow] {escape(note)}", highlight=False)
    findings = Counter(f.code for f in lint(issue))
    if findings:                        # what else an editor must look at (a paragraph
                                        # printed twice, half-width marks …)
        shown = ", ".join(f"{code} {n}" for code, n in sorted(findings.items()))
        console.print(f"  [yellow]lint[/yellow] ({shown}): `publish lint {escape(str(out))}` "
                      "lists them", highlight=False)
