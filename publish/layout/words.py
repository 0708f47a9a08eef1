"""Where Chinese words begin, so display lines (titles) break between words, not inside one.

Chinese has no spaces; a title balanced by width alone can break "第三|次全体会议". jieba's
dictionary segmentation finds the word boundaries; the balancer then prefers them. Kept in
its own module so every edition (print, DOCX, EPUB) breaks its titles at the same places.
"""
from __future__ import annotations

import json
import logging
from functools import lru_cache

import jieba

from .. import cache

jieba.setLogLevel(logging.WARNING)      # it logs its dictionary loading at INFO


@lru_cache(maxsize=8192)
def word_breaks(text: str) -> dict[int, int]:
    """Offset of every word boundary inside ``text`` → the length of the shorter word beside
    it (a break next to a one-character word such as 在 or 一 reads worse).

    Kept in the cache too: loading jieba's dictionary costs a second, more than a rebuild
    after a one-paragraph edit spends on everything else it composes."""
    key = cache.fingerprint(["words-v1", jieba.__version__, text], []) if cache.folder() else None
    raw = cache.load(KIND, key) if key else None
    if raw is not None:
        try:
            return {int(k): int(v) for k, v in json.loads(raw)}
        except (ValueError, TypeError):
            pass
    out = _segment(text)
    if key:
        cache.store(KIND, key, json.dumps(sorted(out.items())).encode())
    return out


KIND = "words"


def _segment(text: str) -> dict[int, int]:
    tokens = [t for t in jieba.cut(text, HMM=True) if t]
    out: dict[int, int] = {}
    pos = 0
    for left, right in zip(tokens, tokens[1:]):
        pos += len(left)
        out[pos] = min(len(left.strip()) or 9, len(right.strip()) or 9)
    return out
