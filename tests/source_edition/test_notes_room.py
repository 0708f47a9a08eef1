"""A page whose lines call footnotes holds fewer lines: the plan leaves the notes their room
at the page's foot, so the PDF keeps every page where the plan put it (DOCX and EPUB take the
plan's pages: they would disagree with the PDF otherwise)."""
from __future__ import annotations

from pathlib import Path

import pytest

from publish.commands.build import build_issue
from publish.source_edition import paginate
from publish.writers import BuildOptions
from tests.source_edition.gridrows import rows_of
from tests.source_edition.handmade import para, write_corpus


def _with_note(rows: list[paginate.Row], at: int, points: float) -> list[paginate.Row]:
    from dataclasses import replace
    return rows[:at] + [replace(rows[at], notes=points)] + rows[at + 1:]


def test_a_page_with_a_footnote_is_planned_with_the_lines_the_note_leaves():
    rows = _with_note(rows_of([3, 3, 6, 17, 31]), 4, 18.0)     # a one-line note on line 3
    lines = 32
    plan = paginate.plan_article(rows, lines, 2, target=lines)
    first = plan.starts[1] - plan.starts[0]
    taken = paginate.note_rows(18.0, lines)
    assert taken >= 1
    assert first + taken <= lines


def test_rows_without_notes_plan_as_before():
    rows = rows_of([3, 3, 6, 17, 31])
    assert paginate.plan_article(rows, 31, 2, target=31).starts == [0, 31]


def test_a_page_cannot_take_more_than_the_grid_with_its_notes():
    rows = _with_note(rows_of([40]), 5, 18.0)
    assert not paginate.fits(rows, 21, 2)                 # 42 rows and a note in 2 × 21
    assert paginate.fits(rows_of([40]), 21, 2)


def _corpus(root: Path) -> Path:
    paras = [para(n) for n in (85, 60, 175, 450, 800)]
    paras[0] += "[^0]"
    body = "\n\n".join(paras) + "\n\n[^0]: 注释的文字，说明这一段的出处和背景资料。"
    return write_corpus(root, [("有注释的文章", body, 1), ("第二篇", para(300), 3)])


@pytest.mark.slow
def test_a_dense_page_with_a_footnote_keeps_its_lines_in_the_pdf(tmp_path):
    """A 目录 that makes the grid dense (a long article in two pages): the note's page
    loses no line to the next page, so every article starts where DOCX and EPUB say."""
    src = _corpus(tmp_path / "c")
    _, notes = build_issue(src, ["pdf"], tmp_path / "out", BuildOptions())
    text = [str(n) for n in notes]
    assert not [n for n in text if "in the PDF" in n or "too many to set closer" in n], text
    assert any("start pages 2/2" in n for n in text), text
