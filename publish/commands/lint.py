"""`publish lint`: findings as a rich table or JSON; exit 1 when any is an error."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from .. import corpus
from ..check.lint import ERROR, corpus_findings, lint


def run(directory: Path, as_json: bool) -> int:
    issue = corpus.load(directory)
    findings = corpus_findings(directory) + lint(issue)
    if as_json:
        click.echo(json.dumps({"findings": [f.to_dict() for f in findings]},
                              ensure_ascii=False, indent=1))
    else:
        console = Console()
        table = Table(title=f"lint {issue.id}: {len(findings)} findings")
        for col in ("severity", "code", "article", "block", "message"):
            table.add_column(col, overflow="fold")
        for f in findings:
            table.add_row(f.severity, f.code, f.article or "", "" if f.block is None else str(f.block),
                          f.message)
        console.print(table)
        counts = Counter(f.code for f in findings)
        console.print(", ".join(f"{code}: {n}" for code, n in sorted(counts.items())) or "clean")
    return 1 if any(f.severity == ERROR for f in findings) else 0
