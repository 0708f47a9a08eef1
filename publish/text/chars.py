"""The one set of character classes (Han, ideograph, wide) and the patterns of Chinese text.

Every layer that asks "is this Chinese?" asks here: the importer, lint, the checker, the body
dialect and the DOCX reader (is a line break a space?), layout's clreq rules (does this
character break like an ideograph?). Each class names its Unicode blocks and why below.
"""
from __future__ import annotations

import re

# A paragraph that ends with one of these ended on purpose; one that does not was cut.
TERMINAL = set("。！？…；：”’」』）】》〕〉.!?;:)\"'")
CLOSING = set("”’）》」』】〕〉")
PAIRS = {"“": "”", "（": "）", "《": "》"}

# Han ideographs, the characters a Chinese text is written in: CJK Unified Ideographs
# (U+4E00–9FFF) and Extension A (U+3400–4DBF), the CJK Compatibility Ideographs (U+F900–FAFF,
# which NFKC would fold but a corpus may still hold), and planes 2–3 (U+20000–3134F:
# Extensions B–H and the Compatibility Ideographs Supplement: rare names and place names).
# Radicals, strokes, kana and punctuation are not ideographs: a doubled 。 or ー is no slip.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
# Characters that behave as ideographs in a line (they take a full em, break like one, a
# number before them is no word): the Han ideographs above plus 〇 (U+3007, the ideographic
# zero of 二〇二四) and 々 (U+3005, the iteration mark). Both sit in CJK Symbols and
# Punctuation, so they are not in HAN; lint's doubled-character test keeps them out (二〇〇五).
IDEOGRAPHIC_MARKS = "〇々"
# Signs that belong to the number before them (5 %, 37 ℃): no line breaks between the two.
UNIT_SIGNS = frozenset("%％‰℃°′″")
# A space between a number and its unit (4 个, 2024 年, 5 %), where no line may break
# (layout/rules.py; the EPUB makes it a no-break space, templating.inline).
NUMBER_UNIT_SPACE = re.compile(rf"(?<=\d) (?=[{HAN}{IDEOGRAPHIC_MARKS}{''.join(sorted(UNIT_SIGNS))}])")
# Wide text: where a line break inside a paragraph stands for no space (Markdown soft breaks,
# DOCX line breaks). The Han ideographs plus everything CJK that is set full-width: U+2E80–
# 33FF (radicals, CJK Symbols and Punctuation, kana, bopomofo, strokes, enclosed and
# compatibility forms), U+4DC0–4DFF (Yijing Hexagram Symbols, between the two ideograph
# blocks) and the Halfwidth and Fullwidth Forms (U+FF00–FFEF: ，！（ and full-width digits).
# Latin text around it keeps its space; Hangul syllables (U+AC00–D7AF) are left out, as
# Korean separates words by spaces. “ ” ‘ ’ (General Punctuation) are not wide either: a
# quote mark alone does not tell Chinese from English.
WIDE_RE = re.compile(f"[{HAN}\u2e80-\u33ff\u4dc0-\u4dff\uff00-\uffef]")
NUMERAL = "一二三四五六七八九十百〇零"

LONE_NUMERAL_RE = re.compile(rf"^[{NUMERAL}]{{1,4}}$")
SECTION_RE = re.compile(rf"^[{NUMERAL}]{{1,4}}、")
SUBSECTION_RE = re.compile(rf"^[（(][{NUMERAL}]{{1,4}}[）)]")
# a label 1. or 1); not a decimal (5.5%, 1.3万户), yet 1.2023年以来… is item 1
LIST_ITEM_RE = re.compile(r"^(\d{1,3}[.)])(?!\d{1,3}(?!\d))\s*(?=\S)")
# labels of items that Markdown has no list for (1．, 1、, （1）): such a line is kept as a
# paragraph, as printed, but always begins one
ITEM_LABEL_RE = re.compile(r"^(?:\d{1,3}[．、](?!\d)|[（(]\d{1,3}[）)])\s*(?=\S)")   # not 3．5%
# A table's or a figure's title on its own line (表1　学习安排, 图2：…, 附表, 附图3 …): the
# number then a space, a colon or the line's end, so running text a line end fell before
# (图1所示的…) is no title. It stands apart from the paragraph above and the note under it.
TABLE_TITLE_RE = re.compile(rf"^[（(]?(?:附?[表图]\s*(?:\d{{1,3}}|[{NUMERAL}]{{1,3}})|附[表图])"
                            r"(?:\s*[：:]|[ \u3000]+(?=\S)|$)")
ATTACHMENT_RE = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?$")
# a letter's date line, in digits or as a letter writes it (二〇二四年二月七日)
DATE_LINE_RE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})"
                          r"\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$")
# (2024-01-10 来源：…), also 2024.1.10 / 2024年1月10日, brackets half-, full-width or none
# (2024-01-10 来源：…), its digits maybe spaced out by the extraction (2 0 2 4-0 1-1 4);
# as web pages print it too: a time after the date (2024-01-14 09:45), a label before it
# (发布时间：), 來源, or the source first: (来源：新华社 2024-01-22), or, bracketed, an origin
# and a date with no 来源: （党委宣传部 2025-03-12）. source_fields reads it.
_SOURCE_DATE = (r"(\d(?: ?\d){3})\s*[-－/.年]\s*(\d(?: ?\d)?)\s*[-－/.月]\s*(\d(?: ?\d)?)\s*日?"
                r"(?:\s*\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?")
_SOURCE_LABEL = r"(?:(?:发布|更新)?(?:时间|日期)\s*[：:]\s*)?"
_SOURCE_WORD = r"[来來]源\s*+[：:]\s*+"
# an origin named without 来源: one run of characters that are no digit, space, bracket or
# sentence mark (so a dateline, （2024年1月10日…通过）, is none), ending as an office, a paper
# or a press names itself (党委宣传部, 新华社, 人民日报, 《求是》): a speaker and a date,
# （习近平 2014年9月5日）, closes an excerpt and starts no article
_ORIGIN = (r"(?=[^\s\d（）()]{2,30}[\s\d])[^\s\d０-９（）()：:，,。；;、…“”\-—]{1,29}"
           r"(?:[部处办室委会社报网台刊院校局厅站组号》]|中心|杂志|平台|频道)")
_PAPER = r"《[^《》\s]{1,20}》"
_EDITION = r"第?\s*\d{1,3}\s*版"
# A source line is short: a longer line is none (checked first, so a hostile line of spaces
# costs nothing), and the runs of white space are each matched once (possessive): the lazy
# source name between two runs made a line of 600 spaces take seconds.
_SHORT = r"(?=.{0,300}$)"
SOURCE_RE = re.compile(
    rf"^{_SHORT}[（(]?\s*+{_SOURCE_LABEL}{_SOURCE_DATE}\s*+{_SOURCE_WORD}(.*?)\s*+[)）]?\s*+$"
    rf"|^{_SHORT}[（(]?\s*+{_SOURCE_WORD}(.*?)(?<!\s)\s++{_SOURCE_LABEL}{_SOURCE_DATE}"
    rf"\s*+[)）]?\s*+$"
    # a notice's origin and date, bracketed, with no 来源: （党委宣传部 2025-03-12）
    rf"|^{_SHORT}[（(]\s*+({_ORIGIN})\s*+{_SOURCE_DATE}\s*+[)）]\s*+$")
# a paper's colophon: its name, the day and maybe the page (版) it printed the article on,
# 《人民日报》（2024年01月22日 01版）, （《人民日报》2024年01月22日 01版）: a source line
# under a 目录 title or at an article's end (inside one it may close an excerpt)
COLOPHON_RE = re.compile(rf"^{_SHORT}(?:[（(]\s*+)?({_PAPER})\s*+[（(]?\s*+{_SOURCE_DATE}"
                         rf"\s*+({_EDITION})?\s*+[)）]?\s*+$")


def source_fields(match: re.Match) -> tuple[str, str, str, str]:
    """(year, month, day, source) of a SOURCE_RE match, whichever order the line gives (the
    source first, as 来源：人民日报 2024-01-22, bracketed or not; a paper's colophon, whose
    source is the paper and the page it printed, 《人民日报》 01版)."""
    if match.re is COLOPHON_RE:
        paper = " ".join(filter(None, (match.group(1), match.group(5))))
        return match.group(2), match.group(3), match.group(4), paper
    if match.group(1) is not None:
        return match.group(1), match.group(2), match.group(3), match.group(4)
    if match.group(5) is not None:
        return match.group(6), match.group(7), match.group(8), match.group(5)
    return match.group(10), match.group(11), match.group(12), match.group(9)
# 习近平 / 自治区主席 王莉霞 / 新华社记者 张三 李四 (names of 2–4 characters, 'x·y' allowed)
_NAME = rf"[{HAN}]{{2,4}}(?:·[{HAN}]{{1,8}})*"
BYLINE_RE = re.compile(
    rf"^(?:(?:[{HAN}]{{2,12}}[\s：:]+)?{_NAME}"                 # [role] name
    rf"|[{HAN}]{{0,10}}(?:记者|通讯员|作者)[\s：:]*{_NAME}(?:[\s、]+{_NAME}){{1,5}})$")
# a number set apart from the Chinese text by spaces (增长 6.1%, 第 5 个): the style of a text
# that spaces its numbers, where a line end between a character and a number took a space
SPACED_NUMBER_RE = re.compile(rf"[{HAN}] \d|\d [{HAN}]")
# 新华社北京1月14日电, 本报呼和浩特11月14日讯, 本报讯 (a news report's dateline, which opens its
# first paragraph)
NEWS_DATELINE_RE = re.compile(r"^\S{1,12}?(?:社|报|台|网)(?:\S{1,10}?\d{1,2}月\d{1,2}日[电讯]|讯)")
# a reporter's credit after a dateline: 新华社北京1月14日电（记者 张三）
CREDIT_RE = re.compile(r"^\s*[（(][^（）()]{1,30}[）)]\s*$")
# an editor's note: 【编者按】, 编者按：…
EDITORS_NOTE_RE = re.compile(r"^[【\[〔［]?\s*编者按\s*[】\]〕］]?\s*[：:]?")


def is_han(ch: str) -> bool:
    """A Han ideograph (see ``HAN``)."""
    return bool(HAN_RE.match(ch))


def is_ideograph(ch: str) -> bool:
    """A character set and broken as an ideograph: Han, 〇 or 々."""
    return bool(ch) and (ch in IDEOGRAPHIC_MARKS or bool(HAN_RE.match(ch)))


def is_wide(ch: str) -> bool:
    """Wide CJK text (see ``WIDE_RE``): a line break next to it is no space."""
    return bool(WIDE_RE.match(ch))


# note calls a paragraph may end with, after its closing punctuation: …的话。② …。[3]
#: the marks a note is called with in the text: ① … ⑳, or a number in brackets ([1], 〔2〕)
NOTE_MARKS = "".join(chr(c) for c in range(0x2460, 0x2474))
BRACKET_CALL = r"[\[［〔](\d{1,3})[\]］〕]"
_CALL_AT_END = re.compile(BRACKET_CALL + "$")


def _without_calls(text: str) -> str:
    """``text`` without trailing white space, bold marks and the note calls after them
    (read from the end: a pattern searched from every start took seconds on a long run of
    calls)."""
    stripped = text.rstrip().rstrip("*")
    end = len(stripped)
    while end:
        if stripped[end - 1] in NOTE_MARKS:
            end -= 1
        elif (m := _CALL_AT_END.search(stripped, max(0, end - 6), end)) is not None:
            end = m.start()
        else:
            break
    return stripped[:end].rstrip().rstrip("*") or stripped


def ends_terminal(text: str) -> bool:
    """True when a paragraph ends with closing punctuation (it was not cut by a page end),
    maybe followed by note calls (…的话。②)."""
    stripped = _without_calls(text)
    return bool(stripped) and stripped[-1] in TERMINAL


_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*$")


def ends_a_sentence(text: str) -> bool:
    """Ends with 。！？ (maybe inside a closing mark, bold marks and note calls aside), as an
    article's last line does: narrower than ``ends_terminal``."""
    return bool(_SENTENCE_END.search(_without_calls(text)))


# C0/C1 controls other than tab, LF, CR, and other code points XML 1.0 forbids
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): invisible when a font
# has no glyph for them (HarfBuzz hides them), so never a missing glyph: ZWJ, variation
# selectors (the emoji VS16), soft hyphen, BOM…
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


def is_ignorable(ch: str) -> bool:
    """Is ``ch`` a default-ignorable code point (drawn as nothing, glyph or not)?"""
    return bool(_IGNORABLE.match(ch))


def xml_forbidden(text: str) -> list[str]:
    return _XML_FORBIDDEN.findall(text)


def strip_controls(text: str) -> str:
    """Drop characters XML cannot hold (lint reports them; writers must not crash on them)."""
    return _XML_FORBIDDEN.sub("", text)
