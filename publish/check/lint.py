"""Lint: what an editor should look at before printing. Reports; never changes the corpus.

Each rule is a function ``(issue) -> Iterator[Finding]``; RULES lists them. The printed
issue's own slips (a paragraph printed twice, a character doubled at a page end, a stray
Latin word, 目录 entries that differ from titles) must show up; ordinary text must not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from functools import lru_cache
from typing import Callable, Iterator

from .. import source_edition
from ..errors import UserError
from ..model import Article, Issue, PARAGRAPH, LIST_ITEM, NOTE
from ..text.align import char_diff, toc_forms
from ..text.chars import HAN, HAN_RE, PAIRS, is_han, is_ignorable, xml_forbidden
from ..text.normalize import normalize

ERROR, WARNING, INFO = "error", "warning", "info"

# Reduplications that are ordinary Chinese, not a character doubled by a page end.
REDUPLICATIONS = set("常人家天年处个刚渐纷谢往仅稍默深久步层事时条项户村看想说试"
                     "慢快好轻静悄匆偷紧牢实稳真细多少大小高远早明暗白红")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    article: str | None = None
    block: int | None = None

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "article": self.article, "block": self.block}


def _text_blocks(article: Article, kinds=(PARAGRAPH, LIST_ITEM, NOTE)):
    for i, block in enumerate(article.blocks):
        if block.type in kinds:
            yield i, block


def _article_file(art: Article) -> str:
    """The file an article is written in (from where its ``page:`` is), else its id: a
    finding about the whole article has no block to point at, so it names the file."""
    return art.page_at.rpartition(":")[0] if art.page_at else art.id


def empty_body(issue: Issue) -> Iterator[Finding]:
    """An article of a title block and nothing else: the extraction may have lost its body,
    or the issue lists it as a placeholder on purpose (hence a warning, not an error)."""
    for art in issue.articles:
        if not any(block.all_text.strip() for block in art.blocks):
            yield Finding("empty-body", WARNING, f"{_article_file(art)}: the article has no "
                          "body text, only its title block (lost in the extraction, or a "
                          "placeholder?)", art.id)


def duplicate_paragraph(issue: Issue) -> Iterator[Finding]:
    """A paragraph printed more than once in an article (attributions legitimately repeat)."""
    for art in issue.articles:
        seen: dict[str, int] = {}
        for i, block in _text_blocks(art):
            key = normalize(block.text)
            if len(key) < 12:
                continue
            if key in seen:
                yield Finding("duplicate-paragraph", WARNING,
                              f"paragraph {i} repeats paragraph {seen[key]}: "
                              f"「{block.text[:24]}…」", art.id, i)
            else:
                seen[key] = i


def doubled_at_page_break(issue: Issue) -> Iterator[Finding]:
    """The same character on both sides of a repaired page-break join (e.g. 责|责任)."""
    for art in issue.articles:
        for pb in art.page_breaks:
            if not 0 <= pb.block < len(art.blocks):
                continue
            text = "".join(s.text for s in art.blocks[pb.block].spans)
            if 0 < pb.offset < len(text):
                a, b = text[pb.offset - 1], text[pb.offset]
                if a == b and is_han(a) and a not in REDUPLICATIONS:
                    yield Finding("doubled-at-page-break", WARNING,
                                  f"「{a}」 doubled where a page ended: "
                                  f"「{text[max(0, pb.offset - 6):pb.offset + 6]}」",
                                  art.id, pb.block)


def _block_texts(issue: Issue) -> Iterator[tuple[Article, int, str]]:
    """(article, block index, block text) of every block of the issue."""
    for art in issue.articles:
        for i, block in enumerate(art.blocks):
            yield art, i, block.text


_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9.@/:_-])[a-z]{2,}(?![A-Za-z0-9.@/_-])")


def latin_in_chinese(issue: Issue) -> Iterator[Finding]:
    """A lower-case Latin word inside Chinese text (acronyms, units and URLs are fine)."""
    for art, i, text in _block_texts(issue):
        for m in _LATIN_WORD.finditer(text):
            before = text[max(0, m.start() - 2):m.start()]
            after = text[m.end():m.end() + 2]
            if HAN_RE.search(before) and HAN_RE.search(after):
                yield Finding("latin-in-chinese", WARNING,
                              f"Latin word 「{m.group()}」 inside Chinese text: "
                              f"「{text[max(0, m.start() - 8):m.end() + 8]}」", art.id, i)


# three or more single digits with single spaces between (2 0 2 4, 1 0 0 0): the extraction
# spaced out a number; one digit beside another across one space (第 1 期 2 个) is not that
_SPACED_DIGITS = re.compile(r"(?<![\d.,])\d(?: \d){2,}(?![\d.,])")


def spaced_digits(issue: Issue) -> Iterator[Finding]:
    """A number whose digits the extraction spaced out (于2 0 2 4 年): kept as printed,
    for the editor to close up."""
    for art, i, text in _block_texts(issue):
        for m in _SPACED_DIGITS.finditer(text):
            yield Finding("spaced-digits", WARNING,
                          f"digits spaced out 「{m.group()}」: "
                          f"「{text[max(0, m.start() - 6):m.end() + 6]}」", art.id, i)


# UTF-8 read as Windows-1252 or Latin-1 somewhere on the way (“ → â€œ, ， → ï¼Œ, 中 →
# ä¸­): a three-byte character's lead byte as a letter, then its two continuation bytes'
# characters (Chinese text is three-byte characters; a two-byte ü → Ã¼ is not looked for)
_RARE = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u201a" \
    "\u201e\u2020\u2021\u2030\u2039\u203a\u20ac\u2122"
_CONTINUATION = _RARE + "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026"
# one of the two never stands beside a Latin letter in Chinese text (café—— is no mojibake)
_MOJIBAKE = re.compile(
    f"(?:[\u00e2-\u00ef](?:[{_RARE}][{_CONTINUATION}]|[{_CONTINUATION}][{_RARE}]))+")


def mojibake(issue: Issue) -> Iterator[Finding]:
    """Text that is UTF-8 read as Windows-1252 (â€œ, ï¼Œ): valid characters, so nothing else
    notices; the words are lost until the editor restores them from the source."""
    for art in issue.articles:
        texts = [(None, t) for _, t in _title_block_texts(art)]
        texts += [(i, block.text) for i, block in enumerate(art.blocks)]
        for i, text in texts:
            m = _MOJIBAKE.search(text)
            if m:
                yield Finding("mojibake", WARNING,
                              f"UTF-8 read as Windows-1252 「{m.group()[:12]}」: "
                              f"「{text[max(0, m.start() - 6):m.end() + 6][:30]}」; take "
                              "this text from the source again", art.id, i)


def unbalanced_pairs(issue: Issue) -> Iterator[Finding]:
    """“ ” （ ） 《 》 that do not pair up within one paragraph."""
    for art, i, text in _block_texts(issue):
        for left, right in PAIRS.items():
            if text.count(left) != text.count(right):
                yield Finding("unbalanced-pair", WARNING,
                              f"{text.count(left)} 「{left}」 but {text.count(right)} "
                              f"「{right}」 in 「{text[:24]}…」", art.id, i)


_HALFWIDTH = re.compile(rf"[,;:?!]|\((?=[^()]*[{HAN}])[^()]*\)")


def _title_block_texts(art: Article) -> Iterator[tuple[str, str]]:
    """(what it is, text) of each line of an article's title block."""
    yield "the title", art.title
    for line in art.deck:
        yield "the headline group", line
    for line in art.bylines:
        yield "the byline", line
    if art.dateline:
        yield "the dateline", art.dateline


def _halfwidth(text: str) -> Iterator[tuple[str, str]]:
    """(the mark as shown, its context) of each half-width mark Chinese text wants
    full-width."""
    for m in _HALFWIDTH.finditer(text):
        mark = m.group()
        if mark[0] == "(":
            inner_cjk = True
        else:
            before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
            inner_cjk = is_han(before[:1]) or is_han(after[:1])
            if before.isdigit() and after.isdigit():
                inner_cjk = False          # 1,000  10:30
        if inner_cjk:
            yield ("( )" if mark[0] == "(" else mark,
                   text[max(0, m.start() - 6):m.start() + 8])


def halfwidth_punctuation(issue: Issue) -> Iterator[Finding]:
    """Half-width , ; : ? ! or ( ) where Chinese text wants full-width marks, in the body
    and the title block (a dateline printed (2024年1月10日…通过) under a （…） source line)."""
    for art in issue.articles:
        for what, text in _title_block_texts(art):
            for shown, context in _halfwidth(text):
                yield Finding("halfwidth-punctuation", WARNING,
                              f"half-width 「{shown}」 in {what}: 「{context}」", art.id)
        for i, block in enumerate(art.blocks):
            for shown, context in _halfwidth(block.text):
                yield Finding("halfwidth-punctuation", WARNING,
                              f"half-width 「{shown}」 in Chinese text: 「{context}」", art.id,
                              i)


#: Title comparisons toc_title_mismatch makes to name each entry's nearest article: past
#: them an entry is named alone (10,000 wrong 目录 entries against 24 articles took 65 s,
#: 2,000 against 2,000 articles would take an hour)
NEAREST_COMPARISONS = 20_000


def toc_title_mismatch(issue: Issue) -> Iterator[Finding]:
    """A 目录 entry whose title matches no article title (ignoring spaces, widths, leaders)."""
    keys = [normalize(a.title) for a in issue.articles]
    titles = {form for a in issue.articles for form in toc_forms(
        a.title, a.source, (*a.deck, a.dateline or ""))}
    budget = NEAREST_COMPARISONS
    for k, entry in enumerate(issue.toc):
        key = normalize(entry.title)
        if key in titles:                # …（新华社）, …——在…上的讲话: printed with it
            continue
        best = None
        if len(keys) <= budget:          # each entry against every title: bounded in all
            budget -= len(keys)
            best = max(zip(issue.articles, keys), default=(None, ""),
                       key=lambda ak: SequenceMatcher(None, key, ak[1]).ratio())[0]
        diff = char_diff(best.title, entry.title) if best else ""
        near = f"; nearest article 「{best.title}」 ({diff})" if best else ""
        yield Finding("toc-title-mismatch", WARNING,
                      f"目录 entry {k + 1} 「{entry.title}」 matches no article title{near}",
                      best.id if best else None, None)


# line breaks inside a paragraph that XML allows (other controls are errors above)
SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator", "\x85": "next line"}
# bidirectional controls: Chinese text needs none, and each shows the characters after it
# in another order (U+202E sets 共产党 as 党产共) on screen and in print
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")


def control_characters(issue: Issue) -> Iterator[Finding]:
    """Characters XML cannot hold: writers drop them, so the editor must decide; and line
    separators and bidirectional controls, which change what the outputs show."""
    for art in issue.articles:
        fields = [art.title, *(art.deck), *(art.bylines), art.source or "", art.dateline or ""]
        for text in fields:
            for ch in sorted(set(xml_forbidden(text))):
                yield Finding("control-character", ERROR,
                              f"control character U+{ord(ch):04X} in the title block", art.id)
        yield from _layout_controls("".join(fields), "in the title block", art.id, None)
        for i, block in enumerate(art.blocks):
            for ch in sorted(set(xml_forbidden(block.all_text))):
                yield Finding("control-character", ERROR,
                              f"control character U+{ord(ch):04X} (dropped in every output)",
                              art.id, i)
            yield from _layout_controls(block.all_text, "inside a paragraph", art.id, i)


def _layout_controls(text: str, where: str, article: str, block: int | None
                     ) -> Iterator[Finding]:
    """A warning for each line separator and bidirectional control in ``text``."""
    for ch in sorted(set(text) & SEPARATORS.keys()):
        yield Finding("control-character", WARNING,
                      f"U+{ord(ch):04X} ({SEPARATORS[ch]}) {where}: the print edition breaks "
                      "the line there", article, block)
    for ch in sorted(set(text) & BIDI_CONTROLS):
        yield Finding("control-character", WARNING,
                      f"U+{ord(ch):04X} (a bidirectional control) {where}: Chinese text needs "
                      "none, and it shows the characters after it in another order", article,
                      block)


@lru_cache(maxsize=1)
def _print_cmap() -> frozenset[int] | None:
    """Code points the print body fonts cover (None when fonts/ is not there yet)."""
    from ..typefaces.coverage import body_codepoints
    return body_codepoints()


def _lacking(text: str, cmap: frozenset[int]) -> list[str]:
    """The characters of ``text`` the print fonts lack, in order of first use."""
    return list(dict.fromkeys(ch for ch in text if ord(ch) not in cmap and not ch.isspace()
                              and not xml_forbidden(ch) and not is_ignorable(ch)))


def _printed_texts(art: Article) -> list[tuple[int | None, str]]:
    """(block index or None for the title block, text) for everything of ``art`` that prints."""
    head = [art.title, *art.deck, *art.bylines, art.dateline or "", art.source or ""]
    return [(None, t) for t in head if t] + [
        (i, (b.label or "") + b.all_text) for i, b in enumerate(art.blocks)]


def missing_glyphs(issue: Issue) -> Iterator[Finding]:
    """Characters the print fonts lack would print as empty boxes."""
    cmap = _print_cmap()
    if cmap is None:
        return
    for art in issue.articles:
        head = (*_title_block_texts(art), ("the source line", art.source or ""))
        for what, text in head:          # no block to point at: the message says which line
            yield from _missing_in(text, cmap, f" in {what}", art.id, None)
        for i, b in enumerate(art.blocks):
            yield from _missing_in((b.label or "") + b.all_text, cmap, "", art.id, i)


def _missing_in(text: str, cmap: frozenset[int], where: str, article: str,
                block: int | None) -> Iterator[Finding]:
    """The missing-glyph finding of one text, if its characters lack any."""
    lacking = sorted(set(_lacking(text, cmap)))
    if lacking:
        names = " ".join(f"「{c}」U+{ord(c):04X}" for c in lacking[:8])
        yield Finding("missing-glyph", ERROR, f"the print fonts lack {names}{where}",
                      article, block)


def page_list(issue: Issue) -> Iterator[Finding]:
    """The source page list against the text: a 目录 page that differs from its article's
    ``page:``, and a page the text cannot agree with (source_edition finds it as it plans
    the pages), each named with the file and line it is written on."""
    for article, message in source_edition.toc_mismatches(issue):
        yield Finding("page-list", ERROR, message, article)
    if source_edition.has_source_pages(issue):
        try:
            planned = source_edition.plan(issue)
        except UserError as err:            # contradicted in too many places to plan at all
            yield Finding("page-list", ERROR, str(err), None)
            return
        for c in planned.contradictions:
            yield Finding("page-list", ERROR, c.line(), c.article)
        for x in planned.spread:
            yield Finding("page-list-spread", WARNING, x.line(), x.article)
        for s in planned.squeezed:           # set in a page fewer than its text fills
            yield Finding("page-list-squeezed", WARNING, s.line(), s.article)
        for f in planned.fills:              # the source edition's pages that stay short
            if f.reason:
                yield Finding("page-not-full", INFO, f"page {f.folio} ends short of the type "
                              f"area: {f.reason}", f.article)


def lacking_glyphs(issue: Issue) -> list[tuple[str | None, list[str]]]:
    """Per article id (None: the cover and the 目录), the characters no font in fonts/ has,
    in order of first use; only the places that lack some."""
    cmap = _print_cmap()
    if cmap is None:
        return []
    front = " ".join([issue.title or "", issue.number or "", issue.institution or "",
                      issue.institution_en or "", issue.publisher or "",
                      *(e.title for e in issue.toc)])
    places = [(None, _lacking(front, cmap))] + [
        (art.id, _lacking("".join(t for _, t in _printed_texts(art)), cmap))
        for art in issue.articles]
    return [(where, chars) for where, chars in places if chars]


RULES: tuple[Callable[[Issue], Iterator[Finding]], ...] = (
    empty_body, duplicate_paragraph, doubled_at_page_break, latin_in_chinese, spaced_digits,
    mojibake, unbalanced_pairs,
    halfwidth_punctuation, toc_title_mismatch, control_characters, missing_glyphs, page_list,
)


def lint(issue: Issue) -> list[Finding]:
    return [f for rule in RULES for f in rule(issue)]


# keys a corpus file may carry besides the schema's: kept, never read (a note to a colleague)
_KNOWN_ISSUE = ("id", "title", "number", "institution", "institution_en", "publisher", "date",
                "language", "edition", "toc", "articles", "source_grid")


def corpus_findings(directory) -> list[Finding]:
    """What an editor's hand edit leaves unread without a word: a key misspelt (`sourse:`,
    `publsher:`: the source line or the cover's office would print empty; other unknown
    keys are kept, as notes) and an article file issue.yaml does not list (left out of
    every edition)."""
    from pathlib import Path
    from .. import corpus
    from ..corpus import yamlio
    root = Path(directory)
    out: list[Finding] = []

    def misspelt(fields, known, path, article=None) -> None:
        for key in fields.keys():
            if key in known:
                continue
            near = get_close_matches(key, known, n=1, cutoff=0.75)
            if near:
                out.append(Finding("unknown-key", WARNING,
                                   f"{path}:{fields.line_of(key)}: unknown key {key!r}, not "
                                   f"read: did you mean {near[0]!r}?", article))

    issue_path = root / corpus.ISSUE_FILE
    meta = yamlio.Fields(yamlio.compose(corpus.read_text(issue_path), issue_path), issue_path)
    misspelt(meta, _KNOWN_ISSUE, issue_path)
    listed = set()
    for node in meta.list("articles"):
        name = yamlio.scalar_text(node, "an article entry", issue_path)
        listed.add(name)
        path = root / corpus.ARTICLES_DIR / name
        front_text, _, _ = corpus.split_front_matter(
            corpus.read_article_text(path), path)
        front = yamlio.Fields(yamlio.compose(front_text, path, first_line=2), path,
                              first_line=2, what="front matter")
        misspelt(front, corpus.ARTICLE_KEYS, path, front.str("id"))
    folder = root / corpus.ARTICLES_DIR
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        if path.name not in listed:
            out.append(Finding("unlisted-article", WARNING,
                               f"{path}: not in issue.yaml's articles list, so no edition "
                               "has it (add its file name there, or move it out of "
                               "articles/)"))
    return out
