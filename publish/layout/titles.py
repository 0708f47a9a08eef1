"""The lines an article title is set in, shared by every edition.

It also ranks an article's headings below its title (:func:`heading_ranks`), so the PDF
outline, the EPUB's headings and nav and the DOCX agree on what sits under what.

The print edition balances a title over as many lines as the measure needs, breaking between
words (see :mod:`.words`). The DOCX and the EPUB carry the same breaks, so a title reads
alike in every edition: :func:`title_lines` gives them the print lines as plain strings,
with no page layout involved.
"""
from __future__ import annotations

from functools import lru_cache

from ..model import ATTACHMENT_TITLE, HEADING, Article
from ..text.chars import strip_controls
from .compose import Line, Measure, compose, measure
from .rules import break_opportunities
from .style import OFFICIAL, HouseStyle

TITLE_ROLE = "serif-bold"


SPACES = " \u3000"


def compose_title(title: str, style: HouseStyle = OFFICIAL) -> list[Line]:
    """The title's composed lines: balanced, unjustified, at the title size. A title with
    real spaces that needs more than one line breaks at its spaces (the natural break the
    author wrote: …人民代表大会制度 / 保障人民当家作主), as long as that costs no line.
    Kept by what they depend on: the print plan's grid and the house page the DOCX and
    EPUB follow share a measure and title size, so each title is composed once."""
    return list(_composed(strip_controls(title), style.measure, style.title_size,
                          style.max_squeeze, style.hang, style.avoid_lone))


@lru_cache(maxsize=1024)
def _composed(text: str, width: float, size: float, max_squeeze: float, hang: str,
              lone: bool) -> tuple[Line, ...]:
    atoms = measure([(text, TITLE_ROLE)], size)
    m = Measure(width=width, justify=False, balance=True, max_squeeze=max_squeeze, hang=hang,
                lone=lone)
    return tuple(display_lines(atoms, m))


def display_lines(atoms, m: Measure) -> list[Line]:
    """A display line (a title, a headline group) composed balanced, broken at its real
    spaces when it needs more than one line and that costs no line: the spaces of a title or
    a headline group mark where its printed lines ended (专题研讨班 开班式上…强调 坚定不移走…
    breaks at them, never inside 坚定不移|走)."""
    lines = compose(atoms, m)
    if len(lines) > 1 and any(a.ch in SPACES for a in atoms):
        return _at_spaces(atoms, m, len(lines)) or lines
    return lines


def _at_spaces(atoms, m: Measure, count: int) -> list[Line] | None:
    """The title's lines broken at spaces: the space-separated groups in consecutive runs,
    each run composed alone (balanced), in no more than ``count`` lines; the fewest breaks
    that are not at a space, then the most even lines. None when no space can be a break."""
    text = "".join(a.ch for a in atoms)
    ok = break_opportunities(text) if len(text) == len(atoms) else [True] * (len(atoms) + 1)
    cuts = [i for i, a in enumerate(atoms) if a.ch in SPACES and 0 < i < len(atoms) - 1
            and ok[i + 1]]                      # not inside 2024 年 (the rules' own test)
    if not cuts or len(cuts) > 8:
        return None
    best = None
    for mask in range(1, 1 << len(cuts)):
        chosen = [c for k, c in enumerate(cuts) if mask >> k & 1]
        bounds = [0, *chosen, len(atoms)]
        lines: list[Line] = []
        for a, b in zip(bounds, bounds[1:]):
            start = a + 1 if a else 0                   # the space at a break is dropped
            run = atoms[start:b]
            while run and run[-1].ch in SPACES:
                run = run[:-1]
            if not run:
                break
            for line in compose(run, m):
                line.start += start
                line.end += start
                lines.append(line)
        else:
            if len(lines) > count:
                continue
            inside = len(lines) - len(chosen) - 1      # breaks not at a space
            widths = [line.width for line in lines]
            key = (inside, len(lines), max(widths) - min(widths))
            if best is None or key < best[0]:
                best = (key, lines)
    return best[1] if best else None


@lru_cache(maxsize=1024)
def title_lines(title: str, style: HouseStyle = OFFICIAL) -> tuple[str, ...]:
    """``title`` broken as the print edition sets it (a space at a break is dropped); kept,
    as the DOCX and the EPUB of one build both ask."""
    return tuple(line.text.strip() for line in compose_title(title, style))


def heading_ranks(article: Article) -> list[int | None]:
    """Each block's rank as a heading below its article's title (the title is rank 1), or
    None for a block that is no heading.

    A heading is ranked one below the nearest heading before it of a higher level (一 over
    一、 over （一）), or 2 when there is none: the levels the article uses, none skipped.
    An attachment's title (附件 …) is rank 2, one below the article's title, and the headings
    after it one rank deeper, so they sit under it. 一、 headings ahead of the article's
    first lone numeral (二) are rank 2, not 3 under a rank-2 heading there is none of (Ace's
    heading-order: a reader's heading list skipped a level)."""
    open_: list[tuple[int, int]] = []          # (level, rank) of the headings still open
    base = 1                                  # the title's rank; an attachment title's
    ranks: list[int | None] = []
    for block in article.blocks:
        if block.type == ATTACHMENT_TITLE:
            base, open_ = 2, []
            ranks.append(2)
        elif block.type == HEADING:
            level = block.level or 1
            while open_ and open_[-1][0] >= level:
                open_.pop()
            rank = (open_[-1][1] if open_ else base) + 1
            open_.append((level, rank))
            ranks.append(rank)
        else:
            ranks.append(None)
    return ranks
