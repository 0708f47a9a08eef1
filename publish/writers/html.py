"""The print HTML: what WeasyPrint renders into the PDF, as files a person can open.

``write(issue, OUT/<id>/<id>.html, options)`` writes the HTML and a sibling ``<id>.css``.
The CSS names the fonts relative to itself (``fonts/<file>``) and the fonts are placed in
``OUT/<id>/fonts/`` (copies, never hard links: an output shares no inode with the installed
fonts; unchanged files are left alone), so the folder can be moved and ``weasyprint <id>.html out.pdf`` alone
still renders the same pages as ``publish build --format pdf``.
"""
from __future__ import annotations

from pathlib import Path

from ..fsutil import place_file, write_text_atomic
from ..layout.fonts import font_faces
from ..model import Issue, Pagination
from ..options import BuildOptions
from ..render.printhtml import render, render_css, view_for

FONT_FOLDER = "fonts"


def write(issue: Issue, out: str | Path, options: BuildOptions | None = None,
          pages: Pagination | None = None) -> list[Path]:
    """``pages`` is not needed: the HTML is the whole issue, WeasyPrint numbers it. Returns
    the files written: the HTML, its CSS and the fonts it names."""
    out = Path(out)
    view = view_for(issue, options or BuildOptions())
    css_path = out.with_suffix(".css")
    fonts = []
    for face in font_faces():
        fonts.append(out.parent / FONT_FOLDER / face["path"].name)
        place_file(face["path"], fonts[-1])
    write_text_atomic(css_path, render_css(view.style, fonts_relative=FONT_FOLDER))
    write_text_atomic(out, render(issue, view, css_href=css_path.name))
    return [out, css_path, *fonts]
