"""The DOCX page is the house style's page, converted: one source of the numbers."""
from __future__ import annotations

import importlib
from dataclasses import replace

from publish.docxkit import config
from publish.layout import style


def test_the_docx_page_is_the_house_page():
    house = style.OFFICIAL
    assert (config.PAGE_WIDTH, config.PAGE_HEIGHT) == (config.mm(210), config.mm(297))
    measure = house.page_width_mm - house.margin_inner_mm - house.margin_outer_mm
    assert abs(config.TEXT_WIDTH - config.mm(measure)) <= 1       # margins rounded apart
    assert config.LINE_PITCH == config.pt(house.pitch)
    assert config.LINES_PER_PAGE == house.lines_per_page == 22
    assert config.CHARS_PER_LINE == house.chars_per_line
    # the condensed body fits the characters of a line on the measure, one more does not
    cell = config.BODY_SIZE * 20 + config.BODY_CHAR_SPACING
    assert config.CHARS_PER_LINE * cell <= config.TEXT_WIDTH < (config.CHARS_PER_LINE + 1) * cell
    assert str(config.BODY_SIZE) == "16"          # written as WordprocessingML writes it


def test_a_change_to_the_house_style_moves_the_docx_page(monkeypatch):
    """Not a copy: the DOCX follows an edit of layout/style.py."""
    wider = replace(style.OFFICIAL, margin_inner_mm=30.0, margin_outer_mm=30.0,
                    chars_per_line=26, body_size=15.0, pitch=30.0)
    monkeypatch.setattr(style, "OFFICIAL", wider)
    try:
        changed = importlib.reload(config)
        assert changed.MARGIN_LEFT == changed.MARGIN_RIGHT == config.mm(30)
        assert changed.CHARS_PER_LINE == 26
        assert changed.LINE_PITCH == 600
        assert changed.LINES_PER_PAGE == wider.lines_per_page == 21
        assert changed.STYLE_BY_ID["Body"].size == 15
        cell = changed.BODY_SIZE * 20 + changed.BODY_CHAR_SPACING
        assert 26 * cell <= changed.TEXT_WIDTH < 27 * cell
    finally:
        monkeypatch.undo()
        importlib.reload(config)
    assert config.MARGIN_LEFT == config.mm(28)
