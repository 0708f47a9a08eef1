"""The print HTML and CSS: the composed view placed by templates/print/ (pure Jinja, no layout).

One template serves the whole issue (the HTML output a person can open with ``weasyprint``)
and each layout unit (units.py): a unit shows only its part and says on which side and at
which folio its first page falls.
"""
from __future__ import annotations

import datetime as dt
import html as htmllib
import re

from markupsafe import Markup

from .. import source_edition
from ..templating import wording
from ..source_edition.editions import SOURCE, edition_of
from ..layout import document
from ..layout.fonts import font_faces
from ..layout.house import HouseComposer
from ..layout.style import OFFICIAL, HouseStyle
from ..model import Issue
from ..options import BuildOptions, build_epoch
from ..templating import environment
from . import colour

TEMPLATE = "print/issue.html"
CSS_TEMPLATE = "print/print.css"


def author(issue: Issue) -> str:
    return "".join(x for x in (issue.institution, issue.publisher) if x) or issue.title


def created(issue: Issue) -> str:
    stamp = dt.datetime.fromtimestamp(build_epoch(issue), tz=dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def render_css(style: HouseStyle = OFFICIAL, fonts_relative: str | None = None) -> str:
    """The print CSS. For the PDF no @font-face: fontconfig finds the faces of fonts/ by
    these families (render/fontconfig.py); for the HTML output, @font-face rules name the
    files relative to the CSS file (``fonts_relative``)."""
    return environment().get_template(CSS_TEMPLATE).render(
        s=style, fonts=font_faces(relative_to=fonts_relative) if fonts_relative else [],
        colour={"black": colour.BLACK, "red": colour.RED})


def render(issue: Issue, view: document.IssueView, *, css: str | None = None,
           css_href: str | None = None, show_cover: bool = True,
           toc_pages: dict[str, int] | None = None, unit_css: str = "") -> str:
    """The HTML, with the CSS inline (``css``) or linked (``css_href``).

    Composed lines end in line feeds (see print.css). The CSS is our own template's
    output, so it is inserted unescaped (a <style> element's text is not entity-decoded).
    ``toc_pages`` prints the 目录 numbers as given (a 目录 laid out without its articles);
    ``unit_css`` places a unit's first page.
    """
    first = view.issue.articles[0].id if view.issue.articles else None
    html = environment().get_template(TEMPLATE).render(
        issue=issue, view=view, author=author(issue), created=created(issue),
        cover=wording.cover(issue), toc_heading=wording.toc_heading(issue),
        css=Markup(css) if css is not None else None, css_href=css_href,
        show_cover=show_cover, toc_pages=toc_pages, first_article=first,
        unit_css=Markup(unit_css) if unit_css else None)
    return _lighter(html)


def _lighter(html: str) -> str:
    """The same pages in fewer boxes and styles for WeasyPrint: in the body, every <br> is
    a composed line's end (layout/markup.py; text is escaped, the template writes none),
    set as a line feed in the white-space: pre blocks of print.css; every style attribute
    becomes a class."""
    head, sep, body = html.partition("<body>")
    if not sep:
        return html
    return _styles_as_classes(head, sep + body.replace("<br>", "\n"))


_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>")
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
_DECLARATIONS = re.compile(r"\s*[-a-z]+\s*:[^;{}<>\"'\\!]+(?:;\s*[-a-z]+\s*:[^;{}<>\"'\\!]+)*;?\s*")


def _styles_as_classes(head: str, body: str) -> str:
    """Every ``style`` attribute of the body made a class of one rule per distinct value,
    its declarations ``!important`` (so they win as an inline style wins: the print CSS has
    no important declaration). The pages are the same; WeasyPrint computes one style per
    distinct value (and its elements' children share theirs), where it parsed and computed
    every attribute apart, thousands of letter-spacings a document."""
    if "</head>" not in head:
        return head + body
    rules: dict[str, str] = {}

    def tag(m: re.Match) -> str:
        attrs = m.group(2)
        found = _STYLE_ATTR.search(attrs)
        if found is None:
            return m.group(0)
        value = htmllib.unescape(found.group(1))
        attrs = attrs[:found.start()] + attrs[found.end():]
        if value.strip():
            if not _DECLARATIONS.fullmatch(value):
                return m.group(0)
            name = rules.setdefault(value, f"st{len(rules)}")
            cls = _CLASS_ATTR.search(attrs)
            attrs = (f'{attrs[:cls.end() - 1]} {name}{attrs[cls.end() - 1:]}' if cls
                     else f' class="{name}"{attrs}')
        return f"<{m.group(1)}{attrs}>"

    body = _START_TAG.sub(tag, body)
    if not rules:
        return head + body
    css = "\n".join(
        f".{name} {{ " + "; ".join(f"{d.strip()} !important" for d in value.split(";")
                                  if d.strip()) + " }"
        for value, name in rules.items())
    head = head.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1)
    return head + body


def view_for(issue: Issue, options: BuildOptions, style: HouseStyle = OFFICIAL
             ) -> document.IssueView:
    """The composed issue: in the source edition on the calibrated source grid with every
    page planned (see publish/source_edition), else in the house style."""
    if edition_of(issue, options) == SOURCE:
        return source_edition.plan(issue).view
    return document.build(issue, style, composer=HouseComposer(style))
