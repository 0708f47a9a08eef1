"""The print edition's page starts (a Pagination) in the cache, for DOCX/EPUB builds.

A DOCX or EPUB build of the house edition needs the print page numbers but not the PDF.
The unit cache (stage.py) already spares WeasyPrint, yet still composes the issue; this
entry spares that too. Its key covers the model, the edition and everything the units'
layout depends on (units.code_key: the layout and render code, templates, fonts).
"""
from __future__ import annotations

import json

from .. import cache, model
from ..source_edition.editions import edition_of
from ..model import Issue, PageStart, Pagination
from ..options import BuildOptions
from .units import code_key

KIND = "layout"


def key(issue: Issue, options: BuildOptions) -> str:
    data = json.dumps(model.to_dict(issue), ensure_ascii=False, sort_keys=True)
    return cache.fingerprint([code_key(), data, f"edition={edition_of(issue, options)}"], [])


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
