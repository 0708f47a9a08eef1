"""PDF page labels: a viewer's page box shows the printed folio, not the sheet index.

Pure data: the writer reads each page's kind and folio from the layout and turns the list
into the /PageLabels number tree (ISO 32000-1 §12.4.2) with as few ranges as possible.
"""
from __future__ import annotations

from dataclasses import dataclass

COVER = "封面"
FRONT = "目录"
BLANK = "空白"


@dataclass(frozen=True)
class Label:
    prefix: str = ""
    number: int | None = None      # decimal folio; None: the prefix alone


def page_labels(kinds: list[str], folios: list[int | None]) -> list[Label]:
    """One label per page. ``kinds``: "cover", "front" (目录), "blank" or "body";
    ``folios``: the number printed on the page, if any.

    A body page without a printed number (a blank page inside the run) takes the number
    after the one before it, which is what the page counter gave it.
    """
    out: list[Label] = []
    front = kinds.count("front")
    front_seen = 0
    last: int | None = None
    for kind, folio in zip(kinds, folios):
        if folio is not None:
            last = folio
            out.append(Label(number=folio))
        elif kind == "cover":
            out.append(Label(COVER))
        elif kind == "front":
            front_seen += 1
            out.append(Label(FRONT, front_seen if front > 1 else None))
        elif last is not None:
            last += 1
            out.append(Label(number=last))
        else:
            out.append(Label(BLANK))
    return out


def number_tree(labels: list[Label]) -> list[tuple[int, dict]]:
    """(first page index, label dict) ranges: a new range wherever a label does not follow
    from the one before (same prefix, next number)."""
    ranges: list[tuple[int, dict]] = []
    prev: Label | None = None
    for index, label in enumerate(labels):
        follows = (prev is not None and label.prefix == prev.prefix and label.number is not None
                   and prev.number is not None and label.number == prev.number + 1)
        if not follows:
            entry: dict = {}
            if label.prefix:
                entry["P"] = label.prefix
            if label.number is not None:
                entry["S"] = "D"
                entry["St"] = label.number
            ranges.append((index, entry))
        prev = label
    return ranges


def label_text(label: Label) -> str:
    return f"{label.prefix}{label.number if label.number is not None else ''}"
