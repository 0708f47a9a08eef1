"""`publish import-docx EDITED.docx --into DIR`: an editor's DOCX back into the corpus.

Prints, per changed article, a unified diff of its corpus file (what will be written), then
rewrites the article files. Warnings (unknown styles, tracked changes, dropped page breaks…)
go to stderr. Nothing is written when nothing changed. Exit 0; bad input is a UserError.
"""
from __future__ import annotations

import difflib
from pathlib import Path

from rich.console import Console

from .. import corpus
from ..errors import UserError
from ..readers.docx import read


def run(docx: Path, into: Path) -> int:
    base = corpus.load(into)
    result = read(docx, base)
    out = Console(soft_wrap=True, highlight=False)
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    for warning in result.warnings:
        err.print("warning: ", style="yellow", end="")
        err.print(warning, markup=False)
    changed = 0
    old_by_id = {a.id: (i, a) for i, a in enumerate(base.articles, 1)}
    for new in result.issue.articles:
        index, old = old_by_id[new.id]
        if old == new:
            continue
        changed += 1
        name = f"{corpus.ARTICLES_DIR}/{corpus.article_filename(index, new)}"
        for line in article_diff(old, new, name):
            out.print(line, style=_style(line), markup=False)
    total = len(base.articles)
    order = [a.id for a in result.issue.articles]
    if order != [a.id for a in base.articles]:
        changed += 1
        moved = [i for i, a in enumerate(result.issue.articles, 1)
                 if old_by_id[a.id][0] != i]
        err.print(f"the DOCX reorders the articles ({len(moved)} of {total} move); "
                  "issue.yaml takes the new order", markup=False)
    if not changed:
        err.print(f"no changes: {total} articles as in {into}", markup=False)
        return 0
    try:
        corpus.save(result.issue, into)
    except OSError as exc:
        raise UserError(f"cannot write corpus: {exc.strerror}", into) from None
    err.print(f"{changed} of {total} articles changed; rewrote them in {into}", markup=False)
    return 0


def article_diff(old, new, name: str) -> list[str]:
    """The unified diff of an article's corpus file, before → after."""
    return list(difflib.unified_diff(
        corpus.format_article(old).splitlines(), corpus.format_article(new).splitlines(),
        f"a/{name}", f"b/{name}", lineterm=""))


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
