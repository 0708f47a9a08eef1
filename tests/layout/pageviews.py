"""Article views made of line counts alone, as layout/pages.py reads them (what the page
tests share)."""
from __future__ import annotations

from types import SimpleNamespace

from publish.layout.style import OFFICIAL

S = OFFICIAL
ROWS = S.lines_per_page          # 22


def block(lines, css="paragraph", tag="p", new_page=False, notes=()):
    return SimpleNamespace(line_starts=list(range(lines)), css=css, tag=tag,
                           new_page=new_page, notes=tuple(notes))


def article(*blocks, title=2, blanks=0):
    return SimpleNamespace(id="a", head=SimpleNamespace(grid_lines=title, pad=0.0, room=0.0),
                           blocks=list(blocks),
                           blank_pages_before=blanks)
