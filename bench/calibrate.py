#!/usr/bin/env python3
"""Calibrate the print layout against the source pagination (issue 4's fidelity goal).

The importer recorded where the source's pages ended inside paragraphs (Article.page_breaks,
a block and a character offset): between two such points lies exactly one source page, and
each point is the start of a source line. This script measures, without tuning anything by
hand:

1. characters per line — for each candidate grid, how many recorded page-break offsets fall
   exactly on the start of one of our composed lines;
2. lines per page — how many of our lines each known source page holds, and how many
   characters it holds (a 22-line page of 28 characters cannot hold more than 616);
3. the layouts — the house style and candidate source grids, each rendered with WeasyPrint:
   how many known source page ends fall where ours do (same block, same line), how many
   articles take as many pages as in the source, and how many start on their 目录 page;
4. the source edition (publish/source_edition): its calibration, start pages and what it
   could not honour.

Writes its section of bench/RESULTS.md between the calibrate.py markers (unless
--no-write) and prints it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _lib import replace_section  # noqa: E402
from publish import corpus
from publish.layout import document
from publish.layout.style import OFFICIAL, SOURCE_GRID, HouseStyle
from publish.model import Issue



# ------------------------------------------------------------------ line starts

def composed(issue: Issue, style: HouseStyle) -> dict[str, document.ArticleView]:
    c = document.Composer(style)
    return {a.id: document.build_article(c, a, issue) for a in issue.articles}


def break_agreement(issue: Issue, style: HouseStyle) -> tuple[int, int]:
    views = composed(issue, style)
    hit = total = 0
    for art in issue.articles:
        for pb in art.page_breaks:
            total += 1
            hit += pb.offset in views[art.id].blocks[pb.block].line_starts
    return hit, total


def line_of(view: document.ArticleView, block: int, offset: int) -> tuple[int, bool]:
    """(line number within the article body, does a line start exactly there)."""
    index = [b.index if b.index is not None else i for i, b in enumerate(view.blocks)]
    first = index.index(block)                      # a cut block comes in several parts
    before = sum(len(b.line_starts) for b in view.blocks[:first])
    starts = [s for b, i in zip(view.blocks, index) if i == block for s in b.line_starts]
    k = max(i for i, s in enumerate(starts) if s <= offset)
    return before + k, starts[k] == offset


def source_pages(issue: Issue, style: HouseStyle) -> tuple[list[int], list[int]]:
    """Our lines and the characters in every known source page (between two breaks)."""
    views = composed(issue, style)
    lines, chars = [], []
    for art in issue.articles:
        view = views[art.id]
        for a, b in zip(art.page_breaks, art.page_breaks[1:]):
            la, _ = line_of(view, a.block, a.offset)
            lb, _ = line_of(view, b.block, b.offset)
            lines.append(lb - la)
            if a.block == b.block:
                chars.append(b.offset - a.offset)
            else:
                chars.append(len(art.blocks[a.block].text) - a.offset + b.offset + sum(
                    len(art.blocks[i].text) for i in range(a.block + 1, b.block)))
    return lines, chars


# ------------------------------------------------------------------ rendered layouts

def render(issue: Issue, view: document.IssueView):
    import weasyprint

    from publish.render.pagination import pagination_of
    from publish.render.printhtml import render as render_html
    from publish.render.printhtml import render_css
    html = render_html(issue, view, css=render_css(view.style))
    doc = weasyprint.HTML(string=html).render()
    return pagination_of(doc, view)


def layout_figures(issue: Issue, view: document.IssueView) -> dict[str, tuple[int, int]]:
    pagination = render(issue, view)
    views = {a.id: a for a in view.articles}
    arts = list(issue.articles)
    # known source page ends reproduced: one of our pages starts on the line that holds
    # the recorded break
    ends = total_ends = 0
    starts_by_article: dict[str, list[tuple[int, int]]] = {}
    for ps in pagination.pages:
        if ps.block >= 0:
            line, _ = line_of(views[ps.article], ps.block, ps.offset)
            starts_by_article.setdefault(ps.article, []).append(line)
    for art in arts:
        ours = set(starts_by_article.get(art.id, []))
        for pb in art.page_breaks:
            total_ends += 1
            line, _ = line_of(views[art.id], pb.block, pb.offset)
            ends += line in ours
    counts = Counter(ps.article for ps in pagination.pages)
    same_len = sum(1 for a, b in zip(arts, arts[1:])
                   if a.page and b.page and counts[a.id] == b.page - a.page)
    on_page = sum(1 for a in arts if a.page == pagination.start_page(a.id))
    return {"known source page ends reproduced": (ends, total_ends),
            "articles as long as in the source": (same_len, len(arts) - 1),
            "articles starting on their 目录 page": (on_page, len(arts)),
            "pages": (len(pagination.pages), 0)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "2024-02")
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    issue = corpus.load(args.corpus)
    t0 = time.perf_counter()
    out = ["## Calibration against the source pagination (bench/calibrate.py)", "",
           f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on `{args.corpus.name}`"
           f" ({len(issue.articles)} articles, "
           f"{sum(len(a.page_breaks) for a in issue.articles)} recorded source page breaks).", ""]

    out += ["### 1. Characters per line", "",
            "Recorded page-break offsets that fall on the start of one of our lines:", "",
            "| characters a line | offsets on a line start |", "| ---: | ---: |"]
    best = None
    for cpl in (26, 27, 28, 29, 30):
        hit, total = break_agreement(issue, OFFICIAL.with_(chars_per_line=cpl))
        out.append(f"| {cpl} | {hit}/{total} |")
        if best is None or hit > best[1]:
            best = (cpl, hit)
    out += ["", f"The source grid has **{best[0]} characters a line** (the house style's 28).", ""]

    lines, chars = source_pages(issue, OFFICIAL)
    hist = Counter(lines)
    per_page = statistics.median(lines)
    single = [c for c, n in zip(chars, lines) if n <= per_page * 1.5]
    out += ["### 2. Lines per source page", "",
            f"Known source pages (between two recorded breaks): {len(lines)}. Our lines per "
            "source page: " + ", ".join(f"{k}×{v}" for k, v in sorted(hist.items())) +
            f"; median **{per_page:g}**.",
            f"Characters per single source page: median {statistics.median(single):.0f}, "
            f"max {max(single)}; {sum(c > 22 * 28 for c in single)} of {len(single)} hold "
            f"more than 22 × 28 = 616, which a 22-line page cannot.",
            f"So the source was set **{best[0]} × {per_page:g}**, not on the 22-line grid of "
            "the house style: the house style cannot keep the source pagination by itself.", ""]

    out += ["### 3. Layouts", "",
            "| layout | source page ends reproduced | articles as long as in the source | "
            "start on their 目录 page | pages |", "| --- | ---: | ---: | ---: | ---: |"]
    candidates = [
        ("house style (22 lines, default build)", OFFICIAL),
        ("source grid: 24 lines, titles on the grid (SOURCE_GRID)", SOURCE_GRID),
        ("source grid + a blank line after the title block",
         SOURCE_GRID.with_(title_gap_lines=1)),
        ("source grid, hanging lists and display titles as the house style",
         SOURCE_GRID.with_(hanging_lists=True, display_gap_lines=1)),
    ]
    for label, style in candidates:
        fig = layout_figures(issue, document.build(issue, style))
        out.append(f"| {label} | " + " | ".join(
            f"{a}/{b}" if b else str(a) for a, b in fig.values()) + " |")

    from publish import source_edition
    plan = source_edition.plan(issue)
    fig = layout_figures(issue, plan.view)
    out += ["", "### 4. The source edition (`publish build --edition source`, the default)", "",
            plan.calibration.summary() + ".",
            f"Articles starting on their 目录 page: **{fig['articles starting on their 目录 page'][0]}"
            f"/{len(issue.articles)}**; not honoured: {'; '.join(plan.notes) or 'nothing'}.",
            "", f"({time.perf_counter() - t0:.0f} s)"]
    body = "\n".join(out)
    print(body)
    if not args.no_write:
        replace_section(args.results, body, "calibrate.py")
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
