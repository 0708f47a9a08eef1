"""The lines an article title is set in, shared by every edition.

The print edition balances a title over as many lines as the measure needs, breaking between
words (see :mod:`.words`). The DOCX and the EPUB carry the same breaks, so a title reads
alike in every edition: :func:`title_lines` gives them the print lines as plain strings,
with no page layout involved.
"""
from __future__ import annotations

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
