"""layout/notes.py: a block's footnote calls cost time linear in their number (each line's
start summed every call of the block, each note placed counted the line breaks before it
from the block's start: 20,000 calls in a paragraph kept lint a minute)."""
from __future__ import annotations

import time
from dataclasses import replace

from publish import source_edition
from publish.model import FOOTNOTE, PARAGRAPH, Block, Span


def test_a_paragraph_of_many_footnote_calls(bundled_issue):
    *rest, last = bundled_issue.articles        # the last: no 目录 page after it to move
    note = (Span("注文。"),)
    calls = Block(PARAGRAPH, tuple(s for _ in range(12_000)
                                   for s in (Span("字"), Span("", FOOTNOTE, note))))
    issue = replace(bundled_issue, articles=(*rest, replace(last, blocks=(*last.blocks, calls))))
    started = time.monotonic()
    source_edition.plan(issue)
    assert time.monotonic() - started < 12                 # quadratic: 26 s
