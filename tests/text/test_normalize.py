"""The one normaliser family: squeeze, normalize (with its map back), fold."""
from hypothesis import given, strategies as st

from publish.text.normalize import fold, normalize, normalize_map, squeeze


def test_squeeze_folds_width_and_drops_every_space():
    assert squeeze("ＡＢ　１２ c\td\n") == "AB12cd"
    assert squeeze("第一段。 第二段") == "第一段。第二段"
    assert squeeze("版本2.0……") == "版本2.0......"          # squeeze keeps every dot


def test_normalize_drops_leaders_not_lone_dots():
    assert normalize("政府工作报告 ……… 12") == "政府工作报告12"
    assert normalize("会议———开幕") == "会议开幕"
    assert normalize("会议—开幕") == "会议—开幕"                # a dash is text
    assert normalize("版本2.0发布") == "版本2.0发布"
    assert normalize("讲话。") == "讲话。" and normalize("讲话.") == "讲话"


def test_fold_drops_every_dot():
    assert fold("阿卜杜勒·拉希德 2.0 …⋯") == "阿卜杜勒拉希德20"


def test_map_points_at_the_printed_characters():
    n = normalize_map("习近平：　讲 话……")
    assert n.text == "习近平:讲话"
    assert [n.original[i] for i in n.origin] == list("习近平：讲话")


@given(st.text(alphabet="甲乙 　.·…—-_ＡA１1⋯", max_size=30))
def test_the_family_agrees(text):
    n = normalize_map(text)
    assert normalize(text) == n.text and len(n.origin) == len(n.text)
    dots_only = text.translate(str.maketrans("", "", "—-_"))
    assert fold(normalize(dots_only)) == fold(dots_only)       # fold drops all normalize does
    assert not any(c.isspace() for c in normalize(text) + fold(text) + squeeze(text))


def test_squeeze_drops_exactly_what_isspace_calls_white_space():
    """squeeze joins str.split()'s pieces: the same characters as ``isspace`` drops."""
    import sys
    import unicodedata

    from publish.text.normalize import squeeze
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    sample = "".join(spaces) + "中\u00a0文\u3000字 a\tb\u200bc\ufeffd"
    expected = "".join(c for c in unicodedata.normalize("NFKC", sample) if not c.isspace())
    assert squeeze(sample) == expected and "\u200b" in expected



@given(st.text(alphabet=st.sampled_from(list("目录标题…⋯.·・—–-_ 　ｆ２\u0301e“”ﬁ㊀Ⅻ\t\n")),
               max_size=40) | st.text(max_size=40))
def test_normalize_is_the_text_of_normalize_map(text):
    """The fast path (no per-character bookkeeping) gives what the map gives."""
    assert normalize(text) == normalize_map(text).text
