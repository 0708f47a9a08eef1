"""The one place to configure the DOCX: faces, page setup and the role styles.

Change a face here, run ``python templates/docx/make_reference.py``, and every style of the
reference document (and so of every DOCX built from it) follows. Editors may instead restyle
``templates/docx/reference.docx`` in Word; the writer keeps their styles and only repairs what
breaks Chinese (theme fonts, a missing East Asian face or language), using the faces below.

The page (size, margins, grid, body and title sizes) is not set here: it is the house
style's, publish/layout/style.py, converted. Units: twips (1/20 pt) for lengths, points for
type sizes, as in WordprocessingML.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..layout.style import OFFICIAL as HOUSE
from ..model import (ATTACHMENT, ATTACHMENT_TITLE, ATTRIBUTION, DATE, HEADING, LIST_ITEM, NOTE,
                     PARAGRAPH, SALUTATION, SIGNATURE)


def mm(value: float) -> int:
    """Millimetres → twips."""
    return round(value * 1440 / 25.4)


def pt(value: float) -> int:
    """Points → twips."""
    return round(value * 20)


@dataclass(frozen=True)
class Face:
    """A font as Word names it, with the names Word may use when it is not installed."""
    name: str
    alt: str | None = None          # w:altName: the usual stand-in (Windows ships these)
    charset: str = "86"             # GB2312 (hex, as fontTable.xml spells it)
    family: str = "modern"
    pitch: str = "fixed"
    narrow_marks: str = ""          # marks it sets proportional, not a full em (“ ” in 楷)


# The office's usual faces (GB/T 9704). Free stand-ins are chosen by the reader's system.
FACES: dict[str, Face] = {
    "fangsong": Face("仿宋_GB2312", alt="仿宋"),           # body
    "xiaobiaosong": Face("方正小标宋简体", alt="宋体"),      # titles
    "song": Face("宋体"),                                  # page numbers
    "hei": Face("黑体"),                                   # headings 一、
    "kai": Face("楷体", alt="楷体_GB2312"),                 # headings （一）, bylines
}
# Free faces for machines without the office ones (`publish build --docx-fonts free`): the
# faces of fonts/, which Debian ships as fonts-noto-cjk and fonts-lxgw-wenkai. LibreOffice
# ignores w:altName and would set every office role in one fallback sans; named directly,
# body, titles, 黑体 and 楷 roles keep distinct faces. Same keys as FACES.
FREE_FACES: dict[str, Face] = {
    "fangsong": Face("Noto Serif CJK SC", family="roman", pitch="variable"),
    "xiaobiaosong": Face("Noto Serif CJK SC", family="roman", pitch="variable"),
    "song": Face("Noto Serif CJK SC", family="roman", pitch="variable"),
    "hei": Face("Noto Sans CJK SC", family="swiss", pitch="variable"),
    # its “ ” ‘ ’ are a third of an em (Latin quotes): set in the body face, as print does
    # (layout/fonts.py KAI_FALLBACK); tests measure them in fonts/
    "kai": Face("LXGW WenKai", family="script", pitch="variable", narrow_marks="“”‘’"),
}
#: Faces whose quotes are proportional → those marks (weakmarks.py sets them in the body face)
NARROW_MARKS: dict[str, str] = {f.name: f.narrow_marks for f in (*FACES.values(),
                                                                  *FREE_FACES.values())
                                if f.narrow_marks}
# 方正小标宋 is a heavy face by design; its free stand-in is the serif set bold.
FREE_BOLD = ("xiaobiaosong",)
# Latin letters and digits (w:ascii / w:hAnsi / w:cs): the usual office pairing.
LATIN = Face("Times New Roman", charset="00", family="roman", pitch="variable")
BODY_FACE = "fangsong"
EAST_ASIAN_LANG = "zh-CN"
#: the regions Word names a Chinese East Asian language by; a script subtag picks one
_ZH_REGIONS = ("CN", "TW", "HK", "SG", "MO")
_ZH_SCRIPTS = {"hans": "zh-CN", "hant": "zh-TW"}


def east_asian_lang(language: str | None) -> str:
    """The w:lang/@w:eastAsia tag for an issue's language: Word names Chinese by region
    (zh-TW, zh-HK …), so zh-Hant-HK gives zh-HK and zh-Hant zh-TW; anything not Chinese
    (the issue's language is for its readers' apps) keeps the default, zh-CN."""
    parts = (language or "").replace("_", "-").split("-")
    if parts[0].lower() != "zh":
        return EAST_ASIAN_LANG
    region = next((p.upper() for p in parts[1:] if p.upper() in _ZH_REGIONS), None)
    if region:
        return f"zh-{region}"
    return next((_ZH_SCRIPTS[p.lower()] for p in parts[1:] if p.lower() in _ZH_SCRIPTS),
                EAST_ASIAN_LANG)
# The runs' language for Latin letters and digits (w:lang/@w:val) is left unset: calibre
# tags every paragraph with it (en-US made 587 paragraphs of Chinese lang="en"), and zh-CN
# there makes LibreOffice break inside numbers (1|200, 95|0). Unset, each application uses
# its own default for Latin text.
LATIN_LANG: str | None = None
THEME_LATIN_LANG = "en-US"     # settings' themeFontLang: the theme's Latin fonts

# ----------------------------------------------------------------------- page setup
# The page is the house style's (GB/T 9704), written once in publish/layout/style.py: the
# DOCX's 目录 carries the print edition's page numbers, so both are set on the same grid.
def _size(points: float) -> float:
    """A type size as WordprocessingML writes it: 16, not 16.0."""
    return int(points) if float(points).is_integer() else points


PAGE_WIDTH = mm(HOUSE.page_width_mm)              # A4: 11906
PAGE_HEIGHT = mm(HOUSE.page_height_mm)
MARGIN_TOP = mm(HOUSE.margin_top_mm)              # 37 mm: 2098
MARGIN_BOTTOM = mm(HOUSE.margin_bottom_mm)        # 35 mm: 1984
MARGIN_LEFT = mm(HOUSE.margin_inner_mm)           # 28 mm: 1587 (binding side)
MARGIN_RIGHT = mm(HOUSE.margin_outer_mm)          # 26 mm: 1474
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT      # 156 mm
HEADER_DISTANCE = mm(15)
BODY_SIZE = _size(HOUSE.body_size)                # 三号: 16
TITLE_SIZE = _size(HOUSE.title_size)              # 二号: 22
LINE_PITCH = pt(HOUSE.pitch)  # 579: 28.95 pt, 225 mm / 22 lines; also the docGrid pitch
LINES_PER_PAGE = HOUSE.lines_per_page             # 22
CHARS_PER_LINE = HOUSE.chars_per_line             # 28
# 28 characters of 16 pt do not fit 156 mm (they need 448 pt of 442 pt). The grid type is
# "lines" (LibreOffice doubles every character on a negative character grid), so the body
# styles are condensed instead: -0.25 pt a character, 28 × 15.75 pt = 441 pt.
BODY_CHAR_SPACING = TEXT_WIDTH // CHARS_PER_LINE - BODY_SIZE * 20  # -5: twentieths of a pt
INDENT_CHARS = HOUSE.indent_chars                 # first-line indent, in characters
FOOTER_SIZE = _size(HOUSE.folio_size)             # 四号 (14), the page number
# The page number sits 7 mm below the type area: the footer's bottom edge is the bottom
# margin less 7 mm less one footer line.
FOOTER_DISTANCE = MARGIN_BOTTOM - mm(HOUSE.folio_drop_mm) - round(FOOTER_SIZE * 20 * 1.3)
PAGE_NUMBER_TEMPLATE = ("— ", " —")    # em dashes around a half-width number: — 1 —
COVER_RED = "C00000"          # the masthead and its rule, as in print


# -------------------------------------------------------------------------- styles

@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style, named for its role so editors (and the reader) know it."""
    id: str                       # w:styleId: ASCII and stable; the reader falls back to it
    name: str                     # w:name: what Word lists and what the reader matches
    alias: str                    # the Chinese name Word shows beside it (w:aliases)
    role: str | None              # what the reader makes of it (see ROLE_* below)
    face: str = BODY_FACE
    latin: str | None = None      # a FACES key for Latin and digits too (else LATIN)
    size: float = BODY_SIZE
    align: str = "both"           # w:jc
    indent_chars: int = 0         # first-line indent in characters
    left_chars: int = 0
    right_chars: int = 0
    outline: int | None = None    # 1-based outline level (Word's navigation pane and TOC)
    bold: bool = False
    page_break_before: bool = False
    keep_next: bool = False
    line: int = LINE_PITCH        # exact line height, twips
    before: int = 0               # space before / after, twips
    after: int = 0
    char_spacing: int | None = None
    based_on: str | None = "Normal"
    next: str | None = None
    tab_right_dots: bool = False  # a right tab with dot leader at the text edge (TOC lines)
    hanging_chars: int = 0        # continuation lines indented by this many characters
    color: str | None = None      # w:color, hex RGB
    rule_below: bool = False      # a 1.5 pt rule under the paragraph, in its colour
    at_page_foot: bool = False    # a frame at the foot of the type area (the cover's office)
    level: int | None = None      # heading level in the model


# Roles the reader understands; block types come from publish.model.
ROLE_TITLE = "title"
ROLE_SOURCE = "source"
ROLE_DECK = "deck"
ROLE_BYLINE = "byline"
ROLE_DATELINE = "dateline"
ROLE_COVER = "cover"
ROLE_TOC = "toc"
TITLE_BLOCK_ROLES = (ROLE_TITLE, ROLE_SOURCE, ROLE_DECK, ROLE_BYLINE, ROLE_DATELINE)

_BODY = {"indent_chars": INDENT_CHARS, "char_spacing": BODY_CHAR_SPACING}

STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", "Normal", "正文", "paragraph", based_on=None),
    # --- Word's built-in headings are the role styles themselves: the title style is named
    # "heading 1", the 一、 and （一） styles "heading 2" and "heading 3" (style ids stay the
    # roles'), so calibre (which knows headings by name only), pandoc, Google Docs and any
    # script that knows "heading N" see the structure. Each is named for the rank it has
    # under its title where an article's headings start at 一、 (GB/T 9704's 一级/二级标题,
    # what nearly every article has), and its outline level is that rank: the style
    # gallery, the navigation pane and the aliases say the same. A lone numeral (一 heading
    # a speech excerpt) is a style of its own based on heading 2 (pandoc follows basedOn);
    # where it stands above 一、 the writer ranks the 一、 below it on the paragraph.
    # --- title block
    StyleSpec("ArticleTitle", "heading 1", "文章标题", ROLE_TITLE, face="xiaobiaosong",
              size=TITLE_SIZE, align="center", outline=1, page_break_before=True, keep_next=True,
              next="SourceLine"),
    StyleSpec("SourceLine", "Source Line", "来源行", ROLE_SOURCE, face="kai", align="center",
              keep_next=True, next="Body"),
    StyleSpec("HeadlineGroup", "Headline Group", "标题组（引题主题副题）", ROLE_DECK, face="kai",
              align="center", keep_next=True, next="Body"),
    StyleSpec("Byline", "Byline", "作者署名", ROLE_BYLINE, face="kai", align="center",
              keep_next=True, next="Body"),
    StyleSpec("Dateline", "Dateline", "题注", ROLE_DATELINE, face="kai", align="center",
              keep_next=True, next="Body"),
    # --- article body
    StyleSpec("Body", "Body", "正文段落", PARAGRAPH, next="Body", **_BODY),
    # the model's heading levels 1 / 2 / 3 (a lone numeral 一, 一、, （一）) under the title
    StyleSpec("SectionHeading1", "Part Number", "部分序号（一）", HEADING, face="hei",
              align="center", outline=2, keep_next=True, next="Body", level=1,
              based_on="SectionHeading2"),
    StyleSpec("SectionHeading2", "heading 2", "一级标题（一、）", HEADING, face="hei",
              outline=2, keep_next=True, next="Body", level=2, indent_chars=INDENT_CHARS),
    StyleSpec("SectionHeading3", "heading 3", "二级标题（（一））", HEADING, face="kai",
              outline=3, keep_next=True, next="Body", level=3, indent_chars=INDENT_CHARS),
    StyleSpec("ListItem", "List Item", "列表项", LIST_ITEM, next="ListItem", **_BODY),
    StyleSpec("Note", "Note", "注释（※）", NOTE, face="kai", next="Body", **_BODY),
    StyleSpec("Attribution", "Attribution", "讲话出处", ATTRIBUTION, face="kai",
              align="right", next="Body"),      # as print and the EPUB set it
    StyleSpec("Salutation", "Salutation", "称呼", SALUTATION, align="left", next="Body"),
    StyleSpec("Signature", "Signature", "落款", SIGNATURE, align="right", right_chars=4,
              next="Date"),
    StyleSpec("Date", "Date", "成文日期", DATE, align="right", right_chars=4, next="Body"),
    StyleSpec("Attachment", "Attachment", "附件", ATTACHMENT, face="hei", align="left",
              next="AttachmentTitle"),
    # an attachment's title is a heading one level below its article's title
    StyleSpec("AttachmentTitle", "Attachment Title", "附件标题", ATTACHMENT_TITLE,
              face="xiaobiaosong", size=TITLE_SIZE, align="center", outline=2, keep_next=True,
              next="Body", based_on="SectionHeading2"),
    # --- front matter: the cover as print sets it (templates/print/print.css .cover-*)
    StyleSpec("Cover", "Cover", "封面", ROLE_COVER, align="center", next="Cover"),
    StyleSpec("CoverInstitution", "Cover Institution", "封面单位", ROLE_COVER,
              face="xiaobiaosong", size=26, align="center", line=pt(40), before=mm(18),
              char_spacing=pt(4), next="CoverInstitutionEn"),
    StyleSpec("CoverInstitutionEn", "Cover Institution (English)", "封面英文单位", ROLE_COVER,
              size=10.5, align="center", line=pt(16), char_spacing=pt(0.5), next="CoverTitle"),
    StyleSpec("CoverTitle", "Cover Title", "封面刊名", ROLE_COVER, face="xiaobiaosong", size=54,
              align="center", line=pt(72), before=mm(42), char_spacing=pt(6),
              color=COVER_RED, rule_below=True, next="CoverNumber"),
    StyleSpec("CoverNumber", "Cover Number", "封面期号", ROLE_COVER, size=18, align="center",
              line=pt(28), before=mm(12), next="Cover"),
    StyleSpec("CoverPublisher", "Cover Publisher", "封面编印单位", ROLE_COVER,
              face="xiaobiaosong", size=20, align="center", line=pt(28), char_spacing=pt(3),
              at_page_foot=True, next="Cover"),
    StyleSpec("TOCHeading", "TOC Heading", "目录标题", ROLE_TOC, face="xiaobiaosong",
              size=TITLE_SIZE, align="center", after=LINE_PITCH, page_break_before=True,
              keep_next=True, next="TOC1"),
    # The writer breaks 目录 titles itself, two characters short of the edge, where the
    # right tab (leader + page) ends: never a leader alone (publish/layout/toclines.py).
    StyleSpec("TOC1", "toc 1", "目录 1", ROLE_TOC, align="both", tab_right_dots=True,
              left_chars=INDENT_CHARS, hanging_chars=INDENT_CHARS,
              char_spacing=BODY_CHAR_SPACING, next="Body"),
    StyleSpec("Footer", "footer", "页脚", None, face="song", latin="song", size=FOOTER_SIZE,
              align="center", line=0),
)

STYLE_BY_ID = {s.id: s for s in STYLES}


@dataclass(frozen=True)
class CharStyleSpec:
    """A character style: a run set in another face, not bold (the reader keeps its text
    plain)."""
    id: str
    name: str
    alias: str
    face: str


# A paragraph's run-in heading (（一）全力以赴抓政策落地。…, text/leads.py) by the heading
# level it would have alone: in that heading's face, as print sets it.
RUN_IN_STYLES = {
    2: CharStyleSpec("RunInHeading2", "Run-in Heading 2", "一级标题（段中）", "hei"),
    3: CharStyleSpec("RunInHeading3", "Run-in Heading 3", "二级标题（段中）", "kai"),
}
# What the heading styles were called before 一、 became "heading 2" (their ids never
# changed): a DOCX built then, whose ids Word or WPS renamed, still reads by its aliases.
LEGACY_ALIASES = {"一级标题（一）": "SectionHeading1", "二级标题（一、）": "SectionHeading2",
                  "三级标题（（一））": "SectionHeading3"}
BLOCK_STYLE = {  # model block type (and heading level) → style id
    "paragraph": "Body", "list_item": "ListItem", "note": "Note", "attribution": "Attribution",
    "salutation": "Salutation", "signature": "Signature", "date": "Date",
    "attachment": "Attachment", "attachment_title": "AttachmentTitle",
    ("heading", 1): "SectionHeading1", ("heading", 2): "SectionHeading2",
    ("heading", 3): "SectionHeading3",
}
TITLE_BLOCK_STYLE = {ROLE_TITLE: "ArticleTitle", ROLE_SOURCE: "SourceLine",
                     ROLE_DECK: "HeadlineGroup", ROLE_BYLINE: "Byline",
                     ROLE_DATELINE: "Dateline"}
COVER_STYLE = {"institution": "CoverInstitution", "institution-en": "CoverInstitutionEn",
               "title": "CoverTitle", "number": "CoverNumber",
               "publisher": "CoverPublisher"}   # cover roles; any other role → "Cover"
