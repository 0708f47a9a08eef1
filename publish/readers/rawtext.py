"""Reading text extracted from a printed issue: lines, the cover and the 目录.

Everything here works on the form of such issues (cover lines, a 目录 line, one
``title<TAB>page`` line per entry), never on the particular lines of one issue.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import MAX_PAGE
from ..errors import UserError, read_bytes
from ..model import TocEntry
from ..text.chars import (COLOPHON_RE, DATE_LINE_RE, EDITORS_NOTE_RE, HAN, ITEM_LABEL_RE, LIST_ITEM_RE,
                          LONE_NUMERAL_RE, NUMERAL, SECTION_RE, SOURCE_RE, SPACED_NUMBER_RE,
                          SUBSECTION_RE, TABLE_TITLE_RE, ends_a_sentence, ends_terminal)
from ..text.align import similarity
from ..text.decode import decode
from ..text.normalize import squeeze
from ..text.numerals import chinese_numeral

# A source line whose date gives no day: a year and a month or a year alone, （2025年3月 来源：
# 求是）, （2025年 来源：求是）, or, the
# source first, a month or a magazine's issue, （来源：求是 2025年第5期）, or none, （来源：新华社）
# (bracketed, or short and with no sentence mark). The model's date is a day, so such an
# article has none; a printed date stays in its source (partial_source).
_PART_DATE = r"\d{4}\s*年\s*(?:\d{1,2}\s*月|第\s*\d{1,3}\s*期)|\d{4}\s*[-－/.]\s*\d{1,2}"
# (a year alone only before 来源: 来源：国家统计局 2023年 under a table is the table's)
_PART_DATE_FIRST_RE = re.compile(
    rf"^(?=.{{0,300}}$)[（(]?\s*+({_PART_DATE}|\d{{4}}\s*年)\s*+[来來]源\s*+[：:]\s*+(\S.*?)\s*+[)）]?\s*+$")
_PART_DATE_LAST_RE = re.compile(
    rf"^(?=.{{0,300}}$)[（(]?\s*+[来來]源\s*+[：:]\s*+(\S.*?(?:{_PART_DATE}))\s*+[)）]?\s*+$")

_UNDATED_SOURCE_RE = re.compile(
    r"^(?=.{0,60}$)(?:[（(]\s*+[来來]源\s*+[：:]\s*+([^\s（）()][^（）()]*?)\s*+[)）]"
    r"|[来來]源\s*+[：:]\s*+([^\s（）()][^（）()。！？；，,]*?))\s*+$")


def partial_source(text: str, undated: bool = False) -> tuple[str, str, bool] | None:
    """(source, the printed date, whether it moved) of a source line whose date gives no day,
    else None: the source as printed after 来源, the date moved after it where it was printed
    first. One with no date at all (``undated``: its printed date is "") starts no article:
    under a table, （来源：国家统计局） is the table's."""
    if (m := _PART_DATE_FIRST_RE.match(text)) is not None:
        date = m.group(1).strip()
        return f"{m.group(2)} {date}", date, True
    if (m := _PART_DATE_LAST_RE.match(text)) is not None:
        return m.group(1), re.search(_PART_DATE, m.group(1)).group(0).strip(), False
    if undated and (m := _UNDATED_SOURCE_RE.match(text)) is not None:
        return m.group(1) or m.group(2), "", False
    return None


# a source line as web pages print it too: in lenticular brackets, 【来源：新华社 2024-01-22】,
# the source and its date parted by a comma or a bar, （来源：新华社，2024-01-22）,
# 来源：新华社 | 2024-01-22, 2024-01-22 | 来源：新华社: read as SOURCE_RE's forms
_LENTICULAR = re.compile(r"^\s*[【〔［]\s*(.*?)\s*[】〕］]\s*$")
_SOURCE_SEPARATOR = re.compile(r"(?<!\s)\s*+[，,|｜]\s*(?=(?:(?:发布|更新)?(?:时间|日期)\s*[：:]\s*)?\d{4}\s*[-－/.年])"
                               r"|(?<=[\d日])\s*[，,|｜]\s*(?=[来來]源\s*[：:])")


def source_match(text: str) -> re.Match | None:
    """SOURCE_RE's match of a source line, in lenticular brackets or with a comma or a bar
    between its source and its date too (of the line so read: source_fields takes it), or
    a paper's colophon (COLOPHON_RE)."""
    form = _LENTICULAR.sub(r"（\1）", text)
    return SOURCE_RE.match(_SOURCE_SEPARATOR.sub(" ", form) if "源" in form else form) \
        or COLOPHON_RE.match(text)


def is_source(text: str) -> bool:
    """A source line: SOURCE_RE's forms, or one whose date gives no day (a year and a month,
    a magazine's issue), not none."""
    return bool(source_match(text)) or partial_source(text) is not None


# the 目录's heading: 目 录, or 本期目录, 目录：, 目录 CONTENTS
TOC_HEADING_RE = re.compile(r"^\s*(?:本\s*期\s*)?目\s*[录錄]\s*[：:]?\s*(?:(?i:contents)\s*)?$")
# inside the 目录: its heading printed again atop its second page (目录（续）), or in English
TOC_HEADING_AGAIN_RE = re.compile(r"^目\s*[录錄]\s*(?:[（(]\s*续\s*[）)])?$|^(?i:contents)$")
# bounded: int() of any line; the digits maybe spaced out by the extraction (2 0 2 4 年 第 6 期)
# …, or in numerals (二〇二四年第二期), or two issues in one (2024年第1-2期 合刊)
_RANGE = "[-–—～~至]"        # the mark between the two numbers of a range (1-2, 8～9, 8至9)
NUMBER_RE = re.compile(r"(\d(?: ?\d){3}|[〇○零一二三四五六七八九]{4})\s*年\s*第\s*"
                       r"(\d(?: ?\d){0,5}|[一二三四五六七八九十百]{1,4})"
                       rf"(\s*{_RANGE}\s*(?:\d{{1,6}}|[一二三四五六七八九十百]{{1,4}}))?\s*期"
                       r"(\s*[（(]?合刊[）)]?)?")
_RANGE_MARK = re.compile(rf"^\s*{_RANGE}\s*")
# a notice printed on the cover with no field to hold it (内部资料 注意保存), bracketed or not
COVER_NOTICE_RE = re.compile(r"内部资料|注意保存|内部刊物|不得翻印|严禁|仅供|秘密")
# title, then a tab, a dot leader or ellipsis, a run of spaces or one wide or no-break
# space, then the page number
# (any whole number, signed or not: a page that cannot exist is refused, never glued on)
# the dots a leader is set in: full stops, middle dots (· ・ ･ ‧ ∙ •) and ellipses
LEADER_DOTS = ".．·・･‧∙•…⋯"
TOC_LINE_RE = re.compile(
    rf"^(?P<title>.*?\S)(?:\t+\s*|\s*(?:[{LEADER_DOTS}]{{2,}}|…+)\s*|\s{{2,}}|[\u3000\u00a0])"
    r"(?P<page>[-−–+]?\d+)\s*$")
# after a TAB the page may come with its digits spaced out by the extraction (1 1 4)
# a page's printed number on a line of its own: — 2 —, - 12 -, — I — (GB/T 9704 folios),
# · 12 · (a journal's), 3, 第 3 页, 第 3 页 共 120 页 (a word processor's footer)
# or the page and the pages: 12 / 130 (the total its group)
_PAGE_OF = re.compile(r"\d{1,4}\s*[/／]\s*(\d{1,4})")
_PAGE_WORD = (r"第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
              rf"|{_PAGE_OF.pattern}")
# a bare number, or one in square brackets ([12]): a folio only by where it stands (in the
# run of the pages' numbers, or cutting a paragraph), as 1 2 8 alone may be the text's own
_BRACKETED_FOLIO = r"[\[［]\s*(\d{1,4})\s*[\]］]"
BARE_FOLIO_RE = re.compile(rf"^(?:\d{{1,4}}|{_BRACKETED_FOLIO})$")
FOLIO_RE = re.compile(r"^(?:[—–\-－]{1,2}\s*(?:\d{1,4}|[IVXLCivxlc]{1,6})\s*[—–\-－]{1,2}"
                      rf"|[·•・]\s*\d{{1,4}}\s*[·•・]|\d{{1,4}}|{_BRACKETED_FOLIO}|{_PAGE_WORD})$")
# a line of ornaments alone (◆　◆　◆, ＊＊＊, ※※※) or a rule (——————): over an article's
# title, the print's separator between two articles
SEPARATOR_RE = re.compile(r"^(?:[◆◇●○■□▲△▼▽★☆❖◎•▪※＊*\s\u3000]*[◆◇●○■□▲△▼▽★☆❖◎•▪※＊*]"
                          r"|[—－\-─━～~＝=＿_]{3,})$")
# a jump line: where an article goes on or came from, (下转第8页), （上接第7页）, （转下页）
_JUMP = r"(?:(?:下\s*)?转|(?:上\s*)?接)\s*(?:第\s*\d{1,4}\s*[页版]|[上下]\s*页)"
JUMP_LINE_RE = re.compile(rf"^[（(【\[]\s*{_JUMP}\s*[）)】\]]$|^{_JUMP}$")
MIN_TOTALS = 3              # pages printing one total (12 / 130) that make it a folio
MAX_RUNNING_HEAD = 40
MIN_REPEATED_LINE = 20      # a line as long as a printed line, repeated, is the extraction's
MIN_WRAPPED_LINES = 10      # the fewest full printed lines that tell the print's lines kept
MAX_LINE_CHARS = 100_000    # a line longer than this (some 140 printed pages) is no paragraph
MAX_TOC_TITLE = 80          # a longer line without a page number is no 目录 title
MAX_TOC_LINE = 400          # a longer line is a 目录 entry only as title<TAB>page: a title
                            # and its leader fill a printed line or two (and the entry
                            # patterns backtrack with the square of a line's length: 20,000
                            # dots took 32 s)
# a 目录 group heading on a line of its own (【重要文献】, 〔自治区两会〕): no entry
TOC_GROUP_RE = re.compile(r"^[【〔［\[]\s*[^】〕］\]\t]{1,16}?\s*[】〕］\]]$")
# a group heading numbered as a section, over the entries it groups (一、重要讲话, or in
# digits: 1　重要讲话, 2. 理论文章): short, with no page, an entry under it
TOC_NUMBERED_GROUP_RE = re.compile(rf"^(?:[{NUMERAL}]{{1,3}}[、.．]\s*|\d{{1,2}}(?:[、.．]\s*|[ \u3000]+))"
                                   r"[^\s\t].{0,14}$")
# an author printed after a 目录 title, past a slash: …的讲话 ／ 孙某某, …路径 / 李娜 张伟
_TOC_NAME = rf"[{HAN}]{{2,4}}(?:·[{HAN}]{{1,8}})?"
TOC_AUTHOR_RE = re.compile(rf"^(?P<title>.*?\S)\s*[／/]\s*"
                           rf"(?P<author>{_TOC_NAME}(?:[\s、，,]{{1,3}}{_TOC_NAME}){{0,3}})$")
# …, or past a wide space or two spaces (…的讲话　孙某某): taken off only where the text
# prints each name on a short line of its own (a byline), as a title never is
TOC_AUTHOR_SPACED_RE = re.compile(rf"^(?P<title>(?:(?!\u3000|\s\s).)*?\S)(?:\u3000+|\s{{2,}})"
                                  rf"(?P<author>{_TOC_NAME}(?:[\s、，,]{{1,3}}{_TOC_NAME}){{0,3}})$")
MAX_NAME_LINE = 20          # a byline naming a 目录 author: so short at the most
_ROLE_BEFORE_NAME = re.compile(r"(?:记者|作者|通讯员|评论员|编辑|撰稿|文\s*[/／])[：:]?$")


def _signs(line: str, name: str) -> bool:
    """Does a short line of the text sign ``name``: the name alone, or after a role (本报记者
    张三, 作者：张三, 文/张三)? (二、以学增智, a heading holding the words, does not.)"""
    return line == name or (line.endswith(name)
                            and bool(_ROLE_BEFORE_NAME.search(line[:-len(name)])))
TOC_TAB_RE = re.compile(r"^(?P<title>.*?)\t+\s*(?P<page>[-−–+]?\d(?: ?\d)*)\s*$")
# a page printed as a word (二十一, xxi) after a tab or leader: reported, never glued on
TOC_WORD_PAGE_RE = re.compile(
    rf"^(?P<title>.*?\S)(?:\t+\s*|\s*(?:[{LEADER_DOTS}]{{2,}}|…+)\s*)"
    r"(?P<page>[〇零一二两三四五六七八九十百千]{1,8}|[ivxlcdmIVXLCDM]{1,8})\s*$")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@dataclass(frozen=True)
class Line:
    no: int        # 1-based line number in the raw file
    text: str      # stripped of surrounding whitespace


# cover lines the corpus has no field for: a running number, a date, a bracketed notice
SERIAL_RE = re.compile(r"[（(]?\s*总\s*第\s*\d{1,6}\s*期\s*[）)]?")     # 总第58期
COVER_DATE_RE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
# the compiling office's line, by how it ends (党委宣传部, 办公室, …编印)
OFFICE_RE = re.compile(r"(?:部|处|办|室|委|委员会|局|厅|中心|编|编印|主办|印发|编辑部)$")
# an issue number printed without its year: (第2期), 第十二期
BARE_NUMBER_RE = re.compile(rf"^[（(]?\s*(第\s*(?:\d{{1,6}}|[{NUMERAL}]{{1,6}})\s*期)\s*[）)]?$")
_BRACKETS = {"（": "）", "(": ")", "【": "】", "〔": "〕", "[": "]", "《": "》"}


@dataclass
class Cover:
    institution: str = ""
    institution_en: str = ""
    title: str = ""
    number: str = ""
    year: int | None = None
    issue_no: int | None = None
    publisher: str = ""
    unplaced: list[Line] = field(default_factory=list)   # lines no field holds (logged)


@dataclass
class RawIssue:
    path: Path
    cover: Cover
    toc: list[TocEntry]
    toc_lines: list[int]
    body: list[Line]            # non-blank lines after the 目录
    blank_before: set[int] = field(default_factory=set)   # line numbers preceded by a blank
    encoding: str = "utf-8"
    encoding_note: str | None = None                        # said when not plain UTF-8
    toc_notes: list[tuple[int, str]] = field(default_factory=list)   # (line, what to decide)
    # entry → its lines (of three, the first two as one, parted by "\n")
    toc_joined: dict[int, tuple[Line, Line]] = field(default_factory=dict)
    furniture: list[Line] = field(default_factory=list)    # folios and running heads left out
    toc_pageless: list[Line] = field(default_factory=list)  # 目录 lines printed without a page
    toc_groups: list[Line] = field(default_factory=list)    # group headings, 目录 and text
    title_heads: list[Line] = field(default_factory=list)   # running heads printing a title
    unwrapped: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # run on
    repeats: list[Line] = field(default_factory=list)       # a cut line printed twice
    # bare numbers that are folios by their run, or alone over the title of the article
    # whose first page they number
    folio_run: set[int] = field(default_factory=set)
    invisible: list[int] = field(default_factory=list)      # lines zero-width characters left
    toc_again: list[int] = field(default_factory=list)      # 目录 lines printed twice, left out
    toc_bullets: list[int] = field(default_factory=list)    # 目录 lines an ornament opened
    lead_folios: list[Line] = field(default_factory=list)   # folios opening a line, taken off
    # entry → (line, author) of an author printed after its 目录 title (／ 孙某某), taken off
    toc_authors: dict[int, tuple[int, str]] = field(default_factory=dict)
    toc_at_end: int | None = None       # the 目录's heading line, when printed after the text
    # lines opening a page unindented under a full line, in a text whose indents open its
    # paragraphs: the paragraph above goes on there, though a sentence ended with the page
    continued: set[int] = field(default_factory=set)
    separators: list[Line] = field(default_factory=list)    # ◆　◆　◆ over a title, left out
    # blank lines that space the print's lines out (a blank after every line): none parts two
    spacing: frozenset[int] = frozenset()


def read_lines(path: str | Path, encoding: str | None = None):
    """Lines, how they were decoded (text/decode.py) and the numbers of the lines zero-width
    characters were taken out of; LF, CRLF or CR (or U+2028 / U+2029 in a file with none
    of them). A form feed (a page's end) at a line's
    start or end is whitespace, so the lines are numbered as an editor numbers the file's
    (pdftotext opens each page's first line with one); one between two characters ends a
    line."""
    path = Path(path)
    decoded = decode(read_bytes(path), path, encoding)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in text.rstrip("\n") and _SEPARATORS.search(text):
        text = _SEPARATORS.sub("\n", text)     # a file whose lines a word processor parted so
    text = re.sub(r"(?<=[^\s\f])\f+(?=[^\s\f])", "\n", text)
    nul = text.find("\0")
    if nul >= 0:                    # the corpus cannot hold it (corpus.load refuses it)
        raise UserError(f"NUL character (U+0000) at column {nul - text.rfind(chr(10), 0, nul)}: "
                        "delete it", path, text.count("\n", 0, nul) + 1)
    lines = text.split("\n")
    invisible = [i + 1 for i, line in enumerate(lines) if _INVISIBLE.search(line)]
    for i in invisible:
        lines[i - 1] = _INVISIBLE.sub("", lines[i - 1])
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    if len(lines[longest]) > MAX_LINE_CHARS:
        raise UserError(f"a line of {len(lines[longest]):,} characters: no printed paragraph "
                        f"is that long (at most {MAX_LINE_CHARS:,}); is this the text "
                        "extracted from the issue, with its line ends?", path, longest + 1)
    return lines, decoded, invisible


# Unicode's line and paragraph separators: the line ends of a file that has no other
_SEPARATORS = re.compile("[\u2028\u2029]")
# invisible characters an extraction leaves inside a line, no text's own: zero-width space,
# word joiner, a byte order mark past the file's start
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")


_TOC_HEADING_PARTS = ("目", "录錄")    # the heading set upright, a character a line


def _toc_heading(lines: list[str]) -> tuple[int | None, int]:
    """(the 目录 heading's first line, the line its entries may start at): the first line
    目 录 (本期目录, 目录：…), or 目 over 录 on the next line that is not blank (the heading
    set upright, a character a line); (None, 0) without one."""
    for i, text in enumerate(lines):
        if TOC_HEADING_RE.match(text):
            return i, i + 1
        if text.strip() == _TOC_HEADING_PARTS[0] and (j := _next_filled(lines, i, i + 3)) \
                is not None and len(t := lines[j].strip()) == 1 and t in _TOC_HEADING_PARTS[1]:
            return i, j + 1
    return None, 0


def parse(path: str | Path, encoding: str | None = None) -> RawIssue:
    path = Path(path)
    lines, decoded, invisible = read_lines(path, encoding)
    toc_at, toc_start = _toc_heading(lines)
    if toc_at is None:
        raise UserError("no 目录 found (expected a line '目 录' before the article list)"
                        + _mojibake_hint(lines), path)
    toc_notes: list[tuple[int, str]] = []
    removed: list[Line] = []                # folios and running heads: not text
    pageless: list[Line] = []
    groups: list[Line] = []
    joined: dict[int, tuple[Line, Line]] = {}

    def read_toc(toc_text: list[str]) -> tuple[list[TocEntry], list[int], int]:
        try:
            return parse_toc(toc_text, toc_start, toc_notes, joined, removed, pageless,
                             groups, _cover_names(lines[:toc_at]))
        except UserError as err:            # a 目录 line that cannot be: name file and line
            raise UserError(err.message, path, err.line) from None
    toc, toc_lines, end = read_toc(lines)
    if not toc and (spaced := _pages_first(lines, toc_start)) is not None:
        toc, toc_lines, end = read_toc(spaced)      # 12  标题: each page before its title
    if not toc:
        raise UserError("the 目录 has no entries ('title<TAB>page' lines)", path, toc_at + 1)
    # the text's range: after the 目录, or, for a 目录 printed at the end (nothing but blank
    # lines and folios after it), from the first article's title above it
    start, stop, toc_at_end = end, len(lines), None
    if all(not t.strip() or FOLIO_RE.match(t.strip()) for t in lines[end:]):
        first = _first_title_line(lines, toc_at, toc)
        if first is not None:
            start, stop, toc_at_end = first, toc_at, toc_at + 1
    cover = parse_cover(_cover_lines(lines[:toc_at if toc_at_end is None else start]))
    bullets = [k for k, e in enumerate(toc) if BULLET_RE.match(e.title)]
    for k in bullets:                       # an ornament before a title, as a leader after it
        toc[k] = TocEntry(title=BULLET_RE.sub("", toc[k].title), page=toc[k].page)
    numbers = [_TOC_NUMBER_RE.match(e.title) for e in toc]
    if len(toc) >= MIN_NUMBERED_TOC and all(numbers) and [int(m.group(1)) for m in numbers] \
            == list(range(int(numbers[0].group(1)), int(numbers[0].group(1)) + len(toc))) \
            and not {squeeze(e.title) for e in toc} & {squeeze(t) for t in lines[start:stop]}:
        # each entry numbered in turn (1. …, 2. …), no title so in the text: the numbers
        # are the 目录's, as a leader
        toc = [TocEntry(title=e.title[m.end():], page=e.page) for e, m in zip(toc, numbers)]
        bullets = sorted(set(bullets) | set(range(len(toc))))
    bullets = [toc_lines[k] for k in bullets]
    toc_again = _printed_again(toc)
    if toc_again:                           # the extraction printed the 目录 (or part) twice
        keep = [k for k in range(len(toc)) if k not in toc_again]
        joined = {keep.index(k): pair for k, pair in joined.items() if k in keep}
        toc_again = sorted(toc_lines[k] for k in toc_again)
        toc, toc_lines = [toc[k] for k in keep], [toc_lines[k] for k in keep]
    authors: dict[int, tuple[int, str]] = {}    # entry → (its line, the author it printed)
    printed = [toc[k] for k in range(len(toc))]  # the entries as printed, authors and all
    spaced: set[int] = set()                   # of them, those past spaces (not a slash)
    for k, entry in enumerate(toc):
        m = TOC_AUTHOR_RE.match(entry.title)
        if m is None and (m := TOC_AUTHOR_SPACED_RE.match(entry.title)):
            spaced.add(k)
        if m and len(squeeze(m.group("title"))) >= 4:
            authors[k] = (toc_lines[k], m.group("author"))
            toc[k] = TocEntry(title=m.group("title"), page=entry.page)
    body: list[Line] = []
    blank_before: set[int] = set()
    repeats: list[Line] = []
    lead_folios: list[Line] = []            # folios printed at a line's start, taken off
    separators: list[Line] = []             # ornament lines parting two articles
    indents: dict[int, int] = {}            # line → the width its leading spaces take
    previous_blank = True
    spacing = _line_spacing(lines, start, stop)
    furniture = _running_heads(lines[start:stop], cover)
    run = _folio_run(lines, start, stop)
    # the page and the pages (12 / 130): a folio only where several pages print that total
    # (3/4 on a line of its own is the text's fraction)
    totals = Counter(m.group(1) for i in range(start, stop)
                     if (m := _PAGE_OF.fullmatch(lines[i].strip())))
    group_heads = {g.text for g in groups}
    # a bracketed group's name printed bare atop its pages (重要文献): a running head
    group_names = {g.text[1:-1].strip() for g in groups if TOC_GROUP_RE.match(g.text)}
    titles = {squeeze(e.title) for e in toc}    # a title printed twice heads its article
    for i in range(start, stop):
        text = lines[i].strip()
        if not text:
            previous_blank = previous_blank or i + 1 not in spacing
            continue
        if lines[i].lstrip(" \t")[:1] == "\f" or lines[i - 1].rstrip(" \t")[-1:] == "\f":
            previous_blank = True           # a form feed: a page's end, as a blank line is
        if i + 1 in run and text not in furniture and not FOLIO_RE.match(text) \
                and (lead := _LEADING_FOLIO.match(text)):
            # the page's folio printed before its first line's words (12 某某…), not before
            # a running head (12　理论学习参考: furniture, the folio with it)
            lead_folios.append(Line(i + 1, lead.group(1)))
            text = text[lead.end():]
        if text in group_heads and (not TOC_NUMBERED_GROUP_RE.match(text)
                                    or _over_a_title(lines, i, titles)):
            # a 目录 group's heading printed in the text (a numbered one, 一、重要讲话, only
            # right over an article's title: else it is the text's own heading)
            groups.append(Line(i + 1, text))
            continue
        if text in group_names and _over_a_title(lines, i, titles):
            groups.append(Line(i + 1, text))    # the group's name over its first article
            continue
        if text in group_names and _at_a_page_edge(lines, i, run):
            removed.append(Line(i + 1, text))   # a running head; elsewhere the text's own
            continue
        if SEPARATOR_RE.match(text) and _over_an_article(lines, i, titles):
            separators.append(Line(i + 1, text))   # no article's text (＊＊＊ inside one is)
            continue
        if JUMP_LINE_RE.match(text):        # page furniture as a folio is: no article's text
            removed.append(Line(i + 1, text))
            continue
        if BARE_FOLIO_RE.match(text) and _heads_its_first_page(lines, i, toc):
            run.add(i + 1)                  # a folio as sure as the run's
        if FOLIO_RE.match(text) and not (BARE_FOLIO_RE.match(text) and i + 1 not in run and (
                not body or ends_terminal(body[-1].text) or _in_a_table(body))) and not (
                (of := _PAGE_OF.fullmatch(text)) and totals[of.group(1)] < MIN_TOTALS) \
                or text in furniture and not (_signs_over_a_date(lines, i)
                                              and not _HAS_DIGIT.search(text)):
            # a bare number is a folio only where a page end cut a paragraph (1 2 8 on a
            # line of its own after a finished sentence, or a table's cell, is the text's
            # own), or in a run of the pages' numbers
            removed.append(Line(i + 1, text))   # a page's folio or running head, not text
            continue
        if body and text == body[-1].text and len(text) >= MIN_REPEATED_LINE \
                and not ends_terminal(text) and squeeze(text) not in titles:
            # a line a page end cut, printed again atop the next page by the extraction:
            # print never repeats half a sentence
            repeats.append(Line(i + 1, text))
            continue
        body.append(Line(i + 1, text))
        lead = lines[i][:len(lines[i]) - len(lines[i].lstrip())].replace("\f", "")
        if lead:
            indents[i + 1] = _width(lead.replace("\t", "    "))
        if previous_blank:
            blank_before.add(i + 1)
        previous_blank = False
    if not body:
        raise UserError("no articles after the 目录", path, end)
    if authors:                             # a title printed so in the text too is the title
        lines_printed = {squeeze(ln.text) for ln in body}
        # …or on two lines (习近平会见美国国务卿 / 蔡奇参加: its last clause is no author)
        lines_printed |= {squeeze(a.text + b.text) for a, b in zip(body, body[1:])}
        short = [key for key in lines_printed if len(key) <= MAX_NAME_LINE]
        for k in [k for k in authors if squeeze(printed[k].title) in lines_printed or (
                k in spaced and not all(any(_signs(key, name) for key in short)
                                        for name in re.split(r"[\s、，,]+", authors[k][1])))]:
            del authors[k]
            toc[k] = printed[k]
    heads = _title_heads(body, toc, spacing)
    if heads:
        gone = {ln.no for ln in heads}
        body = [ln for ln in body if ln.no not in gone]
    parted = sum(not lines[ln.no - 2].strip() and ln.no - 1 not in spacing
                 for ln in body)                                     # under a blank line
    continued: set[int] = set()
    page_ends = _page_end_lines(lines, start, stop, removed + heads + repeats + lead_folios)
    indents = _without_margin(body, indents, page_ends)
    body, wrapped = _unwrapped(body, blank_before, parted <= max(1, len(body) // 20), indents,
                               titles, continued, page_ends, spacing)
    return RawIssue(path, cover, toc, toc_lines, body, blank_before, decoded.encoding,
                    decoded.note, toc_notes, joined, removed, pageless, groups, heads, wrapped,
                    repeats, run, invisible, toc_again, bullets, lead_folios, authors,
                    toc_at_end, continued, separators, spacing)


MAX_MOJIBAKE_CHARS = 200_000     # read back so far at most, for the hint


def _mojibake_hint(lines: list[str]) -> str:
    """When the text is UTF-8 that something read as Windows-1252 or Latin-1 on the way
    (目 录 printed ç›® å½•), a sentence saying so; else nothing."""
    raw = bytearray()
    for ch in "\n".join(lines)[:MAX_MOJIBAKE_CHARS]:
        for codec in ("cp1252", "latin-1"):
            try:
                raw += ch.encode(codec)
                break
            except UnicodeEncodeError:
                continue
        else:
            raw += b"?"                 # one neither has (a byte lost on the way: U+FFFD)
    text = raw.decode("utf-8", errors="replace")
    if any(TOC_HEADING_RE.match(line) for line in text.split("\n")):
        return ("; the text is UTF-8 that was read as Windows-1252 or Latin-1 on the way "
                "(mojibake: 目 录 printed as ç›® å½•): convert it back to UTF-8")
    return ""


# an ornament set before a 目录 title (◆ 标题 …… 3): typography, as a dot leader is
# a 目录 entry's running number (1. 标题, 2、标题, 03　标题): left out where every entry has
# one, counting on by one (MIN_NUMBERED_TOC entries at the least)
_TOC_NUMBER_RE = re.compile(r"^(\d{1,3})(?:\s*[.．、]\s*|[ \u3000]+)(?=\S)")
MIN_NUMBERED_TOC = 3
BULLET_RE = re.compile(r"^[◆◇●○■□▲△▶►★☆❖◎•▪]\s*")
MIN_TOC_REPEAT = 3          # 目录 entries printed again, title and page, that are a repeat


def _printed_again(toc: list[TocEntry]) -> set[int]:
    """Indexes of the 目录 entries that repeat an earlier one, title and page, when three
    or more do: the extraction printed the 目录 (a page of it) twice. One such entry alone
    is left as printed."""
    seen: set[tuple[str, int]] = set()
    again: set[int] = set()
    for k, entry in enumerate(toc):
        key = (squeeze(entry.title), entry.page)
        if key in seen:
            again.add(k)
        seen.add(key)
    return again if len(again) >= MIN_TOC_REPEAT else set()


_NUMBERED_FOLIO = re.compile(r"^(?:[—–\-－]{1,2}\s*(\d{1,4})\s*[—–\-－]{1,2}|[·•・]\s*(\d{1,4})\s*[·•・]"
                             rf"|(\d{{1,3}})|第\s*(\d{{1,4}})\s*页.*|(\d{{1,4}})\s*[/／]\s*\d{{1,4}}"
                             rf"|{_BRACKETED_FOLIO})$")
MAX_FOLIO_GAP = 8           # pages a run of folios may skip (a page ending with a paragraph)
MIN_PAGE_TEXT = 100         # characters of text between two pages' folios, at the least
MIN_FOLIO_RUN = 3           # numbers in a run that make it the pages' folios
MAX_FOLIO_CANDIDATES = 5000
_LOOK_BACK = 8
# a page's folio printed at the start of its first line, before the words a page end cut
# (12 某某某…, 8 5300人次…): a number, a space, then text that is no mark a number takes
# and no digits spaced out (2 0 2 4)
_LEADING_FOLIO = re.compile(r"^(\d{1,3})[ \u3000]+(?=[^\s.．,，、:：%％])(?!\d[ \u3000]\d)")
MAX_PAGE_TEXT = 3000        # characters a page holds at the most (between two such folios)


MAX_TABLE_CELL = 12         # characters in a table's cell on a line of its own (a printed
                            # line holds more: a paragraph's lines above a number are none)
MAX_TABLE_LINES = 40        # such cells between a table's title and a number in the table


def _in_a_table(body: list[Line]) -> bool:
    """Do the last lines of ``body`` set a table one cell a line (表1　各季度完成情况 /
    季度 / …): short lines, a table's title over them? A number under them is a cell (a
    cell ends with no mark), not a folio a page end left inside a paragraph."""
    for line in reversed(body[-MAX_TABLE_LINES:]):
        if TABLE_TITLE_RE.match(line.text):
            return True
        if len(squeeze(line.text)) > MAX_TABLE_CELL:
            return False
    return False


def _sets_numbers_apart(above: str, text: str) -> bool:
    """Does the text around a number opening a line (the line above, the rest of its own)
    set its numbers apart with spaces (增长 6.1%)? Then 8 个旗县… at a line's start is a
    quantity a line end fell before, never a folio printed before the page's words."""
    return any(SPACED_NUMBER_RE.search(_LEADING_FOLIO.sub("", line, count=1))
               for line in (above, text))     # (either maybe opened by its page's folio)


def _folio_run(lines: list[str], start: int, stop: int | None = None) -> set[int]:
    """Line numbers of the bare numbers (12 alone on a line) that are pages' folios by their
    run: with the other folios, each a page or a few after the one before, a page of text
    between (100 characters or more), three or more in all, one at least inside a paragraph
    a page end cut. Such a number is left out wherever it falls, between paragraphs too; a
    number alone outside any run (数量为： / 128) is judged where it stands.

    A number opening a line a page end cut (the line before it ends mid-sentence), 12 某某…,
    is a folio printed on the page's first line when it is in such a run with as much text
    between it and the folios next to it as their pages hold (no more than MAX_PAGE_TEXT a
    page), and no folio of its own in the run prints that number too: its line is in the
    set too, and the caller takes the number off its line."""
    # (line, value, text before, bare, cut, at a line's start)
    found: list[tuple[int, int, int, bool, bool, bool]] = []
    spaced: set[int] = set()        # numbers opening a line where the text spaces numbers
    chars, last = 0, ""
    for i in range(start, len(lines) if stop is None else stop):
        text = lines[i].strip()
        if not text:
            continue
        m = _NUMBERED_FOLIO.match(text)
        cut = bool(last) and not ends_terminal(last) and not _heads_a_section(last)
        if m is None:
            lead = _LEADING_FOLIO.match(text) if cut else None
            if lead:
                found.append((i + 1, int(lead.group(1)), chars, False, True, True))
                if _sets_numbers_apart(last, text):
                    spaced.add(i + 1)
            chars += len(text) - (lead.end() if lead else 0)
            last = text
            if len(found) > MAX_FOLIO_CANDIDATES:
                return set()
            continue
        value = int(next(g for g in m.groups() if g is not None))
        bare = m.group(3) is not None or m.group(6) is not None     # 12, [12]
        found.append((i + 1, value, chars, bare, cut, False))
        if len(found) > MAX_FOLIO_CANDIDATES:
            return set()
    # a page prints its folio once: a number opening a line that a folio of its own in the
    # run prints as well is the text's (…九价疫苗 / 100 万人份… on page 100, whose foot
    # prints 100); a number alone elsewhere (a reference [2], a table's cell 3) says nothing
    own = {value for _, value, _, _, _, lead in found if not lead}
    own = {found[k][1] for run in _runs(_without_leads(found, own)) for k in run
           if not found[k][5]}
    # where the text sets its numbers apart (增长 6.1%, …卓资县等 / 8 个旗县…) a number
    # opening a line is a quantity, unless the run fits it tightly
    plain = _without_leads([f for f in found if f[0] not in spaced], own)
    members = sorted(plain[k] for run in _runs(plain) for k in run)
    fitting = {f[0] for f in found if f[0] in spaced and _fits_tightly(f, members)}
    kept = _without_leads([f for f in found if f[0] not in spaced or f[0] in fitting], own)
    return {kept[k][0] for run in _runs(kept) for k in run if kept[k][3] or kept[k][5]}


MAX_SECTION_HEADING = 40     # a longer labelled line is a paragraph with a run-in heading


def _heads_a_section(text: str) -> bool:
    """Is ``text`` a section's heading (二, 一、总体要求, （一）基本原则)? It ends with no
    sentence mark, yet no page end cut it: a number opening the next line is the text's
    (二 / 60 年前，…), as one alone there is no folio inside a paragraph."""
    return bool(LONE_NUMERAL_RE.match(text)) or bool(
        SECTION_RE.match(text) or SUBSECTION_RE.match(text)) \
        and len(text) <= MAX_SECTION_HEADING and not any(c in text for c in "，。；！？")


def _fits_tightly(candidate: tuple[int, int, int, bool, bool, bool],
                  members: list[tuple[int, int, int, bool, bool, bool]]) -> bool:
    """Does the run of folios (``members``, in line order) fit ``candidate``, a number
    opening a line, with no doubt: the run's folios next to it, one at least, are the pages
    just before and after it (no page skipped), each a page of text away? Only then does the
    run's evidence outweigh numbers set apart with spaces around it."""
    line, value, at = candidate[:3]
    before = [m for m in members if m[0] < line][-1:]
    after = [m for m in members if m[0] > line][:1]
    return bool(before or after) \
        and all(m[1] == value - 1 and MIN_PAGE_TEXT <= at - m[2] <= MAX_PAGE_TEXT
                for m in before) \
        and all(m[1] == value + 1 and MIN_PAGE_TEXT <= m[2] - at <= MAX_PAGE_TEXT
                for m in after)


def _without_leads(found: list[tuple[int, int, int, bool, bool, bool]], own: set[int]
                   ) -> list[tuple[int, int, int, bool, bool, bool]]:
    """``found`` less the numbers opening a line whose value is in ``own``."""
    return [f for f in found if not (f[5] and f[1] in own)]


def _runs(found: list[tuple[int, int, int, bool, bool, bool]]) -> list[list[int]]:
    """The runs of the pages' numbers among ``found`` (indices into it): each a page or a
    few after the one before with a page of text between, MIN_FOLIO_RUN or more, one at
    least inside a paragraph a page end cut."""
    length = [1] * len(found)
    before: list[int | None] = [None] * len(found)
    for j, (_, value, at, _, _, lead) in enumerate(found):
        for i in range(max(0, j - _LOOK_BACK), j):
            gap, between = value - found[i][1], at - found[i][2]
            if 1 <= gap <= MAX_FOLIO_GAP and between >= MIN_PAGE_TEXT \
                    and (not (lead or found[i][5]) or between <= MAX_PAGE_TEXT * gap) \
                    and length[i] + 1 > length[j]:
                length[j], before[j] = length[i] + 1, i
    runs = []
    for j in set(range(len(found))) - set(before):
        members = []
        k: int | None = j
        while k is not None:
            members.append(k)
            k = before[k]
        if len(members) >= MIN_FOLIO_RUN and any(found[k][4] for k in members):
            runs.append(members)
    return runs


def adjacent(above: int, below: int, spacing: frozenset[int] = frozenset()) -> bool:
    """Is line ``below`` right under line ``above``: the next line, or the one after a
    blank line that only spaces the print's lines out (``spacing``)?"""
    return below == above + 1 or below == above + 2 and above + 1 in spacing


DOUBLE_SPACED = 0.9         # of the lines, those a single blank line follows: double spacing


def _line_spacing(lines: list[str], start: int, stop: int) -> frozenset[int]:
    """The blank lines (numbered from 1) that space the print's lines out, where the
    extraction set a blank line after every printed line: no two lines with text meet,
    and the lines a single blank line parts mostly fill one width (``_line_width``: text
    with one paragraph a line, parted by blank lines, has no such width). Empty for any
    other text."""
    filled = [i for i in range(start, stop) if lines[i].strip()]
    if any(j == i + 1 for i, j in zip(filled, filled[1:])):
        return frozenset()
    single = [i for i, j in zip(filled, filled[1:]) if j == i + 2]
    if len(single) < DOUBLE_SPACED * len(filled) - 1:
        return frozenset()
    spacing = frozenset(i + 2 for i in single)
    body = [Line(i + 1, lines[i].strip()) for i in filled]
    indents = {i + 1: _width(lines[i][:len(lines[i]) - len(lines[i].lstrip())]) for i in filled}
    return spacing if _line_width(body, indents, spacing) is not None else frozenset()


def _width(text: str) -> int:
    """The printed width of ``text`` in half-width cells (a wide character takes two)."""
    return sum(1 if ord(ch) < 0x80 else 2 for ch in text)


MIN_PAGE_LINES = 8          # a page's lines that tell its own left margin, at the least


def _without_margin(body: list[Line], indents: dict[int, int], page_ends: set[int]
                    ) -> dict[int, int]:
    """``indents`` less the page's left margin: a layout extraction (pdftotext -layout)
    sets every line in by the same spaces, which open no paragraph; an indent is what a
    line sets in past the least any line of its page does (facing pages may have margins
    of their own); on a page of a few lines, past the widest margin a full page has that
    its lines reach."""
    pages = _pages(body, page_ends)
    least = [min(indents.get(ln.no, 0) for ln in page) for page in pages]
    margins = {m for m, page in zip(least, pages) if len(page) >= MIN_PAGE_LINES} or {0}
    out: dict[int, int] = {}
    for page, m in zip(pages, least):
        margin = m if len(page) >= MIN_PAGE_LINES \
            else max((w for w in margins if w <= m), default=0)
        out.update((ln.no, indents[ln.no] - margin) for ln in page
                   if indents.get(ln.no, 0) > margin)
    return out


def _pages(body: list[Line], page_ends: set[int]) -> list[list[Line]]:
    """``body`` cut where a page ends (``_page_end_lines``) between two of its lines."""
    pages: list[list[Line]] = []
    last = 0
    for line in body:
        if not pages or _crosses_a_page_end(last, line, page_ends):
            pages.append([])
        pages[-1].append(line)
        last = line.no
    return pages


def _line_width(body: list[Line], indents: dict[int, int],
                spacing: frozenset[int] = frozenset()) -> int | None:
    """The width of a printed line when the extraction kept the print's lines (one printed
    line a line, paragraphs parted by blank lines): most lines that another line follows
    directly fill one same width (a line over an indented one, which opens a paragraph, is
    a paragraph's last: not counted). None for text with one paragraph a line."""
    widths = [_width(a.text) + indents.get(a.no, 0) for a, b in zip(body, body[1:])
              if adjacent(a.no, b.no, spacing) and indents.get(b.no, 0) < 2]   # not a last
    if len(widths) < max(MIN_WRAPPED_LINES, len(body) // 3):
        return None
    count = Counter(widths)

    def near(w: int) -> int:            # the lines within 2 of width ``w``
        return sum(count[w + d] for d in range(-2, 3))
    common = max(set(widths), key=near)
    return common if near(common) >= 0.6 * len(widths) else None


def _page_end_lines(lines: list[str], start: int, stop: int, furniture: list[Line]
                    ) -> set[int]:
    """The numbers of the lines that tell a page's end: a folio, running head or repeated
    line taken out of the text (``furniture``), and a line a form feed opens or follows. A
    blank line alone tells none: it parts paragraphs, or a heading from them."""
    fed = {i + 1 for i in range(start, stop) if lines[i].lstrip(" \t")[:1] == "\f"
           or lines[i - 1].rstrip(" \t")[-1:] == "\f"}
    return fed | {ln.no for ln in furniture}


def _crosses_a_page_end(last: int, line: Line, page_ends: set[int]) -> bool:
    """Does a page end lie between the printed line numbered ``last`` and ``line``?"""
    return any(no in page_ends for no in range(last + 1, line.no + 1))


def _unwrapped(body: list[Line], blank_before: set[int], unparted: bool = False,
               indents: dict[int, int] | None = None, titles: set[str] = frozenset(),
               continued: set[int] | None = None, page_ends: set[int] = frozenset(),
               spacing: frozenset[int] = frozenset()
               ) -> tuple[list[Line], list[tuple[int, int, str, str, str]]]:
    """``body`` with the printed lines of each paragraph made one line, when the extraction
    kept the print's lines (``_line_width``): a full line runs on into the line right under
    it (no blank line or form feed between), never into a source line, a lone numeral
    heading a speech's excerpt (二) or an indented line (a paragraph's first, where the text
    keeps indents), nor after a sentence's end into one
    of the two lines above a source line (a title's) or, when ``unparted`` (no blank lines part the
    paragraphs, no indents tell them), into any line; a whole 目录 title filling its line
    (``titles``, squeezed) or a table's title (表1, 图1, 附表) neither runs on nor takes a
    line in: the text over a table and its note (说明：…) under it are not its words. The
    lines keep the first one's number; each seam is returned for the log: the two line
    numbers, the text either side and the whole line it is in. Into ``continued`` go the
    lines that open a page (``_goes_on_over_a_page``) and go on with the paragraph above:
    the page end fell at a sentence's end, which the importer cannot see in the words
    alone."""
    indents = indents or {}
    width = _line_width(body, indents, spacing)
    if width is None:
        return body, []
    # paragraphs told by their first line's indent (two wide spaces), when the text keeps it
    indented = {no for no, w in indents.items() if w >= 2}
    if len(indented) >= 3:
        unparted = False
    out: list[Line] = []
    joined: list[tuple[int, int, int, str, str]] = []
    last = 0                        # the number of the last printed line in out[-1]
    full = False
    source = [is_source(b.text) for b in body]     # each line matched once
    whole_above = False             # out[-1] is a whole 目录 title on its line
    for k, line in enumerate(body):
        # a title's line (one of the two over a source line; a title ends with no full stop:
        # a paragraph's last line over a one-line title does)
        titled = any(source[k + 1:k + 3]) and not _FULL_STOP_END.search(line.text)
        ended = (unparted or titled) and ends_a_sentence(out[-1].text if out else "")
        # a 目录 title on one full line stands alone, as a table's title (表1　学习安排) does
        whole = squeeze(line.text) in titles or bool(TABLE_TITLE_RE.match(line.text))
        if out and full and adjacent(last, line.no, spacing) and line.no not in blank_before \
                and line.no not in indented and not whole and not whole_above \
                and not source[k] and not LONE_NUMERAL_RE.match(line.text) \
                and not is_source(out[-1].text) and not ended:
            prev = out[-1].text
            space = " " if _ends_at_a_space(prev, line.text) else ""
            out[-1] = Line(out[-1].no, prev + space + line.text)
            joined.append((len(out) - 1, last, line.no, prev[-8:], line.text[:8]))
        else:
            if continued is not None and len(indented) >= 3 and out and full \
                    and line.no not in indented and not titled \
                    and _crosses_a_page_end(last, line, page_ends) \
                    and (_width(line.text) >= width - 2
                         or _ends_over_a_new_one(body, k, indented, spacing)) \
                    and _goes_on_over_a_page(out[-1].text, line.text, titles):
                continued.add(line.no)
            out.append(line)
            whole_above = whole
        last = line.no
        full = _fills_its_line(line, body[k + 1] if k + 1 < len(body) else None,
                               indents, width)
    return out, [(a, b, tail, head, out[k].text) for k, a, b, tail, head in joined]


OPENING_MARKS = "（(“‘《「『【〔［["     # never printed at a line's end


def _fills_its_line(line: Line, below: Line | None, indents: dict[int, int], width: int
                    ) -> bool:
    """Does ``line`` fill the printed line (within a character)? Or within two, when the
    line under it opens with a bracket or quote: the line-end rule sent that mark down
    and the type was spaced out to fill the measure."""
    used = _width(line.text) + indents.get(line.no, 0)
    pushed = below is not None and below.text[:1] in OPENING_MARKS
    return used >= width - (4 if pushed else 2)


# a web or mail address, whole: a scheme, www., an @ or a domain (…imust.edu.cn/)
_ADDRESS = re.compile(r"://|^www\.|@|[A-Za-z0-9-]\.[A-Za-z]{2,}(?:/|$)")
_LAST_WORD = re.compile(r"(^|\s)?([\x21-\x7e]+)$")
_FIRST_WORD = re.compile(r"^[\x21-\x7e]+")


def _ends_at_a_space(above: str, below: str) -> bool:
    """Did a printed line of English end at a space the extraction dropped (…theme of /
    open…)? Not inside an address set in Chinese text, which holds none and wraps
    anywhere (网站https://www.im / ust.edu.cn, 邮箱xuanchuan / bu@imust.edu.cn)."""
    if not (re.search(r"[A-Za-z][,.;:!?)]?$", above) and re.match(r"[A-Za-z(]", below)):
        return False
    last = _LAST_WORD.search(above)
    glued = last.group(1) is None or last.start() == 0     # to Chinese text, or the line's start
    return not (glued and _ADDRESS.search(last.group(2) + _FIRST_WORD.match(below).group()))


def _ends_over_a_new_one(body: list[Line], k: int, indented: set[int],
                         spacing: frozenset[int] = frozenset()) -> bool:
    """Is body[k], a short line, a paragraph's last: it ends a sentence and an indented
    line, a paragraph's first, follows right under it (a poem's lines or a signature and
    its date go on unindented)? A heading printed with no label (坚持问题导向) also stands
    short over an indented line, but ends with no sentence mark: its shape alone says
    nothing."""
    return k + 1 < len(body) and adjacent(body[k].no, body[k + 1].no, spacing) \
        and body[k + 1].no in indented and ends_terminal(body[k].text)


# a label that opens a paragraph or heading of its own (一、, （一）, 1., 1．, （1）, 二)
_OPENS_ITS_OWN = (SECTION_RE, SUBSECTION_RE, LIST_ITEM_RE, ITEM_LABEL_RE, LONE_NUMERAL_RE)


def _goes_on_over_a_page(above: str, text: str, titles: set[str]) -> bool:
    """Does ``text``, the first line of a page (no indent, filling its line as running text
    does or a paragraph's last, under a full line, in a text whose indents open its
    paragraphs; a short line there may be a poem's or a signature's), go on with the
    paragraph ``above``, though a
    sentence ended with the page? Not a source line or one under it, a label (一、, 1.)
    or the start of a 目录 title: those open their own block where no indent is printed."""
    key = squeeze(text)
    return not (is_source(above) or is_source(text)
                or any(p.match(text) for p in _OPENS_ITS_OWN)
                or len(key) >= 4 and any(t.startswith(key) or key.startswith(t)
                                         for t in titles))


def _title_heads(body: list[Line], toc: list[TocEntry], spacing: frozenset[int] = frozenset()
                 ) -> list[Line]:
    """Running heads that print an article's title atop its pages: a line that is the
    目录 title (spaces and width aside, maybe a folio beside it) of the article it is in,
    printed once before,
    neither under a source line (a headline group repeats its title there) nor over one
    (an article of the same title). Another article's title printed in the text is text.
    Left in, such a line is glued into the paragraph a page end cut."""
    toc_keys = {squeeze(e.title) for e in toc}
    # and the titles as the text prints them, over their source lines (the 目录 may word
    # one its own way): a line long enough to be no byline or signature
    titles = toc_keys | {key for k in range(len(body) - 1) if is_source(body[k + 1].text)
                         and len(key := squeeze(body[k].text)) >= MIN_PRINTED_TITLE}
    seen: set[str] = set()
    current = None                  # the title of the article the lines are in
    since = 0                       # where it was printed
    out: list[Line] = []
    for k, line in enumerate(body):
        over = k + 1 < len(body) and is_source(body[k + 1].text)
        if over and (wrapped := _wrapped_title(body, k, toc_keys, spacing)) is not None:
            current, since = wrapped, k
            seen.add(wrapped)
            continue
        key = squeeze(line.text)
        if key not in titles:       # maybe with the page's folio beside it (标题　12, 12　标题)
            folioless = _FOLIO_BESIDE.sub("", line.text)
            if _shortens(squeeze(folioless.strip(_HEAD_RULES)), current, toc_keys):
                key = current                   # 习近平在“国家工程师奖”首次……
            elif folioless == line.text:        # the title as printed, no folio beside it:
                continue                        # （标题） in brackets is the text's own
            else:
                key = squeeze(folioless.strip(_HEAD_RULES))
                if key not in titles or not _names_it(key, current, toc_keys):
                    continue
        same = _names_it(key, current, toc_keys)
        if same and not over and not is_source(body[k - 1].text) \
                and not _heads_its_article(body, since, k):
            out.append(line)
        elif over or key not in seen and not same:
            current, since = key, k
        seen.add(key)
    return out


SAME_TITLE = 85             # similarity of a 目录 title and the title the text prints for it
_ELLIPSIS = re.compile(r"(?:…{1,2}|\.{3,6}|。{3})$")
MIN_SHORTENED = 6           # characters a running head keeps of a title it shortens


def _shortens(key: str, current: str | None, toc_keys: set[str]) -> bool:
    """Is ``key`` (squeezed) the title of the article the lines are in cut short with an
    ellipsis, as a running head prints a long title (习近平在“国家工程师奖”首次……): its
    first characters, six or more, those of that title as the text or the 目录 words it?"""
    stem = _ELLIPSIS.sub("", key)
    if current is None or stem == key or len(stem) < MIN_SHORTENED:
        return False
    return any(title.startswith(stem) and len(title) > len(stem)
               for title in {current} | {k for k in toc_keys if _names_it(k, current, toc_keys)})


def _names_it(key: str, current: str | None, toc_keys: set[str]) -> bool:
    """Does ``key`` name the article titled ``current``: the same, or, where the text words
    that title otherwise than any 目录 line, the 目录's wording of it (a slip: …落实现代关于…
    for …落实关于…)? Two 目录 titles alike (…会议开幕, …会议闭幕) never name each other."""
    return key == current or (current is not None and current not in toc_keys
                              and key in toc_keys and similarity(key, current) >= SAME_TITLE)


def _wrapped_title(body: list[Line], k: int, toc_keys: set[str],
                   spacing: frozenset[int] = frozenset()) -> str | None:
    """The title, squeezed, whose last line body[k] is over its source line, when the print's
    lines wrapped it: with the one or two lines printed right above it, it spells a 目录
    title (…专题研讨 / 班开班式上的重要讲话精神); else None. Where the text words the title
    otherwise than its 目录 line (…落实关于… for …落实现代关于…), the lines that spell one
    alike (SAME_TITLE): the running heads printing the 目录's wording then still name the
    article they are in."""
    alike: dict[str, float] = {}
    for first in (k - 2, k - 1):
        if first >= 0 and all(adjacent(body[i].no, body[i + 1].no, spacing)
                              for i in range(first, k)):
            whole = squeeze("".join(b.text for b in body[first:k + 1]))
            if whole in toc_keys:
                return whole
            alike[whole] = max((similarity(whole, key) for key in toc_keys), default=0.0)
    best = max(alike, key=alike.__getitem__, default=None)
    return best if best is not None and alike[best] >= SAME_TITLE else None


MIN_PRINTED_TITLE = 10      # a line over a source line this long is the article's title
MAX_HEAD_GAP = 3            # lines between a title and its headline group's repeat of it
_SENTENCE_MARKS = frozenset("，。；！？")      # a headline group's lines hold none


def _heads_its_article(body: list[Line], title: int, k: int) -> bool:
    """Is body[k], the article's title printed again, its headline group's first line (a
    line or a few under the title, with no sentence's mark between: an unread source line,
    a byline, and maybe an editor's note set above the headline group), not a running head
    atop a later page (a paragraph before it)?"""
    between = _without_editors_note(body[title + 1:k])
    return len(between) < MAX_HEAD_GAP and not any(_SENTENCE_MARKS.intersection(line.text)
                                                   for line in between)


def _without_editors_note(lines: list[Line]) -> list[Line]:
    """``lines`` without the editor's note among them: a line opening 编者按：…, or a
    label alone (【编者按】) and the line under it."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        if m := EDITORS_NOTE_RE.match(lines[k].text):
            k += 1 if lines[k].text[m.end():].strip() else 2
            continue
        out.append(lines[k])
        k += 1
    return out


# a folio printed on the running head's line, before or after it (理论学习参考　— 12 —)
_FOLIO_FORM = (rf"(?:[—–\-－]{{1,2}}\s*\d{{1,4}}\s*[—–\-－]{{1,2}}|[·•・]\s*\d{{1,4}}\s*[·•・]|\d{{1,4}}"
               rf"|{_PAGE_WORD})")
_FOLIO_BESIDE = re.compile(rf"^{_FOLIO_FORM}(?=[\s\u3000|｜])|(?<=[\s\u3000|｜]){_FOLIO_FORM}$")
_HEAD_SEPARATORS = " \u3000()（）|｜·"
_HEAD_RULES = " \u3000|｜·"           # what parts a running head from its folio
MIN_NOTICE_PAGES = 2        # a notice (内部资料 注意保存) on this many pages is furniture
MIN_OWN_NAME_PAGES = 3      # the institution or office on a line of its own: a page's foot
MIN_NAME_CHARS = 3          # a shorter name (部) says nothing


def _running_heads(lines: list[str], cover: Cover) -> set[str]:
    """Lines that are a running head: the digest's title, with an issue number or alone,
    and nothing else (理论学习参考 2024年第10期, 2024年第10期 理论学习参考, 理论学习参考),
    printed atop pages, maybe with the page's folio on the same line (理论学习参考　— 12 —,
    — 13 —　2024年第2期); and a page's foot or head that repeats a notice (内部资料 注意保存)
    on two pages or more, or a line naming the digest, its institution or office on three
    or more (理论学习参考 2024.2, 内蒙古科技大学党委宣传部编). The title alone on a line is
    no sentence of an article's."""
    counts = Counter(text for text in (line.strip() for line in lines)
                     if text and len(text) <= MAX_RUNNING_HEAD)
    # the digest's, the institution's or the office's name in a line on three pages or
    # more (理论学习参考 2024.2, 内蒙古科技大学党委宣传部编, 理论学习参考 总第58期)
    names = {squeeze(t) for t in (cover.title, cover.institution, cover.publisher)
             if len(squeeze(t)) >= MIN_NAME_CHARS}
    bares = {text: _FOLIO_BESIDE.sub("", text) for text in counts}
    pages = Counter()                   # a notice spaced one way on a page, another way on the next
    for text, n in counts.items():
        pages[squeeze(bares[text])] += n
    out = set()
    for text in counts:
        unfolioed = bares[text]
        bare = unfolioed.strip(_HEAD_SEPARATORS)
        if not bare:
            continue
        if cover.title and cover.title in bare:
            rest = NUMBER_RE.sub("", bare.replace(cover.title, "", 1))
            if not rest.strip(_HEAD_SEPARATORS):
                out.add(text)
                continue
        if unfolioed != text and not NUMBER_RE.sub("", bare).strip(_HEAD_SEPARATORS):
            out.add(text)               # the issue number and the folio: — 13 —　2024年第2期
            continue
        if ends_terminal(bare):         # 。！？ and closing marks among them
            continue
        n = pages[squeeze(unfolioed)]
        if n >= MIN_NOTICE_PAGES and COVER_NOTICE_RE.search(bare) \
                or n >= MIN_OWN_NAME_PAGES and any(name in squeeze(bare) for name in names):
            out.add(text)
    return out


# the gap a layout extraction leaves between two cover lines set side by side
_COVER_COLUMN_GAP = re.compile(r" {4,}|\u3000{3,}|\t+")


def _cover_lines(lines: list[str]) -> list[Line]:
    """The cover's lines, each part of a line that sets two side by side (内蒙古科技大学
    <spaces> 理论学习参考, as pdftotext -layout prints a cover in two columns) a line of
    its own, in reading order."""
    return [Line(i + 1, part) for i, text in enumerate(lines) for part in _cover_parts(text)]


_PAIRED = ("（）", "()", "《》", "【】", "“”", "〔〕")


def _cover_parts(text: str) -> list[str]:
    """``text`` cut at its wide gaps when every part is a whole field (two characters at
    least, its brackets closed): a letter-spaced title (理    论    学    习) and one field
    spaced inside (（2025年    第10期）) stay one line."""
    parts = [p.strip() for p in _COVER_COLUMN_GAP.split(text.strip()) if p.strip()]
    whole = all(len(p) >= 2 and all(p.count(a) == p.count(b) for a, b in _PAIRED)
                for p in parts)
    return parts if whole else [text.strip()] if text.strip() else []


def parse_cover(lines: list[Line]) -> Cover:
    """The cover's fields from its lines, in the form's order: the institution, its English
    name, the digest's title, the issue number (…年第…期), the compiling office. A running
    number (总第…期), a date or a bracketed notice has no field: such lines, and any beyond
    the form, are kept in ``unplaced`` for the import log. Without an issue number the
    form's order alone places the lines (institution, title, office)."""
    cover = Cover()
    kept: list[Line] = []
    number_at: int | None = None
    for line in _year_over_number(lines):
        text = line.text
        m = NUMBER_RE.search(text)
        if m and not cover.number:
            cover.year, cover.issue_no = (_number(m.group(g)) for g in (1, 2))
            second = _RANGE_MARK.sub("", m.group(3) or "")   # the second of two in one
            also = f"-{_number(second)}" if second else ""
            joint = " 合刊" if m.group(4) else ""
            cover.number = f"{cover.year}年第{cover.issue_no}{also}期{joint}"
            rest = text[:m.start()] + text[m.end():]
            extra = SERIAL_RE.sub("", rest)
            if extra != rest:                   # 2024年第2期（总第58期）: no field holds it
                cover.unplaced.append(line)
            rest = extra.strip(" \u3000()（）")
            if rest:                            # the title on the number's line
                kept.append(Line(line.no, rest))
            number_at = len(kept)
        elif (bare := BARE_NUMBER_RE.match(text)) and not cover.number:
            cover.number = re.sub(r"\s+", "", bare.group(1))   # no year to go with it
            number_at = len(kept)
        elif re.fullmatch(r"[A-Za-z0-9&.,'’()\-\s]+", text) and not cover.institution_en:
            cover.institution_en = text
        elif (SERIAL_RE.fullmatch(text) or COVER_DATE_RE.match(text) or _bracketed(text)
              or re.fullmatch(r"[A-Za-z0-9&.,'’()\-\s]+", text)
              or (len(text) <= 20 and COVER_NOTICE_RE.search(text))):
            cover.unplaced.append(line)
        else:
            kept.append(line)
    if number_at is not None:
        before, after = kept[:number_at], kept[number_at:]
    elif kept and len(kept) <= 3 and OFFICE_RE.search(kept[-1].text):
        before, after = kept[:-1], kept[-1:]  # no number: the office is known by its name
    else:                                   # the form's order alone
        before, after = kept[:2], kept[2:]
    if before:
        cover.title = before[-1].text
        if len(before) > 1:
            cover.institution = before[0].text
            cover.unplaced += before[1:-1]
    if after:
        cover.publisher = after[0].text
        cover.unplaced += after[1:]
    cover.unplaced.sort(key=lambda ln: ln.no)
    return cover


# a cover's year on a line of its own (2025, 2025年, 二〇二五年) over the issue's (第3期)
_YEAR_LINE_RE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年?$")


def _year_over_number(lines: list[Line]) -> list[Line]:
    """The cover's lines, a year printed over the issue's number (2025 / 第3期) read as one
    line, the issue number (2025年第3期), at the year's line."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        year = _YEAR_LINE_RE.match(lines[k].text)
        if year and k + 1 < len(lines) and (bare := BARE_NUMBER_RE.match(lines[k + 1].text)):
            out.append(Line(lines[k].no, f"{year.group(1)}年{bare.group(1)}"))
            k += 2
            continue
        out.append(lines[k])
        k += 1
    return out


def _number(text: str) -> int:
    """A year or an issue's number in digits (maybe spaced out) or numerals (二〇二四, 十二)."""
    digits = text.replace(" ", "")
    return int(digits) if digits.isdigit() else chinese_numeral(digits) or 0


def _bracketed(text: str) -> bool:
    """A line wholly inside one pair of brackets, such as （内部资料 注意保存）."""
    close = _BRACKETS.get(text[:1])
    return close is not None and len(text) > 2 and text.endswith(close) and \
        close not in text[1:-1]


def parse_toc(lines: list[str], start: int, notes: list[tuple[int, str]] | None = None,
              joined: dict[int, tuple[Line, Line]] | None = None,
              furniture: list[Line] | None = None, pageless: list[Line] | None = None,
              groups: list[Line] | None = None, cover: frozenset[str] = frozenset()
              ) -> tuple[list[TocEntry], list[int], int]:
    """Entries from ``start`` until the first line that is neither an entry nor blank.

    A line without a page number directly followed by one with a number is an entry the
    printed 目录 wrapped; the two are joined as printed (with no separator), and kept in
    ``joined`` (entry index → its two lines: the importer undoes a join the titles
    contradict). A page printed as a word (``二十一``, ``xxi``) is read as its number and
    noted in ``notes``. The 目录's own folio (— I —) is left out, kept in ``furniture``.
    A line without a page number before a blank line is a title whose page was lost when
    the 目录 goes on after it, or when the first article's title follows it (the 目录's
    last entry): it is kept in ``pageless``, not made an entry (no page to give it). A
    group heading (【重要文献】) is kept in ``groups``. A running head atop the 目录's second
    page naming the digest as the cover does (``cover``: _cover_names), maybe with the
    issue number or folio, is furniture too.
    """
    notes = notes if notes is not None else []
    joined = joined if joined is not None else {}
    furniture = furniture if furniture is not None else []
    pageless = pageless if pageless is not None else []
    groups = groups if groups is not None else []
    entries: list[TocEntry] = []
    numbers: list[int] = []
    right: list[tuple[int, TocEntry]] = []     # a two-column 目录's right entries: (left's, entry)
    seen_groups = {g.text for g in groups}
    i = start
    while i < len(lines):
        text = lines[i].rstrip()
        if not text.strip():
            i += 1
            continue
        if FOLIO_RE.match(text.strip()) or TOC_HEADING_AGAIN_RE.match(text.strip()) \
                or _names_the_digest(text.strip(), cover):
            # the printed 目录's own page number (— I —), its heading again (目录（续）), a
            # running head (理论学习参考 2024年第2期)
            furniture.append(Line(i + 1, text.strip()))
            i += 1
            continue
        if TOC_NUMBERED_GROUP_RE.match(text.strip()) \
                and text.strip() in seen_groups:
            break                           # a numbered group printed again: the text's
        if TOC_GROUP_RE.match(text.strip()) or (
                TOC_NUMBERED_GROUP_RE.match(text.strip()) and entry_of(text, i + 1) is None
                and (j := _next_filled(lines, i)) is not None
                and entry_of(lines[j].rstrip(), j + 1) is not None
                and not _amid_digit_numbered_entries(text, entries, lines, j)):
            groups.append(Line(i + 1, text.strip()))
            seen_groups.add(text.strip())
            i += 1
            continue
        if (two := _two_entries(text, i + 1)) is not None:     # a 目录 set in two columns
            right.append((len(entries), two[1]))
            entries.append(two[0])
            numbers.append(i + 1)
            i += 1
            continue
        entry = entry_of(text, i + 1)
        word = TOC_WORD_PAGE_RE.match(text) if entry is None and len(text) <= MAX_TOC_LINE \
            else None
        if word and (value := numeral_value(word.group("page"))):
            entries.append(TocEntry(title=word.group("title").strip(), page=value))
            numbers.append(i + 1)
            notes.append((i + 1, f"目录 page {word.group('page')!r} is not printed as a number: "
                                 f"read as {value}"))
            i += 1
            continue
        if entry is None and not word and "\t" in text.strip():
            title, _, after = text.strip().rpartition("\t")
            raise UserError(f"目录 entry {_short(title.strip())!r}: {_short(after.strip(), 12)!r} "
                            "after its TAB is no page number: 'title<TAB>page'", None, i + 1)
        if entry is None and i + 1 < len(lines) and lines[i + 1].strip():
            both = entry_of(text.strip() + _wrapped_rest(lines[i + 1]), i + 1)
            # the 目录's first title may wrap too; a cover's line left under the heading
            # (the issue number, a bracketed notice) opens no entry
            opens = bool(entries) or len(squeeze(text)) <= MAX_TOC_TITLE and not (
                NUMBER_RE.search(text) or _bracketed(text.strip()))
            if both is not None and opens:
                joined[len(entries)] = (Line(i + 1, text.strip()),
                                        Line(i + 2, lines[i + 1].strip()))
                entries.append(both)
                numbers.append(i + 1)
                i += 2
                continue
            # a long title wrapped onto three lines, its page on the last
            if both is None and opens and i + 2 < len(lines) and lines[i + 2].strip() \
                    and len(squeeze(text + lines[i + 1])) <= MAX_TOC_TITLE \
                    and entry_of(lines[i + 1].rstrip(), i + 2) is None:
                three = entry_of(text.strip() + lines[i + 1].strip() + _wrapped_rest(lines[i + 2]),
                                 i + 1)
                if three is not None:
                    # the first two lines as one, parted by a line end (where it wrapped)
                    joined[len(entries)] = (Line(i + 1, text.strip() + "\n"
                                                 + lines[i + 1].strip()),
                                            Line(i + 3, lines[i + 2].strip()))
                    entries.append(three)
                    numbers.append(i + 1)
                    i += 3
                    continue
        if entry is None and entries and _lost_its_page(lines, i, entries[0].title):
            pageless.append(Line(i + 1, text.strip()))
            i += 1
            continue
        if entry is None:
            break
        entries.append(entry)
        numbers.append(i + 1)
        i += 1
    if right:
        entries, numbers = _read_in_columns(entries, numbers, right, joined)
    return entries, numbers, i


_PAGE_ALONE = re.compile(r"[\d\s]{1,8}")


def _wrapped_rest(line: str) -> str:
    """A wrapped 目录 entry's next line, to join to the line above: without the margin a
    layout extraction sets it in by (its spaces are no title's), unless it prints the page
    alone, which its spaces part from the title as a leader does."""
    rest = line.strip("\n")
    return rest if _PAGE_ALONE.fullmatch(rest.strip()) else rest.lstrip(" \u3000")


# where a two-column 目录 line parts its left entry's page from its right entry's title: a
# TAB, two spaces or more, or a wide space
_COLUMN_GAP = re.compile(r"(?<=\d)(?:\t+[ \u3000]*|[ \u3000]{2,}|\u3000)(?=\S)")
MAX_COLUMN_GAPS = 4         # such gaps tried on a line (each reads two entries: a line of
                            # digits and spaces is no 目录 set in columns)


def _two_entries(text: str, line: int) -> tuple[TocEntry, TocEntry] | None:
    """The two entries of a line of a 目录 set in two columns (标题一<TAB>3    标题二<TAB>15),
    or None: a page, a gap, then a whole entry of its own."""
    if len(text) > MAX_TOC_LINE:
        return None
    for gap in itertools.islice(_COLUMN_GAP.finditer(text), MAX_COLUMN_GAPS):
        try:
            left, right = entry_of(text[:gap.start()], line), entry_of(text[gap.end():], line)
        except UserError:               # a part that is no entry (a TAB in its title)
            continue
        if left is not None and right is not None:
            return left, right
    return None


def _read_in_columns(entries: list[TocEntry], numbers: list[int],
                     right: list[tuple[int, TocEntry]], joined: dict[int, tuple[Line, Line]]
                     ) -> tuple[list[TocEntry], list[int]]:
    """A two-column 目录's entries in reading order: down the left column, then the right,
    where the pages then run on (the printed order); else line by line, each right entry
    after its left neighbour. ``joined`` (entry → its wrapped lines) follows the entries."""
    down = entries + [e for _, e in right]
    pages = [e.page for e in down]
    if pages == sorted(pages):
        return down, numbers + [numbers[k] for k, _ in right]
    after = dict(right)
    out: list[TocEntry] = []
    lines: list[int] = []
    moved: dict[int, int] = {}
    for k, entry in enumerate(entries):
        moved[k] = len(out)
        out.append(entry)
        lines.append(numbers[k])
        if k in after:
            out.append(after[k])
            lines.append(numbers[k])
    for k in sorted(joined, reverse=True):
        joined[moved[k]] = joined.pop(k)
    return out, lines


MAX_COVER_NAMES = 4     # the institution, its English name, the digest's title: the most
                        # lines above the issue number


def _cover_names(lines: list[str]) -> frozenset[str]:
    """The digest's title as the cover prints it right over its issue number (理论学习参考 /
    (2024年 第2期)) or before it on its line (理论学习参考（2025年 第1期）), squeezed: a 目录 line repeating it, without a page, is a running head
    (the institution's name may open a title the 目录 wrapped). None where no issue number
    comes within the cover's first lines (a 目录 printed at the end has the text above it)."""
    filled = [t.strip() for t in lines if t.strip()]
    at = next((k for k, t in enumerate(filled[:MAX_COVER_NAMES + 1]) if NUMBER_RE.search(t)), None)
    if at is None:
        return frozenset()
    # the title on the number's own line, 理论学习参考（2025年 第1期）: the line above is the
    # institution's name there
    before = squeeze(filled[at][:NUMBER_RE.search(filled[at]).start()].strip(_HEAD_SEPARATORS))
    key = before or (squeeze(filled[at - 1]) if at else "")
    return frozenset({key}) if len(key) >= MIN_NAME_CHARS else frozenset()


def _names_the_digest(text: str, cover: frozenset[str]) -> bool:
    """Does ``text`` name the digest as the cover does (``_cover_names``), maybe with the
    issue number or a folio beside it (理论学习参考　2024年第2期, 理论学习参考　2)?"""
    if not cover:
        return False
    bare = NUMBER_RE.sub("", _FOLIO_BESIDE.sub("", text)).strip(_HEAD_SEPARATORS)
    return squeeze(bare) in cover


def _first_title_line(lines: list[str], toc_at: int, toc: list[TocEntry]) -> int | None:
    """For a 目录 printed after the text: the line (index) above it that starts the first
    entry's title (the whole title, or its first line of four characters or more): of such
    lines the last above the first source line (a cover's line may start the title too,
    内蒙古科技大学 over 内蒙古科技大学召开…); None when no line does (the text then stays
    refused)."""
    first = squeeze(toc[0].title)
    found = None
    for i in range(toc_at):
        if is_source(lines[i].strip()):
            break
        key = squeeze(lines[i])
        if len(key) >= 4 and first.startswith(key):
            found = i
    return found


# an entry (or a group) numbered in digits: 1. 某某, 2、某某, 3　某某
_DIGIT_LABEL = re.compile(r"^\s*\d{1,2}(?:[、.．]|[ \u3000]+)")


def _amid_digit_numbered_entries(text: str, entries: list[TocEntry], lines: list[str],
                                 j: int) -> bool:
    """Is ``text``, a short line numbered in digits with no page (2. 习近平主持召开中央全面
    深化) over the entry line ``lines[j]``, the first line of a wrapped entry in a 目录 that
    numbers its entries so: the entry before it, or the one after ``lines[j]`` (maybe
    wrapped too), is numbered in digits too? A group's heading numbers groups, not the entries under it."""
    if not _DIGIT_LABEL.match(text):
        return False
    after = _next_filled(lines, j)
    return bool(entries and _DIGIT_LABEL.match(entries[-1].title)
                or after is not None and _DIGIT_LABEL.match(lines[after])
                and _opens_an_entry(lines, after))


def _opens_an_entry(lines: list[str], i: int) -> bool:
    """Is ``lines[i]`` a 目录 entry, or the first line of one wrapped (the line under it
    gives the page)?"""
    under = _next_filled(lines, i)
    return entry_of(lines[i].rstrip(), i + 1) is not None \
        or under == i + 1 and entry_of(lines[under].rstrip(), under + 1) is not None


def _next_filled(lines: list[str], i: int, stop: int | None = None,
                 skip: re.Pattern | None = None) -> int | None:
    """The index of the first line after ``i`` (before ``stop``) that is not blank (nor one
    ``skip`` matches, such as a folio); None when there is none."""
    end = len(lines) if stop is None else min(len(lines), stop)
    return next((j for j in range(i + 1, end) if (t := lines[j].strip())
                 and not (skip is not None and skip.match(t))), None)


_HAS_DIGIT = re.compile(r"\d")      # a line with a folio or an issue number signs nothing


def _signs_over_a_date(lines: list[str], i: int) -> bool:
    """Is line ``i`` a signature: the next line that is not blank a letter's date (党委宣传部
    over 2025年3月12日 signs a notice, however many pages print the office's name; the
    caller lets a line with digits, 理论学习参考 | 第2期 | 12, sign nothing)?"""
    j = _next_filled(lines, i, i + 3)
    return j is not None and bool(DATE_LINE_RE.match(lines[j].strip()))


#: A line ending with a full stop (its closing marks after it: 。” 。）): no title's line
#: (a title may end with ？ or ！, never with 。)
_FULL_STOP_END = re.compile(r"。[”’」』）)》]*\s*$")


def _at_a_page_edge(lines: list[str], i: int, folios: set[int]) -> bool:
    """Is line ``i`` where a running head stands: next to a page's folio (``folios``: line
    numbers, blank lines between) or a form feed?"""
    if lines[i].lstrip(" \t")[:1] == "\f" or (i and lines[i - 1].rstrip(" \t")[-1:] == "\f"):
        return True
    after = _next_filled(lines, i)
    before = next((k for k in range(i - 1, -1, -1) if lines[k].strip()), None)
    return any(k is not None and (k + 1 in folios or FOLIO_RE.match(lines[k].strip()))
               for k in (before, after))


def _over_a_title(lines: list[str], i: int, titles: set[str]) -> bool:
    """Is the next line after ``i`` that is not blank the start of a 目录 title?"""
    j = _next_filled(lines, i)
    if j is None:
        return False
    key = squeeze(lines[j])
    return len(key) >= 4 and any(t.startswith(key) or key.startswith(t) for t in titles)


def _heads_its_first_page(lines: list[str], i: int, toc: list[TocEntry]) -> bool:
    """Is the bare number on line ``i`` the folio of an article's first page: the next line
    that is not blank starts the 目录 title that number is the page of? (A page whose
    running head prints its folio beside it prints it alone over an article's title.)"""
    value = int(re.search(r"\d+", lines[i]).group())
    return _over_a_title(lines, i, {squeeze(e.title) for e in toc if e.page == value})


def _over_an_article(lines: list[str], i: int, titles: set[str]) -> bool:
    """Does an article start right under line ``i``: a 目录 title, or a title as the text
    words it, a line or up to three over a source line (none ending a sentence)? Other
    separator lines between are passed over (＊＊＊ over ——————)."""
    first = _next_filled(lines, i, skip=SEPARATOR_RE)
    if first is None:
        return False
    if _over_a_title(lines, first - 1, titles):
        return True
    j = first - 1
    for _ in range(MAX_TITLE_LINES + 1):
        if (j := _next_filled(lines, j)) is None:
            return False
        if is_source(text := lines[j].strip()):
            return j != first
        if ends_terminal(text) or len(text) > MAX_TOC_TITLE:
            return False
    return False


MAX_TITLE_LINES = 3         # a title printed over its source line takes up to these


def _lost_its_page(lines: list[str], i: int, first_title: str) -> bool:
    """Is line ``i`` (no entry) a 目录 title printed without its page: the next line that is
    not blank is an entry, or the first article's title (this was the 目录's last line)?
    Never when line ``i`` is itself the start of the first article's title."""
    key, first = squeeze(lines[i]), squeeze(first_title)
    if not key or len(key) > MAX_TOC_TITLE or key in first:
        return False
    j = _next_filled(lines, i, skip=FOLIO_RE)
    if j is None:
        return False
    if entry_of(lines[j].rstrip(), j + 1) is not None:
        return True
    after = squeeze(lines[j])
    return len(after) >= 4 and first.startswith(after)


def numeral_value(word: str) -> int | None:
    """二十一 → 21, 一百零五 → 105, xxi → 21; None if ``word`` is no well-formed numeral."""
    if word[0].lower() in _ROMAN:
        values = [_ROMAN[c] for c in word.lower()]
        total = sum(-v if k + 1 < len(values) and v < values[k + 1] else v
                    for k, v in enumerate(values))
        return total if total > 0 else None
    return chinese_numeral(word) or None


def entry_of(text: str, line: int) -> TocEntry | None:
    """A ``title<TAB>page`` line (or with a leader), None if it is none; a UserError (with
    ``line``) when its page cannot exist or its title holds a TAB (two entries run together).
    A page printed as 第8页, 8页, （8） or a range 8-9 is read as its (first) number."""
    if len(text) > MAX_TOC_LINE:                # read from its last TAB alone (linear)
        title, tab, page = text.rpartition("\t")
        if not tab or not title.strip() or not _LONG_LINE_PAGE.fullmatch(page):
            return None
        title, page = title.strip(), page.strip().replace(" ", "")
    else:
        text = _plain_page(text)
        m = TOC_TAB_RE.match(text) or TOC_LINE_RE.match(text)
        if not m or not m.group("title").strip():
            return None
        title, page = m.group("title").strip(), m.group("page").replace(" ", "")
    if "\t" in title:
        raise UserError(f"目录 entry {_short(title)!r} holds a TAB inside its title: one "
                        "entry a line, 'title<TAB>page'", None, line)
    digits = page.lstrip("+-−–")
    number = int(page.translate(_MINUS)) if len(digits) <= 9 else MAX_PAGE + 1
    if not 1 <= number <= MAX_PAGE:
        raise UserError(f"目录 page {_short(page, 12)!r} of {_short(title)!r} cannot exist (a page is "
                        f"1 to {MAX_PAGE}); correct the raw text", None, line)
    return TocEntry(title=title, page=number)


_MINUS = str.maketrans("−–", "--")
_LONG_LINE_PAGE = re.compile(r"\s*[-−–+]?\d(?: ?\d)*\s*")
# a 目录 page in words around its number (第8页, （8）, P8) or a range of pages (8-9), after
# the TAB, leader or spaces that part it from the title: read as its (first) number
_SEPARATED = rf"(?<=[\t{LEADER_DOTS} \u3000])"
_PAGE_FORMS = (re.compile(_SEPARATED + r"(?:第\s*)?(\d{1,6})\s*页\s*$"),
               re.compile(_SEPARATED + r"[Pp]\.?\s*(\d{1,6})\s*$"),        # P12, p.12
               re.compile(_SEPARATED + r"[（(]\s*(\d{1,6})\s*[）)]\s*$"),
               re.compile(_SEPARATED + rf"(\d{{1,6}})\s*{_RANGE}\s*\d{{1,6}}\s*$"))


# a 目录 that prints each page before its title (12<TAB>标题, 12……标题): parted from the
# title by a TAB or a leader (not by spaces: 1　重要讲话 may head a group), the title not
# ending with a number of its own
_PAGE_FIRST = re.compile(rf"^\s*(\d{{1,4}})(?:[ \u3000]*\t\s*|\s*[{LEADER_DOTS}]{{2,}}\s*)"
                         r"(?P<title>\S(?:.*\D)?)\s*$")


# …or past spaces alone (12  标题, 12　标题), where every entry prints so
_PAGE_FIRST_SPACED = re.compile(r"^\s*(\d{1,4})[ \u3000]+(?P<title>\S(?:.*\D)?)\s*$")
MAX_WRAP_LINES = 2          # lines of a wrapped title between two entries


def _pages_first(lines: list[str], start: int) -> list[str] | None:
    """``lines`` with the 目录 from ``start`` read as title<TAB>page, when it prints every
    page before its title past spaces alone (12  标题): three entries or more whose pages
    never go back and are no count (1, 2, 3 … in turn numbers the entries, with no page).
    None for any other 目录 (a group heading, 1　重要讲话, is printed so among entries)."""
    found: dict[int, re.Match] = {}
    misses = 0
    for i in range(start, len(lines)):
        if not lines[i].strip():
            continue
        if (m := _PAGE_FIRST_SPACED.match(lines[i])) is not None:
            found[i], misses = m, 0
        elif (misses := misses + 1) > MAX_WRAP_LINES:
            break
    pages = [int(m.group(1)) for m in found.values()]
    if len(pages) < MIN_NUMBERED_TOC or pages != sorted(pages) \
            or pages == list(range(1, len(pages) + 1)):
        return None
    out = list(lines)
    for i, m in found.items():
        out[i] = f"{m.group('title')}\t{m.group(1)}"
    return out


_PAGE_AT_END = re.compile(r"\d{1,6}[ \t]*$")
MIN_SPACED_LEADER = 3       # dots a leader spaced out by the extraction has at the least


def _spaced_leader(text: str) -> str:
    """``text`` with a dot leader the extraction spaced out (标题 · · · · 12, 标题 . . . . 12)
    made a TAB; read from the end (a line of dots costs no more than its length)."""
    page = _PAGE_AT_END.search(text)
    if page is None or page.start() == 0:
        return text
    before = text[:page.start()]
    title = before.rstrip(LEADER_DOTS + " \u3000")
    leader = before[len(title):]
    if not title or " " not in leader.strip() \
            or sum(ch in LEADER_DOTS for ch in leader) < MIN_SPACED_LEADER:
        return text
    return f"{title}\t{page.group().strip()}"


def _plain_page(text: str) -> str:
    """``text`` with a page printed as 第8页, 8页, （8） or 8-9 at its end made plain 8, and
    a page printed before the title moved after it."""
    if (first := _PAGE_FIRST.match(text)) is not None:
        text = f"{first.group('title')}\t{first.group(1)}"
    text = _spaced_leader(text)
    for form in _PAGE_FORMS:
        text = form.sub(r"\1", text)
    return text


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
