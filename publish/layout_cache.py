"""The print layout (Pagination) in the cache, so DOCX/EPUB builds skip a WeasyPrint layout.

The key covers the model, the print templates, the fonts, the layout code and the options.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import cache, model
from .editions import edition_of
from .model import Issue, PageStart, Pagination
from .writers import FONTS, TEMPLATES, BuildOptions

_PACKAGE = Path(__file__).resolve().parent
_LAYOUT_CODE = ("layout/*.py", "writers/html.py", "writers/pdf.py", "print_*.py", "model.py")
KIND = "layout"


def key(issue: Issue, options: BuildOptions) -> str:
    files = [p for p in (TEMPLATES / "print").rglob("*") if p.is_file()]
    for pattern in _LAYOUT_CODE:
        files += _PACKAGE.glob(pattern)
    files += [p for p in FONTS.glob("*") if p.is_file()]
    data = json.dumps(model.to_dict(issue), ensure_ascii=False, sort_keys=True)
    return cache.fingerprint([data, f"edition={edition_of(issue, options)}"], files)


def load(issue: Issue, options: BuildOptions) -> Pagination | None:
    raw = cache.load(KIND, key(issue, options))
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        pages = tuple(PageStart(**p) for p in data["pages"])
    except (ValueError, KeyError, TypeError):
        return None
    ids = {a.id for a in issue.articles}
    if not all(isinstance(p.number, int) and p.number > 0 and p.article in ids for p in pages):
        return None
    return Pagination(pages=pages)


def store(issue: Issue, options: BuildOptions, pagination: Pagination | None) -> None:
    if pagination is not None:
        cache.store(KIND, key(issue, options), json.dumps(model.to_dict(pagination)).encode())
