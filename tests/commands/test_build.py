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
