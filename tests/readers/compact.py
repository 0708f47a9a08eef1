"""A compact, reviewable text form of an imported issue and its log, for case files."""
from __future__ import annotations

from publish.readers.raw import ImportResult


def compact(result: ImportResult) -> str:
    issue = result.issue
    out = [f"cover: {issue.institution} | {issue.institution_en} | {issue.title} | "
           f"{issue.number} | {issue.publisher} | date {issue.date}"]
    for e in issue.toc:
        out.append(f"toc: {e.title} = {e.page}")
    for art in issue.articles:
        out.append(f"article: {art.title} | page {art.page} | {art.date} | {art.source}")
        for d in art.deck:
            out.append(f"  deck: {d}")
        for b in art.bylines:
            out.append(f"  byline: {b}")
        if art.dateline:
            out.append(f"  dateline: {art.dateline}")
        for i, blk in enumerate(art.blocks):
            kind = blk.type + (f"{blk.level}" if blk.level else "")
            spans = "".join(_span(s) for s in blk.spans)
            label = f"[{blk.label}] " if blk.label else ""
            out.append(f"  {i} {kind}: {label}{spans}")
        for pb in art.page_breaks:
            out.append(f"  page-break: block {pb.block} at {pb.offset}")
    for entry in result.log:
        where = entry.get("lines") or entry.get("line") or entry.get("toc_index", "")
        where = f"{entry.get('article', '')} {where}".strip()
        flag = " (decide)" if entry.get("decision") else ""
        out.append(f"log: {entry['kind']}{flag} {where}")
    return "\n".join(out) + "\n"


def _span(span) -> str:
    """Bold as ``**…**``, a footnote as ``[^its text]`` where it is called."""
    if span.style == "footnote":
        return "[^" + "".join(_span(s) for s in span.note) + "]"
    return f"**{span.text}**" if span.style == "bold" else span.text
