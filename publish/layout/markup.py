"""Composed lines as HTML: one run of text per (typeface, letter-spacing).

Lines are joined with <br> inside a ``white-space: nowrap`` block, so WeasyPrint keeps our
line ends and never breaks a line itself; each run carries the letter-spacing the composer
computed (the line's tracking, less what a compressed mark gives up). Fewer runs mean fewer
boxes for WeasyPrint to lay out, which is most of the build time.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from ..textrules import strip_controls
from .compose import Line
from .fonts import ROLES


def _ls(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def line_html(line: Line, base_role: str, merge_last: bool = True) -> Markup:
    out: list[str] = []
    key = None
    buf: list[str] = []

    def flush():
        if not buf:
            return
        role, ls = key
        attrs = ""
        if role != base_role:
            attrs += f' class="{ROLES[role].css_class}"'
        if ls != "0":
            attrs += f' style="letter-spacing:{ls}pt"'
        text = str(escape(strip_controls("".join(buf))))
        out.append(f"<span{attrs}>{text}</span>" if attrs else text)
        buf.clear()

    spacing = list(line.spacing)
    if merge_last and len(spacing) > 1 and line.atoms[-1].start:
        # The last character takes the spacing of the one before: its trailing spacing
        # only overhangs the measure invisibly, and it saves WeasyPrint a text box per line.
        # Not in centred or right-aligned blocks, where it would move the line.
        spacing[-1] = spacing[-2]
    for atom, ls in zip(line.atoms, spacing):
        k = (atom.role, _ls(ls))
        if k != key:
            flush()
            key = k
        buf.append(atom.ch)
    flush()
    return Markup("".join(out))


def lines_html(lines: list[Line], base_role: str, merge_last: bool = True) -> Markup:
    return Markup("<br>").join(line_html(line, base_role, merge_last) for line in lines)
