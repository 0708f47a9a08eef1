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
