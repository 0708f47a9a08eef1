"""What the proof report needs of the built PDF and not of its check: the pictures of the
pages articles may start on, and the preflight. A build makes them in a helper process
while it reads the pages back for the check (``start``), so the two share the cores; the
report takes them from there (``taken``), and makes whatever is missing itself.
"""
from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .preflight import Item


@dataclass(frozen=True)
class Early:
    pictures: dict[int, str]            # page index → picture (see pictures.py)
    preflight: tuple[Item, ...]


def first_pages(page_keys: Sequence[str]) -> list[int]:
    """The index of every unit's first page (its key ends in ``:0``): where an article, the
    cover or the 目录 starts."""
    return [i for i, key in enumerate(page_keys) if key.rsplit(":", 1)[-1] == "0"]


def make(pdf_path: Path, indexes: list[int], variant: str, page_keys: Sequence[str]) -> Early:
    """The helper's work (also what the report would do itself)."""
    from .pictures import pictures
    from .preflight import preflight
    return Early(pictures(pdf_path, indexes), tuple(preflight(pdf_path, variant, page_keys)))


def start(executor: Executor, pdf_path: Path, variant: str, page_keys: Sequence[str]
          ) -> Future:
    """``make`` queued on ``executor``, for the first page of every unit."""
    return executor.submit(make, Path(pdf_path), first_pages(page_keys), variant,
                           tuple(page_keys))


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
