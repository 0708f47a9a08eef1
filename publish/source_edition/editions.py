"""Which edition an issue is built in: ``source`` (the printed issue's pages) or
``official`` (the GB/T 9704 house style with its own page numbers).

The build option wins, then ``edition:`` in issue.yaml; otherwise an issue whose corpus has
a source page list (every article has its 目录 page) is built as the source edition.
"""
from __future__ import annotations

from ..model import Issue
from . import has_source_pages

SOURCE = "source"
OFFICIAL = "official"
EDITIONS = (SOURCE, OFFICIAL)


def edition_of(issue: Issue, options) -> str:
    """The edition to build; ``options`` is the BuildOptions (only its ``edition`` is read)."""
    asked = getattr(options, "edition", None) or issue.edition
    if asked in EDITIONS:
        return asked
    return SOURCE if has_source_pages(issue) else OFFICIAL
