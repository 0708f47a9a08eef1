"""The one normaliser: the comparison form of a title, a paragraph or a line read from a PDF.

``squeeze`` is the base: NFKC (full- and half-width forms agree, … becomes ...) with every
whitespace character dropped (a wrapped title carries a space, or none, where its line broke;
a PDF's text runs may be split anywhere). ``normalize`` adds what a 目录 prints and a title
does not: leader dots, ellipses and dash runs (``...``, ``……``, ``·····``, ``⋯``, ``———``),
while a lone ``.`` or ``·`` inside a title (2.0, 阿卜杜勒·拉希德) is text and stays.
``fold`` is the loosest key: every dot, middle dot and ellipsis dropped too, for text read
back from a PDF or a DOCX where a leader may stand anywhere (the tests that read our outputs).
``normalize_map`` gives the same text with the printed character behind each kept one, so a
difference found in normalized form can be shown as printed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Leaders after NFKC: runs of dots / middle dots (… becomes "..."), ⋯, underscores, and
# three or more dashes; dots at the very end. A lone "." or "·" inside a title is kept.
_LEADER = re.compile(r"[.·・‧•∙_]{2,}|⋯+|[-–—]{3,}|[.·・‧•∙_]+$")
_DOTS = re.compile(r"[.·…⋯]+")


def squeeze(text: str) -> str:
    """NFKC, no whitespace: what the eye compares when spacing and width do not count."""
    return "".join(unicodedata.normalize("NFKC", text).split())   # split(): isspace()


def fold(text: str) -> str:
    """``squeeze`` with every ``.``, ``·``, ``…`` and ``⋯`` dropped (see the module docstring)."""
    return _DOTS.sub("", squeeze(text))


@lru_cache(maxsize=8192)
def _squeezed(ch: str) -> str:
    """``squeeze`` of one character, kept: a paragraph's characters repeat."""
    return squeeze(ch)


@dataclass(frozen=True)
class Normalized:
    """A text reduced for comparison, with the original character behind each kept one."""
    original: str
    text: str
    origin: tuple[int, ...]       # index into ``original`` for every character of ``text``


def normalize_map(title: str) -> Normalized:
    """``normalize`` keeping, for every character, where it came from in ``title``."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(title):
        for c in _squeezed(ch):
            chars.append(c)
            origin.append(i)
    text = "".join(chars)
    keep = [True] * len(text)
    for m in _LEADER.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = False
    return Normalized(
        original=title,
        text="".join(c for c, k in zip(text, keep) if k),
        origin=tuple(o for o, k in zip(origin, keep) if k),
    )


def normalize(title: str) -> str:
    """The comparison form of a title or paragraph: ``squeeze``, leaders dropped — the text of
    ``normalize_map`` without its per-character bookkeeping (lint compares every paragraph)."""
    return _LEADER.sub("", "".join(map(_squeezed, title)))
