"""Title normalization, diffs, pairing and order — the checker's title side in isolation."""
from __future__ import annotations

from itertools import permutations

import pytest
from hypothesis import given, settings, strategies as st

from publish.text import align


@pytest.mark.parametrize("printed, plain", [
    ("内蒙古自治区政府工作报告 ...", "内蒙古自治区政府工作报告"),
    ("内蒙古自治区政府工作报告……", "内蒙古自治区政府工作报告"),
    ("内蒙古自治区政府工作报告·······", "内蒙古自治区政府工作报告"),
    ("习近平：坚持和完善 人民代表大会制度", "习近平:坚持和完善人民代表大会制度"),
    ("习近平：坚持和完善\u3000人民代表大会制度", "习近平:坚持和完善人民代表大会制度"),
    ("ＡＢＣ１２３", "ABC123"),
    ("版本2.0发布", "版本2.0发布"),           # a lone dot is text, not a leader
    ("阿卜杜勒·拉希德", "阿卜杜勒·拉希德"),   # so is a lone middle dot
])
def test_normalize(printed, plain):
    assert align.normalize(printed) == plain


def test_diff_shows_what_the_toc_adds_or_lacks():
    assert align.char_diff("落实关于做好", "落实现代关于做好") == "+现代"
    assert align.char_diff("落实关于做好", "落实做好") == "-关于"
    assert align.char_diff("会议开幕", "会议闭幕") == "-开 +闭"


def test_diff_ignores_what_normalization_ignores():
    assert align.char_diff("政府工作报告", "政府工作报告 ...") is None
    assert align.char_diff("习近平：讲话", "习近平: 讲 话") is None


def test_diff_shows_printed_characters():
    # compared in NFKC, shown as printed: the full-width colon stays full width
    assert align.char_diff("甲乙", "甲：乙") == "+："


def test_pair_by_similarity_not_index():
    left = ["乙篇文章的标题", "甲篇文章的标题内容"]
    right = ["甲篇文章的标题内容", "丙完全不同", "乙篇文章的标题"]
    pairs = align.pair(left, right)
    assert {i: j for i, (j, _) in pairs.items()} == {0: 2, 1: 0}


def test_pair_leaves_unrelated_titles_unpaired():
    pairs = align.pair(["中国共产党第二十届中央纪律检查委员会公报"], ["春节团拜会上的讲话"])
    assert pairs == {}


def test_exact_match_beats_near_twin():
    # two real titles differ in one character; each goes to its own article
    left = ["自治区政协十三届二次会议闭幕", "自治区政协十三届二次会议开幕"]
    right = ["自治区政协十三届二次会议开幕", "自治区政协十三届二次会议闭幕"]
    pairs = align.pair(left, right)
    assert {i: j for i, (j, _) in pairs.items()} == {0: 1, 1: 0}


def test_tie_goes_to_the_pairing_that_keeps_order():
    # a typo makes entry 0 read like entry 1: equal totals either way; keep the diagonal
    left = ["自治区政协十三届二次会议闭幕", "自治区政协十三届二次会议闭幕"]
    right = ["自治区政协十三届二次会议开幕", "自治区政协十三届二次会议闭幕"]
    pairs = align.pair(left, right)
    assert {i: j for i, (j, _) in pairs.items()} == {0: 0, 1: 1}


def test_tie_keeps_order_after_a_removed_entry():
    left = ["前言部分的文章", "自治区政协十三届二次会议闭幕", "自治区政协十三届二次会议闭幕"]
    right = ["自治区政协十三届二次会议开幕", "自治区政协十三届二次会议闭幕"]
    pairs = align.pair(left, right)
    assert {i: j for i, (j, _) in pairs.items()} == {1: 0, 2: 1}


def test_pair_more_articles_than_entries():
    right = [f"第{k}篇不同主题的文章标题" + "甲乙丙丁戊己庚辛"[k] for k in range(8)]
    left = [right[5], right[2]]
    pairs = align.pair(left, right)
    assert {i: j for i, (j, _) in pairs.items()} == {0: 5, 1: 2}


@pytest.mark.parametrize("order, expected", [
    ([0, 1, 2, 3], set()),
    ([0, 2, 1, 3], {1, 2}),                         # neighbours swapped: both reported
    ([0, 5, 2, 3, 4, 1, 6], {1, 5}),                # distant swap: both, not the middle
    ([0, 1, 2, 4, 5, 6, 7, 3, 8], {7}),             # one article moved: only it
    ([3, 0, 1, 2], {0}),
    ([2, 1, 0], {0, 2}),                            # reversed: the middle one may stay
])
def test_out_of_order(order, expected):
    pairs = [(i, j) for i, j in enumerate(order)]
    assert align.out_of_order(pairs) == expected


def test_out_of_order_with_gaps():
    # right indices need not be contiguous (articles missing from the 目录)
    assert align.out_of_order([(0, 0), (1, 7), (2, 3), (3, 9)]) == {1, 2}


_PIECES = ["会议", "开幕", "闭幕", "讲话", "报告", "学习"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join),
                min_size=1, max_size=5),
       st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join),
                min_size=1, max_size=5))
def test_pair_reaches_the_best_total_similarity(left, right):
    """Beside the certain pairs (a title once on each side), scipy's assignment gives the
    total a brute force over every one-to-one pairing does."""
    pairs = align.pair(left, right)
    got = sum(round(s * 10) for _, s in pairs.values())
    certain = {i: right.index(t) for i, t in enumerate(left)
               if left.count(t) == 1 and right.count(t) == 1}
    best = 0
    for perm in permutations(range(max(len(left), len(right))), len(left)):
        if any(perm[i] != j for i, j in certain.items()):
            continue
        total = 0
        for i, j in enumerate(perm):
            s = align.similarity(left[i], right[j]) if j < len(right) else 0.0
            total += round(s * 10) if s >= align.THRESHOLD else 0
        best = max(best, total)
    assert got == best
    assert all(s >= align.THRESHOLD for _, s in pairs.values())



@settings(max_examples=300, deadline=None)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 2**32 - 1),
       st.sampled_from([2, 3, 50, 1000]), st.floats(0.2, 0.9))
def test_assignment_without_the_solver_is_the_solvers(rows, cols, seed, levels, density):
    """Matched group by group, the ok cells are scipy's pairing exactly, on matrices with
    ties (few levels) and without; a tie is left to scipy itself."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    rng = np.random.default_rng(seed)
    ok = rng.random((rows, cols)) < density
    weight = np.where(ok, rng.integers(1, levels + 1, (rows, cols)) * 10.0, 0.0)
    theirs = sorted((int(a), int(b)) for a, b in zip(*linear_sum_assignment(weight, maximize=True))
                    if ok[a, b])
    cells = _cells(weight, ok)
    mine = align._assignment(cells, weight.shape)
    assert sum(weight[a, b] for a, b in mine) == sum(weight[a, b] for a, b in theirs)
    if align._matching(cells) is not None:
        assert mine == theirs


def _cells(weight, ok) -> list[tuple[int, int, float]]:
    """The ok cells of a matrix, row by row, as the aligner hands them on."""
    import numpy as np
    rows, cols = np.nonzero(ok)
    return [(int(a), int(b), float(weight[a, b])) for a, b in zip(rows, cols)]


def test_assignment_tries_competing_titles_without_the_solver():
    import numpy as np
    weight = np.array([[0.0, 9.0, 0.0, 0.0],
                       [0.0, 8.0, 7.0, 0.0],     # loses column 1 to row 0, takes 2
                       [0.0, 0.0, 0.0, 0.0],
                       [5.0, 0.0, 0.0, 0.0]])
    cells = _cells(weight, weight > 0)
    assert align._matching(cells) is not None
    assert align._assignment(cells, weight.shape) == [(0, 1), (1, 2), (3, 0)]
    tie = np.array([[5.0, 5.0], [5.0, 5.0]])
    assert align._matching(_cells(tie, tie > 0)) is None   # two best matchings: scipy decides


def test_a_toc_line_may_name_the_articles_source_after_its_title():
    from publish.text.align import same_title
    assert same_title("习近平作出重要指示（新华社）", "习近平作出重要指示", "新华社")
    assert same_title("习近平作出重要指示 (新华社)", "习近平作出重要指示", "新华社")
    assert same_title("习近平作出重要指示", "习近平作出重要指示", None)
    assert not same_title("习近平作出重要指示（人民日报）", "习近平作出重要指示", "新华社")
    assert not same_title("习近平作出重要指示（新华社）", "习近平作出重要指示", None)


def test_a_small_matrix_is_scored_without_numpy(monkeypatch):
    """24 titles against 24 (a 目录 read the wrong way round) imported numpy into every
    build and check for one small matrix; a big one still goes to cdist, the same pairs."""
    import sys
    titles = ["".join(chr(0x4E00 + 40 * k + i) for i in range(8)) for k in range(24)]
    left = [t + "改" for t in titles]
    right = titles[::-1]
    real = sys.modules.get("numpy")
    monkeypatch.setitem(sys.modules, "numpy", None)        # any import of numpy fails
    small = align.pair(left, right)
    assert len(small) == 24 and small[0][0] == 23
    if real is not None:
        monkeypatch.setitem(sys.modules, "numpy", real)
    else:
        monkeypatch.delitem(sys.modules, "numpy")
    monkeypatch.setattr(align, "SMALL_MATRIX", 0)
    assert align.pair(left, right) == small
