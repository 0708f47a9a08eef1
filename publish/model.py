"""The one document model every reader produces and every writer consumes.

Immutable dataclasses, so a writer can never change what another writer sees, and plain
JSON via :func:`to_dict` / :func:`from_dict`, so `publish dump` and the tests can compare
models without caring how they were read.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from enum import StrEnum
from typing import Any

class BlockType(StrEnum):
    """What a block is. Writers dispatch on it; the corpus dialect spells each value as here.

    A StrEnum, so a value read from a corpus file or JSON is checked once, where the Block is
    made (an unknown kind is a ValueError there, not a silent fall-through in a writer)."""
    PARAGRAPH = "paragraph"
    HEADING = "heading"                    # level 1: a lone numeral 一…二十; 2: 一、…; 3: （一）…
    LIST_ITEM = "list_item"                # keeps its printed label, e.g. "1."
    NOTE = "note"                          # ※ …
    ATTRIBUTION = "attribution"            # （2014年9月5日在…上的讲话）
    SALUTATION = "salutation"              # 同志们、朋友们：  (set flush left)
    SIGNATURE = "signature"                # set right
    DATE = "date"                          # set right
    ATTACHMENT = "attachment"              # 附件 1
    ATTACHMENT_TITLE = "attachment_title"


class SpanStyle(StrEnum):
    """How a run of inline text is set."""
    TEXT = "text"
    BOLD = "bold"
    FOOTNOTE = "footnote"                  # a footnote (注释) called at this point of the text


# The members by their short names, as the readers and writers import them.
PARAGRAPH, HEADING, LIST_ITEM, NOTE = (BlockType.PARAGRAPH, BlockType.HEADING,
                                       BlockType.LIST_ITEM, BlockType.NOTE)
ATTRIBUTION, SALUTATION, SIGNATURE, DATE = (BlockType.ATTRIBUTION, BlockType.SALUTATION,
                                            BlockType.SIGNATURE, BlockType.DATE)
ATTACHMENT, ATTACHMENT_TITLE = BlockType.ATTACHMENT, BlockType.ATTACHMENT_TITLE
BLOCK_TYPES = tuple(BlockType)

TEXT, BOLD, FOOTNOTE = SpanStyle.TEXT, SpanStyle.BOLD, SpanStyle.FOOTNOTE


@dataclass(frozen=True)
class Span:
    """A run of inline text; ``style`` is ``text``, ``bold`` or ``footnote``.

    A footnote span has no text of its own (so it adds nothing to a block's plain text and
    page-break offsets): ``note`` holds the footnote's text, itself text and bold spans.
    Writers number an article's footnotes 1, 2, … in reading order.
    """
    text: str
    style: SpanStyle = SpanStyle.TEXT
    note: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        if type(self.style) is not SpanStyle:
            object.__setattr__(self, "style", SpanStyle(self.style))


@dataclass(frozen=True)
class Block:
    type: BlockType
    spans: tuple[Span, ...]
    level: int | None = None      # headings only
    label: str | None = None      # list items only: the printed label, e.g. "1."

    def __post_init__(self) -> None:
        if type(self.type) is not BlockType:
            object.__setattr__(self, "type", BlockType(self.type))

    @property
    def text(self) -> str:
        """Plain text, markup removed (what `dump` shows and checks compare)."""
        body = self.body_text
        return f"{self.label} {body}" if self.label else body

    @property
    def body_text(self) -> str:
        """The plain text without the label: what PageBreak and PageStart offsets count."""
        return "".join(s.text for s in self.spans)

    @property
    def notes(self) -> tuple[Span, ...]:
        """The footnote spans of this block, in order."""
        return tuple(s for s in self.spans if s.style == FOOTNOTE)

    @property
    def all_text(self) -> str:
        """The plain text and its footnotes' texts (what must print: lint checks it all)."""
        notes = "".join("".join(n.text for n in s.note) for s in self.notes)
        return self.text + notes


@dataclass(frozen=True)
class PageBreak:
    """Where a source page ended inside a paragraph (a repaired page-break split).

    ``offset`` counts characters of the block's plain text (label excluded) before the break.
    """
    block: int
    offset: int


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    date: str | None = None               # ISO 8601, e.g. 2024-01-10
    source: str | None = None             # 来源
    bylines: tuple[str, ...] = ()
    deck: tuple[str, ...] = ()            # headline group: 引题 / 主题 / 副题 lines
    dateline: str | None = None           # e.g. （2024年1月10日…通过）
    page: int | None = None               # start page in the source 目录
    blocks: tuple[Block, ...] = ()
    page_breaks: tuple[PageBreak, ...] = ()
    # where ``page`` is written ("articles/NN-x.md:7"), for messages; not part of the content
    page_at: str | None = field(default=None, compare=False, repr=False)

    @property
    def body_chars(self) -> int:
        """Characters of its body's spans (what the layout sets, footnotes aside): the
        measure its size limits are put in."""
        return sum(len(s.text) for b in self.blocks for s in b.spans)


@dataclass(frozen=True)
class TocEntry:
    """One line of the printed 目录, exactly as printed: the source page list."""
    title: str
    page: int
    page_at: str | None = field(default=None, compare=False, repr=False)   # "issue.yaml:12"


@dataclass(frozen=True)
class SourceGrid:
    """The source edition's grid as recorded in ``issue.yaml`` (``source_grid:``): what
    calibration found, and a digest of what it read (None: set by hand, used as given)."""
    chars_per_line: int
    lines_per_page: int
    capacity: int | None = None          # most lines a page is planned with (set closer)
    digest: str | None = None


@dataclass(frozen=True)
class Issue:
    id: str
    title: str = "理论学习参考"
    number: str = ""                       # e.g. 2024年第2期
    institution: str = ""
    institution_en: str = ""
    publisher: str = ""
    date: str | None = None                # ISO; fixes every output's timestamps
    language: str = "zh-CN"
    edition: str | None = None             # "source" or "official"; None: by the corpus
    toc: tuple[TocEntry, ...] = ()
    articles: tuple[Article, ...] = ()
    # the calibrated source grid, recorded at import: derived from the rest, so not part of
    # the issue's equality or its JSON (an import gives the same issue with or without it)
    source_grid: SourceGrid | None = field(default=None, compare=False, repr=False)

    def with_toc_pages(self, named: dict[int, TocEntry]) -> Issue:
        """This issue with each article that has no ``page:`` given the page (and
        ``page_at``) of the 目录 line naming it: ``named`` maps an article's index to its
        line, as the title aligner paired them. The 目录 is the source page list; a corpus
        may give the pages there alone."""
        if all(a.page is not None for a in self.articles):
            return self
        return replace(self, articles=tuple(
            a if a.page is not None or k not in named
            else replace(a, page=named[k].page, page_at=named[k].page_at)
            for k, a in enumerate(self.articles)))


# --------------------------------------------------------------------------- JSON

def to_dict(obj: Any) -> Any:
    """Dataclasses to JSON-ready dicts and lists (tuples become lists); a field kept out of
    the repr (where a value is written) is not content and stays out."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in fields(obj) if f.repr}
    return _listify(obj)


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_dict(v) for v in value]
    return value


def _build(cls: type, data: dict) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def span_from_dict(data: dict) -> Span:
    note = tuple(span_from_dict(s) for s in data.get("note", ()))
    return Span(text=data["text"], style=data.get("style", TEXT), note=note)


def block_from_dict(data: dict) -> Block:
    spans = tuple(span_from_dict(s) for s in data.get("spans", ()))
    return Block(type=data["type"], spans=spans, level=data.get("level"), label=data.get("label"))


def article_from_dict(data: dict) -> Article:
    d = dict(data)
    d["bylines"] = tuple(d.get("bylines", ()))
    d["deck"] = tuple(d.get("deck", ()))
    d["blocks"] = tuple(block_from_dict(b) for b in d.get("blocks", ()))
    d["page_breaks"] = tuple(_build(PageBreak, p) for p in d.get("page_breaks", ()))
    return _build(Article, d)


def from_dict(data: dict) -> Issue:
    d = dict(data)
    d["toc"] = tuple(_build(TocEntry, t) for t in d.get("toc", ()))
    d["articles"] = tuple(article_from_dict(a) for a in d.get("articles", ()))
    return _build(Issue, d)


def dump(issue: Issue) -> dict:
    """The `publish dump` shape: the model plus each block's plain ``text``."""
    data = to_dict(issue)
    for art_data, art in zip(data["articles"], issue.articles):
        for blk_data, blk in zip(art_data["blocks"], art.blocks):
            blk_data["text"] = blk.text
    return data


# ------------------------------------------------------------------ print pagination

@dataclass(frozen=True)
class PageStart:
    """Where a page of the print edition begins: its printed number and the first text on it.

    ``block`` is -1 when the page begins with the article's title block; ``offset`` counts
    characters of the block's plain text (label excluded) set on earlier pages.
    """
    number: int
    article: str
    block: int
    offset: int = 0


@dataclass(frozen=True)
class Pagination:
    """The print edition's layout, measured from the PDF the PDF writer made.

    The DOCX (TOC page numbers) and EPUB (page-list) writers take it from the build, never
    from the PDF writer directly.
    """
    pages: tuple[PageStart, ...] = ()

    def start_page(self, article_id: str) -> int | None:
        return next((p.number for p in self.pages if p.article == article_id), None)
