"""print.css sets a lone-numeral heading the house composer closed up (layout/house.py:
its page would otherwise end three lines short) without its blank line above, as
layout/pages.py counts it: the heading stands on the next grid line under the text."""
from __future__ import annotations

from publish.layout.style import OFFICIAL
from publish.render.printhtml import render_css
from tests.render.boxes import text_boxes

PT_PER_PX = 0.75            # WeasyPrint's boxes are placed in CSS pixels


def _heading_drop(css_class: str) -> float:
    """pt from the paragraph's line to the heading's under it."""
    html = (f"<html><head><style>{render_css(OFFICIAL)}</style></head><body>"
            f'<p class="paragraph">正文\n</p>'
            f'<h3 class="{css_class}">一\n</h3></body></html>')
    boxes = {text: y for text, _, y, _ in text_boxes(html)}
    return (boxes["一"] - boxes["正文"]) * PT_PER_PX


def test_a_closed_up_heading_takes_no_space_above():
    assert abs(_heading_drop("heading h1 centre") - 2 * OFFICIAL.pitch) < 0.01
    assert abs(_heading_drop("heading h1 centre closed-up") - OFFICIAL.pitch) < 0.01
