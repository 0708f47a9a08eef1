"""Raw extracted text → the model, repairing extraction artifacts and logging every repair.

Repairs are limited to what extraction did: paragraphs cut by a page end are joined (and the
position kept as a source page break), wrap spaces in titles are removed where the 目录 shows
none. Wording is never changed, nothing is dropped or reordered; what an editor must decide
goes into the log as a ``decision``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

from . import rawtext
from ..model import (ATTACHMENT, ATTACHMENT_TITLE, ATTRIBUTION, BOLD, DATE, HEADING, LIST_ITEM,
                    NOTE, PARAGRAPH, SALUTATION, SIGNATURE, TEXT, Article, Block, Issue,
                    PageBreak, Span)
from .rawtext import Line
from ..corpus.yamlio import is_iso_date
from ..text.chars import (ATTACHMENT_RE, BYLINE_RE, DATE_LINE_RE, LIST_ITEM_RE, LONE_NUMERAL_RE,
                        NEWS_DATELINE_RE, SECTION_RE, SOURCE_RE, SUBSECTION_RE, ends_terminal,
                        fold)

MAX_DECK_CHARS = 200       # longer lines after the source line are body text
MAX_HEADING_CHARS = 40     # a longer 一、/（一） line is a paragraph with a run-in heading
MAX_SALUTATION_CHARS = 20
TITLE_MATCH = 85           # rapidfuzz ratio to accept a line as a 目录 title


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
    starts = _find_article_starts(raw, log)
    articles: list[Article] = []
    used_ids: set[str] = set()
    for start, end in zip(starts, starts[1:] + [len(raw.body)]):
        articles.append(_article(raw, start, end, log, used_ids))
    articles = _match_toc(articles, raw, log)
    dates = [a.date for a in articles if a.date]
    cover = raw.cover
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


# ------------------------------------------------------------------- article boundaries

def _find_article_starts(raw: rawtext.RawIssue, log: list) -> list[int]:
    """Indexes into ``raw.body`` of article titles.

    A title is the line (or two adjacent lines) before a source line. Where a 目录 entry has
    no such title, the best matching line between its neighbours is taken instead.
    """
    body = raw.body
    starts: list[int] = []
    for i, line in enumerate(body):
        if i > 0 and SOURCE_RE.match(line.text) and not SOURCE_RE.match(body[i - 1].text):
            t = i - 1
            if (t > 0 and body[t].no == body[t - 1].no + 1 and body[t - 1].no in raw.blank_before
                    and not ends_terminal(body[t - 1].text) and (not starts or t - 1 > starts[-1])):
                t -= 1          # a title printed on two lines
            starts.append(t)
    # 目录 entries that found no title: look for their title line without a source line
    found = [_title_text(body, s) for s in starts]
    aligned = _align([fold(e.title) for e in raw.toc], [fold(f) for f in found])
    extra: list[int] = []
    for k, entry in enumerate(raw.toc):
        if aligned.get(k) is not None:
            continue
        prev = max((starts[j] for kk, j in aligned.items() if kk < k and j is not None), default=-1)
        nxt = min((starts[j] for kk, j in aligned.items() if kk > k and j is not None),
                  default=len(body))
        best, best_score = None, TITLE_MATCH
        for i in range(prev + 2, nxt):
            if body[i].no not in raw.blank_before:
                continue
            score = fuzz.ratio(fold(entry.title), fold(body[i].text))
            if score > best_score:
                best, best_score = i, score
        if best is not None:
            extra.append(best)
            log.append({"kind": "title_without_source", "line": body[best].no,
                        "title": body[best].text, "decision": True,
                        "message": "article title found from the 目录; it has no source line"})
    starts = sorted(set(starts) | set(extra))
    if not starts or starts[0] != 0:
        if starts:
            log.append({"kind": "text_before_first_article", "line": body[0].no, "decision": True,
                        "message": "text between the 目录 and the first article kept as an "
                                   "article of its own"})
        starts.insert(0, 0)
    return starts


def _title_text(body: list[Line], start: int) -> str:
    if start + 1 < len(body) and not SOURCE_RE.match(body[start + 1].text) \
            and start + 2 < len(body) and SOURCE_RE.match(body[start + 2].text):
        return body[start].text + " " + body[start + 1].text
    return body[start].text


def _align(toc: list[str], titles: list[str]) -> dict[int, int | None]:
    """Order-preserving alignment of 目录 entries to titles.

    Titles found exactly once in each list and in the same order (the longest such chain)
    are anchors; between anchors, Needleman–Wunsch on similarity. Time is linear when titles
    match and quadratic only in the stretches that differ.
    """
    out: dict[int, int | None] = {k: None for k in range(len(toc))}
    lo_i = lo_j = 0
    for ai, aj in _anchors(toc, titles) + [(len(toc), len(titles))]:
        for k, j in _needleman_wunsch(toc[lo_i:ai], titles[lo_j:aj]).items():
            out[lo_i + k] = None if j is None else lo_j + j
        if ai < len(toc):
            out[ai] = aj
        lo_i, lo_j = ai + 1, aj + 1
    return out


def _anchors(toc: list[str], titles: list[str]) -> list[tuple[int, int]]:
    """Equal titles that occur once on each side, longest chain in order on both (patience)."""
    def once(items: list[str]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for k, text in enumerate(items):
            seen[text] = -1 if text in seen else k
        return {t: k for t, k in seen.items() if k >= 0}

    right = once(titles)
    pairs = sorted((i, right[t]) for t, i in once(toc).items() if t in right)
    tails: list[int] = []                  # tails[L] = index into pairs ending a chain of L+1
    tail_j: list[int] = []                 # and the right index it ends on
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tail_j, j)
        back.append(tails[pos - 1] if pos else -1)
        if pos == len(tails):
            tails.append(k)
            tail_j.append(j)
        else:
            tails[pos], tail_j[pos] = k, j
    chain, k = [], tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _needleman_wunsch(toc: list[str], titles: list[str]) -> dict[int, int | None]:
    n, m = len(toc), len(titles)
    sim = [[fuzz.ratio(a, b) / 100 for b in titles] for a in toc]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n):
        for j in range(m):
            s = sim[i][j]
            take = score[i][j] + (s if s >= 0.5 else -1)
            score[i + 1][j + 1] = max(take, score[i][j + 1], score[i + 1][j])
    out: dict[int, int | None] = {k: None for k in range(n)}
    i, j = n, m
    while i > 0 and j > 0:
        s = sim[i - 1][j - 1]
        if s >= 0.5 and score[i][j] == score[i - 1][j - 1] + s:
            out[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return out


# ------------------------------------------------------------------------ one article

def _article(raw, start: int, end: int, log: list, used_ids: set[str]) -> Article:
    body = raw.body
    i = start
    title_lines = [body[i]]
    if i + 2 < end and not SOURCE_RE.match(body[i + 1].text) and SOURCE_RE.match(body[i + 2].text):
        title_lines.append(body[i + 1])
    title = " ".join(t.text for t in title_lines)
    i += len(title_lines)
    date = source = None
    if i < end and (m := SOURCE_RE.match(body[i].text)):
        date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        source = m.group(4)
        if not is_iso_date(date):
            log.append({"kind": "impossible_date", "line": body[i].no, "decision": True,
                        "message": f"the source line's date {date} is no real day; left out"})
            date = None
        i += 1
    deck: list[str] = []
    bylines: list[str] = []
    dateline: str | None = None
    while i < end and not _starts_body(body[i].text):
        text = body[i].text
        if dateline is None and _is_dateline(text):
            parts = [body[i]]
            while not _dateline_closed(" ".join(p.text for p in parts)) and i + 1 < end \
                    and not _starts_body(body[i + 1].text) and len(parts) < 3:
                i += 1
                parts.append(body[i])
            dateline = "".join(p.text for p in parts)
            if len(parts) > 1:
                log.append({"kind": "join_dateline", "lines": [p.no for p in parts],
                            "message": "dateline printed on several lines joined"})
        elif BYLINE_RE.match(text):
            bylines.append(text)
        else:
            deck.append(text)
        i += 1
    art_id = _slug(title, used_ids)
    first_entry = len(log)
    blocks, breaks = _blocks(body[i:end], log)
    for entry in log[first_entry:]:
        entry.setdefault("article", art_id)
    return Article(id=art_id, title=title, date=date, source=source, bylines=tuple(bylines),
                   deck=tuple(deck), dateline=dateline, blocks=tuple(blocks),
                   page_breaks=tuple(breaks))


def _starts_body(text: str) -> bool:
    if _is_dateline(text):
        return False
    return (len(text) > MAX_DECK_CHARS or ends_sentence(text) or bool(re.search(r"[，。；]", text))
            or bool(NEWS_DATELINE_RE.match(text)) or bool(LONE_NUMERAL_RE.match(text))
            or bool(SECTION_RE.match(text)) or bool(SUBSECTION_RE.match(text))
            or text.startswith("※") or bool(LIST_ITEM_RE.match(text)))


def ends_sentence(text: str) -> bool:
    """Ends like a sentence (。 ！ ？ ； ： …, maybe inside a closing quote), not like a headline."""
    return bool(re.search(r"[。！？!?；;：:…][”’」』）)]*$", text.rstrip("*")))


def _is_dateline(text: str) -> bool:
    """（2024年1月10日…通过）, ——2024年1月30日在…上, or a bare 2024年2月2日 under a title."""
    if DATE_LINE_RE.match(text):
        return True
    has_date = bool(re.search(r"\d{4}\s*年|[〇零一二三四五六七八九]{4}年", text))
    return has_date and (text[0] in "（(" or text.startswith("——"))


def _dateline_closed(text: str) -> bool:
    if text[0] in "（(":
        return text.endswith(("）", ")"))
    return bool(re.search(r"(上|时|日|后|前|中)$", text)) or ends_terminal(text)


# ---------------------------------------------------------------------------- body

def _classify(text: str, following: str | None) -> tuple[str, int | None]:
    """Block type (and heading level) of one body line, before joins."""
    if LONE_NUMERAL_RE.match(text):
        return HEADING, 1
    if SECTION_RE.match(text) and len(text) <= MAX_HEADING_CHARS and not text.endswith("。"):
        return HEADING, 2
    if SUBSECTION_RE.match(text) and len(text) <= MAX_HEADING_CHARS and not _has_sentence(text):
        return HEADING, 3
    if ATTACHMENT_RE.match(text):
        return ATTACHMENT, None
    if text.startswith("※"):
        return NOTE, None
    if LIST_ITEM_RE.match(text):
        return LIST_ITEM, None
    if DATE_LINE_RE.match(text):
        return DATE, None
    if text[0] in "（(" and text[-1] in "）)" and _balanced_outer(text):
        return ATTRIBUTION, None
    if len(text) <= MAX_SALUTATION_CHARS and text.endswith(("：", ":")) and "，" not in text[:-1] \
            or len(text) <= MAX_SALUTATION_CHARS and re.fullmatch(r"[^，。：]*[，、][^，。：]*：", text):
        return SALUTATION, None
    if following is not None and DATE_LINE_RE.match(following) and len(text) <= 24 \
            and not ends_terminal(text):
        return SIGNATURE, None
    return PARAGRAPH, None


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


def _blocks(lines: list[Line], log: list) -> tuple[list[Block], list[PageBreak]]:
    kinds = [_classify(ln.text, lines[k + 1].text if k + 1 < len(lines) else None)
             for k, ln in enumerate(lines)]
    for k in range(1, len(lines)):
        # the line after 附件 that reads like a headline is the attachment's title
        if kinds[k - 1][0] == ATTACHMENT and kinds[k][0] == PARAGRAPH \
                and len(lines[k].text) <= MAX_HEADING_CHARS and not ends_sentence(lines[k].text):
            kinds[k] = (ATTACHMENT_TITLE, None)
    blocks: list[Block] = []
    breaks: list[PageBreak] = []
    k = 0
    while k < len(lines):
        kind, level = kinds[k]
        parts = [lines[k]]
        # a paragraph that ends mid-sentence continues after the page end
        while (kind in _JOINABLE and not ends_terminal(parts[-1].text) and k + 1 < len(lines)
               and kinds[k + 1][0] == PARAGRAPH and not NEWS_DATELINE_RE.match(lines[k + 1].text)):
            k += 1
            parts.append(lines[k])
        label = None
        texts = [p.text for p in parts]
        if kind == LIST_ITEM:
            m = LIST_ITEM_RE.match(texts[0])
            label = m.group(1)
            texts[0] = texts[0][m.end():]
        if len(parts) > 1:
            breaks.extend(_break_offsets(len(blocks), texts))
            log.append({"kind": "join", "lines": [p.no for p in parts], "block": len(blocks),
                        "message": "paragraph cut by a page end joined",
                        "tail": texts[0][-8:], "head": texts[1][:8]})
        blocks.append(Block(kind, _spans("".join(texts)), level=level, label=label))
        k += 1
    return blocks, breaks


def _break_offsets(block: int, texts: list[str]) -> list[PageBreak]:
    out, acc = [], 0
    for t in texts[:-1]:
        acc += _plain_len(t)
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

def _match_toc(articles: list[Article], raw, log: list) -> list[Article]:
    """Give each article its 目录 page; drop wrap spaces the 目录 does not show; log slips."""
    from dataclasses import replace
    aligned = _align([fold(e.title) for e in raw.toc], [fold(a.title) for a in articles])
    by_article = {j: k for k, j in aligned.items() if j is not None}
    out = []
    for j, art in enumerate(articles):
        k = by_article.get(j)
        if k is None:
            log.append({"kind": "article_not_in_toc", "article": art.id, "title": art.title,
                        "decision": True, "message": "no 目录 entry matches this article"})
            out.append(art)
            continue
        entry = raw.toc[k]
        title = _fix_title_spaces(art.title, entry.title, art.id, log)
        if fold(title) != fold(entry.title):
            log.append({"kind": "toc_title_differs", "article": art.id, "title": title,
                        "toc_title": entry.title, "decision": True,
                        "message": "the 目录 prints this title differently; the article's "
                                   "own heading is kept"})
        out.append(replace(art, title=title, page=entry.page))
    for k, j in aligned.items():
        if j is None:
            log.append({"kind": "toc_entry_without_article", "toc_index": k,
                        "title": raw.toc[k].title, "decision": True,
                        "message": "no article matches this 目录 entry"})
    return out


def _fix_title_spaces(title: str, toc_title: str, art_id: str, log: list) -> str:
    if " " not in title:
        return title
    toc_plain = re.sub(r"\s*(\.{2,}|…+)\s*$", "", toc_title)
    pieces = title.split(" ")
    result = pieces[0]
    for piece in pieces[1:]:
        left, right = result.replace(" ", "")[-3:], piece[:3]
        if f"{left} {right}" in toc_plain or f"{left}\u3000{right}" in toc_plain:
            result += " " + piece
        elif f"{left}{right}" in toc_plain:
            result += piece
            log.append({"kind": "title_wrap_space", "article": art_id, "title": title,
                        "message": f"wrap space removed between {left}|{right} (the 目录 shows none)"})
        else:
            result += " " + piece
            log.append({"kind": "title_space_unknown", "article": art_id, "title": title,
                        "decision": True,
                        "message": f"space kept between {left}|{right}: the 目录 does not show it"})
    return result


def _slug(title: str, used: set[str]) -> str:
    core = title.split("：", 1)[-1] if "：" in title[:6] else title
    syllables = [s for s in lazy_pinyin(core[:12]) if re.fullmatch(r"[a-z]+", s)]
    base = "-".join(syllables) or "article"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug
