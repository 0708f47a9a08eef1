"""Where units start: pure logic over composed views and unit results (no WeasyPrint)."""
from __future__ import annotations

from types import SimpleNamespace

from publish.layout.style import OFFICIAL
from publish.model import PageStart, Pagination
from publish.render import units
from publish.render.unitpdf import PageInfo, UnitResult


def _view(*arts, first=1, lines=20):
    style = SimpleNamespace(first_folio=first, lines_per_page=lines)
    return SimpleNamespace(style=style, articles=list(arts))


def _art(ident, lines=10, blanks=0):
    block = SimpleNamespace(line_starts=list(range(lines)))
    return SimpleNamespace(id=ident, head=SimpleNamespace(grid_lines=2), blocks=[block],
                           blank_pages_before=blanks)


def _result(name, pages, first_folio=None, title_on=0):
    infos = []
    for k in range(pages):
        folio = None if first_folio is None else first_folio + k
        start = PageStart(folio or 0, name, -1 if k == title_on else 0, 0) if (
            folio is not None and k >= title_on) else None
        infos.append(PageInfo("body" if folio is not None else "blank", folio, start))
    return UnitResult(name, b"%PDF-", tuple(infos))


def test_house_edition_starts_follow_the_pages_before():
    view = _view(_art("a"), _art("b"), _art("c"))
    done = {"a": _result("a", 3), "b": _result("b", 1), "c": _result("c", 2)}
    assert units.actual_starts(view, done) == {"a": 1, "b": 4, "c": 5}


def test_source_edition_keeps_the_planned_page_unless_pushed():
    view = _view(_art("a"), _art("b"), _art("c"), first=7)
    floor = {"a": 7, "b": 9, "c": 12}
    fits = {"a": _result("a", 2), "b": _result("b", 3), "c": _result("c", 1)}
    assert units.actual_starts(view, fits, floor) == floor
    # "a" runs one page past its plan: "b" moves on, and "c" after it
    longer = dict(fits, a=_result("a", 3))
    assert units.actual_starts(view, longer, floor) == {"a": 7, "b": 10, "c": 13}


def test_planned_starts_include_the_blank_pages_before_an_article():
    view = _view(_art("a"), _art("b", blanks=2))
    planned = Pagination(pages=(PageStart(1, "a", -1, 0), PageStart(6, "b", -1, 0)))
    assert units.planned_starts(view, planned) == {"a": 1, "b": 4}


def test_estimate_counts_pages_from_the_composed_lines():
    # 22 lines a page: "a" has 2 title lines and 38 body lines, so 2 pages; "b" starts on 3
    view = SimpleNamespace(style=OFFICIAL, articles=[_body_art("a", 38), _body_art("b", 5)])
    assert units.estimated_starts(view) == {"a": 1, "b": 3}


def _body_art(ident, lines):
    block = SimpleNamespace(line_starts=list(range(lines)), css="paragraph", tag="p",
                            new_page=False, notes=())
    return SimpleNamespace(id=ident, head=SimpleNamespace(grid_lines=2), blocks=[block],
                           blank_pages_before=0)


def test_title_pages_skip_leading_blanks():
    view = _view(_art("a"))
    result = UnitResult("a", b"%PDF-", (
        PageInfo("blank", None, None), PageInfo("body", 5, PageStart(5, "a", -1, 0))))
    assert units.title_pages(view, {"a": result}) == {"a": 5}


def test_a_blank_page_keeps_the_first_article_on_the_right():
    assert units.needs_blank(_result("toc", 2)) is True       # cover + 2 → next is a left page
    assert units.needs_blank(_result("toc", 1)) is False


def test_unit_results_round_trip_through_the_cache_format():
    result = _result("x", 3, first_folio=4)
    again = UnitResult.from_bytes(result.to_bytes())
    assert again == result


def test_the_unit_key_holds_the_options_that_change_a_pdf_only():
    from publish.options import BuildOptions
    default = units.code_key(BuildOptions(edition="source"))
    assert units.code_key(BuildOptions(edition="source", jobs=1, proof=False,
                                       docx_fonts="free", embed_fonts=True)) == default
    assert units.code_key(BuildOptions(edition="source", pdf_variant="pdf/a-2u")) != default
    assert units.code_key(BuildOptions(edition="official")) != default
