"""`publish build`: corpus directories → OUT/<id>/<id>.{pdf,html,docx,epub}.

One issue is load → paginate → write. ``paginate`` is the only place page numbers come from
(the source edition's plan, the print layout, or the page cache); each writer is then given
what the registry says it needs (the print layout, the Pagination, or nothing) and returns
the files it wrote, all into one staging folder whose files replace the previous set
together. Several issues build each in a process of its own, one issue per core at once.
"""
from __future__ import annotations

import contextlib
import os
import traceback
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from .. import cache, corpus, procpool, proof, source_edition
from ..source_edition.editions import OFFICIAL, SOURCE, edition_of, fallback_note
from ..errors import UserError
from ..fsutil import remove_stale_parts, replaced_together
from ..options import DEFAULT_VARIANT, DOCX_FONTS, BuildOptions
from ..model import Pagination
from ..render import pagecache
from ..render import stage as render_stage
from ..render.stage import PrintLayout
from ..writers import FORMATS, LAYOUT, NOTHING, PAGES, begun, needs, writer

#: Above this many characters a DOCX/EPUB build does not lay out the print edition on its own
#: (WeasyPrint sets ~8,000 characters a second here; the bundled issue has ~65,000).
MAX_LAYOUT_CHARS = 300_000


def parse_formats(text: str | None) -> list[str]:
    """``--format pdf,docx`` → the formats in build order (every format when not given)."""
    if not text:
        return list(FORMATS)
    asked = [f.strip().lower() for f in text.split(",") if f.strip()]
    for fmt in asked:
        if fmt not in FORMATS:
            raise UserError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return [f for f in FORMATS if f in asked]


def build_issue(directory: Path, formats: list[str], out: Path,
                options: BuildOptions) -> tuple[list[Path], list[str]]:
    """Build one issue; returns the files written and lines to print.

    Every format is written into a staging folder and moved into ``OUT/<id>/`` only when
    all of them succeeded: one failure leaves the previous set as it was."""
    run = proof.Run(tuple(formats), options)      # what the proof report is told
    issue = corpus.load(directory)
    final = out / issue.id
    _require_output_folder(final, directory)
    remove_stale_parts(final, issue.id)           # leftovers of an interrupted build
    with replaced_together(final) as target:
        written, notes = _write_formats(issue, directory, formats, target, options, run)
    if "pdf" in formats or "html" in formats:
        notes.extend(glyph_notes(issue))
    notes.extend(f"cache: {line}; the build was slower, its outputs the same"
                 for line in cache.problems())
    return [final / p.relative_to(target) for p in written], notes


def require_folder_path(folder: Path) -> None:
    """Refuse a folder path a file stands on (mkdir's word was 'File exists' or 'Not a
    directory', naming a path that is not there, or a traceback)."""
    there = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if there is not None and not there.is_dir():
        raise UserError("is a file, not a folder: the outputs cannot go there (name another "
                        "--out)", there)


def _require_output_folder(final: Path, directory: Path) -> None:
    """Refuse an output folder that cannot be one (a file on its way) or that is the corpus
    folder or holds it (``--out corpus`` for ``corpus/<id>``: the outputs would be mixed
    with the corpus, and a watch would take each build's outputs for a save)."""
    require_folder_path(final)
    if directory.resolve().is_relative_to(final.resolve()):
        raise UserError(f"the output folder {final} is the corpus folder or holds it: name "
                        "another --out, so the outputs stay apart from the corpus", directory)


class Shortfall(str):
    """A note that makes the build exit 1: the outputs were written, but something in them
    is not what the corpus asks for (characters no font in fonts/ has print blank)."""


def glyph_notes(issue) -> list[Shortfall]:
    """One note per article (and one for the cover and 目录) naming what the fonts lack."""
    from ..check.lint import lacking_glyphs
    notes = []
    for where, chars in lacking_glyphs(issue):
        shown = " ".join(f"「{c}」U+{ord(c):04X}" for c in chars[:12])
        more = f" and {len(chars) - 12} more" if len(chars) > 12 else ""
        place = f"article {where}" if where else "the cover and 目录"
        notes.append(Shortfall(f"missing glyphs: {issue.id}: {place}: no font in fonts/ has "
                               f"{shown}{more}; they print blank in the PDF and HTML"))
    return notes


@dataclass
class Paged:
    """The pagination stage's result: where the page numbers come from, for every writer."""
    pagination: Pagination | None     # the page starts the DOCX 目录 and EPUB page-list follow
    layout: PrintLayout | None        # the print layout (its PDF), when the PDF is built
    notes: list[str] = field(default_factory=list)


def paginate(issue, formats: list[str], options: BuildOptions,
             where: Path | str | None = None) -> Paged:
    """The one place page numbers come from.

    A build whose writers need no pages (HTML alone) plans none: no edition's pages.
    The source edition's pages are planned on its grid (and, with the PDF, laid out and
    compared with the plan); the house edition's come from the print layout, or from the
    page cache when no PDF is built (laid out without one on a miss, unless the issue is
    too big for that: then there are none)."""
    needs_pages = any(needs(f) == PAGES for f in formats)
    with_pdf = any(needs(f) == LAYOUT for f in formats)
    size = text_size(issue)
    if needs_pages and not with_pdf and size > MAX_LAYOUT_CHARS:
        paged = Paged(pagecache.load(issue, options), None)
        if paged.pagination is None:
            paged.notes.append(
                f"{where or issue.id}: print layout skipped for DOCX/EPUB: {size:,} characters "
                f"is more than {MAX_LAYOUT_CHARS:,} (a layout would take minutes); "
                "the DOCX 目录 has no page numbers until Word updates fields, the EPUB "
                "no page-list; build the PDF with them (--format pdf,docx,epub) to "
                "lay it out.")
        return paged
    if not (needs_pages or with_pdf):
        return Paged(None, None, [n for n in [fallback_note(issue, options)] if n])
    if edition_of(issue, options) == SOURCE:
        # with the PDF, the render stage plans (its pool's workers start meanwhile); the
        # plan is then the one it made
        layout = render_stage.print_layout(issue, options) if with_pdf else None
        plan = source_edition.plan(issue)
        paged = Paged(plan.pagination, layout, [f"edition source: {plan.calibration.summary()}"])
        paged.notes.extend(f"source edition: {n}" for n in plan.notes)
        if with_pdf:
            paged.notes.append(paged.layout.summary())
            paged.notes.extend(paged.layout.notes)
            # a PDF whose pages are not the plan's: articles off their 目录 pages (exit 1)
            paged.notes.extend(Shortfall(f"source edition: {n}") for n in
                               source_edition.differences(plan.pagination,
                                                          paged.layout.pagination))
        return paged
    fallback = [n for n in [fallback_note(issue, options)] if n]
    if with_pdf:
        layout = render_stage.print_layout(issue, options)
        pagecache.store(issue, options, layout.pagination)
        return Paged(layout.pagination, layout, [*fallback, layout.summary(), *layout.notes])
    pagination = pagecache.load(issue, options)
    if pagination is None:
        pagination = render_stage.print_layout(issue, options, pdf=False).pagination
        pagecache.store(issue, options, pagination)
    return Paged(pagination, None, fallback)


def _write_formats(issue, directory: Path, formats: list[str], target: Path,
                   options: BuildOptions, run: proof.Run) -> tuple[list[Path], list[str]]:
    """Load → paginate → write: every writer is given what the registry says it needs, from
    the one Paged, and writes into the staging folder ``target``."""
    notes: list[str] = run.notes
    paged = paginate(issue, formats, options, directory)
    notes.extend(paged.notes)

    def given(fmt):
        wants = needs(fmt)
        return paged.layout if wants == LAYOUT else paged.pagination if wants == PAGES else None
    # with no print layout, the writers but the last each in a child beside this process,
    # whose files are taken once this one has written its own
    later = {} if paged.layout else {
        f: begun(f, issue, target / f"{issue.id}.{f}", options, given(f)) for f in formats[:-1]}
    files_of: dict[str, list[Path]] = {}
    with contextlib.ExitStack() as helpers:     # a process the check and the report share
        for pending in later.values():          # on any failure: ended before the staging
            helpers.callback(pending.cancel)    # folder goes (nothing when it answered)
        for fmt in [f for f in formats if f not in later] + list(later):
            wants = needs(fmt)
            files = files_of[fmt] = later[fmt]() if fmt in later else [
                Path(p) for p in writer(fmt).write(issue, target / f"{issue.id}.{fmt}",
                                                   options, given(fmt))]
            outside = [p for p in files if target.resolve() not in p.resolve().parents]
            if outside:                              # a writer's bug, not the user's
                raise RuntimeError(f"the {fmt} writer wrote outside the build's folder: "
                                   f"{outside}")
            if wants == LAYOUT:                     # the print PDF: the check reads it back
                notes.extend(_check_summary(issue, files[0], run, paged.layout, helpers))
            else:
                run.lap(fmt)
        written = [p for fmt in formats for p in files_of[fmt]]
        if options.proof and run.doc is not None:     # the report is the PDF's proof
            written.append(proof.write(issue, directory, target, run))
            notes.extend(lint_note(run.findings, directory))
    return written, notes


class LintNote(str):
    """The build's lint line (``publish watch`` shows only the findings new since the last
    build instead)."""


def lint_note(findings, directory: Path) -> list[LintNote]:
    """The line naming what lint finds in the corpus (the proof report lists it; a build
    that only printed the check line left a paragraph printed three times unmentioned)."""
    if not findings:
        return []
    by_severity = Counter(severity for severity, _ in findings)
    counts = ", ".join(f"{by_severity[s]} {s}{'s' if by_severity[s] > 1 and s != 'info' else ''}"
                       for s in ("error", "warning", "info") if by_severity[s])
    codes = ", ".join(f"{code} {n}" for code, n in sorted(Counter(c for _, c in findings).items()))
    return [LintNote(f"lint: {counts} ({codes}): `publish lint {directory}` and the proof "
                     "report list them")]


def text_size(issue) -> int:
    """Characters the print layout would set (titles, title blocks and bodies)."""
    return sum(len(a.title) + sum(map(len, a.deck + a.bylines)) + len(a.dateline or "")
               + a.body_chars for a in issue.articles)


#: The part of the pages the helper reads when it makes the report's pictures, preflight and
#: lint first: both processes end together. The lint plans the source edition, which a
#: source-edition build has planned already (its plan is inherited), a house-edition
#: build not (a third of a second): the helper then reads hardly any page.
PROOF_HELPER_SHARE = {SOURCE: 0.25, OFFICIAL: 0.05}


def _check_summary(issue, pdf: Path, run: proof.Run, layout,
                   helpers: contextlib.ExitStack) -> list[str]:
    """The check lines; the check and the PDF as it read it go to the proof report. When a
    core is spare, one helper process makes the report's pictures, preflight and lint
    (proof/early.py) while this process reads the pages back; when many of them are new
    (not read back from the cache), it then reads its share of them too."""
    from ..check import check_read
    from ..check.pdfread import Helper, worth_sharing
    run.units, run.laid_out, run.page_keys = layout.units, layout.laid_out, layout.page_keys
    run.lap("pdf")
    helper = None
    fresh = len(layout.page_keys) * len(set(layout.laid_out)) // max(1, layout.units)
    if run.options.proof and procpool.spare_core():
        from ..proof import early
        executor = helpers.enter_context(procpool.pool(1))
        run.early = early.start(executor, pdf, run.variant(), layout.page_keys, issue)
        if worth_sharing(fresh):
            helper = Helper(executor, PROOF_HELPER_SHARE[edition_of(issue, run.options)],
                            str(pdf))
    report, doc = check_read(issue, pdf, layout.pdf, layout.page_keys, helper)  # in memory
    if run.options.proof:
        run.report, run.doc = report, doc
    run.lap("check")
    return check_lines(report, edition_of(issue, run.options))


def check_lines(report, edition: str) -> list[str]:
    """The build's check lines. A house-edition PDF numbers its own pages, so its start
    pages and page ends are off the source page list by design: a line says so, lest the
    build read as failed."""
    ends = report.page_ends_line()
    lines = [f"check: {report.summary_line()}"] + ([f"check: {ends}"] if ends else [])
    if edition == OFFICIAL and report.pdf_toc_found and report.source_toc:
        lines.append("check: the house edition numbers its own pages: start pages and page "
                     "ends off the source page list are expected; its own 目录 against its "
                     f"pages is the PDF 目录 figure ({report.pdf_toc_ok}/{len(report.entries)})")
    return lines


def _worker(args) -> tuple[str, list[str], list[str], str | None, str | None]:
    """Build one issue; any failure becomes that issue's error line (and its traceback)."""
    directory, formats, out, options = args
    try:
        written, notes = build_issue(directory, formats, out, options)
        return str(directory), [str(p) for p in written], notes, None, None
    except UserError as err:
        line = str(err) if err.path else f"{directory}: {err}"
        return str(directory), [], [], line, None
    except Exception as exc:            # noqa: BLE001 - one bad issue never sinks a volume
        return (str(directory), [], [], f"{directory}: {_describe(exc)}",
                traceback.format_exc())


def _describe(exc: BaseException) -> str:
    if isinstance(exc, MemoryError):
        return "out of memory while building this issue"
    if isinstance(exc, (BrokenProcessPool, procpool.ProcessDied)):
        return "the build process died (killed, or out of memory)"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}{': ' + str(exc.filename) if exc.filename else ''}"
    text = (str(exc).strip().splitlines() or [""])[0]
    return f"unexpected {type(exc).__name__}{': ' + text if text else ''}"


def _build_all(tasks: list, jobs: int | None, console: Console) -> list:
    """Build every issue in a process of its own, one per core at once: an issue's process
    gives back all it grew when it ends, so the tenth issue of a volume is built in as little
    memory as the first. An issue whose process died (killed, out of memory) is tried once
    more at the end, alone."""
    results: dict[int, tuple] = {}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    with Progress(console=console, transient=False) as progress:
        bar = progress.add_task(f"building {len(tasks)} issues", total=len(tasks))
        died: list[int] = []

        def done(index: int, outcome, last_try: bool = False) -> None:
            if isinstance(outcome, procpool.ProcessDied) and not last_try:
                died.append(index)
                return
            if isinstance(outcome, BaseException):     # it died, or _worker itself failed
                directory = tasks[index][0]
                outcome = (str(directory), [], [], f"{directory}: {_describe(outcome)}", None)
            results[index] = outcome
            progress.advance(bar)

        if any(needs(fmt) != NOTHING for fmt in tasks[0][1]):
            # WeasyPrint imported here once, not in every issue's process (half a second
            # each); the processes have it from the fork
            from ..render.unitpdf import import_weasyprint
            import_weasyprint()
        procpool.each_in_own_process(_worker, tasks, workers, done)
        if died:
            again = [tasks[i] for i in died]
            procpool.each_in_own_process(_worker, again, 1, lambda k, outcome: done(
                died[k], outcome, last_try=True))
    return [results[i] for i in sorted(results)]


def _refuse_shared_ids(directories, out: Path) -> None:
    """Two issues with one id would write the same OUT/<id>/: refuse before writing anything."""
    seen: dict[str, Path] = {}
    for directory in map(Path, directories):
        issue_id = corpus.read_id(directory)
        if issue_id is None:
            continue                        # its own build reports what is wrong with it
        if issue_id in seen:
            same = seen[issue_id].resolve() == directory.resolve()
            why = "is given twice" if same else f"has the same id {issue_id!r} as {seen[issue_id]}"
            raise UserError(f"{why}: both would write {out / issue_id}; nothing was built",
                            directory)
        seen[issue_id] = directory


def run(directories, formats: str | None, out: Path, *, embed_fonts: bool = False,
        edition: str | None = None, docx_fonts: str = DOCX_FONTS[0],
        pdf_variant: str = DEFAULT_VARIANT, proof: bool = True, jobs: int | None = None,
        debug: bool = False) -> int:
    fmts = parse_formats(formats)
    if not fmts:
        raise UserError("no output format is available")
    options = BuildOptions(embed_fonts=embed_fonts, edition=edition, docx_fonts=docx_fonts,
                           pdf_variant=pdf_variant, proof=proof)
    console = Console(stderr=True, soft_wrap=True)
    _refuse_shared_ids(directories, Path(out))
    if len(directories) > 1:                   # issues in parallel: each lays out its units alone
        options = replace(options, jobs=1)
    tasks = [(Path(d), fmts, Path(out), options) for d in directories]
    if len(tasks) == 1:
        results = [_worker(tasks[0])]
    else:
        results = _build_all(tasks, jobs, console)
    failed = []
    for directory, written, notes, error, trace in results:
        if error:
            failed.append(directory)
            console.print(f"publish: error: {error}", markup=False, highlight=False)
            if debug and trace:
                console.print(trace.rstrip(), markup=False, highlight=False)
            continue
        for path in written:
            console.print(f"wrote {path}", markup=False, highlight=False)
        for note in notes:
            console.print(note, markup=False, highlight=False)
    if len(tasks) > 1:
        console.print(f"built {len(tasks) - len(failed)} of {len(tasks)} issues"
                      + (f"; failed: {', '.join(failed)}" if failed else ""),
                      markup=False, highlight=False)
    if not debug and any(r[4] for r in results):
        console.print("(run with --debug for the traceback)", markup=False, highlight=False)
    if failed:
        return 2
    contradicted = any(n.startswith(f"source edition: {source_edition.PAGE_LIST}")
                       for r in results for n in r[2])
    return 1 if contradicted or any(isinstance(n, Shortfall) for r in results for n in r[2]) \
        else 0
