"""Marks of no script of their own (“ ” ‘ ’ —— …… · ※) pinned to the paragraph's East
Asian face, in every client.

Word and WPS set them in the East Asian face because each run says ``w:hint="eastAsia"``.
LibreOffice ignores the hint: at a paragraph's start, or after a digit, it files them as
Latin and sets them in the Latin face (narrow quotes in Liberation Serif, ※ from a maths
font). A run of such marks whose Latin slots (``w:ascii``, ``w:hAnsi``) name the East Asian
face too is set in that face whichever way a client files it; the other runs keep Times
New Roman for Latin letters and digits. In a paragraph whose face sets some of them
proportional (the free 楷, LXGW WenKai: “ ” a third of an em, ``config.NARROW_MARKS``), those
are set in the document's body face instead, as print sets them.
"""
from __future__ import annotations

import copy
from itertools import groupby

from lxml import etree

from .config import NARROW_MARKS
from .styles import resolve_east_asian
from .xml import RPR_ORDER, XML_NS, el, insert_ordered, w

WEAK = frozenset("“”‘’—―…·※")
#: What a run may hold to be split (fields, footnote references and drawings are left whole)
_SPLITTABLE = frozenset(w(t) for t in ("rPr", "t", "tab", "br"))


def pin(body: etree._Element, styles: etree._Element, default_style: str = "Normal") -> None:
    """Split every run of ``body`` that holds such marks so they stand in runs of their own
    set in their paragraph style's East Asian face (those it sets proportional in the body
    face)."""
    faces: dict[str, str | None] = {}
    body_face = resolve_east_asian(styles, default_style)
    for p in body.iter(w("p")):
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        sid = style.get(w("val")) if style is not None else default_style
        if sid not in faces:
            faces[sid] = resolve_east_asian(styles, sid)
        face = faces[sid]
        if not face:
            continue
        narrow = NARROW_MARKS.get(face, "") if body_face else ""
        for r in [r for r in p.iter(w("r")) if _has_weak(r)]:
            _split(r, lambda ch: None if ch not in WEAK else body_face if ch in narrow
                   else face, face)


def _has_weak(r: etree._Element) -> bool:
    if any(child.tag not in _SPLITTABLE for child in r):
        return False
    return any(not WEAK.isdisjoint(t.text or "") for t in r.iter(w("t")))


def _split(r: etree._Element, face_of, face: str) -> None:
    """``r`` replaced by runs alternating between marks (each in ``face_of(mark)``: the
    paragraph's ``face`` or another) and the rest (``face_of`` None)."""
    rpr = r.find(w("rPr"))
    pieces: list[tuple[bool, etree._Element]] = []
    for child in r:
        if child is rpr:
            continue
        if child.tag != w("t"):
            pieces.append((False, child))
            continue
        for mark_face, chars in groupby(child.text or "", key=face_of):
            t = el("t")
            t.text = "".join(chars)
            if t.text != t.text.strip():
                t.set(f"{{{XML_NS}}}space", "preserve")
            pieces.append((mark_face, t))
    parent, at = r.getparent(), r.getparent().index(r)
    parent.remove(r)
    for k, (mark_face, group) in enumerate(groupby(pieces, key=lambda piece: piece[0])):
        run = el("r")
        props = copy.deepcopy(rpr) if rpr is not None else el("rPr")
        if mark_face:
            fonts = props.find(w("rFonts"))
            if fonts is None:
                fonts = insert_ordered(props, el("rFonts"), RPR_ORDER)
            fonts.set(w("ascii"), mark_face)
            fonts.set(w("hAnsi"), mark_face)
            if mark_face != face:
                fonts.set(w("eastAsia"), mark_face)
        if len(props):
            run.append(props)
        for _, child in group:
            run.append(child)
        parent.insert(at + k, run)
