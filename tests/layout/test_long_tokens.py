"""Long Latin tokens in a Chinese paragraph: a URL, a code, a word longer than the measure.

A typesetter breaks such a token inside (after / . - _ ? & =, failing those anywhere) rather
than leave the line before it letter-spaced wide open, and never spreads the characters of
an address apart (https : / / www.gov)."""
from __future__ import annotations

import pytest

from publish.layout import compose as c
from publish.layout import rules

from .composing import S, assert_well_formed, lay

URL = ("https://www.gov.cn/zhengce/content/2024-01/22/content_6927442_very_long_path_segment"
       "_without_any_breaks_abcdefghijklmnopqrstuvwxyz0123456789.htm?from=timeline&x=0")
CODE = "ABCD" + "1234567890" * 4
WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3

#: pt of tracking past the grid's a line before a long token may take: a wide-open line
#: (详见 alone across the measure) takes tens of points
OPEN_BOUND = c.SOFT_BREAK_PT + 1.0

PARAGRAPHS = {
    "url": f"详见{URL}。",
    "code": f"全年国内生产总值1260582000000000000000000元，比上年增长5.2%，编号{CODE}。",
    "word": f"中文{WORD}中文。",
    "word-alone": WORD,
}


def _open_lines(lines):
    return [(ln.text, round(ln.tracking - S.tracking, 2)) for ln in lines[:-1]
            if ln.justified and ln.tracking - S.tracking > OPEN_BOUND]


@pytest.mark.parametrize("name", sorted(PARAGRAPHS))
def test_no_line_before_a_long_token_is_left_wide_open(name):
    text = PARAGRAPHS[name]
    lines = lay(text)
    assert_well_formed(text, lines)
    assert _open_lines(lines) == []
    assert all(ln.width <= S.measure - (S.indent if k == 0 else 0.0) + c.EPS
               for k, ln in enumerate(lines))


def test_a_long_address_breaks_after_a_separator_before_anywhere():
    lines = lay(PARAGRAPHS["url"])
    inside = [ln for ln in lines[:-1] if ln.text[-1] not in "。"]
    assert inside
    # at least the first line ends at one of the address's own separators
    assert lines[0].text[-1] in "/.-_?&="


def test_the_characters_of_an_address_are_never_spread_apart():
    """A short address on a justified line: the spread goes between the Chinese characters
    around it, none inside it."""
    address = "https://www.gov.cn/a?b=1&c=2"
    text = "中国共产党第二十届中央纪律检查委员会详见" + address + "，第三次全体会议于北京举行，出席这次全会的有中央纪委委员。"
    lines = lay(text)
    assert_well_formed(text, lines)
    start = text.index(address)
    spread = []
    for ln in lines:
        for k, s in enumerate(ln.spacing[:-1]):
            i = ln.start + k
            if start <= i < start + len(address) - 1 and s:
                spread.append((text[i:i + 2], s))
    assert spread == []
    assert any(ln.justified and text.find(address) >= ln.start for ln in lines)


def test_solid_tokens_are_addresses_and_codes_not_words():
    text = f"详见http://a.cn/x与www.mengkeju.com，{CODE}，Belt-and-Road 2021-2030年"
    found = [text[lo:hi + 1] for lo, hi in rules.solid_tokens(text)]
    assert found == ["http://a.cn/x", "www.mengkeju.com", CODE]


def test_ordinary_latin_words_still_break_only_at_spaces():
    text = ("The Belt and Road Initiative is a global infrastructure development strategy "
            "adopted by the Chinese government in 2013 to invest in more than 150 countries "
            "and international organizations. ") * 3
    lines = lay(text.strip())
    assert_well_formed(text.strip(), lines)
    for a, b in zip(lines, lines[1:]):
        assert text[a.end - 1] != " " and text[a.end:b.start].strip() == ""
        assert a.end == len(text) or text[a.end] == " "


def test_a_line_inside_a_huge_token_tries_to_squeeze_only_within_reach(monkeypatch):
    """Every line of a word of thousands of letters tried to squeeze itself to the word's
    end, the next legal break: its length at every line (50,000 letters: 13 s)."""
    spans = []
    squeeze = c._squeeze

    def recording(t, p, last, avail, m):
        spans.append(last - p)
        return squeeze(t, p, last, avail, m)

    monkeypatch.setattr(c, "_squeeze", recording)
    c._PREPARED.clear()
    text = "中文" + "a" * 5000 + "中文。"
    lines = lay(text)
    assert_well_formed(text, lines)
    assert max(spans, default=0) < 4 * rules.LONG_TOKEN_CHARS + 60
