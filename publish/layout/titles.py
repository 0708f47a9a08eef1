"""The lines an article title is set in, shared by every edition.

It also ranks an article's headings below its title (:func:`heading_ranks`), so the PDF
outline, the EPUB's headings and nav and the DOCX agree on what sits under what.

The print edition balances a title over as many lines as the measure needs, breaking between
words (see :mod:`.words`). The DOCX and the EPUB carry the same breaks, so a title reads
alike in every edition: :func:`title_lines` gives them the print lines as plain strings,
with no page layout involved.
"""
from __future__ import annotations

from ..model import ATTACHMENT_TITLE, HEADING, Article
from ..textrules import strip_controls
from .compose import Line, Measure, compose, measure
from .style import OFFICIAL, HouseStyle

TITLE_ROLE = "serif-bold"


def compose_title(title: str, style: HouseStyle = OFFICIAL) -> list[Line]:
    """The title's composed lines: balanced, unjustified, at the title size."""
    atoms = measure([(strip_controls(title), TITLE_ROLE)], style.title_size)
    return compose(atoms, Measure(width=style.measure, justify=False, balance=True,
                                  max_squeeze=style.max_squeeze, hang=style.hang,
                                  lone=style.avoid_lone))


def title_lines(title: str, style: HouseStyle = OFFICIAL) -> tuple[str, ...]:
    """``title`` broken as the print edition sets it (a space at a break is dropped)."""
    return tuple(line.text.strip() for line in compose_title(title, style))


def heading_ranks(article: Article) -> list[int | None]:
    """Each block's rank as a heading below its article's title (the title is rank 1), or
    None for a block that is no heading.

    Headings are ranked 2… by the levels the article uses (none skipped); an attachment's
    title (附件 …) is rank 2, one below the article's title, and the headings after it one
    rank deeper than they would be, so they sit under it."""
    levels = sorted({b.level or 1 for b in article.blocks if b.type == HEADING})
    ranks: list[int | None] = []
    in_attachment = False
    for block in article.blocks:
        if block.type == ATTACHMENT_TITLE:
            in_attachment = True
            ranks.append(2)
        elif block.type == HEADING:
            ranks.append(levels.index(block.level or 1) + 2 + in_attachment)
        else:
            ranks.append(None)
    return ranks
