"""Footnotes (注释) in the print edition: a composed call in the line, the note on its page.

The call is a character of the line — its mark (①, see wording.note_mark) in the role
``note-call`` — so the composer measures and justifies the line with it. It is drawn
smaller and raised, with the letter-spacing that keeps the advance the composer measured,
so the line still ends exactly at the measure. The note follows the call as a
``float: footnote`` element: WeasyPrint sets it at the foot of the page the call is on
(print.css switches WeasyPrint's own call and marker off). The note's lines are composed
here too, at the note size, the mark hanging.

Offsets: the marks are characters of the composed text but not of the block's plain text,
so the line starts the PDF writer maps pages with are moved back past them.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..templating import wording
from ..model import BOLD, FOOTNOTE, Span
from ..text.chars import strip_controls
from .compose import Line, measure
from .fonts import BOLD_OF
from .markup import lines_html

CALL_ROLE = "note-call"
CALL_SCALE = 0.625             # the call's size, of the line's
NOTE_SCALE = 0.75              # the note's size, of the body's (12 pt under 16 pt)
NOTE_PITCH = 1.5               # the note's line pitch, in its size
_CALL_SPAN = re.compile(r'<span class="fn-call"(?: style="letter-spacing:([-0-9.]+)pt")?>'
                        r'([^<]*)</span>')


@dataclass
class _Call:
    at: int                    # index of the mark's first character in the composed text
    mark: str
    note: tuple[Span, ...]


@dataclass
class Notes:
    """The footnotes of one article, numbered in reading order as its blocks are composed."""
    count: int = 0
    calls: list[_Call] = field(default_factory=list)      # of the block being composed
    _queue: list[_Call] = field(default_factory=list)     # its calls not yet attached
    _left: int = 0                                        # marks' characters still to see
    placed: list[tuple[int, int]] = field(default_factory=list)   # of the last attach:
                                          # (line of the call, lines of its note)

    def pieces(self, spans: tuple[Span, ...], role: str) -> list[tuple[str, str]]:
        """A block's spans as composer pieces, each footnote as its mark."""
        self.calls = []
        out: list[tuple[str, str]] = []
        at = 0
        for span in spans:
            if span.style == FOOTNOTE:
                self.count += 1
                mark = wording.note_mark(self.count)
                self.calls.append(_Call(at, mark, span.note))
                out.append((mark, CALL_ROLE))
                at += len(mark)
                continue
            text = strip_controls(span.text)
            out.append((text, BOLD_OF[role] if span.style == BOLD else role))
            at += len(text)
        self._queue = list(self.calls)
        self._left = len(self._queue[0].mark) if self._queue else 0
        return out

    def line_starts(self, lines: list[Line]) -> list[int]:
        """Each line's start in the block's plain text (the marks before it taken out)."""
        ats = [c.at for c in self.calls]            # in order, marks never overlapping
        marks = list(accumulate((len(c.mark) for c in self.calls), initial=0))
        starts = []
        for line in lines:
            k = bisect_left(ats, line.start)        # the calls before the line's start: all
            before = marks[k]                       # of their marks, the last one's maybe
            if k:                                   # cut by the line's start
                last = self.calls[k - 1]
                before -= len(last.mark) - min(len(last.mark), line.start - last.at)
            starts.append(line.start - before)
        return starts

    def attach(self, html: Markup, composer, size: float) -> Markup:
        """The composed lines' HTML with each call drawn small and its note after it.

        A block set in several parts (each beginning a page) is attached part by part, in
        order: the calls are consumed as their marks appear.
        """
        self.placed = []
        if not self._queue:
            return html
        text = str(html)
        lines_before = [0, 0]          # (position, <br> before it): counted once, onwards

        def call_html(m: re.Match) -> str:
            spacing = float(m.group(1) or 0)
            out = []
            for ch in m.group(2):
                adv = measure([(ch, CALL_ROLE)], size)[0].adv
                ls = spacing + adv * (1 - CALL_SCALE)
                out.append(f'<span class="fn-call" style="letter-spacing:{ls:.4f}pt">'
                           f'{escape(ch)}</span>')
                if not self._queue:
                    continue
                self._left -= 1
                if self._left == 0:
                    note, count = note_html(composer, self._queue.pop(0))
                    out.append(note)
                    lines_before[1] += text.count("<br>", lines_before[0], m.start())
                    lines_before[0] = m.start()
                    self.placed.append((lines_before[1], count))
                    self._left = len(self._queue[0].mark) if self._queue else 0
            return "".join(out)

        return Markup(_CALL_SPAN.sub(call_html, text))


def note_html(composer, call: _Call) -> tuple[str, int]:
    """The footnote element (the mark hanging, the text composed at the note size) and its
    count of lines."""
    s = composer.s
    size = s.body_size * NOTE_SCALE
    hang = size                                     # the mark's cell
    pieces = [(call.mark, "serif")]
    pieces += [(strip_controls(sp.text), BOLD_OF["serif"] if sp.style == BOLD else "serif")
               for sp in call.note]
    lines = composer.lines(pieces, width=s.measure - hang, indent=-hang, size=size,
                           tracking=0.0)
    style = (f"font-size:{size:.3f}pt;line-height:{size * NOTE_PITCH:.3f}pt;"
             f"padding-left:{hang:.3f}pt;text-indent:{-hang:.3f}pt")
    return (f'<span class="footnote" style="{style}">{lines_html(lines, "serif")}</span>',
            len(lines))
