"""Which edition an issue is built in: ``source`` (the printed issue's pages) or
``official`` (the GB/T 9704 house style with its own page numbers).

The build option wins, then ``edition:`` in issue.yaml; otherwise an issue whose corpus has
a source page list (at least half of the articles have their 目录 page; see
``has_source_pages``) is built as the source edition.
"""
from __future__ import annotations

from ..model import Issue
from ..options import EDITIONS, OFFICIAL, SOURCE
from . import SOURCE_PAGES_RULE, has_source_pages, with_toc_pages

__all__ = ["EDITIONS", "OFFICIAL", "SOURCE", "edition_of"]


def edition_of(issue: Issue, options) -> str:
    """The edition to build; ``options`` is the BuildOptions (only its ``edition`` is read)."""
    asked = _asked(issue, options)
    if asked is not None:
        return asked
    return SOURCE if has_source_pages(issue) else OFFICIAL


def _asked(issue: Issue, options) -> str | None:
    """The edition the build option or issue.yaml names; None when neither does."""
    asked = getattr(options, "edition", None) or issue.edition
    return asked if asked in EDITIONS else None


def fallback_note(issue: Issue, options) -> str | None:
    """The build note when an issue with a source page list for only some of its articles
    is built in the house edition because of that (nobody asked for it): which articles
    lack their 目录 page. None otherwise."""
    if _asked(issue, options) is not None or has_source_pages(issue) or not issue.toc:
        return None
    missing = [a.id for a in with_toc_pages(issue).articles if a.page is None]
    if not missing or len(missing) == len(issue.articles):
        return None
    names = ", ".join(missing[:4]) + (" …" if len(missing) > 4 else "")
    return (f"edition official (the house style, its own page numbers): the source edition "
            f"needs {SOURCE_PAGES_RULE}; {len(missing)} of "
            f"{len(issue.articles)} have none ({names}); give them their "
            "pages (page: in the article, or its 目录 line), or set edition: official in "
            "issue.yaml")
