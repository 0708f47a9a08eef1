"""An edited DOCX (one we built) back into the model, by paragraph style.

Each paragraph's style names its role (publish/docxkit/config.py): a title (``heading 1``,
id ``ArticleTitle``) starts an article, title-block styles fill its metadata, block styles
make blocks. What the model cannot hold is never dropped silently: unknown styles become paragraphs with a
warning; tables, text boxes, images, comments and tracked changes are reported.

Text is read from the XML, not python-docx's ``paragraph.text``, which skips runs inside
tracked insertions (``w:ins``), hyperlinks and content controls. Tracked changes are read as
accepted. Bold is a run's own ``w:b`` (or its character style's), not the paragraph style's.

Fields the DOCX cannot express differently (ids, the source 目录 page, page breaks of the
source) come from the corpus the DOCX was built from.
"""
from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree
from rapidfuzz import fuzz

from ..templating import wording
from ..docxkit import config, fields, identity
from ..docxkit.xml import MC_NS, R_NS, w
from ..errors import UserError, require_file
from ..model import (
    BOLD,
    FOOTNOTE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TEXT,
    Article,
    Block,
    Issue,
    PageBreak,
    Span,
)
from ..text.chars import LIST_ITEM_RE, is_wide, strip_controls
from .zipguard import check_package

# Runs under these are not the paragraph's text (deleted, moved away, or a nested story).
_FALLBACK = f"{{{MC_NS}}}Fallback"
_SKIP_ANCESTORS = {w("del"), w("moveFrom"), w("txbxContent"), _FALLBACK, w("p"), w("tbl")}
_FALSE = {"0", "false", "off"}
_R_ID = f"{{{R_NS}}}id"
_FIELD_WORD = re.compile(r'"[^"]*"|\S+')
_CALL = "\ufffc"        # where a footnote is called, while a paragraph's text is joined
_NOTE_KINDS = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass
class Para:
    """One paragraph as read: its style, role and spans."""
    number: int                 # 1-based, in document order (for messages)
    style_id: str
    style_name: str
    spec: config.StyleSpec | None
    spans: tuple[Span, ...]
    marks: tuple[str, ...] = ()  # article identity bookmarks that start in this paragraph
    page_break: bool = False     # a page break between it and the paragraph before
    ends_in_page_break: bool = False
    line_breaks: int = 0         # line breaks typed inside it (Shift+Enter)
    section_break: bool = False  # it ends a section
    links: tuple[str, ...] = ()  # the addresses of the links in it
    numbered: bool = False       # Word numbers it (a number the text does not hold)
    mark_deleted: bool = False   # its paragraph mark is a tracked deletion: joins the next

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def role(self) -> str | None:
        return self.spec.role if self.spec else None


@dataclass
class DocArticle:
    """An article as found in the DOCX, before it is merged with the corpus."""
    title: str
    first: int                                  # paragraph number of the title
    marks: list[str] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class ReadResult:
    issue: Issue
    warnings: list[str]
    lost: list[str] = field(default_factory=list)   # what the corpus cannot hold: exit 1


# ----------------------------------------------------------------------- reading

def read(path: str | Path, base: Issue) -> ReadResult:
    """Read ``path`` against the corpus ``base`` it was built from."""
    warnings: list[str] = []
    lost: list[str] = []
    doc = _open(Path(path))
    ident = _identifier(doc, path)
    if ident and ident != base.id:
        raise UserError(f"this DOCX was built from issue {ident!r}, not {base.id!r}", path)
    paras = _join_deleted_marks(list(_paragraphs(doc, warnings, lost, path)))
    front, articles, strays = _split(paras, warnings, page_splits(base))
    _check_footers(doc, lost)
    _check_article_markup(paras, lost)
    if not articles:
        raise UserError("no paragraph in the article title style (heading 1, id ArticleTitle):"
                        " not a DOCX built by publish, or its styles were replaced", path)
    pairs = _pair(base.articles, articles, strays, path)
    merged = tuple(_merge(old, new, base, warnings) for old, new in pairs)
    issue = replace(base, articles=merged)
    _check_front(front, base, issue, lost)
    return ReadResult(issue, warnings, lost)


def _open(path: Path):
    require_file(path, "a DOCX file")
    check_package(path)
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        raise UserError(f"not a readable DOCX ({exc})", path) from None
    _require_body(doc, path)
    return doc


def _require_body(doc, path: Path) -> None:
    """python-docx opens a main part of any root element (``<x/>``, or a part named twice in
    the zip, the last one winning); the reader walks the ``w:body`` of a ``w:document``."""
    root = doc.element
    if root.tag != w("document") or root.find(w("body")) is None:
        part = str(doc.part.partname).lstrip("/")
        raise UserError(f"not a readable DOCX ({part} holds no w:document with a w:body)", path)


def _identifier(doc, path: Path) -> str:
    """The issue id the DOCX was built from ("" if it names none). A core-properties part
    of another root element has no reader in python-docx (an AttributeError)."""
    try:
        return (doc.core_properties.identifier or "").strip()
    except AttributeError:
        raise UserError("not a readable DOCX (docProps/core.xml holds no core properties)",
                        path) from None


class _Styles:
    """Style ids → names and roles; character styles → bold."""

    def __init__(self, doc):
        self.element = doc.styles.element
        self.by_id = {s.get(w("styleId")): s for s in self.element.findall(w("style"))}
        self.default = next((s.get(w("styleId")) for s in self.element.findall(w("style"))
                             if s.get(w("type")) == "paragraph"
                             and s.get(w("default")) in ("1", "true", "on")), "Normal")
        self.known = {}
        for spec in config.STYLES:
            for key in (spec.name, spec.id, spec.alias):
                self.known.setdefault(key.casefold(), spec)

    def name(self, style_id: str) -> str:
        node = self.by_id.get(style_id)
        name = node.find(w("name")) if node is not None else None
        return name.get(w("val")) if name is not None else style_id

    def alias(self, style_id: str) -> str:
        node = self.by_id.get(style_id)
        alias = node.find(w("aliases")) if node is not None else None
        return alias.get(w("val"), "") if alias is not None else ""

    def spec(self, style_id: str) -> config.StyleSpec | None:
        """The role of a paragraph style: by our own style id first (ids never changed
        between versions, names did: an older DOCX's "heading 2" was the lone numeral's
        style), then by the alias it was built with, then by its name (a style an editor
        applied from Word's gallery)."""
        if style_id in config.STYLE_BY_ID:
            return config.STYLE_BY_ID[style_id]
        aliases = [a.strip() for a in self.alias(style_id).split(",") if a.strip()]
        for alias in aliases:               # Word keeps several, comma-separated
            legacy = config.LEGACY_ALIASES.get(alias)
            if legacy is not None:
                return config.STYLE_BY_ID[legacy]
        for key in (*aliases, self.name(style_id), style_id):
            spec = self.known.get(key.casefold()) if key else None
            if spec is not None:
                return spec
        return None

    def char_property(self, style_id: str | None, tag: str):
        """A run property (``w:b``, ``w:i``…) a character style gives, or None."""
        return self._inherited(style_id, f"{w('rPr')}/{w(tag)}")

    def list_number(self, style_id: str | None) -> str | None:
        """The numbering a paragraph style gives (Word's List Number…), by its ``w:numId``."""
        num = self._inherited(style_id, f"{w('pPr')}/{w('numPr')}/{w('numId')}")
        return num.get(w("val")) if num is not None else None

    def _inherited(self, style_id: str | None, path: str):
        """The element at ``path`` in the style or the nearest style it is based on."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            node = self.by_id.get(style_id)
            if node is None:
                return None
            found = node.find(path)
            if found is not None:
                return found
            based = node.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return None


def _paragraphs(doc, warnings: list[str], lost: list[str], path: Path):
    styles = _Styles(doc)
    notes = _notes(doc, path)
    lists = _list_ids(doc)
    body = doc.element.body
    if body.find(f".//{w('ins')}") is not None or body.find(f".//{w('del')}") is not None:
        warnings.append("the DOCX has tracked changes: they were read as accepted "
                        "(insertions kept, deletions dropped)")
    comments = len(body.findall(f".//{w('commentReference')}"))
    if comments:
        lost.append(f"{comments} comment(s) in the DOCX are not imported; "
                    "resolve them in the text")
    pending: list[str] = []           # identity bookmarks started between paragraphs
    containers: set = set()
    in_articles = False
    for number, (p, container) in enumerate(_walk(body, pending=pending), 1):
        marks = tuple(pending) + _marks(p)
        pending.clear()
        if container is not None and container not in containers:
            containers.add(container)
            lost.extend(_container_lost(number, container, in_articles))
        ppr = p.find(w("pPr"))
        pstyle = ppr.find(w("pStyle")) if ppr is not None else None
        style_id = pstyle.get(w("val")) if pstyle is not None else styles.default
        spans, extras = _spans(p, styles, notes)
        for extra in extras:
            lost.append(f"paragraph {number}: {extra}")
        # table text becomes plain paragraphs (reported above), whatever its style
        in_table = container is not None and container.tag == w("tbl")
        spec = config.STYLE_BY_ID["Body"] if in_table else styles.spec(style_id)
        in_articles = in_articles or (spec is not None and spec.role == config.ROLE_TITLE)
        brk = ppr.find(w("pageBreakBefore")) if ppr is not None else None
        before = brk is not None and brk.get(w("val"), "1").lower() not in _FALSE
        last = [n for r in p.iter(w("r")) for n in r if n.tag != w("rPr")][-1:]
        after = bool(last) and last[0].tag == w("br") and last[0].get(w("type")) == "page"
        section = ppr is not None and ppr.find(w("sectPr")) is not None
        mark = ppr.find(f"{w('rPr')}/{w('del')}") if ppr is not None else None
        num = ppr.find(f"{w('numPr')}/{w('numId')}") if ppr is not None else None
        num_id = num.get(w("val")) if num is not None else styles.list_number(style_id)
        yield Para(number, style_id, styles.name(style_id), spec, spans, marks, before, after,
                   line_breaks=_line_breaks(p), section_break=section,
                   links=_links(p, doc.part), numbered=num_id in lists,
                   mark_deleted=mark is not None)


def _list_ids(doc) -> set[str]:
    """The ``w:numId`` values the numbering part defines (numId 0, "no number", never is)."""
    for rel in doc.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob, _PARSER)
            except etree.XMLSyntaxError:
                return set()           # Word shows no numbers either
            return {n.get(w("numId")) for n in root.findall(w("num"))} - {"0", None}
    return set()


def _join_deleted_marks(paras: list[Para]) -> list[Para]:
    """Tracked changes read as accepted: a paragraph whose mark is a tracked deletion (Word's
    Delete at a paragraph's end, with Track Changes on) is one with the paragraph after it,
    which keeps its own style (the mark that stays holds it)."""
    out: list[Para] = []
    held: Para | None = None
    for para in paras:
        if held is not None:
            para = replace(para, number=held.number,
                           spans=_merge_spans(held.spans + para.spans),
                           marks=held.marks + para.marks,
                           page_break=held.page_break or para.page_break,
                           line_breaks=held.line_breaks + para.line_breaks,
                           links=held.links + para.links)
        if para.mark_deleted:
            held = para
            continue
        held = None
        out.append(para)
    if held is not None:
        out.append(held)
    return out


def _container_lost(number: int, container, in_articles: bool) -> list[str]:
    """What a table or text box the paragraph opens costs: the corpus holds neither, so
    their text is kept as paragraphs. A text box on the cover is no edit: LibreOffice's
    save through .odt makes the cover's foot line (a frame) one."""
    if container.tag == w("tbl"):
        rows = container.findall(w("tr"))
        cells = sum(len(r.findall(w("tc"))) for r in rows)
        return [f"paragraph {number}: a table ({len(rows)} rows, {cells} cells) is not "
                "imported: the corpus holds no tables; its text is kept as plain paragraphs"]
    if in_articles:
        return [f"paragraph {number}: a text box is not imported: the corpus holds no text "
                "boxes; its text is kept as paragraphs after the one it is anchored in"]
    return []


def _links(p, part) -> tuple[str, ...]:
    """Where the paragraph's links (``w:hyperlink``, a HYPERLINK field) point: an address,
    or ``#bookmark`` inside the document."""
    out = []
    for link in p.iter(w("hyperlink")):
        if _skipped(link, p):
            continue
        rel = part.rels.get(link.get(_R_ID) or "")
        anchor = link.get(w("anchor"))
        out.append(rel.target_ref if rel is not None else f"#{anchor}" if anchor else "")
    # a field's code may be cut over several runs (Word splits it where it likes)
    codes = "".join(n.text or "" for n in p.iter(w("instrText"))
                    if not _skipped(n.getparent(), p))
    codes += " ".join(n.get(w("instr"), "") for n in p.iter(w("fldSimple")))
    return tuple(out + _field_links(codes))


def _field_links(codes: str) -> list[str]:
    """Where the HYPERLINK fields in ``codes`` point: the address, or ``#bookmark`` after a
    ``\\l`` switch."""
    words = [word.strip('"') for word in _FIELD_WORD.findall(codes)]
    out = []
    for k, word in enumerate(words):
        if word.upper() != "HYPERLINK":
            continue
        rest = words[k + 1:]
        if rest[:1] == ["\\l"] and len(rest) > 1:
            out.append(f"#{rest[1]}")
        else:
            out.append(rest[0] if rest else "")
    return out


def _line_breaks(p) -> int:
    """Line breaks typed in the paragraph (``w:br`` of no type, ``w:cr``), deleted ones not
    counted."""
    return sum(1 for node in p.iter(w("br"), w("cr"))
               if node.get(w("type"), "textWrapping") == "textWrapping"
               and not _skipped(node.getparent(), p))


def _notes(doc, path: Path) -> dict[tuple[str, str], etree._Element]:
    """(kind, id) → the footnote or endnote element, from the notes parts."""
    out: dict[tuple[str, str], etree._Element] = {}
    for rel in doc.part.rels.values():
        kind = _NOTE_KINDS.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise UserError(f"not a readable DOCX ({kind}s: {exc})", path) from None
        for note in root.findall(w(kind)):
            if note.get(w("type"), "normal") == "normal":
                out[(kind, note.get(w("id")))] = note
    return out


def _marks(p) -> tuple[str, ...]:
    names = (b.get(w("name")) for b in p.iter(w("bookmarkStart")))
    return tuple(n for n in names if identity.is_identity(n))


def _walk(parent, where=None, pending: list[str] | None = None):
    """Body paragraphs in order, each with the table or text box it is in (or None); a
    text box's paragraphs follow the paragraph it is anchored in (its VML copy for older
    readers, in ``mc:Fallback``, is left out).

    A bookmark Word put between paragraphs (one spanning several) goes to ``pending``,
    for the paragraph that follows.
    """
    for child in parent:
        tag = child.tag
        if tag == w("p"):
            yield child, where
            for box in child.iter(w("txbxContent")):
                if not _skipped(box, child):
                    yield from _walk(box, box, pending)
        elif tag == w("tbl"):
            for p in child.iter(w("p")):
                if not _has_ancestor(p, child, {_FALLBACK}):
                    yield p, child
        elif tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _walk(content, where, pending)
        elif tag in (w("customXml"), w("ins"), w("moveTo")):
            yield from _walk(child, where, pending)
        elif tag == w("bookmarkStart") and pending is not None:
            if identity.is_identity(child.get(w("name"))):
                pending.append(child.get(w("name")))


def _spans(p, styles: _Styles, notes: dict | None = None
           ) -> tuple[tuple[Span, ...], list[str]]:
    """The paragraph's spans, and what in it the corpus cannot hold.

    ``notes`` maps footnote references to their notes; None inside a note.
    """
    pieces: list[tuple[str, bool | tuple[Span, ...]]] = []
    extras: list[str] = []
    unheld: list[str] = []
    for r in p.iter(w("r")):
        if _skipped(r, p):
            continue
        rpr = r.find(w("rPr"))
        bold = _is_on(_run_property(rpr, styles, "b"))
        if _is_on(_run_property(rpr, styles, "vanish")):
            hidden = "".join(t.text or "" for t in r.iter(w("t")))
            if hidden:                  # Word shows it not: not the text, yet never lost
                extras.append(f"hidden text ({hidden[:20]}{'…' if len(hidden) > 20 else ''}) "
                              "is not imported: show it in Word (Font ▸ Hidden off) if it "
                              "belongs to the text")
            continue
        for node in r:
            tag = node.tag
            if tag == w("t"):
                pieces.append((node.text or "", bold))
                if node.text:
                    unheld.extend(f for f in _unheld_formats(rpr, styles) if f not in unheld)
            elif tag == w("tab"):
                pieces.append(("\t", bold))
            elif tag in (w("br"), w("cr")):
                if node.get(w("type"), "textWrapping") == "textWrapping":
                    pieces.append(("\n", bold))
            elif tag == w("noBreakHyphen"):
                pieces.append(("\u2011", bold))
            elif tag == w("sym"):
                code = node.get(w("char"), "")
                if re.fullmatch(r"[0-9A-Fa-f]{1,6}", code) and 0 < int(code, 16) <= 0x10FFFF:
                    pieces.append((chr(int(code, 16)), bold))
                else:
                    extras.append(f"a symbol with no character code ({code[:12]!r}) is not "
                                  "imported")
            elif tag in (w("drawing"), w("pict"), w("object")):
                extras.append("an image or drawing is not imported: the corpus holds no "
                              "images")
            elif tag in (w("footnoteReference"), w("endnoteReference")) and notes is not None:
                kind = "footnote" if tag == w("footnoteReference") else "endnote"
                note = notes.get((kind, node.get(w("id"))))
                spans = _note_spans(note, styles, extras) if note is not None else ()
                if note is None:
                    extras.append(f"a {kind} reference without its {kind} is dropped")
                elif spans:
                    pieces.append((_CALL, spans))
    if unheld:
        extras.append(f"{' and '.join(unheld)} text is not imported as such (the corpus marks "
                      "bold only): its text is kept plain")
    return _normalise(pieces), extras


_UNHELD = (("i", "italic"), ("u", "underlined"), ("strike", "struck-through"),
           ("dstrike", "struck-through"))


def _run_property(rpr, styles: _Styles, tag: str):
    """A run's own property ``tag``, else its character style's (None when neither sets it)."""
    if rpr is None:
        return None
    own = rpr.find(w(tag))
    if own is not None:
        return own
    rstyle = rpr.find(w("rStyle"))
    return styles.char_property(rstyle.get(w("val")), tag) if rstyle is not None else None


def _is_on(node) -> bool:
    """A toggle property (``w:b``, ``w:i``…) set on; ``w:u`` is off as ``none``."""
    return node is not None and node.get(w("val"), "1").lower() not in (*_FALSE, "none")


def _unheld_formats(rpr, styles: _Styles) -> list[str]:
    """What a run's formatting means that the corpus cannot mark: it marks bold only."""
    out = [name for tag, name in _UNHELD if _is_on(_run_property(rpr, styles, tag))]
    align = _run_property(rpr, styles, "vertAlign")
    if align is not None and align.get(w("val")) in ("superscript", "subscript"):
        out.append(align.get(w("val")))
    emphasis = _run_property(rpr, styles, "em")
    if emphasis is not None and emphasis.get(w("val"), "none") != "none":
        out.append("emphasis-dotted (着重号)")
    return out


def _note_spans(note, styles: _Styles, extras: list[str]) -> tuple[Span, ...]:
    """A footnote's (or endnote's) text: its paragraphs joined into one, as the model has."""
    paras = [_spans(p, styles, None) for p in note.iter(w("p"))]
    for _, more in paras:
        extras.extend(more)
    texts = [spans for spans, _ in paras if spans]
    if len(texts) > 1:
        extras.append(f"a {etree.QName(note).localname} of {len(texts)} paragraphs is "
                      "imported as one (a corpus footnote is one paragraph)")
    out: list[Span] = []
    for spans in texts:
        for span in spans:
            if out and out[-1].style == span.style:
                out[-1] = Span(out[-1].text + span.text, span.style)
            else:
                out.append(span)
    return tuple(out)


def _skipped(r, p) -> bool:
    return _has_ancestor(r, p, _SKIP_ANCESTORS)


def _has_ancestor(node, top, tags: set[str]) -> bool:
    """Is ``node`` inside an element of one of ``tags`` below ``top``?"""
    node = node.getparent()
    while node is not None and node is not top:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _normalise(pieces: list[tuple[str, bool]]) -> tuple[Span, ...]:
    """Join line breaks as the corpus dialect does, trim the ends, merge equal styles."""
    text = "".join(t for t, _ in pieces)
    styles = [b for t, b in pieces for _ in t]
    out_text, out_bold = [], []
    for i, ch in enumerate(text):
        if ch == "\n":
            prev = out_text[-1] if out_text else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if is_wide(prev) or is_wide(nxt) or prev == " " or nxt in " \n":
                continue
            ch = " "
        ch = strip_controls(ch)
        if ch:
            out_text.append(ch)
            out_bold.append(styles[i])
    start, end = 0, len(out_text)
    while start < end and out_text[start] in " \t":
        start += 1
    while end > start and out_text[end - 1] in " \t":
        end -= 1
    spans: list[Span] = []
    for ch, bold in zip(out_text[start:end], out_bold[start:end]):
        if isinstance(bold, tuple):          # a footnote called here
            spans.append(Span("", FOOTNOTE, bold))
            continue
        style = BOLD if bold else TEXT
        if spans and spans[-1].style == style:
            spans[-1] = Span(spans[-1].text + ch, style)
        else:
            spans.append(Span(ch, style))
    return tuple(spans)


def clean_line(text: str) -> str:
    """A rendered template line as the reader would read it back."""
    spans = _normalise([(strip_controls(text), False)])
    return "".join(s.text for s in spans)


# --------------------------------------------------------------------- structure

@dataclass
class Stray:
    """An article's identity found on a paragraph that is no longer an Article Title."""
    mark: str
    para: Para
    inside: str | None          # the title of the article it now sits in


def page_splits(issue: Issue) -> dict[str, set[str]]:
    """Where the DOCX writer broke a page inside a paragraph (a recorded source page end):
    the paragraph's text before the break → the paragraph's whole text. LibreOffice keeps
    no page break inside a paragraph: its re-save splits the paragraph there (the first
    part ending in the break, the second in style Normal); the reader joins such parts
    back (:func:`_split`)."""
    out: dict[str, set[str]] = {}
    for art in issue.articles:
        for pb in art.page_breaks:
            if not 0 <= pb.block < len(art.blocks):
                continue
            block = art.blocks[pb.block]
            label = f"{block.label} " if block.type == LIST_ITEM and block.label else ""
            if 0 < pb.offset < len(block.body_text):
                out.setdefault(label + block.body_text[:pb.offset],
                               set()).add(label + block.body_text)
    return out


_SEAM = 8      # characters either side of a page break that identify it after an edit


def _rejoins(previous: Para | None, para: Para, splits: dict[str, set[str]]) -> bool:
    """Is ``para`` the rest of ``previous``, cut at a page break the writer set there?

    Unedited, the two parts are the recorded paragraph's start. An edit on one side of the
    break (a word changed in LibreOffice, which keeps the split) leaves the other side as
    recorded: the part before it exactly (the part after it edited anywhere, to its last
    characters); or the part after it exactly, with the part before it ending as recorded.
    """
    if previous is None or not (previous.ends_in_page_break or para.page_break):
        return False
    before, after = previous.text, para.text
    if before in splits:    # the part before the break exactly as recorded, the break kept:
        return True         # the rest is the paragraph's, however edited
    return any(before.endswith(prefix[-_SEAM:]) and whole[len(prefix):].startswith(after)
               for prefix, wholes in splits.items() for whole in wholes)


def _split(paras: list[Para], warnings: list[str], splits: dict[str, set[str]] | None = None
           ) -> tuple[list[Para], list[DocArticle], list[Stray]]:
    front: list[Para] = []
    articles: list[DocArticle] = []
    strays: list[Stray] = []
    body_started = False
    previous_title = False
    previous: Para | None = None            # the article's last body paragraph
    for para in paras:
        role = para.role
        if role != config.ROLE_TITLE or not para.text:
            inside = articles[-1].title if articles else None
            strays.extend(Stray(mark, para, inside) for mark in para.marks)
        if not para.text:
            continue                     # empty paragraphs carry nothing
        if role == config.ROLE_TITLE:
            if previous_title:           # a title split with Enter stays one title
                joiner = _joiner(articles[-1].title, para.text)
                articles[-1].title += joiner + para.text
                articles[-1].marks.extend(para.marks)
                warnings.append(f"paragraph {para.number}: consecutive title paragraphs "
                                f"joined into {articles[-1].title!r}")
                continue
            articles.append(DocArticle(para.text, para.number, list(para.marks)))
            previous = None
            body_started = False
            previous_title = True
            continue
        previous_title = False
        if not articles:
            front.append(para)
            continue
        art = articles[-1]
        if role in config.TITLE_BLOCK_ROLES:
            if body_started:
                warnings.append(f"paragraph {para.number} ({para.style_name}): a title-block "
                                f"line after the body of {art.title!r} moves to its title "
                                "block")
            art.lines.setdefault(role, []).append(para.text)
            continue
        body_started = True
        if _rejoins(previous, para, splits or {}):
            previous = replace(previous, spans=_merge_spans(previous.spans + para.spans),
                               marks=previous.marks + para.marks,
                               ends_in_page_break=para.ends_in_page_break)
            art.blocks[-1] = _block(previous, art, warnings)
            continue
        previous = para
        art.blocks.append(_block(para, art, warnings))
    return front, articles, strays


def _merge_spans(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    out: list[Span] = []
    for span in spans:
        if out and span.style == out[-1].style and span.style != FOOTNOTE:
            out[-1] = Span(out[-1].text + span.text, span.style)
        else:
            out.append(span)
    return tuple(out)


def _joiner(a: str, b: str) -> str:
    return "" if (is_wide(a[-1:]) or is_wide(b[:1])) else " "


def _block(para: Para, art: DocArticle, warnings: list[str]) -> Block:
    spec = para.spec
    if spec is None or spec.role in (config.ROLE_COVER, config.ROLE_TOC) or spec.role is None:
        what = "unknown style" if spec is None else "style not meant for article text:"
        warnings.append(f"paragraph {para.number} in {art.title!r}: {what} "
                        f"{para.style_name!r}; kept as a paragraph: {para.text[:30]!r}")
        return Block(PARAGRAPH, para.spans)
    if spec.role == HEADING:
        return Block(HEADING, para.spans, level=spec.level)
    if spec.role == LIST_ITEM:
        first = para.spans[0]
        m = LIST_ITEM_RE.match(first.text) if first.style == TEXT else None
        if not m:
            warnings.append(f"paragraph {para.number} in {art.title!r}: a 'List Item' "
                            "without a number label (1. …) is kept as a paragraph")
            return Block(PARAGRAPH, para.spans)
        rest = first.text[m.end():]
        spans = ((Span(rest, TEXT),) if rest else ()) + para.spans[1:]
        return Block(LIST_ITEM, spans, label=m.group(1))
    return Block(spec.role, para.spans)


def _check_front(front: list[Para], base: Issue, issue: Issue, lost: list[str]) -> None:
    """Cover and 目录 come from issue.yaml, the templates and the titles: edits there are
    reported (one line each), never imported. A 目录 Word refreshed (new page numbers, the
    new order, edited titles) is no edit."""
    expected = [clean_line(line.text) for line in wording.cover(base)]
    expected.append(clean_line(wording.toc_heading(base)))
    found = [p.text for p in front if p.role != config.ROLE_TOC or p.spec.id == "TOCHeading"]
    if found != expected:
        changed = [t for t in found if t not in expected]
        lost.append("the cover or 目录 heading was edited; these are made from issue.yaml "
                    "and templates/common/*.j2 and are not imported"
                    + (f": {changed[:3]!r}" if changed else ""))
    titles = {_toc_title(a, i) for i in (base, issue) for a in i.articles}
    entries = [p for p in front if p.role == config.ROLE_TOC and p.spec.id != "TOCHeading"]
    for line, para in enumerate(entries, 1):
        title = para.text.rsplit("\t", 1)[0].strip()
        if title not in titles:
            lost.append(f"paragraph {para.number}: 目录 line {line} {_short(title)!r} is no "
                        "article's title; the 目录 is made from the titles and not imported")
    if len(entries) != len(base.articles):
        lost.append(f"the 目录 has {len(entries)} lines for {len(base.articles)} articles; "
                    "it is made from the titles and not imported")


def _check_article_markup(paras: list[Para], lost: list[str]) -> None:
    """Line and section breaks an editor typed in an article, links and Word's automatic
    numbers: the corpus holds none (a paragraph has no line break, an article is one
    section, text is text), so each is one line. The writer's own are no edit: line breaks
    in a title block, a section ending each article (the next paragraph with text is a
    title, or there is none), the 目录's links (before the first title)."""
    in_articles = False
    for k, para in enumerate(paras):
        in_articles = in_articles or para.role == config.ROLE_TITLE
        if not in_articles:
            continue
        if para.line_breaks and para.role not in config.TITLE_BLOCK_ROLES:
            lost.append(f"paragraph {para.number}: {para.line_breaks} line break(s) "
                        "(Shift+Enter) are not imported: a corpus paragraph has none; its "
                        "lines are joined (press Enter for a paragraph of its own)")
        if para.numbered:
            lost.append(f"paragraph {para.number}: Word's automatic number on it is not "
                        "imported (the corpus keeps a label as text): type the number")
        for address in para.links:
            lost.append(f"paragraph {para.number}: a link to {_short(address, 60)!r} is not "
                        "imported: the corpus holds no links; its text is kept")
        if para.section_break:
            after = next((q for q in paras[k + 1:] if q.text), None)
            if after is not None and after.role != config.ROLE_TITLE:
                lost.append(f"paragraph {para.number}: a section break is not imported: "
                            "each article is one section of the DOCX build")


def _toc_title(article: Article, issue: Issue) -> str:
    return next((clean_line(line.text) for line in wording.title_block(article, issue)
                 if line.role == config.ROLE_TITLE), article.title)


def _check_footers(doc, lost: list[str]) -> None:
    """Headers and footers are the reference's (``— PAGE —``): any other is reported."""
    expected = {_signature(fields.page_number_paragraph(odd)) for odd in (True, False)}
    for rel in doc.part.rels.values():
        kind = {RT.FOOTER: "footer", RT.HEADER: "header"}.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob, _PARSER)
        for p in root.iter(w("p")):
            sig = _signature(p)
            if sig and sig not in expected:
                lost.append(f"a {kind} reads {_short(sig)!r}: headers and footers come from "
                            "templates/docx/reference.docx and are not imported")


def _signature(p) -> str:
    """A header/footer line as text with its fields as {CODE} (their shown results, which
    Word recomputes, left out)."""
    out = []
    in_result = False
    for node in p.iter(w("t"), w("instrText"), w("fldChar"), w("fldSimple")):
        if node.tag == w("fldChar"):
            kind = node.get(w("fldCharType"))
            in_result = kind == "separate" or (in_result and kind != "end")
        elif node.tag in (w("instrText"), w("fldSimple")):
            code = (node.text if node.tag == w("instrText") else node.get(w("instr"))) or ""
            out.append(f"{{{code.split()[0].upper()}}}" if code.split() else "")
        elif not in_result and not _in_simple_field(node, p):
            out.append(node.text or "")
    return "".join(out).strip()


def _in_simple_field(node, p) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not p:
        if parent.tag == w("fldSimple"):
            return True
        parent = parent.getparent()
    return False


def _pair(old: tuple[Article, ...], new: list[DocArticle], strays: list[Stray], path
          ) -> list[tuple[Article, DocArticle]]:
    """Pair the DOCX's articles with the corpus's by identity, in the DOCX's order.

    Each title carries its article's identity bookmark (docxkit/identity.py); a title that
    lost it (a DOCX from an older publish, a title retyped) pairs by its exact title. A
    reordered DOCX gives the pairs in its new order. What would merge, split, add or remove
    articles is refused, naming each article and paragraph involved: the corpus is never
    changed by guessing which text belongs to which article.
    """
    by_mark = {identity.bookmark_name(a.id): a for a in old}
    paired: dict[int, Article] = {}
    taken: set[str] = set()
    problems: list[str] = []
    for k, doc in enumerate(new):
        ids = list(dict.fromkeys(by_mark[m].id for m in doc.marks if m in by_mark))
        if len(ids) > 1:
            problems.append(f"paragraph {doc.first}: the title {_short(doc.title)!r} holds "
                            f"the titles of {len(ids)} articles ({', '.join(ids)}): titles "
                            "joined")
            taken.update(ids)
            continue
        if ids and ids[0] not in taken:
            paired[k] = next(a for a in old if a.id == ids[0])
            taken.add(ids[0])
    for k, doc in enumerate(new):       # titles without a mark: by their exact title
        if k in paired or any(m in by_mark for m in doc.marks):
            continue
        match = [a for a in old if a.id not in taken and clean_line(a.title) == doc.title]
        if len(match) == 1:
            paired[k] = match[0]
            taken.add(match[0].id)
    stray_ids = {}
    for stray in strays:
        art = by_mark.get(stray.mark)
        if art is not None and art.id not in taken and art.id not in stray_ids:
            stray_ids[art.id] = stray
    for art in old:
        if art.id in taken:
            continue
        stray = stray_ids.get(art.id)
        if stray is not None:
            where = (f"merged into {_short(stray.inside)!r}" if stray.inside
                     else "before the first article")
            now = (f"in the style {stray.para.style_name!r}" if stray.para.text
                   else "empty")
            problems.append(f"paragraph {stray.para.number}: the title of "
                            f"{_short(art.title)!r} ({art.id}) is now {now}, so its text "
                            f"would be {where}")
        else:
            problems.append(f"{_short(art.title)!r} ({art.id}) is missing from the DOCX")
    for k, doc in enumerate(new):
        if k not in paired and not any(m in by_mark for m in doc.marks):
            after = new[k - 1].title if k else None
            problems.append(f"paragraph {doc.first}: {_short(doc.title)!r} is an Article "
                            "Title that matches no article of the corpus"
                            + (f" (it would split {_short(after)!r})" if after else ""))
        elif k not in paired:
            dup = next(by_mark[m] for m in doc.marks if m in by_mark)
            problems.append(f"paragraph {doc.first}: {_short(doc.title)!r} is a second "
                            f"title for {_short(dup.title)!r} ({dup.id}): a copied title")
    if not paired and not taken:
        raise UserError(f"none of the DOCX's {len(new)} article titles is a title of the "
                        f"corpus's {len(old)} articles: it was not built from this corpus "
                        "(`publish build DIR --format docx` makes one)", path)
    if problems:
        raise UserError("import-docx does not merge, split, add or remove articles (do that "
                        "in the corpus, then build the DOCX again): " + "; ".join(problems),
                        path)
    return [(paired[k], doc) for k, doc in enumerate(new)]


def _short(text: str | None, limit: int = 30) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit] + "…"


# ------------------------------------------------------------------------ merging

_ISO = re.compile(r"(\d{4})\s*[-－/.年]\s*(\d{1,2})\s*[-－/.月]\s*(\d{1,2})\s*日?")
_SOURCE = re.compile(r"来源\s*[：:]\s*(.*?)\s*[)）]?\s*$")


def _merge(old: Article, new: DocArticle, issue: Issue, warnings: list[str]) -> Article:
    rendered: dict[str, list[str]] = {}
    for line in wording.title_block(old, issue):
        rendered.setdefault(line.role, []).append(clean_line(line.text))
    found = {config.ROLE_TITLE: [new.title], **new.lines}

    def changed(role: str) -> bool:
        return rendered.get(role, []) != found.get(role, [])

    art = old
    if changed(config.ROLE_TITLE):
        art = replace(art, title=new.title)
    if changed(config.ROLE_DECK):
        art = replace(art, deck=tuple(found.get(config.ROLE_DECK, [])))
    if changed(config.ROLE_BYLINE):
        art = replace(art, bylines=tuple(found.get(config.ROLE_BYLINE, [])))
    if changed(config.ROLE_DATELINE):
        lines = found.get(config.ROLE_DATELINE, [])
        art = replace(art, dateline="".join(lines) or None)
    if changed(config.ROLE_SOURCE):
        art = _source(art, found.get(config.ROLE_SOURCE, []), warnings)
    blocks = tuple(new.blocks)
    if blocks != old.blocks:
        art = replace(art, blocks=blocks,
                      page_breaks=remap_breaks(old, blocks, warnings))
    return art


def _source(art: Article, lines: list[str], warnings: list[str]) -> Article:
    if not lines:
        warnings.append(f"{art.title!r}: the source line was removed: date and source "
                        "cleared")
        return replace(art, date=None, source=None)
    text = "".join(lines)
    date_m = _ISO.search(text)
    source_m = _SOURCE.search(text)
    if not date_m and not source_m:
        warnings.append(f"{art.title!r}: cannot read a date or 来源 from the source line "
                        f"{text!r}; date and source kept")
        return art
    date = (f"{int(date_m.group(1)):04d}-{int(date_m.group(2)):02d}-"
            f"{int(date_m.group(3)):02d}") if date_m else None
    source = source_m.group(1).strip() or None if source_m else None
    return replace(art, date=date, source=source)


#: How alike (rapidfuzz's ratio, 0-100) each old paragraph and the new one in its place
#: must be for as many paragraphs edited as before to be taken one by one
ONE_FOR_ONE = 60.0


def _edited_one_for_one(before: tuple[Block, ...], after: tuple[Block, ...]) -> bool:
    """As many paragraphs as before, each like the one it replaces (words changed): a split
    and a join that keep the count are not, and are read as one text (block by block the
    break went to the wrong paragraph, silently)."""
    return len(before) == len(after) and all(
        fuzz.ratio(_plain(a), _plain(b)) >= ONE_FOR_ONE for a, b in zip(before, after))


def remap_breaks(old: Article, blocks: tuple[Block, ...], warnings: list[str]
                 ) -> tuple[PageBreak, ...]:
    """Carry the source page breaks over to the edited blocks.

    A break in an unchanged block moves with it; one in edited blocks (a word changed, a
    paragraph split in two or two joined) goes where the unchanged text around it went;
    any other is dropped with a warning.
    """
    if not old.page_breaks:
        return ()
    matcher = difflib.SequenceMatcher(a=old.blocks, b=blocks, autojunk=False)
    where: dict[int, int] = {}
    edited: dict[int, tuple[int, int, int, int]] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        one_for_one = tag == "replace" and _edited_one_for_one(old.blocks[i1:i2],
                                                               blocks[j1:j2])
        for k in range(i2 - i1):
            if tag == "equal":
                where[i1 + k] = j1 + k
            elif one_for_one:
                edited[i1 + k] = (i1 + k, i1 + k + 1, j1 + k, j1 + k + 1)   # block by block
            elif tag == "replace":
                edited[i1 + k] = (i1, i2, j1, j2)
    out = []
    for pb in old.page_breaks:
        if pb.block in where:
            out.append(PageBreak(where[pb.block], pb.offset))
            continue
        span = edited.get(pb.block)
        moved = _break_in_edit(old.blocks, blocks, span, pb) if span else None
        if moved is not None:
            out.append(moved)
            continue
        warnings.append(f"{old.title!r}: the source page break in block {pb.block + 1} "
                        f"(after character {pb.offset}) was dropped: the text around it "
                        "changed")
    return tuple(out)


def _break_in_edit(old: tuple[Block, ...], new: tuple[Block, ...],
                   span: tuple[int, int, int, int], pb: PageBreak) -> PageBreak | None:
    """Where a break in blocks an edit replaced goes: its place in their text read as one,
    carried to the text of the blocks that replace them, so a paragraph split before the
    break takes it into its second part (and two joined, into the one). On the seam
    between two new blocks it stays at the end of the first. As many blocks as before are
    taken one by one (a Replace All over a long article stays one paragraph's work)."""
    i1, i2, j1, j2 = span
    before = [_plain(b) for b in old[i1:i2]]
    after = [_plain(b) for b in new[j1:j2]]
    at = sum(map(len, before[:pb.block - i1])) + pb.offset
    moved = _moved_offset("".join(before), "".join(after), at)
    if moved is None:
        return None
    for k, text in enumerate(after):
        if moved <= len(text):
            return PageBreak(j1 + k, moved)
        moved -= len(text)
    return None


def _moved_offset(old: str, new: str, offset: int) -> int | None:
    """Where a break ``offset`` characters into ``old`` falls in the edited ``new``: the same
    place when the text before it is unchanged, else where the unchanged characters on
    both sides of it went (an edit elsewhere in the paragraph moves it along); None when
    the edit touches the break itself."""
    if new[:offset] == old[:offset] and offset <= len(new):
        return offset
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, _ in matcher.get_opcodes():
        if tag == "equal" and a1 < offset < a2:
            return b1 + offset - a1
    return None


def _plain(block: Block) -> str:
    return "".join(s.text for s in block.spans)

