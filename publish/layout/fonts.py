"""The typefaces of the print edition: one role per committed font file in fonts/.

The CSS family names are the project's own ("Publish Serif" …) so that fontconfig can never
match them with a system-installed face: WeasyPrint sets only these @font-face fonts.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..writers import FONTS
from .shaping import Face, face


@dataclass(frozen=True)
class Role:
    name: str
    file: str
    family: str        # CSS font-family
    weight: int        # CSS font-weight
    css_class: str     # class of a span set in this role inside a block of another role


ROLES: dict[str, Role] = {r.name: r for r in (
    Role("serif", "NotoSerifCJKsc-Regular.otf", "Publish Serif", 400, "f-serif"),
    Role("serif-bold", "NotoSerifCJKsc-Bold.otf", "Publish Serif", 700, "f-serif-bold"),
    Role("sans-bold", "NotoSansCJKsc-Bold.otf", "Publish Sans", 700, "f-sans-bold"),
    Role("kai", "LXGWWenKai-Regular.ttf", "Publish Kai", 400, "f-kai"),
)}

BOLD_OF = {"serif": "serif-bold", "serif-bold": "serif-bold", "sans-bold": "sans-bold",
           "kai": "kai"}


def font_path(role: str, fonts_dir: Path = FONTS) -> Path:
    path = fonts_dir / ROLES[role].file
    if not path.is_file():
        raise UserError("font missing: run fonts/regenerate.sh", path)
    return path


def role_face(role: str, fonts_dir: Path = FONTS) -> Face:
    return face(str(font_path(role, fonts_dir)))


def font_faces(fonts_dir: Path = FONTS) -> list[dict]:
    """What the @font-face rules need: family, weight and an absolute file URL."""
    return [{"family": r.family, "weight": r.weight,
             "url": font_path(r.name, fonts_dir).resolve().as_uri()} for r in ROLES.values()]
