"""Join unit PDFs into the one print PDF (pikepdf, on qpdf).

The pages are taken in order; then what WeasyPrint made per unit is made once for the whole:
the structure tree (one Document element holding every unit's elements, the parent tree
renumbered), the named destinations (the 目录's links resolve across units), the outline,
one subset per face (fontmerge.py), the page labels, and the catalog entries of the first
unit (output intent, XMP, language). qpdf writes only what is reachable, in object streams,
with an ID derived from the content, so the same units always give the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import warnings

import pikepdf

from .. import procpool
from .fontmerge import EarlyCuts, early_cuts, forget_widths, merge_fonts
from .labels import number_tree, page_labels
from .unitpdf import UnitResult

_CATALOG_KEYS = ("/OutputIntents", "/Metadata", "/Lang", "/MarkInfo", "/ViewerPreferences")


def assemble(units: list[UnitResult]) -> bytes:
    procpool.release_memory()            # the layout's garbage, before qpdf's objects
    sources = [pikepdf.open(io.BytesIO(u.pdf)) for u in units]
    with early_cuts(sources) as cuts:         # the faces cut meanwhile, in threads
        data = _joined(sources, units, cuts)
    forget_widths()                      # the units' /W arrays, read for this join only
    procpool.trim_heap()                 # qpdf's objects are gone: the check reads next
    return data


def _joined(sources: list[pikepdf.Pdf], units: list[UnitResult], cuts: EarlyCuts) -> bytes:
    out = pikepdf.new()
    first = sources[0]
    with warnings.catch_warnings():      # named destinations are joined below
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning if hasattr(
            pikepdf, "PageCopyWarning") else UserWarning)
        for src in sources:
            out.pages.extend(src.pages)
    keys = [key for key in _CATALOG_KEYS if key in first.Root]
    info = [first.trailer.Info] if "/Info" in first.trailer else []
    copied = _copy_all(out, first, [first.Root[key] for key in keys] + info)
    for key, value in zip(keys, copied):
        out.Root[key] = value
    if info:
        out.trailer.Info = copied[-1]
    _structure(out, sources)
    _destinations(out, sources)
    _outline(out, sources)
    _labels(out, units)
    merge_fonts(out, early=cuts)
    _share_profiles(out)
    buf = io.BytesIO()
    out.save(buf, deterministic_id=True, min_version=first.pdf_version,
             object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    for src in sources:
        src.close()
    return buf.getvalue()


def _copy_all(out: pikepdf.Pdf, src: pikepdf.Pdf, objs: list) -> list:
    """``objs`` of the unit ``src`` made objects of ``out``, the members of direct ones too,
    in one call of qpdf's (copy_foreign takes indirect objects only): wrapped in one array
    made an object of the unit, which is copied and left unreachable (qpdf writes only what
    is reachable)."""
    if not objs:
        return []
    return list(out.copy_foreign(src.make_indirect(pikepdf.Array(objs))))


def _kids(obj) -> list:
    kids = obj.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _structure(out: pikepdf.Pdf, sources) -> None:
    """One StructTreeRoot: each unit's elements under one Document, keys renumbered."""
    root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = out.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))
    kids = pikepdf.Array()
    parents = pikepdf.NumberTree.new(out)
    offset = 0
    page_index = 0
    for src in sources:
        pages = out.pages[page_index:page_index + len(src.pages)]
        page_index += len(src.pages)
        tree = src.Root.get("/StructTreeRoot")
        if tree is None:
            continue
        tops = []
        for top in _kids(tree):
            tops += _kids(top) if top.get("/S") == "/Document" else [top]
        for elem in tops:
            if isinstance(elem, pikepdf.Dictionary) and "/P" in elem:
                del elem["/P"]          # copied without the unit's tree above it
        entries = list(pikepdf.NumberTree(tree.ParentTree).items()) \
            if "/ParentTree" in tree else []
        copied = _copy_all(out, src, tops + [value for _, value in entries])
        for elem in copied[:len(tops)]:
            if isinstance(elem, pikepdf.Dictionary):
                elem.P = document
            kids.append(elem)
        top_key = -1
        for (key, _), value in zip(entries, copied[len(tops):]):
            top_key = max(top_key, key)
            parents[key + offset] = value
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        offset += top_key + 1
    document.K = kids
    root.K = pikepdf.Array([document])
    root.ParentTree = parents.obj
    out.Root.StructTreeRoot = root


def _destinations(out: pikepdf.Pdf, sources) -> None:
    """Every unit's named destinations in one name tree (the first definition wins)."""
    names: dict[str, object] = {}
    for src in sources:
        tree = src.Root.get("/Names", {}).get("/Dests") if "/Names" in src.Root else None
        if tree is None:
            continue
        found = [(name, dest) for name, dest in pikepdf.NameTree(tree).items()
                 if name not in names]
        names.update(zip([name for name, _ in found],
                         _copy_all(out, src, [dest for _, dest in found])))
    dests = pikepdf.NameTree.new(out)
    for name in sorted(names):
        dests[name] = names[name]
    out.Root.Names = pikepdf.Dictionary(Dests=dests.obj)


def _outline(out: pikepdf.Pdf, sources) -> None:
    """The units' outlines, their top items chained under one root."""
    root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    copied = []
    count = 0
    for src in sources:
        outlines = src.Root.get("/Outlines")
        if outlines is None or "/First" not in outlines:
            continue
        items = []
        item = outlines.First
        while True:
            items.append(item)
            if "/Next" not in item:
                break
            item = item.Next
        for item in items:              # cut loose from the unit's own root and chain
            for key in ("/Parent", "/Prev", "/Next"):
                if key in item:
                    del item[key]
        copied += _copy_all(out, src, items)
        count += int(outlines.get("/Count", 0))
    if not copied:
        return
    for k, item in enumerate(copied):
        item.Parent = root
        if k:
            item.Prev = copied[k - 1]
            copied[k - 1].Next = item
    root.First = copied[0]
    root.Last = copied[-1]
    root.Count = count
    out.Root.Outlines = root


def _share_profiles(out: pikepdf.Pdf) -> None:
    """One copy of the CMYK profile (each unit brought its own, 136 KB each)."""
    canonical: dict[bytes, object] = {}

    def shared(stream):
        key = hashlib.sha256(stream.read_raw_bytes()).digest()
        return canonical.setdefault(key, stream)

    for intent in out.Root.get("/OutputIntents", []):
        if "/DestOutputProfile" in intent:
            intent.DestOutputProfile = shared(intent.DestOutputProfile)
    seen: set = set()

    def walk(resources):
        if not isinstance(resources, pikepdf.Dictionary) or resources.objgen in seen and \
                resources.is_indirect:
            return
        if resources.is_indirect:
            seen.add(resources.objgen)
        spaces = resources.get("/ColorSpace")
        if isinstance(spaces, pikepdf.Dictionary):
            for name in list(spaces.keys()):
                space = spaces[name]
                if isinstance(space, pikepdf.Array) and len(space) == 2 and \
                        space[0] == "/ICCBased":
                    spaces[name] = pikepdf.Array([space[0], shared(space[1])])
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, pikepdf.Dictionary):
            for name in list(xobjects.keys()):
                walk(xobjects[name].get("/Resources"))

    for page in out.pages:
        walk(page.obj.get("/Resources"))


def _labels(out: pikepdf.Pdf, units: list[UnitResult]) -> None:
    kinds = [p.kind for u in units for p in u.pages]
    folios = [p.folio for u in units for p in u.pages]
    tree = pikepdf.NumberTree.new(out)
    for index, entry in number_tree(page_labels(kinds, folios)):
        label = pikepdf.Dictionary()
        if "P" in entry:
            label.P = pikepdf.String(entry["P"])
        if "S" in entry:
            label.S = pikepdf.Name("/" + entry["S"])
            label.St = entry["St"]
        tree[index] = label
    out.Root.PageLabels = tree.obj
