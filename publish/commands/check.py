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


def run(directory: Path, pdf: Path | None, as_json: bool) -> int:
    issue = corpus.load(directory)
    report = check_issue(issue, pdf)
    if as_json:
        sys.stdout.write(report.to_json() + "\n")
    else:
        report.render(Console())
    return report.exit_code()
