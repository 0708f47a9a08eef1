"""Composed articles kept between builds, so an edit recomposes its own article only.

Composing an article (measuring every glyph, breaking lines by cost) is most of a build's
pure-Python time, and the source edition's calibration composes each article many times.
An article view depends on the article, the issue's own fields (title blocks name its
source), the style, the composer (the source edition's cuts) and the code (the modules of
the composer's classes, document.py's Composer among them, and all they import), so that
is the key; the value is the pickled view and what the composer noted while composing it.
"""
from __future__ import annotations

import pickle
from dataclasses import replace
from functools import lru_cache

from .. import cache
from ..model import Article, Issue

KIND = "article"
#: What unpickling raises for a value pickled by other code (a class renamed, moved or
#: changed): the entries are sealed, so these are the only failures expected.
_STALE = (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError,
          ValueError, IndexError)


@lru_cache(maxsize=8)
def code_key(composer: type) -> str:
    """The code an article view depends on, read from it: the modules that define the
    composer's classes and all they import; once per process (the running code does not
    change under it)."""
    modules = sorted({c.__module__ for c in composer.__mro__ if c is not object})
    return cache.code_key(*modules, templates=("common",), fonts=True)


def key(composer, article: Article, issue: Issue) -> str | None:
    if cache.folder() is None:
        return None
    return cache.fingerprint([code_key(type(composer)), type(composer).__qualname__,
                              repr(composer.s),
                              composer.memo_key(article), repr(article),
                              repr(replace(issue, articles=()))], [])


def load(k: str | None):
    raw = cache.load(KIND, k) if k else None
    if raw is None:
        return None
    try:
        return pickle.loads(raw)
    except _STALE as exc:       # sealed, so not damaged: pickled by other code; a miss
        cache.problem(f"article entry pickled by other code ignored "
                      f"({type(exc).__name__}: {exc})")
        return None


def store(k: str | None, value) -> None:
    if k:
        cache.store(KIND, k, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
