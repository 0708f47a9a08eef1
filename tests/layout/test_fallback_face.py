"""A character the run's face lacks is set in a face of fonts/ that has it, in that face's
span: WeasyPrint took it from a face of fontconfig's choosing inside the run, whose ascent
and descent grew the line, and one 𰻞 (LXGW WenKai alone has it) moved every later page of
the source edition by one (the line itself: tests/render/test_fallback_face_unit.py)."""
from __future__ import annotations

from publish.layout.compose import _runs, measure
from publish.layout.fonts import role_face

RARE = "𰻞"                  # U+30EDE: the 楷 has it, the serif not


def test_the_fonts_are_what_the_tests_take_them_for():
    assert not role_face("serif").covers(RARE) and role_face("kai").covers(RARE)
    assert role_face("serif").covers("面")


def test_a_character_the_serif_lacks_is_set_in_a_face_that_has_it():
    assert _runs([(f"天津{RARE}{RARE}面", "serif")]) == [
        ("天津", "serif"), (RARE * 2, "kai"), ("面", "serif")]
    assert [a.role for a in measure([(f"面{RARE}", "serif")], 16.0)] == ["serif", "kai"]


def test_a_character_no_face_has_stays_in_its_role():
    lacking = "\U000F0000"                          # a private-use plane: no face has it
    assert not any(role_face(r).covers(lacking) for r in ("serif", "kai", "sans-bold"))
    assert _runs([(f"面{lacking}", "serif")]) == [(f"面{lacking}", "serif")]


def test_a_mark_or_selector_stays_with_its_base_character():
    """A variation selector after 𰻞 was set in the serif, apart from its base (its variant
    lost); a combining mark the serif lacks was cut from the letter it sits on."""
    selector = "\U000E0100"
    assert _runs([(f"面{RARE}{selector}面", "serif")]) == [
        ("面", "serif"), (RARE + selector, "kai"), ("面", "serif")]
    assert _runs([("a\u0332b", "serif")]) == [("a\u0332b", "serif")]
