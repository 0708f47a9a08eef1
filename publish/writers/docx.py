"""DOCX for editors: the model on a copy of templates/docx/reference.docx.

Every paragraph gets the style named for its role (see publish/docxkit/config.py), so an
editor restyles by role in Word and ``publish import-docx`` reads the edits back by style.
The front section (cover and 目录) has no footer; each article is a section of its own whose
page numbers restart at the article's print page (its 目录 number) in the source edition, and
count on from the first article's in the house edition, with ``— PAGE —`` at the outside
corner. In the source edition the articles' styles sit on the grid the PDF uses
(lines a page, characters a line, calibrated from the recorded page ends), so the pages
drift from print as little as a word processor's own line breaking allows. The TOC is a real field, pre-filled with one entry
per article and the print edition's page numbers (or the source 目录's, without a print
layout), so it reads right before Word refreshes it.

The file is byte-identical across builds: timestamps come from build_epoch, the zip's order
and dates are fixed, bookmark ids count up.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from .. import source_edition
from ..templating import wording
from ..docxkit import config, fields, footnotes, identity, package, styles, weakmarks
from ..docxkit.xml import (PPR_ORDER, SECTPR_ORDER, declare_compatibility_on_root, el,
                            insert_ordered, to_bytes, w)
from ..errors import UserError
from ..fsutil import write_bytes_atomic
from ..source_edition.editions import SOURCE, edition_of
from ..layout import toclines
from ..layout.titles import heading_ranks
from ..model import (ATTACHMENT, ATTACHMENT_TITLE, BOLD, FOOTNOTE, HEADING, LIST_ITEM, Article,
                     Block, Issue, Pagination)
from ..templating import text as clean
from ..text.leads import block_lead
from ..layout.title_breaks import clause_parts, title_parts
from ..options import DOCX_FONTS, BuildOptions, build_epoch
from ..paths import TEMPLATES

REFERENCE = TEMPLATES / "docx" / "reference.docx"
MAKE_REFERENCE = "templates/docx/make_reference.py"
FONT_TABLE = "word/fontTable.xml"
APP_XML = "docProps/app.xml"


def write(issue: Issue, out: str | Path, options: BuildOptions | None = None,
          pages: Pagination | None = None) -> list[Path]:
    """Write ``out`` (the DOCX) atomically; its 目录 page numbers follow ``pages``. Returns
    the files written (``out``)."""
    write_bytes_atomic(out, render(issue, options or BuildOptions(), pages))
    return [Path(out)]


def render(issue: Issue, options: BuildOptions, pagination: Pagination | None = None) -> bytes:
    doc = _open_reference(REFERENCE)
    styles_el = doc.styles.element
    have = styles.style_ids(styles_el)
    missing = [s.name for s in config.STYLES if s.id not in have]
    if missing:
        raise UserError(f"the reference document lacks the styles {', '.join(missing)}; "
                        f"regenerate it with {MAKE_REFERENCE}", REFERENCE)
    styles.add_missing_char_styles(styles_el)
    east_asian = config.east_asian_lang(issue.language)
    styles.make_chinese_safe(styles_el, east_asian)
    styles.make_settings_chinese(doc.settings.element, east_asian)
    if options.docx_fonts not in DOCX_FONTS:
        raise UserError(f"unknown DOCX face set {options.docx_fonts!r} "
                        f"(choose from {', '.join(DOCX_FONTS)})")
    free = options.docx_fonts == "free"
    if free:
        styles.use_free_faces(styles_el)

    body = doc.element.body
    sect = body.find(w("sectPr"))
    if sect is None:
        sect = package.section_properties(None)
        body.append(sect)
    for child in list(body):
        if child is not sect:
            body.remove(child)
    _ensure_footers(doc)

    front = _front_matter(issue, options, pagination)
    insert_ordered(_ppr(front[-1]), package.front_section(sect), PPR_ORDER)
    for p in front:
        sect.addprevious(p)
    notes: list[list[etree._Element]] = []
    grid = source_grid(issue, options)
    # the source edition's pages begin where the pagination the build passes begins them
    # (without one, as for an issue too big to lay out, where recorded source pages ended)
    # the house edition is spaced and paged as its print (GB/T 9704: a blank line under the
    # title block and around an attachment's title, each 附件 on a new page); the source
    # edition's pages are the print's, which set them as the printed issue did
    articles = [article_paragraphs(issue, article, index, notes,
                                   page_ends=page_starts(article, pagination)
                                   if grid is not None else None, house=grid is None)
                for index, article in enumerate(issue.articles, 1)]
    if notes:
        _add_footnotes(doc, sect, notes)
    if grid is not None:
        grid.apply(styles_el, sect)
    for paras, start in zip(articles, article_starts(issue, pagination,
                                                     restart=grid is not None)):
        for p in paras:
            sect.addprevious(p)
        article_sect = sect if paras is articles[-1] else copy.deepcopy(sect)
        if article_sect is not sect:
            insert_ordered(_ppr(paras[-1]), article_sect, PPR_ORDER)
        for old in article_sect.findall(w("pgNumType")):
            article_sect.remove(old)
        if start is not None:
            insert_ordered(article_sect, el("pgNumType", {"fmt": "decimal", "start": start}),
                           SECTPR_ORDER)

    weakmarks.pin(body, styles_el)         # “” —— ※ in the East Asian face in LibreOffice too
    _core_properties(doc, issue)
    declare_compatibility_on_root(doc.element)
    buf = io.BytesIO()
    doc.save(buf)
    parts = package.read_parts(buf.getvalue())
    parts[APP_XML] = _app_properties(parts.get(APP_XML), issue)
    if free and FONT_TABLE in parts:
        table = etree.fromstring(parts[FONT_TABLE])
        styles.add_free_faces(table)
        parts[FONT_TABLE] = to_bytes(table)
    return package.zip_parts(parts, build_epoch(issue))


def _add_footnotes(doc, sect: etree._Element, notes: list[list[etree._Element]]) -> None:
    """The footnotes part, related from the document, and the numbering in settings."""
    part = Part(PackURI(footnotes.PART_NAME), CT.WML_FOOTNOTES, footnotes.part_xml(notes),
                doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    footnotes.add_styles(doc.styles.element)
    footnotes.number_format(doc.settings.element)
    footnotes.section_format(sect)


def _open_reference(path: Path):
    if not path.is_file():
        raise UserError(f"missing reference document; create it with {MAKE_REFERENCE}", path)
    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        raise UserError(f"not a usable DOCX reference document ({exc})", path) from None


def _ensure_footers(doc) -> None:
    """The page-number footers (a reference restyled in Word may have lost them)."""
    section = doc.sections[-1]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        if footer.is_linked_to_previous:
            footer.is_linked_to_previous = False
            ftr = footer._element
            for child in list(ftr):
                ftr.remove(child)
            ftr.append(fields.page_number_paragraph(odd))


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = el("pPr")
        p.insert(0, ppr)
    return ppr


# ------------------------------------------------------------------------ the grid

@dataclass(frozen=True)
class Grid:
    """The source edition's grid as WordprocessingML sets it: an exact line height (twips)
    every article line keeps, and the character spacing that puts ``chars`` on a line."""
    pitch: int
    lines: int
    chars: int

    @property
    def char_spacing(self) -> int:
        """w:spacing (twips) after each body character: the measure shared by ``chars``
        characters, never a hair over it."""
        return math.floor(config.TEXT_WIDTH / self.chars) - config.BODY_SIZE * 20

    def apply(self, styles_el: etree._Element, sect: etree._Element) -> None:
        """The article styles on this grid (the front matter keeps the house pitch), and
        the section's document grid."""
        front = {s.id for s in config.STYLES if s.role in (config.ROLE_COVER, config.ROLE_TOC)}
        for style in styles_el.findall(w("style")):
            if style.get(w("styleId")) in front:
                continue
            spacing = style.find(f"{w('pPr')}/{w('spacing')}")
            if spacing is not None and spacing.get(w("lineRule")) == "exact":
                spacing.set(w("line"), str(self.pitch))
            tracking = style.find(f"{w('rPr')}/{w('spacing')}")
            if tracking is not None and tracking.get(w("val")) == str(config.BODY_CHAR_SPACING):
                tracking.set(w("val"), str(self.char_spacing))
        grid = sect.find(w("docGrid"))
        if grid is not None:
            grid.set(w("linePitch"), str(self.pitch))


def source_grid(issue: Issue, options: BuildOptions) -> Grid | None:
    """The grid the source edition calibrates from the issue's recorded page ends (lines a
    page, characters a line, the pitch that fills the type area), or None for the house
    edition, which keeps the GB/T 9704 grid of the reference document."""
    if edition_of(issue, options) != SOURCE or not source_edition.has_source_pages(issue):
        return None
    grid = source_edition.recorded_grid(issue)     # as issue.yaml records it, else planned
    if grid is not None and grid.capacity:
        chars, lines = grid.chars_per_line, max(grid.capacity, grid.lines_per_page)
    else:
        cal = source_edition.plan(issue).calibration   # cached: the build planned it already
        chars, lines = cal.chars_per_line, max(cal.capacity, cal.lines_per_page)
    area = config.PAGE_HEIGHT - config.MARGIN_TOP - config.MARGIN_BOTTOM
    # the most lines the print plans on a page (set closer there), so that no source page
    # runs over a DOCX page before its recorded end's page break
    return Grid(pitch=area // lines, lines=lines, chars=chars)


def article_starts(issue: Issue, pagination: Pagination | None, restart: bool = True
                   ) -> list[int | None]:
    """Where each article's section restarts the page numbers: its print page (the 目录's
    number, so footer and 目录 agree in Word, WPS and LibreOffice), the first article at 1
    when nothing gives its page (never at 1 for later ones: they then count on).

    Without ``restart`` (the house edition, whose pages no break holds to the print's) only
    the first article restarts them: a word processor whose lines hold a character less
    than print's ends an article a page later, and a restart there would number two pages
    alike (LibreOffice: 72 and 85 twice, 124 never, in the bundled issue). The 目录's
    numbers are then the print's until the word processor updates the field."""
    starts = [toc_page(article, pagination) for article in issue.articles]
    if starts and starts[0] is None:
        starts[0] = 1
    return starts if restart else starts[:1] + [None] * (len(starts) - 1)


# --------------------------------------------------------------------- front matter

def toc_page(article: Article, pagination: Pagination | None) -> int | None:
    """The page a 目录 line shows: the print edition's, else the source 目录's."""
    if pagination is not None:
        page = pagination.start_page(article.id)
        if page is not None:
            return page
    return article.page


def _front_matter(issue: Issue, options: BuildOptions, pagination: Pagination | None
                 ) -> list[etree._Element]:
    paras = []
    for line in wording.cover(issue):
        style = config.COVER_STYLE.get(line.role, "Cover")
        p = fields.paragraph(style, fields.run(line.text))
        paras.append(p)
        if config.STYLE_BY_ID[style].at_page_foot:
            # LibreOffice anchors a frame to the paragraph after it: an empty one keeps
            # the frame on the cover (the 目录 starts a new page)
            insert_ordered(_ppr(p), styles.foot_frame(), PPR_ORDER)
            paras.append(fields.paragraph("Cover"))
    paras.append(fields.paragraph("TOCHeading", fields.run(wording.toc_heading(issue))))
    entries = []
    toc_style = config.STYLE_BY_ID["TOC1"]
    for index, article in enumerate(issue.articles, 1):
        title = "\n".join(toclines.toc_lines(_title_line(issue, article), toc_style))
        entries.append((title, toc_page(article, pagination),
                        identity.bookmark_name(article.id)))
    paras.extend(fields.toc_paragraphs("TOC1", entries))
    return paras


def _title_line(issue: Issue, article: Article) -> str:
    titles = [line.text for line in wording.title_block(article, issue)
              if line.role == config.ROLE_TITLE]
    if len(titles) != 1:
        raise UserError("the title block must have exactly one 'title:' line",
                        TEMPLATES / wording.TITLE_BLOCK)
    return titles[0]


# ------------------------------------------------------------------------- articles

def article_paragraphs(issue: Issue, article: Article, index: int,
                       notes: list[list[etree._Element]] | None = None,
                       page_ends: dict[int, tuple[int, ...]] | None = None,
                       house: bool = False) -> list[etree._Element]:
    """The article's paragraphs; its footnotes' runs are appended to ``notes``. With
    ``page_ends`` (block → offsets, :func:`page_starts`) a page break stands where each page
    of the print begins, so page N of the DOCX begins where page N of the print did. The
    ``house`` edition is spaced as its print (config.HOUSE): blank grid lines under the title
    block and around an attachment's title, and each 附件 line after the article's first
    block begins a page."""
    paras = []
    lines = wording.title_block(article, issue)
    if sum(line.role == config.ROLE_TITLE for line in lines) != 1:
        raise UserError("the title block must have exactly one 'title:' line",
                        TEMPLATES / wording.TITLE_BLOCK)
    for line in lines:
        style = config.TITLE_BLOCK_STYLE.get(line.role)
        if style is None:
            known = ", ".join(config.TITLE_BLOCK_STYLE)
            raise UserError(f"unknown title-block role {line.role!r} (known: {known})",
                            TEMPLATES / wording.TITLE_BLOCK)
        text = line.text
        if line.role == config.ROLE_TITLE:       # the print edition's line breaks
            text = "\n".join(title_parts(text))
        elif line.role == config.ROLE_DECK:      # a line between clauses, as print and EPUB
            text = "\n".join(clause_parts(text))
        p = fields.paragraph(style, fields.run(text))
        if line.role == config.ROLE_TITLE:
            # the article's identity (import-docx pairs by it) and the 目录's link target
            fields.bookmark(p, identity.bookmark_name(article.id), index)
        paras.append(p)
    if house and config.HOUSE.title_gap_lines:
        _space(paras[-1], after=config.HOUSE.title_gap_lines)
    gap = config.HOUSE.display_gap_lines if house else 0
    ends = page_ends or {}
    for number, (block, rank) in enumerate(zip(article.blocks, heading_ranks(article))):
        offsets = ends.get(number, ())
        p = block_paragraph(block, notes, [o for o in offsets if o > 0])
        if 0 in offsets or (house and config.HOUSE.attachment_new_page and number
                            and block.type == ATTACHMENT):
            insert_ordered(_ppr(p), el("pageBreakBefore"), PPR_ORDER)
        if gap and block.type == ATTACHMENT_TITLE:
            _space(p, before=gap, after=gap)
        if rank and rank != config.STYLE_BY_ID[block_style(block)].outline:
            # the style's outline level is its heading level's; an article whose headings
            # start at 一、 ranks them right under its title (Word's navigation pane)
            insert_ordered(_ppr(p), el("outlineLvl", {"val": rank - 1}), PPR_ORDER)
        paras.append(p)
    return paras


def _space(p: etree._Element, before: int = 0, after: int = 0) -> None:
    """Blank grid lines of the house pitch before and after the paragraph (its style's
    line spacing otherwise kept)."""
    ppr = _ppr(p)
    spacing = ppr.find(w("spacing"))
    if spacing is None:
        spacing = el("spacing")
        insert_ordered(ppr, spacing, PPR_ORDER)
    for side, lines in (("before", before), ("after", after)):
        if lines:
            spacing.set(w(side), str(lines * config.LINE_PITCH))


def page_starts(article: Article, pagination: Pagination | None
                ) -> dict[int, tuple[int, ...]]:
    """block → the offsets where a page of the print begins inside the article after its
    first (0: before the block), from the one pagination: the recorded source page ends and
    the pages that begin at a paragraph, which a word processor would otherwise fill from
    the next one. Without a pagination, the recorded source page ends alone."""
    first = pagination.start_page(article.id) if pagination else None
    if first is None:
        return recorded_page_ends(article)
    return _places(article, [(p.block, p.offset) for p in pagination.pages
                             if p.article == article.id and p.number != first])


def recorded_page_ends(article: Article) -> dict[int, tuple[int, ...]]:
    """block → the offsets where a recorded source page ended inside it (0: before it; an
    end past a block's last character opens the next block)."""
    return _places(article, [(pb.block, pb.offset) for pb in article.page_breaks])


def _places(article: Article, where: list[tuple[int, int]]) -> dict[int, tuple[int, ...]]:
    """(block, offset) places where a page begins → block → its offsets: 0 before the
    block; one past a block's last character opens the next block (places outside the
    article's blocks are dropped)."""
    out: dict[int, set[int]] = {}
    for block, offset in where:
        if not 0 <= block < len(article.blocks):
            continue
        if offset >= len(article.blocks[block].body_text) > 0:
            if block + 1 < len(article.blocks):
                out.setdefault(block + 1, set()).add(0)
        else:
            out.setdefault(block, set()).add(max(offset, 0))
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


def block_style(block: Block) -> str:
    key = (block.type, block.level) if block.type == HEADING else block.type
    style = config.BLOCK_STYLE.get(key)
    if style is None:
        raise UserError(f"no DOCX style for block type {block.type!r} level {block.level!r}")
    return style


def block_paragraph(block: Block, notes: list[list[etree._Element]] | None = None,
                    page_breaks: list[int] | tuple[int, ...] = ()) -> etree._Element:
    """The block's paragraph; a page break before the character at each of
    ``page_breaks`` (offsets in the block's text, label excluded)."""
    runs = []
    if block.type == LIST_ITEM and block.label:
        runs.append(fields.run(f"{block.label} "))
    cuts = sorted(page_breaks)
    lead = block_lead(block)
    pos = 0
    for span in block.spans:
        if span.style == FOOTNOTE:
            if notes is None:
                raise ValueError("a footnote needs the document's footnote list")
            notes.append([fields.run(s.text, bold=s.style == BOLD) for s in span.note])
            runs.append(footnotes.reference_run(len(notes)))
            continue
        bold, start, end = span.style == BOLD, pos, pos + len(span.text)
        # where the run-in heading ends, a run ends (the lead in its character style)
        stops = sorted({*(c for c in cuts if c < end), *([lead[1]] if lead and not pos else [])})
        cut = 0
        for stop in stops:
            k = stop - start
            if k > cut:
                runs.append(_run(span.text[cut:k], bold, lead, start + cut))
                cut = k
            if stop in cuts:
                cuts.remove(stop)
                runs.append(fields.page_break())
        if cut < len(span.text):
            runs.append(_run(span.text[cut:], bold, lead, start + cut))
        pos = end
    return fields.paragraph(block_style(block), *runs)


def _run(text: str, bold: bool, lead: tuple[int, int] | None, at: int) -> etree._Element:
    """A run of a block's text starting at offset ``at``: in the run-in heading's character
    style while inside the lead."""
    style = config.RUN_IN_STYLES[lead[0]].id if lead and at < lead[1] else None
    return fields.run(text, bold=bold, style=style)


# --------------------------------------------------------------------- properties

def _core_properties(doc, issue: Issue) -> None:
    """Title, author, language and dates from the issue (never the clock)."""
    stamp = dt.datetime.fromtimestamp(build_epoch(issue), dt.UTC).replace(tzinfo=None)
    props = doc.core_properties
    props.title = _prop(" ".join(x for x in (issue.title, issue.number) if x))
    props.author = _prop(f"{issue.institution}{issue.publisher}") or "publish"
    props.last_modified_by = props.author
    props.language = _prop(issue.language) or config.EAST_ASIAN_LANG
    props.identifier = _prop(issue.id)
    props.subject = _prop(issue.number)
    props.comments = _prop(wording.description(issue))
    props.created = stamp
    props.modified = stamp
    props.revision = 1


def _app_properties(app: bytes | None, issue: Issue) -> bytes:
    """docProps/app.xml with the company (Word's 单位; calibre's publisher, as the EPUB's
    dc:publisher): the institution and its office."""
    ns = package.APP_NS
    root = etree.fromstring(app) if app else etree.fromstring(package.app_xml())
    for old in root.findall(f"{{{ns}}}Company"):
        root.remove(old)
    who = _prop(f"{issue.institution}{issue.publisher}")
    if who:
        etree.SubElement(root, f"{{{ns}}}Company").text = who
    return to_bytes(root)


def _prop(value: str | None) -> str:
    """python-docx refuses core properties over 255 characters or with controls."""
    return clean(value)[:255]
