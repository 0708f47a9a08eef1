"""The render stage: the composed issue laid out by WeasyPrint, one unit per article.

Every article starts a new page, so each is laid out on its own (units.py), in a process
pool sized to the cores, and cached under a content key: its HTML (text, style, the side and
folio of its first page), the fonts, the templates and this code. The cover and the 目录 are
units too. ``print_layout`` then joins the units into one PDF (assemble.py).

Where each article starts is known before any layout in the source edition (the plan). In
the house edition it follows from the pages of the articles before it: the first pass takes
an estimate from the composed line counts, and only the units whose start changed are laid
out again, until the starts agree with the pages (a warm cache makes every pass cheap). The
same pass moves a source-edition article on when the one before it ran past its planned
pages (a footnote pushed to a new page), so no folio is printed twice.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass

from .. import cache, procpool, source_edition
from ..source_edition.editions import SOURCE, edition_of
from ..errors import UserError
from ..layout.fonts import check_fonts
from ..model import Issue, Pagination
from ..options import BuildOptions
from . import units as unitlib
from .assemble import assemble
from .printhtml import view_for
from .unitpdf import UnitJob, UnitResult, font_session, lay_out

PDF_VARIANTS = ("pdf/x-4", "pdf/a-2u", "pdf/a-2b", "pdf/a-3u", "pdf/ua-1")
DEFAULT_VARIANT = "pdf/x-4"
KIND = "unit"
MAX_PASSES = 4


@dataclass(frozen=True)
class PrintLayout:
    """What the render stage made: the PDF (None when only the pages were asked for), the
    page starts, and which units had to be laid out (the rest came from the cache)."""
    pdf: bytes | None
    pagination: Pagination
    units: int
    laid_out: tuple[str, ...]

    def summary(self) -> str:
        names = ", ".join(self.laid_out[:6]) + (" …" if len(self.laid_out) > 6 else "")
        return (f"render: laid out {len(self.laid_out)} of {self.units} units"
                + (f" ({names})" if self.laid_out else " (all from the cache)"))


def variant_of(options: BuildOptions) -> str:
    variant = options.pdf_variant or DEFAULT_VARIANT
    if variant not in PDF_VARIANTS:
        raise UserError(f"unknown PDF variant {variant!r} (choose from {', '.join(PDF_VARIANTS)})")
    return variant


def print_layout(issue: Issue, options: BuildOptions, *, pdf: bool = True) -> PrintLayout:
    try:
        with _Runner(options.jobs) as runner:
            return _print_layout(issue, options, runner, pdf)
    finally:
        procpool.release_memory()


def _print_layout(issue: Issue, options: BuildOptions, runner: _Runner, pdf: bool
                  ) -> PrintLayout:
    check_fonts()
    variant = variant_of(options)
    view = view_for(issue, options)
    make = unitlib.Maker(issue, view, variant,
                         str(uuid.uuid5(uuid.NAMESPACE_URL, f"publish:pdf:{issue.id}")))
    if edition_of(issue, options) == SOURCE:
        planned = source_edition.plan(issue).pagination
        floor = unitlib.planned_starts(view, planned)
        titles = {a.id: planned.start_page(a.id) for a in view.articles}
        starts = dict(floor)
        done = runner.run([make.article(a, starts[a.id]) for a in view.articles]
                          + [make.cover(), make.toc(titles)])
    else:
        floor = None
        starts = unitlib.estimated_starts(view)
        done = runner.run([make.cover()] + [make.article(a, starts[a.id]) for a in view.articles])
        titles = None
    for _ in range(MAX_PASSES):           # an article longer than planned pushes the next
        actual = unitlib.actual_starts(view, done, floor)
        if actual == starts:
            break
        starts = actual
        done.update(runner.run([make.article(a, starts[a.id]) for a in view.articles]))
    laid = unitlib.title_pages(view, done)
    if laid != titles:
        done.update(runner.run([make.toc(laid)]))
    order = ["cover", "toc"]
    if unitlib.needs_blank(done["toc"], len(done["cover"].pages)):
        done.update(runner.run([make.blank()]))
        order.append("blank")
    order += [a.id for a in view.articles]
    results = [done[name] for name in order]
    pages = tuple(p.start for r in results for p in r.pages
                  if p.start is not None and p.folio is not None)
    data = runner.assemble(results) if pdf else None
    return PrintLayout(data, Pagination(pages=pages), len(order), tuple(runner.laid_out))


class _Runner:
    """Lays out units through the cache, the misses in a process pool kept for the whole
    layout (its workers keep their fonts loaded from one pass to the next) or, for a single
    unit with no pool yet, in this process."""

    def __init__(self, jobs: int | None):
        self.jobs = jobs
        self.laid_out: list[str] = []
        self.base = unitlib.code_key()
        self._stack = contextlib.ExitStack()
        self._pool = None

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc) -> bool:
        return self._stack.__exit__(*exc)

    def assemble(self, results: list[UnitResult]) -> bytes:
        """The units joined, once the pool is gone (its workers' memory with it)."""
        self._stack.close()
        self._pool = None
        return assemble(results)

    def run(self, jobs: list[UnitJob]) -> dict[str, UnitResult]:
        out: dict[str, UnitResult] = {}
        misses: list[tuple[UnitJob, str]] = []
        for job in jobs:
            key = unitlib.key(job, self.base)
            raw = cache.load(KIND, key)
            result = None
            if raw is not None:
                try:
                    result = UnitResult.from_bytes(raw)
                except (ValueError, KeyError, TypeError):
                    result = None
            if result is not None and result.name == job.name:
                out[job.name] = result
            else:
                misses.append((job, key))
        for (job, key), result in zip(misses, self._lay_out([j for j, _ in misses])):
            cache.store(KIND, key, result.to_bytes())
            out[job.name] = result
            self.laid_out.append(job.name)
        return out

    def _lay_out(self, jobs: list[UnitJob]) -> list[UnitResult]:
        workers = max(1, min(self.jobs or os.cpu_count() or 1, len(jobs)))
        if self._pool is None and workers == 1:
            self._stack.enter_context(font_session())   # fonts loaded once, then kept
            return [lay_out(job) for job in jobs]
        if self._pool is None:
            import weasyprint  # noqa: F401  (imported once here, inherited by every worker)
            self._pool = self._stack.enter_context(procpool.pool(workers))
        order = sorted(range(len(jobs)), key=lambda i: -unitlib.size(jobs[i]))
        futures = {i: self._pool.submit(lay_out, jobs[i]) for i in order}
        return [futures[i].result() for i in range(len(jobs))]
