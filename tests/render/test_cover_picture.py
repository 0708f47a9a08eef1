"""The EPUB cover picture: drawn by Pillow, phone-shaped, the same bytes every time, a long
title wrapped inside the page, and no WeasyPrint loaded to draw it."""
from __future__ import annotations

import io
from dataclasses import replace

from PIL import Image

from publish.layout.apart import can_fork
from publish.render.cover_picture import _draw_cover_png
from tests.tools import python_prints


def _ink_rows(png: bytes, top: int, bottom: int) -> int:
    """Rows between ``top`` and ``bottom`` (pixels) with anything but paper on them."""
    with Image.open(io.BytesIO(png)) as image:
        data = image.convert("L")
        return sum(1 for y in range(top, bottom)
                   if data.crop((0, y, data.width, y + 1)).getextrema()[0] < 200)


def test_the_cover_is_phone_shaped_and_reproducible(bundled_issue):
    png = _draw_cover_png(bundled_issue)
    assert png.startswith(b"\x89PNG") and png == _draw_cover_png(bundled_issue)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1350, 2700) and image.mode == "P"
    assert _ink_rows(png, 0, 40) > 0                     # the red band


def test_a_long_title_wraps_onto_more_lines(bundled_issue):
    short = _draw_cover_png(bundled_issue)
    long = _draw_cover_png(replace(bundled_issue, title="理论学习参考" * 4))
    # the title block starts at 440 CSS px (990 px); a wrapped title inks more rows below it
    assert _ink_rows(long, 990, 2200) > _ink_rows(short, 990, 2200)
    with Image.open(io.BytesIO(long)) as image:
        rgb = image.convert("RGB")
        # nothing set into the side margins (40 CSS px) between the title rows
        assert all(rgb.getpixel((x, y)) == rgb.getpixel((1, 1500))
                   for x in range(0, 80, 8) for y in range(990, 1500, 16))


def test_drawing_the_cover_loads_no_weasyprint():
    code = ("import sys; from pathlib import Path; from publish import corpus; "
            "from publish.render.cover_picture import _draw_cover_png; "
            "_draw_cover_png(corpus.load(Path('corpus/2024-02'))); "
            "print('weasyprint' in sys.modules)")
    assert python_prints(code).strip() == "False"


def test_the_cover_drawn_in_a_child_is_the_one_drawn_here(bundled_issue, monkeypatch):
    from publish.render import cover_picture
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    drawn_apart = []
    real = cover_picture._drawn_apart
    monkeypatch.setattr(cover_picture, "_drawn_apart",
                        lambda issue: drawn_apart.append(real(issue)) or drawn_apart[-1])
    png = cover_picture.cover_png_later(bundled_issue)()
    assert png == _draw_cover_png(bundled_issue)
    if can_fork():
        assert drawn_apart and drawn_apart[0] is not None      # it was forked


def test_a_child_that_fails_leaves_the_drawing_to_the_caller(bundled_issue, monkeypatch):
    import os

    from publish.render import cover_picture
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    parent = os.getpid()
    real = cover_picture._draw_cover_png

    def draw(issue):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(issue)
    monkeypatch.setattr(cover_picture, "_draw_cover_png", draw)
    assert cover_picture.cover_png_later(bundled_issue)() == real(bundled_issue)
