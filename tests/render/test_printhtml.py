"""The print HTML is lighter for WeasyPrint (line feeds for <br>, classes for style
attributes) and lays out exactly as the <br> + nowrap + inline-style form did."""
from __future__ import annotations

import re

import pytest

from publish import corpus
from publish.options import BuildOptions
from publish.render.printhtml import _lighter, render, render_css, view_for
from tests.paths import BUNDLED
from tests.render.boxes import text_boxes as _boxes

HEAD = "<!DOCTYPE html><html><head><style>\n{css}\n</style></head>"


def _old_form(css: str, body: str) -> str:
    """What the print HTML was: lines joined by <br> in nowrap blocks, inline styles."""
    return HEAD.format(css=css) + "<body>" + body + "</body></html>"


CSS = ("html { font-size: 16pt; line-height: 29pt; } p { margin: 0; white-space: nowrap; }"
       ".c { text-align: center; } span.k { letter-spacing: 0; }")
BODY = ('<p class="x" style="letter-spacing:-0.2146pt;margin-top:13.283pt">甲乙丙丁<br>'
        '<span style="letter-spacing:0.3746pt">戊己</span><span style="letter-spacing:0pt">1'
        '</span>庚<br>辛 壬</p><p class="c" style="text-indent:0">子丑<br>'
        '<span class="k" style="letter-spacing:2pt">寅</span>卯</p>')


def test_the_body_has_no_br_and_no_style_attribute_and_one_rule_per_value():
    html = _lighter(_old_form(CSS, BODY + BODY))
    head, body = html.split("<body>")
    assert "<br>" not in body and " style=" not in body
    assert body.count("\n") == 2 * 3
    rules = re.findall(r"^\.(st\d+) \{ (.*) \}$", head, re.M)
    assert len(rules) == 5 == len({r[1] for r in rules})       # the second BODY reuses them
    assert ("st0", "letter-spacing:-0.2146pt !important; margin-top:13.283pt !important") \
        in rules
    assert 'class="k st' in body                                  # added to its class
    assert CSS in head                                            # the stylesheet untouched


def test_the_lighter_form_lays_out_every_text_box_where_the_old_one_did():
    old = _old_form(CSS, BODY)
    new = _lighter(_old_form(CSS.replace("nowrap", "pre"), BODY))
    assert _boxes(new) == _boxes(old)
    assert len({y for _, _, y, _ in _boxes(new)}) == 5            # five lines, none broken


@pytest.mark.slow
def test_a_unit_of_the_bundled_issue_has_no_br_and_its_css_no_nowrap_block():
    issue = corpus.load(BUNDLED)
    view = view_for(issue, BuildOptions(edition="official"))
    html = render(issue, view, css=render_css(view.style))
    body = html.split("<body>", 1)[1]
    assert "<br>" not in body and " style=" not in body and "\n<span" in body
    assert "white-space: pre;" in render_css(view.style)
