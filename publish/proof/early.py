"""What the proof report needs and the build's check does not: the pictures of the pages
articles may start on, the preflight of the PDF and the lint findings (whose page-list rule
plans the source edition: a third of a second in a house-edition build). A build makes them
in a helper process while it reads the pages back for the check (``start``), so the two
share the cores; the report takes them from there (``taken``), and makes whatever is
missing itself.
"""
from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..check.lint import Finding, lint
from ..model import Issue
from .preflight import Item


@dataclass(frozen=True)
class Early:
    pictures: dict[int, str]            # page index → picture (see pictures.py)
    preflight: tuple[Item, ...]
    findings: tuple[Finding, ...] | None = None    # check/lint.py's, when it was asked


def first_pages(page_keys: Sequence[str]) -> list[int]:
    """The index of every unit's first page (its key ends in ``:0``): where an article, the
    cover or the 目录 starts."""
    return [i for i, key in enumerate(page_keys) if key.rsplit(":", 1)[-1] == "0"]


def make(pdf_path: Path, indexes: list[int], variant: str, page_keys: Sequence[str],
         issue: Issue | None = None) -> Early:
    """The helper's work (also what the report would do itself); with ``issue``, its lint."""
    from .pictures import pictures
    from .preflight import preflight
    return Early(pictures(pdf_path, indexes), tuple(preflight(pdf_path, variant, page_keys)),
                 tuple(lint(issue)) if issue is not None else None)


def start(executor: Executor, pdf_path: Path, variant: str, page_keys: Sequence[str],
          issue: Issue | None = None) -> Future:
    """``make`` queued on ``executor``, for the first page of every unit."""
    return executor.submit(make, Path(pdf_path), first_pages(page_keys), variant,
                           tuple(page_keys), issue)


def taken(future: Future | None) -> Early | None:
    """The helper's result; None when there is none or it failed (the report then makes
    them itself, and names whatever is wrong with the PDF)."""
    if future is None:
        return None
    from concurrent.futures.process import BrokenProcessPool

    import pikepdf
    import pypdfium2 as pdfium
    try:
        return future.result()
    except (BrokenProcessPool, OSError, pikepdf.PdfError, pdfium.PdfiumError):
        return None
