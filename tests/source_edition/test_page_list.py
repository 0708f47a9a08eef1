"""One wrong page number (issue 21): a 目录 page the text contradicts never moves the grid,
never adds blank pages or overprints lines; lint and build name it with its file and line;
a hopeless page list is refused (exit 2) in seconds. On a copy of the bundled corpus."""
from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish import corpus, source_edition
from publish.cli import main
from publish.errors import UserError
from tests.source_edition.variants import without_grid as _without_grid


def _page_line(path: Path) -> int:
    """The line of ``page:`` in an article's front matter."""
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("page:"))


def _set_page(directory: Path, index: int, page: int) -> Path:
    """Write ``page`` into the article file ``index`` (and its 目录 line, so only the page
    list as a whole is wrong, not the 目录 against the articles)."""
    issue = corpus.load(directory)
    old = issue.articles[index].page
    path = Path(issue.articles[index].page_at.rpartition(":")[0])
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^page: .*$", f"page: {page}", text, count=1), "utf-8")
    yaml_path = directory / "issue.yaml"
    toc = yaml_path.read_text("utf-8").splitlines()
    at = int(issue.toc[index].page_at.rpartition(":")[2]) - 1
    assert toc[at].strip() == f"page: {old}"
    toc[at] = toc[at].replace(str(old), str(page))
    yaml_path.write_text("\n".join(toc) + "\n", "utf-8")
    return path


def _slipped(issue, index: int, page: int | None):
    """The issue with the ``index``-th article's page changed; None: lost, its ``page:`` and
    its 目录 line (an article without ``page:`` takes its 目录 line's)."""
    arts = list(issue.articles)
    arts[index] = replace(arts[index], page=page)
    toc = issue.toc if page is not None else issue.toc[:index] + issue.toc[index + 1:]
    return replace(issue, articles=tuple(arts), toc=toc)


@pytest.mark.parametrize("where,how", [(1 / 3, "digits"), (1 / 2, "huge"), (2 / 3, "one-less"),
                                       (0.0, "first")])
def test_one_wrong_number_moves_nothing_else(bundled_issue, where, how):
    """The grid and every other article's start stay as they were; only the wrong page's
    article is named."""
    good = source_edition.plan(bundled_issue)
    k = int(where * (len(bundled_issue.articles) - 1))
    page = bundled_issue.articles[k].page
    wrong = {"digits": int(str(page)[::-1] + "0") if page < 10 else int(str(page)[::-1]),
             "huge": 100000, "one-less": page - 1, "first": page + 2}[how]
    if wrong == page:
        wrong = page + 30
    issue = _slipped(bundled_issue, k, wrong)
    started = time.monotonic()
    bad = source_edition.plan(issue)
    assert time.monotonic() - started < 60
    assert bad.calibration.lines_per_page == good.calibration.lines_per_page
    assert bad.calibration.pitch == good.calibration.pitch
    assert [c.article for c in bad.contradictions] == [issue.articles[k].id]
    firsts = {p.article: p.number for p in bad.pagination.pages if p.block == -1}
    for art in issue.articles:
        if art.id != issue.articles[k].id:
            assert firsts[art.id] == art.page, art.id
    assert len(bad.pagination.pages) == len(good.pagination.pages)      # no blank pages
    assert not any(a.blank_pages_before for a in bad.view.articles)


def test_lint_names_the_file_and_line(corpus_copy):
    issue = corpus.load(corpus_copy)
    k = len(issue.articles) // 3
    path = _set_page(corpus_copy, k, issue.articles[k].page + 36)
    result = CliRunner().invoke(main, ["lint", str(corpus_copy), "--json"])
    assert result.exit_code == 1, result.output
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "page-list"]
    assert len(found) == 1 and found[0]["severity"] == "error"
    assert f"{path}:{_page_line(path)}:" in found[0]["message"]
    assert found[0]["article"] == issue.articles[k].id


def _toc_slip(corpus_copy) -> int:
    """A 目录 page in issue.yaml off by nine; returns its line."""
    issue = corpus.load(corpus_copy)
    k = len(issue.articles) // 2
    at = issue.toc[k].page_at
    yaml_path = corpus_copy / "issue.yaml"
    lines = yaml_path.read_text("utf-8").splitlines()
    line = int(at.rpartition(":")[2])
    lines[line - 1] = lines[line - 1].replace(str(issue.toc[k].page), str(issue.toc[k].page + 9))
    yaml_path.write_text("\n".join(lines) + "\n", "utf-8")
    return line


def test_lint_names_a_toc_page_that_differs_from_its_article(corpus_copy):
    line = _toc_slip(corpus_copy)
    result = CliRunner().invoke(main, ["lint", str(corpus_copy), "--json"])
    assert result.exit_code == 1
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "page-list"]
    assert any(f"issue.yaml:{line}:" in f["message"] for f in found), found


def test_build_names_a_toc_page_that_differs_from_its_article(corpus_copy, tmp_path):
    line = _toc_slip(corpus_copy)
    result = CliRunner().invoke(main, ["build", str(corpus_copy), "--format", "docx",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert f"issue.yaml:{line}: the 目录 gives page" in result.output


def _swapped(issue, *ks: int):
    """``issue`` with each 目录 line ``k`` printed after line ``k + 1``, each keeping its page."""
    toc = list(issue.toc)
    for k in ks:
        toc[k], toc[k + 1] = toc[k + 1], toc[k]
    return replace(issue, toc=tuple(toc))


def test_a_toc_out_of_order_gives_no_wrong_page(bundled_issue):
    """目录 lines 5/6 and 19/20 swapped, each with its own page (the tester's v19): each line
    is compared with the article its title names, so no page is wrong, and the order is the
    check's one finding, on those four lines."""
    from publish.check import check
    from publish.check.report import ORDER
    issue = _swapped(bundled_issue, 4, 18)
    assert source_edition.toc_mismatches(issue) == []
    assert [e.index for e in check(issue).entries if ORDER in e.problems] == [5, 6, 19, 20]


def test_a_wrong_page_in_a_toc_out_of_order_is_named_once_on_its_own_line(bundled_issue):
    """Lines 5/6 swapped and the one naming article 5 off by nine: that line alone is named,
    with the page of the article its title names."""
    issue = _swapped(bundled_issue, 4)
    toc = list(issue.toc)
    toc[5] = replace(toc[5], page=toc[5].page + 9)
    art = issue.articles[4]
    found = source_edition.toc_mismatches(replace(issue, toc=tuple(toc)))
    assert found == [(art.id, f"{toc[5].page_at}: the 目录 gives page {art.page + 9}, the "
                              f"article's page: {art.page} ({art.page_at})")]


def test_lint_and_build_pass_a_toc_out_of_order(corpus_copy, tmp_path):
    """The same swap written in issue.yaml: lint reports no page-list error and the build
    exits 0 (it exited 1 on four wrong pages)."""
    yaml_path = corpus_copy / "issue.yaml"
    lines = yaml_path.read_text("utf-8").splitlines()
    issue = corpus.load(corpus_copy)
    for k in (4, 18):                  # each entry: its title line, then its page line
        a, b = (int(issue.toc[i].page_at.rpartition(":")[2]) - 2 for i in (k, k + 1))
        lines[a:a + 2], lines[b:b + 2] = lines[b:b + 2], lines[a:a + 2]
    yaml_path.write_text("\n".join(lines) + "\n", "utf-8")
    assert corpus.load(corpus_copy).toc == _swapped(issue, 4, 18).toc
    result = CliRunner().invoke(main, ["lint", str(corpus_copy), "--json"])
    assert result.exit_code == 0, result.output
    assert not [f for f in json.loads(result.output)["findings"] if f["code"] == "page-list"]
    built = CliRunner().invoke(main, ["build", str(corpus_copy), "--format", "docx",
                                      "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert "the 目录 gives page" not in built.output


def test_a_hopeless_page_list_is_refused_in_seconds(corpus_copy, tmp_path):
    issue = corpus.load(corpus_copy)
    n = len(issue.articles)
    for k in range(1, n, 2):                  # every other page far out of order
        _set_page(corpus_copy, k, 90000 - k)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["build", str(corpus_copy), "--format", "pdf",
                                       "--out", str(tmp_path / "out")])
    assert time.monotonic() - started < 60
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert re.search(r"articles/\S+\.md:\d+: the page list contradicts the text", result.output)
    assert not list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.slow
def test_what_the_refusal_advises_works_and_lint_lists_everything(corpus_copy, tmp_path):
    """The refusal says "build --edition official": that builds (its proof report's lint
    once raised the same refusal), and lint reports the page list as one error among its
    other findings, exit 1, instead of stopping with exit 2."""
    issue = corpus.load(corpus_copy)
    for k in range(1, len(issue.articles), 2):
        _set_page(corpus_copy, k, 90000 - k)
    result = CliRunner().invoke(main, ["build", str(corpus_copy), "--format", "pdf",
                                       "--edition", "official", "--out", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    assert list((tmp_path / "out").rglob("*.pdf"))
    result = CliRunner().invoke(main, ["lint", str(corpus_copy), "--json"])
    assert result.exit_code == 1, result.output
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert "page-list" in codes and "duplicate-paragraph" in codes


@pytest.mark.slow
def test_a_build_with_one_wrong_number_names_it_and_never_overprints(corpus_copy, tmp_path):
    import pdfplumber

    issue = corpus.load(corpus_copy)
    k = len(issue.articles) // 3
    path = _set_page(corpus_copy, k, issue.articles[k].page + 36)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus_copy), "--format", "pdf",
                                       "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{path}:{_page_line(path)}: page" in result.output
    pdf = out / issue.id / f"{issue.id}.pdf"
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) < 2 * (issue.articles[-1].page + 10)     # no run of blank pages
        for page in doc.pages:
            tops = sorted(line["top"] for line in page.extract_text_lines())
            gaps = [b - a for a, b in zip(tops, tops[1:])]
            assert all(g > 16 for g in gaps), (page.page_number, min(gaps))


def test_pages_that_cannot_be_made_full_are_listed_with_their_reason(corpus_copy, tmp_path):
    """A grid set by hand three lines longer than the source's page: the pages of one
    paragraph cannot share the space; lint (--json) and build list each with its reason."""
    good = source_edition.plan(corpus.load(corpus_copy)).calibration
    path = corpus_copy / "issue.yaml"
    path.write_text(_without_grid(path.read_text("utf-8")) + "source_grid:\n"
                    f"  chars_per_line: {good.chars_per_line}\n"
                    f"  lines_per_page: {good.lines_per_page + 3}\n", "utf-8")
    result = CliRunner().invoke(main, ["lint", str(corpus_copy), "--json"])
    found = [f for f in json.loads(result.output)["findings"] if f["code"] == "page-not-full"]
    assert found and all("ends short of the type area: " in f["message"] for f in found)
    plan = source_edition.plan(corpus.load(corpus_copy))
    short = [f for f in plan.fills if f.reason]
    assert len(found) == len(short) and all(not f.last for f in short)
    built = CliRunner().invoke(main, ["build", str(corpus_copy), "--format", "docx",
                                      "--out", str(tmp_path / "out")])
    for f in short:
        assert f"{f.article}: page {f.folio} ends short of the type area: {f.reason}" in \
            built.output


def test_a_page_list_giving_every_article_a_page_too_many_is_a_warning_each(bundled_issue):
    """Each article one page longer than its text: no page is contradicted (the text can be
    spread), but lint names every article the 目录 spreads, and the build notes it."""
    arts = tuple(replace(a, page=a.page + i) for i, a in enumerate(bundled_issue.articles))
    issue = replace(bundled_issue, articles=arts, source_grid=None)
    plan = source_edition.plan(issue)
    assert not plan.contradictions
    spread = {x.article for x in plan.spread}
    assert spread == {a.id for a in arts[:-1]}
    assert all(x.pages == x.fills + 1 for x in plan.spread)
    assert sum("it is spread over them" in n for n in plan.notes) == len(spread)
    from publish.check.lint import page_list
    found = [f for f in page_list(issue) if f.code == "page-list-spread"]
    assert {f.article for f in found} == spread and all(f.severity == "warning" for f in found)


def test_the_bundled_page_list_spreads_no_article(bundled_issue):
    assert source_edition.plan(bundled_issue).spread == []


def _on_one_page(issue):
    """Two articles printed on one page: the 目录 gives the article after the first
    one-page article that article's page, and every later article a page less (the issue is
    a page shorter). Returns the issue and the index of the article that shares a page."""
    arts = issue.articles
    i = next(k for k in range(1, len(arts)) if arts[k].page - arts[k - 1].page == 1)
    moved = tuple(a if k < i else replace(a, page=a.page - 1) for k, a in enumerate(arts))
    toc = tuple(replace(e, page=a.page) for e, a in zip(issue.toc, moved))
    return replace(issue, articles=moved, toc=toc, source_grid=None), i


def test_two_articles_on_one_printed_page_are_one_contradiction_at_the_toc_line(
        bundled_issue):
    """Once every later article a page on, 17 contradictions and the source edition
    refused; now the cause is named once, at the 目录 line, and at most the article that
    cannot share the page and the one after it leave their 目录 pages."""
    issue, i = _on_one_page(bundled_issue)
    p = source_edition.plan(issue)
    [c] = p.contradictions
    assert c.article == issue.articles[i].id and c.at == issue.toc[i].page_at
    assert c.at.rpartition(":")[0].endswith("issue.yaml")
    assert f"on page {issue.articles[i].page} with {issue.articles[i - 1].id}: two " \
           "articles printed on one page" in c.line()
    assert sum("two articles printed on one page" in n for n in p.notes) == 1
    firsts = {s.article: s.number for s in p.pagination.pages if s.block == -1}
    off = [a.id for a in issue.articles if firsts[a.id] != a.page]
    assert off[0] == issue.articles[i].id and len(off) <= 2
    assert not any(a.blank_pages_before for a in p.view.articles)
    [s] = p.squeezed                       # the page fewer that brings the rest back
    assert s.article in off and s.moved_from == next(a.page for a in issue.articles
                                                      if a.id == s.article)
    assert f"it starts after its 目录 page {s.moved_from}" in s.line()
    from publish.check.lint import page_list
    assert [f.message for f in page_list(issue) if f.code == "page-list"] == [c.line()]


def test_a_toc_in_order_is_paired_without_the_aligner_s_matrices():
    """The build plans in its main process, which later holds the joined PDF: numpy (the
    aligner's matrices) cost it ~40 MB through that peak (bench: 272 → 307 MB for the issue
    twice as long). A 目录 whose lines name the articles at their places (the bundled issue,
    its one slip included) is paired without it; one out of order still goes to the aligner,
    which pairs each line with the article its title names (no page differs), and, with one
    slip left unpaired on each side, needs no matrix for it either."""
    from tests.tools import python_prints
    code = ("import sys; from publish import corpus, source_edition as s; "
            "from tests.paths import BUNDLED; i = corpus.load(BUNDLED); "
            "print(len(s.toc_mismatches(i)), 'numpy' in sys.modules)")
    assert python_prints(code).split() == ["0", "False"]
    swapped = code.replace("i = corpus.load(BUNDLED); ",
                           "i = corpus.load(BUNDLED); from dataclasses import replace; "
                           "t = list(i.toc); t[1], t[2] = t[2], t[1]; i = replace(i, toc=tuple(t)); ")
    assert python_prints(swapped).split() == ["0", "False"]


def test_an_article_the_toc_does_not_list_starts_after_the_one_before_it(bundled_issue):
    """Its 目录 line lost: every other article keeps its page, and it starts on the page
    after the one before it ends, the first on page 1 (the page it held, where nothing was
    left blank there), named in a note."""
    good = source_edition.plan(bundled_issue)
    first_page = {}
    for p in good.pagination.pages:
        first_page.setdefault(p.article, p.number)
    arts = bundled_issue.articles
    ends = {a.id: max(p.number for p in good.pagination.pages if p.article == a.id)
            for a in arts}
    # articles that start right after the one before them ends (no blank page between)
    follow = [k for k in range(1, len(arts)) if first_page[arts[k].id] == ends[arts[k - 1].id] + 1]
    assert follow
    first = [0] if first_page[arts[0].id] == 1 else []     # the first: on page 1
    for k in first + [follow[0], follow[len(follow) // 2], follow[-1]]:
        unlisted = _slipped(bundled_issue, k, None)
        plan = source_edition.plan(unlisted)
        got = {}
        for p in plan.pagination.pages:
            got.setdefault(p.article, p.number)
        assert got == first_page, arts[k].id
        assert not plan.contradictions
        note = [n for n in plan.notes if n.startswith(f"{arts[k].id}: the 目录 gives it no page")]
        assert note and f"page {first_page[arts[k].id]}" in note[0]


def test_every_second_toc_line_lost_still_calibrates_on_the_pages_between(bundled_issue):
    """With no two listed articles next to each other, no article's own page count is
    known; a listed article and the unlisted ones after it fill the pages up to the next
    listed one. Calibrated on those runs, the plan keeps the bundled grid's capacity and
    every article on its page (it once planned 24 lines a page: 5 contradictions, 22 pages
    short, articles squeezed)."""
    good = source_edition.plan(replace(bundled_issue, source_grid=None))
    arts = tuple(a if k % 2 == 0 else replace(a, page=None)
                 for k, a in enumerate(bundled_issue.articles))
    plan = source_edition.plan(replace(bundled_issue, articles=arts, source_grid=None,
                                       toc=bundled_issue.toc[::2]))

    def firsts(p):
        out = {}
        for s in p.pagination.pages:
            out.setdefault(s.article, s.number)
        return out
    assert firsts(plan) == firsts(good)
    assert plan.grid.capacity == good.grid.capacity and not plan.contradictions
    assert not plan.squeezed and plan.calibration.articles_counted == len(arts[::2]) - 1


def test_a_page_list_of_two_articles_does_not_bend_the_grid(bundled_issue):
    """Two articles, no recorded page end, the first given a page more than its text
    fills: the fewest lines that filled its pages were 13 (a 49 pt pitch, the text set
    three lines apart). Too little to calibrate on: the base grid, the article spread."""
    from publish.layout.style import SOURCE_GRID
    arts = tuple(replace(a, page_breaks=()) for a in bundled_issue.articles[:2])
    issue = replace(bundled_issue, articles=arts, toc=bundled_issue.toc[:2], source_grid=None)
    fills = sum(p.article == arts[0].id for p in source_edition.plan(issue).pagination.pages)
    later = arts[0].page + fills + 1
    arts = (arts[0], replace(arts[1], page=later))
    toc = (issue.toc[0], replace(issue.toc[1], page=later))
    plan = source_edition.plan(replace(issue, articles=arts, toc=toc))
    assert plan.grid.lines_per_page == SOURCE_GRID.lines_per_page
    assert [x.article for x in plan.spread] == [arts[0].id]


def test_a_long_unlisted_run_or_a_huge_page_number_is_planned_in_bounded_time(
        bundled_issue):
    """Calibrating on runs of articles is a subset sum: a run of many unlisted articles up
    to a page number near 100,000 took minutes (2,000 articles: 352 s). Runs of more than
    MAX_RUN articles are not calibrated on, and no run is asked for more pages than it
    has lines."""
    import time
    from publish.source_edition import MAX_RUN, _page_spans, _span_fits
    arts = list(bundled_issue.articles)
    unlisted = [replace(a, page=None) if 0 < k < len(arts) - 1 else a
                for k, a in enumerate(arts)]
    unlisted[-1] = replace(unlisted[-1], page=99_000)
    issue = replace(bundled_issue, articles=tuple(unlisted), source_grid=None)
    assert len(arts) - 1 > MAX_RUN and _page_spans(issue) == []
    began = time.perf_counter()
    try:
        source_edition.plan(issue)
    except UserError:
        pass
    assert time.perf_counter() - began < 60.0
    rows = [[object()] * 3, [object()] * 4]
    assert _span_fits(rows, 24, 99_000) is False          # more pages than lines


def test_an_article_too_long_to_plan_is_refused_naming_it(bundled_issue):
    """An article of 5 MB (its text pasted 400 times) ran lint for a minute into a
    MemoryError traceback and the PDF build out of memory: the page plan grows with the
    square of its lines. Past MAX_ROWS it is refused, naming its page line, before any
    plan."""
    first = bundled_issue.articles[0]
    lines = 6_600                           # past MAX_ROWS (6,000), 28 characters a line
    blocks = first.blocks * (-(-lines * 28 // sum(len(b.body_text) for b in first.blocks)))
    issue = replace(bundled_issue, articles=(replace(first, blocks=blocks),
                                             *bundled_issue.articles[1:]))
    started = time.monotonic()
    with pytest.raises(UserError, match=f"{first.id} fills [0-9,]+ lines of the source grid"
                       ".*--edition official") as exc:
        source_edition.plan(issue)
    assert time.monotonic() - started < 60
    assert f"{exc.value.path}:{exc.value.line}" == first.page_at


def test_an_article_too_long_to_plan_is_refused_before_composing(bundled_issue):
    """A 50 MB paragraph was composed (100 s, 4 GB in lint) before its rows were counted;
    its length alone refuses it now."""
    from publish.model import PARAGRAPH, Block, Span
    first = bundled_issue.articles[0]
    huge = Block(PARAGRAPH, (Span("字" * 1_000_000),))
    issue = replace(bundled_issue, articles=(replace(first, blocks=(*first.blocks, huge)),
                                             *bundled_issue.articles[1:]))
    started = time.monotonic()
    with pytest.raises(UserError, match=f"{first.id} holds [0-9,]+ characters"):
        source_edition.plan(issue)
    assert time.monotonic() - started < 5
