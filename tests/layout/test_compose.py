"""The Chinese line composer on its own: rules, justification, compression (no WeasyPrint)."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.layout import compose as c
from publish.layout.compose import Measure, compose, measure
from tests.layout.composing import HAN, MARKS, OTHER, S, assert_well_formed, body_measure, lay
from publish.layout.rules import (
    NO_END,
    NO_SPLIT_PAIRS,
    NO_START,
    WORD,
    address_dot,
    address_dots,
    break_opportunities,
    line_violations,
    inside_quantities,
)
from publish import corpus
from publish.text.chars import strip_controls
from tests.paths import BUNDLED

def test_a_full_grid_line_holds_28_ideographs():
    lines = lay(HAN * 3)
    assert [len(line.text) for line in lines[1:-1]] == [28] * (len(lines) - 2)
    assert len(lines[0].text) == 26          # two characters of indent
    for line in lines[:-1]:
        assert line.width == pytest.approx(S.measure - (S.indent if line is lines[0] else 0), abs=0.01)


@pytest.mark.parametrize("mark", sorted("，。、；：！？”）》"))
def test_no_line_starts_with_a_closing_mark(mark):
    # put the mark exactly where the grid would start the second line
    text = HAN[:26] + mark + HAN[:20]
    lines = lay(text)
    assert lines[1].text[0] not in NO_START
    assert_well_formed(text, lines)


@pytest.mark.parametrize("mark", sorted("“（《"))
def test_no_line_ends_with_an_opening_mark(mark):
    text = HAN[:25] + mark + HAN[:20]
    lines = lay(text)
    assert lines[0].text[-1] not in NO_END
    assert_well_formed(text, lines)


@pytest.mark.parametrize("pair", ["——", "……"])
def test_dashes_and_ellipses_are_never_split(pair):
    for pos in range(22, 29):
        text = HAN[:pos] + pair + HAN[:20]
        lines = lay(text)
        for a, b in zip(lines, lines[1:]):
            assert not (a.text[-1] == pair[0] and b.text[0] == pair[0]), (pos, a.text, b.text)
            assert b.text[0] != "—"


def test_a_number_keeps_its_unit():
    for pos in range(20, 28):
        text = HAN[:pos] + "2024 年" + HAN[:20]
        lines = lay(text)
        for a, b in zip(lines, lines[1:]):
            assert not (a.text[-1].isdigit() and b.text[0] == "年")


@pytest.mark.parametrize("quantity", ["2 亿千瓦", "108 公里", "20 万人次", "千亿元",
                                      "第5 个", "3 个百分点", "1.2 亿立方米"])
def test_a_quantity_is_never_parted(quantity):
    """2 亿千|瓦, 108 公|里, 20 万人|次, 千|亿元, 第|5: a unit word, a magnitude written in
    words and an ordinal's 第 stay whole, however the paragraph falls."""
    for pos in range(12, 30):
        text = HAN[:pos] + quantity + HAN[:24]
        lines = lay(text)
        assert_well_formed(text, lines)
        at = text.index(quantity)
        for line in lines[:-1]:
            assert not at < line.end < at + len(quantity), (quantity, line.text)


@pytest.mark.parametrize("number", ["12.2 亿吨", "950 万亩", "3000亿元", "1 万名"])
def test_a_magnitude_keeps_its_unit(number):
    """12.2 亿|吨 split a quantity: the house style keeps 亿吨 (万亩, 亿元) on one line, however
    the paragraph falls."""
    magnitude = number[-2]
    for pos in range(16, 30):
        lines = lay(HAN[:pos] + number + HAN[:24])
        for a, b in zip(lines, lines[1:]):
            assert not (a.text.rstrip().endswith(magnitude) and b.text[:1] == number[-1]), \
                (a.text, b.text)


def test_adjacent_marks_are_compressed_to_one_and_a_half_em():
    lines = lay("他说。“我们走。”" + HAN)
    first = lines[0]
    i = first.text.index("。“")
    # the full stop gives up its blank half: spacing after it is the tracking less ½ em
    assert first.spacing[i] == pytest.approx(first.tracking - S.body_size / 2, abs=0.2)


def test_justified_lines_fill_the_measure_even_when_pushed():
    # a closing quote lands at the start of line 2 on the grid: squeeze or push
    text = HAN[:25] + "“" + HAN[:2] + "”" + HAN * 2
    lines = lay(text)
    for k, line in enumerate(lines[:-1]):
        avail = S.measure - (S.indent if k == 0 else 0)
        assert line.width == pytest.approx(avail, abs=0.01)
    assert_well_formed(text, lines)


def test_kai_quotes_are_set_full_width_from_the_serif():
    atoms = measure([("他说“好”", "kai")], S.body_size)
    quote = [a for a in atoms if a.ch == "“"][0]
    assert quote.role == "serif" and quote.adv == pytest.approx(S.body_size)


def test_balanced_title_lines_are_even():
    text = "习近平春节前夕视察慰问驻天津部队 向全体人民解放军指战员武警部队官兵军队文职人员民兵预备役人员致以新春祝福"
    atoms = measure([(text, "serif-bold")], S.title_size)
    lines = compose(atoms, Measure(width=S.measure, justify=False, balance=True))
    widths = [line.width for line in lines]
    assert len(lines) == 3
    # breaking only between words (官兵|军队|文职人员) costs a little evenness: 3 em here
    assert max(widths) - min(widths) <= 3 * S.title_size + 0.01
    assert lines[0].text.endswith("部队")          # breaks at the space when that costs little
    assert line_violations([line.text for line in lines]) == []


alphabet = st.sampled_from(list(HAN) * 4 + list(MARKS) + list(OTHER))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet, min_size=1, max_size=160))
def test_any_text_composes_by_the_rules(text):
    text = text.strip(" ") or "中"
    lines = lay(text)
    assert lines
    assert_well_formed(text, lines)
    for k, line in enumerate(lines[:-1]):
        avail = S.measure - (S.indent if k == 0 else 0)
        if line.justified:
            assert line.width == pytest.approx(avail, abs=0.05)
        assert line.width <= avail + 0.05 or len(line.text) == 1
    for a, b in zip(lines, lines[1:]):
        if a.text[-1] in NO_SPLIT_PAIRS:
            assert b.text[0] != a.text[-1]


# ------------------------------------------------------------------ title breaks

def _break_offsets(lines: tuple[str, ...], text: str) -> list[int]:
    """Offsets in ``text`` where each line after the first begins."""
    out, pos = [], 0
    for line in lines[:-1]:
        pos = text.index(line, pos) + len(line)
        while text[pos] == " ":
            pos += 1
        out.append(pos)
    return out


def test_titles_break_between_words():
    from publish.layout.titles import title_lines
    from publish.layout.words import word_breaks
    issue = corpus.load(BUNDLED)
    wrapped = 0
    for article in issue.articles:
        text = strip_controls(article.title)
        lines = title_lines(text)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for offset in _break_offsets(lines, text):
            wrapped += 1
            assert (offset in word_breaks(text) or text[offset - 1] in " ，。、：；！？”’）》"
                    or text[offset] == " "), (text, lines)
    assert wrapped >= 3          # the corpus has long titles; the test must see some breaks


def test_a_title_never_breaks_inside_a_word_when_a_boundary_fits():
    from publish.layout.titles import title_lines
    lines = title_lines("中国共产党第二十届中央纪律检查委员会第三次全体会议公报")
    assert len(lines) == 2
    assert not any(line.endswith("第三") for line in lines)
    assert all(not line.startswith("次") for line in lines)


def _shape(lines):
    return [(ln.start, ln.end, ln.text, ln.tracking, ln.spacing, ln.width, ln.justified)
            for ln in lines]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=HAN + MARKS + OTHER, min_size=1, max_size=120))
def test_equal_atoms_are_shared_and_a_kept_preparation_is_the_texts_own(text):
    atoms = measure([(text, "serif")], S.body_size)
    assert measure([(text, "serif")], S.body_size)[0] is atoms[0]       # made once
    m = body_measure(justify=True)
    fresh = c._greedy(c._prepare(atoms), m, m.width)
    assert _shape(compose(atoms, m)) == _shape(fresh)
    assert _shape(compose(list(atoms), m)) == _shape(fresh)          # kept: the same lines
    # atoms made by hand, equal to others but not the same objects, are their own text
    other = [c.Atom(a.ch, a.role, a.adv * 1.5, a.start, a.blank, a.opening) for a in atoms]
    assert _shape(compose(other, m)) == _shape(c._greedy(c._prepare(other), m, m.width))


LONG_ADDRESS = "www.innermongolia-science-technology.gov.cn"


@pytest.mark.parametrize("cut", range(8, 28))
def test_a_long_address_is_broken_before_a_dot_never_after_one(cut):
    """A web address too long to keep whole breaks as a URL is broken (before a dot:
    ``www.example`` / ``.gov``), never after a dot and never inside a number or an
    abbreviation."""
    text = HAN[:cut] + f"（{LONG_ADDRESS}）。" + HAN[:10] + "版本v1.2.3和e.g.等" + HAN
    lines = lay(text)
    assert_well_formed(text, lines)
    start = text.index(LONG_ADDRESS)
    for a, b in zip(lines, lines[1:]):
        # no line ends on a dot of the address (an abbreviation's, e.g., may end one)
        assert not (text[a.end - 1] == "." and start < a.end < start + len(LONG_ADDRESS)), \
            (a.text, b.text)
        if b.text.startswith("."):
            assert b.text.startswith((".innermongolia", ".gov", ".cn")), b.text
    joined = "\n".join(line.text for line in lines)
    assert "v1.2.3" in joined and "e.g." in joined


def test_a_short_address_is_broken_only_against_a_wide_open_line(monkeypatch):
    """（www.mengkeju|.com）: a line starting with a dot reads as a full stop in Chinese, so
    a short address is kept whole, unless that leaves the line above it letter-spaced wider
    than SOFT_BREAK_PT past the grid; then it breaks after a dot (assert_well_formed: no
    line starts with one)."""
    whole = 0
    for cut in range(0, 28):
        text = HAN[:cut] + "（www.mengkeju.com）。" + HAN[:10] + HAN
        lines = lay(text)
        assert_well_formed(text, lines)
        if any("www.mengkeju.com" in line.text for line in lines):
            whole += 1
            continue
        with monkeypatch.context() as patch:          # the address kept whole at any cost
            patch.setattr(c, "short_address_breaks", lambda text: [])
            c._PREPARED.clear()
            kept = lay(text)
        c._PREPARED.clear()
        assert max(ln.tracking for ln in kept[:-1]) - S.tracking > c.SOFT_BREAK_PT, cut
    assert whole >= 5


def test_a_short_address_broken_ends_its_line_on_the_last_dot_squeezing_fits():
    """Broken, a short address ends its line after its last dot that squeezing fits in,
    past the grid too where its narrow letters just miss it (…平台（www.mengkeju. /
    com）。), not after an earlier one on a line left wider open (…平台（www. /
    mengkeju.com）。)."""
    later = 0
    for cut in range(0, 28):
        text = HAN[:cut] + "（www.mengkeju.com）。" + HAN[:10] + HAN
        atoms = measure([(text, "serif")], S.body_size)
        m = body_measure()
        lines = compose(atoms, m)
        for line in lines:
            if line.text.endswith("（www."):
                last = line.start + len(line.text) + len("mengkeju")
                assert text[last] == "."
                avail = m.width - (m.first_indent if line is lines[0] else 0.0)
                assert c._squeeze(c._prepared(atoms), line.start, last, avail, m) is None
            later += line.text.endswith("mengkeju.")
    assert later


DECK = ("审议《中央政治局常委会听取和研究全国人大常委会、国务院、全国政协、最高人民法院、最高人民检察院"
        "党组工作汇报和中央书记处工作报告的综合情况报告》《关于在全党深入开展学习贯彻习近平新时代中国"
        "特色社会主义思想主题教育总结报告》《关于巩固拓展学习贯彻习近平新时代中国特色社会主义思想主题"
        "教育成果的意见》《中国共产党巡视工作条例》")


def test_a_long_display_block_takes_a_line_more_rather_than_break_a_word():
    """A headline group whose lines are all nearly full could only break 总结报|告》 in as
    many lines as a greedy fill needs: it takes one more."""
    from publish.layout.words import word_breaks
    m = Measure(width=S.measure, justify=False, balance=True, max_squeeze=S.max_squeeze)
    lines = compose(measure([(DECK, "kai")], S.body_size), m)
    greedy = c._greedy(c._prepare(measure([(DECK, "kai")], S.body_size)), m, m.width)
    assert len(greedy) <= len(lines) <= len(greedy) + 1
    for line in lines[:-1]:
        assert line.end in word_breaks(DECK) or DECK[line.end - 1] in "，、。》", line.text


@pytest.mark.parametrize("word, after", [
    # a line justified wide printed 2021 - 2030: a range, a fraction and a number's % are
    # one word, spaced as a whole
    *[(number, " 年") for number in ("2021-2030", "1/2", "69.6%", "5‰")],
    # a line of English justified wide printed China - Kenya: the hyphen spaced apart from
    # the letters it joins
    *[(word, " 合作") for word in ("China-Kenya", "COVID-19", "5G-A", "Belt-and-Road")],
])
def test_no_letter_spacing_inside_a_word(word, after):
    for pos in range(10, 30):
        text = HAN[:pos] + "（" + word + after + "）》和《" + HAN
        for line in lay(text, justify=True):
            at = line.text.find(word)
            if at < 0:
                continue
            inner = line.spacing[at:at + len(word) - 1]
            assert all(abs(x) < 1e-9 for x in inner), (word, line.text, inner)


@pytest.mark.parametrize("run", ["万", "十", "千百"])
def test_a_run_of_magnitude_words_is_read_in_bounded_time(run):
    """A magnitude of words (千亿元) is tried from each character of a run of them: hostile
    text of 30,000 of them took a minute when each try went on to the run's end."""
    text = run * (30_000 // len(run)) + "。五千亿元"
    began = time.perf_counter()
    protected = inside_quantities(text)
    assert time.perf_counter() - began < 5.0      # quadratic: a minute
    assert protected[-2:] == [len(text) - 2, len(text) - 1]     # 千|亿|元 still whole


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1.-/@_:中 ", max_size=60))
def test_address_dots_read_each_run_once_and_answer_as_address_dot(text):
    long, short = address_dots(text)
    for i in range(1, len(text) - 1):
        if text[i] == "." and WORD[text[i - 1]] and WORD[text[i + 1]]:
            assert (i in long) == address_dot(text, i)
            assert (i in short) == (address_dot(text, i, 0) and not address_dot(text, i))
        else:
            assert i not in long and i not in short


def test_a_run_of_dots_is_read_in_bounded_time():
    """Each dot read its whole run: 12,000 characters of a.b.c… took 20 s to break."""
    text = "ab." * 4000 + "中"
    began = time.perf_counter()
    ok = break_opportunities(text)
    long, short = address_dots(text)
    assert time.perf_counter() - began < 5.0      # quadratic: 20 s
    assert ok[2] and 2 in long and not short


def test_a_display_text_too_long_to_balance_is_filled():
    """Balancing searches with the square of the text: a hostile title of 8,000 characters
    took 16 s; past BALANCE_LINES lines it is filled greedily."""
    m = Measure(width=S.measure, justify=False, balance=True, max_squeeze=S.max_squeeze)
    atoms = measure([(HAN * 200, "serif")], S.title_size)
    lines = compose(atoms, m)
    assert len(lines) > c.BALANCE_LINES
    assert _shape(lines) == _shape(c._greedy(c._prepare(atoms), m, m.width))


@pytest.mark.parametrize("text, lines", [
    # a name too long to keep whole with the date is cut where a second name begins, not
    # inside a word (全国人民|代表大会, dearer than a cut name)
    ("（2023年3月13日在第十四届全国人民代表大会第一次会议上的讲话）",
     ["（2023年3月13日在第十四届全国人民代表大会", "第一次会议上的讲话）"]),
    # the date ends a line, uneven, rather than cut the meeting's name or end a line on 在
    ("（2020年11月16日在中央全面依法治国工作会议上的讲话）",
     ["（2020年11月16日", "在中央全面依法治国工作会议上的讲话）"]),
])
def test_a_display_line_keeps_a_name_whole_before_it_is_even(text, lines):
    """As the house edition sets an attribution: kai, indented, on the body's grid."""
    m = Measure(width=S.measure - S.indent, tracking=S.tracking, justify=False, balance=True,
                max_squeeze=S.max_squeeze)
    assert [line.text for line in compose(measure([(text, "kai")], S.body_size), m)] == lines


def test_a_title_takes_a_line_more_rather_than_cut_a_name():
    """Two lines of 省部级…推动金融高质量发展专题研讨班… can only break inside the seminar's
    name (金融|高质量|发展): it takes three, each name whole, and no more."""
    from publish.layout.phrases import CUT_NAME, break_costs
    from publish.layout.words import tagged_words
    text = "习近平在省部级主要领导干部推动金融高质量发展专题研讨班开班式上的重要讲话精神"
    m = Measure(width=S.measure, justify=False, balance=True, max_squeeze=S.max_squeeze)
    atoms = measure([(text, "serif-bold")], S.title_size)
    assert len(c._greedy(c._prepare(atoms), m, m.width)) == 2
    lines = compose(atoms, m)
    assert [line.text for line in lines] == ["习近平在省部级主要领导干部", "推动金融高质量发展专题研讨班",
                                              "开班式上的重要讲话精神"]
    costs = break_costs(tagged_words(text))
    assert all(costs[line.end] < CUT_NAME for line in lines[:-1])
    assert c._severity(CUT_NAME) == 1 and c._severity(c.BAD_BREAK_EMS) == 2 \
        and c._severity(CUT_NAME - 1) == 0


def test_a_note_breaks_after_its_date_rather_than_inside_a_name():
    """（2022年10月16日在中国共产党|第二十次全国代表大会上的报告） cut the congress's name to
    keep the lines even: the date alone on the first line is what a typesetter sets."""
    from publish.layout.style import OFFICIAL
    from publish.layout.titles import display_lines
    s = OFFICIAL
    note = "（2022年10月16日在中国共产党第二十次全国代表大会上的报告）"
    m = Measure(width=s.measure, justify=False, balance=True, max_squeeze=s.max_squeeze,
                hang=s.hang, lone=s.avoid_lone)
    lines = display_lines(measure([(note, "kai")], s.body_size), m)
    assert [line.start for line in lines] == [0, note.index("在")]


def test_a_paragraph_of_short_addresses_tries_only_the_soft_breaks_within_reach(monkeypatch):
    """Every line tried to squeeze itself to each soft break up to the paragraph's end: a
    paragraph of 200 addresses made 20,000 tries (7,000 characters: 48 s). Past the first
    ordinary break after the grid's line no soft break can fit, so a line tries a few."""
    text = "".join(f"（www.mengkeju{i % 10}.com）Abcdefghijklmnop" for i in range(60))
    atoms = c.measure([(text, "serif")], S.body_size)
    tries = []
    squeeze = c._squeeze
    monkeypatch.setattr(c, "_squeeze", lambda *a, **k: tries.append(1) or squeeze(*a, **k))
    c._PREPARED.clear()
    lines = c.compose(atoms, body_measure())
    assert len(tries) <= 4 * len(lines), (len(tries), len(lines))
