"""Article titles cut where the print edition breaks their lines, for the DOCX and the EPUB.

The print composer balances a title over lines and breaks between words (jieba, see
publish.layout.titles); the other editions carry the same breaks so a title reads alike in
each: the DOCX as line breaks inside the title paragraph, the EPUB as spans a phone may
reflow (between words: :func:`title_words`; other display lines: :func:`keep_words`).
"""
from __future__ import annotations

from ..text.chars import is_wide
from .titles import title_lines
from .words import word_breaks

SPACE = " \u3000"


def title_parts(title: str) -> tuple[str, ...]:
    """``title`` cut at the print line breaks. The parts join to ``title`` exactly: a space
    at a break stays at the end of the part before it (so nothing is lost on the way back
    through import-docx). A title the composer cannot match (controls it drops) is one part.
    """
    lines = [line for line in title_lines(title) if line]
    starts, pos = [], 0
    for line in lines:
        while pos < len(title) and title[pos] in SPACE and not title.startswith(line, pos):
            pos += 1
        if not title.startswith(line, pos):
            return (title,)
        starts.append(pos)
        pos += len(line)
    if not starts or title[pos:].strip(SPACE):
        return (title,)
    starts[0] = 0
    bounds = [*starts[1:], len(title)]
    return tuple(title[a:b] for a, b in zip(starts, bounds))


#: particles a line does not start with: each stays with the word before it
#: (…新时代党的 / 统一战线…, not …新时代党 / 的统一战线…)
PARTICLES = frozenset("的地得了着过")


def _with_particles(words: list[str]) -> list[str]:
    """``words`` with each particle word joined to the word before it (not to a space)."""
    out: list[str] = []
    for word in words:
        if out and word in PARTICLES and out[-1].strip() and out[-1][-1] not in SPACE:
            out[-1] += word
        else:
            out.append(word)
    return out


def title_words(title: str) -> tuple[tuple[str, ...], ...]:
    """Each of :func:`title_parts` cut into its words (jieba, as the print composer reads
    them), so a narrow screen can reflow a title between words, never inside one, nor
    before a particle (:data:`PARTICLES`)."""
    cuts = sorted(word_breaks(title))
    out, start = [], 0
    for part in title_parts(title):
        end = start + len(part)
        bounds = [start, *(c for c in cuts if start < c < end), end]
        out.append(tuple(_with_particles([title[a:b] for a, b in zip(bounds, bounds[1:])])))
        start = end
    return tuple(out)


def keep_words(text: str) -> tuple[str, ...]:
    """``text`` cut into its words (jieba), for a narrow screen to wrap between words only:
    a word of one character at the end (or a closing mark) stays with the word before it,
    so no line holds one character alone (投入|使|用 → 投入|使用), and so does a particle."""
    cuts = sorted(word_breaks(text))
    bounds = [0, *cuts, len(text)]
    words = _with_particles([text[a:b] for a, b in zip(bounds, bounds[1:]) if b > a])
    if len(words) >= 2 and len(words[-1].strip()) <= 1:
        words[-2:] = [words[-2] + words[-1]]
    return tuple(words)


#: A word, a space that parts two clauses (a narrow screen ends a line there), or other text.
WORD, GAP, TEXT = "word", "gap", "text"


def _cjk(ch: str) -> bool:
    return is_wide(ch) or ch in "“”‘’"


def tokens(words: list[str]) -> list[tuple[str, str]]:
    """``words`` (title_words' or keep_words') as (text, kind): a space between two CJK
    characters is a GAP (the clauses of 坚持和完善人民代表大会制度 保障人民当家作主); one
    beside a Latin word or a number (ChatGPT 与 AI, 2024 年) is TEXT, as a lone character is;
    any longer word a WORD."""
    out = []
    for k, word in enumerate(words):
        if not word.strip():
            before = words[k - 1] if k else ""
            after = words[k + 1] if k + 1 < len(words) else ""
            kind = GAP if before and after and _cjk(before[-1]) and _cjk(after[0]) else TEXT
        else:
            kind = WORD if len(word) > 1 else TEXT
        out.append((word, kind))
    return out


def title_tokens(title: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """:func:`title_words` as :func:`tokens`, part by part (a space at a print break, which
    ends its part, is judged by the next part's first word)."""
    parts = title_words(title)
    flat = tokens([w for part in parts for w in part])
    out, k = [], 0
    for part in parts:
        out.append(tuple(flat[k:k + len(part)]))
        k += len(part)
    return tuple(out)


def keep_tokens(text: str) -> tuple[tuple[str, str], ...]:
    """:func:`keep_words` as :func:`tokens`."""
    return tuple(tokens(list(keep_words(text))))


def clause_parts(text: str) -> tuple[str, ...]:
    """A display line (a deck line: 蔡奇出席…并讲话 丁薛祥出席) cut after each space that parts
    two clauses (a GAP, as a phone breaks the line there), the space kept at the end of its
    part, so the parts join to ``text`` exactly."""
    parts, current = [], ""
    for word, kind in keep_tokens(text):
        current += word
        if kind == GAP:
            parts.append(current)
            current = ""
    return tuple(parts + [current]) if current else tuple(parts) or (text,)
