"""The report's pictures and preflight made ahead, in the helper the check shares its reading
with: the same pictures and rows the report makes itself, for the first page of every unit;
a helper that died leaves them to the report."""
from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

from publish import procpool
from publish.proof import early
from publish.proof.pictures import pictures
from publish.proof.preflight import preflight


def test_first_pages_are_where_each_unit_starts():
    keys = ["cover:0", "toc:0", "toc:1", "a1b2:0", "a1b2:1", "a1b2:2", "c3:0"]
    assert early.first_pages(keys) == [0, 1, 3, 6]
    assert early.first_pages([]) == []


def test_made_in_a_helper_as_the_report_makes_them(faithful_pdf, bundled_issue, monkeypatch):
    from publish.check.lint import lint
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    keys = [f"u{i // 3}:{i % 3}" for i in range(9)]
    with procpool.pool(1) as helper:
        made = early.taken(early.start(helper, faithful_pdf, "pdf/x-4", keys, bundled_issue))
        alone = early.taken(early.start(helper, faithful_pdf, "pdf/x-4", keys))
    assert made is not None and alone is not None
    assert sorted(made.pictures) == [0, 3, 6]
    assert made.pictures == pictures(faithful_pdf, [0, 3, 6])
    assert list(made.preflight) == preflight(faithful_pdf, "pdf/x-4", keys)
    assert list(made.findings) == lint(bundled_issue) and alone.findings is None


def _failed(exc: BaseException) -> Future:
    future: Future = Future()
    future.set_exception(exc)
    return future


def test_a_helper_that_died_leaves_the_work_to_the_report():
    assert early.taken(None) is None
    assert early.taken(_failed(BrokenProcessPool("gone"))) is None
    assert early.taken(_failed(OSError("no such file"))) is None
    with pytest.raises(KeyError):               # a bug in this code is not swallowed
        early.taken(_failed(KeyError("x")))
