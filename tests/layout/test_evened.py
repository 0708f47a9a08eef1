"""A paragraph whose greedy lines leave one letter-spaced wide open is set again as a whole."""
from __future__ import annotations

from publish.layout import document
from publish.layout.compose import compose, measure
from tests.layout.composing import HAN, S

CHUNK = "产业转型升级的大项目好项目，力争引进到位资金不低于 3000 亿元、新建 2220 公里管网（2021-2030 年）》和《方案"


def _loosest(lines, tracking):
    return max((ln.tracking - tracking for ln in lines[:-1] if ln.justified), default=0.0)


def test_a_wide_open_line_is_evened_out_over_the_paragraph():
    c = document.Composer(S)
    found = 0
    for cut in range(0, 40):
        text = HAN[:cut] + CHUNK + HAN
        size, m = c.measure_of(indent=S.indent)
        greedy = compose(measure([(text, "serif")], size), m)
        lines = c.lines([(text, "serif")], indent=S.indent)
        assert len(lines) == len(greedy)                     # never a line more or less
        assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", "")
        if _loosest(greedy, m.tracking) > document.LOOSE_PT:
            found += 1
            assert _loosest(lines, m.tracking) <= _loosest(greedy, m.tracking)
            if _loosest(lines, m.tracking) < _loosest(greedy, m.tracking) - 0.3:
                found += 100
        else:
            assert lines == greedy
    assert found > 100             # some paragraph had a wide-open line, and it was evened


def test_a_paragraph_too_long_to_search_stays_as_filled(monkeypatch):
    monkeypatch.setattr(document, "EVEN_LINES", 2)
    c = document.Composer(S)
    for cut in range(0, 40):
        text = HAN[:cut] + CHUNK + HAN
        size, m = c.measure_of(indent=S.indent)
        assert c.lines([(text, "serif")], indent=S.indent) == \
            compose(measure([(text, "serif")], size), m)


RANGE = "（2021-2030 年）》和《"


def test_the_line_before_a_range_pushed_down_whole_gives_it_a_character():
    """A range that may not be split (2021-2030), pushed down whole twice, leaves the line
    between open; where the line above it ends at the grid only by pushing its opening
    bracket on, that line may hold a character fewer than the composer's own, so the two
    share the room (…六期规 / 划（2021-2030 年）》…), not one line all of it."""
    c = document.Composer(S)
    for k in range(12, 16):
        text = "“规划”：《" + (HAN * 2)[:20] + RANGE + HAN[:k] + RANGE + HAN
        size, m = c.measure_of(indent=S.indent)
        greedy = compose(measure([(text, "serif")], size), m)
        assert greedy[0].text.endswith(HAN[19]) and greedy[1].text.startswith("（")
        lines = c.lines([(text, "serif")], indent=S.indent)
        assert _loosest(lines, m.tracking) < _loosest(greedy, m.tracking) - 0.4, k
