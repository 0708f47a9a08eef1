#!/usr/bin/env python3
"""Time the 目录 check on the bundled issue's print PDF (issue 4: at most 1 s).

Builds the PDF once with publish.writers.pdf (or takes --pdf; without either it falls back
to the synthetic print tests/check/pdfgen.py makes, and says so), then measures, median of
--repeat runs (default 5, at least 3):

  in-process    check_issue(issue, pdf): reading the PDF, finding the starts, the report
  command       `publish check DIR PDF --json` in a fresh process (Python start-up and
                imports included: what a user waits for)

each on the PDF as built (start pages from named destinations) and on a copy without
bookmarks or destinations (start pages found from the printed text). Writes its section of
bench/RESULTS.md between the check.py markers and leaves the rest of the file alone.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _lib import find_publish, load_average, machine, measure, replace_section  # noqa: E402

TARGET = 1.0


def build_pdf(issue, directory: Path) -> tuple[Path, str]:
    """The bundled issue's PDF and how it was made."""
    import importlib

    from publish.writers import BuildOptions
    try:
        writer = importlib.import_module("publish.writers.pdf")
    except ModuleNotFoundError as exc:
        if exc.name != "publish.writers.pdf":
            raise
        from tests.check.pdfgen import make_pdf
        path = make_pdf(issue, directory / f"{issue.id}-synthetic.pdf")
        return path, "synthetic print (tests/check/pdfgen.py; publish.writers.pdf absent)"
    path = directory / f"{issue.id}.pdf"
    writer.write(issue, path, BuildOptions())
    return path, "publish.writers.pdf, default options"


def strip(src: Path, dst: Path) -> Path:
    from tests.check.pdfgen import strip_navigation
    return strip_navigation(src, dst)


def time_inprocess(issue, pdf: Path, repeat: int) -> tuple[list[float], str]:
    from publish.check import check_issue
    check_issue(issue, pdf)                                  # warm the imports
    secs, line = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        report = check_issue(issue, pdf)
        secs.append(time.perf_counter() - start)
        line = report.summary_line()
    return secs, line


def time_command(publish: Path, corpus: Path, pdf: Path, repeat: int) -> list[float]:
    secs = []
    for _ in range(repeat):
        run = measure([publish, "check", corpus, pdf, "--json"])
        if run.returncode not in (0, 1):
            raise SystemExit(f"publish check failed ({run.returncode}): {run.stderr.strip()}")
        secs.append(run.seconds)
    return secs


def row(label: str, secs: list[float]) -> str:
    med = statistics.median(secs)
    verdict = "✓" if med <= TARGET else "✗"
    return (f"| {label} | {med:.3f} | {min(secs):.3f}–{max(secs):.3f} | {len(secs)} | "
            f"{verdict} |")




def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "2024-02")
    ap.add_argument("--pdf", type=Path, default=None, help="check this PDF instead of building")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    repeat = max(3, args.repeat)

    from publish import corpus
    issue = corpus.load(args.corpus)
    publish = find_publish()
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        tmp = Path(tmp)
        if args.pdf:
            pdf, made = args.pdf, f"given: {args.pdf}"
        else:
            pdf, made = build_pdf(issue, tmp)
        bare = strip(pdf, tmp / "stripped.pdf")
        from publish.check import read_pdf
        pages = len(read_pdf(pdf).pages)
        rows, lines = [], {}
        for label, path in (("as built (destinations)", pdf), ("no bookmarks (text)", bare)):
            secs, lines[label] = time_inprocess(issue, path, repeat)
            rows.append(row(f"in-process, {label}", secs))
            if publish:
                rows.append(row(f"`publish check --json`, {label}",
                                time_command(publish, args.corpus, path, repeat)))
    info = machine()
    body = "\n".join([
        "## The 目录 check (issue 4: ≤ 1 s on the bundled issue's PDF)",
        "",
        f"Measured {dt.date.today().isoformat()} by `bench/check.py` on {info.get('cpu', '?')}"
        f" ({info.get('nproc', '?')} cores), load {load_before}. PDF: {made}, {pages} pages.",
        "",
        "| measurement | median s | range s | runs | ≤ 1 s |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
        *(f"- {label}: `{line}`" for label, line in lines.items()),
    ])
    print(body)
    if not args.no_write:
        replace_section(args.results, body, "check.py")
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
