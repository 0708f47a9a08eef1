#!/usr/bin/env python3
"""Measure the toolkit against what a user would pick instead, and against itself.

One run, medians of --repeat runs (default 3) in interleaved rounds, every command in a fresh
process: the PDF build with PUBLISH_CACHE=off against WeasyPrint alone on plain semantic HTML
of the same text (made here from `publish dump`); a rebuild after one paragraph changed
(cache on, a private cache folder) against the cold build, checking the rebuilt PDF holds the
edit; a 10-issue volume and an issue twice as long against one issue; peak memory; the full
build against WeasyPrint on our own composed HTML; the cheap DOCX/EPUB/check/import figures.
Ratios are taken against baselines measured in the same run, printed and written between the
`run.py` markers of bench/RESULTS.md (other scripts own the rest of that file).
See bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _lib import (EDIT_MARK, ROOT, Run, Series, copy_corpus, corpus_markdown,  # noqa: E402
                  double_corpus, edit_one_paragraph, find_publish, last_line, load_average,
                  machine, measure, pdf_text, plain_html, print_faces, ratio_figure,
                  replace_section, typst_command, typst_source, verdict, versions)

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

# Acceptance limits: issue 22 first (its cold-build, rebuild and memory limits replace issue
# 11's 1.0×, 25% and 400 MB), then the older ones kept because they are cheap.
PDF_VS_PLAIN = 2.0
REBUILD_SHARE = 0.10
HOUSE_VS_SOURCE = 1.1             # issue 22
PEAK_MB = 300.0                   # the largest process
SUM_MB = 600.0                    # issue 22: a PDF build's processes summed
VOLUME_SUM_MB = 800.0             # issue 22: a 10-issue volume's processes summed
VOLUME_VS_SINGLE = 5.5
DOUBLE_VS_SINGLE = 2.1
FULL_VS_OWN_HTML = 1.6            # issue 7
DOCX_EPUB_VS_PANDOC = 3.0         # issue 7
CHECK_SECONDS = 1.0               # issue 4
PDF_VS_OWN_HTML = 1.5             # issue 3

COLD = {"PUBLISH_CACHE": "off"}

console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)


@dataclass
class Bench:
    """One measured command. ``make(round)`` gives the argv, or a string saying what's missing;
    ``env(round)`` its extra environment; ``after(round, run)`` a note if the run is wrong."""
    key: str
    label: str
    make: Callable[[int], list[str] | str]
    env: Callable[[int], dict[str, str]] = lambda rnd: {}
    ok_codes: tuple[int, ...] = (0,)
    ours: bool = True                    # a `publish` command
    heavy: bool = False                  # a PDF or volume build: counts for the memory target
    before: Callable[[int], str | None] | None = None   # unmeasured set-up; a note if it failed


class Runner:
    def __init__(self, args: argparse.Namespace, publish: Path, tmp: Path, issue: dict):
        self.args, self.publish, self.tmp, self.issue = args, publish, tmp, issue
        self.corpus: Path = args.corpus
        self.id = issue["id"]
        self.python = str(publish.parent / "python") if (publish.parent / "python").exists() \
            else sys.executable
        self.pandoc = shutil.which(args.pandoc) if args.pandoc else None
        self.series: dict[str, Series] = {}
        self.markdown = tmp / "inputs" / f"{self.id}.md"
        self.plain = tmp / "inputs" / f"{self.id}-plain.html"
        self.typst = tmp / "inputs" / f"{self.id}.typ"
        self.double = tmp / "inputs" / f"{self.id}-x2"
        self.volume_dirs: list[Path] = []
        self.edit_found: list[bool] = []       # per rebuild round: the PDF holds the edit
        self.rebuild_notes: list[str] = []
        self.rebuild_same: bool | None = None  # round 1's rebuilt PDF = a cold build's bytes
        self.prep_notes: dict[str, str] = {}   # key → why its input could not be made

    # ------------------------------------------------------------------ inputs

    def prepare(self) -> None:
        """Everything the rounds read, made once, unmeasured."""
        (self.tmp / "inputs").mkdir(parents=True)
        # The package's bytecode, as pip leaves an installed package: a checkout run with
        # PYTHONDONTWRITEBYTECODE set would compile every module in every measured command.
        subprocess.run([self.python, "-c", "import compileall, os, publish; compileall."
                        "compile_dir(os.path.dirname(publish.__file__), quiet=1)"],
                       capture_output=True, timeout=600)
        self.markdown.write_text(corpus_markdown(self.issue), encoding="utf-8")
        self.plain.write_text(plain_html(self.issue, print_faces()), encoding="utf-8")
        self.typst.write_text(typst_source(self.issue), encoding="utf-8")
        try:
            added = double_corpus(self.corpus, self.double)
            lint = subprocess.run([str(self.publish), "lint", str(self.double), "--json"],
                                  capture_output=True, text=True, timeout=600)
            errors = [f for f in json.loads(lint.stdout or '{"findings": []}')["findings"]
                      if f["severity"] == "error"] if lint.returncode in (0, 1) else None
            if errors is None:
                self.prep_notes["double"] = f"the doubled corpus does not load: " \
                                            f"{last_line(lint.stderr)}"
            elif errors:
                self.prep_notes["double"] = f"lint finds {len(errors)} errors in the doubled " \
                                            f"corpus: {errors[0]['message']}"
            else:
                console.print(f"doubled corpus: {added} articles added; lint: no errors")
        except Exception as exc:            # noqa: BLE001 - report, measure the rest
            self.prep_notes["double"] = f"could not double the corpus: {exc}"
        n = self.args.volume
        if n >= 2:
            for i in range(1, n + 1):
                d = self.tmp / "volume" / f"{self.id}-v{i:02d}"
                self.volume_dirs.append(copy_corpus(self.corpus, d, f"{self.id}-v{i:02d}"))

    # ------------------------------------------------------------------ commands

    def out(self, key: str, rnd: int) -> Path:
        return self.tmp / "out" / f"{key}-r{rnd}"

    def cache(self, name: str, rnd: int) -> dict[str, str]:
        """A private, empty-at-first cache folder (publish/cache.py: $XDG_CACHE_HOME/publish)."""
        return {"XDG_CACHE_HOME": str(self.tmp / "cache" / f"{name}-r{rnd}")}

    def build(self, key: str, corpus: Path | Callable[[int], Path], formats: str | None,
              out: str | None = None, edition: str | None = None) -> Callable[[int], list[str]]:
        def make(rnd: int) -> list[str]:
            fmt = ["--format", formats] if formats else []
            fmt += ["--edition", edition] if edition else []
            where = corpus(rnd) if callable(corpus) else corpus
            return [str(self.publish), "build", str(where), *fmt,
                    "--out", str(self.out(out or key, rnd))]
        return make

    def rebuild_corpus(self, rnd: int) -> Path:
        return self.tmp / "rebuild" / f"r{rnd}" / self.corpus.name

    def same_as_cold(self, rnd: int) -> bool:
        """Unmeasured: a cold build of the edited copy gives the rebuilt PDF's bytes."""
        cmd = self.build("rebuild-cold", self.rebuild_corpus, "pdf")(rnd)
        subprocess.run(cmd, env={**self.env(), **COLD}, capture_output=True,
                       timeout=self.args.timeout)
        cold, warm = self.pdf_of("rebuild-cold", rnd), self.pdf_of("rebuild", rnd)
        return cold.exists() and warm.exists() and cold.read_bytes() == warm.read_bytes()

    def pdf_of(self, key: str, rnd: int) -> Path:
        return self.out(key, rnd) / self.id / f"{self.id}.pdf"

    def benches(self) -> list[Bench]:
        pub = str(self.publish)
        sources = sorted((self.corpus / "source").glob("*.txt"))
        rebuild_corpus = self.rebuild_corpus

        def imp(rnd: int) -> list[str] | str:
            if not sources:
                return f"no raw text in {self.corpus / 'source'}"
            return [pub, "import", str(sources[0]), "--out",
                    str(self.out("import", rnd) / self.id), "--id", self.id]

        def check(rnd: int) -> list[str] | str:
            pdf = self.pdf_of("pdf", rnd)
            return [pub, "check", str(self.corpus), str(pdf)] if pdf.exists() else \
                "needs the PDF of this round's cold build"

        def weasy_plain(rnd: int) -> list[str]:
            return [self.python, "-m", "weasyprint", str(self.plain),
                    str(self.out("plain", rnd) / f"{self.id}.pdf")]

        def weasy_own(rnd: int) -> list[str] | str:
            html = self.out("html", rnd) / self.id / f"{self.id}.html"
            if not html.exists():
                return "needs the print HTML of `publish build --format html`"
            return [self.python, "-m", "weasyprint", str(html),
                    str(self.out("own", rnd) / f"{self.id}.pdf")]

        def typst(rnd: int) -> list[str] | str:
            probe = subprocess.run([self.python, "-c", "import typst"], capture_output=True)
            if probe.returncode != 0:
                return "the typst package is not installed (pip install -e '.[bench]')"
            out = self.out("typst", rnd) / f"{self.id}.pdf"
            return typst_command(self.python, self.typst, out, ROOT / "fonts")

        def pandoc(ext: str) -> Callable[[int], list[str] | str]:
            def make(rnd: int) -> list[str] | str:
                if not self.pandoc:
                    return f"pandoc not found ({self.args.pandoc}); run scripts/system-deps.sh"
                return [self.pandoc, str(self.markdown), "-o",
                        str(self.out(f"pandoc-{ext}", rnd) / f"{self.id}.{ext}")]
            return make

        def double(rnd: int) -> list[str] | str:
            if "double" in self.prep_notes:
                return self.prep_notes["double"]
            return self.build("double", self.double, "pdf")(rnd)

        def volume(rnd: int) -> list[str] | str:
            if not self.volume_dirs:
                return "disabled (--volume < 2)"
            return [pub, "build", *map(str, self.volume_dirs), "--format", "pdf",
                    "--out", str(self.out("volume", rnd))]

        def fresh_copy(rnd: int) -> str | None:
            copy_corpus(self.corpus, rebuild_corpus(rnd))
            return None

        def edit(rnd: int) -> str | None:
            if not self.pdf_of("rebuild", rnd).exists():
                return "needs the first build of the copy"
            edit_one_paragraph(rebuild_corpus(rnd))
            return None

        return [
            Bench("import", "import (raw text → corpus)", imp),
            Bench("pdf", "build --format pdf, PUBLISH_CACHE=off", self.build("pdf", self.corpus,
                  "pdf"), env=lambda rnd: COLD, heavy=True),
            Bench("plain", "WeasyPrint alone on plain HTML of the same text", weasy_plain,
                  ours=False),
            Bench("typst", "Typst alone on the same text, page and fonts (PyPI typst)", typst,
                  ours=False),
            Bench("house", "build --format pdf --edition official (house edition), "
                  "PUBLISH_CACHE=off", self.build("house", self.corpus, "pdf", edition="official"),
                  env=lambda rnd: COLD, heavy=True),
            Bench("html", "build --format html, PUBLISH_CACHE=off",
                  self.build("html", self.corpus, "html"), env=lambda rnd: COLD),
            Bench("own", "WeasyPrint alone on our own composed HTML (--format html)", weasy_own,
                  ours=False),
            Bench("full", "build (all formats), empty cache", self.build("full", self.corpus, None),
                  env=lambda rnd: self.cache("full", rnd), heavy=True),
            Bench("docx+epub", "build --format docx,epub (print layout cached by the full build)",
                  self.build("docx+epub", self.corpus, "docx,epub"),
                  env=lambda rnd: self.cache("full", rnd)),
            Bench("docx+epub-cold", "build --format docx,epub, no print layout cached "
                  "(PUBLISH_CACHE=off)", self.build("docx+epub-cold", self.corpus, "docx,epub"),
                  env=lambda rnd: COLD),
            Bench("check", "check DIR PDF", check, ok_codes=(0, 1)),
            Bench("pandoc-docx", "pandoc Markdown → DOCX", pandoc("docx"), ours=False),
            Bench("pandoc-epub", "pandoc Markdown → EPUB", pandoc("epub"), ours=False),
            Bench("double", "build --format pdf of the issue twice as long, PUBLISH_CACHE=off",
                  double, env=lambda rnd: COLD, heavy=True),
            Bench("prime", "build --format pdf of a copy, empty private cache (before the edit)",
                  self.build("prime", rebuild_corpus, "pdf", out="rebuild"),
                  env=lambda rnd: self.cache("rebuild", rnd), heavy=True, before=fresh_copy),
            Bench("rebuild", "rebuild --format pdf after one paragraph changed (cache warm)",
                  self.build("rebuild", rebuild_corpus, "pdf", out="rebuild"),
                  env=lambda rnd: self.cache("rebuild", rnd), heavy=True, before=edit),
            Bench("volume", f"build {self.args.volume} issues --format pdf (one command), "
                  "PUBLISH_CACHE=off", volume, env=lambda rnd: COLD, heavy=True),
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
        return f"failed (exit {run.returncode}): {line}"

    def run_one(self, bench: Bench, rnd: int) -> None:
        series = self.series.setdefault(bench.key, Series(bench.key, bench.label))
        if series.skipped:
            return
        note = bench.before(rnd) if bench.before else None
        cmd = note or bench.make(rnd)
        if isinstance(cmd, str):
            series.skipped = cmd
            console.print(f"  [yellow]skip[/] {bench.label}: {cmd}")
            return
        series.command = self.show(cmd)
        for arg in cmd:                       # output directories the command writes into
            if str(self.tmp / "out") in arg:
                Path(arg).parent.mkdir(parents=True, exist_ok=True)
        timeout = self.args.timeout * (max(2, self.args.volume) if bench.key == "volume" else 1)
        run = measure(cmd, env={**self.env(), **bench.env(rnd)}, timeout=timeout)
        note = self.classify(bench, run)
        if note:
            series.skipped = note
            console.print(f"  [yellow]skip[/] {bench.label}: {note}")
            return
        series.runs.append(run)
        extra = ""
        if bench.key == "rebuild":
            pdf = self.pdf_of("rebuild", rnd)
            found = pdf.exists() and EDIT_MARK in pdf_text(pdf)
            self.edit_found.append(found)
            self.rebuild_notes = [ln.strip() for ln in run.stderr.splitlines()
                                  if ln.strip() and not ln.startswith("wrote ")]
            extra = f"; edit in the PDF: {'yes' if found else 'NO'}"
            if rnd == 1:                      # once: it costs a cold build
                self.rebuild_same = self.same_as_cold(rnd)
                extra += f"; bytes equal a cold build's: {'yes' if self.rebuild_same else 'NO'}"
        if bench.key == "volume":
            shutil.rmtree(self.out("volume", rnd), ignore_errors=True)   # keep the disk small
        console.print(f"  {bench.label}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB "
                      f"(all processes {run.sum_mb:.0f} MB){extra}")

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)    # outputs date from the issue, as in real use
        env.pop("PUBLISH_CACHE", None)        # each command says whether it wants the cache
        env.pop("PYTHONDONTWRITEBYTECODE", None)   # Python as a user runs it (see prepare)
        env["XDG_CACHE_HOME"] = str(self.tmp / "cache" / "shared")
        return env

    def show(self, cmd: list[str]) -> str:
        """The command as a reader could retype it: repo-relative, temp dir as $TMP; a volume's
        ten folders shortened."""
        if self.volume_dirs and str(self.volume_dirs[0]) in cmd:
            first = cmd.index(str(self.volume_dirs[0]))
            cmd = cmd[:first] + [f"{self.volume_dirs[0]} … {self.volume_dirs[-1].name}"] + \
                cmd[first + len(self.volume_dirs):]
        text = " ".join(a if " … " in a else shlex.quote(a) for a in cmd)   # … : the volume
        text = text.replace(str(self.tmp), "$TMP")
        return text.replace(str(ROOT) + "/", "")

    def rounds(self) -> None:
        benches = self.benches()
        for rnd in range(1, self.args.repeat + 1):
            console.print(f"[bold]round {rnd}/{self.args.repeat}[/]")
            for bench in benches:
                if bench.key == "volume" and rnd > (self.args.volume_repeat or rnd):
                    continue
                if bench.key in self.args.skip:
                    self.series.setdefault(bench.key, Series(bench.key, bench.label)).skipped = \
                        "skipped (--skip)"
                    continue
                self.run_one(bench, rnd)


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
    get = lambda k: s[k] if k in s and s[k].ok else None  # noqa: E731
    why = lambda *ks: "; ".join(f"{k}: {s[k].skipped}" for k in ks  # noqa: E731
                                if k in s and s[k].skipped) or "not measured"
    out: list[Target] = []

    def ratio(name: str, num: list[str], den: list[str], limit: float | None, what: str,
              percent: bool = False, ok: bool = True, extra: str = "") -> None:
        shown = what if limit is None else f"≤ {limit * 100:.0f}% of {what}" if percent \
            else f"≤ {limit:g}× {what}"
        if all(get(k) for k in num + den):
            a = sum(s[k].median for k in num)
            b = sum(s[k].median for k in den)
            out.append(Target(name, ratio_figure(a, b, percent) + extra, shown,
                              "reference" if limit is None else verdict(a / b, limit, ok)))
        else:
            out.append(Target(name, "—", shown, "not measured: " + why(*num, *den)))

    ratio("1. PDF build, PUBLISH_CACHE=off, vs WeasyPrint alone on plain semantic HTML of "
          "the same text", ["pdf"], ["plain"], PDF_VS_PLAIN, "WeasyPrint on plain HTML")
    ratio("PDF build, PUBLISH_CACHE=off, vs Typst alone on the same text, page and fonts "
          "(issue 22's reference)", ["pdf"], ["typst"], None, "no limit: a reference row")
    ratio("House edition vs source edition (PDF, PUBLISH_CACHE=off; issue 22)", ["house"],
          ["pdf"], HOUSE_VS_SOURCE, "the source edition")
    found = r.edit_found
    edit = (f"; edit in the rebuilt PDF: {sum(found)}/{len(found)} rebuilds" if found else "")
    same = r.rebuild_same
    edit += "" if same is None else f"; bytes equal a cold build's: {'yes' if same else 'NO'}"
    ratio("2. Rebuild after one paragraph changed (cache on) vs the cold build (PDF, "
          "PUBLISH_CACHE=off)", ["rebuild"], ["pdf"], REBUILD_SHARE, "a cold build",
          percent=True, ok=bool(found) and all(found) and same is not False, extra=edit)
    ratio(f"3. {r.args.volume}-issue volume vs one issue (PDF, PUBLISH_CACHE=off)", ["volume"],
          ["pdf"], VOLUME_VS_SINGLE, "one issue")
    heavy = [(k, s[k].peak_mb) for k in HEAVY if get(k)]
    if heavy:
        k, mb = max(heavy, key=lambda kv: kv[1])
        out.append(Target("4. Peak memory per process, worst of the PDF and volume builds",
                          f"{mb:.0f} MB ({s[k].label})", f"≤ {PEAK_MB:g} MB",
                          verdict(mb, PEAK_MB)))
    else:
        out.append(Target("4. Peak memory per process", "—", f"≤ {PEAK_MB:g} MB",
                          "not measured: " + why(*HEAVY)))
    for key, limit, what in (("pdf", SUM_MB, "a PDF build"),
                             ("volume", VOLUME_SUM_MB, f"a {r.args.volume}-issue volume")):
        name = f"4. Peak memory of {what}, all its processes summed (PUBLISH_CACHE=off)"
        if get(key):
            out.append(Target(name, f"{s[key].sum_mb:.0f} MB (largest process "
                              f"{s[key].peak_mb:.0f} MB)", f"≤ {limit:g} MB",
                              verdict(s[key].sum_mb, limit)))
        else:
            out.append(Target(name, "—", f"≤ {limit:g} MB", "not measured: " + why(key)))
    ratio("5. Issue twice as long vs the bundled issue (PDF, PUBLISH_CACHE=off)", ["double"],
          ["pdf"], DOUBLE_VS_SINGLE, "the bundled issue")
    ratio("6. Full build vs WeasyPrint alone on our own composed HTML (hides the cost of the "
          "composed HTML; see 1)", ["full"], ["own"], FULL_VS_OWN_HTML, "WeasyPrint on our HTML")
    ratio("PDF build, PUBLISH_CACHE=off, vs WeasyPrint alone on our own composed HTML (issue 3)",
          ["pdf"], ["own"], PDF_VS_OWN_HTML, "WeasyPrint on our HTML")
    ratio("DOCX+EPUB build (print layout cached) vs pandoc DOCX + pandoc EPUB (issue 7)",
          ["docx+epub"], ["pandoc-docx", "pandoc-epub"], DOCX_EPUB_VS_PANDOC, "pandoc")
    ratio("DOCX+EPUB build, no print layout cached (PUBLISH_CACHE=off), vs pandoc DOCX + "
          "pandoc EPUB (issue 22)", ["docx+epub-cold"], ["pandoc-docx", "pandoc-epub"],
          DOCX_EPUB_VS_PANDOC, "pandoc")
    chk = get("check")
    out.append(Target("Check on the bundled issue's PDF (issue 4)",
                      f"{chk.median:.2f} s" if chk else "—", f"≤ {CHECK_SECONDS:g} s",
                      verdict(chk.median, CHECK_SECONDS) if chk
                      else "not measured: " + why("check")))
    return out


HEAVY = ("pdf", "house", "full", "double", "prime", "rebuild", "volume")
ORDER = ["pdf", "plain", "typst", "house", "html", "own", "full", "rebuild", "prime", "double",
         "volume", "docx+epub", "docx+epub-cold", "pandoc-docx", "pandoc-epub", "check",
         "import"]
BASELINE = {"pdf": ("plain",), "typst": ("plain",), "house": ("pdf",), "full": ("own",),
            "rebuild": ("pdf",), "prime": ("pdf",), "double": ("pdf",), "volume": ("pdf",),
            "docx+epub": ("pandoc-docx", "pandoc-epub"),
            "docx+epub-cold": ("pandoc-docx", "pandoc-epub")}


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
            out.append([f"`{key}`", sr.label, fmt_s(sr.median), f"{fmt_s(lo)}–{fmt_s(hi)}",
                        str(len(sr.runs)), fmt_mb(sr.peak_mb), fmt_mb(sr.sum_mb), vs(r, key),
                        ""])
        else:
            out.append([f"`{key}`", sr.label, "—", "—", "0", "—", "—", "",
                        f"skipped: {sr.skipped}"])
    return out


HEAD = ["Key", "Measurement", "Median s", "Min–max s", "Runs", "Peak MB", "Sum MB", "Ratio",
        "Note"]
RIGHT = ("Median s", "Runs", "Peak MB", "Sum MB")


def print_tables(r: Runner, tgts: list[Target]) -> None:
    t = Table(title="bench/run.py — measurements")
    for h in HEAD:
        t.add_column(h, justify="right" if h in RIGHT else "left")
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
        f"{info['load_after']}. The run took {info['minutes']:.1f} min.",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        f"Corpus `{r.show([str(r.corpus)])}` (issue `{r.id}`, {len(r.issue.get('articles', []))} "
        f"articles). Median of {r.args.repeat} run(s) each (the volume: "
        f"{min(r.args.volume_repeat or r.args.repeat, r.args.repeat)}), in interleaved rounds, "
        "every "
        "command in a fresh process; peak memory is the largest resident set of the command "
        "or any process it waited for (`getrusage(RUSAGE_CHILDREN).ru_maxrss`); Sum MB the "
        "largest sum of the resident sets of the command and all its processes at one "
        "moment (sampled every 50 ms from /proc).",
        "",
        "### Acceptance targets",
        "",
        "| Target | Measured | Limit | Verdict |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {md_cell(t.name)} | {md_cell(t.figure)} | {md_cell(t.limit)} | "
              f"{'**FAIL**' if t.verdict == 'FAIL' else md_cell(t.verdict)} |" for t in tgts]
    if r.rebuild_notes:
        lines += ["", "What the last rebuild printed (besides the files it wrote):", ""]
        lines += [f"- `{md_cell(n)}`" for n in r.rebuild_notes[:8]]
    lines += ["", "### Measurements", "", "| " + " | ".join(HEAD) + " |",
              "|" + "|".join(" ---: " if h in RIGHT else " --- " for h in HEAD) + "|"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows(r)]
    lines += ["", "Commands (`$TMP` is a fresh temporary directory; `PUBLISH_CACHE=off` where the "
              "label says so, else `XDG_CACHE_HOME` is a folder of this run, empty before the "
              "first command that uses it in each round):", ""]
    for key in ORDER:
        sr = r.series.get(key)
        if sr and sr.command:
            lines.append(f"- `{key}`: `{sr.command}`")
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
    p.add_argument("--volume-repeat", type=int, default=None, help="runs of the volume build, "
                   "the slowest (default: --repeat); its runs are the first rounds'")
    p.add_argument("--skip", default="", help="comma-separated keys of measurements to leave "
                   "out (see the Key column), e.g. volume,double")
    p.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "2024-02")
    p.add_argument("--publish", type=Path, default=None,
                   help="the publish executable (default: .venv/bin/publish)")
    p.add_argument("--pandoc", default="/usr/bin/pandoc", help="pandoc binary "
                   "(default: Debian's /usr/bin/pandoc)")
    p.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    p.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--timeout", type=float, default=900, help="seconds per command (the "
                   "volume gets this times its issue count)")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    if args.repeat < 3:
        console.print("[yellow]note: fewer than 3 runs; the acceptance figures want medians "
                      "of at least 3[/]")
    args.skip = {k.strip() for k in args.skip.split(",") if k.strip()}
    if args.volume < 2:
        args.skip.add("volume")
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
    start = dt.datetime.now()
    try:
        runner = Runner(args, publish, tmp, issue)
        runner.prepare()
        runner.rounds()
        info = {"date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
                "machine": machine(), "versions": versions(publish, runner.pandoc),
                "load_before": load_before, "load_after": load_average(),
                "minutes": (dt.datetime.now() - start).total_seconds() / 60}
        tgts = targets(runner)
        print_tables(runner, tgts)
        if not args.no_write:
            replace_section(args.results, markdown(runner, tgts, info))
            shown = args.results.relative_to(ROOT) if args.results.is_relative_to(ROOT) \
                else args.results
            console.print(f"wrote {shown}")
    finally:
        if args.keep:
            console.print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
