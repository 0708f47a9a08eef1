"""Keep every footnote on the page of its call.

WeasyPrint 70 honours ``footnote-policy: line`` for the line that calls a note, but when a
later block's first line would overflow the page it moves the page's last footnote to the
next page to make room, whatever the policy. Read from the laid-out pages: a call whose
note is not in the same page's footnote area. The fix is the one a compositor makes: the
last block that begins on that page after the call starts a new page instead, and the
issue is laid out again (at most a few times; only issues with footnotes pay for it).
"""
from __future__ import annotations

from ..layout.document import IssueView
from ..model import Issue

MAX_PASSES = 3


def has_notes(issue: Issue) -> bool:
    return any(b.notes for a in issue.articles for b in a.blocks)


def _children(box):
    return getattr(box, "children", None) or ()


def _walk(box):
    yield box
    for child in _children(box):
        yield from _walk(child)


def deferred(document, view: IssueView) -> set[str]:
    """Ids of the blocks to start on a new page so that no note leaves its call's page."""
    from weasyprint.formatting_structure.boxes import BlockBox, FootnoteAreaBox, MarginBox
    order: dict[str, int] = {}
    for art in view.articles:
        for b in art.blocks:
            order[b.id] = len(order)
    seen: set[str] = set()
    fixes: set[str] = set()
    for page in document.pages:
        notes: set[int] = set()
        calls: list[tuple[object, str]] = []
        starts: list[str] = []
        for child in _children(page._page_box):
            if isinstance(child, FootnoteAreaBox):
                notes.update(id(b.element) for b in _walk(child)
                             if isinstance(b, BlockBox) and b.element is not None)
            elif not isinstance(child, MarginBox):
                _scan(child, order, seen, starts, calls, None)
        for element, block in calls:
            if id(element) in notes:
                continue
            later = [b for b in starts if order[b] > order[block]]
            if later:
                fixes.add(later[-1])
    return fixes


def _scan(box, order, seen, starts, calls, block) -> None:
    element = getattr(box, "element", None)
    ident = element.get("id") if element is not None else None
    if ident in order and ident != block:
        block = ident
        if ident not in seen:
            seen.add(ident)
            starts.append(ident)
    if str(getattr(box, "element_tag", "")).endswith("::footnote-call"):
        calls.append((element, block))
    for child in _children(box):
        _scan(child, order, seen, starts, calls, block)


def break_before(view: IssueView, ids: set[str]) -> None:
    for art in view.articles:
        for b in art.blocks:
            if b.id in ids:
                b.new_page = True
