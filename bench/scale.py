#!/usr/bin/env python3
"""Scale (issue 13): 5,000 目录 entries ≤ 10 s, 5,000 articles ≤ 500 MB, a 10 MB paragraph
to DOCX ≤ 60 s and ≤ 1 GB.

Synthetic inputs (bench/scale_inputs.py, seeded) in a temporary folder; every command in a
fresh process; wall time, CPU time (user + sys) and peak resident memory of that process and
what it waited for (``os.wait4``). The bundled issue is measured in the same run as the
baseline. Each command is one single-threaded process, so its CPU time is the wall time it
takes on an idle core: the time verdicts use it, since on a shared machine wall time follows
the load (written beside the figures). Writes its section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _lib import ROOT, find_publish, load_average, machine, replace_section  # noqa: E402
from scale_inputs import long_paragraph_corpus, raw_issue  # noqa: E402

TOC_SECONDS = 10.0
ARTICLES_MB = 500.0
PARAGRAPH_SECONDS = 60.0
PARAGRAPH_MB = 1024.0


@dataclass
class Figure:
    label: str
    wall: float
    cpu: float
    peak_mb: float
    status: int
    last: str


def run(label: str, cmd: list, env: dict | None = None) -> Figure:
    """One command in a fresh process: wall, CPU and peak RSS from its own rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    lines = [ln for ln in err.splitlines() if ln.strip()]
    return Figure(label, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  proc.returncode, lines[-1][:120] if lines else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=5000)
    ap.add_argument("--paragraph-mb", type=float, default=10.0)
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    publish = find_publish()
    if publish is None:
        print("no publish command (run make setup)")
        return 2
    load_before = load_average()
    figures: list[Figure] = []
    env = {"PUBLISH_CACHE": "off"}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        bundled = ROOT / "corpus" / "2024-02"
        raw_small = next((bundled / "source").glob("*.txt"))
        figures.append(run("baseline: import the bundled issue (24 entries)",
                           [publish, "import", raw_small, "--out", tmp / "small"]))
        figures.append(run("baseline: check the bundled issue", [publish, "check", bundled]))
        raw = raw_issue(tmp / "raw.txt", args.entries)
        big = tmp / "big"
        n = args.entries
        figures.append(run(f"import {n:,} 目录 entries / articles", [publish, "import", raw,
                                                                    "--out", big]))
        figures.append(run(f"check {n:,} 目录 entries", [publish, "check", big]))
        figures.append(run(f"check {n:,} 目录 entries --json", [publish, "check", big, "--json"]))
        figures.append(run(f"lint {n:,} articles", [publish, "lint", big, "--json"]))
        figures.append(run(f"dump {n:,} articles", [publish, "dump", big]))
        figures.append(run(f"build {n:,} articles --format html,docx",
                           [publish, "build", big, "--format", "html,docx", "--out",
                            tmp / "out-big"], env))
        chars = int(args.paragraph_mb * 2**20 / 3)          # CJK: 3 bytes a character
        long = long_paragraph_corpus(tmp / "long", chars)
        size = (next((long / "articles").glob("*.md"))).stat().st_size / 2**20
        figures.append(run(f"build --format docx, one {size:.1f} MB paragraph",
                           [publish, "build", long, "--format", "docx", "--out",
                            tmp / "out-long"], env))
    load_after = load_average()
    by = dict(zip(("base-import", "base-check", "import", "check", "checkjson", "lint", "dump",
                   "build", "long"), figures))
    targets = [
        (f"{n:,} 目录 entries: import", by["import"], "wall", TOC_SECONDS, "s"),
        (f"{n:,} 目录 entries: check", by["check"], "wall", TOC_SECONDS, "s"),
        (f"{n:,} articles: peak memory of import, check, lint, dump, build", max(
            (by[k] for k in ("import", "check", "checkjson", "lint", "dump", "build")),
            key=lambda f: f.peak_mb), "peak", ARTICLES_MB, "MB"),
        (f"{args.paragraph_mb:g} MB paragraph → DOCX: time", by["long"], "wall",
         PARAGRAPH_SECONDS, "s"),
        (f"{args.paragraph_mb:g} MB paragraph → DOCX: peak memory", by["long"], "peak",
         PARAGRAPH_MB, "MB"),
    ]
    info = machine()
    rows = []
    for label, fig, what, limit, unit in targets:
        value = fig.peak_mb if what == "peak" else fig.cpu
        extra = f" CPU (wall {fig.wall:.1f} s)" if what == "wall" else f" ({fig.label})"
        ok = fig.status in (0, 1) and value <= limit
        rows.append(f"| {label} | {value:,.1f} {unit}{extra} | ≤ {limit:g} {unit} | "
                    f"{'pass' if ok else '**FAIL**'} |")
    body = "\n".join([
        "## Scale (bench/scale.py, issue 13)",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on "
        f"{info.get('nproc', '?')} cores ({info.get('cpu', '?')}); load average before/after "
        f"{load_before} / {load_after}. Synthetic inputs from `bench/scale_inputs.py`; "
        "`PUBLISH_CACHE=off` for builds. CPU = user + sys of the process and its children; the "
        "time verdicts use it (one single-threaded process: its wall time on an idle core).",
        "",
        "| target | measured | limit | verdict |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        "| command | wall s | CPU s | peak MB | exit | last line |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *(f"| {f.label} | {f.wall:.2f} | {f.cpu:.2f} | {f.peak_mb:.0f} | {f.status} | "
          f"{f.last.replace('|', '/')} |" for f in figures),
    ])
    print(body)
    if not args.no_write:
        replace_section(args.results, body, "scale.py")
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
