"""The render stage's build line (render/stage.py PrintLayout.summary)."""
from __future__ import annotations

from publish.model import Pagination
from publish.render.stage import PrintLayout


def test_a_unit_laid_out_twice_counts_once():
    """A verifying pass lays some units out again: the line said "laid out 7 of 4 units"."""
    layout = PrintLayout(None, Pagination(), 4, ("a", "b", "c", "d", "b", "c", "d"))
    assert layout.summary() == ("render: laid out 4 of 4 units (a, b, c, d); 3 of them laid "
                                "out again by a verifying pass")
    assert PrintLayout(None, Pagination(), 4, ()).summary() == (
        "render: laid out 0 of 4 units (all from the cache)")
