"""What a build hands the proof report (Run): kept apart from gather.py, so a build that
writes no report (DOCX, EPUB) does not load the checks, lint and pictures to make one."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future

    from ..check.pdfread import PdfDoc
    from ..check.report import Report


@dataclass
class Run:
    """What the build hands the report: what it was asked, what it did, how long it took."""
    formats: tuple[str, ...]
    options: object                            # BuildOptions
    notes: list[str] = field(default_factory=list)
    report: Report | None = None               # the build's own check of its PDF
    doc: PdfDoc | None = None                  # that PDF as the check read it (every page)
    units: int | None = None                   # render: units in the PDF
    laid_out: tuple[str, ...] = ()             # … of them laid out (the rest from the cache)
    page_keys: tuple[str, ...] = ()            # per PDF page: its unit's key and place
    times: dict[str, float] = field(default_factory=dict)   # stage → seconds
    early: Future | None = None                # proof/early.py's pictures, preflight, lint
    findings: tuple[tuple[str, str], ...] = ()  # the report's lint: (severity, code) each
    _last: float = field(default_factory=time.perf_counter, repr=False)

    def variant(self) -> str:
        """The PDF variant the build was asked for."""
        from ..options import DEFAULT_VARIANT
        return getattr(self.options, "pdf_variant", None) or DEFAULT_VARIANT

    def lap(self, stage: str) -> None:
        """Record the seconds since the previous lap (or the start) as ``stage``'s."""
        now = time.perf_counter()
        self.times[stage] = self.times.get(stage, 0.0) + now - self._last
        self._last = now
