"""Composed lines as HTML: one run of text per (typeface, letter-spacing).

Lines are joined with <br>; the print HTML sets them in ``white-space: pre`` blocks with a
line feed for each <br> (render/printhtml.py), so WeasyPrint keeps our line ends and never
breaks a line itself. Each run carries the letter-spacing the composer computed (the line's
tracking, less what a compressed mark gives up). Fewer runs mean fewer boxes for WeasyPrint
to lay out, which is most of the build time.

A line's spaces are given as WeasyPrint set them when the blocks were ``nowrap``: a run of
spaces, tabs and line feeds is one space, and none begins or ends a line (``pre`` keeps
every one of them, and a line feed would end the line).
"""
from __future__ import annotations

import re
from itertools import groupby
from operator import attrgetter

from markupsafe import Markup, escape

from ..text.chars import strip_controls
from .compose import Line
from .fonts import ROLES


def _ls_text(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Spacings(dict):
    """letter-spacing value → its CSS text, each value formatted once."""

    def __missing__(self, value: float) -> str:
        text = self[value] = _ls_text(value)
        return text


_LS = _Spacings()


def _ls(value: float) -> str:
    return _LS[value]


_SPACES = re.compile(r"[ \t\n\r]+")


def _settled(runs: list[tuple[tuple[str, str], str]], text: str | None = None
             ) -> list[tuple[tuple[str, str], str]]:
    """The runs (of the line ``text``, their texts joined) with their spaces collapsed as a
    ``nowrap`` line collapses them: one space for a run of white space (across runs too),
    none at either end of the line."""
    if not _SPACES.search("".join(t for _, t in runs) if text is None else text):
        return runs
    out: list[tuple[tuple[str, str], str]] = []
    after_space = True                      # the line's start drops a space like one after
    for key, text in runs:
        text = _SPACES.sub(" ", text)
        if after_space and text.startswith(" "):
            text = text[1:]
        if text:
            after_space = text.endswith(" ")
            out.append((key, text))
    while out and out[-1][1].endswith(" "):
        key, text = out.pop()
        if text.rstrip(" "):
            out.append((key, text.rstrip(" ")))
    return out


_ROLE = attrgetter("role")


def optical_offset(line: Line) -> float:
    """pt the line's ink stands right of its box's centre, doubled: an opening mark that
    begins it (《政府工作报告》…) is blank on its left half, a closing mark that ends it
    (…的贺信（全文）) on its right half. A centred line set so much wider on its right (the
    last character's letter-spacing) has its ink centred, as a typesetter centres a title."""
    if not line.atoms:
        return 0.0
    first, last = line.atoms[0], line.atoms[-1]
    lead = first.blank if first.opening else 0.0
    trail = last.blank if last.blank and not last.opening and len(line.atoms) > 1 else 0.0
    return lead - trail


def _runs(line: Line, merge_last: bool, centred: bool = False
          ) -> list[tuple[tuple[str, str], str]]:
    """((role, letter-spacing), text) runs of one line (``centred``: its ink centred)."""
    spacing = line.spacing
    if merge_last and len(spacing) > 1 and line.atoms[-1].start:
        # The last character takes the spacing of the one before: its trailing spacing
        # only overhangs the measure invisibly, and it saves WeasyPrint a text box per line.
        # Not in centred or right-aligned blocks, where it would move the line.
        spacing = spacing[:-1] + spacing[-2:-1]
    elif centred and optical_offset(line):
        spacing = [*spacing[:-1], spacing[-1] + optical_offset(line)]
    atoms = line.atoms
    text = line.text
    keys = list(zip(map(_ROLE, atoms), map(_LS.__getitem__, spacing)))
    runs: list[tuple[tuple[str, str], str]] = []
    start = 0
    for key, same in groupby(keys):
        end = start + len(list(same))
        runs.append((key, text[start:end]))
        start = end
    return _settled(runs, text)


_ESCAPED = re.compile("[&<>\"']")


def _html(runs, base_role: str, block_ls: str) -> str:
    whole = "".join([text for _, text in runs])
    plain = not _ESCAPED.search(whole) and strip_controls(whole) == whole
    out = []
    for (role, ls), text in runs:
        attrs = ""
        if role != base_role:
            attrs += f' class="{ROLES[role].css_class}"'
        if ls != block_ls:
            attrs += f' style="letter-spacing:{ls}pt"'
        if not plain:
            text = str(escape(strip_controls(text)))
        out.append(f"<span{attrs}>{text}</span>" if attrs else text)
    return "".join(out)


def block_html(lines: list[Line], base_role: str, merge_last: bool = True,
               centred: bool = False) -> tuple[Markup, str]:
    """The block's lines and the letter-spacing to set once on the block: the spacing most
    of its text is set in, so only the runs that differ need an element of their own (a
    source-edition paragraph's lines all share one tracking: one span a line was most of the
    boxes WeasyPrint had to lay out). ``centred``: each line's ink centred
    (:func:`optical_offset`)."""
    per_line = [_runs(line, merge_last, centred) for line in lines]
    weight: dict[str, int] = {}
    for runs in per_line:
        for (_, ls), text in runs:
            weight[ls] = weight.get(ls, 0) + len(text)
    block_ls = max(sorted(weight), key=lambda k: weight[k]) if weight else "0"
    html = Markup("<br>").join(Markup(_html(runs, base_role, block_ls)) for runs in per_line)
    return html, ("" if block_ls == "0" else f"letter-spacing:{block_ls}pt")


def line_html(line: Line, base_role: str, merge_last: bool = True,
              centred: bool = False) -> Markup:
    return Markup(_html(_runs(line, merge_last, centred), base_role, "0"))


def lines_html(lines: list[Line], base_role: str, merge_last: bool = True,
               centred: bool = False) -> Markup:
    return Markup("<br>").join(line_html(line, base_role, merge_last, centred)
                               for line in lines)
