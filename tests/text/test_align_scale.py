"""The fast alignment gives what the quadratic one gave, and its work grows linearly when
titles match (the 5,000-entry timing is in bench/scale.py, not here)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from publish.text import align


def _reference_out_of_order(pairs):
    """The former O(n²) version, kept as the specification."""
    ps = sorted(pairs)
    if not ps:
        return set()
    rank_right = {j: r for r, j in enumerate(sorted(j for _, j in ps))}
    in_place = [rank_right[j] == r for r, (_, j) in enumerate(ps)]
    best = [(1000 + in_place[k], -1) for k in range(len(ps))]
    for k in range(len(ps)):
        for p in range(k):
            if ps[p][1] < ps[k][1]:
                cand = best[p][0] + 1000 + in_place[k]
                if cand > best[k][0]:
                    best[k] = (cand, p)
    k = max(range(len(ps)), key=lambda x: best[x][0])
    kept = set()
    while k >= 0:
        kept.add(k)
        k = best[k][1]
    bad = {k for k in range(len(ps)) if k not in kept}

    def conflicts(k):
        return [p for p in range(len(ps)) if p != k and (p < k) != (ps[p][1] < ps[k][1])]

    for k in list(bad):
        partners = conflicts(k)
        if len(partners) == 1 and conflicts(partners[0]) == [k]:
            bad.add(partners[0])
    return {ps[k][0] for k in bad}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), unique=True, max_size=25), st.randoms())
def test_out_of_order_matches_the_reference(rights, rnd):
    lefts = sorted(rnd.sample(range(60), len(rights)))
    pairs = list(zip(lefts, rights))
    assert align.out_of_order(pairs) == _reference_out_of_order(pairs)


def test_out_of_order_small_cases():
    assert align.out_of_order([(0, 0), (1, 2), (2, 1), (3, 3)]) == {1, 2}   # a swap: both
    assert align.out_of_order([(0, 1), (1, 2), (2, 3), (3, 0)]) == {3}


_WORDS = ["会议", "开幕", "闭幕", "自治区", "政协", "讲话", "重要", "指示", "学习", "工作"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=5).map("".join),
                min_size=1, max_size=12, unique=True),
       st.randoms())
def test_pair_keeps_every_certain_pair_and_finds_the_rest(titles, rnd):
    right = list(titles)
    left = [t if rnd.random() < 0.7 else t[:-1] + "改" for t in titles]
    rnd.shuffle(left) if rnd.random() < 0.2 else None
    pairs = align.pair(left, right)
    js = [j for j, _ in pairs.values()]
    assert len(js) == len(set(js))                                  # one to one
    for i, text in enumerate(left):
        if left.count(text) == 1 and right.count(text) == 1:
            assert pairs[i] == (right.index(text), 100.0)


def test_matching_titles_cost_linear_similarity_calls(score_cells):
    for n in (200, 400):
        score_cells.clear()
        titles = [f"第{k}篇文章的标题" for k in range(n)]
        toc = list(titles)
        toc[5] = toc[5] + "（续）"                                # one slip
        pairs = align.pair([align.normalize(t) for t in toc],
                           [align.normalize(t) for t in titles])
        assert pairs[5][0] == 5 and len(pairs) == n
        assert sum(score_cells) <= 1                        # not n² (one slip: no matrix)


def test_one_title_left_on_each_side_pairs_by_its_similarity_alone(score_cells):
    """A 目录 with one slip (the bundled issue's) paired it through a 1 × 1 matrix, numpy
    and scipy imported for one cell: a tenth of `publish check`'s second."""
    score_cells.clear()
    pairs = align.pair(["甲篇", "乙篇文章的标题改", "丙篇"], ["甲篇", "乙篇文章的标题", "丙篇"])
    assert pairs[1] == (1, align.similarity("乙篇文章的标题改", "乙篇文章的标题"))
    assert align.pair(["甲篇", "完全不同"], ["甲篇", "乙篇文章"]) == {0: (0, 100.0)}
    assert sum(score_cells) == 0
