"""The folios a recorded page end may open, from the 目录 alone: exact where every end of an
article was recorded, widened where an article has more recorded ends than pages after its
first (one of them opens no page: the source edition keeps the 目录's pages)."""
from __future__ import annotations

from publish.check import breaks
from tests.source_edition.variants import doubled_end


def test_an_end_too_many_widens_its_article_s_bounds_by_one(bundled_issue):
    """Article 1 (pages 1–7, six recorded ends) with a seventh: bounds it could never meet
    (the k-th end from page 1 + k, at most page k) once made all seven missed."""
    issue = doubled_end(bundled_issue, 0)[0]
    art = issue.articles[0]
    before = {(e.article, e.block, e.offset): e for e in breaks.recorded_ends(bundled_issue)}
    ends = breaks.recorded_ends(issue)
    mine = [e for e in ends if e.article == art.id]
    assert len(mine) == 7 and all(e.lo <= e.hi for e in mine)
    for e in mine:                    # the six true ends: their own page still allowed
        old = before.get((e.article, e.block, e.offset))
        if old is not None:
            assert e.lo <= old.lo <= e.hi and e.hi - e.lo <= 1
    assert all(before[(e.article, e.block, e.offset)] == e for e in ends
               if e.article != art.id)


def test_a_page_that_begins_with_a_character_past_the_bmp_is_found():
    """PDFium's text drops 𠮷 (U+20BB7): a page that begins 𠮷深刻领悟 reads 深刻领悟, and the
    end recorded before 𠮷 was counted missed (76 of 77 in a tester's variant)."""
    from types import SimpleNamespace as NS
    page = NS(body=[NS(text="深刻领悟“两个确立”的决定性意义")])
    doc = NS(pages=[page])
    text = breaks._in_bmp("𠮷深刻领悟“两个确立”的决定性意义")
    assert breaks._opens(breaks._head(doc, 0), text)
    assert breaks._opens(breaks._head(NS(pages=[NS(body=[NS(text="𠮷深刻领悟“两个确立”的决定性意义")])]), 0),
                         text)
