"""Writes a model back into the raw form of an extracted issue, for variant tests.

This is the inverse of the importer, used only by tests: cover, 目录, then each article as
title / source line / title block / body, with paragraphs cut where the model records source
page breaks. Options produce the variations later issues bring (CRLF, BOM, brackets, leaders).
"""
from __future__ import annotations

from dataclasses import dataclass

from publish.model import (BOLD, LIST_ITEM, Article, Block, Issue)


@dataclass(frozen=True)
class Form:
    newline: str = "\n"
    bom: bool = False
    brackets: str = "()"          # "()", "（）" or "" for a bare source line
    leader: str = "\t"            # "\t", "……", " ...... " or "    "
    form_feeds: bool = False      # a form feed where each page was cut


def _raw_spans(block: Block) -> str:
    return "".join(f"**{s.text}**" if s.style == BOLD else s.text for s in block.spans)


def _raw_block(block: Block) -> str:
    text = _raw_spans(block)
    if block.type == LIST_ITEM:
        return f"{block.label} {text}"
    return text


def _cut(text: str, offsets: list[int]) -> list[str]:
    """Cut raw text (which may hold ** marks) at plain-text offsets."""
    pieces, plain, start = [], 0, 0
    targets = sorted(offsets)
    i = 0
    while i < len(text) and targets:
        if text.startswith("**", i):
            i += 2
            continue
        if plain == targets[0]:
            pieces.append(text[start:i])
            start = i
            targets.pop(0)
            continue
        plain += 1
        i += 1
    pieces.append(text[start:])
    return pieces


def article_lines(art: Article, form: Form) -> list[str]:
    lines = [art.title]
    if art.date:
        lo, hi = (form.brackets[0], form.brackets[1]) if form.brackets else ("", "")
        lines.append(f"{lo}{art.date} 来源：{art.source or ''}{hi}")
    lines.extend(art.deck)
    if art.dateline:
        lines.append(art.dateline)
    lines.extend(art.bylines)
    cuts: dict[int, list[int]] = {}
    for pb in art.page_breaks:
        cuts.setdefault(pb.block, []).append(pb.offset)
    for i, block in enumerate(art.blocks):
        raw = _raw_block(block)
        if i in cuts:
            label = len(block.label) + 1 if block.label else 0
            pieces = _cut(raw[label:], cuts[i])
            pieces[0] = raw[:label] + pieces[0]
            sep = "\f" if form.form_feeds else ""
            lines.append(pieces[0])
            for piece in pieces[1:]:
                lines.append(sep + piece if sep else piece)
        else:
            lines.append(raw)
    return lines


def write_raw(issue: Issue, form: Form = Form()) -> str:
    out = ["", "", issue.institution, issue.institution_en, "", issue.title, "",
           f"({issue.number[:5]} {issue.number[5:]})", "", issue.publisher, "", "目 录", ""]
    for entry in issue.toc:
        out.append(f"{entry.title}{form.leader}{entry.page}")
    out.append("")
    for art in issue.articles:
        for line in article_lines(art, form):
            out.append(line)
            out.append("")
    text = form.newline.join(out)
    return ("\ufeff" if form.bom else "") + text
