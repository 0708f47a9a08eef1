"""Runs, fields (PAGE, TOC, PAGEREF) and bookmarks, written as XML: python-docx has no API.

A field is ``fldChar begin`` / ``instrText`` / ``fldChar separate`` / result runs /
``fldChar end``. The result is what shows before Word or LibreOffice updates the field, so
the TOC is pre-filled with the right titles and page numbers.
"""
from __future__ import annotations

import re

from lxml import etree

from ..text.chars import strip_controls
from . import config
from .xml import NSMAP, XML_NS, el, sub, w, word2010_only

TOC_INSTRUCTION = 'TOC \\o "1-1" \\h \\z \\u'


def run(text: str, bold: bool = False, style: str | None = None) -> etree._Element:
    """A run of corpus text: controls XML forbids are dropped, tabs and newlines kept;
    ``style``: a character style's id.

    ``w:hint="eastAsia"`` makes Word set ambiguous marks (“” ‘’ — …) in the East Asian
    face, full width, instead of the Latin face.
    """
    r = el("r")
    rpr = sub(r, "rPr")
    if style:
        sub(rpr, "rStyle", {"val": style})
    sub(rpr, "rFonts", {"hint": "eastAsia"})
    if bold:
        sub(rpr, "b")
        sub(rpr, "bCs")
    for piece in _BREAKS.split(strip_controls(text)):
        if piece == "\t":
            sub(r, "tab")
        elif piece == "\n":
            sub(r, "br")
        elif piece and piece != "\0":
            t = sub(r, "t")
            t.text = piece
            if piece != piece.strip():
                t.set(f"{{{XML_NS}}}space", "preserve")
    return r


_BREAKS = re.compile("([\t\n\0])")       # a run's text between tabs and line breaks


def page_break() -> etree._Element:
    """A page break inside a paragraph (``w:br w:type="page"``): the text after it starts
    the next page in Word, WPS and LibreOffice. pandoc and calibre read any ``w:br`` as a
    line break, which split a sentence in their text wherever a source page ended in it,
    so the break's run is for Word 2010 and later only (:func:`xml.word2010_only`): they
    take the empty fallback. Readers of the text (import-docx) skip it."""
    r = el("r")
    sub(r, "br", {"type": "page"})
    return word2010_only(r)


def fld_char(kind: str) -> etree._Element:
    r = el("r")
    sub(r, "fldChar", {"fldCharType": kind})
    return r


def instr(code: str) -> etree._Element:
    r = el("r")
    t = sub(r, "instrText", {"xml:space": "preserve"})
    t.text = f" {code} "
    return r


def field(code: str, result: str) -> list[etree._Element]:
    """A complete field with a pre-computed result."""
    return [fld_char("begin"), instr(code), fld_char("separate"), run(result),
            fld_char("end")]


def bookmark(paragraph: etree._Element, name: str, ident: int) -> None:
    """Wrap the paragraph's content in a bookmark (the TOC's hyperlink target)."""
    start = el("bookmarkStart", {"id": ident, "name": name})
    ppr = paragraph.find(w("pPr"))
    paragraph.insert(0 if ppr is None else paragraph.index(ppr) + 1, start)
    paragraph.append(el("bookmarkEnd", {"id": ident}))


def paragraph(style_id: str, *children: etree._Element) -> etree._Element:
    p = el("p")
    ppr = sub(p, "pPr")
    sub(ppr, "pStyle", {"val": style_id})
    for child in children:
        p.append(child)
    return p


def toc_entry(style_id: str, title: str, page: int | None, anchor: str) -> etree._Element:
    """One 目录 line: the title as a hyperlink to its bookmark, then a tab and a PAGEREF
    with its page outside the link. calibre's DOCX input names each chapter by the text of
    the 目录's links: a page number inside the link ended every chapter title it made
    (“…公报 1”)."""
    link = el("hyperlink", {"anchor": anchor, "history": 1})
    link.append(run(title))
    tab = el("r")
    sub(tab, "tab")
    return paragraph(style_id, link, tab,
                     *field(f"PAGEREF {anchor} \\h", "" if page is None else str(page)))


def toc_paragraphs(style_id: str, entries: list[tuple[str, int | None, str]]
                   ) -> list[etree._Element]:
    """The TOC field over its pre-filled entries (title, page, bookmark)."""
    head = [fld_char("begin"), instr(TOC_INSTRUCTION), fld_char("separate")]
    if not entries:
        return [paragraph(style_id, *head, fld_char("end"))]
    paras = [toc_entry(style_id, *entry) for entry in entries]
    ppr = paras[0].find(w("pPr"))
    for offset, node in enumerate(head, 1):
        paras[0].insert(paras[0].index(ppr) + offset, node)
    paras[-1].append(fld_char("end"))
    return paras


def page_number_paragraph(odd: bool) -> etree._Element:
    """``— PAGE —`` at the outside corner, one character in from the edge."""
    p = el("p")
    ppr = sub(p, "pPr")
    sub(ppr, "pStyle", {"val": "Footer"})
    char = config.FOOTER_SIZE * 20
    side = "right" if odd else "left"
    sub(ppr, "ind", {side: char, f"{side}Chars": 100})
    sub(ppr, "jc", {"val": side})
    before, after = config.PAGE_NUMBER_TEMPLATE
    p.append(run(before))
    for node in field("PAGE", "1"):
        p.append(node)
    p.append(run(after))
    return p


def footer_xml(odd: bool) -> etree._Element:
    root = el("ftr", nsmap=NSMAP)
    root.append(page_number_paragraph(odd))
    return root
