"""The bundled issue with footnotes added (the bundled corpus has none): shared by tests."""
from __future__ import annotations

from dataclasses import replace

from publish.model import BOLD, FOOTNOTE, LIST_ITEM, PARAGRAPH, Issue, Span

NOTES = ("见《求是》2024年第3期。", "引自《人民日报》2024年1月15日第1版。", "同上。")


def note(text: str, bold: str = "") -> Span:
    spans = (Span(text),) + ((Span(bold, BOLD),) if bold else ())
    return Span("", FOOTNOTE, spans)


def footnoted(issue: Issue) -> Issue:
    """Every third article gets notes: two in its first paragraph (one mid-text, one at
    the end, one with bold), one at the end of its last paragraph or list item."""
    arts = list(issue.articles)
    for k in range(0, len(arts), 3):
        art = arts[k]
        blocks = list(art.blocks)
        plain = [i for i, b in enumerate(blocks) if b.type in (PARAGRAPH, LIST_ITEM)]
        if not plain:
            continue
        first = blocks[plain[0]]
        head, *rest = first.spans
        cut = len(head.text) // 2
        spans = (Span(head.text[:cut], head.style), note(NOTES[0]),
                 Span(head.text[cut:], head.style), *rest, note(NOTES[1], "（加粗）"))
        blocks[plain[0]] = replace(first, spans=spans)
        last = blocks[plain[-1]]
        blocks[plain[-1]] = replace(last, spans=last.spans + (note(NOTES[2]),))
        arts[k] = replace(art, blocks=tuple(blocks))
    return replace(issue, articles=tuple(arts))
