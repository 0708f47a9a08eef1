"""The importer's 目录 alignment (the text layer's aligner): titles that match pair at once,
so its work stays linear when they do (the 5,000-entry timing is in bench/scale.py)."""
from __future__ import annotations

from publish.model import TocEntry
from publish.readers import raw as importer


def test_alignment_compares_only_the_stretches_that_differ(score_cells):
    for n in (300, 600):
        score_cells.clear()
        titles = [f"第{k}篇文章的标题" for k in range(n)]
        toc = [TocEntry(title=t, page=k + 1) for k, t in enumerate(titles)]
        toc[7] = TocEntry(title="第7篇文章的新标题", page=8)   # one slip
        del toc[100]                                                   # one entry missing
        aligned = importer._align(toc, titles)
        assert aligned[7] == 7 and aligned[100] == 101 and aligned[len(toc) - 1] == n - 1
        assert 100 not in aligned.values()
        assert 1 <= sum(score_cells) <= 4                              # not n × n


def test_swapped_entries_each_find_their_own_title():
    toc = [TocEntry(title=t, page=k + 1)
           for k, t in enumerate(["甲篇", "乙篇", "丙篇", "丁篇"])]
    titles = ["甲篇", "丙篇", "乙篇", "丁篇"]                 # two swapped
    assert importer._align(toc, titles) == {0: 0, 1: 2, 2: 1, 3: 3}


def test_a_long_line_is_no_byline_and_costs_nothing():
    """The author's post in brackets was looked for at every position of a run of spaces:
    a line of 30,000 spaces took seconds, several times a line."""
    import time
    from publish.readers.raw import _is_byline
    start = time.perf_counter()
    assert not _is_byline("作" + " " * 100_000 + "者")
    assert time.perf_counter() - start < 0.5
    assert _is_byline("作者：王立新（中国人民大学马克思主义学院教授）")


def test_a_long_run_of_leader_dots_is_read_in_bounded_time(tmp_path):
    """A 目录 line of 20,000 dots and no page number after them, or a body paragraph of
    50,000 ellipses: the entry patterns backtracked with the square of the line (an import
    took 31 s and 28 s). A line that long is no 目录 entry; the text before the first
    article is kept, as any such text is, for the editor to decide."""
    import time
    from publish.readers import rawtext
    cover = "刊物\n\n理论学习参考\n\n（2025年 第3期）\n\n宣传部\n\n目　录\n\n"
    toc = "第一篇文章\t1\n第二篇文章\t2\n"
    body = ("第一篇文章\n\n（2025年3月1日 来源：新华社）\n\n正文一。\n\n"
            "第二篇文章\n\n（2025年3月2日 来源：新华社）\n\n正文二{}x。\n")
    for extra, text in (("附录" + "·" * 20_000 + " 1x\n", body.format("")),
                        ("", body.format("…" * 50_000))):
        path = tmp_path / "issue.txt"
        path.write_text(cover + toc + extra + "\n" + text, encoding="utf-8")
        start = time.perf_counter()
        issue = importer.import_raw(path, "t").issue
        assert time.perf_counter() - start < 10.0          # quadratic: about 30 s
        assert [a.page for a in issue.articles][-2:] == [1, 2]
    assert rawtext.entry_of("第一篇文章" + "·" * 40 + "12", 1).page == 12


def test_a_long_run_of_spaces_or_note_calls_is_read_in_bounded_time():
    """A source line's separator was looked for from every space of a run (a line of
    40,000 spaces: 13 s), a paragraph's closing note calls from every call (40,000: 31 s)."""
    import time
    from publish.readers.rawtext import source_match
    from publish.text.chars import ends_terminal
    start = time.perf_counter()
    assert source_match("数据来源" + " " * 40_000 + "统计") is None
    assert source_match("数据来源" + "\u3000" * 40_000 + "统计") is None
    assert ends_terminal("①" * 40_000 + "。") and not ends_terminal("[1]" * 13_000 + "x")
    assert time.perf_counter() - start < 5.0                # quadratic: about a minute
    assert source_match("来源：新华社 | 2024-01-22") and ends_terminal("说过的话。[12]②")
