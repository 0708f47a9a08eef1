"""`publish import`: raw text → corpus directory, raw copy and import log."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from rich.console import Console

from .. import corpus
from ..errors import UserError
from ..fsutil import write_text_atomic
from ..importer import import_raw


def run(raw: Path, out: Path, issue_id: str) -> None:
    if not corpus.is_safe_issue_id(issue_id):
        raise UserError(f"issue id {issue_id!r} must be letters, digits, '-', '_' or '.': "
                        "name the folder so or pass --id", out)
    result = import_raw(raw, issue_id)
    if out.exists() and not out.is_dir():
        raise UserError("exists and is not a directory", out)
    try:
        corpus.save(result.issue, out)
        source_dir = out / "source"
        source_dir.mkdir(parents=True, exist_ok=True)
        if raw.resolve() != (source_dir / raw.name).resolve():
            shutil.copyfile(raw, source_dir / raw.name)
    except OSError as exc:
        raise UserError(f"cannot write corpus: {exc.strerror}", out) from None
    log = {"source": f"source/{raw.name}", "repairs": result.log}
    write_text_atomic(out / "import-log.json", json.dumps(log, ensure_ascii=False, indent=1) + "\n")
    console = Console(stderr=True, soft_wrap=True)
    counts = Counter(e["kind"] for e in result.log)
    issue = result.issue
    console.print(f"imported {len(issue.articles)} articles, {len(issue.toc)} 目录 entries "
                  f"→ {out}")
    for kind, n in sorted(counts.items()):
        console.print(f"  {kind}: {n}")
    for entry in result.decisions:
        where = entry.get("article") or entry.get("line") or entry.get("toc_index")
        console.print(f"  [yellow]decide[/yellow] {entry['kind']} ({where}): {entry['message']}")
