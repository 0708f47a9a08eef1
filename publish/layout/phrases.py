"""What a line break between two words of a title costs, by the words' parts of speech.

GB/T 9704-2012 7.3.3 asks a title broken over lines to keep each line's meaning whole (词意
完整) before it asks for even lines. A break between two words can still cut a phrase:
``中央全面|深化改革委员会`` parts one body's name, ``金融高质量|发展`` one noun phrase; while
``习近平主持召开|中央全面深化改革委员会…`` breaks where the verb meets its object. The
cost of a break is read from the two words beside it (jieba's parts of speech): a function
word never ends or starts a line on the wrong side (``在|``, ``|的``, ``|上``), a break before
a preposition or conjunction or after a verb is cheap, and one inside a run of nouns dear,
dearer inside a long run. Dearer than uneven lines is a break inside a name: a run of nouns
up to the word that closes the name of a body, a meeting or a station (…委员会, …会议,
…研讨班, …站); a title no even lines keep a name whole in takes them uneven, or one line
more (layout/compose.py). A break after such a word parts two names
(``人民代表大会|第二次会议``) and costs what the words beside it say. Inside a book title
(《…》) every break costs more, but after the dash that opens its subtitle: two titles in a
row part between them. After the word closing a name, before a noun, a break is cheap
(…第二次会议|政府工作报告); a long text's short last object stays with its verb (…事故|作出
重要指示). The 目录's lines (layout/toclines.py) choose their breaks by the same costs.

jieba's dictionary gives a word one tag, and some read wrongly here: a suffix it cut from the
proper name before it (``秦岭|站``, the 站 tagged a verb) joins that name, and a word tagged a
person's name between a verb and a place (``致信祝贺中国南极…``: 祝贺 nr) is read as a verb.
The balancer weighs these costs against how even the lines are. Pure: the tags come in with
the words.
"""
from __future__ import annotations

from collections.abc import Sequence

#: Parts of speech (jieba's dictionary) that name things; None: a word jieba found that its
#: dictionary lacks (mostly names).
NOUNS = frozenset({"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "ng", "j", "l", "i", "vn", "an",
                   "b", "m", "mq", "q", "s", "t", "eng", "x", None})
#: A word of these binds to the word before it: never the first on a line (的, 上, 之际, 了).
CLITICS = frozenset({"uj", "ul", "uz", "ud", "ug", "uv", "u", "f", "y"})
#: A preposition or conjunction binds to what follows it: never the last on a line.
LEADS = frozenset({"p", "c"})

NEVER = 120.0         # a function word on the wrong side of the break, a number cut
                      # from what it counts: dearer still than a name cut (…日|在中央全面…,
                      # not …日在|中央全面…)
BEFORE_LEAD = 1.0     # |在…, |和…: the phrase starts here
AFTER_ADVERBIAL = 1.0  # 之际|作出, 会上|讲话
BEFORE_NUMBER = 3.0   # 人民代表大会|第二次会议, 渝水区|一临街店铺
VERB_OBJECT = 2.0     # 主持召开|中央…
SUBJECT_VERB = 3.0    # …火灾事故|作出重要指示
SERIAL_VERBS = 8.0    # 主持|召开
IN_NOUNS = 8.0        # 山体|滑坡
IN_NAME = 16.0        # 镇雄县|山体滑坡: two nouns or more on each side
CUT_NAME = 100.0      # 中央全面|深化改革委员会, 人大|二次会议: inside a name (see _in_name),
                      # dearer than two lines 13 ems apart (evenness: 2 × 6.5² = 84.5: a
                      # note's date alone, （2022年10月16日 | 在中国共产党第二十次全国代表
                      # 大会…, rather than 中国共产党|第二十次…), cheaper than a break
                      # inside a word (compose.BAD_BREAK_EMS)
AFTER_NAME = 2.0      # after the word closing a name, before a noun (…会议|政府工作报告)
SHORT_OBJECT = 4      # characters after a verb, ending a long text, that stay with it
SHORT_OBJECT_CUT = 4.0  # a break between that verb and them: dearer than subject|verb
HEAD_CUT = 2.0        # added to CUT_NAME right before the word closing the name (…发展|
                      # 专题研讨班 rather than …专题|研讨班)
OTHER = 4.0
IN_BOOK = 16.0        # added inside 《…》 (谱写新时代中国宪法实践|新篇章), but beside the
                      # dash of its subtitle (…新篇章——|纪念…)
ONE_CHARACTER = 12.0  # beside a one-character word (的|讲话, 主持|会), but after 上 and
                      # before 在, 和 or a number


#: A book title's subtitle follows a dash (《…新篇章——纪念…》).
DASHES = frozenset("—―")

#: How the last word of the name of a body, a meeting or a station ends (…委员会, …会议,
#: 全会, …研讨班, …站, …政治局, 国务院, …办公厅): the nouns before it, back to the start of
#: their run or to the previous such word, are one name.
HEAD_ENDINGS = ("会", "会议", "站", "班", "局", "院", "委", "厅", "署", "办", "馆", "所", "组",
                "室", "部")
#: Common nouns that end like a body's name but are none (全|社会, 新发展|格局, 领导|干部).
NOT_HEADS = frozenset({"社会", "机会", "体会", "格局", "大局", "布局", "结局", "全局",
                       "干部", "全部", "内部", "外部", "局部", "东部", "西部", "南部", "北部",
                       "中部", "总部"})
#: Tags of proper names: a place, a body, a person, another name.
PROPER = frozenset({"ns", "nt", "nr", "nrfg", "nrt", "nz"})
#: How far a name's words are looked for (a name of more words is cut as a run of nouns).
NAME_WORDS = 6


def _head(word: str) -> bool:
    return len(word) > 1 and word.endswith(HEAD_ENDINGS) and word not in NOT_HEADS


def _noun(word: str, tag: str | None) -> bool:
    """A word of a name: a noun that is a word, not a mark (“, 、) jieba left untagged."""
    return tag in NOUNS and word[:1].isalnum()


def _read(words: Sequence[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The words as names read them: a one-character suffix jieba cut from the proper name
    before it joins it (秦岭|站 → 秦岭站: jieba tags the 站 a verb), and a word tagged a
    person's name between a verb and a place or a body is read as the verb it is (致信|祝贺
    中国南极…: jieba tags 祝贺, a surname and a given name, nr)."""
    out: list[tuple[str, str | None]] = []
    for k, (word, tag) in enumerate(words):
        after = words[k + 1] if k + 1 < len(words) else None
        # …秦岭|站|建成: the suffix then ends a subject (a verb, a mark or the end after it),
        # not 中国|所|面临 (a particle) nor 北京|办|奥运 (a verb with its object)
        if out and word in HEAD_ENDINGS and out[-1][1] in PROPER and tag not in LEADS \
                and tag not in CLITICS and tag != "d" and (
                    after is None or _verb(after[1]) or not after[0][:1].isalnum()):
            out[-1] = (out[-1][0] + word, "n")
            continue
        if tag == "nr" and k and _verb(words[k - 1][1]) and k + 1 < len(words) \
                and words[k + 1][1] in ("ns", "nt"):
            tag = "v"
        out.append((word, tag))
    return out


def _in_name(words: Sequence[tuple[str, str | None]], k: int) -> bool:
    """Is the break after word ``k`` inside a name: between two of its nouns, before the
    word that closes it (中央全面|深化改革委员会, 十四届人大|二次会议, 中国南极|秦岭站)? Not
    after such a word (人民代表大会|第二次会议: two names), nor in a run of nouns no such word
    closes (镇雄县|山体滑坡)."""
    word, tag = words[k]
    return _noun(word, tag) and not _head(word) and _names_ahead(words, k + 1)


def _names_ahead(words: Sequence[tuple[str, str | None]], k: int) -> bool:
    """Do the nouns from word ``k`` on reach a word closing a name (办公室, 会议) within
    NAME_WORDS: the words before them then are part of that name?"""
    for word, tag in words[k:k + NAME_WORDS]:
        if not _noun(word, tag):
            return False
        if _head(word):
            return True
    return False


def _count(tag: str | None, word: str) -> bool:
    """A number that counts what follows it (一|临街店铺, 60|条), not an ordinal (第二次) nor
    the unit of a date (2020年11月16日|在…: jieba tags the 日 cut from its digits a number)."""
    return tag == "m" and not word.startswith("第") and not word.endswith(("年", "月", "日"))


def _verb(tag: str | None) -> bool:
    return tag is not None and tag.startswith("v") and tag != "vn"


def _nouns_run(words: Sequence[tuple[str, str | None]], start: int, step: int,
               enough: int = 2) -> int:
    """How many nouns run from ``start`` by ``step``, counted up to ``enough`` (a title of
    thousands of nouns is not read again from each break)."""
    n, k = 0, start
    while n < enough and 0 <= k < len(words) and words[k][1] in NOUNS and words[k][0].strip():
        n += 1
        k += step
    return n


def break_costs(words: Sequence[tuple[str, str | None]]) -> dict[int, float]:
    """Offset of each break between two words (in their text joined) → its cost in ems²
    (the balancer's unit). A break at a space costs nothing."""
    words = _read(words)
    length = sum(len(w) for w, _ in words)
    out: dict[int, float] = {}
    pos = depth = 0
    for k in range(len(words) - 1):
        (left, ltag), (right, rtag) = words[k], words[k + 1]
        pos += len(left)
        depth = max(0, depth + left.count("《") - left.count("》"))
        if not left.strip() or not right.strip():
            out[pos] = 0.0
            continue
        if rtag in CLITICS or (rtag or "").startswith("u") or ltag in LEADS \
                or _count(ltag, left) and not _count(rtag, right):
            cost = NEVER
        elif rtag in LEADS:
            cost = BEFORE_LEAD
        elif ltag in CLITICS:
            cost = AFTER_ADVERBIAL
        elif rtag == "m":
            cost = BEFORE_NUMBER
        elif _verb(ltag):
            cost = SERIAL_VERBS if _verb(rtag) else VERB_OBJECT
            if cost == VERB_OBJECT and length - pos <= SHORT_OBJECT < pos // 2:
                cost = SHORT_OBJECT_CUT      # …事故|作出重要指示, not …作出|重要指示
        elif ltag in NOUNS and _verb(rtag):
            cost = SUBJECT_VERB
        elif _head(left) and _noun(right, rtag) and not _names_ahead(words, k + 1):
            cost = AFTER_NAME           # …第二次会议|政府工作报告: the name ends here (not
                                        # 中央财经委员会|办公室: a name goes on to its head)
        elif ltag in NOUNS and rtag in NOUNS:
            long_run = _nouns_run(words, k, -1) >= 2 and _nouns_run(words, k + 1, 1) >= 2
            cost = IN_NAME if long_run else IN_NOUNS
        else:
            cost = OTHER
        if cost < ONE_CHARACTER and (len(left.strip()) == 1 and ltag != "f"
                                     or len(right.strip()) == 1 and rtag not in LEADS
                                     and rtag != "m"):
            cost = ONE_CHARACTER
        if _in_name(words, k):          # right before the closing word dearer still
            cost = max(cost, CUT_NAME + (HEAD_CUT if _head(right) else 0.0))
        if depth and left[-1:] not in DASHES and right[:1] != "》":
            cost += IN_BOOK
        out[pos] = cost
    return out
