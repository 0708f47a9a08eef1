"""Composed lines as HTML: a line's spaces come out as a nowrap line sets them, since the
print HTML sets lines in white-space: pre blocks."""
from __future__ import annotations

from publish.layout.markup import _settled


def test_spaces_are_collapsed_and_dropped_at_the_line_ends_across_runs():
    runs = [(("serif", "0"), "  甲\t "), (("kai", "0"), " 乙\n\r丙 "), (("serif", "1"), "  ")]
    assert _settled(runs) == [(("serif", "0"), "甲 "), (("kai", "0"), "乙 丙")]


def test_a_line_without_collapsible_spaces_is_left_as_it_is():
    runs = [(("serif", "0"), "甲　乙"), (("kai", "-0.2"), "丙丁")]    # U+3000 is no CSS space
    assert _settled(runs) is runs


def test_a_line_of_spaces_only_has_no_run():
    assert _settled([(("serif", "0"), "   ")]) == []


def _title_lines(text: str):
    from publish.layout.compose import Measure, compose, measure
    from publish.layout.style import OFFICIAL as S
    return compose(measure([(text, "serif-bold")], S.title_size),
                   Measure(width=S.measure, justify=False, balance=True))


def _last_spacing(html: str) -> float:
    import re
    return float(re.findall(r"letter-spacing:(-?[0-9.]+)pt", html)[-1]) \
        if "letter-spacing" in html.rsplit("<span", 1)[-1] else 0.0


def test_a_centred_line_has_its_ink_centred_not_its_box():
    """《…》有关… opens on a mark blank on its left half, …（全文） closes on one blank on
    its right half: centred by its box, the ink stood a quarter em off the centre. The last
    character's letter-spacing widens (or narrows) the box by that blank."""
    from publish.layout.markup import line_html, optical_offset
    opening = _title_lines("《中国报告》有关名词解释")[0]
    closing = _title_lines("中国南极考察站的贺信（全文）")[0]
    plain = _title_lines("中国南极考察站的贺信全文")[0]
    assert opening.atoms[0].blank > 0 and closing.atoms[-1].blank > 0
    assert optical_offset(opening) == opening.atoms[0].blank
    assert optical_offset(closing) == -closing.atoms[-1].blank
    assert optical_offset(plain) == 0.0
    for line in (opening, closing):
        centred = line_html(line, "serif", merge_last=False, centred=True)
        assert _last_spacing(centred) == round(line.spacing[-1] + optical_offset(line), 4)
        assert line_html(line, "serif", merge_last=False) != centred
    assert line_html(plain, "serif", merge_last=False, centred=True) == \
        line_html(plain, "serif", merge_last=False)
