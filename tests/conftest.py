"""Shared fixtures: the bundled issue, a scratch copy of it, the checker's faithful PDF.

How tests/ is laid out (tests/test_suite_rules.py holds the suite to it):

- tests/<package>/test_<module>[_<aspect>].py tests publish/<package>/<module>.py, and
  tests/test_<module>.py a loose module at publish/'s root (cli, procpool); test_layers.py,
  test_catch_alls.py, test_install.py and test_suite_rules.py hold the whole package and the
  suite to their rules.
  A folder's case files lie next to the tests that read them (readers/raw_cases/,
  check/lint_cases.yaml).
- tests/reliability/ is the one cross-cutting folder: end-to-end promises every command and
  writer keeps (hostile input, data safety, identical rebuilds, random text).
- tests/bench/ tests the repository's bench/ scripts (bench/_lib.py), not publish/.
- Helpers are never test modules: no test_*.py imports another. The whole suite's helpers
  lie at tests/'s root (paths, tools, tree, strategies, clirun: `publish` run in process
  with click's CliRunner, or in a real interpreter where the process itself is tested); a
  folder's own helpers (pdfgen, rawform, print_inspect, variants, ...) lie next to its tests.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.paths import BUNDLED, ROOT, bundled_source  # noqa: F401


@pytest.fixture(scope="session")
def bundled_issue():
    from publish import corpus
    return corpus.load(BUNDLED)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus (tests perturb it)."""
    target = tmp_path / BUNDLED.name
    shutil.copytree(BUNDLED, target)
    return target


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("check-pdfs")


@pytest.fixture(scope="session")
def faithful_pdf(bundled_issue, pdf_dir):
    """Every article on its source page, with bookmarks and named destinations (read by the
    checker's tests and by `publish check`'s)."""
    from tests.check.pdfgen import make_pdf
    return make_pdf(bundled_issue, pdf_dir / "faithful.pdf")


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests never read or fill the user's cache (~/.cache/publish); they share their own."""
    import os
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture
def score_cells(monkeypatch) -> list[int]:
    """The size of every similarity matrix the title aligner computes, in order."""
    from publish.text import align
    cells: list[int] = []
    real = align._ok_cells
    monkeypatch.setattr(align, "_ok_cells",
                        lambda a, b, t: cells.append(len(a) * len(b)) or real(a, b, t))
    return cells
