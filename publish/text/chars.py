"""Character classes and patterns of Chinese text shared by the importer, lint and checker."""
from __future__ import annotations

import re
import unicodedata

# A paragraph that ends with one of these ended on purpose; one that does not was cut.
TERMINAL = set("。！？…；：”’」』）】》〕〉.!?;:)\"'")
OPENING = set("“‘（《「『【〔〈")
CLOSING = set("”’）》」』】〕〉")
PAIRS = {"“": "”", "（": "）", "《": "》"}

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
NUMERAL = "一二三四五六七八九十百〇零"

LONE_NUMERAL_RE = re.compile(rf"^[{NUMERAL}]{{1,4}}$")
SECTION_RE = re.compile(rf"^[{NUMERAL}]{{1,4}}、")
SUBSECTION_RE = re.compile(rf"^[（(][{NUMERAL}]{{1,4}}[）)]")
LIST_ITEM_RE = re.compile(r"^(\d{1,3}[.)])\s*(?=\S)")
ATTACHMENT_RE = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?$")
DATE_LINE_RE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
# (2024-01-10 来源：…), also 2024.1.10 / 2024年1月10日, brackets half-, full-width or none
SOURCE_RE = re.compile(
    r"^[（(]?\s*(\d{4})\s*[-－/.年]\s*(\d{1,2})\s*[-－/.月]\s*(\d{1,2})\s*日?\s*"
    r"来源\s*[：:]\s*(.*?)\s*[)）]?\s*$")
# 习近平 / 自治区主席 王莉霞 / 新华社记者 张三 李四 (names of 2–4 characters, 'x·y' allowed)
_NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,8})*"
BYLINE_RE = re.compile(
    rf"^(?:(?:[\u4e00-\u9fff]{{2,12}}[\s：:]+)?{_NAME}"                 # [role] name
    rf"|[\u4e00-\u9fff]{{0,10}}(?:记者|通讯员|作者)[\s：:]*{_NAME}(?:[\s、]+{_NAME}){{1,5}})$")
NEWS_DATELINE_RE = re.compile(r"^\S{1,12}?(?:社|报|台|网)\S{1,10}?\d{1,2}月\d{1,2}日电")


def is_cjk(ch: str) -> bool:
    return bool(CJK_RE.match(ch))


def ends_terminal(text: str) -> bool:
    """True when a paragraph ends with closing punctuation (it was not cut by a page end)."""
    stripped = text.rstrip().rstrip("*")
    return bool(stripped) and stripped[-1] in TERMINAL


def fold(text: str) -> str:
    """Comparison key: NFKC (full/half width), no whitespace, no leader dots or ellipses."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s.·…⋯]+", "", text)


# C0/C1 controls other than tab, LF, CR, and other code points XML 1.0 forbids
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def xml_forbidden(text: str) -> list[str]:
    return _XML_FORBIDDEN.findall(text)


def strip_controls(text: str) -> str:
    """Drop characters XML cannot hold (lint reports them; writers must not crash on them)."""
    return _XML_FORBIDDEN.sub("", text)
