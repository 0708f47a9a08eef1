"""Where Chinese words begin, so display lines (titles) break between words, not inside one.

Chinese has no spaces; a title balanced by width alone can break "第三|次全体会议". jieba's
dictionary segmentation finds the word boundaries; the balancer then prefers them. Kept in
its own module so every edition (print, DOCX, EPUB) breaks its titles at the same places.
"""
from __future__ import annotations

import logging
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)      # it logs its dictionary loading at INFO


@lru_cache(maxsize=8192)
def word_breaks(text: str) -> dict[int, int]:
    """Offset of every word boundary inside ``text`` → the length of the shorter word beside
    it (a break next to a one-character word such as 在 or 一 reads worse)."""
    tokens = [t for t in jieba.cut(text, HMM=True) if t]
    out: dict[int, int] = {}
    pos = 0
    for left, right in zip(tokens, tokens[1:]):
        pos += len(left)
        out[pos] = min(len(left.strip()) or 9, len(right.strip()) or 9)
    return out
