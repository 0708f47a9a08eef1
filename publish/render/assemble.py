"""Join unit PDFs into the one print PDF.

The pages are taken in order; then what WeasyPrint made per unit is made once for the whole:
the structure tree (one Document element holding every unit's elements, the parent tree
renumbered), the named destinations (the 目录's links resolve across units), the outline,
one subset per face (fontmerge.py), the page labels, and the catalog entries of the first
unit (output intent, XMP, language). The file ID is derived from the content, so the same
units always give the same bytes.
"""
from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .fontmerge import merge_fonts
from .labels import number_tree, page_labels
from .unitpdf import UnitResult

_CATALOG_KEYS = ("/OutputIntents", "/Metadata", "/Lang", "/MarkInfo", "/ViewerPreferences")


def assemble(units: list[UnitResult]) -> bytes:
    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(u.pdf)) for u in units]
    first = readers[0]
    writer.pdf_header = first.pdf_header
    pages_of: list[list] = []
    for reader in readers:
        pages_of.append([writer.add_page(page) for page in reader.pages])
    catalog = writer._root_object
    for key in _CATALOG_KEYS:
        if key in first.trailer["/Root"]:
            catalog[NameObject(key)] = first.trailer["/Root"].raw_get(key).clone(writer)
    _structure(writer, readers, pages_of)
    _destinations(writer, readers, units)
    _outline(writer, readers, pages_of)
    _labels(writer, units)
    merge_fonts(writer)
    info = first.trailer.get("/Info")
    if info is not None:
        writer._info = writer._add_object(info.get_object().clone(writer))
    _drop_unreachable(writer)
    digest = hashlib.sha256(b"".join(hashlib.sha256(u.pdf).digest() for u in units)).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _drop_unreachable(writer: PdfWriter) -> None:
    """Forget the objects nothing reaches any more (the units' own fonts, trees and
    catalogs): pypdf writes every object it holds."""
    reached: set[int] = set()
    stack: list = [writer._root_object]
    if writer._info_obj is not None:
        stack.append(writer._info_obj)
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if obj.pdf is not writer or obj.idnum in reached:
                continue
            reached.add(obj.idnum)
            stack.append(obj.get_object())
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, list):
            stack.extend(obj)
    root = writer._root_object.indirect_reference
    reached.add(root.idnum)
    if writer._info_obj is not None:
        reached.add(writer._info_obj.indirect_reference.idnum)
    for index in range(len(writer._objects)):
        if index + 1 not in reached:
            writer._objects[index] = None


def _structure(writer: PdfWriter, readers, pages_of) -> None:
    """One StructTreeRoot: each unit's top elements under one Document, keys renumbered."""
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                 NameObject("/S"): NameObject("/Document"),
                                 NameObject("/P"): root_ref})
    doc_ref = writer._add_object(document)
    kids = ArrayObject()
    nums = ArrayObject()
    offset = 0
    for reader, pages in zip(readers, pages_of):
        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is None:
            continue
        tree = tree.get_object()
        tops = tree.get("/K")
        tops = tops if isinstance(tops, list) else [tops]
        for top in tops:
            elem = top.get_object()
            inner = elem.get("/K")
            children = (inner if isinstance(inner, list) else [inner]) if (
                elem.get("/S") == "/Document") else [top]
            for child in children:
                clone = child.clone(writer, ignore_fields=("/P",))
                ref = clone.indirect_reference if isinstance(
                    clone, DictionaryObject) and clone.indirect_reference else clone
                kids.append(ref)
                _reparent(ref, doc_ref)
        top_key = -1
        parent = tree.get("/ParentTree")
        entries = parent.get_object().get("/Nums", []) if parent is not None else []
        for i in range(0, len(entries), 2):
            key = int(entries[i])
            top_key = max(top_key, key)
            nums.append(NumberObject(key + offset))
            nums.append(entries[i + 1].clone(writer, ignore_fields=("/P",)))
        for page, original in zip(pages, reader.pages):   # add_page drops /StructParents
            if "/StructParents" in original:
                page[NameObject("/StructParents")] = NumberObject(
                    int(original["/StructParents"]) + offset)
            for annot in page.get("/Annots", []) or []:
                annot = annot.get_object()
                if "/StructParent" in annot:
                    annot[NameObject("/StructParent")] = NumberObject(
                        int(annot["/StructParent"]) + offset)
        offset += top_key + 1
    document[NameObject("/K")] = kids
    root[NameObject("/K")] = ArrayObject([doc_ref])
    root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    writer._root_object[NameObject("/StructTreeRoot")] = root_ref


def _reparent(ref, parent_ref) -> None:
    """Set /P on a cloned element and its descendants (dropped by the clone)."""
    stack = [(ref, parent_ref)]
    while stack:
        node, parent = stack.pop()
        elem = node.get_object() if isinstance(node, IndirectObject) else node
        if not isinstance(elem, DictionaryObject) or elem.get("/Type") not in (None, "/StructElem"):
            continue
        if "/S" not in elem:
            continue
        elem[NameObject("/P")] = parent
        kids = elem.get("/K")
        if kids is None:
            continue
        me = elem.indirect_reference or parent
        for kid in (kids if isinstance(kids, list) else [kids]):
            if isinstance(kid, IndirectObject):
                stack.append((kid, me))
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                stack.append((kid, me))


def _destinations(writer: PdfWriter, readers, units) -> None:
    """Every unit's named destinations in one sorted name tree (the first definition wins)."""
    names: dict[str, object] = {}
    for reader in readers:
        root = reader.trailer["/Root"]
        tree = root.get("/Names", {}).get("/Dests") if "/Names" in root else None
        if tree is None:
            continue
        for name, dest in _name_tree(tree.get_object()):
            names.setdefault(name, dest)
    flat = ArrayObject()
    for name in sorted(names):
        flat.append(TextStringObject(name))
        flat.append(names[name].clone(writer))
    dests = DictionaryObject({NameObject("/Names"): flat})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): writer._add_object(dests)})


def _name_tree(node):
    node = node.get_object()
    flat = node.get("/Names")
    if flat is not None:
        for i in range(0, len(flat), 2):
            yield str(flat[i]), flat[i + 1]
    for kid in node.get("/Kids", []) or []:
        yield from _name_tree(kid)


def _outline(writer: PdfWriter, readers, pages_of) -> None:
    from pypdf.generic import Fit

    def add(items, parent, reader, pages):
        last = None
        for item in items:
            if isinstance(item, list):
                add(item, last, reader, pages)
                continue
            index = reader.get_destination_page_number(item)
            fit = Fit.xyz(item.left, item.top, 0) if item.left is not None else Fit.fit()
            last = writer.add_outline_item(str(item.title), pages[index], parent=parent, fit=fit)

    for reader, pages in zip(readers, pages_of):
        add(reader.outline, None, reader, pages)


def _labels(writer: PdfWriter, units: list[UnitResult]) -> None:
    kinds = [p.kind for u in units for p in u.pages]
    folios = [p.folio for u in units for p in u.pages]
    nums = ArrayObject()
    for index, entry in number_tree(page_labels(kinds, folios)):
        label = DictionaryObject()
        if "P" in entry:
            label[NameObject("/P")] = TextStringObject(entry["P"])
        if "S" in entry:
            label[NameObject("/S")] = NameObject("/" + entry["S"])
            label[NameObject("/St")] = NumberObject(entry["St"])
        nums.extend([NumberObject(index), label])
    writer._root_object[NameObject("/PageLabels")] = DictionaryObject({NameObject("/Nums"): nums})
