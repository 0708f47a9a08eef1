"""Where a Chinese line may break: the basic rules of W3C clreq and GB/T 15834.

Kept apart from the composer so the tests (and the PDF checker in the tests) use the very
same character classes the composer obeys.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import compress
from operator import not_

from ..text.chars import HAN, UNIT_SIGNS, is_ideograph

# Never at the start of a line: pause and stop marks, closing quotes and brackets, percent
# signs, connector marks (dashes, wave dash, full-width hyphen) and interpuncts.
NO_START = frozenset(
    "、，；：。！？”’）》」』】〕〉〗〙｝］｠"
    "％‰℃°′″"
    "—–―～－〜"
    "·・‧"
    "!),.:;?]}%"
    "々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー"
)
# Never at the end of a line: opening quotes and brackets, prefixed signs.
NO_END = frozenset("“‘（《「『【〔〈〖〘｛［｟([{￥$£€#")
# Never split between two of these (—— and …… and the like).
NO_SPLIT_PAIRS = frozenset("—…‥─")
# Compressible punctuation: full-width marks whose glyph leaves half an em blank.
PUNCTUATION = frozenset("、，；：。！？”’）》」』】〕〉〗〙“‘（《「『【〔〈〖〘")
SPACES = frozenset(" \u00a0\u3000")
# Marks that join the Latin words on either side into one (a web or mail address).
INNER = frozenset(".@_")


def is_word_char(ch: str) -> bool:
    """Latin letters, digits and the marks that live inside a Latin word or a number."""
    if ch.isascii():
        return ch.isalnum()
    cat = unicodedata.category(ch)
    return cat[0] in "LN" and not is_ideograph(ch) and not ("\u3000" <= ch <= "\u30ff")


class _Table(dict):
    """A character → class table filled on first sight: the hot loops look characters up
    (``map(table.__getitem__, text)``) instead of calling a function for each."""

    def __init__(self, test):
        super().__init__()
        self.test = test

    def __missing__(self, ch: str) -> bool:
        value = self[ch] = self.test(ch)
        return value


WORD = _Table(is_word_char)
IDEOGRAPH = _Table(is_ideograph)
# Characters between which any rule of break_opportunities allows a break: no space, no
# mark a rule names, nothing of a word or a number. Two of them in a row always may break.
_PLAIN = _Table(lambda ch: not (ch in SPACES or ch in NO_START or ch in NO_END
                                or ch in NO_SPLIT_PAIRS or ch in ".,:'-/" or ch.isdigit()
                                or is_word_char(ch)))


def _in_number(text: str, i: int) -> bool:
    """True when text[i] is a . or , between two digits (1.5, 1,000)."""
    return (0 < i < len(text) - 1 and text[i] in ".,:" and text[i - 1].isdigit()
            and text[i + 1].isdigit())


def break_opportunities(text: str) -> list[bool]:
    """``ok[i]`` says whether a line may break between text[i-1] and text[i] (ok[0] unused).

    A break at a space means the space itself is dropped (it ends the line); a break is
    also allowed right after a space.
    """
    n = len(text)
    plain = list(map(_PLAIN.__getitem__, text))
    # between two plain characters (most of a Chinese text) every rule below allows it
    ok = [False, *map(bool.__and__, plain, plain[1:]), True] if n else [True]
    long_dots = address_dots(text)[0] if "." in text else frozenset()
    # only the places no rule settled yet are looked at (the loop sets ok[i] alone)
    for i in compress(range(1, n), map(not_, ok[1:n])):
        a, b = text[i - 1], text[i]
        if b in SPACES:
            continue                   # break after the space, never before it
        if a in SPACES:
            ok[i] = _space_break_ok(text, i)
            continue
        if b == "." and WORD[a] and i + 1 < n and WORD[text[i + 1]] and i in long_dots:
            ok[i] = True               # an address breaks before a dot, as a URL is broken
            continue
        if b in NO_START or a in NO_END:
            continue
        if a in NO_SPLIT_PAIRS and b == a:
            continue
        if (WORD[a] or _in_number(text, i - 1)) and (WORD[b] or _in_number(text, i)):
            continue                   # inside a Latin word or a number
        if a in "'-/" and WORD[b] and i >= 2 and WORD[text[i - 2]]:
            continue
        if (a in INNER and WORD[b] and i >= 2 and WORD[text[i - 2]]) or \
                (b in "@_" and WORD[a] and i + 1 < n and WORD[text[i + 1]]):
            continue                   # in an address (www.example.com, a_b@c.org) a line
                                       # may break before a dot, as a URL is broken
        if a.isdigit() and (b in UNIT_SIGNS or IDEOGRAPH[b]):
            continue                   # a number and its unit stay together (5万, 2024年)
        if b in "-/'" and WORD[a]:
            continue
        ok[i] = True
    for i in inside_quantities(text):
        ok[i] = False                  # 12.2 亿吨, 2 亿千瓦, 108 公里: a quantity is whole
    return ok


# Units of measure that follow a number in reports, longest first (a magnitude may stand
# before them: 亿千瓦, 万人次, 亿立方米): no line parts one, nor a magnitude from it.
UNITS = sorted("""平方公里 平方千米 平方米 立方米 公里 千米 厘米 毫米 海里 千瓦时 千瓦 兆瓦 吉瓦
    千克 公斤 公顷 人次 架次 户次 车次 个百分点 百分点 美元 欧元 港元 日元 英镑 标准箱 标箱""".split(),
               key=len, reverse=True)
# A quantity: a number's digits (its last), a magnitude (万, 亿, 千…) or a unit word after
# them; or a magnitude of words before 亿/万 (千亿元, 百万吨; at most four, so a run of
# them is tried from each of its characters in bounded steps, not to its end); or 第 before
# a number.
_QUANTITY = re.compile(
    rf"\d[ \u00a0]?(?:[十百千万亿]*(?:{'|'.join(UNITS)})|[万亿千]+(?=[{HAN}]))"
    rf"|[十百千万]{{1,4}}[亿万](?:{'|'.join(UNITS)}|[元吨亩户人])"
    r"|第[ \u00a0]?(?=\d)")


def inside_quantities(text: str) -> list[int]:
    """Where a line would part a quantity (亿|吨, 2 亿千|瓦, 108 公|里, 千|亿元, 第|5 个):
    house style, not a rule of clreq, so a page end the source edition must meet may still
    break there when no other composition meets it (layout/breakfit.py). The offsets are the
    places inside a quantity after its first character, and after a magnitude before its
    unit (12.2 亿|吨)."""
    out: list[int] = []
    for m in _QUANTITY.finditer(text):
        start = m.start() + 1
        while start < m.end() and not IDEOGRAPH[text[start - 1]]:
            start += 1                            # 2 亿: the number's own rules hold there
        end = m.end()
        if text[m.start()] == "第":
            end = m.end() + 1                     # 第|5
        elif m.group().endswith(tuple("万亿千")) and end < len(text) and \
                IDEOGRAPH[text[end]]:
            end += 1                              # 亿|吨: the unit's first character
        out.extend(range(start, min(end, len(text))))
    return out


#: An address this short (half a line of Latin letters, www.example.com) is kept whole where
#: it can be, else broken after a dot: a Chinese reader takes a dot starting a line for a
#: full stop (（www.mengkeju|.com）).
WHOLE_ADDRESS_CHARS = 28


def _address_part(ch: str) -> bool:
    return WORD[ch] or ch in INNER or ch in "/:-"


def _address_run(text: str, i: int) -> tuple[int, int]:
    """The run of address characters around text[i]: its first and last offsets."""
    lo, hi = i, i
    while lo > 0 and _address_part(text[lo - 1]):
        lo -= 1
    while hi + 1 < len(text) and _address_part(text[hi + 1]):
        hi += 1
    return lo, hi


def _is_address(run: str, whole: int) -> bool:
    return run.count(".") >= 2 and sum(map(str.isalpha, run)) >= 6 and len(run) > whole


def address_dot(text: str, i: int, whole: int = WHOLE_ADDRESS_CHARS) -> bool:
    """Is text[i] a dot of a web or mail address (a run of Latin words joined by two dots
    or more, as www.example.com), not of a number or an abbreviation (v1.2, e.g.), in an
    address longer than ``whole`` characters (a shorter one is kept whole)?"""
    lo, hi = _address_run(text, i)
    return _is_address(text[lo:hi + 1], whole)


def address_dots(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """The dots between two Latin word characters that :func:`address_dot` says are a long
    address's, and those of an address kept whole for its shortness. Each run is read once,
    however many dots it has (hostile text of dot after dot stays linear)."""
    long, short = [], []
    hi, verdict = -1, (False, False)
    i = text.find(".", 1)
    while 0 < i < len(text) - 1:
        if WORD[text[i - 1]] and WORD[text[i + 1]]:
            if i > hi:                           # a run not read yet
                lo, hi = _address_run(text, i)
                run = text[lo:hi + 1]
                verdict = _is_address(run, WHOLE_ADDRESS_CHARS), _is_address(run, 0)
            if verdict[0]:
                long.append(i)
            elif verdict[1]:
                short.append(i)
        i = text.find(".", i + 1)
    return frozenset(long), frozenset(short)


def short_address_breaks(text: str) -> list[int]:
    """Where a line could break in an address kept whole for its shortness: after one of
    its dots (an offset as ``ok[i]`` of :func:`break_opportunities`: between text[i-1] and
    text[i]), never before one, which would start a line as a full stop does. The composer
    breaks there only when keeping the address whole would leave a line letter-spaced wide
    open (layout/compose.py)."""
    return sorted(i + 1 for i in address_dots(text)[1])


#: Marks that live inside a web address or a code (https://a.cn/x?id=1&p=2, ABC-123_4):
#: with the Latin letters and digits around them they make one token.
TOKEN_MARKS = frozenset("/.-_?&=:#%~+@")
#: Marks after which a line may break inside a long token, as a URL is broken (a dot: before
#: it, by the rule for long addresses in :func:`break_opportunities`).
TOKEN_BREAKS_AFTER = frozenset("/-_?&=")
TOKEN = _Table(lambda ch: is_word_char(ch) or ch in TOKEN_MARKS)
#: A token of more characters than this is an address or a code, not a word (no word of a
#: language the digest prints is so long): it is set solid and may break inside.
LONG_TOKEN_CHARS = WHOLE_ADDRESS_CHARS
_LONG_RUN = re.compile(rf"[^\s\u2e80-\U0010ffff]{{{LONG_TOKEN_CHARS + 1},}}")


def token_span(text: str, i: int, reach: int) -> tuple[int, int]:
    """The first and last offsets of the token (Latin word, number, address, code) holding
    text[i], looked for at most ``reach`` characters either side: the composer asks at
    every line of a token of thousands of characters, so each answer costs a bounded
    look, not the token's length."""
    lo, hi = i, i
    stop_lo, stop_hi = max(0, i - reach), min(len(text) - 1, i + reach)
    while lo > stop_lo and TOKEN[text[lo - 1]]:
        lo -= 1
    while hi < stop_hi and TOKEN[text[hi + 1]]:
        hi += 1
    return lo, hi


def _is_solid_token(token: str) -> bool:
    return len(token) > LONG_TOKEN_CHARS or "://" in token or token.lower().startswith("www.")


def solid_tokens(text: str) -> list[tuple[int, int]]:
    """(first, last) offsets of each token justification must not letter-space apart: an
    address (https://…, www.…) or a code longer than a word, whose characters spread out
    read as separate words (https : / / www.gov)."""
    if "://" not in text and "www." not in text.lower() and not _LONG_RUN.search(text):
        return []
    out = []
    lo = None
    for i, ch in enumerate(text + " "):
        if i < len(text) and TOKEN[ch]:
            if lo is None:
                lo = i
        elif lo is not None:
            if _is_solid_token(text[lo:i]):
                out.append((lo, i - 1))
            lo = None
    return out


def breaks_inside_token(text: str, lo: int, hi: int) -> tuple[list[int], list[int]]:
    """Where a line may break inside the token text[lo..hi] too long to keep whole (offsets
    as ``ok[i]`` of :func:`break_opportunities`): after its separators (/ . - _ ? & =, not
    inside a run of them: https:/|/), and, failing those, between any two characters that
    keep the rules (no line starting with a mark of NO_START). The breaks before a dot
    :func:`break_opportunities` allows in a long address are the composer's to add."""
    seps, anywhere = [], []
    for k in range(lo + 1, hi + 1):
        a, b = text[k - 1], text[k]
        if b in NO_START or a in NO_END:
            continue
        if a in TOKEN_BREAKS_AFTER and b not in TOKEN_MARKS:
            seps.append(k)
        anywhere.append(k)
    return seps, anywhere


def _space_break_ok(text: str, i: int) -> bool:
    """Break after the space(s) before text[i]? Not inside 'number␣unit' (5 万人, 2024 年)."""
    j = i - 1
    while j > 0 and text[j] in SPACES:
        j -= 1
    a, b = text[j], text[i]
    if text[j] in SPACES:
        return False                   # spaces at the very start
    if a.isdigit() and (is_ideograph(b) or b in UNIT_SIGNS):
        return False
    if b in NO_START or a in NO_END:
        return False
    return True


def _starts_in_address(lines: list[str], k: int) -> bool:
    """Does line k start with a dot of an address begun on the lines above (an address
    broken over three lines and more is read whole, as the composer read it)?"""
    above = "".join(line.strip() for line in lines[:k])
    return address_dot(above + lines[k].strip(), len(above))


def line_violations(lines: list[str]) -> list[str]:
    """Lines that break the rules, described — used by the tests on text read back from PDF."""
    problems = []
    for k, line in enumerate(lines):
        body = line.strip()
        if not body:
            continue
        prev = lines[k - 1].strip() if k > 0 else ""
        if k > 0 and body[0] in NO_START and not (
                body[0] == "." and prev and _starts_in_address(lines, k)):
            problems.append(f"line starts with {body[0]!r}: {body[:12]}")
        if k < len(lines) - 1 and body[-1] in NO_END:
            problems.append(f"line ends with {body[-1]!r}: …{body[-12:]}")
        nxt = lines[k + 1].strip() if k < len(lines) - 1 else ""
        if nxt and body[-1] in NO_SPLIT_PAIRS and nxt[0] == body[-1]:
            problems.append(f"{body[-1] * 2} split: …{body[-6:]} / {nxt[:6]}")
    return problems
