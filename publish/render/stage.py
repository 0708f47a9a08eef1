"""The render stage: the composed issue laid out by WeasyPrint, one unit per article.

Every article starts a new page, so each is laid out on its own (units.py), in a process
pool sized to the cores, and cached under a content key: its HTML (text, style, the side and
folio of its first page), the fonts, the templates and this code. The cover and the 目录 are
units too. ``print_layout`` then joins the units into one PDF (assemble.py).

Where each article starts is known before any layout: in the source edition from the plan,
in the house edition from the composer's page counts (layout/pages.py), so every unit, the
目录 with its numbers included, is laid out in one pass. A verifying pass then compares the
starts with the laid-out pages and lays out again only the units whose start changed (noted
in the build notes in the house edition, where it means a page count was wrong); in the
source edition it moves an article on when the one before it ran past its planned pages (a
footnote pushed to a new page), so no folio is printed twice.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass, replace

from .. import cache, procpool, source_edition
from ..source_edition.editions import SOURCE, edition_of
from ..errors import UserError, located
from ..layout.fonts import check_fonts
from ..model import Issue, Pagination
from ..options import DEFAULT_VARIANT, PDF_VARIANTS, BuildOptions
from . import units as unitlib
from .printhtml import view_for
from .unitpdf import UnitJob, UnitResult, font_session, import_weasyprint, lay_out, warm_up

KIND = "unit"
MAX_PASSES = 4
#: The most characters of one article the print layout sets (about 600 pages): WeasyPrint
#: lays an article out whole in one process, and a 5 MB article ran 8 minutes into an
#: out-of-memory end.
MAX_ARTICLE_CHARS = 400_000


@dataclass(frozen=True)
class PrintLayout:
    """What the render stage made: the PDF (None when only the pages were asked for), the
    page starts, and which units had to be laid out (the rest came from the cache)."""
    pdf: bytes | None
    pagination: Pagination
    units: int
    laid_out: tuple[str, ...]
    notes: tuple[str, ...] = ()       # a verifying pass, when the page counts were wrong
    page_keys: tuple[str, ...] = ()   # per page of the PDF: its unit's cache key and place

    def summary(self) -> str:
        """``render: laid out N of M units (names)``: N counts each unit once, however many
        passes laid it out (a verifying pass made it "7 of 4"); those are counted after."""
        units = list(dict.fromkeys(self.laid_out))
        names = ", ".join(units[:6]) + (" …" if len(units) > 6 else "")
        again = len(self.laid_out) - len(units)
        return (f"render: laid out {len(units)} of {self.units} units"
                + (f" ({names})" if units else " (all from the cache)")
                + (f"; {again} of them laid out again by a verifying pass" if again else ""))


def variant_of(options: BuildOptions) -> str:
    variant = options.pdf_variant or DEFAULT_VARIANT
    if variant not in PDF_VARIANTS:
        raise UserError(f"unknown PDF variant {variant!r} (choose from {', '.join(PDF_VARIANTS)})")
    return variant


def refuse_too_long(issue: Issue) -> None:
    """An article longer than MAX_ARTICLE_CHARS, named before anything is composed."""
    for a in issue.articles:
        chars = a.body_chars
        if chars > MAX_ARTICLE_CHARS:
            raise UserError(f"{a.id} holds {chars:,} characters: the print layout sets an "
                            f"article of at most {MAX_ARTICLE_CHARS:,} (about 600 pages; is "
                            "its text there twice?); split it into articles",
                            *located(a.page_at))


def print_layout(issue: Issue, options: BuildOptions, *, pdf: bool = True) -> PrintLayout:
    refuse_too_long(issue)
    runner = None
    try:
        resolved = replace(options, edition=edition_of(issue, options))   # its key's part
        with _Runner(options.jobs, unitlib.code_key(resolved)) as runner:
            if cache.folder() is None:        # every unit is laid out: the pool is needed
                runner.warm()
            return _print_layout(issue, resolved, runner, pdf)
    finally:
        if runner is None or not runner.assembled:   # assembly released it, once the
            procpool.release_memory()               # pool was gone: not a second time


def _print_layout(issue: Issue, options: BuildOptions, runner: _Runner, pdf: bool
                  ) -> PrintLayout:
    """``options`` with its edition resolved (the same options the units' keys are made of)."""
    check_fonts()
    variant = variant_of(options)
    view = view_for(issue, options)
    make = unitlib.Maker(issue, view, variant,
                         str(uuid.uuid5(uuid.NAMESPACE_URL, f"publish:pdf:{issue.id}")))
    notes: list[str] = []
    if options.edition == SOURCE:
        planned = source_edition.plan(issue).pagination
        floor = unitlib.planned_starts(view, planned)
        titles = {a.id: planned.start_page(a.id) for a in view.articles}
        starts = dict(floor)
    else:                                 # the composer's page counts give every start
        floor = None
        starts = unitlib.estimated_starts(view)
        titles = {a.id: starts[a.id] + a.blank_pages_before for a in view.articles}
    done = runner.run([make.article(a, starts[a.id]) for a in view.articles]
                      + [make.cover(), make.toc(titles)])
    for _ in range(MAX_PASSES):           # an article longer than planned pushes the next
        actual = unitlib.actual_starts(view, done, floor)
        if actual == starts:
            break
        if floor is None:
            notes.append(_verifying_note(view, starts, actual, done))
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
    keys = tuple(f"{runner.keys[name]}:{k}" for name, r in zip(order, results)
                 for k in range(len(r.pages)))
    return PrintLayout(data, Pagination(pages=pages), len(order), tuple(runner.laid_out),
                       tuple(notes), keys)


def _verifying_note(view, starts: dict[str, int], actual: dict[str, int], done) -> str:
    """The build note of a verifying pass: which article's pages the composer miscounted."""
    wrong = []
    ids = [a.id for a in view.articles]
    for here, after in zip(ids, ids[1:]):
        counted, laid = starts[after] - starts[here], len(done[here].pages)
        if counted != laid:
            wrong.append(f"{here} ({laid} pages, counted {counted})")
    moved = sum(1 for k in ids if starts[k] != actual[k])
    return (f"render: a verifying pass laid out {moved} article{'' if moved == 1 else 's'} "
            "again: the composer's page "
            f"count was wrong for {', '.join(wrong[:4]) or 'the articles before them'}"
            + (" …" if len(wrong) > 4 else ""))


class _Runner:
    """Lays out units through the cache, the misses in a process pool kept for the whole
    layout (its workers keep their fonts loaded from one pass to the next) or, for a single
    unit with no pool yet, in this process."""

    def __init__(self, jobs: int | None, base: str):
        self.jobs = jobs
        self.laid_out: list[str] = []
        self.base = base                    # what every unit's key shares (units.code_key)
        self.keys: dict[str, str] = {}      # unit name → the key of its latest layout
        self._stack = contextlib.ExitStack()
        self._pool = None
        self.assembled = False              # assemble() released this process's memory

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc) -> bool:
        return self._stack.__exit__(*exc)

    def assemble(self, results: list[UnitResult]) -> bytes:
        """The units joined, once the pool is gone (its workers' memory with it)."""
        self._stack.close()
        self._pool = None
        from .assemble import assemble       # pikepdf: loaded by PDF builds only
        self.assembled = True
        return assemble(results)

    def run(self, jobs: list[UnitJob]) -> dict[str, UnitResult]:
        out: dict[str, UnitResult] = {}
        misses: list[tuple[UnitJob, str]] = []
        for job in jobs:
            key = self.keys[job.name] = unitlib.key(job, self.base)
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

    def warm(self) -> None:
        """Start the pool now, before this process composes the issue: meanwhile each
        worker imports WeasyPrint and loads the fonts (otherwise about half a second of
        its first unit, after the composition, with the second core idle until then)."""
        workers = self.jobs or os.cpu_count() or 1
        if self._pool is not None or workers < 2:
            return
        self._pool = self._stack.enter_context(procpool.pool(workers))
        for _ in range(workers):
            self._pool.submit(warm_up)

    def _lay_out(self, jobs: list[UnitJob]) -> list[UnitResult]:
        if not jobs:                          # every unit from the cache: no WeasyPrint
            return []
        workers = max(1, min(self.jobs or os.cpu_count() or 1, len(jobs)))
        if self._pool is None:
            import_weasyprint()
            if workers == 1:
                self._stack.enter_context(font_session())   # fonts loaded once, then kept
                return [lay_out(job) for job in jobs]
            # WeasyPrint, imported above, is inherited
            self._pool = self._stack.enter_context(procpool.pool(workers))
        # the longest first; the 目录 too (counted in article lines it has none, yet it
        # takes as long as a few pages: last, it kept one worker busy while the other idled)
        order = sorted(range(len(jobs)),
                       key=lambda i: (jobs[i].name != "toc", -unitlib.size(jobs[i])))
        futures = {i: self._pool.submit(lay_out, jobs[i]) for i in order}
        return [futures[i].result() for i in range(len(jobs))]
