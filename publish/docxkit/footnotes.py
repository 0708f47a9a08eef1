"""Real Word footnotes: the footnotes.xml part, the reference runs and the numbering.

python-docx has no footnote API, so the part is written here. Word wants the two separator
footnotes (ids -1 and 0 by convention of this writer, listed in settings.xml) before the
notes. The numbers are Word's own (``w:footnoteRef``), in circled figures ① ② … restarting
on every page, as Chinese office documents number 注释; an editor's footnote added in
Word numbers the same way. Formatting is direct (12 pt, single-spaced, off the line grid),
so the reference document needs no extra style.
"""
from __future__ import annotations

from lxml import etree

from .xml import NSMAP, RPR_ORDER, SECTPR_ORDER, SETTINGS_ORDER, el, insert_ordered, sub, to_bytes, w

PART_NAME = "/word/footnotes.xml"
NUMBER_FORMAT = "decimalEnclosedCircleChinese"
NOTE_SIZE = 24                     # half-points: 12 pt
SEPARATORS = (("separator", -1), ("continuationSeparator", 0))


def reference_run(ident: int) -> etree._Element:
    """The call in the text: Word numbers it."""
    r = el("r")
    rpr = sub(r, "rPr")
    sub(rpr, "rFonts", {"hint": "eastAsia"})
    sub(rpr, "vertAlign", {"val": "superscript"})
    sub(r, "footnoteReference", {"id": ident})
    return r


def part_xml(notes: list[list[etree._Element]]) -> bytes:
    """footnotes.xml: the separators, then note ``k`` (runs) with id ``k + 1``."""
    root = el("footnotes", nsmap=NSMAP)
    for kind, ident in SEPARATORS:
        note = sub(root, "footnote", {"type": kind, "id": ident})
        p = sub(note, "p")
        ppr = sub(p, "pPr")
        sub(ppr, "spacing", {"after": 0, "line": 240, "lineRule": "auto"})
        sub(sub(p, "r"), kind)
    for ident, runs in enumerate(notes, 1):
        note = sub(root, "footnote", {"id": ident})
        p = sub(note, "p")
        ppr = sub(p, "pPr")
        sub(ppr, "snapToGrid", {"val": 0})
        sub(ppr, "spacing", {"after": 0, "line": 240, "lineRule": "auto"})
        sub(ppr, "ind", {"firstLine": 0, "firstLineChars": 0})
        sub(ppr, "jc", {"val": "both"})
        mark = sub(p, "r")
        mrpr = sub(mark, "rPr")
        sub(mrpr, "vertAlign", {"val": "superscript"})
        sub(mark, "footnoteRef")
        for run in runs:
            _small(run)
            p.append(run)
    return to_bytes(root)


def _small(run: etree._Element) -> None:
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = el("rPr")
        run.insert(0, rpr)
    insert_ordered(rpr, el("sz", {"val": NOTE_SIZE}), RPR_ORDER)
    insert_ordered(rpr, el("szCs", {"val": NOTE_SIZE}), RPR_ORDER)


def number_format(settings: etree._Element) -> None:
    """settings.xml: the numbering (circled, per page) and the separator notes."""
    pr = el("footnotePr")
    sub(pr, "numFmt", {"val": NUMBER_FORMAT})
    sub(pr, "numRestart", {"val": "eachPage"})
    for _, ident in SEPARATORS:
        sub(pr, "footnote", {"id": ident})
    insert_ordered(settings, pr, SETTINGS_ORDER)


def section_format(sect: etree._Element) -> None:
    """sectPr: the same numbering (Word reads it from the section)."""
    pr = el("footnotePr")
    sub(pr, "numFmt", {"val": NUMBER_FORMAT})
    sub(pr, "numRestart", {"val": "eachPage"})
    insert_ordered(sect, pr, SECTPR_ORDER)
