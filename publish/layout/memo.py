"""Composed articles kept between builds, so an edit recomposes its own article only.

Composing an article (measuring every glyph, breaking lines by cost) is most of a build's
pure-Python time, and the source edition's calibration composes each article many times.
An article view depends on the article, the issue's own fields (title blocks name its
source), the style, the composer (the source edition's cuts) and the code, so that is the
key; the value is the pickled view and what the composer noted while composing it.
"""
from __future__ import annotations

import pickle
from dataclasses import replace
from functools import lru_cache

from .. import cache
from ..model import Article, Issue

KIND = "article"
_CODE = ("layout/*.py", "source_edition/*.py", "model.py", "templating/*.py",
         "text/*.py")


@lru_cache(maxsize=1)
def code_key() -> str:
    return cache.code_key("articles-v1", _CODE, ("common",))


def key(composer, article: Article, issue: Issue) -> str | None:
    if cache.folder() is None:
        return None
    return cache.fingerprint([code_key(), type(composer).__qualname__, repr(composer.s),
                              composer.memo_key(article), repr(article),
                              repr(replace(issue, articles=()))], [])


def load(k: str | None):
    raw = cache.load(KIND, k) if k else None
    if raw is None:
        return None
    try:
        return pickle.loads(raw)
    except Exception:          # noqa: BLE001 - a stale or foreign entry is only a miss
        return None


def store(k: str | None, value) -> None:
    if k:
        cache.store(KIND, k, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
