"""The importer's 目录 alignment: anchors on titles that match, so its work stays linear
when they do (the 5,000-entry timing is in bench/scale.py)."""
from __future__ import annotations

from publish.readers import raw as importer


def test_alignment_compares_only_the_stretches_that_differ(monkeypatch):
    calls = []
    real = importer.fuzz.ratio

    class Counting:
        @staticmethod
        def ratio(a, b):
            calls.append(1)
            return real(a, b)

    monkeypatch.setattr(importer, "fuzz", Counting)
    for n in (300, 600):
        calls.clear()
        titles = [f"第{k}篇文章的标题" for k in range(n)]
        toc = list(titles)
        toc[7] = "第7篇文章的新标题"                          # one slip
        del toc[100]                                          # one entry missing
        aligned = importer._align(toc, titles)
        assert aligned[7] == 7 and aligned[100] == 101 and aligned[len(toc) - 1] == n - 1
        assert len(calls) <= 4                                # not n × n


def test_alignment_keeps_order_like_needleman_wunsch():
    toc = ["甲篇", "乙篇", "丙篇", "丁篇"]
    titles = ["甲篇", "丙篇", "乙篇", "丁篇"]                 # two swapped
    aligned = importer._align(toc, titles)
    assert aligned[0] == 0 and aligned[3] == 3
    assert sum(v is not None for v in aligned.values()) == 3  # one of the swapped pair kept
