"""layout/breakfit.compose_in: a paragraph set a line tighter or looser, each line within a
character of the grid, by the same rules as the composer's own lines."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.layout.breakfit import compose_in
from publish.layout.compose import compose, measure
from tests.layout.composing import HAN, MARKS, S, assert_well_formed, body_measure


def _text(chars: int) -> str:
    """``chars`` characters of running text (ideographs, then a full stop)."""
    return (HAN * (chars // len(HAN) + 1))[:chars - 1] + "。"


FIRST, FULL = 26, 28        # characters on a paragraph's first line (indented), on the others


def _atoms(text: str):
    return measure([(text, "serif")], S.body_size)


def _check(text: str, lines, near_grid: bool = True) -> None:
    assert_well_formed(text, lines)
    for k, line in enumerate(lines[:-1]):
        avail = S.measure - (S.indent if k == 0 else 0)
        assert line.justified and line.width == pytest.approx(avail, abs=0.05)
        # within one character of the grid: the letter-spacing moves by at most a cell (a
        # break the composer itself makes, between dashes say, may be further off)
        assert not near_grid or abs(line.tracking - S.tracking) * (len(line.text) - 1) <= S.cell * 1.05 + 0.01
    assert not lines[-1].justified
    assert lines[-1].width <= S.measure + 0.05


def test_a_short_last_line_is_taken_in_by_the_lines_before():
    text = _text(FIRST + 4 * FULL + 2)      # five full lines and two characters
    m = body_measure()
    usual = compose(_atoms(text), m)
    tighter = compose_in(_atoms(text), m, len(usual) - 1)
    assert tighter is not None and len(tighter) == len(usual) - 1
    _check(text, tighter)


def test_a_nearly_full_last_line_can_give_a_line_more():
    text = _text(FIRST + 3 * FULL + 27)     # a last line one character short of full
    m = body_measure()
    usual = compose(_atoms(text), m)
    looser = compose_in(_atoms(text), m, len(usual) + 1)
    assert looser is not None and len(looser) == len(usual) + 1
    _check(text, looser)
    assert len(looser[-1].text.rstrip("。")) > 1     # no one-character last line


def test_what_a_character_a_line_cannot_do_is_refused():
    m = body_measure()
    text = _text(FIRST + FULL + 20)         # a long last line: two lines cannot take it
    assert compose_in(_atoms(text), m, len(compose(_atoms(text), m)) - 1) is None
    short = _text(FIRST + 15)               # nor can a two-line paragraph give a third line
    assert compose_in(_atoms(short), m, 3) is None


@settings(max_examples=80, deadline=None)
@given(st.text(st.sampled_from(list(HAN) * 4 + list(MARKS)), min_size=30, max_size=200),
       st.sampled_from([-1, 1]))
def test_any_text_set_looser_or_tighter_keeps_the_rules(text, delta):
    m = body_measure()
    usual = compose(_atoms(text), m)
    lines = compose_in(_atoms(text), m, len(usual) + delta)
    if lines is not None:
        assert len(lines) == len(usual) + delta
        _check(text, lines, near_grid=False)
