"""What the proof report shows, gathered from the build and the project's own checks.

Nothing here decides whether a promise holds: start pages and recorded page ends come from
publish/check/ (the same code `publish check` runs), the EPUB and DOCX starts from
check/editions.py, the findings from check/lint.py, the decisions from the import log. This module
arranges them for the template, and points each finding at the file and line to edit.
"""
from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

from .. import corpus
from ..check import breaks
from ..check.editions import check_editions
from ..check.pdfread import PdfDoc
from ..check.report import DESCRIBE, Report
from ..source_edition.editions import SOURCE, edition_of
from ..errors import UserError, read_text
from ..layout.style import OFFICIAL
from ..check.lint import lint
from ..model import Issue
from .run import Run

SNIPPET = 16               # characters of a page's opening text shown


# ------------------------------------------------------------------------ articles

def _pdf_indexes(issue: Issue, doc: PdfDoc | None, report: Report | None) -> dict[str, int]:
    """article id → index of its first page in the PDF (named destination, else the folio
    the check found it on)."""
    if doc is None:
        return {}
    out = {a.id: doc.destinations[a.id] for a in issue.articles if a.id in doc.destinations}
    by_folio = {doc.printed(i): i for i in range(len(doc.pages)) if doc.printed(i) is not None}
    for e in (report.entries if report else ()):
        if e.article and e.article not in out and e.pdf_page in by_folio:
            out[e.article] = by_folio[e.pdf_page]
    return out


def _articles(issue: Issue, folder: Path, run: Run, pictures: dict[int, str],
              indexes: dict[str, int]) -> tuple[list[dict], list[str]]:
    from ..check import check
    report = run.report or check(issue)
    entry_of = {e.article: e for e in report.entries if e.article}
    editions = [f for f in ("epub", "docx") if f in run.formats]
    disagree: dict[tuple[str, str], list[str]] = {}
    notes: list[str] = []
    if editions:
        try:
            er = check_editions(issue, folder, tuple(editions))
        except UserError as err:
            notes.append(f"editions not checked: {err}")
        else:
            for d in er.disagreements:
                disagree.setdefault((d.edition, d.article or ""), []).append(
                    f"{d.what} {d.found}")
            notes += list(er.notes)
    rows = []
    for n, art in enumerate(issue.articles, 1):
        e = entry_of.get(art.id)
        page = e.page if e is not None and e.page is not None else art.page
        row = {"n": n, "id": art.id, "title": art.title,
               "toc_title": e.title if e is not None else None,
               "title_ok": e.title_ok if e is not None else False,
               "diff": e.diff if e is not None else None, "page": page,
               "problems": [DESCRIBE.get(p, p) for p in (e.problems if e else ())
                            if p not in ("page", "not_in_pdf")],
               "picture": pictures.get(indexes.get(art.id, -1))}
        if "pdf" in run.formats and run.report is not None and e is not None:
            row["pdf"] = {"value": e.pdf_page if e.pdf_page is not None else "not found",
                          "ok": bool(e.page_ok)}
        else:
            row["pdf"] = None
        for fmt in ("epub", "docx"):
            if fmt not in editions or page is None:
                row[fmt] = None
                continue
            bad = disagree.get((fmt, art.id))
            row[fmt] = {"value": "; ".join(bad) if bad else page, "ok": not bad}
        rows.append(row)
    return rows, notes


# ------------------------------------------------------------------------ page ends

def _shown(text: str) -> str:
    """Text as printed, without the spaces PDF extraction puts between pieces."""
    return "".join(text.split())[:SNIPPET]


def _opening(doc: PdfDoc, index: int) -> str:
    for line in doc.pages[index].body:
        if line.text.strip():
            return _shown(line.text)
    return ""


def _page_ends(issue: Issue, run: Run) -> list[dict]:
    ends = breaks.recorded_ends(issue)
    doc = run.doc
    found = breaks.find(doc, ends) if doc is not None else {}
    index_of = {}
    if doc is not None:
        for i in range(len(doc.pages)):
            folio = doc.printed(i)
            if folio is not None:
                index_of.setdefault(folio, i)
    titles = {a.id: a for a in issue.articles}
    rows = []
    for end in ends:
        art = titles[end.article]
        source = _shown(art.blocks[end.block].body_text[end.offset:])
        folio = found.get(end)
        at = folio if folio is not None else end.lo
        ours = _opening(doc, index_of[at]) if doc is not None and at in index_of else None
        rows.append({"article": end.article, "title": art.title, "k": end.k,
                     "block": end.block, "offset": end.offset,
                     "want": end.lo if end.exact else
                     f"{end.lo}–{end.hi if end.hi is not None else '…'}",
                     "page": at, "source": source, "ours": ours,
                     "ok": None if doc is None else folio is not None})
    return rows


# ------------------------------------------------------------------------ page fill

_PAGE = re.compile(r"\bpages? (\d+)\b(?![/\d])")      # "page 14", not "start pages 24/24"


def _short_pages(issue: Issue, run: Run, page_ends: list[dict],
                 indexes: dict[str, int]) -> tuple[list[dict], dict]:
    """Body pages (neither front matter nor an article's last page) that end more than half
    a line above the type area's last line, each with the reason the build gave, if any."""
    doc = run.doc
    if doc is None or not indexes:
        return [], {}
    first = min(indexes.values())
    starts = set(indexes.values())
    last_pages = {i - 1 for i in starts} | {len(doc.pages) - 1}
    bottoms: dict[int, float] = {}
    pitches: list[float] = []
    for i in range(first, len(doc.pages)):
        body = [ln for ln in doc.pages[i].body if ln.text.strip()]
        if len(body) < 2:
            continue
        bottoms[i] = min(ln.bottom for ln in body)
        tops = sorted((ln.top for ln in body), reverse=True)
        pitches += [a - b for a, b in zip(tops, tops[1:]) if 0 < a - b < 60]
    if not bottoms or not pitches:
        return [], {}
    pitch = statistics.median(pitches)
    floor = min(bottoms.values())
    inner = [i for i in bottoms if i not in last_pages]
    short = {i: round((bottoms[i] - floor) / pitch, 1) for i in inner}
    reasons: dict[int, list[str]] = {}
    for note in run.notes:
        if note.startswith(("check:", "render:")):
            continue
        for m in _PAGE.finditer(note):
            reasons.setdefault(int(m.group(1)), []).append(note)
    opened = {r["page"] for r in page_ends if r["ok"]}
    rows = []
    for i, empty in sorted(short.items()):
        if empty <= 0.5:
            continue
        folio = doc.printed(i)
        why = list(reasons.get(folio, []))
        if folio is not None and folio + 1 in opened:
            why.append(f"the source page ended here: page {folio + 1} opens at a recorded "
                       "page end")
        rows.append({"page": folio if folio is not None else f"#{i + 1}", "empty": empty,
                     "reasons": why or ["no reason in the build's notes"]})
    fill = {"inner": len(inner), "short": len(rows), "pitch": round(pitch, 2),
            "mean": round(statistics.mean(short.values()), 2) if short else 0.0,
            "max": max(short.values(), default=0.0)}
    return rows, fill


# ------------------------------------------------------------------------ lint, decisions

def _findings(issue: Issue, places, issue_lines, corpus_dir: Path, found=None) -> list[dict]:
    """``found``: the lint's findings when the build's helper made them already."""
    rows = []
    issue_file = corpus_dir / corpus.ISSUE_FILE
    for f in (lint(issue) if found is None else found):
        place = places.get(f.article) if f.article else None
        if f.code == "toc-title-mismatch":
            k = next((n for n, e in enumerate(issue.toc) if f"「{e.title}」" in f.message), None)
            path, line = issue_file, issue_lines.get(f"toc.{k}", issue_lines.get("toc", 1))
        elif place is not None:
            path, line = place.path, place.line_of(f.block)
        else:
            path, line = issue_file, 1
        rows.append({"severity": f.severity, "code": f.code, "message": f.message,
                     "article": f.article, "block": f.block,
                     "file": str(path), "line": line})
    order = {"error": 0, "warning": 1, "info": 2}
    rows.sort(key=lambda r: order.get(r["severity"], 3))
    return rows


_DECISION_KEY = {"impossible_date": "date", "title_space_unknown": "title",
                 "toc_title_differs": "title", "title_without_source": "title",
                 "article_not_in_toc": "title"}


def _decisions(issue: Issue, places, issue_lines, corpus_dir: Path, report: Report | None
               ) -> list[dict]:
    log_path = corpus_dir / "import-log.json"
    try:                # a log that cannot be read (a FIFO, /dev/zero, nesting that
                        # recurses past Python's limit) lists no decisions
        log = json.loads(read_text(log_path))
    except (UserError, ValueError, RecursionError):
        return []
    if not isinstance(log, dict):
        return []
    entries = log.get("repairs")
    if not isinstance(entries, list):       # an edited log: {"repairs": 5} lists none
        return []
    source = log.get("source") if isinstance(log.get("source"), str) else None
    titles_ok = {e.article: e.title_ok for e in (report.entries if report else ()) if e.article}
    rows = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("decision"):
            continue
        kind, art = str(entry.get("kind", "")), entry.get("article")
        if kind == "toc_title_differs" and titles_ok.get(art):
            continue                                   # the titles agree now: decided
        place = places.get(art) if isinstance(art, str) else None
        if place is not None:
            path, line = place.path, place.line_of(key=_DECISION_KEY.get(kind, "title"))
        elif isinstance(entry.get("toc_index"), int):
            path = corpus_dir / corpus.ISSUE_FILE
            line = issue_lines.get(f"toc.{entry['toc_index']}", issue_lines.get("toc", 1))
        elif source and isinstance(entry.get("line"), int):
            path, line = corpus_dir / str(source), entry["line"]
        else:
            path, line = corpus_dir / corpus.ISSUE_FILE, 1
        detail = " ≠ ".join(str(entry[k]) for k in ("title", "toc_title") if entry.get(k))
        rows.append({"kind": kind, "message": str(entry.get("message", "")), "detail": detail,
                     "article": art, "file": str(path), "line": line})
    return rows


# ------------------------------------------------------------------------ the build

def _build(issue: Issue, run: Run) -> dict:
    edition = edition_of(issue, run.options)
    if edition == SOURCE:
        from .. import source_edition
        cal = source_edition.plan(issue).calibration
        grid = (f"{cal.lines_per_page} lines × {cal.chars_per_line} characters, pitch "
                f"{cal.pitch:.2f} pt (calibrated on {cal.recorded} recorded page ends)")
    else:
        grid = (f"{OFFICIAL.lines_per_page} lines × {OFFICIAL.chars_per_line} characters, "
                f"pitch {OFFICIAL.pitch:.2f} pt (GB/T 9704)")
    return {"edition": edition, "grid": grid, "formats": ", ".join(run.formats),
            "variant": getattr(run.options, "pdf_variant", ""),
            "units": run.units, "laid_out": list(dict.fromkeys(run.laid_out)),
            "layouts": len(run.laid_out),
            "times": [(k, f"{v:.1f} s") for k, v in run.times.items()],
            "notes": list(run.notes)}


def gather(issue: Issue, corpus_dir: Path, folder: Path, run: Run) -> dict:
    """Everything the template shows."""
    start = time.perf_counter()
    pdf_path = folder / f"{issue.id}.pdf"
    has_pdf = "pdf" in run.formats and pdf_path.is_file()
    indexes = _pdf_indexes(issue, run.doc, run.report) if has_pdf else {}
    pictures: dict[int, str] = {}
    preflight_items = []
    found = None                                 # the lint's findings, if made already
    if has_pdf:
        from . import early
        from .pictures import pictures as make_pictures
        from .preflight import preflight
        made = early.taken(run.early)           # made while the check read the pages
        found = made.findings if made is not None else None
        if made is not None:
            pictures = {i: made.pictures[i] for i in indexes.values() if i in made.pictures}
            preflight_items = list(made.preflight)
        else:
            preflight_items = preflight(pdf_path, run.variant(), run.page_keys)
        missing = [i for i in indexes.values() if i not in pictures]
        pictures.update(make_pictures(pdf_path, missing) if missing else {})
    places, issue_lines = corpus.places(corpus_dir)
    articles, edition_notes = _articles(issue, folder, run, pictures, indexes)
    page_ends = _page_ends(issue, run)
    short, fill = _short_pages(issue, run, page_ends, indexes)
    build = _build(issue, run)
    findings = _findings(issue, places, issue_lines, corpus_dir, found)
    run.findings = tuple((f["severity"], f["code"]) for f in findings)   # the build's note
    data = {
        "issue": issue, "articles": articles, "edition_notes": edition_notes,
        "page_ends": page_ends, "short_pages": short, "fill": fill,
        "findings": findings,
        "decisions": _decisions(issue, places, issue_lines, corpus_dir, run.report),
        "preflight": preflight_items, "has_pdf": has_pdf, "build": build,
        "outputs": [f"{issue.id}.{f}" for f in run.formats],
    }
    data["summary"] = {
        "starts": (sum(1 for a in articles if a["pdf"] and a["pdf"]["ok"]), len(articles))
        if has_pdf else None,
        "ends": (sum(1 for r in page_ends if r["ok"]), len(page_ends)) if has_pdf else None,
        "epub": _count(articles, "epub"), "docx": _count(articles, "docx"),
        "preflight": (sum(1 for i in preflight_items if i.ok is not False),
                      len(preflight_items)) if preflight_items else None,
    }
    build["times"].append(("proof report", f"{time.perf_counter() - start:.1f} s"))
    return data


def _count(rows: list[dict], fmt: str) -> tuple[int, int] | None:
    cells = [r[fmt] for r in rows if r[fmt] is not None]
    return (sum(1 for c in cells if c["ok"]), len(cells)) if cells else None
