"""A print shop's preflight of a PDF, read with pikepdf: what a prepress operator checks
before plating — the output intent, the fonts, the page boxes, the colours, the tags and page
labels, the page count. Each item is one row: what was found and whether it is as asked.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..options import DEFAULT_VARIANT

MM = 25.4 / 72
_OPERATORS = "k K sc scn SC SCN rg RG g G"
_SUBSET = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class Item:
    name: str
    found: str
    ok: bool | None            # None: nothing to judge (information only)


def _forms(resources, seen: set) -> list:
    """Form XObjects reachable from ``resources`` (their content counts as the page's)."""
    import pikepdf
    out = []
    xobjects = resources.get("/XObject") if resources is not None else None
    for _, xo in (xobjects.items() if xobjects is not None else ()):
        if xo.objgen in seen or xo.get("/Subtype") != pikepdf.Name.Form:
            continue
        seen.add(xo.objgen)
        out.append(xo)
        out += _forms(xo.get("/Resources"), seen)
    return out


def _fonts(resources, found: dict) -> None:
    fonts = resources.get("/Font") if resources is not None else None
    for _, font in (fonts.items() if fonts is not None else ()):
        if font.objgen in found:
            continue
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        descendant = font.get("/DescendantFonts")
        desc_font = descendant[0] if descendant is not None and len(descendant) else font
        descriptor = desc_font.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        found[font.objgen] = (name, embedded, bool(_SUBSET.match(name)))


def _colours(stream, counts: Counter) -> tuple[int, int]:
    """Count the colours a page or form sets (four operands: CMYK); (RGB, gray) operators."""
    import pikepdf
    rgb = gray = 0
    for operands, op in pikepdf.parse_content_stream(stream, _OPERATORS):
        name = str(op)
        if name in ("rg", "RG"):
            rgb += 1
        elif name in ("g", "G"):
            gray += 1
        elif len(operands) == 4:
            try:
                counts[tuple(float(v) for v in operands)] += 1
            except (TypeError, ValueError):        # a pattern name, not a colour
                continue
    return rgb, gray


def _cmyk(c: tuple[float, ...]) -> str:
    return "/".join(f"{v * 100:g}" for v in c)


@lru_cache(maxsize=1)
def _code_key() -> str:
    from .. import cache
    return cache.code_key(__name__)


def _page_colours(page, counts: Counter, key: str | None) -> tuple[int, int]:
    """``_colours`` of one page's own content, kept in the cache under ``key`` (the page's
    unit and place: the same unit draws the same content)."""
    from .. import cache
    k = key and cache.fingerprint([_code_key(), key], [])
    raw = cache.load("preflight", k) if k else None
    if raw is not None:
        try:
            rgb, gray, seen = json.loads(raw)
            for colour, n in seen:
                counts[tuple(colour)] += n
            return rgb, gray
        except (ValueError, TypeError):
            pass
    own: Counter = Counter()
    rgb, gray = _colours(page, own)
    counts.update(own)
    if k:
        cache.store("preflight", k, json.dumps([rgb, gray, [[list(c), n] for c, n in
                                                             sorted(own.items())]]).encode())
    return rgb, gray


def preflight(path: Path, variant: str = DEFAULT_VARIANT, page_keys=()) -> list[Item]:
    """The preflight rows of the PDF at ``path``; ``page_keys`` (one per page, from the
    render stage) keep each page's colours in the cache."""
    import pikepdf
    items: list[Item] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        # ---- output intent
        intents = list(root.get("/OutputIntents") or [])
        kinds = [str(i.get("/S", "")).lstrip("/") for i in intents]
        meta = pdf.open_metadata()
        version = meta.get("pdfxid:GTS_PDFXVersion")
        if intents:
            profile = intents[0].get("/DestOutputProfile")
            channels = int(profile.get("/N", 0)) if profile is not None else 0
            ident = str(intents[0].get("/OutputConditionIdentifier", "") or "")
            found = (f"{', '.join(kinds)}; profile with {channels} channels"
                     f"{' (CMYK)' if channels == 4 else ''}"
                     f"{'; ' + ident if ident else ''}; XMP: {version or 'no PDF/X version'}")
        else:
            channels, found = 0, "none"
        want_x = variant == "pdf/x-4"
        ok = (kinds == ["GTS_PDFX"] and channels == 4 and version == "PDF/X-4") if want_x \
            else (bool(intents) if variant.startswith("pdf/a") else None)
        items.append(Item(f"output intent ({variant.upper()})", found, ok))

        # ---- fonts, colours, boxes, page by page
        fonts: dict = {}
        colours: Counter = Counter()
        rgb = gray = 0
        sizes: Counter = Counter()
        no_trim = no_bleed = 0
        seen: set = set()
        keys = list(page_keys) if len(page_keys) == len(pdf.pages) else []
        for index, page in enumerate(pdf.pages):
            resources = page.obj.get("/Resources")
            _fonts(resources, fonts)
            r, g = _page_colours(page, colours, keys[index] if keys else None)
            rgb, gray = rgb + r, gray + g
            for form in _forms(resources, seen):
                _fonts(form.get("/Resources"), fonts)
                r, g = _colours(form, colours)
                rgb, gray = rgb + r, gray + g
            box = [float(v) for v in page.mediabox]
            sizes[(round((box[2] - box[0]) * MM), round((box[3] - box[1]) * MM))] += 1
            no_trim += "/TrimBox" not in page.obj
            no_bleed += "/BleedBox" not in page.obj
        names = sorted({re.sub(_SUBSET, "", n) for n, _, _ in fonts.values()})
        unembedded = sorted({n for n, e, _ in fonts.values() if not e})
        whole = sorted({n for n, e, s in fonts.values() if e and not s})
        items.append(Item(
            "fonts embedded and subset",
            f"{len(fonts)} font objects, faces: {', '.join(names) or 'none'}"
            + (f"; NOT embedded: {', '.join(unembedded)}" if unembedded else "; all embedded")
            + (f"; embedded whole: {', '.join(whole)}" if whole else "; all subset"),
            bool(fonts) and not unembedded and not whole))
        size_text = ", ".join(f"{w} × {h} mm ({n} pages)" for (w, h), n in sizes.most_common())
        items.append(Item(
            "page size and boxes",
            size_text + (f"; TrimBox missing on {no_trim} pages" if no_trim else
                         "; TrimBox on every page")
            + (f", BleedBox missing on {no_bleed} pages" if no_bleed else
               ", BleedBox on every page"),
            len(sizes) == 1 and (not want_x or (not no_trim and not no_bleed))))
        black = {c for c in colours if c == (0.0, 0.0, 0.0, 1.0)}
        others = [c for c in colours if c not in black]
        items.append(Item(
            "K-only text and rules",
            (f"black K 100 ({sum(colours[c] for c in black)} uses)" if black else "no K-only black")
            + (f"; other CMYK: {', '.join(_cmyk(c) for c in others)}" if others else "")
            + (f"; {rgb} RGB colour operators" if rgb else "; no RGB")
            + (f"; {gray} gray operators" if gray else ""),
            bool(black) and not rgb and not gray))
        # ---- structure
        marked = bool(root.get("/MarkInfo", {}).get("/Marked", False)) \
            if root.get("/MarkInfo") is not None else False
        tree = "/StructTreeRoot" in root
        labels = [page.label for page in pdf.pages] if "/PageLabels" in root else []
        shown = ", ".join(labels[:4]) + (" … " + labels[-1] if len(labels) > 4 else "")
        items.append(Item("tags", ("tagged (MarkInfo Marked, structure tree)" if marked and tree
                                   else f"Marked {marked}, structure tree {tree}"),
                          marked and tree))
        items.append(Item("page labels", f"{shown}" if labels else "none (physical numbers)",
                          bool(labels)))
        items.append(Item("page count", str(len(pdf.pages)), None))
    return items
