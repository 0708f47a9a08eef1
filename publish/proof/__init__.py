"""The proof report: every promise of a build on one page, to look at before printing.

``write(issue, corpus_dir, folder, run)`` writes ``<folder>/<id>-proof.html``: one
self-contained HTML page (inline CSS, pictures as data URIs, no script, nothing fetched)
that works from file://. It shows one row per article (目录 page; where the PDF, the EPUB
page-list and the DOCX 目录 start it; a picture of its first printed page), every recorded
page end (the source's opening text beside ours), the pages not full, the lint findings and
open import decisions with the file and line to edit, a preflight of the PDF and what the
build did. The facts come from the project's checks (publish/check/, check/lint.py) — this
package only gathers and shows them (gather.py, preflight.py, pictures.py); serve.py serves
the output folder and the report for `publish watch --serve`.
"""
from __future__ import annotations

import base64
from pathlib import Path

from ..typefaces.subsets import serif_regular
from ..errors import UserError
from ..fsutil import write_text_atomic
from ..model import Issue
from ..render.hbsubset import subset_text
from ..templating import environment
from .gather import Run, gather

__all__ = ["Run", "write", "proof_path"]

TEMPLATE = "proof/report.html"


def proof_path(folder: Path, issue_id: str) -> Path:
    return Path(folder) / f"{issue_id}-proof.html"


def render(issue: Issue, corpus_dir: Path, folder: Path, run: Run) -> str:
    data = gather(issue, Path(corpus_dir), Path(folder), run)
    template = environment().get_template(TEMPLATE)
    return template.render(**data, face=web_face(template.render(**data, face=None)))


def web_face(page: str) -> str | None:
    """The serif face of fonts/ cut to the characters of ``page``, as a data URI: the report
    reads right on a machine with no CJK fonts (a fresh Debian has none), with nothing
    fetched. None when fonts/ has no serif face (the page then falls back to the system's)."""
    try:
        face = serif_regular()
    except UserError:
        return None
    data = subset_text(face.path, page)
    return f"data:font/otf;base64,{base64.b64encode(data).decode('ascii')}"


def write(issue: Issue, corpus_dir: Path, folder: Path, run: Run) -> Path:
    """Write the report beside the outputs in ``folder``; returns its path."""
    path = proof_path(folder, issue.id)
    write_text_atomic(path, render(issue, corpus_dir, folder, run))
    return path
