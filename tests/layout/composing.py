"""What the composer's tests share: the house style, sample text, a body measure, and the
check that composed lines set every character once, by the rules."""
from __future__ import annotations

from publish.layout.compose import Measure, compose, measure
from publish.layout.rules import SPACES, line_violations
from publish.layout.style import OFFICIAL

S = OFFICIAL
HAN = "中国共产党第二十届委员会全体议公报深入学习贯彻新时代特色社会主义思想"
MARKS = "，。、；：！？“”（）《》—…"
OTHER = "0123456789 ABCxyz%."


def body_measure(**kw) -> Measure:
    return Measure(width=S.measure, first_indent=S.indent, tracking=S.tracking,
                   max_squeeze=S.max_squeeze, **kw)


def lay(text: str, role: str = "serif", **kw):
    return compose(measure([(text, role)], S.body_size), body_measure(**kw))


def assert_well_formed(text: str, lines) -> None:
    # every character is set once, in order; only spaces at line ends are dropped
    rebuilt = "".join(line.text for line in lines)
    assert rebuilt.replace(" ", "") == text.replace(" ", "")
    for a, b in zip(lines, lines[1:]):
        assert a.end <= b.start
        assert all(ch in SPACES for ch in text[a.end:b.start])
    assert line_violations([line.text for line in lines]) == []
