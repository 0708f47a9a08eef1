"""Raw extracted text → the model, repairing extraction artifacts and logging every repair.

Repairs are limited to what extraction did: paragraphs cut by a page end are joined (and the
position kept as a source page break), wrap spaces in titles are removed where the 目录 shows
none. Wording is never changed, nothing is dropped or reordered; what an editor must decide
goes into the log as a ``decision``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

from . import rawtext
from ..model import (ATTACHMENT, ATTACHMENT_TITLE, ATTRIBUTION, BOLD, DATE, FOOTNOTE, HEADING,
                    LIST_ITEM, NOTE, PARAGRAPH, SALUTATION, SIGNATURE, TEXT, Article, Block,
                    Issue, PageBreak, Span)
from .rawtext import Line, is_source, partial_source
from ..corpus import MAX_LINE_CHARS
from ..corpus.yamlio import is_iso_date
from ..errors import UserError
from ..text.chars import (ATTACHMENT_RE, COLOPHON_RE, BRACKET_CALL, BYLINE_RE, CLOSING, CREDIT_RE,
                          DATE_LINE_RE, EDITORS_NOTE_RE, HAN, ITEM_LABEL_RE,
                          LIST_ITEM_RE, LONE_NUMERAL_RE, NEWS_DATELINE_RE, NOTE_MARKS,
                          SECTION_RE, SOURCE_RE, SPACED_NUMBER_RE, SUBSECTION_RE, ends_a_sentence,
                          ends_terminal, source_fields)
from ..text.align import pair, same_title, similarity
from ..text.normalize import normalize

MAX_DECK_CHARS = 200       # longer lines after the source line are body text
MAX_SUBTITLE_CHARS = 60   # ——在二十届中央政治局第九次集体学习时的讲话
MAX_SOURCE_TAIL = 30       # the second line of a source line wrapped in two: 学习平台)
MAX_HEADING_CHARS = 40     # a longer 一、/（一） line is a paragraph with a run-in heading,
MAX_LONG_HEADING_CHARS = 100   # unless it holds no sentence mark (up to this length)
MAX_SIGNATURE_CHARS = 24   # a line of a signature (an office, a name) above the date
# a deck line as short as a name but ending in what someone did (蔡奇出席, 李强主持): no byline
DECK_VERB = re.compile(r"(?:出席|主持|讲话|参加|考察|调研|会见|致辞|发言|强调|指出)$")
# The editors signing the last line of a foreword or an editor's note (卷首语 … 编者): a
# signature, as a name above a date is
EDITOR_SIGNS = re.compile(r"^(?:——\s?)?(?:本刊|本报)?(?:编者|编辑部)$")
# a signature's date of a year and a month only (2025年10月), as the body's last line
MONTH_DATE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*"
                        r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月$")
MAX_SALUTATION_CHARS = 32       # 内蒙古科技大学“草原之子”支教团的同学们：
# A salutation ends with whom it addresses (同志们：, 各位代表：, 全体队员：, 全体院士：,
# 尊敬的…：: the last character of such a word; a notice's addressees, 各二级党组织：,
# 各学院、各部门：, 各盟市教育局：); a short line ending in a colon otherwise,
# or with a speech verb, leads into what follows (会议强调：, 主要任务是：, 领导干部要做到：).
ADDRESSEE = re.compile(r"(?:^(?:尊敬|亲爱)的.*|.*[们员士胞女众友宾长师生家亲部导表年童子者民仁工志位织门院关委局处室校])"
                       r"[：:]$")
SPEECH = re.compile(r"指出|强调|要求|做到|表示|认为|提出|说|讲|寄语|引用|写道|是[：:]$")
# Similarity (0–100) for a 目录 entry and a title found in the body to pair (the text
# layer's aligner). Lower than the checker's 60: here a pair is a decision logged for the
# editor (toc_title_differs) while a miss costs the article its 目录 page, and a printed
# 目录 often shortens a long title; the checker reports a pair below 60 as a missing
# article and a stray entry, which is what a reader of the PDF would see.
TOC_PAIR = 50.0
# Similarity for a body line without a source line to be taken for a 目录 title: any line
# between two found titles is a candidate, so stricter than pairing titles.
TITLE_MATCH = 85
# The fewest characters a shortened 目录 title keeps to name the one title it lies inside
MIN_SHORT_TITLE = 4
# Footnote marks as Chinese print sets them (①…⑳, numbered again on each page); the note
# itself is printed at the page's foot, so the extraction puts it where the page ended.
# a mark after these counts items (要做到：①…；②…), it calls no footnote
ENUMERATES = "：:；;，,。、（(\u3000 "


@dataclass
class ImportResult:
    issue: Issue
    log: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = "utf-8"
    encoding_note: str | None = None

    @property
    def decisions(self) -> list[dict[str, Any]]:
        return [e for e in self.log if e.get("decision")]


def import_raw(path: str | Path, issue_id: str, encoding: str | None = None) -> ImportResult:
    raw = rawtext.parse(path, encoding)
    log: list[dict[str, Any]] = [{"kind": "toc_page_word", "line": line, "decision": True,
                                  "message": message} for line, message in raw.toc_notes]
    if raw.toc_bullets:
        log.append({"kind": "toc_bullets", "lines": raw.toc_bullets,
                    "message": f"an ornament (◆, ● …) or a running number (1. …) before the "
                               f"title of {len(raw.toc_bullets)} 目录 line(s) left out, as a "
                               "dot leader is"})
    if raw.toc_again:
        log.append({"kind": "toc_printed_twice", "lines": raw.toc_again,
                    "message": f"{len(raw.toc_again)} 目录 lines repeating earlier ones, title "
                               "and page (the extraction printed the 目录 twice), left out"})
    if raw.invisible:
        log.append({"kind": "invisible_characters", "lines": raw.invisible,
                    "message": f"zero-width characters (U+200B, U+2060, U+FEFF) taken out of "
                               f"{len(raw.invisible)} line(s): the extraction's, no text's"})
    if raw.furniture:
        bare = [line for line in raw.furniture
                if rawtext.BARE_FOLIO_RE.match(line.text) and line.no not in raw.folio_run]
        log.append({"kind": "page_furniture", "lines": [line.no for line in raw.furniture],
                    "message": f"{len(raw.furniture)} folio and running-head lines (— 2 —, "
                               f"{raw.furniture[0].text}) left out of the text"})
        for line in bare:               # a number alone on a line may be the text's own
            log.append({"kind": "bare_number_left_out", "line": line.no, "decision": True,
                        "message": f"the line {line.text!r} inside a paragraph was taken for "
                                   "a page's folio and left out: put it back if it is text"})
    if raw.separators:
        log.append({"kind": "separator", "lines": [line.no for line in raw.separators],
                    "message": f"{len(raw.separators)} ornament line(s) over an article's title "
                               f"({raw.separators[0].text}): the print's separator between "
                               "articles, left out"})
    if raw.toc_at_end is not None:
        log.append({"kind": "toc_at_end", "line": raw.toc_at_end,
                    "message": "the 目录 is printed after the articles: read as the issue's "
                               "目录, the text above it as its articles"})
    if raw.lead_folios:
        log.append({"kind": "folio_at_line_start",
                    "lines": [line.no for line in raw.lead_folios],
                    "message": f"{len(raw.lead_folios)} page number(s) printed before a page's "
                               f"first words ({raw.lead_folios[0].text} …), in the run of the "
                               "pages' numbers, taken off their lines"})
    if raw.unwrapped:
        log.append({"kind": "printed_lines_joined", "lines": [s[1] for s in raw.unwrapped],
                    "message": f"the text keeps the print's lines: {len(raw.unwrapped)} lines "
                               "that run on from a full line above them (no blank line "
                               "between) joined into their paragraphs"})
        log += _line_seams(raw.unwrapped)
    for line in raw.repeats:
        log.append({"kind": "repeated_line_left_out", "line": line.no, "decision": True,
                    "message": "this line repeats the line before it, which a page end cut: "
                               "left out as the extraction's repeat; put it back if the issue "
                               "prints it twice"})
    if raw.title_heads:
        log.append({"kind": "running_head_title", "lines": [ln.no for ln in raw.title_heads],
                    "message": f"{len(raw.title_heads)} running head(s) printing an article's "
                               f"title atop its pages ({raw.title_heads[0].text}) left out of "
                               "the text"})
    if raw.toc_groups:
        log.append({"kind": "toc_groups", "lines": [g.no for g in raw.toc_groups],
                    "decision": True,
                    "message": f"group headings of the 目录 ({raw.toc_groups[0].text}) left "
                               "out of the 目录 and the text: the corpus has no place for "
                               "them and the editions print none"})
    titles = _title_spellings(raw.body)
    _split_joined(raw, log, titles)
    _pageless(raw, log, titles)         # after: an entry the split gave back may end here
    wrapped: dict[int, int] = {}        # start → lines of a title found without its source
    starts = _find_article_starts(raw, log, wrapped)
    articles: list[Article] = []
    used_ids: set[str] = set()
    toc_keys = frozenset(normalize(e.title) for e in raw.toc)
    spans = [wrapped.get(start) or _title_lines(raw.body, start, end, toc_keys)
             for start, end in zip(starts, starts[1:] + [len(raw.body)])]
    for start, end, span in zip(starts, starts[1:] + [len(raw.body)], spans):
        articles.append(_article(raw, start, end, log, used_ids, span))
    one_line = [span == 1 for span in spans]
    articles = _match_toc(articles, raw, log, one_line)
    dates = [a.date for a in articles if a.date]
    cover = raw.cover
    log += _cover_log(cover)
    if not dates:
        log.append(_undated_issue())
    issue = Issue(
        id=issue_id,
        title=cover.title or "理论学习参考",
        number=cover.number,
        institution=cover.institution,
        institution_en=cover.institution_en,
        publisher=cover.publisher,
        date=max(dates) if dates else None,
        toc=tuple(raw.toc),
        articles=tuple(articles),
    )
    return ImportResult(issue, log, raw.encoding, raw.encoding_note)


def _line_seams(unwrapped: list[tuple[int, int, str, str, str]]) -> list[dict[str, Any]]:
    """The decisions at the printed lines' ends the importer ran on (rawtext._unwrapped's
    seams): a space a line end may have taken from beside a number, in a paragraph that
    spaces its numbers, and a Latin word's hyphen at a line end, which may only break it."""
    out: list[dict[str, Any]] = []
    spaced: dict[str, bool] = {}        # a joined line scanned once, not once a seam
    for _, line, tail, head, whole in unwrapped:
        if LATIN_HYPHEN_END.search(tail) and LATIN_START.match(head):
            out.append({"kind": "line_join_latin_hyphen", "line": line, "decision": True,
                        "tail": tail, "head": head,
                        "message": "a printed line ended after a hyphen in a Latin word; "
                                   "joined keeping the hyphen (Belt-|and-Road): if it only "
                                   "broke the word (Commu-|nications), delete it"})
            continue
        if not _han_digit(tail[-1:] + head[:1]):
            continue
        if whole not in spaced:
            spaced[whole] = _spaced_numbers(whole)
        if spaced[whole]:
            out.append({"kind": "line_join_number_space", "line": line, "decision": True,
                        "tail": tail, "head": head,
                        "message": "a printed line ended between a character and a "
                                   "number; this paragraph sets spaces around its "
                                   "numbers, so one may have been lost with the line "
                                   "end: put it back if it belongs"})
    return out


def _cover_log(cover: rawtext.Cover) -> list[dict[str, Any]]:
    """Decisions about the cover: lines issue.yaml has no field for (they would not be
    printed), and a missing title or issue number (named at the cover's first line)."""
    out: list[dict[str, Any]] = [
        {"kind": "cover_line_not_kept", "line": ln.no, "text": ln.text, "decision": True,
         "message": f"cover line {ln.text!r} has no field in issue.yaml (title, number, "
                    "institution, institution_en, publisher), so the editions do not print it: "
                    "put it into one by hand if it belongs on the cover"}
        for ln in cover.unplaced]
    if not cover.number:
        out.append({"kind": "cover_without_number", "line": 1, "decision": True,
                    "message": "the cover gives no issue number (…年第…期): set number: in "
                               "issue.yaml"})
    if not cover.title:
        out.append({"kind": "cover_without_title", "line": 1, "decision": True,
                    "message": "the cover gives no title: 理论学习参考 is used; set title: in "
                               "issue.yaml"})
    return out


def _undated_issue() -> dict[str, Any]:
    """The decision an issue asks whose articles give no day: issue.yaml gets no date (the
    importer takes the latest article's), and the date fixes every output's timestamps."""
    return {"kind": "issue_without_date", "line": 1, "decision": True,
            "message": "no article's source line gives a day, so issue.yaml has no date (it "
                       "fixes every output's timestamps): set date: YYYY-MM-DD in issue.yaml"}


def _split_joined(raw: rawtext.RawIssue, log: list, titles: set[str]) -> None:
    """Undo a join of two 目录 lines (rawtext.parse_toc) when the first is, on its own, a
    title line of the body that the second does not continue: it is then an entry whose
    page number is missing, not the first half of a wrapped one. The entry keeps the
    second line; the first is left to the editor (a decision naming its line)."""
    body = raw.body
    alone_lines = {normalize(line.text) for line in body if line.no in raw.blank_before}
    heads: dict[str, int] = {}                  # article titles: a line before a source line
    for i, line in enumerate(body[:-1]):
        if is_source(body[i + 1].text) and not is_source(line.text):
            heads.setdefault(normalize(line.text), i)
    for k, (first, second) in sorted(raw.toc_joined.items()):
        alone = rawtext.entry_of(second.text, second.no)
        if k and alone is not None and normalize(raw.toc[k].title) not in titles \
                and _ends_entry(raw, k - 1, first, titles, log):
            # the entry before wrapped with its page on its first line (…指战员<TAB>44 /
            # 武警部队…新春祝福): the next entry is the second line alone
            raw.toc[k] = alone
            raw.toc_lines[k] = second.no
            continue
        at = heads.get(normalize(first.text))
        if at is None and alone is not None and normalize(raw.toc[k].title) not in titles \
                and normalize(alone.title) in titles and normalize(first.text) in alone_lines:
            # a title printed with no source line under it (卷首语), pageless in the 目录
            # over a title of the body: the two are two entries, not one wrapped
            raw.toc[k] = alone
            raw.toc_lines[k] = second.no
            log.append(_pageless_entry(first, "it is a line of the body on its own, not the "
                                              "first half of the next entry; "))
            continue
        if at is None or alone is None:
            continue
        continued = at + 1 < len(body) and normalize(body[at + 1].text) == normalize(alone.title)
        if continued:                   # the body wraps the title where the 目录 does
            continue
        raw.toc[k] = alone
        raw.toc_lines[k] = second.no
        log.append(_pageless_entry(first, "it is an article's title on its own, not the "
                                          "first half of the next entry; "))


def _pageless(raw: rawtext.RawIssue, log: list, titles: set[str]) -> None:
    """A 目录 line without a page: the end of the entry above when the two spell a title of
    the body (its page printed on the title's first line), else a decision for the editor."""
    for line in raw.toc_pageless:
        k = max((k for k, no in enumerate(raw.toc_lines) if no < line.no), default=None)
        if k is None or not _ends_entry(raw, k, line, titles, log):
            log.append(_pageless_entry(line))


def _ends_entry(raw: rawtext.RawIssue, k: int, line: Line, titles: set[str],
                log: list) -> bool:
    """Does ``line`` end 目录 entry ``k`` (the two spell a title of the body: the entry's
    page was printed on its title's first line)? Then it is added to the entry, logged."""
    whole = raw.toc[k].title + line.text.replace("\n", "")
    if normalize(whole) not in titles:
        return False
    raw.toc[k] = replace(raw.toc[k], title=whole)
    log.append({"kind": "toc_wrap_page_first", "lines": [line.no],
                "message": "a 目录 title wrapped with its page on its first line: this line "
                           "ends the entry before"})
    return True


def _title_spellings(body: list[Line]) -> set[str]:
    """Every title the body may print, normalized: the one, two or three lines above each
    source line, joined."""
    out: set[str] = set()
    for i, line in enumerate(body):
        if is_source(line.text):
            for n in range(1, MAX_TITLE_LINES + 1):
                if i - n >= 0:
                    out.add(normalize("".join(b.text for b in body[i - n:i])))
    return out


def _pageless_entry(line: Line, why: str = "") -> dict[str, Any]:
    """The decision a 目录 line printed without its page number asks of the editor."""
    return {"kind": "toc_line_without_page", "line": line.no, "title": line.text,
            "decision": True,
            "message": f"this 目录 line has no page number: {why}give it its page "
                       "(title<TAB>page)"}


# ------------------------------------------------------------------- article boundaries

#: Lines a title is printed on at most (a long title wraps once, at times twice)
MAX_TITLE_LINES = 3
#: Byline lines printed between a title and its source line at most
MAX_BYLINES_ABOVE = 3

def _find_article_starts(raw: rawtext.RawIssue, log: list,
                         wrapped: dict[int, int] | None = None) -> list[int]:
    """Indexes into ``raw.body`` of article titles.

    A title is the line (or two adjacent lines) before a source line. Where a 目录 entry has
    no such title, the best matching line between its neighbours is taken instead.
    """
    body = raw.body
    toc_titles = [normalize(e.title) for e in raw.toc]
    starts: list[int] = []
    for i, line in enumerate(body):
        if i > 0 and is_source(line.text) and not is_source(body[i - 1].text):
            if _ends_an_article(body[i - 1].text, toc_titles,
                                body[i - 2].text if i > 1 else ""):
                continue                # the source line of the article before, at its end
            t = i - 1
            floor = starts[-1] + 1 if starts else 0
            while t - 1 >= floor and i - t <= MAX_BYLINES_ABOVE and _is_byline(body[t].text) \
                    and not any(normalize(body[t].text) in title for title in toc_titles):
                t -= 1          # bylines between the title and its source line
            if _over_source(body[t].text) and t > 0 and (not starts or t - 1 > starts[-1]):
                t -= 1          # a subtitle (——在…的讲话) or a dateline over the source
            if (t > 0 and rawtext.adjacent(body[t - 1].no, body[t].no, raw.spacing)
                    and body[t - 1].no in raw.blank_before
                    and not ends_terminal(body[t - 1].text) and (not starts or t - 1 > starts[-1])):
                t -= 1          # a title printed on two lines
            else:
                t = _title_from_toc(body, t, toc_titles, starts[-1] if starts else -1)
            named = _names_a_toc_title(_title_text(body, t, frozenset(toc_titles)), toc_titles)
            if not SOURCE_RE.match(line.text) and not named and (
                    (COLOPHON_RE.match(line.text) and _quoted_after(body, t))
                    or not _stands_as_a_title(body, t, i)):
                continue        # a newer form (no day, 【…】, a bar) under a table is its own;
                                # a colophon closing an excerpt (引用了一首诗：) is the excerpt's
            starts.append(t)
    # 目录 entries that found no title: look for their title line without a source line
    found = [_title_text(body, s, frozenset(toc_titles)) for s in starts]
    aligned = _align(raw.toc, found)
    extra: list[int] = []
    keyed: dict[tuple[int, int], str] = {}     # body lines normalized once, not once an entry
    for k, entry in enumerate(raw.toc):
        if k in aligned:
            continue
        prev = max((starts[j] for kk, j in aligned.items() if kk < k), default=-1)
        nxt = min((starts[j] for kk, j in aligned.items() if kk > k),
                  default=len(body))
        best, best_score, best_span, key = None, TITLE_MATCH, 1, normalize(entry.title)
        for i in range(prev + 2 if prev >= 0 else 0, nxt):   # past a title and its source
            if body[i].no not in raw.blank_before:
                continue
            # the title on its line, or wrapped onto the next one (no blank line between)
            for span in range(1, 3):
                if span > 1 and (i + 1 >= nxt
                                 or not rawtext.adjacent(body[i].no, body[i + 1].no, raw.spacing)
                                 or ends_a_sentence(body[i].text)):
                    break
                if (i, span) not in keyed:
                    keyed[i, span] = normalize("".join(b.text for b in body[i:i + span]))
                text = keyed[i, span]
                if 200 * min(len(key), len(text)) <= best_score * (len(key) + len(text)):
                    continue            # lengths too far apart to score higher (an upper bound)
                score = similarity(key, text)
                if score > best_score:
                    best, best_score, best_span = i, score, span
        if best is not None:
            extra.append(best)
            if best_span > 1 and wrapped is not None:
                wrapped[best] = best_span
            log.append({"kind": "title_without_source", "line": body[best].no,
                        "title": body[best].text, "decision": True,
                        "message": "article title found from the 目录; no source line under it"})
    starts = sorted(set(starts) | set(extra))
    if not starts:                      # a file cut short in its 目录 or its first title
        raise UserError("no article in the text after the 目录: no source line "
                        "('(2024-01-10 来源：…)') and no line printing a 目录 title; is the "
                        "file cut short?", raw.path, body[0].no)
    if starts[0] != 0:
        named = any(e["kind"] == "toc_line_without_page"
                    and same_title(e["title"].replace("\n", ""), body[0].text) for e in log)
        entry = {"kind": "text_before_first_article", "line": body[0].no, "decision": True,
                 "message": "text between the 目录 and the first article kept as an "
                            "article of its own"}
        if named:                       # its title is a 目录 line without a page: decided there
            del entry["decision"]
            entry["message"] += ", titled by a 目录 line without a page number"
        log.append(entry)
        starts.insert(0, 0)
    return starts


def _ends_an_article(text: str, toc_titles: list[str], above: str = "") -> bool:
    """Is the line before a source line the last line of an article (the source line
    then closes that article) rather than a title: it ends like a sentence (。！？), or it
    is a date (a letter's, 2026年1月10日) or an attribution with a date ((2014年9月5日在…的
    讲话)) under a line that is no title; and it names no 目录 title?"""
    if not ends_a_sentence(text) and not (_dated_end(text) and not _names_a_title(above,
                                                                                toc_titles)):
        return False
    return not _names_a_title(text, toc_titles)


def _names_a_title(text: str, toc_titles: list[str]) -> bool:
    key = normalize(text)
    return bool(key) and any(similarity(key, title) >= TITLE_MATCH for title in toc_titles)


def _dated_end(text: str) -> bool:
    """A letter's date, or an attribution in brackets holding a date: never a title."""
    return bool(DATE_LINE_RE.match(text)) or (
        text[:1] in "（(" and text[-1:] in "）)" and _balanced_outer(text)
        and bool(_HAS_DATE.search(text)))


_HAS_DATE = re.compile(r"\d{1,4}\s*年\s*\d{1,2}\s*月|[〇○零一二三四五六七八九]{4}年")


def _title_from_toc(body: list[Line], t: int, toc_titles: list[str], after: int) -> int:
    """The first line of a title whose last line is ``t``: the lines before it, up to
    ``MAX_TITLE_LINES`` in all and past ``after``, when together they spell a 目录 title
    that ``t`` alone only ends (…金融高质量发展 / 专题研讨班…, separated by a blank line;
    习近平： / 坚持和完善…). Else ``t``: the 目录 is the record of what a title holds."""
    tail = normalize(body[t].text)
    for title in toc_titles:
        if not tail or title == tail or not title.endswith(tail):
            continue
        first, acc = t, tail
        while first - 1 > after and t - first + 1 < MAX_TITLE_LINES and len(acc) < len(title):
            before = normalize(body[first - 1].text) + acc
            if not before or not title.endswith(before):
                break
            first, acc = first - 1, before
        if acc == title:
            return first
    return t


# a two-character name set out to the width of three (李　娜): one name
_SPACED_NAME = re.compile(rf"(?<![{HAN}])([{HAN}])[\u3000 ]([{HAN}])(?![{HAN}])")


# the author's post after the name (王立新（中国人民大学教授）); a paper's commentator
_AFFILIATION = re.compile(r"\s*[（(][^（()）。，；！？]{2,30}[）)]$")
_COMMENTATOR = re.compile(rf"^[{HAN}]{{1,8}}(?:特约)?评论员$")
#: The longest byline read as one: a role, up to six names and a post in brackets
MAX_BYLINE_CHARS = 80


# what a byline may begin with: the word 文 and a slash (文/张晓明), or a box or a dot set
# before it (□ 本刊记者 李红梅); the byline keeps it, as printed
_BYLINE_LEAD = re.compile(r"^(?:[□■◎◇◆○●]\s*|文\s*[/／|｜]\s*)")


def _is_byline(text: str) -> bool:
    """A byline: a name, a role and a name, or 记者 and names (新华社记者 王五 赵六), maybe
    after 文/ or a box (文/张晓明, □ 本刊记者 李红梅); a
    two-character name may be spaced out to three (本报记者 张晓明　李　娜), and followed by
    the author's post in brackets (作者：王立新（中国人民大学教授）); a paper's commentator
    (人民日报评论员); a post and a name, or a commentator, under a dash (——自治区副主席 李秀莲,
    ——人民日报评论员; not a phrase,
    ——写在…之际, which is a subtitle). A longer line is none (and costs nothing: the post's pattern is tried
    at every position of a run of spaces)."""
    if len(text) > MAX_BYLINE_CHARS:
        return False
    if text.startswith("——"):         # ——自治区副主席 李秀莲: a post and a name under a dash
        rest = text[2:].lstrip()
        return not rest.startswith("——") and (bool(_COMMENTATOR.match(rest)) or bool(
            re.search(r"\s", rest)) and _is_byline(rest))
    if (lead := _BYLINE_LEAD.match(text)) and lead.end() < len(text):
        rest = text[lead.end():]
        # 文/张晓明; after a box, a role and a name (□ 本刊记者 李红梅): ■ 聚焦两会, ■ 导读
        # are a kicker and a label, not an author
        return _is_byline(rest) and (text[0] == "文" or bool(re.search(r"\s", rest.strip())))
    if _COMMENTATOR.match(text):
        return True
    name = _AFFILIATION.sub("", text) or text
    return bool(BYLINE_RE.match(_SPACED_NAME.sub(r"\1\2", name))) \
        and not DECK_VERB.search(text)


def _after_bylines(body: list[Line], k: int, end: int) -> int:
    """``k`` past up to ``MAX_BYLINES_ABOVE`` byline lines that a source line follows."""
    j = k
    while j < end - 1 and j - k < MAX_BYLINES_ABOVE and _is_byline(body[j].text):
        j += 1
    return j if j > k and is_source(body[j].text) else k


def _title_lines(body: list[Line], start: int, end: int,
                 toc: frozenset[str] = frozenset()) -> int:
    """The lines of the title at ``start``: up to its source line (maybe past bylines
    above it) when one follows within ``MAX_TITLE_LINES`` lines and no line before it ends
    with 。, else one. Lines that read as bylines (若干措施, a name's length) belong to the
    title when with it they spell a 目录 title (normalized in ``toc``)."""
    for n in range(1, MAX_TITLE_LINES + 1):
        if start + n >= end or body[start + n - 1].text.rstrip("*").endswith("。"):
            break                       # a title's line may end with ！ or ？, never 。
        j = _after_bylines(body, start + n, end)
        if j > start + n and j - start <= MAX_TITLE_LINES \
                and normalize("".join(b.text for b in body[start:j])) in toc:
            return j - start            # the title's last line, not a byline
        if is_source(body[j].text) or (
                _over_source(body[start + n].text) and start + n + 1 < end
                and is_source(body[start + n + 1].text)):
            return n
    return 1


def _over_source(text: str) -> bool:
    """A line printed between a title and its source line that is neither: a subtitle, or
    a dateline ((2024年1月10日…通过), which the seed's form prints under the source line)."""
    return _is_subtitle(text) or _is_dateline(text)


def _is_subtitle(text: str) -> bool:
    """A subtitle printed under a title (——在…时的讲话, ——有关论述摘编): a dash and a
    phrase, no sentence."""
    return len(text) <= MAX_SUBTITLE_CHARS and bool(re.match(r"——[^—\s]", text)) \
        and not ends_a_sentence(text)


def _align(toc: list, titles: list[str]) -> dict[int, int]:
    """目录 entry index → index in ``titles`` of the title it names (the text layer's
    aligner at ``TOC_PAIR``); entries that name none are left out. A 目录 may print a title
    shortened (政府工作报告 for …第二次会议政府工作报告): an entry left over whose title lies
    inside exactly one title left over names that one."""
    left = [normalize(e.title) for e in toc]
    right = [normalize(t) for t in titles]
    aligned = {k: j for k, (j, _) in pair(left, right, TOC_PAIR).items()}
    taken = set(aligned.values())
    free = [j for j in range(len(right)) if j not in taken]
    for k in (k for k in range(len(left)) if k not in aligned):
        holders = [j for j in free if len(left[k]) >= MIN_SHORT_TITLE and left[k] in right[j]]
        if len(holders) == 1:
            aligned[k] = holders[0]
            free.remove(holders[0])
    return aligned


_CAPTION = re.compile(r"^(?:表|图|附表|附图)\s*[\d一二三四五六七八九十]")


def _stands_as_a_title(body: list[Line], t: int, source: int) -> bool:
    """Do lines ``t``.. (up to the source line at ``source``) stand as an article's title:
    after a finished sentence (or first), short, no sentence of their own, no table row (a
    TAB) and no caption (表1, 图2)? A source line in a newer form under them then starts an
    article the 目录 does not list."""
    lines = [ln.text for ln in body[t:source]]
    return (bool(lines) and not any("\t" in x or _CAPTION.match(x) for x in lines)
            and not ends_a_sentence(lines[-1]) and sum(map(len, lines)) <= rawtext.MAX_TOC_TITLE
            and (t == 0 or ends_terminal(body[t - 1].text)))


def _quoted_after(body: list[Line], t: int) -> bool:
    """Does the line above ``t`` end in a colon, so what follows is quoted (a poem, an
    excerpt) and a paper's colophon under it closes the quotation, not a title's article?"""
    return t > 0 and body[t - 1].text.rstrip().endswith(("：", ":"))


def _names_a_toc_title(title: str, toc_titles: list[str]) -> bool:
    """Is ``title`` (as the text prints it) one of the 目录's, near enough to pair?"""
    key = normalize(title)
    return any(similarity(key, t) >= TOC_PAIR for t in toc_titles)


def _title_text(body: list[Line], start: int, toc: frozenset[str] = frozenset()) -> str:
    span = _title_lines(body, start, len(body), toc)
    return " ".join(line.text for line in body[start:start + span])


# ------------------------------------------------------------------------ one article

def _article(raw, start: int, end: int, log: list, used_ids: set[str],
             span: int | None = None) -> Article:
    """The article of body lines ``start``..``end``; its title is ``span`` lines (else as
    many as lead to its source line, or one)."""
    body = raw.body
    i = start
    title_lines = body[i:i + (span or _title_lines(body, i, end))]
    title = " ".join(t.text for t in title_lines)
    i += len(title_lines)
    date = source = None
    subtitle: str | None = None
    above = body[i:_after_bylines(body, i, end)]
    if above:                           # bylines printed between the title and its source
        log.append({"kind": "byline_above_source", "lines": [b.no for b in above],
                    "message": "bylines between the title and its source line taken as "
                               "the article's bylines"})
        i += len(above)
    if i + 1 < end and _is_subtitle(body[i].text) and not _is_dateline(body[i].text) \
            and is_source(body[i + 1].text):
        subtitle = body[i].text         # the headline group's first line
        log.append({"kind": "subtitle", "line": body[i].no,
                    "message": "a subtitle under the title is taken into the headline group"})
        i += 1
    over: str | None = None
    if i + 1 < end and subtitle is None and _is_dateline(body[i].text) \
            and is_source(body[i + 1].text):
        over = body[i].text             # the dateline printed over the source line
        log.append({"kind": "dateline_above_source", "line": body[i].no,
                    "message": "a dateline between the title and its source line taken as "
                               "the article's dateline"})
        i += 1
    at = i if i < end and (is_source(body[i].text)
                           or partial_source(body[i].text, undated=True)) else None
    if at is None and end - 1 > i and is_source(body[end - 1].text):
        at = end - 1                    # printed after the article (_ends_an_article)
        end -= 1
        log.append({"kind": "source_line_at_end", "line": body[at].no,
                    "message": "the source line closes the article: taken as its source"})
        _title_borne_out(log, body[start].no, "its source line is printed at its end, "
                                              "before the next title")
    text = body[at].text if at is not None else ""
    wrapped = at == i and text[:1] in "(（" and text.rstrip()[-1:] not in ")）" \
        and at + 1 < end and body[at + 1].text.rstrip()[-1:] in ")）" \
        and len(body[at + 1].text) <= MAX_SOURCE_TAIL and "(" not in body[at + 1].text \
        and "（" not in body[at + 1].text
    if wrapped:                         # (2024-01-16 来源：“学习强国” / 学习平台)
        text += body[at + 1].text
        log.append({"kind": "join_source_line", "lines": [body[at].no, body[at + 1].no],
                    "message": "source line printed on two lines joined"})
    if at is not None and (m := rawtext.source_match(text)):
        *ymd, source = source_fields(m)
        year, month, day = (int(g.replace(" ", "")) for g in ymd)
        date = f"{year:04d}-{month:02d}-{day:02d}"
        if not is_iso_date(date):
            log.append({"kind": "impossible_date", "line": body[at].no, "decision": True,
                        "message": f"the source line's date {date} is no real day; left out"})
            date = None
    elif at is not None and (part := partial_source(text, undated=True)):
        source, printed, moved = part
        log.append({"kind": "source_date_without_day", "line": body[at].no, "decision": moved,
                    "message": f"the source line's date {printed} gives no day: the article "
                               f"has no date, the source keeps it (来源：{source})"
                               + ("; moved after the source" if moved else "")} if printed else
                   {"kind": "source_without_date", "line": body[at].no,
                    "message": "the source line gives no date: the article has none"})
        if not printed:                 # found from the 目录 (it starts no article itself)
            _title_borne_out(log, body[start].no, "a source line with no date is under it")
    if at is not None and source is not None:
        if at == i:
            i += 2 if wrapped else 1
    deck: list[str] = [subtitle] if subtitle else []
    bylines: list[str] = [b.text for b in above]
    dateline: str | None = over
    while i < end and not _starts_body(body[i].text):
        text = body[i].text
        if len(text) > MAX_LINE_CHARS:      # no title block's line: the body begins here
            _too_long_for_the_title_block(log, body[i])
            break
        if dateline is None and _is_dateline(text):
            parts = [body[i]]
            while not _dateline_closed(" ".join(p.text for p in parts)) and i + 1 < end \
                    and not _starts_body(body[i + 1].text) and len(parts) < 3:
                i += 1
                parts.append(body[i])
            if len("".join(p.text for p in parts)) > MAX_LINE_CHARS:
                i -= len(parts) - 1
                _too_long_for_the_title_block(log, parts[0])
                break
            dateline = "".join(p.text for p in parts)
            if len(parts) > 1:
                log.append({"kind": "join_dateline", "lines": [p.no for p in parts],
                            "message": "dateline printed on several lines joined"})
        elif _is_byline(text):
            bylines.append(text)
        else:
            deck.append(text)
        i += 1
    art_id = _slug(title, used_ids)
    first_entry = len(log)
    lines, notes = _footnote_lines(_run_in_dateline(body[i:end], log))
    _endnotes(lines, log)
    blocks, breaks = _blocks(lines, log, _headline_under_note(lines, title, log),
                             raw.continued)
    blocks, breaks = _attach_notes(blocks, breaks, notes, log)
    if at is None and any(b.type == SIGNATURE and EDITOR_SIGNS.match(_plain(b))
                          for b in blocks[-2:]):
        _title_borne_out(log, body[start].no, "the editors sign it (编者): their own text, "
                                              "printed with no source")
    for entry in log[first_entry:]:
        entry.setdefault("article", art_id)
    return Article(id=art_id, title=title, date=date, source=source, bylines=tuple(bylines),
                   deck=tuple(deck), dateline=dateline, blocks=tuple(blocks),
                   page_breaks=tuple(breaks))


def _too_long_for_the_title_block(log: list, line: Line) -> None:
    """A line under a title longer than a title block's line may be (the corpus refuses a
    dateline, deck line or byline past MAX_LINE_CHARS): the body begins with it, and the
    editor hears so (the corpus written stayed unloadable)."""
    log.append({"kind": "title_block_line_too_long", "line": line.no, "decision": True,
                "message": f"a line of {len(line.text):,} characters under the title is the "
                           f"body's first paragraph: a dateline, deck line or byline holds at "
                           f"most {MAX_LINE_CHARS}"})


def _plain(block: Block) -> str:
    return "".join(span.text for span in block.spans)


def _title_borne_out(log: list, line: int, why: str) -> None:
    """The title at body line ``line``, found from the 目录 with no source line under it,
    is borne out by what the article holds (``why``): its decision is taken back."""
    for entry in log:
        if entry["kind"] == "title_without_source" and entry["line"] == line:
            entry.pop("decision", None)
            entry["message"] = f"article title found from the 目录; {why}"


def _footnote_lines(lines: list[Line]) -> tuple[list[Line], list[tuple[str, Line]]]:
    """The article's lines without its footnotes, and the footnotes (mark, line) in order.

    A line that begins with a mark (①…⑳) is a footnote printed at a page's foot when the
    text before it holds that mark once more than the notes of that mark found so far: the
    extraction left it between the halves of a paragraph the page end cut, or before the
    paragraph that opens the next page, where it would be spliced into the text."""
    kept: list[Line] = []
    notes: list[tuple[str, Line]] = []
    called: dict[str, int] = {}
    found: dict[str, int] = {}
    for k, line in enumerate(lines):
        if _notes_heading(lines, k):            # end-notes from here on (_endnotes)
            return kept + lines[k:], notes
        mark, rest = line.text[:1], line.text[1:].strip()
        if mark in NOTE_MARKS and rest and called.get(mark, 0) > found.get(mark, 0):
            notes.append((mark, Line(line.no, rest)))
            found[mark] = found.get(mark, 0) + 1
            continue
        kept.append(line)
        for before, ch in zip(line.text, line.text[1:]):
            if ch in NOTE_MARKS and before not in ENUMERATES:
                called[ch] = called.get(ch, 0) + 1
    return kept, notes


def _attach_notes(blocks: list[Block], breaks: list[PageBreak], notes: list[tuple[str, Line]],
                  log: list) -> tuple[list[Block], list[PageBreak]]:
    """Each footnote in place of its mark in the text (the k-th note of ① at the k-th ①
    called), as a footnote span: the writers number an article's notes 1, 2, … as its
    other footnotes. The mark leaves the text, so a page end after it moves back one."""
    queue: dict[str, list[Line]] = {}
    for mark, line in notes:
        queue.setdefault(mark, []).append(line)
    out: list[Block] = []
    moved: dict[int, list[int]] = {}             # block → offsets of the marks taken out
    for b, block in enumerate(blocks):
        spans: list[Span] = []
        pos = 0
        for span in block.spans:
            start = 0
            for k, ch in enumerate(span.text):
                if ch not in NOTE_MARKS or not queue.get(ch) or span.style == FOOTNOTE:
                    continue
                line = queue[ch].pop(0)
                if k > start:
                    spans.append(Span(span.text[start:k], span.style))
                spans.append(Span("", FOOTNOTE, _spans(line.text)))
                moved.setdefault(b, []).append(pos + k)
                log.append({"kind": "footnote", "line": line.no, "block": b,
                            "message": f"the note {ch} printed at a page foot is the footnote "
                                       f"of the {ch} in the text: {line.text[:16]}"})
                start = k + 1
            if start < len(span.text):
                spans.append(Span(span.text[start:], span.style))
            pos += len(span.text)
        out.append(replace(block, spans=tuple(spans)) if b in moved else block)
    shifted = [PageBreak(pb.block, pb.offset - sum(o < pb.offset
                                                  for o in moved.get(pb.block, ())))
               for pb in breaks]
    return out, shifted


MAX_HEADLINE_LINES = 5     # lines of a headline group set under an editor's note


def _headline_under_note(lines: list[Line], title: str, log: list) -> set[int]:
    """The numbers of the lines of a headline group set under the editor's note that opens
    the body (引题, the title again, 副题, a byline: no sentence mark, the title's repeat
    among them). They stay paragraphs where printed (moved above the note, the text would
    be reordered), each whole: a page end never cut them."""
    if not lines or not (m := EDITORS_NOTE_RE.match(lines[0].text)):
        return set()
    start = 1 if lines[0].text[m.end():].strip() else 2
    end = start
    while end < min(len(lines), start + MAX_HEADLINE_LINES) \
            and not re.search(r"[，。；！？,;!?]", lines[end].text):
        end += 1
    group = lines[start:end]
    if not any(normalize(ln.text).replace(" ", "") == normalize(title).replace(" ", "")
               for ln in group):
        return set()
    log.append({"kind": "headline_under_editors_note", "lines": [ln.no for ln in group],
                "message": "a headline group set under the editor's note (the title printed "
                           "again among its lines) is kept there, its lines as paragraphs"})
    return {ln.no for ln in group}


#: a line heading the notes under an article's text (注释：, 注：, 参考文献：)
NOTES_HEADING_RE = re.compile(r"^(?:注释|注解|注|尾注|参考文献)\s*[：:]?$")


def _notes_heading(lines: list[Line], k: int) -> bool:
    """Is line ``k`` a notes heading at the article's end: only circled notes (①…) under
    it, the first called in the text above it? (A table's 注： over ①… mid-article is
    not: the page-foot notes after it are still found.)"""
    return (k + 1 < len(lines) and bool(NOTES_HEADING_RE.match(lines[k].text.strip()))
            and all(ln.text[:1] in NOTE_MARKS for ln in lines[k + 1:])
            and any(lines[k + 1].text[0] in ln.text[1:] for ln in lines[:k]))


def _endnotes(lines: list[Line], log: list) -> None:
    """Numbered end-notes ([1]…, a list under the text its calls [1] stand in; or ①… under
    a heading, 注释：) are kept as printed, at the article's end, as text: made footnotes,
    they would move to the pages' feet and the source edition would not be the print. The
    editor decides."""
    for k, line in enumerate(lines):
        if (m := _ENDNOTE.match(line.text)) and m.group(1) == "1" and any(
                "1" in _CALL.findall(before.text[1:]) for before in lines[:k]):
            items = [ln for ln in lines[k:] if _ENDNOTE.match(ln.text)]
            call = "[1]"
        elif _notes_heading(lines, k - 1) if k else False:
            items = [ln for ln in lines[k:] if ln.text[:1] in NOTE_MARKS]
            call = line.text[0]
        else:
            continue
        log.append({"kind": "endnotes_kept", "line": line.no, "decision": True,
                    "message": f"{len(items)} numbered end-note(s) under the text, called "
                               f"{call}… in it, are kept as printed, as paragraphs: to make "
                               "them footnotes, write each call as [^1]… and each note as "
                               "[^1]: its text (the footnotes then go to the pages' feet)"})
        return


def _run_in_dateline(lines: list[Line], log: list) -> list[Line]:
    """A news dateline the extraction left on a line of its own (新华社北京1月14日电, maybe
    with its reporter's credit: 本报呼和浩特11月14日讯（记者 某某）) opens the paragraph under
    it, as printed: the two are one line again, parted by a space (none after a credit)."""
    if len(lines) < 2 or not (m := NEWS_DATELINE_RE.match(lines[0].text)):
        return lines
    rest = lines[0].text[m.end():]
    if rest and not CREDIT_RE.match(rest) or NEWS_DATELINE_RE.match(lines[1].text) \
            or _classify(lines[1].text, None)[0] != PARAGRAPH:
        return lines
    log.append({"kind": "join_news_dateline", "lines": [lines[0].no, lines[1].no],
                "message": "a news dateline on a line of its own is run into the paragraph "
                           "under it"})
    space = "" if rest else " "         # none after the credit's closing bracket
    return [Line(lines[0].no, f"{lines[0].text}{space}{lines[1].text}"), *lines[2:]]


def _starts_body(text: str) -> bool:
    if _is_dateline(text):
        return False
    return (len(text) > MAX_DECK_CHARS or ends_sentence(text) or bool(re.search(r"[，。；]", text))
            or bool(NEWS_DATELINE_RE.match(text)) or bool(LONE_NUMERAL_RE.match(text))
            or bool(SECTION_RE.match(text)) or bool(SUBSECTION_RE.match(text))
            or text.startswith("※") or bool(LIST_ITEM_RE.match(text))
            or bool(EDITORS_NOTE_RE.match(text)) or bool(CHAPTER_RE.match(text)))


def ends_sentence(text: str) -> bool:
    """Ends like a sentence (。 ！ ？ ； ： …, maybe inside a closing quote), not like a headline."""
    return bool(re.search(r"[。！？!?；;：:…][”’」』）)]*$", text.rstrip("*")))


def _is_dateline(text: str) -> bool:
    """（2024年1月10日…通过）, ——2024年1月30日在…上, or a bare 2024年2月2日 under a title."""
    if DATE_LINE_RE.match(text):
        return True
    # the date opens it, inside its bracket or after its dash; a sentence is no dateline
    return bool(re.match(r"^(?:[（(]|——)\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年", text)) \
        and not ends_a_sentence(text)


def _dateline_closed(text: str) -> bool:
    if text[0] in "（(":
        return text.endswith(("）", ")"))
    return bool(re.search(r"(上|时|日|后|前|中)$", text)) or ends_terminal(text)


# ---------------------------------------------------------------------------- body

# 附件：1.学校2025年理论学习计划, 附件：读书活动推荐书目: the notice names its attachments
_ATTACHMENTS_NAMED = re.compile(r"^附\s*件\s*[：:]\s*(?:(\d{1,2})\s*[.．、]\s*)?(?=\S)")
# the label of such a list over its first line (附件： / 1.…), with its colon: 附件 1 heads an
# attachment itself
_ATTACHMENTS_LABEL = re.compile(r"^附\s*件\s*[：:]$")
# the next line of such a list: 2.理论学习专题安排表
_ATTACHMENT_NUMBER = re.compile(r"^(\d{1,2})\s*[.．、]\s*(?=\S)")


def _names_attachments(text: str) -> bool:
    """Does ``text`` name a notice's attachments (附件：1.… or 附件：…), a short line with no
    sentence's end, not the label over an attachment (附件 1, 附件：)?"""
    return bool(_ATTACHMENTS_NAMED.match(text)) and len(text) <= MAX_HEADING_CHARS \
        and not ends_sentence(text)


def _attachment_item(above: str, text: str) -> bool:
    """Does ``text`` go on numbering the attachments ``above`` lists (附件：1.… → 2.…, 2.… →
    3.…), or open their list under its label (附件： → 1.…)?"""
    m = _ATTACHMENTS_NAMED.match(above) or _ATTACHMENT_NUMBER.match(above)
    n = _ATTACHMENT_NUMBER.match(text)
    after = 0 if _ATTACHMENTS_LABEL.match(above) else int(m.group(1)) if m and m.group(1) else None
    return after is not None and bool(n) and int(n.group(1)) == after + 1 \
        and len(text) <= MAX_HEADING_CHARS and not ends_sentence(text)


# where the extraction left a picture, a table or a video out: （图片）, （图略）, （表格略）;
# no attribution of the text above it (set as one, right-aligned, it read as one)
_PLACEHOLDER = re.compile(r"^[（(\[［【]\s*(?:图片|照片|图|表格?|视频|附图|插图)\s*略?\s*[）)\]］】]$")


def _classify(text: str, following: str | None) -> tuple[str, int | None]:
    """Block type (and heading level) of one body line, before joins."""
    if LONE_NUMERAL_RE.match(text):
        return HEADING, 1
    if SECTION_RE.match(text) and (len(text) <= MAX_HEADING_CHARS
                                   and not text.endswith(("。", "；", ";")) or _long_heading(text)):
        return HEADING, 2
    if SUBSECTION_RE.match(text) and (len(text) <= MAX_HEADING_CHARS and not _has_sentence(text)
                                      and not text.endswith(("；", ";")) or _long_heading(text)):
        return HEADING, 3       # an item of a list (（一）主动交代…的；) is no heading
    if ATTACHMENT_RE.match(text) or _names_attachments(text):
        return ATTACHMENT, None
    if text.startswith("※"):
        return NOTE, None
    if LIST_ITEM_RE.match(text):
        return LIST_ITEM, None
    if DATE_LINE_RE.match(text):
        return DATE, None
    if text[0] in "（(" and text[-1] in "）)" and _balanced_outer(text) \
            and not _PLACEHOLDER.match(text):
        return ATTRIBUTION, None
    if (len(text) <= MAX_SALUTATION_CHARS and text.endswith(("：", ":")) and "，" not in text[:-1]
            or len(text) <= MAX_SALUTATION_CHARS
            and re.fullmatch(r"[^，。：]*[，、][^，。：]*：", text)) and ADDRESSEE.search(text) \
            and not SPEECH.search(text) and not NEW_ITEM_RE.match(text):   # 记者：a speaker
        return SALUTATION, None
    if following is not None and DATE_LINE_RE.match(following) and len(text) <= 24 \
            and not ends_terminal(text):
        return SIGNATURE, None
    if following is None and EDITOR_SIGNS.match(text):
        return SIGNATURE, None          # 编者 closing a foreword (卷首语)
    return PARAGRAPH, None


def _signs(text: str) -> bool:
    """Could ``text`` be a line of a signature: short, no mark at its end, not a closing
    formula (此致, 敬礼, 特此通知, 祝…, 请…)?"""
    return len(text) <= MAX_SIGNATURE_CHARS and not ends_terminal(text) \
        and not text.startswith(("此致", "特此", "敬礼", "祝", "请", "望")) \
        and not re.search(r"[，。；]", text)


def _long_heading(text: str) -> bool:
    """A labelled line past ``MAX_HEADING_CHARS`` with no sentence mark anywhere (（二）坚持
    把高质量发展作为…，服务自治区“五大任务”) is a long heading, not a run-in one."""
    return len(text) <= MAX_LONG_HEADING_CHARS and not re.search(r"[。！？；!?;]", text)


def _has_sentence(text: str) -> bool:
    return bool(re.search(r"[。！？]", text[:-1]))


def _balanced_outer(text: str) -> bool:
    depth = 0
    for k, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth == 0 and k != len(text) - 1:
                return False
    return depth == 0


_JOINABLE = {PARAGRAPH, LIST_ITEM, NOTE}
# A page end cuts a paragraph after a full printed line: the paragraph's start before it is
# never shorter than this (a printed line holds 26 to 28 characters; the seed's shortest
# start is 26), while a shorter line without a closing mark is a line of its own (此致, a
# signature, 附件2：名词解释, a line of a poem).
MIN_CUT_CHARS = 20
# the fewest characters a printed page holds between two page ends (the seed's pages hold
# some 600; a page of a picture and a few lines, 100)
MIN_PAGE_CHARS = 100
# The fewest characters repeated across a page end that ask the editor (a page's last line
# printed again atop the next by the extraction); one doubled character is lint's
MIN_REPEATED = 6
# The fewest characters a printed line of the body holds (26 to 28 in the seed)
FULL_LINE_CHARS = 26
# Marks a heading never ends with: a line ending with one was cut mid-sentence
MID_SENTENCE = "，、,“‘「『《（(—"
# A chronology's entry: 1月8日至10日　…, 2024.01.10 …
CHRONICLE_RE = re.compile(r"^(?:\d{4}\s*[年.．-]\s*)?\d{1,2}\s*[月.．-]\s*\d{1,2}\s*日?"
                          r"(?:至\d{1,2}日)?[\s\u3000]")
# A line that opens an item of its own: an answer, a —— item, a dated entry
NEW_ITEM_RE = re.compile(rf"^(?:(?:问|答|记者|主持人)[：:]|——|\d{{4}}年[，,])|{CHRONICLE_RE.pattern}")
# A question of an interview or a Q&A (问：…, 一问：…): whole on its line
QUESTION_RE = re.compile(r"^(?:[一二三四五六七八九十\d]{1,3})?问[：:]")
# A chapter's or section's label in a reprinted regulation (第三章　…)
CHAPTER_RE = re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}[章节编](?:\s|$)")
# Marks that never begin a paragraph: a line beginning with one continues the one before.
CONTINUES = frozenset(CLOSING | set("，、；：。！？,;"))


# Quotes and book-title marks close a phrase inside a sentence as often as a sentence: one
# that ends a paragraph with no sentence mark before it (…称为“新质生产力”) ends a page, not
# the paragraph. Brackets are left out: （完）, （全文） end paragraphs as they are.
PHRASE_CLOSING = "”’」』》"
PHRASE_OPENING = "“‘「『《"
SENTENCE_END = "。！？…；：.!?;:"


def _closes_a_phrase(text: str) -> bool:
    """Does ``text`` end with quotes or book-title marks that close a phrase, not a sentence
    (no sentence mark before them)?"""
    stripped = text.rstrip().rstrip("*")
    core = stripped.rstrip(PHRASE_CLOSING)
    if core == stripped or not core or core[-1] in SENTENCE_END:
        return False
    opened = max(core.rfind(mark) for mark in PHRASE_OPENING)
    # the phrase follows a colon (推荐的书目是：《…》): it completes the sentence
    return not (opened > 0 and core[opened - 1] in "：:")


# A bracket after a name that glosses it (中央党校（国家行政学院）) closes no sentence: one
# ending a paragraph with no sentence mark before it ends a page. An attribution or a
# note in brackets (（…讲话）, 。（完）) opens its line or follows a sentence's end.
_NAMED_GLOSS = re.compile(r"[^\s。！？…；：.!?;:（(][（(][^（()）。！？；：]{1,20}[）)]$")


def _closes_a_name(text: str) -> bool:
    """Does ``text`` end with a short bracketed gloss right after a word (no sentence mark
    before or inside it)?"""
    return bool(_NAMED_GLOSS.search(text.rstrip().rstrip("*")))


LATIN_END = re.compile(r"[A-Za-z]\**$")
LATIN_START = re.compile(r"\**[A-Za-z]")
LATIN_HYPHEN_END = re.compile(r"[A-Za-z][-‐]\**$")
# A full stop after a letter or digit, the next line going on with one: a number or an
# address the page end cut (节水 3. / 73亿立方米, …gov. / cn/), not a sentence's end
_CUT_TOKEN_END = re.compile(r"[A-Za-z0-9]\.\**$")
_CUT_TOKEN_START = re.compile(r"\**(?:[a-z]|\d(?!\d{3}年))")    # not a sentence's start
# a decimal number's point ending a line, its digits going on (12. / 5%), not a date's
_DECIMAL_END = re.compile(r"\d\.\**$")
_DECIMAL_GOES_ON = re.compile(r"\**\d{1,6}(?![\d年月日号])")
# a number cut at its thousands separator (24, / 627亿元), its next three digits going on
_THOUSANDS_END = re.compile(r"\d,\**$")
_THOUSANDS_GO_ON = re.compile(r"\**\d{3}(?!\d)")


def _spaced_numbers(text: str) -> bool:
    """Does the text set a space between a Chinese character and a number (增长 6.1%)?"""
    return bool(SPACED_NUMBER_RE.search(text))


def _han_digit(pair: str) -> bool:
    """Two characters, a Chinese one and a digit, in either order (站2000, 0个)."""
    return len(pair) == 2 and bool(re.fullmatch(rf"[{HAN}]\d|\d[{HAN}]", pair))


def _cut_off(text: str, first: bool = True, following: str = "") -> bool:
    """Does ``text`` read as a paragraph a page end cut: no closing mark, or only quotes
    that close a phrase (``_closes_a_phrase``), or a full stop inside a number or address
    that ``following`` goes on with; and, when it is the paragraph's ``first`` part, at
    least a printed line (a number cut need not be: it opened the page's last line)?"""
    if _BOOK_LINE.match(text) and _BOOK_LINE.match(following):
        return False        # a list of books, one a line (《…》人民出版社2023年出版)
    if _stands_alone(text) or _TABLE_ROW.search(following) or _set_apart(following, text) or (
            not _HAN_CHAR.search(text) and not _LATIN_GOES_ON.match(following)):
        return False        # a line of English goes on only into a lower-case word
    text = _CALL_END.sub("", text) if _CALL_END.search(text) else text   # 。[2]: a call ends it
    token = bool(_CUT_TOKEN_END.search(text) and _CUT_TOKEN_START.match(following))
    cut = not ends_terminal(text) or _closes_a_phrase(text) or _closes_a_name(text) or token
    # a decimal cut at its point (增长12. / 5%), or a number at its thousands separator
    # (达到24, / 627亿元), is cut however short its first part
    decimal = token and bool(_DECIMAL_END.search(text) and _DECIMAL_GOES_ON.match(following)) \
        or bool(_THOUSANDS_END.search(text) and _THOUSANDS_GO_ON.match(following))
    return cut and (not first or decimal or len(text.replace("**", "")) >= MIN_CUT_CHARS)


_HAN_CHAR = re.compile(f"[{HAN}]")
# an end-note's call closing a sentence (…的运动。[2]), and an end-note printed under the
# article ([1]《…》，人民出版社2012年版。), maybe under a 注释： line
_CALL_END = re.compile(r"(?<=[。！？；…”’」』）)!?;])\**[\[［〔]\d{1,3}[\]］〕]\**$")
_ENDNOTE = re.compile(r"^\**[\[［〔](\d{1,3})[\]］〕]")
_CALL = re.compile(BRACKET_CALL)
# A line naming a book: its title first, then at most its volume, publisher and year
_BOOK_LINE = re.compile(r"^\**《[^》]{1,60}》[^，。；：！？,.;:!?《]*$")
_LATIN_GOES_ON = re.compile(r"\**[a-z]")
# A table's row as the extraction leaves it: cells parted by tabs or runs of spaces
_TABLE_ROW = re.compile(r"\t|\S {3,}\S|\S\u3000{2,}\S")
# A picture's credit ends its caption (新华社记者 鞠鹏 摄): no sentence mark follows it
_PHOTO_CREDIT = re.compile(rf"[\s\u3000][{HAN}·]{{2,6}}[\s\u3000]?摄[）)]?$")
# A picture's caption by its opening (图为…, 图1：…, 上图：…), or a table's (表1 …): a page's
# picture or table, set at its top or foot, never the words a page end cut from a paragraph
_CAPTION_START = re.compile(r"^[（(]?(?:图为|[图表]\s*\d{1,3}(?:\s*[：:]|[ \u3000]+(?=\S))"
                            r"|[上下左右]图[：:为]|图片来源[：:])")


def _is_caption(text: str) -> bool:
    bare = text.strip().strip("*")
    return bool(_CAPTION_START.match(bare) or _PHOTO_CREDIT.search(bare)
                or _PLACEHOLDER.match(bare))
# A note under a table or figure (注：…按可比价格计算), whole on its line
_TABLE_NOTE = re.compile(r"^(?:注|说明|资料来源)[：:]")
MAX_TABLE_NOTE = 60


# 说明 is a common verb too (实践充分 / 说明：…, a page end between): a note only under a table
_VERB_NOTE = re.compile(r"^说明[：:]")


def _is_table_note(text: str, above: str | None = None) -> bool:
    """A short note under a table or figure (注：…, 资料来源：…), whole on its line; one
    opening 说明： only where the line ``above``, when given, is a table's row or title."""
    bare = text.strip().strip("*")
    if not (_TABLE_NOTE.match(bare) and len(bare) <= MAX_TABLE_NOTE):
        return False
    return above is None or not _VERB_NOTE.match(bare) or _ends_a_table(above)


def _ends_a_table(text: str) -> bool:
    """Is ``text`` a table's row or its title (表1　主要指标): a note may follow it?"""
    bare = text.strip().strip("*")
    return bool(_TABLE_ROW.search(bare) or _CAPTION_START.match(bare))


def _set_apart(text: str, above: str) -> bool:
    """A caption or a table's note under the line ``above``: set apart from the text
    around it, never the words a page end cut from the paragraph above."""
    return _is_caption(text) or _is_table_note(text, above)


def _stands_alone(text: str) -> bool:
    """Is ``text`` whole though it ends with no mark: a table's row, a picture's caption
    with its credit, a short note under a table, a picture's placeholder ([图片]), a paper's
    colophon closing an excerpt (《人民日报》（2023年12月01日 05版））?"""
    bare = text.rstrip().rstrip("*")
    return bool(_TABLE_ROW.search(bare) or _PHOTO_CREDIT.search(bare) or _is_table_note(bare)
                or _PLACEHOLDER.match(bare) or COLOPHON_RE.match(bare))


def _blocks(lines: list[Line], log: list, apart: set[int] = frozenset(),
            continued: set[int] = frozenset()) -> tuple[list[Block], list[PageBreak]]:
    """The blocks of an article's body lines, paragraphs a page end cut joined; the lines
    numbered in ``apart`` are never joined to another, those in ``continued`` (a page's
    first line, unindented where indents open paragraphs) always go on with the paragraph
    above, though it ended a sentence there."""
    kinds = [_classify(ln.text, lines[k + 1].text if k + 1 < len(lines) else None)
             for k, ln in enumerate(lines)]
    if len(lines) >= 2 and MONTH_DATE.match(lines[-1].text) and _signs(lines[-2].text) \
            and kinds[-2][0] == PARAGRAPH:
        kinds[-2:] = [(SIGNATURE, None), (DATE, None)]     # 本刊编辑部 / 2025年10月: the end
    for k in [k for k, (kind, _) in enumerate(kinds) if kind == SIGNATURE]:
        # a signature of two or three lines (中共某某委员会 / 某某大学 / the date): the short
        # lines just above the one before the date sign too
        for above in range(k - 1, max(-1, k - 3), -1):
            if kinds[above][0] != PARAGRAPH or not _signs(lines[above].text):
                break
            kinds[above] = (SIGNATURE, None)
    for k in range(1, len(lines)):
        # the last item of a list whose items end with ；(（二）…属实的。) is an item too
        if kinds[k] == (HEADING, 3) and kinds[k - 1][0] == PARAGRAPH \
                and SUBSECTION_RE.match(lines[k - 1].text) \
                and lines[k - 1].text.endswith(("；", ";")):
            kinds[k] = (PARAGRAPH, None)
    for k in range(1, len(lines)):
        # a notice's list of its attachments (附件：1.… / 2.… / 3.…): the lines that go on
        # numbering it are the list's, as its first is
        if kinds[k - 1][0] == ATTACHMENT and kinds[k][0] in (LIST_ITEM, PARAGRAPH, SIGNATURE) \
                and _attachment_item(lines[k - 1].text, lines[k].text):
            kinds[k] = (ATTACHMENT, None)
    for k in range(1, len(lines)):
        # the line after 附件 that reads like a headline is the attachment's title (not
        # after a line that names the attachments itself, 附件：…计划)
        if kinds[k - 1][0] == ATTACHMENT and kinds[k][0] == PARAGRAPH \
                and not _names_attachments(lines[k - 1].text) \
                and not _ATTACHMENT_NUMBER.match(lines[k - 1].text) \
                and len(lines[k].text) <= MAX_HEADING_CHARS and not ends_sentence(lines[k].text):
            kinds[k] = (ATTACHMENT_TITLE, None)
    blocks: list[Block] = []
    breaks: list[PageBreak] = []
    close: list[int] = []       # lines not joined: too close to another page end
    bare_items = False          # the item before ended with no mark: so do this list's items

    def cut_at(j: int, first: bool, item: bool) -> bool:
        """Was the text ending with lines[j] cut by a page end, lines[j + 1] going on?"""
        return (kinds[j][0] in _JOINABLE and j + 1 < len(lines)
                and lines[j].no not in apart and lines[j + 1].no not in apart
                and not (item and bare_items)
                and not (first and _labels_a_heading(lines[j].text))
                and _cut_off(lines[j].text, first=first, following=lines[j + 1].text)
                and kinds[j + 1][0] == PARAGRAPH
                and not NEWS_DATELINE_RE.match(lines[j + 1].text)
                and not ITEM_LABEL_RE.match(lines[j + 1].text)
                and not NEW_ITEM_RE.match(lines[j + 1].text))

    def goes_on(j: int) -> bool:
        """Does lines[j + 1], a page's unindented first line, go on with lines[j]'s
        paragraph, which ended a sentence with the page?"""
        return lines[j + 1].no in continued and kinds[j][0] == PARAGRAPH \
            and kinds[j + 1][0] == PARAGRAPH and ends_terminal(lines[j].text) \
            and lines[j].no not in apart and lines[j + 1].no not in apart \
            and not _stands_alone(lines[j + 1].text) \
            and not _set_apart(lines[j + 1].text, lines[j].text)

    def too_close(j: int, alone: bool) -> bool:
        """Would joining lines[j + 1] to lines[j] put page ends less than a page apart: is
        lines[j + 1] short and cut too, or lines[j] a list's last line (short, ending with
        no mark, kept apart from the line before)? A page foot's note (①…) is left to the
        footnote rules."""
        if lines[j + 1].text[0] in NOTE_MARKS:
            return False
        if _plain_len(lines[j + 1].text) < MIN_PAGE_CHARS and cut_at(j + 1, False, False):
            return True
        return alone and bool(close) and close[-1] == j \
            and _plain_len(lines[j].text) < MIN_PAGE_CHARS \
            and lines[j].text.rstrip("*")[-1:].isalnum()
    k = 0
    while k < len(lines):
        kind, level = kinds[k]
        parts = [lines[k]]
        item = kind == LIST_ITEM or bool(ITEM_LABEL_RE.match(lines[k].text))
        # a paragraph that ends mid-sentence continues after the page end; so does one
        # whose next line begins with a mark no paragraph begins with (，、；…). An item of
        # a list whose items end with no mark (1. 某某工作要点) is whole as it is. Page ends
        # are a page apart: a line shorter than a page between two that seem cut (a list's
        # lines, each ending with no mark) was cut by neither.
        while kind in _JOINABLE and k + 1 < len(lines):
            if goes_on(k):
                log.append({"kind": "join_unindented", "line": lines[k + 1].no,
                            "message": "the page's first line is not indented, where the "
                                       "text indents each paragraph: the paragraph above "
                                       "goes on there, though a sentence ended with the page"})
            elif lines[k + 1].text[0] not in CONTINUES:
                if not cut_at(k, len(parts) == 1, item):
                    break
                if too_close(k, len(parts) == 1):
                    close.append(k + 1)
                    break
            k += 1
            parts.append(lines[k])
        label = None
        texts = _bold_seams([p.text for p in parts])
        if kind == LIST_ITEM:
            m = LIST_ITEM_RE.match(texts[0])
            label = m.group(1)
            texts[0] = texts[0][m.end():]
        if len(parts) > 1:
            breaks.extend(_break_offsets(len(blocks), texts))
            log.append({"kind": "join", "lines": [p.no for p in parts], "block": len(blocks),
                        "message": "paragraph cut by a page end joined",
                        "tail": texts[0][-8:], "head": texts[1][:8]})
            whole = "".join(texts)
            for a, b, part in zip(texts, texts[1:], parts[1:]):
                if _han_digit(a[-1:] + b[:1]) and _spaced_numbers(whole):
                    log.append(_seam("join_number_space", part.no, len(blocks), a, b,
                                     "a page end fell between a character and a number; this "
                                     "paragraph sets spaces around its numbers, so one may "
                                     "have been lost with the page end: put it back if it "
                                     "belongs"))
                if (n := _overlap(a, b)) >= MIN_REPEATED:
                    log.append(_seam("repeated_at_page_end", part.no, len(blocks), a, b,
                                     f"the {n} characters after this page end repeat the "
                                     "ones before it: if the extraction printed them twice, "
                                     "delete one copy"))
                if LATIN_HYPHEN_END.search(a) and LATIN_START.match(b):
                    log.append(_seam("join_latin_hyphen", part.no, len(blocks), a, b,
                                     "a page end fell after a hyphen in a Latin word; joined "
                                     "keeping the hyphen (Belt-|and-Road): if it only broke "
                                     "the word (Commu-|nications), delete it"))
                if LATIN_END.search(a) and LATIN_START.match(b):
                    log.append(_seam("join_latin", part.no, len(blocks), a, b,
                                     "a page end fell between two Latin letters; joined as "
                                     "one word (Inno|vation): if they are two words "
                                     "(Smart|Safety), put the space back"))
        blocks.append(Block(kind, _spans("".join(texts)), level=level, label=label))
        if kind == PARAGRAPH and rawtext.BARE_FOLIO_RE.match(texts[0]) and len(parts) == 1 \
                and not (k and lines[k - 1].text.rstrip("*").endswith(("：", ":"))):  # 数量为：/ 128
            log.append({"kind": "bare_number_kept", "line": lines[k].no, "decision": True,
                        "block": len(blocks) - 1,
                        "message": f"the line {texts[0]!r} after a finished paragraph or "
                                   "among a table's cells is kept as text: if it is a page's "
                                   "folio, delete it"})
        bare_items = item and len(parts) == 1 and not ends_terminal(texts[0])
        if kind == HEADING and len(texts[0]) > MAX_HEADING_CHARS and k + 1 < len(lines) \
                and kinds[k + 1][0] == PARAGRAPH:
            log.append(_seam("long_heading", lines[k].no, len(blocks) - 1, texts[0],
                             lines[k + 1].text,
                             f"a labelled line of {len(texts[0])} characters with no sentence "
                             "mark is taken as a heading: if a page end cut a paragraph here, "
                             "join it with the next"))
        if kind == PARAGRAPH and texts[-1].rstrip("*").endswith(("：", ":")) \
                and _plain_len("".join(texts)) >= MIN_CUT_CHARS \
                and k + 1 < len(lines) and kinds[k + 1][0] == PARAGRAPH \
                and not lines[k + 1].text.startswith(("“", "「", "‘")) \
                and not ITEM_LABEL_RE.match(lines[k + 1].text):
            log.append(_seam("colon_then_paragraph", lines[k + 1].no, len(blocks) - 1,
                             texts[-1], lines[k + 1].text,
                             "a paragraph ends with a colon and the next begins as a "
                             "paragraph: if a page end cut one paragraph here, join them"))
        if kind in _JOINABLE and k + 1 < len(lines) \
                and _set_apart(lines[k + 1].text, texts[-1]) \
                and not _stands_alone(texts[-1]) and _cut_off(texts[-1], first=False):
            log.append(_seam("caption_in_cut", lines[k + 1].no, len(blocks) - 1, texts[-1],
                             lines[k + 1].text,
                             "a picture's caption or a table's note follows this paragraph, "
                             "which ends mid-sentence: if a page end cut it and it goes on "
                             "after the caption or note, join the two parts (they are kept "
                             "apart)"))
        if kind == PARAGRAPH and _semicolon_then_paragraph(blocks, texts, lines, kinds, k):
            log.append(_seam("semicolon_then_paragraph", lines[k + 1].no, len(blocks) - 1,
                             texts[-1], lines[k + 1].text,
                             "a paragraph ends with a semicolon and the next begins as a "
                             "paragraph: if a page end cut one paragraph here, join them"))
        k += 1
    if close:
        log.append({"kind": "cut_lines_close_together", "lines": [lines[j].no for j in close],
                    "decision": True,
                    "message": f"{len(close)} line(s) after a line that ends mid-sentence, "
                               f"each shorter than a page ({MIN_PAGE_CHARS} characters) or "
                               "before one that does so too: page ends are a page apart, so "
                               "each is kept as a paragraph of its own (a list's lines?): if "
                               "a page end cut one paragraph there, join them"})
    return blocks, breaks


# A line that opens an item of a list whose items may end with ；: a label, a ——, 一是
_LISTS_AN_ITEM = re.compile(r"^(?:——|[一二三四五六七八九十]{1,3}是|[（(]?[一二三四五六七八九十\d]{1,3}[)）、．.])")


def _semicolon_then_paragraph(blocks: list[Block], texts: list[str], lines: list[Line],
                              kinds: list, k: int) -> bool:
    """Does the paragraph just made end with ；, a page end's place as much as a clause's,
    before a paragraph, outside a list (neither is labelled, and neither the paragraph
    before it nor the next ends with ；)?"""
    def semi(text: str) -> bool:
        return text.rstrip("*").endswith(("；", ";"))
    if not semi(texts[-1]) or _plain_len("".join(texts)) < MIN_CUT_CHARS \
            or k + 1 >= len(lines) or kinds[k + 1][0] != PARAGRAPH:
        return False
    after = lines[k + 1].text
    return not (_LISTS_AN_ITEM.match(texts[0].lstrip("*")) or _LISTS_AN_ITEM.match(after.lstrip("*"))
                or semi(after) or (len(blocks) > 1 and semi(blocks[-2].text)))


def _overlap(before: str, after: str) -> int:
    """The length of the longest end of ``before`` that ``after`` begins with."""
    return max((n for n in range(1, min(len(before), len(after)) + 1)
                if after.startswith(before[-n:])), default=0)


def _labels_a_heading(text: str) -> bool:
    """A labelled line shorter than a printed line, with no closing mark, is a heading of
    its own (1.加快构建…产业体系, （1）大力推进…, 第三章　总则), never the first half of a
    paragraph a page end cut: that fills its printed line (7. 三级…起付线由, 28)."""
    if QUESTION_RE.match(text) or CHRONICLE_RE.match(text):   # 一问：…, 1月8日至10日　…
        return True
    if text.rstrip().rstrip("*")[-1:] in MID_SENTENCE:
        return False        # 1．新华社北京2月19日电 中共中央总书记、(a printed line of 22)
    return len(text.replace("**", "")) < FULL_LINE_CHARS and not ends_terminal(text) and bool(
        ITEM_LABEL_RE.match(text) or LIST_ITEM_RE.match(text) or CHAPTER_RE.match(text))


def _bold_seams(texts: list[str]) -> list[str]:
    """Pieces of a joined paragraph with a bold run the page end cut made one again: the
    extraction closes it at the page's end and opens it on the next (官僚** / **主义)."""
    out = list(texts)
    for i in range(len(out) - 1):
        if out[i].endswith("**") and out[i + 1].startswith("**") \
                and len(out[i].split("**")) % 2 == 1:
            out[i], out[i + 1] = out[i][:-2], out[i + 1][2:]
    return out


def _seam(kind: str, line: int, block: int, before: str, after: str, message: str) -> dict:
    """A decision at the seam between two pieces of text (a page end the importer joined
    or left): the block it belongs to, the text either side."""
    return {"kind": kind, "line": line, "block": block, "decision": True,
            "tail": before[-8:], "head": after[:8], "message": message}


def _break_offsets(block: int, texts: list[str]) -> list[PageBreak]:
    """Where each joined piece ended, in the block's text: its ``**`` pairs are markup (not
    counted) unless they are unbalanced, when _spans keeps them as text."""
    bold = len("".join(texts).split("**")) % 2 == 1
    out, acc = [], 0
    for t in texts[:-1]:
        acc += _plain_len(t) if bold else len(t)
        out.append(PageBreak(block=block, offset=acc))
    return out


def _plain_len(text: str | None) -> int:
    return len((text or "").replace("**", ""))


def _spans(text: str) -> tuple[Span, ...]:
    """``**…**`` marks bold in the raw text; an unpaired ``**`` is kept as text."""
    parts = text.split("**")
    if len(parts) % 2 == 0:          # unbalanced: keep literally
        return (Span(text, TEXT),)
    spans = [Span(p, BOLD if n % 2 else TEXT) for n, p in enumerate(parts) if p]
    return tuple(spans)


# ----------------------------------------------------------------------------- titles

def _match_toc(articles: list[Article], raw, log: list, one_line: list[bool]) -> list[Article]:
    """Give each article its 目录 page; drop wrap spaces the 目录 does not show; log slips.
    ``one_line``: per article, was its title one line of the text (its spaces are the
    text's own; those between title lines are the importer's)?"""
    aligned = _by_place(_align(raw.toc, [a.title for a in articles]), len(raw.toc),
                        len(articles))
    by_article = {j: k for k, j in aligned.items()}
    out = []
    for j, art in enumerate(articles):
        k = by_article.get(j)
        if k is None:
            pageless = next((e for e in log if e["kind"] == "toc_line_without_page"
                             and same_title(e["title"].replace("\n", ""), art.title,
                                            art.source)), None)
            if pageless is None:
                log.append({"kind": "article_not_in_toc", "article": art.id,
                            "title": art.title, "decision": True,
                            "message": "no 目录 entry matches this article"})
            else:                       # the editor decides it once, at that 目录 line
                log.append({"kind": "article_not_in_toc", "article": art.id,
                            "title": art.title, "line": pageless["line"],
                            "message": "its 目录 line has no page number: no 目录 entry"})
                art = replace(art, title=_fix_title_spaces(
                    art.title, pageless["title"].replace("\n", ""), art.id, log, None))
            out.append(art)
            continue
        entry = raw.toc[k]
        if rawtext.BULLET_RE.match(art.title) and not rawtext.BULLET_RE.match(entry.title):
            art = replace(art, title=rawtext.BULLET_RE.sub("", art.title))
            log.append({"kind": "title_bullet", "article": art.id,
                        "message": "an ornament (◆, ★ …) before the title left out, as the "
                                   "目录 prints the title without it"})
        if k in raw.toc_authors:
            line, author = raw.toc_authors[k]
            names = re.split(r"[\s、，,]+", author)
            signed = re.sub(r"\s", "", "".join(art.bylines))
            log.append({"kind": "toc_author", "article": art.id, "line": line,
                        "author": author, **({} if all(n in signed for n in names)
                                             else {"decision": True}),
                        "message": f"the author printed after the 目录 title (／ {author}) "
                                   "taken off it: " + (
                                       "the article's byline names them" if all(
                                           n in signed for n in names) else
                                       "no byline of the article names them: add one if "
                                       "the editions should")})
        joined = raw.toc_joined.get(k) if one_line[j] else None
        title = _fix_title_spaces(art.title, entry.title, art.id, log,
                                  joined[0].text.rstrip() if joined else None)
        if not same_title(entry.title, title, art.source, (*art.deck, art.dateline or "")):
            log.append({"kind": "toc_title_differs", "article": art.id, "title": title,
                        "toc_title": entry.title, "decision": True,
                        "message": "the 目录 prints this title differently; the article's "
                                   "own heading is kept"})
        out.append(replace(art, title=title, page=entry.page))
    for k in range(len(raw.toc)):
        if k not in aligned:
            log.append({"kind": "toc_entry_without_article", "toc_index": k,
                        "line": raw.toc_lines[k], "title": raw.toc[k].title, "decision": True,
                        "message": f"no article matches 目录 entry {k + 1}"})
    _cut_short(out, raw, aligned, log)
    return out


def _cut_short(articles: list[Article], raw, aligned: dict[int, int], log: list) -> None:
    """A decision when the text seems to stop inside an article: the 目录's last entries
    have no article and the last article's last paragraph ends mid-sentence (a file cut
    short, or its end lost in the extraction; each missing entry said nothing of it)."""
    missing = 0
    for k in range(len(raw.toc) - 1, -1, -1):
        if k in aligned:
            break
        missing += 1
    last = next((b.text for b in reversed(articles[-1].blocks) if b.text.strip()), "") \
        if articles else ""
    if missing and last and not ends_terminal(last.rstrip()):
        log.append({"kind": "text_ends_mid_article", "article": articles[-1].id,
                    "decision": True,
                    "message": f"the text stops mid-sentence (…{last.rstrip()[-12:]}) and the "
                               f"目录's last {missing} entr{'y has' if missing == 1 else 'ies have'}"
                               " no article: is the file cut short?"})


def _by_place(aligned: dict[int, int], entries: int, articles: int) -> dict[int, int]:
    """``aligned`` with each 目录 entry left over paired with the article left over at its
    place: the only one of each between the same two paired neighbours (a 目录 that words a
    title its own way: 人民代表大会制度重要论述摘编 for 习近平：坚持和完善人民代表大会制度…).
    The titles then differ, which the importer logs for the editor."""
    out = dict(aligned)
    taken = set(aligned.values())
    bounds = [(-1, -1), *sorted(aligned.items()), (entries, articles)]
    for (k0, j0), (k1, j1) in zip(bounds, bounds[1:]):
        if k1 - k0 == 2 and j1 - j0 == 2 and j0 + 1 not in taken:
            out[k0 + 1] = j0 + 1
    return dict(sorted(out.items()))


def _fix_title_spaces(title: str, toc_title: str, art_id: str, log: list,
                      toc_wrapped: str | None = None) -> str:
    """The title with each space the 目录 shows none at removed (a line wrap the extraction
    left), each it shows kept; ``toc_wrapped``: the 目录 entry's first line when the entry
    itself was wrapped (its first two lines parted by a line end when it wrapped twice),
    where a space it could not show is the editor's to decide."""
    if " " not in title:
        return title
    toc_plain = re.sub(r"\s*(\.{2,}|…+)\s*$", "", toc_title).replace("\u3000", " ")
    pieces = title.split(" ")
    result = pieces[0]
    for piece in pieces[1:]:
        left, right = result[-3:], piece[:3]     # as set so far: a kept space too
        if f"{left} {right}" in toc_plain or f"{left}\u3000{right}" in toc_plain:
            result += " " + piece
        elif f"{left}{right}" in toc_plain:
            result += piece
            wraps = toc_wrapped.split("\n") if toc_wrapped is not None else []
            at_wrap = any(normalize("".join(wraps[:n + 1])).endswith(normalize(left))
                          for n in range(len(wraps)))
            log.append({"kind": "title_wrap_space", "article": art_id, "title": title,
                        **({"decision": True} if at_wrap else {}),
                        "message": f"wrap space removed between {left}|{right} (the 目录 shows none)"
                                   + ("; the 目录 wrapped its own line there, so it cannot show "
                                      "one: put the space back if it is the title's own"
                                      if at_wrap else "")})
        else:
            result += " " + piece
            log.append({"kind": "title_space_unknown", "article": art_id, "title": title,
                        "decision": True,
                        "message": f"space kept between {left}|{right}: the 目录 does not show it"})
    return result


def _slug(title: str, used: set[str]) -> str:
    core = title.split("：", 1)[-1] if "：" in title[:6] else title
    syllables = [s.lower() for s in lazy_pinyin(core[:12]) if re.fullmatch(r"[A-Za-z0-9]+", s)]
    while syllables and not syllables[0][0].isalpha():     # an id begins with a letter
        syllables.pop(0)
    base = "-".join(syllables) or "article"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug
