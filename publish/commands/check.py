"""`publish check DIR [PDF] [--json]`: the 目录 against the corpus and, given one, a PDF.

Exit status 0 when everything agrees, 1 on any difference; a bad corpus or PDF raises
UserError (the CLI prints one line and exits 2).
"""
from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console

from .. import corpus
from ..check import check_issue


def run(directory: Path, pdf: Path | None, as_json: bool, editions: Path | None = None) -> int:
    issue = corpus.load(directory)
    if editions is not None:
        return _editions(issue, editions, as_json, pdf)
    report = check_issue(issue, pdf)
    if as_json:
        sys.stdout.write(report.to_json() + "\n")
    else:
        report.render(Console())
    return report.exit_code()


def _editions(issue, folder: Path, as_json: bool, pdf: Path | None) -> int:
    """--editions: every edition in ``folder`` against the source page list."""
    import json

    from ..check.editions import check_editions
    if pdf is not None:
        from ..errors import UserError
        raise UserError("give either a PDF or --editions FOLDER, not both")
    report = check_editions(issue, folder)
    if as_json:
        sys.stdout.write(json.dumps({
            "issue": report.issue, "editions": list(report.checked),
            "compared": report.compared, "notes": list(report.notes),
            "disagreements": [d.__dict__ for d in report.disagreements]},
            ensure_ascii=False, indent=1) + "\n")
    else:
        console = Console(soft_wrap=True)
        for d in report.disagreements:
            console.print(d.line(), markup=False, highlight=False)
        for note in report.notes:
            console.print(note, markup=False, highlight=False)
        console.print(report.summary_line(), markup=False, highlight=False)
    return report.exit_code()
