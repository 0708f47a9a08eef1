"""Run-in headings: a paragraph that opens with a numbered lead sentence.

Reports and plans number their points inside the text: ``（一）全力以赴抓政策落地。政策落地工程
是……``. The lead, label and sentence, is a heading run into its paragraph; print sets it in
the face of a heading of its rank (``一、`` 黑体, ``（一）`` 楷体), as GB/T 9704 practice and
the reports themselves do, and the DOCX and EPUB mark it the same way. The text is unchanged:
only where the lead ends is worked out here, once for every writer.
"""
from __future__ import annotations

from ..model import PARAGRAPH, TEXT, Block
from .chars import SECTION_RE, SUBSECTION_RE

#: A lead longer than this is no heading but the paragraph's first sentence.
MAX_LEAD_CHARS = 40
_ENDS = "。！？!?"
_OPEN, _CLOSE = "“‘（《「『【〔(", "”’）》」』】〕)"


def run_in_lead(text: str) -> tuple[int, int] | None:
    """``(level, end)`` of the run-in heading ``text`` opens with, or None.

    ``level`` is the heading level a line of the lead alone would have (2 for ``一、``, 3 for
    ``（一）``, as the importer reads them); ``end`` is where the lead stops, after its
    sentence mark. The lead must end at a sentence mark outside quotes and brackets, within
    ``MAX_LEAD_CHARS``, and text must follow it (a lone lead is a heading block)."""
    label = SUBSECTION_RE.match(text) or SECTION_RE.match(text)
    if label is None:
        return None
    level = 3 if text[0] in "（(" else 2
    depth = 0
    for at in range(label.end(), min(len(text), MAX_LEAD_CHARS)):
        char = text[at]
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in _ENDS and depth == 0:
            end = at + 1
            return (level, end) if text[end:].strip() and at > label.end() else None
    return None


def block_lead(block: Block, first: str | None = None) -> tuple[int, int] | None:
    """The run-in heading a paragraph opens with (:func:`run_in_lead`), looked for in its
    first span when that is plain text (a bold or a footnoted opening is the author's own
    setting); ``first``: that span's text as the writer has it (controls dropped, or only up
    to where a page begins), when it differs."""
    if block.type != PARAGRAPH or not block.spans or block.spans[0].style != TEXT:
        return None
    return run_in_lead(block.spans[0].text if first is None else first)
