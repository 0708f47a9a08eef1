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
