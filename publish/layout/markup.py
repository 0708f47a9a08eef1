"""Composed lines as HTML: one run of text per (typeface, letter-spacing).

Lines are joined with <br> inside a ``white-space: nowrap`` block, so WeasyPrint keeps our
line ends and never breaks a line itself; each run carries the letter-spacing the composer
computed (the line's tracking, less what a compressed mark gives up). Fewer runs mean fewer
boxes for WeasyPrint to lay out, which is most of the build time.
"""
from __future__ import annotations

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


def _runs(line: Line, merge_last: bool) -> list[tuple[tuple[str, str], str]]:
    """((role, letter-spacing), text) runs of one line."""
    spacing = line.spacing
    if merge_last and len(spacing) > 1 and line.atoms[-1].start:
        # The last character takes the spacing of the one before: its trailing spacing
        # only overhangs the measure invisibly, and it saves WeasyPrint a text box per line.
        # Not in centred or right-aligned blocks, where it would move the line.
        spacing = spacing[:-1] + spacing[-2:-1]
    runs: list[tuple[tuple[str, str], str]] = []
    atoms = line.atoms
    keys = list(zip([a.role for a in atoms], map(_LS.__getitem__, spacing)))
    start = 0
    for k in range(1, len(keys) + 1):
        if k == len(keys) or keys[k] != keys[start]:
            runs.append((keys[start], "".join([a.ch for a in atoms[start:k]])))
            start = k
    return runs


def _html(runs, base_role: str, block_ls: str) -> str:
    out = []
    for (role, ls), text in runs:
        attrs = ""
        if role != base_role:
            attrs += f' class="{ROLES[role].css_class}"'
        if ls != block_ls:
            attrs += f' style="letter-spacing:{ls}pt"'
        text = str(escape(strip_controls(text)))
        out.append(f"<span{attrs}>{text}</span>" if attrs else text)
    return "".join(out)


def block_html(lines: list[Line], base_role: str, merge_last: bool = True
               ) -> tuple[Markup, str]:
    """The block's lines and the letter-spacing to set once on the block: the spacing most
    of its text is set in, so only the runs that differ need an element of their own (a
    source-edition paragraph's lines all share one tracking: one span a line was most of the
    boxes WeasyPrint had to lay out)."""
    per_line = [_runs(line, merge_last) for line in lines]
    weight: dict[str, int] = {}
    for runs in per_line:
        for (_, ls), text in runs:
            weight[ls] = weight.get(ls, 0) + len(text)
    block_ls = max(sorted(weight), key=lambda k: weight[k]) if weight else "0"
    html = Markup("<br>").join(Markup(_html(runs, base_role, block_ls)) for runs in per_line)
    return html, ("" if block_ls == "0" else f"letter-spacing:{block_ls}pt")


def line_html(line: Line, base_role: str, merge_last: bool = True) -> Markup:
    return Markup(_html(_runs(line, merge_last), base_role, "0"))


def lines_html(lines: list[Line], base_role: str, merge_last: bool = True) -> Markup:
    return Markup("<br>").join(line_html(line, base_role, merge_last) for line in lines)
