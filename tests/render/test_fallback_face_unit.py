"""A character the serif lacks keeps its line on the pitch in a laid-out unit: set in the
face of fonts/ that has it, in that face's span (layout/compose.py's fallback), not left to
Pango's fallback inside the run, whose other ascent grew the line by 0.2 pt: a full page
then lost its last line, and every later page of the source edition moved by one."""
from __future__ import annotations

import io
import uuid
from dataclasses import replace

import pdfplumber
import pytest

from publish import corpus
from publish.model import TEXT, Span
from publish.options import BuildOptions
from publish.render import units
from publish.render.printhtml import view_for
from publish.render.unitpdf import lay_out
from tests.paths import BUNDLED

RARE = "𰻞"                  # U+30EDE: LXGW WenKai has it, the serif not


def _with_rare(issue, art_index: int):
    """The issue with the first two ideographs of the article's first paragraph replaced
    by the rare one (the same advance: the same line breaks)."""
    art = issue.articles[art_index]
    k = next(i for i, b in enumerate(art.blocks) if len(b.body_text) > 40)
    block = art.blocks[k]
    text = block.body_text
    at = next(i for i in range(len(text) - 1) if "\u4e00" <= text[i] <= "\u9fff"
              and "\u4e00" <= text[i + 1] <= "\u9fff")
    changed = replace(block, spans=(Span(text[:at] + RARE * 2 + text[at + 2:], TEXT),))
    blocks = art.blocks[:k] + (changed,) + art.blocks[k + 1:]
    articles = list(issue.articles)
    articles[art_index] = replace(art, blocks=blocks, page_breaks=())
    return replace(issue, articles=tuple(articles))


def _baselines(issue, art_index: int) -> list[float]:
    view = view_for(issue, BuildOptions(edition="source"))
    maker = units.Maker(issue, view, "pdf/x-4", str(uuid.UUID(int=1)))
    result = lay_out(maker.article(view.articles[art_index], 1))
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:         # each line's baseline
        return sorted({round(c["matrix"][5], 2) for c in pdf.pages[0].chars})


@pytest.mark.slow
def test_a_rare_character_moves_no_line_of_its_page():
    issue = corpus.load(BUNDLED)
    plain = replace(issue, articles=tuple(replace(a, page_breaks=()) for a in issue.articles))
    index = next(i for i, a in enumerate(issue.articles)
                 if any(len(b.body_text) > 40 and all(s.style == TEXT for s in b.spans)
                        for b in a.blocks))
    assert _baselines(_with_rare(plain, index), index) == _baselines(plain, index)
