"""The article body dialect: CommonMark (via markdown-it-py) with a few fixed conventions.

    # 一                     heading level 1 (a lone numeral heading a speech excerpt)
    ## 一、过去一年工作回顾    heading level 2
    ### （一）全力以赴…        heading level 3
    1. 帮扶就业困难人员…       list item; the printed label ("1.") is kept
    **加粗**                   bold
    {.note}                    a class line before a paragraph marks a special block:
    ※这是…                     note, attribution, salutation, signature, date,
                               attachment, attachment-title
    正文[^1]……                 a footnote (注释) called here; its text is defined once,
    [^1]: 注释的文字。           anywhere in the body (the writer puts them at the end)

Everything else is a paragraph. Raw HTML is off, so ``<script>`` or ``&`` are text. Other
Markdown written by hand (links, images, code, italic, thematic breaks, setext headings, hard
line breaks: the model has none) is an error naming its line, never its marks printed. The
writer escapes what CommonMark would read as markup, so any text survives a round trip.
"""
from __future__ import annotations

import re

from types import MethodType

from markdown_it import MarkdownIt
from markdown_it.rules_inline import emphasis, link
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..errors import UserError
from ..model import (ATTACHMENT, ATTACHMENT_TITLE, ATTRIBUTION, BOLD, DATE, FOOTNOTE, HEADING,
                    LIST_ITEM, NOTE, PARAGRAPH, SALUTATION, SIGNATURE, TEXT, Block, Span)
from ..text.chars import is_wide

CLASS_TO_TYPE = {
    "note": NOTE,
    "attribution": ATTRIBUTION,
    "salutation": SALUTATION,
    "signature": SIGNATURE,
    "date": DATE,
    "attachment": ATTACHMENT,
    "attachment-title": ATTACHMENT_TITLE,
}
TYPE_TO_CLASS = {v: k for k, v in CLASS_TO_TYPE.items()}

_md = MarkdownIt("commonmark", {"html": False}).use(attrs_block_plugin).use(footnote_plugin)
# Markdown the dialect refuses (links, images, code spans, thematic breaks, setext headings)
# stays parsed, so that written by hand it is an error naming its line (_REFUSED), never
# printed as text with its marks; the rest is off: text.
_md.disable(["code", "fence", "html_block", "html_inline", "table", "reference", "entity",
             "footnote_inline"], ignoreInvalid=True)


def _cjk_scan(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """CommonMark's delimiter scan, friendly to Chinese (as the CJK-friendly amendment of
    markdown-it-cjk-friendly): ``**`` next to punctuation still opens or closes emphasis
    when either side is a CJK character, where CommonMark asks for a space. Without it
    ``前文**“两个维护”**后文``, ``强调**加粗。**后文`` or ``**着力深化改革开放。**2023年``,
    which the writer makes of bold spans, read back as text with asterisks."""
    found = StateInline.scanDelims(state, start, can_split_word)
    if state.src[start] != "*":
        return found
    before = state.src[start - 1] if start > 0 else " "
    end = start + found.length
    after = state.src[end] if end < state.posMax else " "
    wide = _chinese(before) or _chinese(after)      # 。**2023年: closes after wide punctuation
    can_open = found.can_open or (not after.isspace() and wide)
    can_close = found.can_close or (not before.isspace() and wide)
    return Scanned(can_open, can_close, found.length)


#: Marks of ambiguous width that Chinese text sets full width: beside ``**`` they count as
#: Chinese (**“两个维护”**2024年, **加快发展……**2023).
CHINESE_MARKS = frozenset("“”‘’—…·")


def _chinese(ch: str) -> bool:
    return is_wide(ch) or ch in CHINESE_MARKS


def _emphasis(state: StateInline, silent: bool) -> bool:
    state.scanDelims = MethodType(_cjk_scan, state)   # this parse's state only
    return emphasis.tokenize(state, silent)


_md.inline.ruler.at("emphasis", _emphasis)


def _link_not_call(state: StateInline, silent: bool) -> bool:
    """The link rule, leaving a footnote call to its own rule: ``[^1](2024)`` is a call."""
    return not state.src.startswith("[^", state.pos) and link(state, silent)


_md.inline.ruler.at("link", _link_not_call)

#: Markdown the dialect has no place for, written by hand: what to write instead.
_REFUSED = {
    "link_open": "a link [text](address) or <address>; write the text, and the address "
                 "in brackets if it must print",
    "image": "an image ![…](…); the corpus holds text only",
    "code_inline": "a code span `…`; write it as text (\\` for a backtick that prints)",
    "em_open": "italic *…* or _…_; the dialect has bold **…** only (\\* for an asterisk "
               "that prints)",
    "hardbreak": "a hard line break (two spaces or a backslash at a line's end); a "
                 "paragraph has no line breaks in the corpus: make each line a paragraph",
    "hr": "a thematic break (a line of ---, *** or ___); write a paragraph if it must print",
    "setext": "a heading underlined with === or ---; write it as # …, ## … or ### …",
}


def _note_definitions(state) -> None:
    """Where each footnote definition starts, before the plugin keeps only the last of a
    label defined twice (the first one's text would be lost without a word)."""
    lines = state.env.setdefault("note_lines", {})
    line = None                     # the next token's line that has one: read backwards
    for tok in reversed(state.tokens):
        if tok.type == "footnote_reference_open":
            lines.setdefault(tok.meta["label"], []).insert(0, line)
        if tok.map:
            line = tok.map[0]


_md.core.ruler.before("footnote_tail", "note_definitions", _note_definitions)
# a call as written (not escaped): one whose label has no definition stays literal text
_CALL = re.compile(r"(?<!\\)\[\^([^\]\s]+)\]")


def parse_body(text: str, path: str = "<body>", first_line: int = 1) -> tuple[Block, ...]:
    """Parse an article body; ``first_line`` is the file line where the body starts."""
    env: dict = {}
    tokens = _md.parse(text, env)
    text_lines = text.split("\n")          # once: a paragraph's lines are sliced from it

    def where(tok) -> int | None:
        return first_line + tok.map[0] if tok.map else None

    for label, lines in env.get("note_lines", {}).items():
        if len(lines) > 1:
            line = first_line + lines[1] if lines[1] is not None else None
            raise UserError(f"footnote [^{label}] is defined twice (also on line "
                            f"{first_line + lines[0]}); give each note its own label",
                            path, line)
    refs = env.get("footnotes", {}).get("refs", {})
    for tok in tokens:
        if tok.type == "inline":
            for m in _CALL.finditer(tok.content):
                if f":{m.group(1)}" not in refs:
                    raise UserError(f"footnote [^{m.group(1)}] is called but never defined "
                                    f"(a definition is a line `[^{m.group(1)}]: text`)",
                                    path, where(tok))
    tail = next((k for k, t in enumerate(tokens) if t.type == "footnote_block_open"),
                len(tokens))
    notes = _footnotes(tokens[tail:], text, env, path, where, first_line)
    all_tokens, tokens = tokens, tokens[:tail]
    blocks: list[Block] = []
    pending_label: str | None = None
    list_depth = 0
    i = 0

    since = 0                               # the first line no earlier block holds
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind in ("ordered_list_open", "bullet_list_open"):
            if kind == "bullet_list_open" or list_depth:
                raise UserError("unsupported markup: only flat numbered lists are allowed",
                                path, where(tok))
            list_depth += 1
        elif kind in ("ordered_list_close",):
            list_depth -= 1
        elif kind == "list_item_open":
            pending_label = f"{tok.info}{tok.markup}"
        elif kind == "list_item_close":
            pending_label = None
        elif kind == "heading_open":
            if tok.markup in ("=", "-"):
                _refuse("setext", path, where(tok))
            level = int(tok.tag[1])
            if level > 3:
                raise UserError(f"unsupported heading level {level} (use #, ## or ###)", path, where(tok))
            _refuse_attributes(text_lines, tok, since, path, first_line, heading=True)
            spans = _spans(tokens[i + 1], path, where(tok), notes)
            if not "".join(sp.text for sp in spans).strip():
                raise UserError("a heading with no text (a '#' alone); write its text or "
                                "delete the line", path, where(tok))
            blocks.append(Block(HEADING, spans, level=level))
            since = tok.map[1] if tok.map else since
            i += 2
        elif kind == "paragraph_open":
            _refuse_blocks_as_text(text_lines, tok, path, where(tok))
            _refuse_attributes(text_lines, tok, since, path, first_line)
            spans = _spans(tokens[i + 1], path, where(tok), notes)
            cls = tok.attrs.get("class")
            if pending_label is not None:
                if cls:
                    raise UserError(f"a list item cannot carry {{.{cls}}}", path, where(tok))
                blocks.append(Block(LIST_ITEM, spans, label=pending_label))
            elif cls:
                if cls not in CLASS_TO_TYPE:
                    known = ", ".join(sorted(CLASS_TO_TYPE))
                    raise UserError(f"unknown block class {{.{cls}}} (known: {known})", path, where(tok))
                blocks.append(Block(CLASS_TO_TYPE[cls], spans))
            else:
                blocks.append(Block(PARAGRAPH, spans))
            since = tok.map[1] if tok.map else since
            i += 2
        elif kind in ("paragraph_close", "heading_close"):
            pass
        elif kind == "blockquote_open":
            raise UserError("unsupported markup: block quote ('>')", path, where(tok))
        elif kind == "hr":
            _refuse(kind, path, where(tok))
        else:
            raise UserError(f"unsupported markup: {kind}", path, where(tok))
        i += 1
    _refuse_class_lines_unused(text_lines, all_tokens, path, first_line)
    return tuple(blocks)


_CLASS_LINE = re.compile(r"^ {0,3}\{[^{}]*\}\s*$")
_ONE_CLASS = re.compile(r"\{\.[A-Za-z][A-Za-z-]*\}")


def _refuse_attributes(text_lines: list[str], tok, since: int, path: str, first_line: int,
                       heading: bool = False) -> None:
    """A class line is ``{.class}`` alone, over a paragraph. Anything else in braces there
    (``{#id}``, ``{onclick=x}``, ``{.note data=1}``), or a class line over a heading, was
    dropped without a word. ``since``: the first line no earlier block holds."""
    k = tok.map[0] - 1 if tok.map else -1
    while k >= since and not text_lines[k].strip():
        k -= 1
    if k < since or not _CLASS_LINE.match(text_lines[k]):
        return
    line = text_lines[k].strip()
    if heading:
        raise UserError(f"a heading cannot carry a class line ({line})", path, first_line + k)
    if not _ONE_CLASS.fullmatch(line):
        raise UserError(f"a class line is one {{.class}} alone, not {line} (known: "
                        f"{', '.join(sorted(CLASS_TO_TYPE))})", path, first_line + k)


def _refuse_class_lines_unused(text_lines: list[str], tokens, path: str, first_line: int
                               ) -> None:
    """A class line that marks no paragraph (the body's last line, or over a footnote's
    definition) was dropped without a word. A class line is a line of its own no block
    holds; the one over a paragraph is that paragraph's (its map starts under it)."""
    held = [False] * (len(text_lines) + 1)
    marked: set[int] = set()
    for tok in tokens:
        if tok.map and tok.type in ("paragraph_open", "heading_open"):
            held[tok.map[0]:tok.map[1]] = [True] * (tok.map[1] - tok.map[0])
            if tok.attrs.get("class") and tok.type == "paragraph_open":
                marked.add(tok.map[0])
    for k, line in enumerate(text_lines):
        if held[k] or not _CLASS_LINE.match(line):
            continue
        below = next((j for j in range(k + 1, len(text_lines)) if text_lines[j].strip()),
                     None)
        if below not in marked:
            raise UserError(f"the class line {line.strip()} has no paragraph under it",
                            path, first_line + k)


# Markdown this dialect does not parse, whose rules are off so that text stays text: written
# by hand it meant markup (the corpus writer escapes ` ~ | in text), and printed as text it
# lost its lines ("```代码```"): refused, as a quote or a nested list is.
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TABLE_ROW = re.compile(r"^ {0,3}\|.*\|\s*$")


def _refuse_blocks_as_text(text_lines: list[str], tok, path: str, line: int | None) -> None:
    """A paragraph that is a code fence or a table: an error naming its line."""
    if not tok.map:
        return
    lines = text_lines[tok.map[0]:tok.map[1]]
    if lines and _FENCE.match(lines[0]):
        raise UserError("unsupported markup: a code block (``` or ~~~); write it as text",
                        path, line)
    if sum(bool(_TABLE_ROW.match(ln)) for ln in lines) >= 2 or (
            len(lines) == 1 and _TABLE_ROW.match(lines[0]) and lines[0].count("|") >= 3):
        raise UserError("unsupported markup: a table (| … |); write its rows as paragraphs",
                        path, line)


def block_lines(text: str, first_line: int = 1) -> list[int]:
    """The file line each block of a (valid) body starts on, in the order parse_body gives
    the blocks; ``first_line`` is the file line where the body starts."""
    out = []
    for tok in _md.parse(text, {}):
        if tok.type == "footnote_block_open":
            break
        if tok.type in ("heading_open", "paragraph_open") and tok.map:
            out.append(first_line + tok.map[0])
    return out


def _footnotes(tokens, text: str, env: dict, path: str, where, first_line: int
               ) -> dict[int, tuple[Span, ...]]:
    """The footnote definitions (the plugin gathers them at the end): id → its spans."""
    for label, ident in env.get("footnotes", {}).get("refs", {}).items():
        if ident < 0:
            label = label[1:]
            m = re.search(rf"^ {{0,3}}\[\^{re.escape(label)}\]:", text, re.M)
            line = first_line + text[: m.start()].count("\n") if m else None
            raise UserError(f"footnote [^{label}] is defined but never called in the text",
                            path, line)
    notes: dict[int, tuple[Span, ...]] = {}
    ident, inlines, line = None, [], None
    for tok in tokens:
        if tok.type == "footnote_open":
            ident, inlines, line = tok.meta["id"], [], None
        elif tok.type == "paragraph_open":
            line = line or where(tok)
        elif tok.type == "inline":
            inlines.append(tok)
        elif tok.type == "footnote_close":
            label = env["footnotes"]["list"][ident]["label"]
            if len(inlines) != 1:
                raise UserError(f"footnote [^{label}] must be one paragraph of text "
                                f"(it has {len(inlines)})", path, line)
            spans = _spans(inlines[0], path, line, None)
            if not spans:
                raise UserError(f"footnote [^{label}] is empty", path, line)
            notes[ident] = spans
        elif tok.type not in ("footnote_block_open", "footnote_block_close",
                              "paragraph_close", "footnote_anchor"):
            raise UserError(f"unsupported markup in a footnote: {tok.type}", path, line)
    return notes


def _spans(inline, path: str, line: int | None,
           notes: dict[int, tuple[Span, ...]] | None) -> tuple[Span, ...]:
    """Inline tokens → spans; ``notes`` is None inside a footnote (no footnote there)."""
    out: list[Span] = []
    style = TEXT
    lines_before = 0                    # line breaks read so far: the child's line is line + it
    for child in inline.children or ():
        if child.type in _REFUSED:
            _refuse(child.type, path, line + lines_before if line else line)
        if child.type == "footnote_ref":
            if notes is None:
                raise UserError("a footnote cannot call another footnote", path, line)
            out.append(Span("", FOOTNOTE, notes[child.meta["id"]]))
        elif child.type == "text":
            _add(out, child.content, style)
        elif child.type == "strong_open":
            style = BOLD
        elif child.type == "strong_close":
            style = TEXT
        elif child.type == "softbreak":
            lines_before += 1
            prev = out[-1].text[-1:] if out else ""
            nxt = _next_text(inline.children, child)
            joiner = "" if (is_wide(prev[:1]) or is_wide(nxt[:1])) else " "
            _add(out, joiner, style)
        else:
            raise UserError(f"unsupported inline markup: {child.type}", path, line)
    return tuple(s for s in out if s.text or s.style == FOOTNOTE)


def _refuse(kind: str, path: str, line: int | None) -> None:
    """Markdown with no place in the dialect: an error saying what to write instead."""
    raise UserError(f"unsupported markup: {_REFUSED[kind]}", path, line)


def _next_text(children, current) -> str:
    seen = False
    for c in children:
        if seen and c.type == "text" and c.content:
            return c.content[0]
        if c is current:
            seen = True
    return ""


def _add(out: list[Span], text: str, style: str) -> None:
    if out and out[-1].style == style != FOOTNOTE:
        out[-1] = Span(out[-1].text + text, style)
    else:
        out.append(Span(text, style))


# ------------------------------------------------------------------------- writing

_ESCAPE = re.compile(r"([\\`*_\[\]<>&!#{}~|])")
_LEADING = re.compile(r"^(\s*)([-+=:>]|\d{1,9}(?=[.)]))")


def escape(text: str) -> str:
    """Backslash-escape what CommonMark would read as markup."""
    text = _ESCAPE.sub(r"\\\1", text)
    m = _LEADING.match(text)
    if m:
        if m.group(2).isdigit():
            text = f"{m.group(1)}{m.group(2)}\\{text[m.end():]}"
        else:
            text = f"{m.group(1)}\\{text[m.start(2):]}"
    return text


def format_spans(spans: tuple[Span, ...], notes: list[tuple[Span, ...]] | None = None) -> str:
    """Spans as Markdown; footnotes are called ``[^n]`` and their text added to ``notes``."""
    parts = []
    for s in spans:
        if s.style == FOOTNOTE:
            if notes is None:
                raise ValueError("a footnote inside a footnote")
            notes.append(s.note)
            parts.append(f"[^{len(notes)}]")
            continue
        body = escape(s.text)
        if s.style == BOLD and s.text.strip():
            lead = body[: len(body) - len(body.lstrip())]
            trail = body[len(body.rstrip()):]
            parts.append(f"{lead}**{body.strip()}**{trail}")
        else:
            parts.append(body)
    text = "".join(parts)
    # CommonMark strips leading/trailing spaces of a paragraph; keep them as &nbsp;-free escapes
    return text


def format_body(blocks: tuple[Block, ...]) -> str:
    out: list[str] = []
    notes: list[tuple[Span, ...]] = []
    for b in blocks:
        text = format_spans(b.spans, notes)
        if b.type == HEADING:
            out.append(f"{'#' * (b.level or 1)} {text}")
        elif b.type == LIST_ITEM:
            label = b.label or "1."
            out.append(f"{label} {text}")
        elif b.type == PARAGRAPH:
            out.append(text)
        else:
            out.append(f"{{.{TYPE_TO_CLASS[b.type]}}}\n{text}")
    out.extend(f"[^{n}]: {format_spans(note)}" for n, note in enumerate(notes, 1))
    return "\n\n".join(out) + "\n"
