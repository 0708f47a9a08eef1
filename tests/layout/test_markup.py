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
