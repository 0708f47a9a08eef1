"""The calibration counts line starts without evening out wide-open lines (cost, not
lines: five milliseconds a paragraph on each of nine candidate grids)."""
from __future__ import annotations

from publish.layout import document
from publish.layout.compose import compose, measure
from publish.source_edition import calibrate
from tests.layout.composing import HAN, S

CHUNK = "产业转型升级的大项目好项目，力争引进到位资金不低于 3000 亿元、新建 2220 公里管网（2021-2030 年）》和《方案"


def test_the_calibration_composes_as_the_greedy_fill():
    fitting, normal = calibrate._Fitting(S), document.Composer(S)
    evened = 0
    for cut in range(0, 40):
        text = HAN[:cut] + CHUNK + HAN
        size, m = normal.measure_of(indent=S.indent)
        greedy = compose(measure([(text, "serif")], size), m)
        assert fitting.lines([(text, "serif")], indent=S.indent) == greedy
        evened += normal.lines([(text, "serif")], indent=S.indent) != greedy
    assert evened                       # the normal composer evens some of them out
