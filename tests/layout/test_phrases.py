"""What a title's line break costs, by the parts of speech of the words beside it."""
from __future__ import annotations

import time

import pytest

from publish.layout import phrases
from publish.layout.phrases import break_costs


def _cost(words, at: str) -> float:
    """The cost of the break just before the word ``at``."""
    text = "".join(w for w, _ in words)
    return break_costs(words)[text.index(at)]


HOST = [("习近平", "nrfg"), ("主持", "v"), ("召开", "v"), ("中央", "n"), ("全面", "n"),
        ("深化改革", "j"), ("委员会", "n"), ("第四次", "m"), ("会议", "n")]


def test_verb_and_object_part_cheaper_than_a_name():
    assert _cost(HOST, "中央") == phrases.VERB_OBJECT
    assert _cost(HOST, "召开") == phrases.SERIAL_VERBS
    assert _cost(HOST, "深化改革") == phrases.CUT_NAME       # before the 委员会 closing it
    assert _cost(HOST, "第四次") == phrases.BEFORE_NUMBER
    assert _cost(HOST, "中央") < _cost(HOST, "第四次") < _cost(HOST, "召开") \
        < _cost(HOST, "深化改革")


def test_function_words_stay_on_their_side():
    words = [("孙某", None), ("在", "p"), ("自治区", "n"), ("会议", "n"), ("闭幕会", "n"),
             ("上", "f"), ("的", "uj"), ("讲话", "n")]
    assert _cost(words, "在") == phrases.BEFORE_LEAD
    assert _cost(words, "自治区") == phrases.NEVER             # 在| ends no line
    assert _cost(words, "上") == phrases.NEVER                 # |上 starts none
    assert _cost(words, "的") == phrases.NEVER
    assert _cost(words, "讲话") == phrases.ONE_CHARACTER         # 的| ends a line badly


def test_a_number_stays_with_what_it_counts():
    words = [("渝水区", "ns"), ("一", "m"), ("临街", "ns"), ("店铺", "n")]
    assert _cost(words, "一") == phrases.BEFORE_NUMBER          # one character, yet fine
    assert _cost(words, "临街") == phrases.NEVER
    assert _cost([("第二次", "m"), ("会议", "n")], "会议") != phrases.NEVER   # an ordinal


def test_a_space_is_free_and_one_character_words_dear():
    words = [("制度", "n"), (" ", None), ("保障", "v"), ("人民", "n"), ("站", "v")]
    assert _cost(words, " ") == 0.0 and _cost(words, "保障") == 0.0
    assert _cost(words, "站") == phrases.ONE_CHARACTER


@pytest.mark.parametrize("title, first", [
    # a preposition opens the second line (it closed the first)
    ("某某：完整、准确、全面贯彻落实关于做好新时代党的统一战线工作的重要思想",
     "某某：完整、准确、全面贯彻落实"),
    # a number stays with what it counts (…渝水区一|临街店铺… was cut inside the phrase)
    ("某某对江西新余市渝水区一临街店铺火灾事故作出重要指示", "某某对江西新余市渝水区"),
])
def test_titles_break_between_phrases(title, first):
    from publish.layout.titles import title_lines
    assert title_lines(title)[0] == first


def test_a_long_run_of_nouns_is_costed_in_bounded_time():
    """Each break counted the whole run of nouns on both sides: a hostile title of 8,000
    nouns took seconds; two on each side are all a name needs."""
    words = [("中国", "ns")] * 20_000
    began = time.perf_counter()
    costs = phrases.break_costs(words)
    assert time.perf_counter() - began < 5.0
    assert costs[2] == phrases.IN_NOUNS and costs[4] == phrases.IN_NAME
    assert set(costs.values()) == {phrases.IN_NOUNS, phrases.IN_NAME}


SESSION = [("孙某", None), ("在", "p"), ("自治区", "n"), ("十四届", "m"), ("人大", "j"),
           ("二次", "m"), ("会议", "n"), ("闭幕会", "n"), ("上", "f"), ("的", "uj"),
           ("讲话", "n")]


def test_a_break_inside_a_name_is_dearer_than_uneven_lines():
    """A run of nouns up to the word closing a body's or a meeting's name is one name:
    breaking inside it costs more than two lines 10 characters apart (2 × 5² ems²)."""
    assert phrases.CUT_NAME > 2 * 5 ** 2
    for at in ("全面", "深化改革"):
        assert _cost(HOST, at) == phrases.CUT_NAME, at
    # right before the word closing the name: dearer still (…发展|专题研讨班, not …专题|研讨班)
    assert _cost(HOST, "委员会") == phrases.CUT_NAME + phrases.HEAD_CUT
    for at in ("十四届", "二次"):
        assert _cost(SESSION, at) == phrases.CUT_NAME, at
    for at in ("人大", "会议"):                                 # 十四届|, 二次| count them
        assert _cost(SESSION, at) == phrases.NEVER, at


def test_a_break_after_a_name_parts_two_names():
    # after the word closing a name: what the words beside the break say
    assert _cost(HOST, "第四次") == phrases.BEFORE_NUMBER
    assert _cost(SESSION, "闭幕会") == phrases.IN_NOUNS         # 闭幕会 closes a name too
    assert _cost([("人民代表大会", "nt"), ("第二次", "m"), ("会议", "n")], "第二次") \
        == phrases.BEFORE_NUMBER
    # a run of nouns no such word closes is no name: 镇雄县|山体滑坡 stays as dear as before
    county = [("对", "p"), ("云南", "ns"), ("昭通市", "ns"), ("镇雄县", "ns"), ("山体", "n"),
              ("滑坡", "ns"), ("作出", "v")]
    assert _cost(county, "山体") == phrases.IN_NAME
    # nor is a common noun that ends like one (全|社会)
    assert _cost([("和谐", "a"), ("人类", "n"), ("社会", "n"), ("建设", "vn")], "社会") \
        == phrases.IN_NOUNS


def test_a_function_word_on_its_wrong_side_is_dearer_than_a_cut_name():
    assert phrases.NEVER > phrases.CUT_NAME
    assert _cost(SESSION, "自治区") == phrases.NEVER          # 在| ends no line


STATION = [("某某", "r"), ("致信", "v"), ("祝贺", "nr"), ("中国", "ns"), ("南极", "ns"),
           ("秦岭", "nr"), ("站", "v"), ("建成", "v"), ("并", "c"), ("投入使用", "n")]


def test_a_suffix_cut_from_a_name_joins_it():
    """jieba cuts 秦岭|站 and tags the 站 a verb: it closes the name 中国南极秦岭站."""
    text = "".join(w for w, _ in STATION)
    assert text.index("站") not in break_costs(STATION)      # no break: one word
    assert _cost(STATION, "南极") == _cost(STATION, "秦岭") - phrases.HEAD_CUT == phrases.CUT_NAME
    assert _cost(STATION, "建成") == phrases.SUBJECT_VERB
    # after a common noun the one-character word stays its own (人民|站)
    assert _cost([("人民", "n"), ("站", "v")], "站") == phrases.ONE_CHARACTER


def test_a_verb_tagged_a_persons_name_before_a_place_is_a_verb():
    """jieba tags 祝贺 nr (祝 is a surname): between a verb and a place it is the verb."""
    assert _cost(STATION, "中国") == phrases.VERB_OBJECT
    assert _cost(STATION, "祝贺") == phrases.SERIAL_VERBS
    # a person's name after a verb, not before a place, stays a name
    assert _cost([("会见", "v"), ("祝贺", "nr"), ("一行", "m")], "祝贺") \
        == phrases.VERB_OBJECT


def test_the_day_of_a_date_counts_nothing():
    """2020年11月16日在…: jieba tags the 日 cut from its digits a number; a date is no count
    that must stay with the word after it."""
    words = [("2020", None), ("年", "m"), ("11", None), ("月", "m"), ("16", None), ("日", "m"),
             ("在", "p"), ("中央", "n"), ("会议", "n")]
    assert _cost(words, "在") < phrases.NEVER
    assert _cost([("一", "m"), ("临街", "ns")], "临街") == phrases.NEVER


@pytest.mark.parametrize("title, lines", [
    # the verb meets its object: uneven, but the body's name whole
    ("某某主持召开中央全面深化改革委员会第四次会议", ("某某主持召开", "中央全面深化改革委员会第四次会议")),
    ("某某某致信祝贺中国南极秦岭站建成并投入使用", ("某某某致信祝贺", "中国南极秦岭站建成并投入使用")),
    ("孙某某在自治区十四届人大二次会议闭幕会上的讲话", ("孙某某在自治区十四届人大二次会议", "闭幕会上的讲话")),
    # no two lines keep the seminar's name whole: three do
    ("某某在省部级主要领导干部推动金融高质量发展专题研讨班开班式上的重要讲话精神",
     ("某某在省部级主要领导干部推动", "金融高质量发展专题研讨班", "开班式上的重要讲话精神")),
    # a name too long for a line is cut where a second name begins, as before
    ("内蒙古自治区第十四届人民代表大会第二次会议政府工作报告",
     ("内蒙古自治区第十四届人民代表大会", "第二次会议政府工作报告")),
])
def test_titles_keep_names_whole(title, lines):
    from publish.layout.titles import title_lines
    assert title_lines(title) == lines


def test_a_suffix_joins_a_proper_name_only_where_it_ends_a_subject():
    """秦岭|站|建成: 站 closes the station's name; 中国|所|面临 (a particle) and 北京|办|奥运
    (a verb and its object) keep their cheap breaks."""
    from publish.layout.words import tagged_words
    assert ("秦岭站", "n") in phrases._read(tagged_words("中国南极秦岭站建成并投入使用"))
    for text, at in (("中国所面临的挑战", 2), ("北京办奥运", 2)):
        costs = phrases.break_costs(tagged_words(text))
        assert costs[at] < phrases.IN_NAME, (text, costs)


def test_a_book_title_is_parted_at_its_subtitle_s_dash_or_between_titles():
    """Inside 《…》 a break costs IN_BOOK more than the same break outside (审议《…》《关于
    巩固|拓展…》 once cut the second title where two titles meet could part); after the dash
    that opens a subtitle, and between two titles, it does not."""
    words = [("谱写", "v"), ("新", "a"), ("篇章", "n"), ("—", "x"), ("—", "x"), ("纪念", "n"),
             ("宪法", "n")]
    booked = [("《", "x")] + words + [("》", "x"), ("《", "x"), ("关于", "p"), ("巩固", "v"),
                                      ("》", "x")]
    assert _cost(booked, "新") == _cost(words, "新") + phrases.IN_BOOK
    assert _cost(booked, "纪念") == _cost(words, "纪念")          # after the dash
    assert _cost(booked, "《关于") < _cost(booked, "新")            # 》|《
    assert _cost(booked, "巩固") == phrases.NEVER + phrases.IN_BOOK  # 关于| still never


def test_a_name_s_closing_word_may_end_a_line_before_a_noun():
    """…第二次会议|政府工作报告: after the word that closes a name the name is whole; a
    break there costs AFTER_NAME, less than one inside a run of nouns."""
    words = [("人民代表大会", "nt"), ("第二次", "m"), ("会议", "n"), ("政府", "n"),
             ("工作", "vn"), ("报告", "n")]
    assert _cost(words, "政府") == phrases.AFTER_NAME < _cost(words, "工作")
    assert _cost(words, "第二次") == phrases.BEFORE_NUMBER


def test_a_short_object_ending_the_text_stays_with_its_verb():
    """…火灾事故|作出重要指示, not …作出|重要指示; a longer object still parts from its
    verb cheaply (主持召开|中央…)."""
    words = [("对", "p"), ("新余市", "ns"), ("店铺", "n"), ("火灾", "n"), ("事故", "n"),
             ("作出", "v"), ("重要", "a"), ("指示", "v")]
    assert _cost(words, "作出") < _cost(words, "重要")
    assert _cost(words[-3:], "重要") == phrases.VERB_OBJECT      # no long text before it
    assert _cost(HOST, "中央") == phrases.VERB_OBJECT


def test_a_name_that_goes_on_to_its_closing_word_is_not_parted_cheaply():
    """AFTER_NAME is for the break after a name, not inside one made of two closing
    words: 中央财经委员会|办公室 stays dear, 领导|干部 is no name."""
    office = [("中央", "n"), ("财经委员会", "nt"), ("办公室", "n"), ("会议", "n")]
    assert _cost(office, "办公室") >= phrases.IN_NAME
    cadres = [("主要", "b"), ("领导", "n"), ("干部", "n"), ("推动", "v")]
    assert _cost(cadres, "干部") < phrases.CUT_NAME
