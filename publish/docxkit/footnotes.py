"""Real Word footnotes: the footnotes.xml part, the reference runs and the numbering.

python-docx has no footnote API, so the part is written here. Word wants the two separator
footnotes (ids -1 and 0 by convention of this writer, listed in settings.xml) before the
notes. The numbers are Word's own (``w:footnoteRef``), in circled figures ① ② … restarting
on every page, as Chinese office documents number 注释; an editor's footnote added in
Word numbers the same way. The notes are set by Word's own built-in styles, ``footnote text``
(12 pt, single-spaced, off the line grid) and ``footnote reference`` (raised), which the
writer adds where the reference document lacks them: Word applies those two styles to a
note an editor inserts, so it looks like the others (with the formatting direct, Word made
its own ``footnote text`` on Normal: the body's exact 28.95 pt line under 9 pt type).
"""
from __future__ import annotations

from lxml import etree

from .xml import NSMAP, SECTPR_ORDER, SETTINGS_ORDER, el, insert_ordered, sub, to_bytes, w

PART_NAME = "/word/footnotes.xml"
NUMBER_FORMAT = "decimalEnclosedCircleChinese"
NOTE_SIZE = 24                     # half-points: 12 pt
SEPARATORS = (("separator", -1), ("continuationSeparator", 0))
#: Word's built-in footnote styles: (style id, the name Word knows them by)
TEXT_STYLE = ("FootnoteText", "footnote text")
REFERENCE_STYLE = ("FootnoteReference", "footnote reference")


def reference_run(ident: int) -> etree._Element:
    """The call in the text: Word numbers it."""
    r = el("r")
    rpr = sub(r, "rPr")
    sub(rpr, "rStyle", {"val": REFERENCE_STYLE[0]})
    sub(rpr, "rFonts", {"hint": "eastAsia"})
    sub(r, "footnoteReference", {"id": ident})
    return r


def add_styles(styles: etree._Element) -> None:
    """The two footnote styles, added to styles.xml where it lacks them (an editor's own
    are kept; one Word re-saved under another id takes ours, so the notes find it)."""
    for (ident, name), make in ((TEXT_STYLE, _text_style), (REFERENCE_STYLE, _reference_style)):
        found = [s for s in styles.findall(w("style"))
                 if s.get(w("styleId")) == ident
                 or s.find(w("name")) is not None and s.find(w("name")).get(w("val")) == name]
        if found:
            _rename(styles, found[0].get(w("styleId")), ident)
        else:
            styles.append(make())


def _rename(styles: etree._Element, old: str | None, new: str) -> None:
    """Style ``old`` is ``new`` from now on, and so is every reference to it in styles.xml
    (another style based on it, linked to it, or following it)."""
    if old is None or old == new:
        return
    for style in styles.findall(w("style")):
        if style.get(w("styleId")) == old:
            style.set(w("styleId"), new)
        for tag in ("basedOn", "link", "next"):
            ref = style.find(w(tag))
            if ref is not None and ref.get(w("val")) == old:
                ref.set(w("val"), new)


def _style(kind: str, ident_name: tuple[str, str], alias: str, based_on: str
           ) -> etree._Element:
    """A built-in style's head: id, Word's name, the Chinese alias, shown when used."""
    node = el("style", {"type": kind, "styleId": ident_name[0]})
    sub(node, "name", {"val": ident_name[1]})
    sub(node, "aliases", {"val": alias})
    sub(node, "basedOn", {"val": based_on})
    sub(node, "uiPriority", {"val": 99})
    sub(node, "unhideWhenUsed")
    return node


def _text_style() -> etree._Element:
    """``footnote text``: 12 pt, single-spaced, off the grid, flush left and justified."""
    node = _style("paragraph", TEXT_STYLE, "脚注文本", "Normal")
    ppr = sub(node, "pPr")
    sub(ppr, "snapToGrid", {"val": 0})
    sub(ppr, "spacing", {"before": 0, "after": 0, "line": 240, "lineRule": "auto"})
    sub(ppr, "ind", {"firstLine": 0, "firstLineChars": 0})
    sub(ppr, "jc", {"val": "both"})
    rpr = sub(node, "rPr")
    sub(rpr, "sz", {"val": NOTE_SIZE})
    sub(rpr, "szCs", {"val": NOTE_SIZE})
    return node


def _reference_style() -> etree._Element:
    """``footnote reference``: the number raised, at the call and before the note (as
    Word sets a note an editor inserts; LibreOffice reads the style for both too)."""
    node = _style("character", REFERENCE_STYLE, "脚注引用", "DefaultParagraphFont")
    sub(sub(node, "rPr"), "vertAlign", {"val": "superscript"})
    return node


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
        sub(sub(p, "pPr"), "pStyle", {"val": TEXT_STYLE[0]})
        mark = sub(p, "r")
        sub(sub(mark, "rPr"), "rStyle", {"val": REFERENCE_STYLE[0]})
        sub(mark, "footnoteRef")
        p.extend(runs)
    return to_bytes(root)


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
