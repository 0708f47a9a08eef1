#!/usr/bin/env python3
"""Time the print edition (issue 3): `publish build --format pdf` against WeasyPrint alone.

One run of this script, in interleaved rounds (default 3, at least 3), each command in a
fresh process writing to a fresh folder:

  pdf          publish build DIR --format pdf --out $TMP/…   (compose, template, render,
               pagination, write, and the 目录 check the build prints)
  weasyprint   python -m weasyprint $HTML out.pdf  on the print HTML that
               `publish build DIR --format html` wrote once at the start

and reports medians, their ratio (target ≤ 1.5×) and the peak resident memory of the PDF
build (target ≤ 400 MB; getrusage of the command, see bench/_lib.py). Also reports where
the in-process time goes (compose / render / write) from one extra run, the page count and
the layout figures the tests check (short lines, line-rule violations). Writes its section
of bench/RESULTS.md between the print.py markers and leaves the rest of the file alone.
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

from _lib import find_publish, load_average, machine, measure, replace_section

RATIO = 1.5
MEMORY_MB = 400


def stages(corpus_dir: Path) -> dict[str, float]:
    """Where one in-process PDF build spends its time."""
    import weasyprint

    from publish import corpus
    from publish.render.pagination import pagination_of
    from publish.writers import BuildOptions
    from publish.render import printhtml as H
    t0 = time.perf_counter()
    issue = corpus.load(corpus_dir)
    t1 = time.perf_counter()
    view = H.view_for(issue, BuildOptions())
    html = H.render(issue, view, css=H.render_css(view.style))
    t2 = time.perf_counter()
    doc = weasyprint.HTML(string=html, base_url=str(ROOT)).render()
    t3 = time.perf_counter()
    pagination_of(doc, view)
    t4 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        doc.write_pdf(str(Path(tmp) / "x.pdf"))
    t5 = time.perf_counter()
    return {"load corpus": t1 - t0, "compose + template": t2 - t1,
            "WeasyPrint layout": t3 - t2, "pagination": t4 - t3, "PDF write": t5 - t4}


def layout_figures(pdf: Path) -> dict[str, str]:
    from publish.layout.rules import NO_END
    from publish.layout.style import OFFICIAL as S
    from tests.writers import print_inspect as pi
    pages = pi.read(pdf)
    flow = pi.body_flow(pages, S.measure, S.body_size, "Publish-Serif")
    short, total = pi.short_lines(flow)
    ends = sum(1 for p in pages if p.folio for ln in p.lines if ln.text.strip()[-1:] in NO_END)
    return {"pages": str(len(pages)),
            "numbered pages": str(sum(1 for p in pages if p.folio)),
            "continuation lines": str(total),
            "short (> 1 pt)": f"{len(short)} ({100 * len(short) / max(total, 1):.2f} %)",
            "overfull": str(len(pi.overfull_lines(flow))),
            "lines ending on an opening mark": str(ends)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "2024-02")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    repeat = max(3, args.repeat)
    publish = find_publish()
    if publish is None:
        raise SystemExit("publish is not installed (make install)")
    load_before = load_average()
    pdf_runs, wp_runs = [], []
    with tempfile.TemporaryDirectory(prefix="bench-print-") as tmp:
        tmp = Path(tmp)
        run = measure([publish, "build", args.corpus, "--format", "html", "--out", tmp / "html"])
        if run.returncode != 0:
            raise SystemExit(f"--format html failed: {run.stderr.strip()[-300:]}")
        html = next((tmp / "html").glob("*/*.html"))
        last_pdf = None
        for r in range(repeat):
            out = tmp / f"pdf{r}"
            run = measure([publish, "build", args.corpus, "--format", "pdf", "--out", out])
            if run.returncode != 0:
                raise SystemExit(f"--format pdf failed: {run.stderr.strip()[-300:]}")
            pdf_runs.append(run)
            last_pdf = next(out.glob("*/*.pdf"))
            run = measure([sys.executable, "-m", "weasyprint", html, tmp / f"wp{r}.pdf"],
                          cwd=html.parent)
            if run.returncode != 0:
                raise SystemExit(f"weasyprint failed: {run.stderr.strip()[-300:]}")
            wp_runs.append(run)
        figures = layout_figures(last_pdf)
    split = stages(args.corpus)
    load_after = load_average()

    pdf_med = statistics.median(r.seconds for r in pdf_runs)
    wp_med = statistics.median(r.seconds for r in wp_runs)
    ratio = pdf_med / wp_med
    peak = max(r.peak_mb for r in pdf_runs)
    wp_peak = max(r.peak_mb for r in wp_runs)
    info = machine()
    verdict = lambda ok: "pass" if ok else "FAIL"
    body = "\n".join([
        "## Print edition (issue 3: bench/print.py)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on "
        f"{info.get('cpu', '?')} ({info.get('nproc', '?')} cores); load before/after "
        f"{load_before} / {load_after}. Median of {repeat} interleaved runs, each a fresh "
        "process; peak memory = largest resident set of the command.",
        "",
        "| measurement | median s | min–max s | peak MB |",
        "| --- | ---: | --- | ---: |",
        f"| `publish build --format pdf` | {pdf_med:.2f} | "
        f"{min(r.seconds for r in pdf_runs):.2f}–{max(r.seconds for r in pdf_runs):.2f} | "
        f"{peak:.0f} |",
        f"| WeasyPrint alone on the `--format html` output | {wp_med:.2f} | "
        f"{min(r.seconds for r in wp_runs):.2f}–{max(r.seconds for r in wp_runs):.2f} | "
        f"{wp_peak:.0f} |",
        "",
        "| target | measured | limit | verdict |",
        "| --- | --- | --- | --- |",
        f"| PDF build ÷ WeasyPrint alone | {ratio:.2f}× | ≤ {RATIO}× | {verdict(ratio <= RATIO)} |",
        f"| PDF build peak memory | {peak:.0f} MB | ≤ {MEMORY_MB} MB | "
        f"{verdict(peak <= MEMORY_MB)} |",
        "",
        "One in-process build, by stage: " + ", ".join(
            f"{k} {v:.2f} s" for k, v in split.items()) + ".",
        "",
        "Layout of the PDF built: " + ", ".join(f"{k} {v}" for k, v in figures.items()) + ".",
    ])
    print(body)
    if not args.no_write:
        replace_section(args.results, body, "print.py")
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
