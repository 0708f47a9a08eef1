"""The EPUB's cover picture: the issue's cover wording drawn by Pillow as a PNG.

A phone-shaped page (600 × 1200 CSS px, drawn at 216 dpi: 1350 × 2700 pixels) in the print
colours: a red band top and bottom, the institution in Chinese (bold, spaced) and English
(small, brown), a red rule, the title (red, bold, its size from its length, wrapped if it
must), the issue number and any other cover line, the publisher near the foot. The wording
is templates/common/cover.txt.j2's (``wording.cover``), shared by every edition; the faces
are fonts/' serif regular and bold, so the pixels do not depend on the machine.

Pillow (FreeType) draws it directly: WeasyPrint and pdftoppm made the same picture at several
times the cost of the whole EPUB (importing WeasyPrint alone took longer than writing the
book). The PNG has a palette of the paper and 20 coverage levels of each ink, no timestamps, so the same issue
always gives the same bytes; it is cached under everything it depends on (the cover's
fields, this code, the faces).
"""
from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache

from .. import cache
from ..layout.apart import apart
from ..typefaces import subsets
from ..templating import wording
from ..errors import UserError
from ..model import Issue

KIND = "cover"
SCALE = 216 / 96                 # CSS px → pixels at 216 dpi
WIDTH, HEIGHT = 600, 1200        # CSS px: a phone's shape (1:2)
PAPER, INK, RED, BROWN = "#fbf8f1", "#1a1a1a", "#a61b1b", "#5a4a3a"


def cover_png(issue: Issue) -> bytes:
    """The cover picture, from the cache when the same cover was drawn before."""
    return cover_png_later(issue, fork=False)()


def cover_png_later(issue: Issue, *, fork: bool = True) -> Callable[[], bytes]:
    """Start on the cover picture; the function returned gives it.

    From the cache when the same cover was drawn before (with the cache off no key is made:
    reading the code's imports and versions for it costs more than drawing). Else, with
    ``fork``, it is drawn in a child process while the caller goes on with its own work
    (the EPUB's pages), where the system forks and the process runs no other thread; the
    child's failure is the caller's to see: the picture is then drawn here, where it raises.
    """
    key = None
    if cache.folder() is not None:
        fields = [issue.institution, issue.institution_en, issue.title, issue.number,
                  issue.publisher, issue.id, issue.language]
        code = cache.code_key(__name__, templates=("common",))
        key = cache.fingerprint([code, *map(str, fields)], subsets.cover_font_files())
        png = cache.load(KIND, key)
        if png is not None:
            return lambda: png
    drawn = _drawn_apart(issue) if fork else None

    def result() -> bytes:
        png = drawn() if drawn else None
        if png is None:
            png = _draw_cover_png(issue)
        if key is not None:
            cache.store(KIND, key, png)
        return png
    return result


def _drawn_apart(issue: Issue) -> Callable[[], bytes | None] | None:
    """The cover drawn in a forked child (None: not here); its function gives the PNG, or
    None when the child failed."""
    return apart(lambda: _draw_cover_png(issue), alone=True)


@lru_cache(maxsize=None)
def _font(bold: bool, px: float):
    from PIL import ImageFont
    try:
        face = subsets.serif_regular(bold=bold)
    except UserError:
        if not bold:
            raise
        face = subsets.serif_regular(bold=False)
    return ImageFont.truetype(str(face.path), round(px * SCALE), index=face.index or 0)


def _advance(font, text: str, spacing: float) -> float:
    """Width in pixels of ``text`` set with ``spacing`` CSS px after every character."""
    return sum(font.getlength(ch) for ch in text) + len(text) * spacing * SCALE


def _wrap(font, text: str, spacing: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` CSS px (cut between characters)."""
    lines, line = [], ""
    for ch in text:
        if line and _advance(font, line + ch, spacing) > width * SCALE:
            lines.append(line)
            line = ch.lstrip()
        else:
            line += ch
    return lines + [line] if line else lines


LEVELS = 20                      # coverage levels of each ink (its palette entries)
INKS = (INK, RED, BROWN)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[k:k + 2], 16) for k in (1, 3, 5))


def _palette() -> list[int]:
    """Paper, then each ink over the paper at 1/LEVELS … full coverage."""
    paper = _rgb(PAPER)
    out = list(paper)
    for ink in map(_rgb, INKS):
        for level in range(1, LEVELS + 1):
            out += [round(p + (i - p) * level / LEVELS) for p, i in zip(paper, ink)]
    return out


class _Page:
    """The picture as one coverage mask per ink (texts of two inks never overlap), turned
    into a palette image at the end: no colour quantisation to pay for."""

    def __init__(self):
        from PIL import Image, ImageDraw
        self.size = (round(WIDTH * SCALE), round(HEIGHT * SCALE))
        self.masks = {ink: Image.new("L", self.size, 0) for ink in INKS}
        self.draws = {ink: ImageDraw.Draw(m) for ink, m in self.masks.items()}

    def rect(self, top: float, bottom: float, left: float = 0, right: float = WIDTH) -> None:
        self.draws[RED].rectangle([round(left * SCALE), round(top * SCALE),
                                   round(right * SCALE) - 1, round(bottom * SCALE) - 1],
                                  fill=255)

    def lines(self, texts: list[str], top: float, px: float, *, bold: bool = False,
              spacing: float = 0.0, colour: str = INK, pitch: float | None = None,
              left: float = 0, right: float = WIDTH) -> float:
        """Centred lines from ``top`` (CSS px), each ``pitch`` high (the face's own line
        height when None); the bottom of the last."""
        font = _font(bold, px)
        ascent, descent = font.getmetrics()
        natural = (ascent + descent) / SCALE
        pitch = pitch or natural
        draw = self.draws[colour]
        for text in texts:
            baseline = (top + (pitch - natural) / 2) * SCALE + ascent
            x = ((left + right) / 2) * SCALE - _advance(font, text, spacing) / 2
            for ch in text:
                draw.text((x, baseline), ch, font=font, fill=255, anchor="ls")
                x += font.getlength(ch) + spacing * SCALE
            top += pitch
        return top

    def png(self) -> bytes:
        from PIL import Image, ImageChops
        index = Image.new("L", self.size, 0)
        for k, ink in enumerate(INKS):
            steps = [round(v * LEVELS / 255) for v in range(256)]
            level = self.masks[ink].point([k * LEVELS + s if s else 0 for s in steps])
            index = ImageChops.lighter(index, level)      # one ink per pixel: the one set
        image = Image.frombytes("P", self.size, index.tobytes())
        image.putpalette(_palette())
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()


def _draw_cover_png(issue: Issue) -> bytes:
    lines = wording.cover(issue)

    def role(name: str) -> list[str]:
        return [" ".join(ln.text.split()) for ln in lines if ln.role == name]

    page = _Page()
    page.rect(0, 22)
    page.rect(HEIGHT - 14, HEIGHT)
    below = page.lines(role("institution"), 150, 30, bold=True, spacing=6)
    page.lines(role("institution-en"), below + 8, 11.5, spacing=1.2, colour=BROWN)
    page.rect(250, 252, 120, WIDTH - 120)
    title = " ".join(role("title")) or issue.title
    size = max(40, min(72, int(500 / max(len(title), 1) / 1.06)))
    wrapped = _wrap(_font(True, size), title, 0.06 * size, WIDTH - 80)
    top = page.lines(wrapped, 440, size, bold=True, spacing=0.06 * size, colour=RED,
                     pitch=1.25 * size, left=40, right=WIDTH - 40)
    rest = role("number") + [" ".join(ln.text.split()) for ln in lines if ln.role not in (
        "institution", "institution-en", "title", "number", "publisher")]
    for text in rest:
        top = page.lines([text], top + 36, 26, spacing=2, left=40, right=WIDTH - 40)
    publisher = role("publisher")
    if publisher:
        font = _font(True, 26)
        height = sum(font.getmetrics()) / SCALE * len(publisher)
        page.lines(publisher, HEIGHT - 170 - height, 26, bold=True, spacing=8)
    return page.png()
