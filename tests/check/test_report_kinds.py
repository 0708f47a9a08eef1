"""Every kind of finding, provoked on hand-made issues and page lists."""
from __future__ import annotations

import json

import pytest

from publish.check import check
from publish.check.report import (NO_ARTICLE, NO_NUMBER, NOT_IN_PDF, NOT_IN_TOC, ORDER, PAGE,
                                  PAGE_CONFLICT, PDF_TOC, TITLE)

from .pagelist import doc, issue, printed_issue

TITLES = ["中国共产党第二十届中央纪律检查委员会第三次全体会议公报",
          "习近平对政法工作作出重要指示",
          "自治区政协十三届二次会议开幕",
          "自治区政协十三届二次会议闭幕",
          "孙绍骋在自治区十四届人大二次会议闭幕会上的讲话"]
PAGES = [1, 4, 6, 7, 9]


def problems(report) -> dict:
    """{目录 index or article id: problems} for the rows that have any."""
    return {(e.index if e.index is not None else e.article): set(e.problems)
            for e in report.entries if e.problems}


# ----------------------------------------------------------------------------- titles

def test_all_agree():
    report = check(issue(TITLES, PAGES))
    assert problems(report) == {}
    assert report.exit_code() == 0
    assert report.titles_ok == len(TITLES) and report.pages_ok is None
    assert [e.article for e in report.entries] == [f"a{k + 1}" for k in range(len(TITLES))]


def test_a_missed_recorded_page_end_is_a_difference():
    from dataclasses import replace
    report = check(issue(TITLES, PAGES))
    assert report.exit_code() == 0
    missed = replace(report, page_ends_total=3, page_ends_missed=("a2: block 1, character 40",))
    assert missed.exit_code() == 1


def test_title_differs_with_diff():
    toc = list(zip(TITLES, PAGES))
    toc[1] = ("习近平对政法工作作出重要批示", PAGES[1])
    report = check(issue(TITLES, PAGES, toc))
    assert problems(report) == {2: {TITLE}}
    row = report.entries[1]
    assert row.article == "a2" and not row.title_ok and row.diff == "-指 +批"
    assert report.exit_code() == 1


def test_a_toc_running_a_title_on_into_its_subtitle_is_no_difference():
    """A 目录 printing 标题——在…上的讲话 for a title whose subtitle line is printed under it:
    the same title (it gave a title difference, and a long subtitle lost the pair: the
    entry had no article and the article no entry)."""
    from dataclasses import replace
    subtitle = "——在自治区第十四届人民代表大会第二次会议闭幕会上的讲话"
    toc = list(zip(TITLES, PAGES))
    toc[1] = ("习近平对政法工作作出重要指示" + subtitle, PAGES[1])
    base = issue(TITLES, PAGES, toc)
    arts = list(base.articles)
    arts[1] = replace(arts[1], deck=(subtitle,))
    report = check(replace(base, articles=tuple(arts)))
    assert problems(report) == {}
    assert report.entries[1].article == "a2" and report.entries[1].title_ok
    assert report.titles_ok == len(TITLES)


def test_a_toc_naming_each_articles_source_is_no_difference():
    from dataclasses import replace
    base = issue(TITLES, PAGES, [(f"{t}（新华社）", p) for t, p in zip(TITLES, PAGES)])
    report = check(replace(base, articles=tuple(replace(a, source="新华社")
                                                for a in base.articles)))
    assert problems(report) == {} and report.titles_ok == len(TITLES)
    assert problems(check(base)) == {k + 1: {TITLE} for k in range(len(TITLES))}  # no source


def test_leaders_spaces_and_widths_are_not_differences():
    toc = list(zip(TITLES, PAGES))
    toc[0] = ("中国共产党第二十届中央纪律检查委员会 第三次全体会议公报 ...", PAGES[0])
    toc[4] = ("孙绍骋在自治区十四届人大二次会议闭幕会上的讲话……………", PAGES[4])
    report = check(issue(TITLES, PAGES, toc))
    assert problems(report) == {}


def test_no_such_article():
    toc = list(zip(TITLES, PAGES))
    toc.insert(2, ("关于一篇不存在的报告的说明", 5))
    report = check(issue(TITLES, PAGES, toc))
    assert problems(report) == {3: {NO_ARTICLE}}
    assert report.entries[2].article is None and not report.entries[2].title_ok


def test_article_missing_from_the_toc_is_shown_where_it_belongs():
    toc = [e for k, e in enumerate(zip(TITLES, PAGES)) if k != 2]
    report = check(issue(TITLES, PAGES, toc))
    assert problems(report) == {"a3": {NOT_IN_TOC}}
    assert [e.article for e in report.entries] == ["a1", "a2", "a3", "a4", "a5"]
    assert report.entries[2].index is None and report.entries[2].page is None


def test_swapped_pair_is_an_order_problem_not_two_title_problems():
    toc = list(zip(TITLES, PAGES))
    toc[2], toc[3] = toc[3], toc[2]          # the near-twin titles 开幕/闭幕
    report = check(issue(TITLES, PAGES, toc))
    assert problems(report) == {3: {ORDER}, 4: {ORDER}}
    assert report.entries[2].article == "a4" and report.entries[2].title_ok


def test_moved_entry_reports_only_the_moved_one():
    toc = list(zip(TITLES, PAGES))
    toc.insert(4, toc.pop(0))
    report = check(issue(TITLES, PAGES, toc))
    assert problems(report) == {5: {ORDER}}


def test_page_in_toc_conflicts_with_article_page():
    toc = list(zip(TITLES, PAGES))
    toc[3] = (TITLES[3], PAGES[3] + 1)
    report = check(issue(TITLES, PAGES, toc))
    assert problems(report) == {4: {PAGE_CONFLICT}}


def test_several_kinds_at_once():
    toc = list(zip(TITLES, PAGES))
    toc[1] = ("习近平对政法工作作出重要批示", PAGES[1])
    toc[3], toc[4] = toc[4], toc[3]
    del toc[0]
    report = check(issue(TITLES, PAGES, toc))
    assert problems(report) == {"a1": {NOT_IN_TOC}, 1: {TITLE}, 3: {ORDER}, 4: {ORDER}}


# ------------------------------------------------------------------------------ pages

def test_pages_agree_found_by_text():
    pdf = doc(printed_issue(TITLES, PAGES))
    report = check(issue(TITLES, PAGES), pdf)
    assert problems(report) == {}
    assert [e.pdf_page for e in report.entries] == PAGES
    assert {e.found_by for e in report.entries} == {"text"}
    assert report.pdf_toc_found and report.pdf_toc_ok == len(TITLES)
    assert report.pages_ok == len(TITLES)


def test_destinations_and_outline_give_the_same_starts_as_text():
    pages = printed_issue(TITLES, PAGES)
    index = {k: 2 + p - 1 for k, p in enumerate(PAGES)}          # cover, 目录, then page 1
    by_dest = check(issue(TITLES, PAGES),
                    doc(pages, destinations={f"a{k + 1}": i for k, i in index.items()}))
    by_outline = check(issue(TITLES, PAGES),
                       doc(pages, outline=[("目录", 1)] + [(TITLES[k], i) for k, i in
                                                         index.items()]))
    by_text = check(issue(TITLES, PAGES), doc(pages))
    assert {e.found_by for e in by_dest.entries} == {"destination"}
    assert {e.found_by for e in by_outline.entries} == {"outline"}
    for report in (by_dest, by_outline):
        assert [e.pdf_page for e in report.entries] == [e.pdf_page for e in by_text.entries]


def test_article_starting_on_another_page():
    starts = list(PAGES)
    starts[3] += 1                               # the PDF runs one page longer before a4
    report = check(issue(TITLES, PAGES), doc(printed_issue(TITLES, starts)))
    assert problems(report) == {4: {PAGE}}
    assert report.entries[3].pdf_page == starts[3] and report.entries[3].page_ok is False


def test_footer_numbering_that_differs():
    pdf = doc(printed_issue(TITLES, [p + 2 for p in PAGES], first_number=3))
    report = check(issue(TITLES, PAGES), pdf)
    assert problems(report) == {k + 1: {PAGE} for k in range(len(TITLES))}
    assert [e.pdf_page for e in report.entries] == [p + 2 for p in PAGES]
    assert report.pages_ok == 0


def test_article_not_in_the_pdf():
    pages = printed_issue(TITLES, PAGES)
    pages = [[ln for ln in pg if ln != TITLES[1]] for pg in pages[:2]] + \
        [[ln for ln in pg if ln != TITLES[1]] for pg in pages[2:]]
    pages[1] = printed_issue(TITLES, PAGES)[1]         # the 目录 still lists it
    report = check(issue(TITLES, PAGES), doc(pages))
    assert problems(report) == {2: {NOT_IN_PDF}}
    assert report.entries[1].pdf_page is None and report.entries[1].page_ok is False


def test_pdf_toc_giving_other_numbers():
    printed = list(PAGES)
    printed[2] = 99
    report = check(issue(TITLES, PAGES), doc(printed_issue(TITLES, PAGES, toc_pages=printed)))
    assert problems(report) == {3: {PDF_TOC}}
    assert report.entries[2].pdf_toc_page == 99 and report.entries[2].pdf_page == PAGES[2]


def test_pdf_toc_missing_a_line_and_naming_no_article():
    pages = printed_issue(TITLES, PAGES)
    pages[1] = [ln for ln in pages[1] if not ln.startswith(TITLES[4])]
    pages[1].append("一篇并不存在的文章的标题……\t12")
    report = check(issue(TITLES, PAGES), doc(pages))
    assert problems(report) == {5: {PDF_TOC}}
    assert report.entries[4].pdf_toc_page is None
    assert report.pdf_toc_extra == ("一篇并不存在的文章的标题 12",)
    assert report.exit_code() == 1


def test_a_pdf_of_another_edition_is_named_so_once_not_by_every_page_end():
    """Its own 目录 gives each article its real start, but most start off the source
    pages: another edition. The check still exits 1, says why in one line, and leaves the
    page-end misses to --json."""
    from dataclasses import replace
    from io import StringIO

    from rich.console import Console
    own = [1, 5, 8, 10, 13]                  # every article later than the source's pages
    report = check(issue(TITLES, PAGES), doc(printed_issue(TITLES, own)))
    assert report.another_edition and report.pdf_toc_ok == len(TITLES)
    missed = replace(report, page_ends_total=3, page_ends_missed=("a2: x", "a3: y"))
    out = StringIO()
    missed.render(Console(file=out, width=400))
    text = out.getvalue()
    assert "page numbers of its own: 4 of 5 articles" in text and "--edition official" in text
    assert "page end not on its source page" not in text and "1 of 3" in text
    assert missed.exit_code() == 1 and json.loads(missed.to_json())["summary"]["another_edition"]


def test_a_source_pdf_with_its_pages_wrong_is_not_called_another_edition():
    """A PDF whose own 目录 still prints the source pages while the articles start
    elsewhere, or whose starts are mostly right, is a source edition with faults."""
    own = [1, 5, 8, 10, 13]
    misprinted = check(issue(TITLES, PAGES), doc(printed_issue(TITLES, own, toc_pages=PAGES)))
    assert not misprinted.another_edition
    one_off = [1, 4, 6, 8, 9]
    assert not check(issue(TITLES, PAGES), doc(printed_issue(TITLES, one_off))).another_edition


def test_pdf_without_toc_is_a_note_not_a_failure():
    pages = printed_issue(TITLES, PAGES)
    del pages[1]
    report = check(issue(TITLES, PAGES), doc(pages))
    assert problems(report) == {}
    assert report.pdf_toc_found is False and report.pdf_toc_ok is None
    assert any("目录" in n for n in report.notes)


def test_start_page_without_any_number():
    pages = [["封面"]] + [[t, "正文内容。"] for t in TITLES]        # nothing is numbered
    report = check(issue(TITLES, PAGES), doc(pages))
    assert problems(report) == {k + 1: {NO_NUMBER} for k in range(len(TITLES))}
    assert all(e.page_ok is False for e in report.entries)


def test_unnumbered_start_page_takes_its_neighbours_number():
    pages = printed_issue(TITLES, PAGES)
    start = 2 + PAGES[2] - 1
    pages[start] = [ln for ln in pages[start] if not ln.startswith("_")]
    pdf = doc(pages)
    report = check(issue(TITLES, PAGES), pdf)
    assert problems(report) == {}
    assert pdf.inferred(start) and report.entries[2].pdf_page == PAGES[2]
    assert any("inferred" in n for n in report.notes)


def test_wrapped_and_spaced_titles_are_found():
    pages = printed_issue(TITLES, PAGES)
    start = 2 + PAGES[0] - 1
    pages[start][0] = "中国共产党第二十届中央纪律检查委员会第三"
    pages[start].insert(1, "次全体会议 公报")
    report = check(issue(TITLES, PAGES), doc(pages))
    assert report.entries[0].pdf_page == PAGES[0] and problems(report) == {}


def test_title_mentioned_in_a_paragraph_is_not_a_start():
    pages = printed_issue(TITLES, PAGES)
    pages[2 + PAGES[1] - 1].insert(2, f"会议指出，{TITLES[2]}的精神要认真学习。")
    report = check(issue(TITLES, PAGES), doc(pages))
    assert report.entries[2].pdf_page == PAGES[2]


def test_running_head_with_the_title_gives_the_first_page():
    pages = printed_issue(TITLES, PAGES)
    for n in range(PAGES[4], PAGES[4] + 2):
        pages[2 + n - 1].insert(0, f"^{TITLES[4]}")
    report = check(issue(TITLES, PAGES), doc(pages))
    assert report.entries[4].pdf_page == PAGES[4] and problems(report) == {}


def test_title_set_slightly_differently_is_found_between_its_neighbours():
    pages = printed_issue(TITLES, PAGES)
    start = 2 + PAGES[1] - 1
    pages[start][0] = "习近平对政法工作作出的重要指示"
    report = check(issue(TITLES, PAGES), doc(pages))
    assert report.entries[1].pdf_page == PAGES[1]


def test_pdf_in_another_order_still_finds_every_start():
    order = [0, 2, 1, 3, 4]
    pages = printed_issue([TITLES[k] for k in order], PAGES)
    report = check(issue(TITLES, PAGES), doc(pages))
    got = {e.article: e.pdf_page for e in report.entries}
    assert got == {f"a{k + 1}": PAGES[order.index(k)] for k in range(len(TITLES))}


@pytest.mark.parametrize("footer", ["— {} —", "- {} -", "{}", "第 {} 页", "{} / 40", "－{}－",
                                    "Page {}"])
def test_page_number_forms(footer):
    pages = printed_issue(TITLES, PAGES)
    for pg in pages[2:]:
        pg[-1] = "_" + footer.format(pg[-1].strip("_— "))
    report = check(issue(TITLES, PAGES), doc(pages))
    assert [e.pdf_page for e in report.entries] == PAGES


def test_page_number_in_the_running_head():
    pages = printed_issue(TITLES, PAGES)
    for pg in pages[2:]:
        number = pg.pop().strip("_— ")
        pg.insert(0, f"^理论学习参考\t{number}")
    report = check(issue(TITLES, PAGES), doc(pages))
    assert [e.pdf_page for e in report.entries] == PAGES


def test_toc_number_beside_the_first_line_of_a_wrapped_title():
    pages = printed_issue(TITLES, PAGES)
    pages[1] = ["目 录"]
    for t, p in zip(TITLES, PAGES):
        pages[1] += [f"{t[:12]}\t{p}", f"{t[12:]}……"] if len(t) > 12 else [f"{t}……\t{p}"]
    report = check(issue(TITLES, PAGES), doc(pages))
    assert [e.pdf_toc_page for e in report.entries] == PAGES and problems(report) == {}


# ------------------------------------------------------------------------------ output

def test_json_shape():
    toc = list(zip(TITLES, PAGES))
    toc[1] = ("习近平对政法工作作出重要批示", PAGES[1])
    report = check(issue(TITLES, PAGES, toc), doc(printed_issue(TITLES, PAGES)))
    data = json.loads(report.to_json())
    keys = {"index", "title", "page", "article", "title_ok", "diff", "pdf_page", "page_ok"}
    assert all(keys <= set(e) for e in data["entries"])
    assert data["summary"]["total"] == len(TITLES)
    assert data["summary"]["titles_ok"] == len(TITLES) - 1
    assert data["summary"]["pages_ok"] == len(TITLES)
    assert data["entries"][1]["diff"] == "-指 +批"


def test_summary_line_and_table_render():
    from io import StringIO

    from rich.console import Console
    report = check(issue(TITLES, PAGES), doc(printed_issue(TITLES, PAGES)))
    assert report.summary_line().startswith(f"titles {len(TITLES)}/{len(TITLES)}")
    out = StringIO()
    report.render(Console(file=out, width=100))
    assert "all agree" in out.getvalue()


def test_toc_on_the_cover_page():
    pages = printed_issue(TITLES, PAGES)
    cover = pages.pop(0)
    pages[0] = cover + pages[0]                # cover lines above the 目录 heading
    report = check(issue(TITLES, PAGES), doc(pages))
    assert problems(report) == {} and report.pdf_toc_extra == ()
    assert [e.pdf_toc_page for e in report.entries] == PAGES


def test_article_page_full_of_numbers_is_not_more_toc():
    pages = printed_issue(TITLES, PAGES)
    first = 2                                   # the first article page, after the 目录
    pages[first][1:1] = [f"粮食产量\t{n}" for n in (3958, 2650, 1870)]
    report = check(issue(TITLES, PAGES), doc(pages))
    assert report.entries[0].pdf_page == PAGES[0] and problems(report) == {}


def test_toc_over_two_pages_with_a_leader_wrapped_to_its_own_line():
    pages = printed_issue(TITLES, PAGES)
    toc = pages[1]
    second = [TITLES[3], f"……………\t{PAGES[3]}", f"{TITLES[4]}……\t{PAGES[4]}"]
    pages[1:2] = [toc[:4], second]             # the 目录 turns a page after three entries
    report = check(issue(TITLES, PAGES), doc(pages))
    assert [e.pdf_toc_page for e in report.entries] == PAGES
    assert problems(report) == {} and report.pdf_toc_extra == ()


def test_last_toc_page_with_a_single_line():
    pages = printed_issue(TITLES, PAGES)
    toc = pages[1]
    pages[1:2] = [toc[:-1], toc[-1:]]
    report = check(issue(TITLES, PAGES), doc(pages))
    assert [e.pdf_toc_page for e in report.entries] == PAGES and problems(report) == {}


def test_recorded_page_ends_are_checked_where_the_toc_alone_gives_the_pages():
    """An article without ``page:`` starts on its 目录 line's page in the source edition;
    its recorded page ends were left out of the check (0 of 0)."""
    from dataclasses import replace

    from publish.model import Block, PageBreak, Span
    body = (Block("paragraph", (Span("正文内容，不是标题。"),)),)
    given = issue(TITLES, PAGES)
    arts = tuple(replace(a, blocks=body, page_breaks=(PageBreak(0, 0),))
                 for a in given.articles)
    pdf = doc(printed_issue(TITLES, PAGES))
    with_pages = check(replace(given, articles=arts), pdf)
    toc_only = check(replace(given, articles=tuple(replace(a, page=None) for a in arts)), pdf)
    assert with_pages.page_ends_total == len(TITLES)
    assert (toc_only.page_ends_total, toc_only.page_ends_missed) == (
        with_pages.page_ends_total, with_pages.page_ends_missed)
