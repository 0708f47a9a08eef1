"""Cover, 目录 heading and title-block wording from the shared Jinja templates.

The templates live in ``templates/common/`` and are rendered with the one environment of
``publish.templating``, so an office that rewords its cover changes every edition. Each
template renders lines ``role: text``; a line without a ``role:`` prefix continues the line
before it. Empty texts are dropped (an issue without an English institution name simply
has no such cover line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from ..errors import UserError
from ..model import Article, Issue
from ..paths import TEMPLATES

COVER = "common/cover.txt.j2"
TOC_HEADING = "common/toc_heading.txt.j2"
TITLE_BLOCK = "common/title_block.txt.j2"

_LINE = re.compile(r"^([a-z][a-z0-9_-]*):[ \t]?(.*)$")


@dataclass(frozen=True)
class Line:
    role: str
    text: str


def render(name: str, what: str = "", **context) -> list[Line]:
    """Render a wording template into its role lines; template errors are UserErrors.

    ``what`` names the data being rendered (e.g. the article) in error messages.
    """
    from . import environment
    try:
        text = environment().get_template(name).render(**context)
    except TemplateNotFound:
        raise UserError("missing template", TEMPLATES / name) from None
    except TemplateSyntaxError as exc:
        raise UserError(f"template error: {exc.message}", TEMPLATES / name, exc.lineno) from None
    except TemplateError as exc:
        raise UserError(f"template error{what}: {exc}", TEMPLATES / name) from None
    except (ValueError, TypeError) as exc:     # e.g. zh_date on a date that is not ISO
        raise UserError(f"cannot render{what}: {exc}", TEMPLATES / name) from None
    return parse(text)


def parse(text: str) -> list[Line]:
    lines: list[tuple[str, list[str]]] = []
    for raw in text.split("\n"):
        raw = raw.rstrip("\r")
        m = _LINE.match(raw)
        if m:
            lines.append((m.group(1), [m.group(2)]))
        elif raw.strip() and lines:
            lines[-1][1].append(raw)
        elif raw.strip():
            lines.append(("text", [raw]))
    out = []
    for role, parts in lines:
        value = "\n".join(parts)
        if value.strip():
            out.append(Line(role, value))
    return out


def cover(issue: Issue) -> list[Line]:
    return render(COVER, f" (issue {issue.id!r})", issue=issue)


def toc_heading(issue: Issue) -> str:
    lines = render(TOC_HEADING, f" (issue {issue.id!r})", issue=issue)
    return "".join(line.text for line in lines[:1])


def title_block(article: Article, issue: Issue) -> list[Line]:
    return render(TITLE_BLOCK, f" (article {article.id!r})", article=article, issue=issue)


def description(issue: Issue) -> str:
    """One line saying what the issue is, for the EPUB's dc:description and the DOCX's
    comments (calibre shows either as the book's comments)."""
    from . import text as plain
    return f"《{plain(issue.title)}》{plain(issue.number)}，收录文章 {len(issue.articles)} 篇。"


# What the EPUB templates (and the cover picture's) call, so the cover, the 目录 heading and
# the title block read as in print and DOCX. Passed to ``render`` rather than registered in
# the environment: publish.templating sits below this module and must not import it.
TEMPLATE_FUNCTIONS = {"cover_lines": cover, "toc_heading": toc_heading,
                      "title_block": title_block}


def note_mark(number: int) -> str:
    """How a footnote is numbered in the print and EPUB editions: ① … ㊿, then [51] ….

    Circled figures are the usual 注释 marks; 1–50 exist as characters in every face of
    fonts/. (Word numbers its own footnotes, in the same figures: docxkit/footnotes.py.)
    """
    if 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if 21 <= number <= 35:
        return chr(0x3251 + number - 21)
    if 36 <= number <= 50:
        return chr(0x32B1 + number - 36)
    return f"[{number}]"
