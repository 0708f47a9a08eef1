"""Issues made for the print tests from the bundled one (test_pdf, test_print_shop)."""
from __future__ import annotations

from dataclasses import replace

from publish.model import Block, Issue, Span


def small_issue(issue: Issue, count: int) -> Issue:
    """A different issue: the last ``count`` articles, one title made hostile."""
    arts = list(issue.articles[-count:])
    first = arts[0]
    hostile = Block("paragraph", (Span("<script>alert(1)</script> & {{ x }} “引号”——测试……"),))
    arts[0] = replace(first, title="测试<b>标题</b>&amp;", blocks=(hostile,) + first.blocks[:3])
    return replace(issue, id="variant", articles=tuple(arts), toc=())
