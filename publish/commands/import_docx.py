"""`publish import-docx EDITED.docx --into DIR`: an editor's DOCX back into the corpus.

Prints a unified diff of every file it writes (exactly those), then writes them: only files
whose content changes, each edited in place (corpus/update.py keeps the keys, comments and
order it does not own). A reorder in the DOCX changes only ``issue.yaml``'s article list.
Warnings (unknown styles, tracked changes, dropped page breaks…) go to stderr. Nothing is
written when nothing changed. Exit 0; bad input is a UserError.
"""
from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path

from rich.console import Console

from .. import corpus
from ..check.lint import lacking_glyphs
from ..corpus import update as corpus_update
from ..errors import UserError
from ..model import Issue
from ..readers.docx import read


def run(docx: Path, into: Path) -> int:
    base = corpus.load(into)
    result = read(docx, base)
    out = Console(soft_wrap=True, highlight=False)
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    for warning in result.warnings + new_glyph_gaps(base, result.issue):
        err.print("warning: ", style="yellow", end="")
        err.print(warning, markup=False)
    for line in result.lost:
        err.print("not imported: ", style="red", end="")
        err.print(line, markup=False)
    status = 1 if result.lost else 0
    changes = corpus_update.plan(into, base, result.issue)
    if changes:
        _refuse_unloadable(docx, into, changes)
    for change in changes:
        for line in file_diff(change):
            out.print(line, style=_style(line), markup=False)
    total = len(base.articles)
    order = [a.id for a in result.issue.articles]
    if order != [a.id for a in base.articles]:
        moved = sum(a.id != b for a, b in zip(base.articles, order))
        err.print(f"the DOCX reorders the articles ({moved} of {total} move); "
                  "issue.yaml takes the new order", markup=False)
    if not changes:
        err.print(f"no changes: {total} articles as in {into}", markup=False)
        return status
    corpus_update.write(into, changes)
    err.print(f"wrote {len(changes)} file(s) in {into}: "
              + ", ".join(c.name for c in changes), markup=False)
    return status


def _refuse_unloadable(docx: Path, into: Path, changes: list[corpus_update.Change]) -> None:
    """Load the corpus as it would be written, in a copy, before writing it: what the loader
    refuses (a title of 9,900 characters typed in Word) is refused now, naming the DOCX, and
    nothing is written. Else import-docx exited 0 and the next build or lint failed on the
    corpus it wrote."""
    with tempfile.TemporaryDirectory(prefix="publish-import-docx-") as tmp:
        copy = Path(tmp) / into.name
        (copy / "articles").mkdir(parents=True)
        shutil.copyfile(into / corpus.ISSUE_FILE, copy / corpus.ISSUE_FILE)
        for article in (into / "articles").glob("*.md"):
            shutil.copyfile(article, copy / "articles" / article.name)
        corpus_update.write(copy, changes)
        try:
            corpus.load(copy)
        except UserError as exc:
            where = Path(exc.path).relative_to(copy) if exc.path and Path(exc.path).is_relative_to(
                copy) else None
            place = f" ({where}{f':{exc.line}' if exc.line else ''} as it would be)" \
                if where else ""
            raise UserError(f"the corpus this DOCX would make cannot be loaded{place}: "
                            f"{exc.message}; nothing was written in {into}", docx) from None


def new_glyph_gaps(before: Issue, after: Issue) -> list[str]:
    """One line per article the DOCX gives characters no font in fonts/ has (an emoji, a
    rare character typed in Word's own fonts): the corpus holds them, but they print blank,
    which the editor should hear now rather than from the next build."""
    had = dict(lacking_glyphs(before))
    out = []
    for where, chars in lacking_glyphs(after):
        new = [c for c in chars if c not in had.get(where, ())]
        if new and where is not None:
            shown = " ".join(f"「{c}」U+{ord(c):04X}" for c in new[:12])
            more = f" and {len(new) - 12} more" if len(new) > 12 else ""
            out.append(f"article {where}: no font in fonts/ has {shown}{more}; "
                       "they print blank in the PDF and HTML")
    return out


def file_diff(change: corpus_update.Change) -> list[str]:
    """The unified diff of one file written, before → after."""
    return list(difflib.unified_diff(
        change.before.splitlines(), change.after.splitlines(),
        f"a/{change.name}", f"b/{change.name}", lineterm=""))


def _style(line: str) -> str | None:
    if line.startswith(("+++", "---")):
        return "bold"
    if line.startswith("@@"):
        return "cyan"
    if line.startswith("+"):
        return "green"
    if line.startswith("-"):
        return "red"
    return None
