"""The print HTML: what WeasyPrint renders into the PDF, as files a person can open.

``write(issue, OUT/<id>/<id>.html, options)`` writes the HTML and a sibling ``<id>.css``.
The CSS names the fonts relative to itself (``fonts/<file>``) and the fonts are placed in
``OUT/<id>/fonts/`` (hard links where the file system allows, else copies; unchanged files
are left alone), so the folder can be moved and ``weasyprint <id>.html out.pdf`` alone
still renders the same pages as ``publish build --format pdf``.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from .. import source_edition, wording
from ..editions import SOURCE, edition_of
from ..fsutil import place_file, write_text_atomic
from ..layout import document
from ..layout.fonts import font_faces
from ..layout.style import OFFICIAL, HouseStyle
from ..model import Issue
from ..pdfkit import colour
from ..templating import environment
from . import BuildOptions, build_epoch

TEMPLATE = "print/issue.html"
CSS_TEMPLATE = "print/print.css"


def author(issue: Issue) -> str:
    return "".join(x for x in (issue.institution, issue.publisher) if x) or issue.title


def created(issue: Issue) -> str:
    stamp = dt.datetime.fromtimestamp(build_epoch(issue), tz=dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


FONT_FOLDER = "fonts"


def render_css(style: HouseStyle = OFFICIAL, fonts_relative: str | None = None) -> str:
    """The print CSS; fonts by absolute URL, or relative to the CSS file."""
    return environment().get_template(CSS_TEMPLATE).render(
        s=style, fonts=font_faces(relative_to=fonts_relative),
        colour={"black": colour.BLACK, "red": colour.RED})


def render(issue: Issue, view: document.IssueView, *, css: str | None = None,
           css_href: str | None = None) -> str:
    """The HTML, with the CSS inline (``css``) or linked (``css_href``).

    The CSS is our own template's output, so it is inserted unescaped (a <style> element's
    text is not entity-decoded).
    """
    return environment().get_template(TEMPLATE).render(
        issue=issue, view=view, author=author(issue), created=created(issue),
        cover=wording.cover(issue), toc_heading=wording.toc_heading(issue),
        css=Markup(css) if css is not None else None, css_href=css_href)


def view_for(issue: Issue, options: BuildOptions, style: HouseStyle = OFFICIAL
             ) -> document.IssueView:
    """The composed issue: in the source edition on the calibrated source grid with every
    page planned (see publish/source_edition), else in the house style."""
    if edition_of(issue, options) == SOURCE:
        return source_edition.plan(issue).view
    return document.build(issue, style)


def write(issue: Issue, out: str | Path, options: BuildOptions) -> None:
    out = Path(out)
    view = view_for(issue, options)
    css_path = out.with_suffix(".css")
    faces = font_faces()
    for face in faces:
        place_file(face["path"], out.parent / FONT_FOLDER / face["path"].name)
    write_text_atomic(css_path, render_css(view.style, fonts_relative=FONT_FOLDER))
    write_text_atomic(out, render(issue, view, css_href=css_path.name))
