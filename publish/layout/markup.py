"""Composed lines as HTML: one run of text per (typeface, compression, letter-spacing).

Lines are joined with <br> inside a ``white-space: nowrap`` block, so WeasyPrint keeps our
line ends and never breaks a line itself; each run carries the letter-spacing the composer
computed for its line. The last character of a line gets none, so right-aligned and centred
lines sit exactly where the composer measured them.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from ..textrules import strip_controls
from .compose import Line
from .fonts import ROLES


def _ls(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def line_html(line: Line, base_role: str) -> Markup:
    out: list[str] = []
    key = None
    buf: list[str] = []

    def flush():
        if not buf:
            return
        role, halted, ls = key
        classes = []
        if role != base_role:
            classes.append(ROLES[role].css_class)
        if halted:
            classes.append("h")
        text = str(escape(strip_controls("".join(buf))))
        attrs = ""
        if classes:
            attrs += f' class="{" ".join(classes)}"'
        if ls != "0":
            attrs += f' style="letter-spacing:{ls}pt"'
        out.append(f"<span{attrs}>{text}</span>" if attrs else text)
        buf.clear()

    for atom, gap in zip(line.atoms, line.gaps):
        k = (atom.role, atom.halted, _ls(line.tracking) if gap else "0")
        if k != key:
            flush()
            key = k
        buf.append(atom.ch)
    flush()
    return Markup("".join(out))


def lines_html(lines: list[Line], base_role: str) -> Markup:
    return Markup("<br>").join(line_html(line, base_role) for line in lines)
