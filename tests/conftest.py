"""Shared fixtures: the bundled issue and a scratch copy of it."""
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
    real = align._scores
    monkeypatch.setattr(align, "_scores",
                        lambda a, b: cells.append(len(a) * len(b)) or real(a, b))
    return cells
