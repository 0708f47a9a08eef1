"""layout/words: jieba's cuts from the sorted dictionary index are jieba's own."""
from __future__ import annotations

import jieba

from publish.layout import words
from tests.tools import python_prints

TEXTS = ["中国共产党第二十届中央纪律检查委员会第三次全体会议公报",
         "习近平在二〇二四年春节团拜会上的讲话", "坚持和完善人民代表大会制度",
         "ABC公司2024年第1季度报告", "在 一 向", "内蒙古日报社"]


def test_index_cuts_as_jieba():
    tok = words._tokenizer()
    assert isinstance(tok.FREQ, words._SortedFreq)
    jieba.dt.check_initialized()
    for text in TEXTS:
        assert list(tok.cut(text, HMM=True)) == list(jieba.dt.cut(text, HMM=True)), text


def test_index_answers_as_the_dict(tmp_path):
    freq = {"中": 5, "中国": 9, "中国共": 0, "中国共产党": 7, "a": 1, "é": 2}
    path = tmp_path / "x.index"
    words._write_index(path, freq, 24)
    index, total = words._read_index(path)
    assert total == 24
    for word, n in freq.items():
        assert word in index and index[word] == n and index.get(word) == n
    for word in ("国", "中国共产", "", "z", "中国共产党人"):
        assert word not in index and index.get(word) is None


def test_a_damaged_index_is_not_read(tmp_path):
    path = tmp_path / "x.index"
    words._write_index(path, {"中": 1}, 1)
    data = path.read_bytes()
    path.write_bytes(data[:-1])
    assert words._read_index(path) is None
    path.write_bytes(b"junk" + data)
    assert words._read_index(path) is None
    assert words._read_index(tmp_path / "missing.index") is None


def _index_path_here(_: int) -> str:
    return str(words._index_path())


def test_a_pool_worker_reads_the_index_the_command_made():
    """A worker's temporary folder is its pool's, gone with it: the index is not there (it
    was made again, jieba's whole dictionary loaded, in every worker of every build)."""
    from publish import procpool
    here = words._index_path()
    with procpool.pool(1) as pool:
        assert pool.submit(_index_path_here, 0).result() == str(here)
    found = []
    procpool.each_in_own_process(_index_path_here, [0], 1, lambda i, out: found.append(out))
    assert found == [str(here)]


def test_cutting_a_title_does_not_load_pkg_resources():
    """jieba is loaded without pkg_resources (deprecated, ~80 ms of every build) and still
    finds the dictionary it ships: the cut is the one jieba makes on its own."""
    code = ("import sys; from publish.layout import words; "
            "print(sorted(words._segment('中国共产党第二十届中央纪律检查委员会第三次全体会议公报'))); "
            "print('pkg_resources' in sys.modules)")
    out = python_prints(code).split("\n")
    tokens = list(jieba.cut("中国共产党第二十届中央纪律检查委员会第三次全体会议公报", HMM=True))
    ends = [sum(len(t) for t in tokens[:k]) for k in range(1, len(tokens))]
    assert out[0] == str(ends)
    assert out[1] == "False"


def test_the_index_keeps_each_words_part_of_speech(tmp_path):
    path = tmp_path / "x.index"
    words._write_index(path, {"中": 5, "中国": 9, "中国共": 0, "在": 3}, 17,
                       {"中": "f", "中国": "ns", "在": "p"})
    index, _ = words._read_index(path)
    assert [index.tag(w) for w in ("中", "中国", "中国共", "在", "国")] == \
        ["f", "ns", None, "p", None]


def test_tagged_words_cut_as_word_breaks():
    text = "习近平主持召开中央财经委员会第四次会议"
    tagged = words.tagged_words(text)
    cuts, at = set(), 0
    for word, _ in tagged[:-1]:
        at += len(word)
        cuts.add(at)
    assert "".join(w for w, _ in tagged) == text and cuts == set(words.word_breaks(text))
    assert dict(tagged)["召开"] == "v" and dict(tagged)["第四次"] == "m"


def test_without_an_index_the_words_keep_their_parts_of_speech(monkeypatch):
    """A temporary folder the index cannot be written to leaves jieba's own dictionary:
    its words are tagged as the index tags them, so titles break at the same places."""
    text = "习近平主持召开中央全面深化改革委员会第三次会议强调"
    words.tagged_words.cache_clear()
    words._tokenizer.cache_clear()
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    try:
        indexed = words.tagged_words(text)
        words.tagged_words.cache_clear()
        words._tokenizer.cache_clear()
        monkeypatch.setattr(words, "_read_index", lambda path: None)
        monkeypatch.setattr(words, "_write_index", lambda *args: None)
        assert words.tagged_words(text) == indexed
    finally:
        words.tagged_words.cache_clear()
        words._tokenizer.cache_clear()
    assert any(tag == "v" for _, tag in indexed)


def test_an_index_another_user_owns_is_not_read(tmp_path, monkeypatch):
    """The index's name is the same for every user of one jieba: in a shared temporary
    folder, one another user placed there first is not trusted."""
    path = tmp_path / "x.index"
    words._write_index(path, {"中": 1}, 1)
    assert words._read_index(path) is not None
    monkeypatch.setattr(words.os, "getuid", lambda: path.stat().st_uid + 1)
    assert words._read_index(path) is None


def test_a_part_of_speech_out_of_range_is_none_and_the_index_still_read(tmp_path):
    """Each tag's number is checked when it is asked for: checking all 500,000 when the
    file was read cost every process 11 ms, as much as the rest of the reading."""
    path = tmp_path / "x.index"
    words._write_index(path, {"中": 5, "在": 3}, 8, {"中": "f", "在": "p"})
    data = bytearray(path.read_bytes())
    head = len(words.INDEX_VERSION) + 32 + 8 * (2 * 2 + 1)
    data[head] = 255                                 # 中's tag: past the names
    path.write_bytes(bytes(data))
    index, _ = words._read_index(path)
    assert index.tag("中") is None and index.tag("在") == "p"


def test_a_number_in_chinese_figures_is_one_word_up_to_its_date_unit():
    """jieba cuts 二〇二四年 into 二|〇|二|四年: a title or 目录 line would break inside it."""
    from publish.layout.words import word_breaks
    title = "习近平：在二〇二四年春节团拜会上的讲话"
    at = title.index("二〇二四年")
    assert not any(at < cut < at + 5 for cut in word_breaks(title))
    assert word_breaks("二〇二三年十二月三十一日") == {}        # a date: one word
    assert 5 in word_breaks("二〇二四年春节")                     # 二〇二四年|春节
    assert dict(words.tagged_words("二〇二四年"))["二〇二四年"] == "m"
    # a count before a noun stays a word of its own
    assert [w for w, _ in words.tagged_words("一临街店铺")][0] == "一"


def test_a_date_is_one_word_and_the_break_after_it_is_cheap():
    """jieba cut 2023|年|3|月|13|日: a note broke inside the date, and the break after it
    (…13日|在…) cost what one beside a one-character word costs."""
    from publish.layout.phrases import BEFORE_LEAD, break_costs
    note = "（2023年3月13日在第十四届全国人民代表大会第一次会议上的讲话）"
    cut = words.tagged_words(note)
    assert ("2023年3月13日", "t") in cut
    assert ("二〇二三年十二月三十一日", "t") in words.tagged_words("二〇二三年十二月三十一日")
    assert [w for w, _ in words.tagged_words("3月到5月")] == ["3月", "到", "5月"]
    at = note.index("在")
    assert break_costs(cut)[at] == BEFORE_LEAD
    assert not any(1 < c < at for c in words.word_breaks(note))


def test_a_date_in_full_width_digits_is_one_word():
    """２０２４年１月３日 was nine words, so a title could break as ２０|２４年."""
    assert words.tagged_words("２０２４年１月３日") == (("２０２４年１月３日", "t"),)
