"""Title parts for the DOCX and the EPUB: the print breaks, nothing lost."""
import pytest

from publish.layout.titles import title_lines
from publish.layout.title_breaks import title_parts, title_words


@pytest.mark.parametrize("title", [
    "内蒙古自治区第十四届人民代表大会第二次会议政府工作报告",
    "习近平：铸牢中华民族共同体意识 推进新时代党的民族工作高质量发展",
    "习近平对政法工作作出重要指示",
    "中共中央政治局召开会议 习近平主持会议",
    "关于2024年度“ABC Project”工作的通知以及后续安排和相关要求的说明",
    "短",
    "",
    "标题里有\x0b控制字符和很长很长很长很长很长很长很长的内容",
])
def test_parts_join_to_the_title_and_follow_the_print_lines(title):
    parts = title_parts(title)
    assert "".join(parts) == title
    lines = [line for line in title_lines(title) if line]
    if len(parts) > 1:
        assert [p.strip(" \u3000") for p in parts] == lines


def test_a_long_title_gets_several_parts_at_word_boundaries():
    parts = title_parts("内蒙古自治区第十四届人民代表大会第二次会议政府工作报告")
    assert len(parts) == 2 and parts[0].endswith("大会") and parts[1].startswith("第二次")


def test_words_of_each_part_join_to_it():
    title = "习近平春节前夕视察慰问驻天津部队 向全体人民解放军指战员武警部队官兵军队文职人员民兵预备役人员致以新春祝福"
    words = title_words(title)
    assert ["".join(w) for w in words] == list(title_parts(title))
    assert ("天津",) != words[0] and "天津" in words[0] and "部队" in words[0]


@pytest.mark.parametrize("title", [
    "习近平：完整、准确、全面贯彻落实关于做好新时代党的统一战线工作的重要思想",
    "蔡奇出席会议并讲话 要把握好工作的着力点",
])
def test_no_word_a_phone_may_start_a_line_with_is_a_particle(title):
    """At 390 px the EPUB set …新时代党 / 的统一战线…: 的 was a word of its own, so a
    line could begin with it. A particle stays with the word before it."""
    from publish.layout.title_breaks import PARTICLES, keep_words
    for words in [*title_words(title), keep_words(title)]:
        assert not PARTICLES & set(words[1:])
    assert "".join(keep_words(title)) == title
    assert "党的" in title_words(title)[-1] or "工作的" in keep_words(title)


def test_heading_ranks_put_attachments_one_level_below_the_title():
    from publish.layout.titles import heading_ranks
    from publish.model import Article, Block, Span

    def block(kind, level=None):
        return Block(kind, (Span("字", "text"),), level=level)
    art = Article(id="a", title="题", blocks=(
        block("heading", 2), block("paragraph"), block("heading", 3), block("attachment"),
        block("attachment_title"), block("heading", 2), block("heading", 3),
        block("list_item")))
    # levels 2 and 3 are used: ranked 2 and 3 (none skipped); after an attachment's
    # title (rank 2, under the article's title) one deeper
    assert heading_ranks(art) == [2, None, 3, None, 2, 3, 4, None]
    only_three = Article(id="b", title="题", blocks=(block("heading", 3),))
    assert heading_ranks(only_three) == [2]


@pytest.mark.parametrize("title", [
    "关于进一步加强新时代宣传思想工作的决定 推动高质量发展",
    "全面推进乡村振兴和城乡融合发展 加快建设农业强国和美丽乡村",
    "某省召开全省经济工作会议和改革大会 部署明年重点任务和主要举措 推动高质量发展取得新成效",
])
def test_a_title_with_a_real_space_breaks_at_the_space(title):
    """When a title with spaces needs more than one line, its lines end at spaces (the
    break its author wrote), not beside them."""
    from publish.layout.titles import title_lines
    lines = title_lines(title)
    assert len(lines) > 1
    assert " ".join(lines) == title
    pos = 0
    for line in lines[:-1]:
        pos = title.index(line, pos) + len(line)
        assert title[pos] == " ", (lines, title)


def test_a_space_is_not_forced_as_a_break_when_it_costs_a_line():
    from publish.layout.titles import title_lines
    from publish.text.chars import strip_controls
    short = "会议 召开"                                      # fits one line: no break at all
    assert title_lines(short) == (strip_controls(short),)


def test_spaces_give_way_when_breaking_at_them_costs_a_line():
    """Groups too long for a line each: the title keeps the composer's line count."""
    from publish.layout.titles import compose_title, title_lines
    title = "某省召开全省经济工作会议 部署明年重点任务 推动高质量发展取得新成效"
    lines = title_lines(title)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    assert len(lines) == 2 and len(compose_title(title)) == 2


def test_a_headline_group_breaks_at_its_spaces_not_inside_a_phrase():
    """The spaces of a headline group mark where its printed lines ended: the print title
    block breaks there when the group needs more than one line, never inside 坚定不移|走."""
    from publish.layout.compose import Measure, measure
    from publish.layout.style import OFFICIAL
    from publish.layout.titles import display_lines
    deck = ("习近平在省部级主要领导干部推动金融高质量发展专题研讨班 开班式上发表重要讲话强调 "
            "坚定不移走中国特色金融发展之路 推动我国金融高质量发展")
    m = Measure(width=OFFICIAL.measure, justify=False, balance=True)
    lines = [line.text.strip() for line in display_lines(measure([(deck, "kai")],
                                                                  OFFICIAL.body_size), m)]
    assert "".join(lines).replace(" ", "") == deck.replace(" ", "")
    parts = deck.split(" ")
    for line in lines:                      # every line is whole parts of the group
        assert all(p in parts for p in line.split(" ")), lines


def test_a_space_parts_two_clauses_only_between_chinese():
    """Where a phone reflows a title, a line ends at a space between two clauses, never at
    one beside a Latin word or a number (ChatGPT 与 AI, 2024 年)."""
    from publish.layout.title_breaks import GAP, keep_tokens, title_tokens
    kinds = [k for row in title_tokens("习近平：坚持和完善人民代表大会制度 保障人民当家作主")
             for _, k in row]
    assert kinds.count(GAP) == 1
    for text in ("ChatGPT 与 AI 治理", "2024 年政府工作报告", "增长 5 %"):
        assert GAP not in [k for row in title_tokens(text) for _, k in row]
        assert GAP not in [k for _, k in keep_tokens(text)]


def test_a_deck_line_is_cut_after_each_space_between_clauses():
    from publish.layout.title_breaks import clause_parts
    assert clause_parts("蔡奇出席会议并讲话 丁薛祥出席") == ("蔡奇出席会议并讲话 ", "丁薛祥出席")
    assert clause_parts("ChatGPT 与 AI 的未来") == ("ChatGPT 与 AI 的未来",)    # beside Latin
    assert clause_parts("无空格的副题") == ("无空格的副题",)
    for text in ("甲乙 丙丁　戊己", " 前导空格的副题", "副题 "):
        assert "".join(clause_parts(text)) == text


def test_a_heading_is_never_two_ranks_below_the_one_before_it():
    """一、 headings ahead of the article's first lone numeral were rank 3 under the title's
    rank 1 (Ace's heading-order: the reader's heading list skipped a level)."""
    from publish.layout.titles import heading_ranks
    from publish.model import Article, Block, Span

    def heading(level):
        return Block("heading", (Span("字", "text"),), level=level)
    art = Article(id="a", title="题", blocks=(
        heading(2), heading(3), heading(2), heading(1), heading(2), heading(3), heading(1)))
    assert heading_ranks(art) == [2, 3, 2, 2, 3, 4, 2]
    ranks = [1] + heading_ranks(art)
    assert all(b - a <= 1 for a, b in zip(ranks, ranks[1:]))
