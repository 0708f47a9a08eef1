"""EPUB 3 for phones: one XHTML page per article, a cover, a 目录, and the print page numbers.

The pages come from the shared Jinja environment (templates/epub/), ebooklib packs them with
an EPUB 3 nav (toc, landmarks, page-list) and an NCX. The page-list is what no general
converter gives: a marker wherever a page of the print edition begins, taken from the PDF's
own layout (the ``pagination`` the build passes), so "see page 76" works on a phone.

The file is byte-reproducible: identifier, dates and zip entry times come from the issue, never
from the clock or a random source.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path

from ebooklib import epub
from lxml import etree
from markupsafe import Markup

from ..layout.fonts import KAI_FALLBACK
from ..typefaces import subsets
from ..templating import wording
from ..source_edition.editions import SOURCE, edition_of
from ..errors import UserError
from ..fsutil import reproducible_zip, write_bytes_atomic
from ..text.chars import NUMBER_UNIT_SPACE, UNIT_SIGNS, is_ideograph
from ..text.leads import block_lead
from ..text.numerals import number_in_year
from ..model import (
    ATTACHMENT_TITLE,
    FOOTNOTE,
    HEADING,
    LIST_ITEM,
    TEXT,
    Article,
    Block,
    Issue,
    Pagination,
    Span,
)
from ..templating import environment, inline
from ..templating import text as plain
from ..layout.rules import inside_quantities
from ..layout.titles import heading_ranks
from ..layout.title_breaks import keep_tokens, title_tokens
from ..options import BuildOptions, build_epoch
from ..render.cover_picture import cover_png_later

TEXT_DIR = "text"
#: ebooklib's zip is read back and written again (normalise_zip, at level 9): its own
#: entries are only stored, not compressed twice
STAGED_LEVEL = 0
CSS_FILE = "style/reading.css"
COVER_IMAGE = "images/cover.png"
FONT_FILES = {"normal": "fonts/serif-regular", "bold": "fonts/serif-bold"}
FONT_FAMILY = "Publish Serif"
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:publish:epub")
XHTML_NS = "http://www.w3.org/1999/xhtml"
OPF_FILE = "EPUB/content.opf"
NCX_FILE = "EPUB/toc.ncx"
NAV_FILE = "EPUB/nav.xhtml"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
OPS_NS = "http://www.idpf.org/2007/ops"
PAGES_TITLE = "页码"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
# Apple Books uses a book's own fonts only when told to
APPLE_OPTIONS = "META-INF/com.apple.ibooks.display-options.xml"
APPLE_OPTIONS_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<display_options>
  <platform name="*">
    <option name="specified-fonts">true</option>
  </platform>
</display_options>
"""


# ------------------------------------------------------------------------- page markers

@dataclass(frozen=True)
class PageMark:
    """A print page begins here (its printed number)."""
    number: int


@dataclass(frozen=True)
class NoteCall:
    """A footnote called here: its number in the article, its text."""
    number: int
    note: tuple[Span, ...]

    @property
    def mark(self) -> str:
        return wording.note_mark(self.number)


@dataclass(frozen=True)
class Lead:
    """A paragraph's run-in heading (（一）全力以赴抓政策落地。), set in the face of a heading
    of its ``level`` (text/leads.py)."""
    spans: tuple[Span, ...]
    level: int


@dataclass(frozen=True)
class RenderBlock:
    """A block ready for the template: markers before it, then spans with markers between."""
    block: Block
    head: tuple[PageMark, ...]
    parts: tuple                      # PageMark or tuple[Span, ...], in reading order
    tag: str = "p"
    anchor: str = ""                  # id of a heading the nav lists


@dataclass(frozen=True)
class Group:
    """One block, or a run of list items rendered as one <ol>."""
    list: bool
    blocks: tuple[RenderBlock, ...]


def page_marks(issue: Issue, pagination: Pagination | None) -> dict[str, dict[int, list[tuple[int, int]]]]:
    """article id → block index → [(offset, page number)]; -1 is the title block.

    A number is used once (the first place it is reported); a page of an unknown article is
    dropped — it has nowhere to go.
    """
    known = {a.id for a in issue.articles}
    out: dict[str, dict[int, list[tuple[int, int]]]] = {}
    seen: set[int] = set()
    for page in (pagination.pages if pagination else ()):
        if page.article not in known or page.number in seen:
            continue
        seen.add(page.number)
        block = page.block if page.block >= 0 else -1
        out.setdefault(page.article, {}).setdefault(block, []).append((max(page.offset, 0), page.number))
    return out


def split_block(block: Block, marks: Sequence[tuple[int, int]]) -> RenderBlock:
    """Cut the block's spans where print pages begin (offsets count the text, label excluded).

    A page beginning at offset 0 is marked before the block's label; one at or past the end
    of the text after its last character.
    """
    ordered = sorted(marks, key=lambda m: (m[0], m[1]))
    head = tuple(PageMark(n) for off, n in ordered if off <= 0)
    rest = [(off, n) for off, n in ordered if off > 0]
    parts: list = []
    run: list[Span] = []
    pos = 0
    for span in block.spans:
        if span.style == FOOTNOTE:           # no text of its own: stays where it is called
            run.append(span)
            continue
        start, end = pos, pos + len(span.text)
        cut = 0
        while rest and rest[0][0] < end:
            off, number = rest.pop(0)
            k = off - start
            if k > cut:
                run.append(Span(span.text[cut:k], span.style))
                cut = k
            if run:
                parts.append(tuple(run))
                run = []
            parts.append(PageMark(number))
        if cut < len(span.text):
            run.append(Span(span.text[cut:], span.style))
        pos = end
    if run:
        parts.append(tuple(run))
    parts.extend(PageMark(n) for _, n in rest)
    return RenderBlock(block, head, tuple(_with_lead(block, parts)))


def _with_lead(block: Block, parts: list) -> list:
    """``parts`` with a paragraph's run-in heading as a Lead (where it lies whole in the
    first run's first span)."""
    first = parts[0] if parts else None
    if not isinstance(first, tuple) or not first or first[0].style != TEXT:
        return parts
    lead = block_lead(block, first[0].text)
    if lead is None:
        return parts
    level, end = lead
    text = first[0].text
    rest = (Span(text[end:], TEXT), *first[1:]) if text[end:] else first[1:]
    return [Lead((Span(text[:end], TEXT),), level), *([rest] if rest else []), *parts[1:]]


_NUMBER_END = re.compile(r"[0-9][0-9.,]*$")


def quantity_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each quantity one piece marked True: a number with the
    character after it (60周, 2024年, 5%), a magnitude with its unit (2762亿元, 百万吨), 第
    with its number (第2), a number and its unit across a space (4 个) — the places the
    print composer never breaks a line (layout/rules.py), where a phone's browser would."""
    joins = {i for i in range(1, len(text))
             if text[i - 1].isdigit() and (is_ideograph(text[i]) or text[i] in UNIT_SIGNS)}
    joins.update(inside_quantities(text))
    for m in NUMBER_UNIT_SPACE.finditer(text):
        joins.update((m.start(), m.end()))
    pieces: list[tuple[str, bool]] = []
    pos, i = 0, 1
    while i < len(text):
        if i not in joins:
            i += 1
            continue
        end = i
        while end + 1 in joins:
            end += 1
        left = i - 1                       # the whole number, not its last digit alone
        number = _NUMBER_END.search(text, pos, left + 1) if text[left].isdigit() else None
        if number:
            left = number.start()
        if left > pos:
            pieces.append((text[pos:left], False))
        pieces.append((text[left:end + 1], True))
        pos, i = end + 1, end + 2
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


#: a web address: its scheme (or www.) and the printable ASCII characters after it up to
#: the last that may end one (not a bracket or a stop the sentence puts after it)
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)(?:[!-~]*[0-9A-Za-z/=_~#%-])?")
#: a mail address (name@host.domain), set as a web address is: too long for the rest of a
#: line, it left the justified line before it spread wide open (978-7-01-4;　　　e-mail:)
MAIL_ADDRESS = re.compile(r"[0-9A-Za-z._%+-]+@[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)+")
#: a no-wrap piece (a quantity) and a piece that breaks anywhere (a web address)
NOBR, URL = "nobr", "url"
#: the connector marks print never begins a line with (layout/rules.py NO_START: dashes, the
#: wave dash, the full-width hyphen) that a browser does (UAX #14 allows a break before
#: them: at 360 px Chromium began lines with ——丙, －二, ～五, 〜); each is kept with the
#: character before it
CONNECTORS = re.compile(r"(?<=\S)[—―－～〜]+")


def kept_ranges(text: str) -> list[tuple[int, int, str]]:
    """(start, end, class) of the pieces of ``text`` a phone must set its own way: each
    web or mail address (``url``: it may break anywhere, so it follows the text on its
    line; else a justified line before it held two characters spread over the measure,
    详　　见, and the address began the next), and each quantity outside one and each
    connector mark with the character before it (``nobr``)."""
    urls = [(m.start(), m.end(), URL) for m in WEB_ADDRESS.finditer(text)]
    urls += [(m.start(), m.end(), URL) for m in MAIL_ADDRESS.finditer(text)
             if not any(a < m.end() and m.start() < b for a, b, _ in urls)]
    kept, at = [(m.start() - 1, m.end()) for m in CONNECTORS.finditer(text)], 0
    for piece, keep in quantity_runs(text):
        if keep and len(piece) > 1:
            kept.append((at, at + len(piece)))
        at += len(piece)
    return sorted(urls + [(lo, hi, NOBR) for lo, hi in _merged(kept)
                          if not any(a < hi and lo < b for a, b, _ in urls)])


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping ranges joined into one (a quantity and the dash after it, 3～): two
    no-wrap spans side by side would part them where the line may break between."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo < out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def wholes(parts: Sequence) -> list[Markup | None]:
    """Each run of spans in ``parts`` (a tuple of spans, or a Lead's; None for a page mark or
    a note call) as the shared ``inline`` sets it, each quantity in a span a line never
    breaks (``span.nobr``, reading.css: on a phone 成立60 / 周年 or 2762亿 / 元 parted
    them) and each web address in one a line breaks anywhere (``span.url``). Both are
    found in the text of all the runs together, so one a print page mark cuts (3.73 |
    亿立方米) stays whole on each side of it."""
    runs = [p.spans if isinstance(p, Lead) else p if isinstance(p, tuple) else None
            for p in parts]
    text = "".join(span.text for run in runs if run for span in run)
    ranges = kept_ranges(text)
    out: list[Markup | None] = []
    pos = 0
    for run in runs:
        if run is None:
            out.append(None)
            continue
        pieces: list[tuple[Markup, int | None]] = []     # each piece, and its kept range
        for span in run:
            start, end = pos, pos + len(span.text)
            cuts = sorted({start, end, *(x for lo, hi, _ in ranges for x in (lo, hi)
                                         if start < x < end)})
            for a, b in zip(cuts, cuts[1:]):
                index = next((k for k, (lo, hi, _) in enumerate(ranges)
                              if lo <= a and b <= hi), None)
                pieces.append((inline((Span(text[a:b], span.style),)), index))
            pos = end
        html = []
        # a range across two spans (bold 重点 and the —— after it) is one element round
        # both: an element each left the line free to break between them
        for index, group in groupby(pieces, key=lambda piece: piece[1]):
            body = Markup("").join(piece for piece, _ in group)
            html.append(body if index is None
                        else Markup('<span class="%s">%s</span>') % (ranges[index][2], body))
        out.append(Markup("").join(html))
    return out


def whole(spans: Sequence[Span]) -> Markup:
    """One run of spans, its quantities kept whole (:func:`wholes`)."""
    return wholes([tuple(spans)])[0] or Markup("")


def heading_tags(article: Article) -> list[str]:
    """The HTML element of each block: headings ranked h2… by the levels the article uses
    (the title is h1; no level is skipped), one deeper inside an attachment, whose title
    is an h2 (publish.layout.titles.heading_ranks, as the PDF outline)."""
    tags = []
    for block, rank in zip(article.blocks, heading_ranks(article)):
        if rank:
            tags.append(f"h{min(rank, 6)}")
        elif block.type == LIST_ITEM:
            tags.append("li")
        else:
            tags.append("p")
    return tags


def is_section(block: Block) -> bool:
    """Headings worth a nav entry: 一、… sections and attachment titles (a lone numeral
    一…二十 says nothing on its own, and （一） is too fine for a phone's nav)."""
    return block.type == ATTACHMENT_TITLE or (block.type == HEADING and block.level == 2)


def section_anchor(index: int) -> str:
    return f"sec-{index}"


def nav_entry(page: "Page", article: Article, number: int):
    """An article's nav entry: a link, or a section with its 一、 headings and attachments;
    an attachment's own sections are nested under its title, one level down."""
    top: list = []                       # links, or (attachment title, its sections)
    for i, block in enumerate(article.blocks):
        if not is_section(block):
            continue
        href, text = f"{page.file_name}#{section_anchor(i)}", plain(block.text)
        if block.type == ATTACHMENT_TITLE:
            top.append((epub.Section(text, href), []))
        elif top and isinstance(top[-1], tuple):
            top[-1][1].append(epub.Link(href, text, f"toc-{number:02d}-{i}"))
        else:
            top.append(epub.Link(href, text, f"toc-{number:02d}-{i}"))
    if not top:
        return epub.Link(page.file_name, page.title, f"toc-{number:02d}")
    # an attachment without sections of its own is a plain link
    subs = [epub.Link(e[0].href, e[0].title, f"toc-{number:02d}-a{k}")
            if isinstance(e, tuple) and not e[1] else e for k, e in enumerate(top)]
    return (epub.Section(page.title, page.file_name), subs)


def number_notes(parts: tuple, calls: list[NoteCall]) -> tuple:
    """Footnote spans out of the span runs, as numbered NoteCall parts (appended to calls)."""
    out: list = []
    for part in parts:
        if not isinstance(part, tuple):
            out.append(part)
            continue
        run: list[Span] = []
        for span in part:
            if span.style != FOOTNOTE:
                run.append(span)
                continue
            if run:
                out.append(tuple(run))
                run = []
            calls.append(NoteCall(len(calls) + 1, span.note))
            out.append(calls[-1])
        if run:
            out.append(tuple(run))
    return tuple(out)


def group_blocks(article: Article, marks: dict[int, list[tuple[int, int]]],
                 calls: list[NoteCall] | None = None
                 ) -> tuple[list[Group], tuple[PageMark, ...]]:
    """The article's blocks for the template, and the markers left over past its last block.

    Its footnotes are numbered in reading order and appended to ``calls``.
    """
    groups: list[Group] = []
    tags = heading_tags(article)
    calls = [] if calls is None else calls
    for index, block in enumerate(article.blocks):
        rb = split_block(block, marks.get(index, ()))
        rb = replace(rb, parts=number_notes(rb.parts, calls), tag=tags[index],
                     anchor=section_anchor(index) if is_section(block) else "")
        if block.type == LIST_ITEM and groups and groups[-1].list:
            groups[-1] = Group(True, groups[-1].blocks + (rb,))
        else:
            groups.append(Group(block.type == LIST_ITEM, (rb,)))
    tail = tuple(PageMark(n) for index, found in sorted(marks.items())
                 if index >= len(article.blocks) for _, n in sorted(found))
    return groups, tail


# ------------------------------------------------------------------------- pages

class Page(epub.EpubHtml):
    """An XHTML page our templates render whole; ebooklib must not re-template it."""

    def get_content(self, default=None) -> bytes:
        return self.content

    def get_body_content(self) -> bytes:
        """What ebooklib reads the page-list from. It takes every element with an
        epub:type and an id for a page, so the footnotes and their calls are hidden
        from it (the page itself keeps them)."""
        return _NOTE_TYPES.sub(b"", super().get_body_content())


_NOTE_TYPES = re.compile(rb'\sepub:type="(?:noteref|footnote)"')


def article_file(index: int, article: Article) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", article.id).strip("-")[:60]
    return f"{TEXT_DIR}/{index:02d}{'-' + slug if slug else ''}.xhtml"


WORDING = wording.TEMPLATE_FUNCTIONS


def _render(template: str, **context) -> bytes:
    html = environment().get_template(f"epub/{template}").render(**WORDING, **context)
    data = html.encode("utf-8")
    try:
        etree.fromstring(data)
    except etree.XMLSyntaxError as exc:  # a template bug, not a user error
        raise RuntimeError(f"epub/{template} rendered malformed XHTML: {exc}") from None
    return data


def _page(uid: str, file_name: str, title: str, content: bytes, lang: str) -> Page:
    page = Page(uid=uid, file_name=file_name, title=title, lang=lang,
                media_type="application/xhtml+xml")
    page.content = content
    return page


def _common(issue: Issue, title: str) -> dict:
    return {"lang": issue.language or "zh-CN", "page_title": title,
            "css_href": _rel(CSS_FILE), "issue": issue}


def _rel(target: str) -> str:
    """A book path as seen from a page in TEXT_DIR."""
    return "../" + target


# ------------------------------------------------------------------------- metadata

def identifier(issue: Issue) -> str:
    """Stable across builds: a name-based UUID of the periodical's title and the issue id."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{issue.title}/{issue.id}')}"


def full_title(issue: Issue) -> str:
    return " ".join(p for p in (plain(issue.title), plain(issue.number)) if p)


def print_edition(issue: Issue, printed: bool = True) -> str:
    """dc:source: the print edition the page-list follows — the printed issue itself (the
    source edition), or our GB/T 9704 PDF, whose pages are its own."""
    who = plain(issue.institution) + plain(issue.publisher)
    if not printed:
        return f"{full_title(issue)}（GB/T 9704 版式 PDF{_unlike_print(issue, '，页码')}）"
    return f"{full_title(issue)}（印刷版{('，' + who) if who else ''}）"


def _unlike_print(issue: Issue, lead: str) -> str:
    """``lead`` + 与印刷版不同 where the issue was printed (its 目录 is the source page
    list); nothing for an issue made from scratch (``toc: []``): there is no print to
    differ from."""
    return f"{lead}与印刷版不同" if issue.toc else ""


def _metadata(book: epub.EpubBook, issue: Issue, has_pages: bool, printed: bool = True
              ) -> None:
    title = full_title(issue) or issue.id
    book.set_identifier(identifier(issue))
    book.title = title
    book.add_metadata("DC", "title", title, {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    book.set_language(issue.language or "zh-CN")
    who = plain(issue.institution) + plain(issue.publisher)
    if who:
        book.add_metadata("DC", "creator", who, {"id": "creator"})
        book.add_metadata(None, "meta", "edt", {"refines": "#creator", "property": "role",
                                                "scheme": "marc:relators"})
        book.add_metadata("DC", "publisher", who)
    if issue.date:
        book.add_metadata("DC", "date", issue.date[:10])
    # dc:source names the edition the page-list follows, and `source-of pagination` says
    # so (EPUB 3.2 and 3.3 both define it; Ace reads it). The `pageBreakSource` property
    # would say the same, but EPUBCheck 4.2.6 (Debian's) refuses it as undefined (OPF-027).
    book.add_metadata("DC", "source", print_edition(issue, printed), {"id": "print-source"})
    if has_pages:
        book.add_metadata(None, "meta", "pagination",
                          {"refines": "#print-source", "property": "source-of"})
    book.add_metadata("DC", "description", wording.description(issue))
    if issue.title:
        book.add_metadata(None, "meta", plain(issue.title),
                          {"property": "belongs-to-collection", "id": "series"})
        book.add_metadata(None, "meta", "series",
                          {"refines": "#series", "property": "collection-type"})
        position = number_in_year(issue.number)
        if position:                      # calibre: "Series: 理论学习参考 #2"
            book.add_metadata(None, "meta", str(position),
                              {"refines": "#series", "property": "group-position"})
    if issue.number:
        book.add_metadata(None, "meta", plain(issue.number), {"property": "schema:issueNumber"})

    features = ["tableOfContents", "readingOrder", "structuralNavigation"]
    if has_pages:
        features += ["printPageNumbers", "pageBreakMarkers", "pageNavigation"]
    a11y = [("schema:accessMode", "textual"), ("schema:accessModeSufficient", "textual")]
    a11y += [("schema:accessibilityFeature", f) for f in features]
    a11y += [("schema:accessibilityHazard", "none"),
             ("schema:accessibilitySummary", _summary(issue, has_pages, printed))]
    # EPUB Accessibility 1.1: the claim Ace checks (0 violations in the tests), declared by
    # the publisher itself
    a11y.append(("dcterms:conformsTo", CONFORMS_TO))
    a11y.append(("a11y:certifiedBy", who or full_title(issue) or issue.id))
    for prop, value in a11y:
        book.add_metadata(None, "meta", value, {"property": prop})


def _summary(issue: Issue, has_pages: bool, printed: bool = True) -> str:
    """The accessibility summary; its page numbers are the printed issue's only in the
    source edition (``printed``), else the GB/T 9704 PDF's."""
    unlike = _unlike_print(issue, "")
    pages = ("，并有与印刷版一致的页码（可按印刷版页码跳转）" if printed else
             "，并有与本刊 GB/T 9704 版式 PDF 一致的页码" + (f"（{unlike}）" if unlike else "")
             ) if has_pages else ""
    return ("本书全部内容为文字，封面图片附有文字说明。各篇按阅读顺序排列，"
            f"提供目录和分级标题导航{pages}。不含闪烁、声音或动态内容等危害。")


# ------------------------------------------------------------------------- the book

def build_book(issue: Issue, options: BuildOptions, pagination: Pagination | None = None
               ) -> tuple[epub.EpubBook, dict]:
    """The ebooklib book and the writer options that go with it."""
    book, writer_options, cover = _book(issue, options, pagination)
    book.get_item_with_id("cover-img").content = cover()
    return book, writer_options


def _book(issue: Issue, options: BuildOptions, pagination: Pagination | None = None
          ) -> tuple[epub.EpubBook, dict, Callable[[], bytes]]:
    """The book with an empty cover picture, its writer options, and the function that
    gives the picture (drawn meanwhile: it goes into the zip as the last thing done)."""
    if not issue.articles:
        raise UserError(f"issue {issue.id!r} has no articles: nothing to put in an EPUB")
    lang = issue.language or "zh-CN"
    marks = page_marks(issue, pagination)
    has_pages = any(marks.values())
    cover = cover_png_later(issue)       # drawn beside the pages where it can be
    book = epub.EpubBook()
    _metadata(book, issue, has_pages, edition_of(issue, options) == SOURCE)

    # articles first (the 目录 needs their files and start pages)
    articles: list[Page] = []
    for index, article in enumerate(issue.articles, start=1):
        amarks = marks.get(article.id, {})
        calls: list[NoteCall] = []
        groups, tail = group_blocks(article, amarks, calls)
        head = tuple(PageMark(n) for _, n in sorted(amarks.get(-1, ())))
        content = _render("article.xhtml", **_common(issue, article.title), article=article,
                          groups=groups, head_marks=head, tail_marks=tail, notes=calls,
                          title_tokens=title_tokens, keep_tokens=keep_tokens, whole=whole,
                          wholes=wholes)
        articles.append(_page(f"art-{index:02d}", article_file(index, article),
                              plain(article.title), content, lang))

    entries = [{"href": Path(page.file_name).name, "title": article.title,
                "page": pagination.start_page(article.id) if pagination else None}
               for page, article in zip(articles, issue.articles)]
    toc_page = _page("contents", f"{TEXT_DIR}/contents.xhtml", "目录",
                     _render("toc.xhtml", **_common(issue, "目录"), entries=entries,
                             keep_tokens=keep_tokens,
                             printed=edition_of(issue, options) == SOURCE,
                             unlike_print=_unlike_print(issue, "，")), lang)

    alt = "封面：" + "，".join(p for p in (plain(issue.institution), full_title(issue),
                                         plain(issue.publisher)) if p)
    cover_page = _page("cover", f"{TEXT_DIR}/cover.xhtml", "封面",
                       _render("cover.xhtml", **_common(issue, "封面"),
                               image_href=_rel(COVER_IMAGE), alt=alt), lang)
    book.set_cover(COVER_IMAGE, b"", create_page=False)      # the picture: see epub_bytes

    font = _embed_fonts(book, [cover_page, toc_page, *articles]) if options.embed_fonts else None
    css = reading_css(font).encode("utf-8")
    book.add_item(epub.EpubItem(uid="css", file_name=CSS_FILE, media_type="text/css", content=css))

    for page in (cover_page, toc_page, *articles):
        book.add_item(page)
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title="目录")
    book.add_item(nav)

    book.toc = [nav_entry(page, article, i)
                for i, (page, article) in enumerate(zip(articles, issue.articles), start=1)]
    book.spine = [cover_page, toc_page, *articles]
    book.guide = [{"type": "cover", "href": cover_page.file_name, "title": "封面"},
                  {"type": "toc", "href": toc_page.file_name, "title": "目录"}]
    if articles:
        book.guide.append({"type": "text", "href": articles[0].file_name, "title": "正文"})

    mtime = dt.datetime.fromtimestamp(build_epoch(issue), tz=dt.UTC)
    writer_options = {"mtime": mtime, "epub3_pages": has_pages, "landmark_title": "导览",
                      "pages_title": PAGES_TITLE, "play_order": {"enabled": True, "start_from": 1},
                      "raise_exceptions": True, "compresslevel": STAGED_LEVEL}
    return book, writer_options, cover


def reading_css(font: dict | None) -> str:
    """templates/epub/reading.css, declaring the embedded faces ``font`` (None: none)."""
    return environment().get_template("epub/reading.css").render(
        font=font, kai_range=kai_unicode_range())


def kai_unicode_range() -> str:
    """Every code point but the marks the free 楷 sets as Latin ones (LXGW WenKai's “ ” ‘ ’
    are a third of an em; print sets them in the serif, layout/fonts.KAI_FALLBACK): the
    CSS unicode-range of the 楷 face, so they come from the next face, full width."""
    marks = sorted(ord(ch) for ch in KAI_FALLBACK)
    spans, start = [], 0
    for cp in marks:
        if cp > start:
            spans.append((start, cp - 1))
        start = cp + 1
    spans.append((start, 0x10FFFF))
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def _embed_fonts(book: epub.EpubBook, pages: Sequence[Page]) -> dict:
    """Add the serif subsets to the book; return what the CSS needs to declare them.

    Regular: every character the pages set. Bold (when fonts/ has it): the characters of
    every element reading.css sets bold — titles, decks, headings (kai and sans ones fall
    back to it), <b>, 附件, 注释, run-in heads — so titles are not smeared by synthetic bold,
    and no bold text falls out of the book's face (a reader picks the bold face for it and
    takes nothing from the regular one: 附件 and 注释 were tofu where the reader had no
    Chinese face). Each holds exactly those glyphs.
    """
    regular = subsets.serif_regular()
    try:
        bold = subsets.serif_regular(bold=True)
    except UserError:
        bold = None
    roots = [etree.fromstring(p.content) for p in pages]
    wanted = [("normal", regular, subsets.book_characters(_text(r) for r in roots))]
    if bold is not None:
        selectors = bold_selectors(reading_css(None))
        wanted.append(("bold", bold, subsets.book_characters(bold_text(r, selectors)
                                                             for r in roots)))
    faces = []
    for weight, face, chars in wanted:
        data = subsets.subset_face(face, chars)
        media_type = subsets.font_media_type(data)
        name = FONT_FILES[weight] + (".otf" if media_type == "font/otf" else ".ttf")
        book.add_item(epub.EpubItem(uid=f"font-{weight}", file_name=name,
                                    media_type=media_type, content=data))
        faces.append({"weight": weight, "href": _rel(name),
                      "format": "opentype" if media_type == "font/otf" else "truetype"})
    return {"family": FONT_FAMILY, "faces": faces}


#: font-weight values that pick a bold face (600 up)
BOLD_WEIGHTS = frozenset({"bold", "bolder", "600", "700", "800", "900"})


def bold_selectors(css: str) -> list:
    """The compiled selectors of every rule of ``css`` that sets a bold weight (inside
    @media rules too): the elements whose characters the bold face must hold."""
    import cssselect2
    import tinycss2
    rules = list(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    selectors: list = []
    while rules:
        rule = rules.pop()
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            rules.extend(tinycss2.parse_rule_list(rule.content, True, True))
        elif rule.type == "qualified-rule" and _sets_bold(rule.content):
            selectors.extend(cssselect2.compile_selector_list(rule.prelude))
    return selectors


def _sets_bold(content: list) -> bool:
    """Whether a rule's declarations set ``font-weight`` to a bold weight."""
    import tinycss2
    return any(d.type == "declaration" and d.lower_name == "font-weight"
               and tinycss2.serialize(d.value).strip().lower() in BOLD_WEIGHTS
               for d in tinycss2.parse_blocks_contents(content, True, True))


def bold_text(root, selectors: list) -> str:
    """The text of a page's elements ``selectors`` match (descendants included)."""
    import cssselect2
    return "".join("".join(el.etree_element.itertext())
                   for el in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree()
                   if any(sel.test(el) for sel in selectors))


def _text(root) -> str:
    """The text a page sets, plus image alt texts."""
    found = root.xpath("//x:body", namespaces={"x": XHTML_NS})
    text = "".join("".join(el.itertext()) for el in found)
    text += "".join(el.get("alt", "") for el in root.iter(f"{{{XHTML_NS}}}img"))
    return text


def epub_bytes(issue: Issue, options: BuildOptions, pagination: Pagination | None = None
               ) -> bytes:
    """The finished EPUB, byte-reproducible."""
    book, writer_options, cover = _book(issue, options, pagination)
    raw = io.BytesIO()
    writer = epub.EpubWriter(raw, book, writer_options)
    writer.process()
    writer.write()
    # the NCX as EPUB 2 readers (and calibre) read it: its real depth, and the page-list
    nav = zipfile.ZipFile(io.BytesIO(raw.getvalue())).read(NAV_FILE)
    documents = {page.file_name: page.content for page in book.spine
                 if isinstance(page, epub.EpubHtml)}
    # the cover picture, drawn beside all the above, replaces its empty stand-in
    edits = {OPF_FILE: lambda opf: package_lang(opf, issue.language or "zh-CN"),
             NCX_FILE: lambda ncx: complete_ncx(ncx, nav, documents),
             NAV_FILE: toc_nav_id,
             f"{book.FOLDER_NAME}/{COVER_IMAGE}": lambda _: cover()}
    extra = {APPLE_OPTIONS: APPLE_OPTIONS_XML} if options.embed_fonts else {}
    return normalise_zip(raw.getvalue(), build_epoch(issue), edits, extra)


def toc_nav_id(nav: bytes) -> bytes:
    """The nav's table of contents named ``toc`` (ebooklib names it ``id``; nothing links
    to it by that name)."""
    return nav.replace(b'<nav epub:type="toc" id="id"', b'<nav epub:type="toc" id="toc"', 1)


def package_lang(opf: bytes, lang: str) -> bytes:
    """``xml:lang`` on <package> (ebooklib sets none; Ace calls that a serious violation)."""
    root = etree.fromstring(opf)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def complete_ncx(ncx: bytes, nav: bytes, documents: dict[str, bytes]) -> bytes:
    """ebooklib's NCX made whole: ``dtb:depth`` the navMap's real nesting (ebooklib writes
    0), a ``pageList`` with the entries of the EPUB 3 page-list, in its order, with
    ``dtb:totalPageCount`` and ``dtb:maxPageNumber``, and every ``playOrder`` the reading
    order of its target (one number per target, shared by entries that point at the same
    place, as the NCX requires). ``documents``: the spine's pages in reading order, by
    their path relative to the NCX (as nav and NCX hrefs are)."""
    root = etree.fromstring(ncx)
    n = {"n": NCX_NS}
    nav_map = root.find("n:navMap", n)

    def depth(node) -> int:
        return max((1 + depth(kid) for kid in node.findall("n:navPoint", n)), default=0)

    pages = [("".join(a.itertext()).strip(), a.get("href")) for a in etree.fromstring(nav).xpath(
        "//x:nav[@epub:type='page-list']//x:a", namespaces={"x": XHTML_NS, "epub": OPS_NS})]
    numbers = [int(label) for label, _ in pages if label.isdigit()]
    head = {m.get("name"): m for m in root.findall("n:head/n:meta", n)}
    for name, value in (("dtb:depth", depth(nav_map)), ("dtb:totalPageCount", len(pages)),
                        ("dtb:maxPageNumber", max(numbers, default=0))):
        if name in head:
            head[name].set("content", str(value))
    for old in root.findall("n:pageList", n):
        root.remove(old)
    if pages:
        page_list = etree.Element(f"{{{NCX_NS}}}pageList")
        _ncx_label(page_list, PAGES_TITLE)
        taken = {e.get("id") for e in root.iter() if e.get("id")}
        for k, (label, href) in enumerate(pages, start=1):
            uid = f"page-target-{k}"
            while uid in taken:
                uid += "x"
            target = etree.SubElement(page_list, f"{{{NCX_NS}}}pageTarget", {"id": uid})
            if label.isdigit():
                target.set("value", label)
            target.set("type", "normal" if label.isdigit() else "special")
            _ncx_label(target, label)
            etree.SubElement(target, f"{{{NCX_NS}}}content", {"src": href})
        nav_map.addnext(page_list)
    _play_order(root, documents)
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _ncx_label(parent, text: str) -> None:
    label = etree.SubElement(parent, f"{{{NCX_NS}}}navLabel")
    etree.SubElement(label, f"{{{NCX_NS}}}text").text = text


def _play_order(root, documents: dict[str, bytes]) -> None:
    """playOrder of every navPoint and pageTarget: the rank of its target in reading order
    (spine order, then the target element's place in its page)."""
    order = list(documents)
    places: dict[str, dict[str, int]] = {}

    def key(src: str) -> tuple[int, int]:
        path, _, frag = src.partition("#")
        if path not in documents:
            return len(order), 0
        if path not in places:
            places[path] = {el.get("id"): i for i, el in
                            enumerate(etree.fromstring(documents[path]).iter()) if el.get("id")}
        return order.index(path), places[path].get(frag, -1) if frag else -1

    entries = [e for e in root.iter(f"{{{NCX_NS}}}navPoint", f"{{{NCX_NS}}}pageTarget")]
    keys = {e: key(e.find(f"{{{NCX_NS}}}content").get("src")) for e in entries}
    rank = {k: i for i, k in enumerate(sorted(set(keys.values())), start=1)}
    for e in entries:
        e.set("playOrder", str(rank[keys[e]]))


def normalise_zip(data: bytes, epoch: int, edits: dict | None = None,
                  extra: dict[str, bytes] | None = None) -> bytes:
    """Same entries in the same order, with fixed times and modes (zipfile stamps the clock).

    ``edits`` maps an entry to a function of its bytes; ``extra`` entries go after the
    entry before them in name order (META-INF files beside container.xml).
    """
    edits, extra = edits or {}, dict(extra or {})

    def entries():
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            for info in src.infolist():
                name = info.filename
                content = src.read(name)
                yield name, edits[name](content) if name in edits else content
                for later in sorted(n for n in extra
                                    if n.rsplit("/", 1)[0] == name.rsplit("/", 1)[0]
                                    and name != "mimetype"):
                    yield later, extra.pop(later)
        for name in sorted(extra):
            yield name, extra[name]
    return reproducible_zip(entries(), epoch, level=9, stored=frozenset({"mimetype"}))


def write(issue: Issue, out: str | Path, options: BuildOptions | None = None,
          pages: Pagination | None = None) -> list[Path]:
    """Write ``out`` (atomically); its page-list follows ``pages``. Returns the files
    written (``out``)."""
    write_bytes_atomic(out, epub_bytes(issue, options or BuildOptions(), pages))
    return [Path(out)]
