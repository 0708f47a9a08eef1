"""publish build's exit status (commands/build.py)."""
from __future__ import annotations

from dataclasses import replace

from publish.commands import build
from publish.model import Pagination
from publish.options import BuildOptions


class _Layout:
    """A print layout whose PDF put every page a page later than the plan."""

    def __init__(self, pagination):
        self.pagination = pagination
        self.notes: list[str] = []

    def summary(self) -> str:
        return "render: made up"


def test_a_pdf_off_the_source_plan_makes_the_build_exit_1(bundled_issue, monkeypatch):
    """The source edition's PDF whose pages are not the plan's (a page ran over: articles
    off their 目录 pages) was a plain note: the build exited 0."""
    from publish import source_edition
    plan = source_edition.plan(bundled_issue).pagination
    later = Pagination(tuple(replace(p, number=p.number + 1) for p in plan.pages))
    monkeypatch.setattr(build.render_stage, "print_layout",
                        lambda issue, options, **kw: _Layout(later))
    paged = build.paginate(bundled_issue, ["pdf"], BuildOptions())
    off = [n for n in paged.notes if "is on page" in n]
    assert off and all(isinstance(n, build.Shortfall) for n in off)


def test_the_lint_line_counts_by_severity_and_rule():
    from pathlib import Path
    found = (("warning", "duplicate-paragraph"), ("warning", "duplicate-paragraph"),
             ("info", "page-not-full"), ("error", "page-list"))
    assert build.lint_note(found, Path("c")) == [
        "lint: 1 error, 2 warnings, 1 info (duplicate-paragraph 2, page-list 1, "
        "page-not-full 1): `publish lint c` and the proof report list them"]
    assert all(isinstance(n, build.LintNote) for n in build.lint_note(found, Path("c")))
    assert build.lint_note((), Path("c")) == []


def test_watch_shows_only_new_findings_not_the_build_s_lint_line(tmp_path, monkeypatch):
    from publish.commands import watch
    shown: list[str] = []
    monkeypatch.setattr(watch, "build_issue", lambda *a: ([], [
        "check: fine", build.LintNote("lint: 1 warning (x 1): …")]))
    monkeypatch.setattr(watch.corpus, "load", lambda d: None)
    monkeypatch.setattr(watch, "lint", lambda issue: [])
    watch.Watcher(tmp_path, ["pdf"], tmp_path / "out", BuildOptions(), shown.append).build([])
    assert "check: fine" in shown and not [s for s in shown if s.startswith("lint: 1 warning")]



def test_a_house_edition_build_says_its_pages_are_its_own():
    """A house-edition PDF's start pages are off the source page list by design; its check
    lines say so (and how its own 目录 fares), a source-edition build's do not."""
    from publish.check import check
    from publish.source_edition.editions import OFFICIAL, SOURCE

    from ..check.pagelist import doc, issue, printed_issue
    titles = ["自治区政协十三届二次会议开幕", "自治区政协十三届二次会议闭幕"]
    report = check(issue(titles, [1, 3]), doc(printed_issue(titles, [1, 4])))
    house = build.check_lines(report, OFFICIAL)
    assert house[0].startswith("check: titles 2/2, start pages 1/2")
    assert any("numbers its own pages" in n and "(2/2)" in n for n in house)
    assert not any("numbers its own pages" in n for n in build.check_lines(report, SOURCE))
    no_list = replace(report, source_toc=False)            # toc: [], no source pages at all
    assert not any("numbers its own pages" in n for n in build.check_lines(no_list, OFFICIAL))


def test_pages_off_the_plan_after_the_first_few_are_counted_not_listed(bundled_issue):
    """One page that ran over moved every later page: 80 lines, one a page, buried the
    build's notes. The first few are named (the first is the cause), the rest counted."""
    from publish import source_edition
    plan = source_edition.plan(bundled_issue).pagination
    pages = plan.pages
    cut = len(pages) // 3
    later = Pagination(pages[:cut] + tuple(replace(p, number=p.number + 1)
                                           for p in pages[cut:-1]))
    lines = source_edition.differences(plan, later)
    shown = source_edition.SHOWN_DIFFERENCES
    assert len(lines) == shown + 1
    rest = len(pages) - cut - shown
    assert lines[-1] == (f"… and {rest} more pages off the plan ({rest - 1} a page late, "
                         "1 missing; the first above moved those after it)")
    assert "is on page" in lines[0]
    assert source_edition.differences(plan, plan) == []
