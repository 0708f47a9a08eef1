#!/usr/bin/env python3
"""Measure the toolkit side by side with the tools a user would otherwise pick.

One run, medians of --repeat runs (default 3), every command in a fresh process: import; PDF,
DOCX, EPUB builds alone, DOCX+EPUB together, the full build; the check; pandoc (Markdown →
DOCX, → EPUB) on the same text; WeasyPrint alone on the print HTML `publish build --format
html` wrote; peak memory of each; a 10-issue volume against one issue. Ratios are taken
against baselines measured in the same run, printed as a table and written between the
`run.py` markers of bench/RESULTS.md (other scripts own the rest of that file).

Formats whose writers are not there yet are skipped with a note. See bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _lib import (ROOT, Run, Series, corpus_markdown, find_publish, last_line,  # noqa: E402
                  load_average, machine, measure, replace_section, versions)

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

# Acceptance limits (issue 7; the check from issue 4, the PDF figures from issue 3).
DOCX_EPUB_VS_PANDOC = 3.0
FULL_VS_WEASYPRINT = 1.6
VOLUME_VS_SINGLE = 11.0
PEAK_MB_PER_ISSUE = 500.0
CHECK_SECONDS = 1.0
PDF_VS_WEASYPRINT = 1.5
PDF_PEAK_MB = 400.0

console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)


@dataclass
class Bench:
    """One measured command. ``make(round)`` gives the argv, or a string saying what's missing."""
    key: str
    label: str
    make: Callable[[int], list[str] | str]
    ok_codes: tuple[int, ...] = (0,)
    ours: bool = True            # a `publish` command (its memory counts against the limit)
    env: dict[str, str] | None = None   # extra environment for this command


class Runner:
    def __init__(self, args: argparse.Namespace, publish: Path, tmp: Path, issue: dict):
        self.args, self.publish, self.tmp, self.issue = args, publish, tmp, issue
        self.corpus: Path = args.corpus
        self.id = issue["id"]
        self.python = str(publish.parent / "python") if (publish.parent / "python").exists() \
            else sys.executable
        self.pandoc = shutil.which(args.pandoc) if args.pandoc else None
        self.series: dict[str, Series] = {}
        self.last_out: dict[str, Path] = {}      # key → output dir of its last good run
        self.full_formats: list[str] = []
        self.markdown = tmp / "pandoc" / f"{self.id}.md"

    # ------------------------------------------------------------------ commands

    def out(self, key: str, rnd: int) -> Path:
        return self.tmp / "out" / f"{key}-r{rnd}"

    def build(self, key: str, formats: str | None) -> Callable[[int], list[str]]:
        def make(rnd: int) -> list[str]:
            fmt = ["--format", formats] if formats else []
            return [str(self.publish), "build", str(self.corpus), *fmt,
                    "--out", str(self.out(key, rnd))]
        return make

    def produced(self, ext: str) -> Path | None:
        """A file of this kind written by any earlier good build in this run."""
        for key in (ext, "full"):
            d = self.last_out.get(key)
            if d and (d / self.id / f"{self.id}.{ext}").exists():
                return d / self.id / f"{self.id}.{ext}"
        return None

    def benches(self) -> list[Bench]:
        sources = sorted((self.corpus / "source").glob("*.txt"))
        pub = str(self.publish)

        def imp(rnd: int) -> list[str] | str:
            if not sources:
                return f"no raw text in {self.corpus / 'source'}"
            return [pub, "import", str(sources[0]), "--out",
                    str(self.out("import", rnd) / self.id), "--id", self.id]

        def check(rnd: int) -> list[str] | str:
            pdf = self.produced("pdf")
            return [pub, "check", str(self.corpus), str(pdf)] if pdf else \
                "needs a PDF from this run (PDF writer not available yet)"

        def weasy(rnd: int) -> list[str] | str:
            html = self.produced("html")
            if not html:
                return "needs the print HTML from `publish build --format html` (not available yet)"
            return [self.python, "-m", "weasyprint", str(html),
                    str(self.out("weasyprint", rnd) / f"{self.id}.pdf")]

        def pandoc(ext: str) -> Callable[[int], list[str] | str]:
            def make(rnd: int) -> list[str] | str:
                if not self.pandoc:
                    return f"pandoc not found ({self.args.pandoc}); run scripts/system-deps.sh"
                return [self.pandoc, str(self.markdown), "-o",
                        str(self.out(f"pandoc-{ext}", rnd) / f"{self.id}.{ext}")]
            return make

        return [
            Bench("import", "import (raw text → corpus)", imp),
            Bench("html", "build --format html", self.build("html", "html")),
            Bench("pdf", "build --format pdf", self.build("pdf", "pdf")),
            Bench("docx", "build --format docx", self.build("docx", "docx")),
            Bench("epub", "build --format epub", self.build("epub", "epub")),
            Bench("docx+epub", "build --format docx,epub (layout cached by the PDF build)",
                  self.build("docx+epub", "docx,epub")),
            Bench("docx+epub-cold", "build --format docx,epub, cold (PUBLISH_CACHE=off)",
                  self.build("docx+epub-cold", "docx,epub"), env={"PUBLISH_CACHE": "off"}),
            Bench("full", "build (all formats)", self.build("full", None)),
            Bench("check", "check DIR PDF", check, ok_codes=(0, 1)),
            Bench("weasyprint", "WeasyPrint alone on the print HTML", weasy, ours=False),
            Bench("pandoc-docx", "pandoc Markdown → DOCX", pandoc("docx"), ours=False),
            Bench("pandoc-epub", "pandoc Markdown → EPUB", pandoc("epub"), ours=False),
        ]

    # ------------------------------------------------------------------ running

    def classify(self, bench: Bench, run: Run) -> str | None:
        """None if the run counts; else the note to skip the benchmark with."""
        if run.returncode in bench.ok_codes:
            return None
        err = run.stderr + run.stdout
        line = last_line(err).removeprefix("publish: error: ")
        if "not available" in err:
            return f"not available yet ({line})"
        if "ModuleNotFoundError" in err and "publish." in err:
            return f"not implemented yet ({line})"
        return f"failed (exit {run.returncode}): {line}"

    def run_one(self, bench: Bench, rnd: int) -> None:
        series = self.series.setdefault(bench.key, Series(bench.key, bench.label))
        if series.skipped:
            return
        cmd = bench.make(rnd)
        if isinstance(cmd, str):
            series.skipped = cmd
            console.print(f"  [yellow]skip[/] {bench.label}: {cmd}")
            return
        series.command = self.show(cmd)
        for arg in cmd:                       # output directories the command writes into
            if str(self.tmp) in arg and "/out/" in arg:
                Path(arg).parent.mkdir(parents=True, exist_ok=True)
        run = measure(cmd, env={**self.env(), **(bench.env or {})}, timeout=self.args.timeout)
        note = self.classify(bench, run)
        if note:
            series.skipped = note
            console.print(f"  [yellow]skip[/] {bench.label}: {note}")
            return
        series.runs.append(run)
        if bench.key in ("html", "pdf", "full"):
            self.last_out[bench.key] = self.out(bench.key, rnd)
        if bench.key == "full" and not self.full_formats:
            written = self.out("full", rnd) / self.id
            self.full_formats = [f for f in ("pdf", "html", "docx", "epub")
                                 if (written / f"{self.id}.{f}").is_file()]
        console.print(f"  {bench.label}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB")

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)    # outputs date from the issue, as in real use
        # the layout/cover cache of this run only: warm after the run's first PDF build
        env["XDG_CACHE_HOME"] = str(self.tmp / "cache")
        return env

    def show(self, cmd: list[str]) -> str:
        """The command as a reader could retype it: repo-relative, temp dir as $TMP."""
        text = " ".join(cmd)
        text = text.replace(str(self.tmp), "$TMP")
        text = text.replace(str(ROOT) + "/", "")
        return text

    def rounds(self) -> None:
        benches = self.benches()
        self.markdown.parent.mkdir(parents=True, exist_ok=True)
        self.markdown.write_text(corpus_markdown(self.issue), encoding="utf-8")
        for rnd in range(1, self.args.repeat + 1):
            console.print(f"[bold]round {rnd}/{self.args.repeat}[/]")
            for bench in benches:
                self.run_one(bench, rnd)

    def volume(self) -> None:
        n = self.args.volume
        key = "volume"
        label = f"build {n} issues (one command)" if n >= 2 else "volume build"
        series = self.series.setdefault(key, Series(key, label))
        if n < 2:
            series.skipped = "disabled (--volume < 2)"
            return
        single = self.series.get("full")
        if not single or not single.ok:
            series.skipped = "needs a working single-issue build"
            return
        root = self.tmp / "volume"
        dirs = []
        for i in range(1, n + 1):
            d = root / f"{self.id}-v{i:02d}"
            shutil.copytree(self.corpus, d, ignore=shutil.ignore_patterns("source"))
            meta = d / "issue.yaml"
            text, count = re.subn(r"(?m)^id:.*$", f"id: {self.id}-v{i:02d}",
                                  meta.read_text(encoding="utf-8"), count=1)
            if not count:
                text = f"id: {self.id}-v{i:02d}\n" + text
            meta.write_text(text, encoding="utf-8")
            dirs.append(str(d))
        reps = self.args.volume_repeat or self.args.repeat
        console.print(f"[bold]volume: {n} issues × {reps}[/]")
        for rnd in range(1, reps + 1):
            out = self.out(key, rnd)
            cmd = [str(self.publish), "build", *dirs, "--out", str(out)]
            series.command = self.show([str(self.publish), "build",
                                        f"$TMP/volume/{self.id}-v01 … -v{n:02d}",
                                        "--out", str(out)])
            run = measure(cmd, env=self.env(), timeout=self.args.timeout * n)
            note = self.classify(Bench(key, series.label, lambda r: []), run)
            if note:
                series.skipped = note
                console.print(f"  [yellow]skip[/] volume: {note}")
                return
            series.runs.append(run)
            console.print(f"  volume: {run.seconds:.2f} s, {run.peak_mb:.0f} MB")
            shutil.rmtree(out, ignore_errors=True)   # ~n× the outputs; keep the disk small


# ---------------------------------------------------------------------- report

def fmt_s(x: float | None) -> str:
    return "—" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.0f}")


def fmt_mb(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f}"


@dataclass
class Target:
    name: str
    figure: str
    limit: str
    verdict: str


def targets(r: Runner) -> list[Target]:
    s = r.series
    get = lambda k: s.get(k) if s.get(k) and s[k].ok else None  # noqa: E731
    why = lambda *ks: "; ".join(f"{k}: {s[k].skipped}" for k in ks  # noqa: E731
                                if k in s and s[k].skipped) or "not measured"
    out: list[Target] = []

    def ratio(name: str, num: list[str], den: list[str], limit: float, what: str) -> None:
        if all(get(k) for k in num + den):
            a = sum(s[k].median for k in num)
            b = sum(s[k].median for k in den)
            q = a / b
            out.append(Target(name, f"{q:.2f}× ({fmt_s(a)} s / {fmt_s(b)} s)", f"≤ {limit:g}× {what}",
                              "pass" if q <= limit else "FAIL"))
        else:
            out.append(Target(name, "—", f"≤ {limit:g}× {what}", "not measured: " + why(*num, *den)))

    nolayout = " (without the print layout: no PDF writer yet)" if (
        "pdf" in s and s["pdf"].skipped and "not available" in s["pdf"].skipped) else ""
    ratio("DOCX+EPUB build (print layout cached by the PDF build) vs pandoc DOCX + pandoc EPUB"
          + nolayout, ["docx+epub"], ["pandoc-docx", "pandoc-epub"], DOCX_EPUB_VS_PANDOC, "pandoc")
    ratio("DOCX+EPUB build, cold (PUBLISH_CACHE=off: lays out the print edition first)",
          ["docx+epub-cold"], ["pandoc-docx", "pandoc-epub"], DOCX_EPUB_VS_PANDOC, "pandoc")
    partial = ""
    if get("full") and set(r.full_formats) != {"pdf", "html", "docx", "epub"}:
        partial = f" (full build made only: {', '.join(r.full_formats) or 'nothing'})"
    ratio("Full build vs WeasyPrint alone on the same HTML" + partial, ["full"], ["weasyprint"],
          FULL_VS_WEASYPRINT, "WeasyPrint")
    ratio(f"{max(r.args.volume, 0)}-issue volume vs one full build" + partial, ["volume"], ["full"],
          VOLUME_VS_SINGLE, "one issue")
    peaks = [(k, s[k].peak_mb) for k, b in s.items() if b.ok and k not in NOT_OURS]
    if peaks:
        k, mb = max(peaks, key=lambda kv: kv[1])
        verdict = "pass" if mb <= PEAK_MB_PER_ISSUE else "FAIL"
        if verdict == "pass" and not get("full"):
            verdict = "pass so far (the full build was not measured)"
        out.append(Target("Peak memory, any publish command (per process)",
                          f"{mb:.0f} MB ({s[k].label})", f"≤ {PEAK_MB_PER_ISSUE:g} MB per issue",
                          verdict))
    else:
        out.append(Target("Peak memory, any publish command", "—",
                          f"≤ {PEAK_MB_PER_ISSUE:g} MB per issue", "not measured"))
    chk = get("check")
    out.append(Target("Check on the bundled issue's PDF (issue 4)",
                      f"{chk.median:.2f} s" if chk else "—", f"≤ {CHECK_SECONDS:g} s",
                      ("pass" if chk.median <= CHECK_SECONDS else "FAIL") if chk
                      else "not measured: " + why("check")))
    ratio("PDF build vs WeasyPrint alone (issue 3; bench/print.py owns it)", ["pdf"],
          ["weasyprint"], PDF_VS_WEASYPRINT, "WeasyPrint")
    pdf = get("pdf")
    out.append(Target("PDF build peak memory (issue 3)", f"{pdf.peak_mb:.0f} MB" if pdf else "—",
                      f"≤ {PDF_PEAK_MB:g} MB", ("pass" if pdf.peak_mb <= PDF_PEAK_MB else "FAIL")
                      if pdf else "not measured: " + why("pdf")))
    return out


NOT_OURS = {"weasyprint", "pandoc-docx", "pandoc-epub"}
ORDER = ["import", "html", "pdf", "docx", "epub", "docx+epub", "docx+epub-cold", "full", "check", "weasyprint",
         "pandoc-docx", "pandoc-epub", "volume"]
BASELINE = {"docx+epub": ("pandoc-docx", "pandoc-epub"),
            "docx+epub-cold": ("pandoc-docx", "pandoc-epub"), "full": ("weasyprint",),
            "pdf": ("weasyprint",), "volume": ("full",)}


def vs(r: Runner, key: str) -> str:
    s = r.series
    base = BASELINE.get(key)
    if not base or not s[key].ok or not all(b in s and s[b].ok for b in base):
        return ""
    q = s[key].median / sum(s[b].median for b in base)
    return f"{q:.2f}× {' + '.join(base)}"


def rows(r: Runner) -> list[list[str]]:
    out = []
    for key in ORDER:
        sr = r.series.get(key)
        if not sr:
            continue
        if sr.ok:
            lo, hi = sr.spread
            out.append([sr.label, fmt_s(sr.median), f"{fmt_s(lo)}–{fmt_s(hi)}",
                        str(len(sr.runs)), fmt_mb(sr.peak_mb), vs(r, key), ""])
        else:
            out.append([sr.label, "—", "—", "0", "—", "", f"skipped: {sr.skipped}"])
    return out


HEAD = ["Measurement", "Median s", "Min–max s", "Runs", "Peak MB", "Ratio", "Note"]


def print_tables(r: Runner, tgts: list[Target]) -> None:
    t = Table(title="bench/run.py — measurements")
    for h in HEAD:
        t.add_column(h, justify="right" if h in ("Median s", "Runs", "Peak MB") else "left")
    for row in rows(r):
        t.add_row(*row)
    console.print(t)
    a = Table(title="Acceptance targets")
    for h in ("Target", "Measured", "Limit", "Verdict"):
        a.add_column(h)
    for tg in tgts:
        color = "green" if tg.verdict == "pass" else "red" if tg.verdict == "FAIL" else "yellow"
        a.add_row(tg.name, tg.figure, tg.limit, f"[{color}]{tg.verdict}[/]")
    console.print(a)


def md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(r: Runner, tgts: list[Target], info: dict) -> str:
    m, v = info["machine"], info["versions"]
    lines = [
        "## Overall (bench/run.py)",
        "",
        f"Measured {info['date']} on {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM, "
        f"{m['os']}, Python {m['python']}. Load average before/after: {info['load_before']} / "
        f"{info['load_after']}.",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        f"Corpus `{r.show([str(r.corpus)])}` (issue `{r.id}`, {len(r.issue.get('articles', []))} "
        f"articles). Median of {r.args.repeat} run(s) each (volume: "
        f"{r.args.volume_repeat or r.args.repeat}), every command in a fresh process; peak "
        "memory is the largest resident set of the command or any process it waited for "
        "(`getrusage(RUSAGE_CHILDREN).ru_maxrss`).",
        "",
        "### Acceptance targets",
        "",
        "| Target | Measured | Limit | Verdict |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {md_cell(t.name)} | {md_cell(t.figure)} | {md_cell(t.limit)} | "
              f"{'**FAIL**' if t.verdict == 'FAIL' else md_cell(t.verdict)} |" for t in tgts]
    lines += ["", "### Measurements", "", "| " + " | ".join(HEAD) + " |",
              "|" + "|".join(" --- " if h not in ("Median s", "Runs", "Peak MB") else " ---: "
                             for h in HEAD) + "|"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows(r)]
    lines += ["", "Commands (`$TMP` is a fresh temporary directory; each run writes to its own "
              "output folder):", ""]
    for key in ORDER:
        sr = r.series.get(key)
        if sr and sr.command:
            lines.append(f"- {sr.label}: `{sr.command}`")
    if r.full_formats:
        lines += ["", f"The full build wrote: {', '.join(r.full_formats)}."]
    lines += ["", "Re-run with `make bench` (or `.venv/bin/python bench/run.py --repeat N`)."]
    return "\n".join(lines)


# ---------------------------------------------------------------------- main

def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=3, help="runs per command; the median is "
                   "reported (default 3)")
    p.add_argument("--volume", type=int, default=10, help="issues in the volume build "
                   "(default 10; 0 skips it)")
    p.add_argument("--volume-repeat", type=int, default=None,
                   help="runs of the volume build (default: --repeat)")
    p.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "2024-02")
    p.add_argument("--publish", type=Path, default=None,
                   help="the publish executable (default: .venv/bin/publish)")
    p.add_argument("--pandoc", default="/usr/bin/pandoc", help="pandoc binary "
                   "(default: Debian's /usr/bin/pandoc)")
    p.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    p.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per command")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    if args.repeat < 3:
        console.print("[yellow]note: fewer than 3 runs; the acceptance figures want medians "
                      "of at least 3[/]")
    args.corpus = args.corpus.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    publish = args.publish or find_publish()
    if not publish or not Path(publish).exists():
        console.print("bench: publish not found; run `make setup` first")
        return 2
    publish = Path(publish).absolute()
    dump = subprocess.run([str(publish), "dump", str(args.corpus)], capture_output=True,
                          text=True)
    if dump.returncode != 0:
        console.print(f"bench: cannot load {args.corpus}: {last_line(dump.stderr)}")
        return 2
    issue = json.loads(dump.stdout)
    tmp = Path(tempfile.mkdtemp(prefix="publish-bench-"))
    load_before = load_average()
    try:
        runner = Runner(args, publish, tmp, issue)
        runner.rounds()
        runner.volume()
        info = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
                "machine": machine(), "versions": versions(publish, runner.pandoc),
                "load_before": load_before, "load_after": load_average()}
        tgts = targets(runner)
        print_tables(runner, tgts)
        if not args.no_write:
            replace_section(args.results, markdown(runner, tgts, info))
            console.print(f"wrote {args.results.relative_to(ROOT) if args.results.is_relative_to(ROOT) else args.results}")
    finally:
        if args.keep:
            console.print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
