"""What a line break between two words of a title costs, by the words' parts of speech.

GB/T 9704-2012 7.3.3 asks a title broken over lines to keep each line's meaning whole (词意
完整) before it asks for even lines. A break between two words can still cut a phrase:
``中央全面|深化改革委员会`` parts one body's name, ``金融高质量|发展`` one noun phrase; while
``习近平主持召开|中央全面深化改革委员会…`` breaks where the verb meets its object. The
cost of a break is read from the two words beside it (jieba's parts of speech): a function
word never ends or starts a line on the wrong side (``在|``, ``|的``, ``|上``), a break before
a preposition or conjunction or after a verb is cheap, and one inside a run of nouns dear,
dearer inside a long run (a name). The balancer (layout/compose.py) weighs these against how
even the lines are. Pure: the tags come in with the words.
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

NEVER = 20.0          # a function word on the wrong side of the break, a number cut
                      # from what it counts
BEFORE_LEAD = 1.0     # |在…, |和…: the phrase starts here
AFTER_ADVERBIAL = 1.0  # 之际|作出, 会上|讲话
BEFORE_NUMBER = 3.0   # 人民代表大会|第二次会议, 渝水区|一临街店铺
VERB_OBJECT = 2.0     # 主持召开|中央…
SUBJECT_VERB = 3.0    # …火灾事故|作出重要指示
SERIAL_VERBS = 8.0    # 主持|召开
IN_NOUNS = 8.0        # 山体|滑坡
IN_NAME = 16.0        # 中央全面|深化改革委员会: two nouns or more on each side
OTHER = 4.0
ONE_CHARACTER = 12.0  # beside a one-character word (的|讲话, 主持|会), but after 上 and
                      # before 在, 和 or a number


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
    out: dict[int, float] = {}
    pos = 0
    for k in range(len(words) - 1):
        (left, ltag), (right, rtag) = words[k], words[k + 1]
        pos += len(left)
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
        elif ltag in NOUNS and _verb(rtag):
            cost = SUBJECT_VERB
        elif ltag in NOUNS and rtag in NOUNS:
            long_run = _nouns_run(words, k, -1) >= 2 and _nouns_run(words, k + 1, 1) >= 2
            cost = IN_NAME if long_run else IN_NOUNS
        else:
            cost = OTHER
        if cost < ONE_CHARACTER and (len(left.strip()) == 1 and ltag != "f"
                                     or len(right.strip()) == 1 and rtag not in LEADS
                                     and rtag != "m"):
            cost = ONE_CHARACTER
        out[pos] = cost
    return out
