"""A composer that cuts blocks where a source page ended inside them.

The text before each recorded page end is recomposed so the end falls at a line start
(``layout.breakfit``); each part after a cut becomes its own block view that begins a page.
"""
from __future__ import annotations

from dataclasses import replace

from ..layout.breakfit import compose_to_break
from ..layout.compose import Line, compose, measure
from ..layout.document import Composer
from ..layout.notes import CALL_ROLE
from ..layout.style import HouseStyle
from ..model import Article, Issue


def cuts_of(issue: Issue) -> dict[tuple[str, int], list[int]]:
    """(article id, block index) → offsets inside the block where a source page ended."""
    out: dict[tuple[str, int], list[int]] = {}
    for art in issue.articles:
        for pb in art.page_breaks:
            if 0 <= pb.block < len(art.blocks) and 0 < pb.offset < len(art.blocks[pb.block].body_text):
                out.setdefault((art.id, pb.block), []).append(pb.offset)
    return {k: sorted(set(v)) for k, v in out.items()}


class CuttingComposer(Composer):
    """Composer whose blocks come in parts, one per source page they were printed on."""

    def __init__(self, style: HouseStyle, cuts: dict[tuple[str, int], list[int]]):
        super().__init__(style)
        self.cuts = cuts
        self.unfilled: list[tuple[str, int, int]] = []   # (article, block, offset)

    def memo_key(self, article: Article) -> str:
        return repr(sorted((k, v) for k, v in self.cuts.items() if k[0] == article.id))

    def mark(self) -> int:
        return len(self.unfilled)

    def since(self, mark: int) -> tuple:
        return tuple(self.unfilled[mark:])

    def replay(self, noted: tuple) -> None:
        self.unfilled.extend(noted)

    def block_lines(self, article: Article, index: int, pieces, *, skip: int = 0,
                    **kw) -> list[list[Line]]:
        offsets = self.cuts.get((article.id, index))
        if not offsets:
            return [self.lines(pieces, **kw)]
        size, m = self.measure_of(**kw)
        atoms = measure(pieces, size)
        bounds = [a for a in (_atom_at(pieces, o + skip) for o in offsets) if 0 < a < len(atoms)]
        parts: list[list[Line]] = []
        start = 0
        for k, end in enumerate(bounds + [len(atoms)]):
            piece = atoms[start:end]
            mk = m if k == 0 else replace(m, first_indent=0.0)
            lines = None
            if end < len(atoms):
                lines = compose_to_break(piece, mk, self.s.cell)
                if lines is None:                # the page ends on a short line instead
                    self.unfilled.append((article.id, index, end - skip))
            if lines is None:
                lines = compose(piece, mk)
            for line in lines:
                line.start += start
                line.end += start
            parts.append(lines)
            start = end
        return parts


def _atom_at(pieces, offset: int) -> int:
    """The composed character a plain-text offset falls on: a footnote's mark is a
    character of the composed text but not of the plain text, and stays with the text
    before it."""
    plain = atoms = 0
    for text, role in pieces:
        if role == CALL_ROLE:
            atoms += len(text)
            continue
        if plain + len(text) > offset:
            break
        plain += len(text)
        atoms += len(text)
    return atoms + offset - plain
