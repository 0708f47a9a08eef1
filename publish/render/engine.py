"""Hooks into WeasyPrint, active only while a unit of the print PDF is laid out and written.

* **ActualText per compressed or open line.** Punctuation compression (。” set as 1.5 em)
  makes a glyph's box overlap the next one. Lenient text extractors (poppler's pdftotext,
  most copy-paste) read such an overlap as a new word on a new line, so a line came out as
  ``吃公函”⏎、⏎“吃食堂``; a hanging list label came out lines away from its item; a line
  letter-spaced open came out with a space where its face changed (``显著增强 。``). Such a
  line is wrapped in a marked-content span whose /ActualText is the line's text
  (ISO 32000-1 §14.9.4); glyph placement stays.
* **A stable XMP DocumentID.** WeasyPrint writes a random uuid4 for PDF/X-4; the id here
  is derived from the issue, so two builds of the same input are byte-identical.
* **Links into other units.** A 目录 laid out on its own links to articles laid out in
  other units; WeasyPrint drops a link whose anchor is not in its document, so while a unit
  is written those links are kept as named destinations, resolved once the units are
  joined (assemble.py).
* **No font files in a unit.** A unit PDF is an intermediate: assemble.py replaces every
  face with one subset of its file in fonts/ on the glyphs of all units (fontmerge.py).
  So a unit embeds a stub naming the face instead of subsetting (and compressing) every
  face again for each unit; its widths and Unicode maps are WeasyPrint's own.
* **Each stream compressed once.** pydyf compresses a stream (zlib level 9) every time its
  bytes are asked for, and a PDF/X file asks twice (the file identifier hashes every object
  again); the CMYK profile (190 kB) is in every unit twice. While a unit is written each
  stream's bytes are kept, and a large stream's compressed bytes are kept for the next unit
  of the worker: the same bytes, made once. The object and cross-reference streams are set
  at zlib level 1: qpdf reads them and writes its own when the units are joined. Likewise
  each dictionary and array is serialized once while pydyf writes the file (the identifier
  hashes them again), and the pages' references are listed once per page count (WeasyPrint
  asks for them once per tagged text box).
* **The print CSS parsed once per worker.** Every unit carries the same print CSS in its
  ``<style>``; WeasyPrint parsed it (selectors, declarations, @font-face) for each unit.
  While a unit is laid out, a ``<style>`` whose text is the print CSS gets the stylesheet
  parsed for the worker's first unit (same text, base URL and font configuration): an author
  sheet in the same place of the cascade, its @page rules applied as before. The unit's own
  class rules (one ``.name { declarations }`` a line, printhtml.py) are parsed rule by rule,
  each selector and each declaration text once per worker: the same selectors and
  declarations in the same order in the sheet's matcher as WeasyPrint's own parse.
* **No pseudo-elements our pages never show.** WeasyPrint's user-agent sheet gives every
  element a ``::marker``, ``::footnote-call``, ``::footnote-marker`` and three ``::note-*``
  styles, and it computes all six for each of thousands of spans. Our HTML has no list item
  (``li``, ``summary``) and no ``float: note``, so while a unit is laid out the user-agent
  sheet is WeasyPrint's own without the ``::marker`` and ``::note-*`` rules (the whole sheet
  if any of them is not found as expected). The footnote rules stay: an empty call still
  takes its box, raised, in its line. Nor the alignment it gives each of the sixteen page
  margin boxes: WeasyPrint computes a style for every margin box of every page that has a
  rule, and a box without content shows nothing whatever its alignment. The rules of the
  margin boxes the print CSS names are kept.
* **Each line shaped once for its layout, not three times.** WeasyPrint shapes a line of a
  ``white-space: pre`` text twice while laying it out (the text up to its line feed and one
  character more, then the line alone), drops the result, and shapes the line again to draw
  it. While a unit is laid out and written, a ``pre`` line (up to a line feed, or a text's
  last) is shaped alone once (the same Pango layout WeasyPrint ends with: its text, font
  and letter-spacing), and each text box keeps its layout until it is drawn, as WeasyPrint
  would rebuild it (same style, no justification spacing; a ``pre`` line is already in the
  single-paragraph mode WeasyPrint draws in, so it is not shaped again). The line's glyphs
  and positions are the same. Each Pango font description is made once per font (family,
  style, stretch, weight, size, caps), not once per text box.
* **No background laid out where there is none.** WeasyPrint lays out the background of
  every box of a page, looking up a dozen properties of each. While a unit is laid out, a
  box (not a page) whose style has no background image or colour, no shadow, no border or
  mask image and square corners gets what WeasyPrint gives it (no background, zero radii)
  from one look at its style.
* **The unit's HTML read by a C parser.** WeasyPrint reads HTML with tinyhtml5, an HTML5
  parser in Python: a twentieth of a large unit's layout. The print template writes
  well-formed markup, so a unit's HTML is read by ElementTree's XML parser into the tree
  tinyhtml5 builds (the same elements, attributes and text, the same white space where HTML5
  puts it). Anything outside what the template writes (another element, a comment, an
  entity other than the five markupsafe writes, a block inside a paragraph, white space in
  an attribute) is left to tinyhtml5.
* **The 目录 as a TOC.** WeasyPrint tags ``<nav>`` as NonStruct; the structure tree should say
  TOC with one TOCI per entry (``<pub-toci>`` elements in templates/print/issue.html).

WeasyPrint 70's drawing functions are module globals called by name, so swapping them for
the duration of one ``write_pdf`` is enough (builds run one issue per process).
"""
from __future__ import annotations

import contextlib
import re
import types
import uuid
import zlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pydyf
import weasyprint.css as wp_css
import weasyprint.pdf as wp_pdf
from weasyprint import draw as wp_draw
from weasyprint.pdf import fonts as wp_fonts
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import metadata as wp_metadata
from weasyprint.pdf import tags as wp_tags
from weasyprint.layout import background as wp_background
from weasyprint.layout import inline as wp_inline
from weasyprint.stacking import StackingContext
from weasyprint.text import line_break as wp_line_break
from weasyprint.text.ffi import FROM_UNITS, ffi, harfbuzz, pango

from .fontstub import name_of_table, stub, stub_name

COMPRESSED = -0.1      # letter-spacing below this fraction of the font size is compression
#: letter-spacing above this fraction of the font size is a line set open: poppler reads a
#: gap of a tenth of an em between glyphs as a word space, and a face change on the line
#: widens its gap a little (——保障…显著增强 。煤炭产量 at 0.09 em)
OPEN = 0.05
TAGS = {"nav": "TOC", "pub-toci": "TOCI"}


def _unwrap(box):
    """At drawing time an inline-block in a line is a StackingContext around its box."""
    return box.box if isinstance(box, StackingContext) else box


def _text_boxes(box) -> Iterator[boxes.TextBox]:
    box = _unwrap(box)
    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()) or ():
        yield from _text_boxes(child)


def _compressed_or_open(box) -> bool:
    """Letter-spacing that extractors misread: compression (glyphs overlapping) or a line
    set open (gaps read as spaces)."""
    for text in _text_boxes(box):
        spacing = text.style["letter_spacing"]
        if spacing != "normal" and not (COMPRESSED * text.style["font_size"] <= spacing
                                        <= OPEN * text.style["font_size"]):
            return True
    return False


def _needs_actual_text(line) -> bool:
    """A compressed mark, a line letter-spaced open, or a hanging list label (an
    inline-block that extractors read as a column of its own and move away from its
    item)."""
    return _compressed_or_open(line) or any(isinstance(_unwrap(c), boxes.InlineBlockBox)
                                            for c in line.children)


def line_text(box) -> str:
    return "".join(t.text for t in _text_boxes(box))


def _draw_with_actual_text(draw, stream, page, line, *args, **kwargs):
    """Draw ``line`` inside ONE marked-content span carrying the ActualText (and, in a
    tagged PDF, the MCID of the line's first text box).

    One span, not an ActualText span around WeasyPrint's per-box MCID spans: PDFium (Chrome,
    Android) reads ActualText only from the innermost mark and printed nothing for such
    lines; poppler lets an inner ActualText override the outer one. The line's other text
    boxes get MCIDs of their own that mark no content, so the structure tree keeps one
    element per box and every MCID once.
    """
    props = pydyf.Dictionary({"ActualText": pydyf.String(line_text(line))})
    tags = stream._tags
    first = next(_text_boxes(line), None)
    if tags is not None and first is not None:
        props["MCID"] = len(tags)
        tags[first] = {"tag": "Span", "mcid": len(tags)}

    @contextlib.contextmanager
    def register_only(box, tag):
        if tags is not None and box not in tags:
            tags[box] = {"tag": tag, "mcid": len(tags)}
        yield

    pydyf.Stream.begin_marked_content(stream, "Span", props)
    stream.marked = register_only
    try:
        return draw(stream, page, line, *args, **kwargs)
    finally:
        del stream.marked
        pydyf.Stream.end_marked_content(stream)


def _links_kept(pages):
    """WeasyPrint's ``resolve_links`` without dropping internal links to absent anchors."""
    anchors: set[str] = set()
    for page in pages:
        paged = []
        for name, (x, y, _, _) in page.anchors.items():
            if name not in anchors:
                paged.append((name, x, y))
                anchors.add(name)
        yield list(page.links), paged


@contextlib.contextmanager
def print_hooks(document_id: uuid.UUID, keep_links: bool = False):
    resolve_links = wp_pdf.resolve_links
    draw_inline_level = wp_draw.draw_inline_level
    get_pdf_tag = wp_tags._get_pdf_tag
    uuid4 = wp_metadata.uuid4

    def draw_line(stream, page, box, *args, **kwargs):
        if not (isinstance(box, boxes.LineBox) and _needs_actual_text(box)):
            return draw_inline_level(stream, page, box, *args, **kwargs)
        return _draw_with_actual_text(draw_inline_level, stream, page, box, *args, **kwargs)

    def pdf_tag(tag):
        return TAGS.get(tag) or get_pdf_tag(tag)

    wp_draw.draw_inline_level = draw_line
    wp_tags._get_pdf_tag = pdf_tag
    wp_metadata.uuid4 = lambda: document_id
    if keep_links:
        wp_pdf.resolve_links = _links_kept
    try:
        yield
    finally:
        wp_pdf.resolve_links = resolve_links
        wp_draw.draw_inline_level = draw_inline_level
        wp_tags._get_pdf_tag = get_pdf_tag
        wp_metadata.uuid4 = uuid4


_DOCUMENT_RULES = ("@import", "@counter-style", "@color-profile", "@layer")


@contextlib.contextmanager
def stylesheet_once(css_text: str, fonts, parsed: dict):
    """While a unit is rendered, the ``<style>`` holding ``css_text`` is the stylesheet
    parsed for an earlier unit with the same fonts (a FontConfiguration registers the
    @font-face rules when the sheet is parsed), kept in ``parsed`` (the caller's, emptied
    with its font configuration)."""
    make = wp_css.CSS
    wanted = css_text.strip()
    if any(rule in wanted for rule in _DOCUMENT_RULES):
        yield                                    # such a sheet fills the document's tables
        return

    def sheet(*args, **kwargs):
        text = kwargs.get("string")
        ours = not args and isinstance(text, str) and text.strip() == wanted
        if not args and isinstance(text, str) and not ours:
            classes = _class_rules(text)
            if classes is not None:
                return _class_sheet(make, classes, kwargs)
        if not ours or kwargs.get("font_config") is not fonts:
            return make(*args, **kwargs)
        key = (wanted, kwargs.get("base_url"), kwargs.get("media_type"), id(fonts))
        found = parsed.get(key)
        if found is None or found[0] is not fonts:
            parsed.clear()                       # one font configuration at a time
            own = {k: v for k, v in kwargs.items() if k not in ("page_rules", "layers")}
            found = parsed[key] = (fonts, make(**own))
        return found[1]

    wp_css.CSS = sheet
    try:
        yield
    finally:
        wp_css.CSS = make


#: what printhtml._styles_as_classes writes: a slash is allowed (``font: 1em/1.2``, which its
#: declarations may hold), a comment is not
_CLASS_RULE = re.compile(r"\.([A-Za-z_][\w-]*) \{ ((?:[^{}\\/]|/(?!\*))*) \}")
_class_selectors: dict[str, list] = {}
_class_declarations: dict[tuple[str | None, str], list] = {}


def _class_rules(text: str) -> list[tuple[str, str]] | None:
    """(class, declarations) of a sheet of one ``.class { declarations }`` rule a line;
    None for any other sheet."""
    rules = []
    for line in text.strip().split("\n"):
        found = _CLASS_RULE.fullmatch(line)
        if found is None:
            return None
        rules.append((found.group(1), found.group(2)))
    return rules


def _class_sheet(make, rules: list[tuple[str, str]], kwargs: dict):
    """The stylesheet WeasyPrint parses from ``rules``, each selector and declaration text
    parsed once per process (preprocess_stylesheet's steps for a qualified rule)."""
    import cssselect2
    import tinycss2
    from weasyprint.css.validation import preprocess_declarations
    sheet = make(**{**kwargs, "string": ""})
    for name, body in rules:
        selectors = _class_selectors.get(name)
        if selectors is None:
            selectors = _class_selectors[name] = cssselect2.compile_selector_list(
                tinycss2.parse_component_value_list(f".{name}"))
        declarations = _class_declarations.get((sheet.base_url, body))
        if declarations is None:
            declarations = _class_declarations[sheet.base_url, body] = list(
                preprocess_declarations(sheet.base_url, tinycss2.parse_blocks_contents(body)))
        if declarations:
            for selector in selectors:
                sheet.matcher.add_selector(selector, (declarations, None))
    return sheet


#: user-agent rules that style a pseudo-element of every element, none of which our HTML
#: shows (see the module docstring)
_UNSHOWN = ("::marker {", "::note-call {", "::note-marker {", "::note-callback {")
#: a user-agent rule aligning a page margin box (one a line, in its @page rule)
_MARGIN_RULE = re.compile(r"\s+(@(?:top|bottom|left|right)-[a-z-]+)\s+\{ text-align:[^{}]*\}\s*")
_MARGIN_BOX = re.compile(r"@(?:top|bottom|left|right)-[a-z-]+")
_lean_ua: dict = {}


def lean_user_agent_sheet(css: str = ""):
    """WeasyPrint's user-agent sheet without the _UNSHOWN rules and the margin-box rules of
    the boxes ``css`` does not name (parsed once a process for each set of names); None
    when its text is not as expected."""
    named = frozenset(_MARGIN_BOX.findall(css))
    if named not in _lean_ua:
        from weasyprint import CSS
        from weasyprint.html import UA
        lines = UA.split("\n")
        dropped = [line for line in lines if line.startswith(_UNSHOWN)]
        whole = len(dropped) == len(_UNSHOWN) and all(line.rstrip().endswith("}")
                                                      for line in dropped)
        kept = [line for line in lines if not line.startswith(_UNSHOWN)
                and not _unnamed_margin_rule(line, named)]
        _lean_ua[named] = CSS(string="\n".join(kept)) if whole else None
    return _lean_ua[named]


def _unnamed_margin_rule(line: str, named: frozenset) -> bool:
    found = _MARGIN_RULE.fullmatch(line)
    return found is not None and found.group(1) not in named


@contextlib.contextmanager
def lean_user_agent(css: str = ""):
    """While a unit is rendered, WeasyPrint's user-agent sheet has no _UNSHOWN rules and no
    rules of the margin boxes ``css`` (the print CSS) does not name."""
    import weasyprint
    sheet = lean_user_agent_sheet(css)
    if sheet is None:
        yield
        return
    own = weasyprint.HTML._ua_stylesheets

    def stylesheets(html, forms=False):
        return own(html, forms) if forms else [sheet]

    weasyprint.HTML._ua_stylesheets = stylesheets
    try:
        yield
    finally:
        weasyprint.HTML._ua_stylesheets = own


#: streams at least this long keep their compressed bytes from one unit to the next (the
#: colour profile); a page's content is never the same twice
_SHARED_MIN = 64 * 1024
_shared_streams: dict[bytes, bytes] = {}
_REWRITTEN = ("/ObjStm", "/XRef")         # qpdf makes its own when the units are joined


def _compressed_data(stream: pydyf.Stream, raw: bytes) -> bytes:
    """pydyf's compressed stream bytes (zlib level 9), from the worker's store when a unit
    before had the same large stream."""
    if stream.extra.get("Type") in _REWRITTEN:
        return zlib.compress(raw, 1)
    if len(raw) < _SHARED_MIN:
        return _deflate(raw)
    found = _shared_streams.get(raw)
    if found is None:
        found = _shared_streams[raw] = _deflate(raw)
    return found


def _deflate(raw: bytes) -> bytes:
    packer = zlib.compressobj(level=9)          # pydyf's own setting
    return packer.compress(raw) + packer.flush()


@contextlib.contextmanager
def streams_once():
    """While a unit PDF is written, each stream's bytes are made once (see the module
    docstring); pydyf's Stream.data is put back on the way out."""
    plain = pydyf.Stream.data
    made: dict[int, tuple[pydyf.Stream, bytes]] = {}

    def data(stream):
        if not stream.compress:
            return plain.fget(stream)
        kept = made.get(id(stream))
        if kept is not None and kept[0] is stream:
            return kept[1]
        raw = b"\n".join([_bytes_of(item) for item in stream.stream])
        body = _compressed_data(stream, raw)
        extra = pydyf.Dictionary(stream.extra.copy())
        extra["Filter"] = "/FlateDecode"
        extra["Length"] = len(body)
        out = b"\n".join((extra.data, b"stream", body, b"endstream"))
        made[id(stream)] = (stream, out)
        return out

    write, references = pydyf.PDF.write, pydyf.PDF.page_references

    def write_once(pdf, *args, **kwargs):
        # every dictionary and array is finished once pydyf writes the file
        dictionary, array = pydyf.Dictionary.data, pydyf.Array.data
        pydyf.Dictionary.data, pydyf.Array.data = _made_once(dictionary), _made_once(array)
        try:
            return write(pdf, *args, **kwargs)
        finally:
            pydyf.Dictionary.data, pydyf.Array.data = dictionary, array

    def page_references(pdf):
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_page_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_page_references"] = (count, references.fget(pdf))
        return kept[1]

    to_bytes = pydyf._to_bytes
    pydyf.Stream.data = property(data)
    pydyf.PDF.write, pydyf.PDF.page_references = write_once, property(page_references)
    pydyf._to_bytes = _bytes_of
    try:
        yield
    finally:
        pydyf.Stream.data = plain
        pydyf.PDF.write, pydyf.PDF.page_references = write, references
        pydyf._to_bytes = to_bytes


_PLAIN_TO_BYTES = pydyf._to_bytes


def _bytes_of(item) -> bytes:
    """pydyf's ``_to_bytes``, the most frequent kinds first (its own order of checks goes
    through Object and float for every operator of a page)."""
    kind = type(item)
    if kind is bytes:
        return item
    if kind is str:
        return item.encode("ascii")
    if kind is int:
        return b"%d" % item
    return _PLAIN_TO_BYTES(item)


def _made_once(plain: property) -> property:
    """pydyf's ``data`` of an object, made once for each object."""
    made: dict[int, tuple[object, bytes]] = {}

    def data(obj):
        kept = made.get(id(obj))
        if kept is None or kept[0] is not obj:
            kept = made[id(obj)] = (obj, plain.fget(obj))
        return kept[1]

    return property(data)


def _table(face, tag: bytes) -> bytes:
    blob = harfbuzz.hb_face_reference_table(face, harfbuzz.hb_tag_from_string(tag, -1))
    try:
        length = ffi.new("unsigned int *")
        data = harfbuzz.hb_blob_get_data(blob, length)
        return bytes(ffi.buffer(data, length[0])) if length[0] else b""
    finally:
        harfbuzz.hb_blob_destroy(blob)


def _head(face) -> bytes:
    blob = harfbuzz.hb_face_reference_blob(face)
    try:
        length = ffi.new("unsigned int *")
        data = harfbuzz.hb_blob_get_data(blob, length)
        return bytes(ffi.buffer(data, min(4, length[0])))
    finally:
        harfbuzz.hb_blob_destroy(blob)


def _stub_of(face) -> bytes | None:
    """The stub for a face of fonts/ (a static, outline font), read from its name table
    without copying the file out of HarfBuzz; None for any other font."""
    if (_table(face, b"fvar") or harfbuzz.hb_ot_color_has_png(face)
            or harfbuzz.hb_ot_color_has_svg(face) or harfbuzz.hb_ot_color_has_layers(face)
            or (harfbuzz.hb_version_atleast(7, 0, 0) and harfbuzz.hb_ot_color_has_paint(face))):
        return None
    name = name_of_table(_table(face, b"name"))
    return stub(_head(face), name) if name else None


@contextlib.contextmanager
def font_stubs():
    """While a unit PDF is written, each face of fonts/ embeds a stub naming it
    (fontstub.stub) instead of a subset of its file; the joined PDF gets the subsets."""
    init, clean, data_of = wp_fonts.Font.__init__, wp_fonts.Font.clean, wp_fonts.get_hb_object_data

    def stub_or_data(hb_object, ot_color=None, glyph=None):
        if ot_color is None:
            found = _stub_of(hb_object)
            if found is not None:
                return found
        return data_of(hb_object, ot_color, glyph)

    def stubbed_init(font, *args, **kwargs):
        wp_fonts.get_hb_object_data = stub_or_data     # the file_content it reads
        try:
            init(font, *args, **kwargs)
        finally:
            wp_fonts.get_hb_object_data = data_of

    def stubbed_clean(font, to_unicode, hinting):
        if stub_name(font.file_content) is None:
            clean(font, to_unicode, hinting)

    wp_fonts.Font.__init__, wp_fonts.Font.clean = stubbed_init, stubbed_clean
    try:
        yield
    finally:
        wp_fonts.Font.__init__, wp_fonts.Font.clean = init, clean


#: characters that end a line in Pango besides the line feed (UAX #14 mandatory breaks,
#: paragraph separators): a line holding one is left to WeasyPrint
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")


def _pre_line(text: str, style, context, max_width, justification_spacing):
    """WeasyPrint's ``split_first_line`` for a ``pre`` text: its first line (up to a line
    feed, or the whole text) shaped alone, once, in the single-paragraph mode WeasyPrint
    draws it in; None where WeasyPrint's own is needed (another line break in the line)."""
    if style["white_space"] != "pre":
        return None
    end = text.find("\n")
    line = text if end == -1 else text[:end]
    if _OTHER_BREAKS.search(line):
        return None
    layout = wp_line_break.create_layout(line, style, context, max_width,
                                         justification_spacing)
    layout.shaped_once = True           # drawn as laid out (lines_shaped_once's reuse)
    if end != -1:
        pango.pango_layout_set_width(layout.layout, -1)     # as WeasyPrint leaves it
    # as WeasyPrint draws it (a line without a paragraph break: the same line), so drawing
    # finds the line shaped
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    first_line, _ = layout.get_first_line()
    length = first_line.length
    width, height = wp_line_break.line_size(first_line, style)
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
    layout.deactivate()
    resume = None if end == -1 else len(line.encode()) + 1
    return layout, length, resume, width, height, baseline


@contextlib.contextmanager
def lines_shaped_once():
    """While a unit is laid out and written, each ``pre`` line is shaped once for its
    layout and its text box keeps that layout for drawing (see the module docstring)."""
    split = wp_inline.split_first_line
    layout_class = wp_line_break.Layout
    deactivate, reactivate = layout_class.deactivate, layout_class.reactivate

    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        found = _pre_line(text, style, context, max_width, justification_spacing)
        if found is not None:
            return found
        return split(text, style, context, max_width, justification_spacing,
                     is_line_start, minimum)

    def keep(layout):
        """The Pango layout stays until the text box is drawn (or the unit is let go)."""

    def reuse(layout, style):
        # only a pre line's own layout: another keeps the width its wrapping set, which
        # WeasyPrint's fresh layout for drawing has not (other alignments would move)
        if not (getattr(layout, "shaped_once", False) and layout.style is style
                and hasattr(layout, "layout") and not layout.justification_spacing):
            reactivate(layout, style)

    describe = wp_line_break.get_font_description
    descriptions: dict[tuple, object] = {}

    def font_description(style):
        if style["font_variation_settings"] != "normal":
            return describe(style)
        key = (tuple(style["font_family"]), style["font_style"], style["font_stretch"],
               style["font_weight"], style["font_size"], style["font_variant_caps"])
        found = descriptions.get(key)
        if found is None:
            found = descriptions[key] = describe(style)
        return found

    wp_inline.split_first_line = split_first_line
    layout_class.deactivate, layout_class.reactivate = keep, reuse
    wp_line_break.get_font_description = font_description
    try:
        yield
    finally:
        wp_inline.split_first_line = split
        layout_class.deactivate, layout_class.reactivate = deactivate, reactivate
        wp_line_break.get_font_description = describe


#: the elements the print template writes (templates/print/issue.html): in any other,
#: HTML5 and XML may build different trees (void, raw-text, table and form elements)
_BLOCKS = frozenset({"html", "head", "body", "section", "nav", "article", "header", "div",
                     "pub-toci", "p", "h1", "h2", "h3", "h4", "h5", "h6"})
_HEAD = frozenset({"meta", "title", "style", "link"})
_PHRASING = frozenset({"span", "b", "a"})
_HEADINGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
_DOCTYPE = "<!DOCTYPE html>"
_VOID = re.compile(r"<(meta|link)(\s[^<>]*)?(?<!/)>")
_UNSURE = re.compile(r"<[!?]|&(?!(?:amp|lt|gt|quot|#34|#39);)|=\"[^\"<>]*[\t\n\r]")
_RAW = re.compile(r"<(style|title)(?:\s[^<>]*)?>([^<]*)</\1>")


def _blank(text: str | None) -> bool:
    return not text or not text.strip(" \t\n\f\r")


def _xml_tree(text: str):
    """The tree tinyhtml5 builds of ``text`` (``namespace_html_elements=False``), read by
    ElementTree's XML parser; None when ``text`` is not in the form the print template
    writes."""
    if not text.startswith(_DOCTYPE):
        return None
    body, end, tail = text[len(_DOCTYPE):].rpartition("</html>")
    if not end or not _blank(tail) or _UNSURE.search(body):
        return None
    if any("&" in raw for _, raw in _RAW.findall(body)):
        return None
    try:
        root = ET.fromstring(_VOID.sub(r"<\1\2/>", body) + end)
    except ET.ParseError:
        return None
    if not _same_as_html5(root):
        return None
    head, body_element = root
    root.text = None                   # HTML5 drops white space before <head>
    trailing = (body_element.tail or "") + tail   # and moves what follows </body> into it
    body_element.tail = None
    if len(body_element):
        last = body_element[-1]
        last.tail = (last.tail or "") + trailing
    else:
        body_element.text = (body_element.text or "") + trailing
    return root


def _same_as_html5(root) -> bool:
    """The tree has the template's shape: html holding head then body with nothing but white
    space around them, head holding head elements, phrasing inside paragraphs."""
    if root.tag != "html" or [c.tag for c in root] != ["head", "body"] \
            or root.attrib.keys() - {"lang"}:
        return False
    head, body = root
    if not (_blank(root.text) and _blank(head.tail) and _blank(head.text)):
        return False
    if any(c.tag not in _HEAD or len(c) or not _blank(c.tail) for c in head):
        return False
    for element in body.iter():
        if element.tag in _HEADINGS or element.tag in _PHRASING:
            if any(c.tag not in _PHRASING for c in element):     # (each child is
                return False                                      # checked in turn)
            if element.tag == "a" and any(c.tag == "a" for c in element.iter() if c is not element):
                return False
        elif element.tag not in _BLOCKS:
            return False
    return True


def html_document(text: str, base_url: str):
    """``weasyprint.HTML(string=text)``, its tree read by ElementTree where the text is in the
    template's form (see the module docstring)."""
    import weasyprint
    root = _xml_tree(text)
    if root is None:
        return weasyprint.HTML(string=text, base_url=base_url)
    own = weasyprint.tinyhtml5
    weasyprint.tinyhtml5 = types.SimpleNamespace(parse=lambda *args, **kwargs: root)
    try:
        return weasyprint.HTML(string=text, base_url=base_url)
    finally:
        weasyprint.tinyhtml5 = own


_CORNERS = ("top_left", "top_right", "bottom_right", "bottom_left")


def _no_background(style) -> bool:
    """WeasyPrint's background layout of a box in ``style`` sets no background, no border
    or mask image and zero corner radii."""
    from weasyprint.draw.color import get_color
    square = all((0, "px") in style[f"border_{corner}_radius"] for corner in _CORNERS)
    return (square and style["border_image_source"][0] == "none"
            and style["mask_border_source"][0] == "none" and not style["box_shadow"]
            and (style["visibility"] == "hidden"
                 or (not any(value for _, value in style["background_image"])
                     and get_color(style, "background_color").alpha == 0)))


@contextlib.contextmanager
def backgrounds_once():
    """While a unit is laid out, a box in a style without any background gets WeasyPrint's
    result from one look at the style (see the module docstring)."""
    lay_out = wp_background.layout_box_backgrounds
    seen: dict[int, tuple[object, bool]] = {}

    def layout_box_backgrounds(page, box, get_image_from_uri, layout_children=True,
                               style=None):
        if style is not None or box is page:
            return lay_out(page, box, get_image_from_uri, layout_children, style)
        kept = seen.get(id(box.style))
        if kept is None or kept[0] is not box.style:
            kept = seen[id(box.style)] = (box.style, _no_background(box.style))
        if not kept[1]:
            return lay_out(page, box, get_image_from_uri, layout_children, style)
        for corner in _CORNERS:
            setattr(box, f"border_{corner}_radius", (0, 0))
        if layout_children:
            for child in box.all_children():
                layout_box_backgrounds(page, child, get_image_from_uri)
        box.background = None
        return None

    wp_background.layout_box_backgrounds = layout_box_backgrounds
    try:
        yield
    finally:
        wp_background.layout_box_backgrounds = lay_out
