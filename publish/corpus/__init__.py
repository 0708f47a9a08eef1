"""The corpus on disk: ``issue.yaml`` plus one Markdown file per article.

    corpus/<id>/issue.yaml          metadata, ``toc`` (the source page list) and ``articles``
    corpus/<id>/articles/NN-*.md    YAML front matter + body in the dialect of corpus/dialect.py
    corpus/<id>/source/             the raw text the issue was imported from
    corpus/<id>/import-log.json     every repair the importer made

Loading, saving and loading again gives an identical model.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import SequenceNode

from . import yamlio
from .dialect import block_lines, format_body, parse_body
from ..errors import UserError, read_text
from ..fsutil import write_text_atomic
from ..model import Article, Block, Issue, PageBreak, SourceGrid, TocEntry
from ..model import to_dict as model_dict
from ..options import EDITIONS, MAX_EPOCH

ISSUE_FILE = "issue.yaml"
ARTICLES_DIR = "articles"
_ISSUE_KEYS = ("id", "title", "number", "institution", "institution_en", "publisher", "date",
               "language", "edition")
ARTICLE_KEYS = ("id", "title", "date", "source", "bylines", "deck", "dateline", "page",
                 "page_breaks")
MAX_PAGE = 100_000                      # no printed issue has more pages
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.md")
# ids become file names, URLs and PDF destinations: letters first, no path separators;
# always fullmatch()ed (``$`` would let a trailing newline through)
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*")
_SAFE_ARTICLE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# a BCP 47 tag's shape (zh, zh-CN, zh-Hans-CN): what xml:lang, dc:language and w:lang take
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


MAX_ID = 100        # an issue id names a folder and its files (``<id>-proof.html``): a file
                    # name holds 255 bytes


def is_safe_issue_id(issue_id: str) -> bool:
    return len(issue_id) <= MAX_ID and bool(_SAFE_ID.fullmatch(issue_id))


def issue_id_rule(issue_id: str) -> str:
    """What an issue id that is not safe must be (the start of a refusal)."""
    shown = f"{issue_id[:MAX_ID]!r}{'…' * (len(issue_id) > MAX_ID)}"
    return f"issue id {shown} must be letters, digits, '-', '_' or '.', at most {MAX_ID} of them"


# ---------------------------------------------------------------------------- loading

def load(directory: str | Path) -> Issue:
    root = Path(directory)
    issue_path = root / ISSUE_FILE
    if not root.is_dir():
        raise UserError("no such corpus directory", root)
    real_root = root.resolve()
    meta = yamlio.Fields(yamlio.compose(read_text(_inside(issue_path, real_root)), issue_path),
                         issue_path)
    meta.require("id", "toc", "articles")
    issue_id = meta.str("id")
    if not is_safe_issue_id(issue_id):
        raise meta.fail("id", f"{issue_id_rule(issue_id)} (it names the output folder)")
    toc = tuple(_toc_entry(meta.sub(node, "toc entry")) for node in meta.list("toc"))
    articles = []
    seen: dict[str, str] = {}
    listed: dict[str, int] = {}
    for node in meta.list("articles"):
        name = yamlio.scalar_text(node, "an article entry", issue_path)
        line = node.start_mark.line + 1
        if not _SAFE_NAME.fullmatch(name):
            raise UserError(f"article entry {name!r} must be a plain file name ending in .md: "
                            "letters A-Z, digits, '.', '_' or '-' (no spaces, no Chinese, no "
                            "folders); rename the file and its line here", issue_path, line)
        if name in listed:
            raise UserError(f"article entry {name!r} is listed twice (also at line "
                            f"{listed[name]}); delete one", issue_path, line)
        listed[name] = line
        art = load_article(_inside(root / ARTICLES_DIR / name, real_root))
        if art.id in seen:
            raise UserError(f"duplicate article id {art.id!r} (also in {seen[art.id]})",
                            root / ARTICLES_DIR / name)
        seen[art.id] = name
        articles.append(art)
    fields = {k: printed_line(meta, k) for k in _ISSUE_KEYS if meta.has(k)}
    fields["date"] = _issue_date(meta)
    if fields.get("language") is not None and not _LANGUAGE_TAG.fullmatch(fields["language"]):
        raise meta.fail("language", f"language {fields['language'][:40]!r} must be a language "
                        "tag such as zh-CN (it is written into the EPUB, DOCX and HTML)")
    if fields.get("edition") not in (None, *EDITIONS):
        raise meta.fail("edition", f"edition {fields['edition']!r} must be one of "
                        f"{', '.join(EDITIONS)}")
    grid = _source_grid(meta) if meta.has("source_grid") else None
    return Issue(**fields, toc=toc, articles=tuple(articles), source_grid=grid)


#: The most characters a printed line of the front matter or issue.yaml may hold (a title,
#: a 目录 line, a deck line, a byline, the source, the dateline, the cover's lines): print
#: sets each on a few lines (the bundled issue's longest title has 60 characters); a title
#: of 10,000 took lint 22 s and the build 36 s, its 目录 entry composed again for each line
MAX_LINE_CHARS = 300


def printed_line(fields: yamlio.Fields, key: str) -> str | None:
    """``key``'s text, refused at its line when it is longer than print gives such a line."""
    text = fields.str(key)
    if text is not None:
        _require_short(text, key, fields.path, fields.line_of(key))
    return text


def printed_lines(fields: yamlio.Fields, key: str) -> tuple[str, ...]:
    """``key``'s list of lines (deck, bylines), each bounded as printed_line bounds one."""
    lines = fields.str_list(key)
    for text, node in zip(lines, fields.list(key)):
        _require_short(text, key, fields.path, fields.first_line + node.start_mark.line)
    return lines


def _require_short(text: str, key: str, path: str | Path, line: int) -> None:
    if len(text) > MAX_LINE_CHARS:
        raise UserError(f"{key!r} holds {len(text):,} characters: print sets it on a few "
                        f"lines, at most {MAX_LINE_CHARS} characters (a paragraph belongs in "
                        "the body)", path, line)


#: The years an issue date may name: it stamps every output (time_t from 1970; a ZIP's
#: DOCX and EPUB up to 2107)
_FIRST_YEAR = 1970
_LAST_YEAR = _dt.datetime.fromtimestamp(MAX_EPOCH, _dt.timezone.utc).year


def _issue_date(meta: yamlio.Fields) -> str | None:
    """``date:``, a real day in the years an output can be stamped with (refused at its
    line here, not at the build, which could name the folder alone)."""
    date = meta.date("date")
    if date is not None and not _FIRST_YEAR <= int(date[:4]) <= _LAST_YEAR:
        raise meta.fail("date", f"the issue date {date} must lie between {_FIRST_YEAR} and "
                        f"{_LAST_YEAR} (it stamps every output, and ZIP cannot hold later years)")
    return date


def _source_grid(meta: yamlio.Fields) -> SourceGrid:
    """``source_grid:`` — the calibrated source grid (import records it; a person may set
    it by hand, without ``digest``, to override calibration)."""
    grid = meta.sub(meta.nodes["source_grid"], "source_grid")
    grid.require("chars_per_line", "lines_per_page")
    return SourceGrid(chars_per_line=grid.int("chars_per_line", minimum=MIN_GRID_CHARS,
                                              maximum=MAX_GRID),
                      lines_per_page=grid.int("lines_per_page", minimum=MIN_GRID_LINES,
                                              maximum=MAX_GRID),
                      capacity=grid.int("capacity", minimum=MIN_GRID_LINES, maximum=MAX_GRID),
                      digest=grid.str("digest"))


#: A source grid an A4 page of body text can hold: a hand-set 10 × 8 (type of 40 pt) took
#: lint half a minute, 4 × 2 three minutes (the page plan tries far more page ends)
MIN_GRID_CHARS, MIN_GRID_LINES, MAX_GRID = 15, 12, 80


def _inside(path: Path, real_root: Path) -> Path:
    """Refuse a file (or articles/ folder) that is a symbolic link to outside the corpus."""
    try:
        real = path.resolve()
    except (RuntimeError, OSError):         # Python 3.11 says RuntimeError, 3.13 OSError
        raise UserError("is a symbolic link loop: refused", path) from None
    if not real.is_relative_to(real_root):
        raise UserError(f"is a symbolic link to {real}, outside the corpus: refused", path)
    return path


def read_id(directory: str | Path) -> str | None:
    """The issue id alone (None if ``issue.yaml`` cannot give one: load() will say why)."""
    path = Path(directory) / ISSUE_FILE
    try:
        meta = yamlio.Fields(yamlio.compose(read_text(path), path), path)
        issue_id = meta.str("id")
    except UserError:
        return None
    return issue_id if issue_id and is_safe_issue_id(issue_id) else None


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """An article file's LF text → (front matter YAML, body, the body's first file line).

    The front matter lies between a first line ``---`` and the next line ``---``; the YAML
    starts on file line 2. A file without either line is refused, naming ``path``.
    """
    if not text.startswith("---\n"):
        raise UserError("missing YAML front matter (the file must start with '---')", path, 1)
    end = text.find("\n---\n", 4)
    if end < 0:
        raise UserError("front matter is not closed by a '---' line", path, 1)
    return text[4:end + 1], text[end + 5:], text[: end + 5].count("\n") + 1


def read_article_text(path: Path) -> str:
    """An article file's text with its line ends made LF (CRLF from Windows, a lone CR from
    an old Mac: Markdown reads both as line ends, so must the front matter's split)."""
    return read_text(path).replace("\r\n", "\n").replace("\r", "\n")


def load_article(path: Path) -> Article:
    text = read_article_text(path)
    front_text, body, body_start = split_front_matter(text, path)
    front = yamlio.Fields(yamlio.compose(front_text, path, first_line=2), path,
                          first_line=2, what="front matter")
    front.require("id", "title")
    art_id = front.str("id")
    if not _SAFE_ARTICLE_ID.fullmatch(art_id):
        raise front.fail("id", f"article id {art_id!r} must start with a letter and hold only "
                         "letters, digits, '-' or '_'")
    nul = text.find("\0", len(text) - len(body))
    if nul >= 0:                            # CommonMark would turn it into U+FFFD silently
        line = text.count("\n", 0, nul) + 1
        raise UserError(f"NUL character (U+0000) at column {nul - text.rfind(chr(10), 0, nul)}: "
                        "a corpus file cannot hold it; delete it", path, line)
    blocks = parse_body(body, str(path), body_start)
    breaks = _page_breaks(front.list("page_breaks"), blocks, path)
    return Article(
        id=art_id,
        title=printed_line(front, "title"),
        date=front.date("date"),
        source=printed_line(front, "source"),
        bylines=printed_lines(front, "bylines"),
        deck=printed_lines(front, "deck"),
        dateline=printed_line(front, "dateline"),
        page=front.int("page", minimum=1, maximum=MAX_PAGE),
        blocks=blocks,
        page_breaks=tuple(breaks),
        page_at=f"{path}:{front.line_of('page')}",
    )


def _page_breaks(nodes: list, blocks: tuple[Block, ...], path: Path) -> list[PageBreak]:
    """``page_breaks`` in reading order, each place once: the k-th entry opens the k-th
    page after the article's first, so an entry out of order or repeated is a slip (100,000
    copies of one entry took lint 49 s)."""
    out: list[PageBreak] = []
    for node in nodes:
        pb = _page_break(node, blocks, path)
        if out and (pb.block, pb.offset) <= (out[-1].block, out[-1].offset):
            raise UserError(f"page_breaks entry [{pb.block}, {pb.offset}] does not come after "
                            f"the entry before it, [{out[-1].block}, {out[-1].offset}]: entries "
                            "list the page ends in reading order, each once", path,
                            2 + node.start_mark.line)
        out.append(pb)
    return out


def _page_break(node, blocks: tuple[Block, ...], path: Path) -> PageBreak:
    """One ``[block, offset]`` of ``page_breaks``, inside the body: one pointing past it was
    taken silently and later blamed on another article's 目录 line."""
    line = 2 + node.start_mark.line
    if not (isinstance(node, SequenceNode) and len(node.value) == 2):
        raise UserError("page_breaks entries must be [block, offset] pairs", path, line)
    block, offset = (yamlio.whole_number(n, "a page_breaks number", path, 2)
                     for n in node.value)
    if block >= len(blocks):
        raise UserError(f"page_breaks entry [{block}, {offset}]: there is no block {block}, "
                        f"the body has {len(blocks)} (counted from 0)", path, line)
    size = len(blocks[block].body_text)
    if offset > size:
        raise UserError(f"page_breaks entry [{block}, {offset}]: block {block} has "
                        f"{size} characters of text, the offset counts them (0 to {size})",
                        path, line)
    return PageBreak(block=block, offset=offset)


@dataclass(frozen=True)
class Place:
    """Where an article lives on disk: its file, the line of each front-matter key and the
    line each block starts on (for pointing an editor at what to edit)."""
    path: Path
    keys: dict[str, int]
    blocks: tuple[int, ...]

    def line_of(self, block: int | None = None, key: str | None = None) -> int:
        if block is not None and 0 <= block < len(self.blocks):
            return self.blocks[block]
        return self.keys.get(key or "title", self.keys.get("title", 1))


def places(directory: str | Path) -> tuple[dict[str, Place], dict[str, int]]:
    """(article id → its Place, issue.yaml key → line; ``toc.N`` for the N-th 目录 entry) for
    a corpus that loads; whatever cannot be read is left out, never an error."""
    root = Path(directory)
    arts: dict[str, Place] = {}
    issue_lines: dict[str, int] = {}
    try:
        meta = yamlio.compose(read_text(root / ISSUE_FILE), root / ISSUE_FILE)
        names = []
        for key, value in meta.value:
            issue_lines[key.value] = key.start_mark.line + 1
            if key.value == "toc" and isinstance(value, SequenceNode):
                for n, item in enumerate(value.value):
                    issue_lines[f"toc.{n}"] = item.start_mark.line + 1
            if key.value == "articles" and isinstance(value, SequenceNode):
                names = [str(item.value) for item in value.value]
    except (UserError, AttributeError, TypeError):
        return arts, issue_lines
    for name in names:
        path = root / ARTICLES_DIR / name
        try:
            text = read_article_text(path)
            end = text.find("\n---\n", 4)
            front = yamlio.compose(text[4:end + 1], path, first_line=2)
            keys = {k.value: 2 + k.start_mark.line for k, _ in front.value}
            art_id = next(v.value for k, v in front.value if k.value == "id")
            first = text[: end + 5].count("\n") + 1
            arts[str(art_id)] = Place(path, keys, tuple(block_lines(text[end + 5:], first)))
        except (UserError, AttributeError, TypeError, StopIteration, OSError):
            continue
    return arts, issue_lines


def _toc_entry(entry: yamlio.Fields) -> TocEntry:
    entry.require("title")
    if "page" not in entry.nodes:       # a 目录 of titles alone: say what toc is for
        raise UserError("a toc line needs its page: toc is the source page list, "
                        "{title, page} as the printed 目录 has them; an issue without one "
                        "has 'toc: []' (publish check then reads a PDF's own 目录)",
                        entry.path, entry.line)
    entry.require("page")
    return TocEntry(title=printed_line(entry, "title"),
                    page=entry.int("page", minimum=1, maximum=MAX_PAGE),
                    page_at=f"{entry.path}:{entry.line_of('page')}")


# ----------------------------------------------------------------------------- saving

def _yaml(data: Any) -> str:
    return yamlio.dump(data)


def article_filename(index: int, article: Article) -> str:
    return f"{index:02d}-{article.id}.md"


def front_matter(article: Article) -> dict[str, Any]:
    """The front-matter keys the corpus owns, as plain YAML values (empty ones left out)."""
    front: dict[str, Any] = {}
    for key in ARTICLE_KEYS:
        value = getattr(article, key)
        if key == "page_breaks":
            value = [[pb.block, pb.offset] for pb in value]
        elif isinstance(value, tuple):
            value = list(value)
        if value in (None, [], ""):
            continue
        front[key] = value
    return front


def format_article(article: Article) -> str:
    return f"---\n{_yaml(front_matter(article))}---\n\n{format_body(article.blocks)}"


def save(issue: Issue, directory: str | Path) -> list[Path]:
    """Write the corpus; returns the files written. Stale article files are removed."""
    root = Path(directory)
    art_dir = root / ARTICLES_DIR
    art_dir.mkdir(parents=True, exist_ok=True)
    names = [article_filename(i, a) for i, a in enumerate(issue.articles, 1)]
    meta: dict[str, Any] = {}
    for key in _ISSUE_KEYS:
        value = getattr(issue, key)
        if value not in (None, ""):
            meta[key] = value
    meta["toc"] = [{"title": e.title, "page": e.page} for e in issue.toc]
    meta["articles"] = names
    if issue.source_grid is not None:
        meta["source_grid"] = {k: v for k, v in model_dict(issue.source_grid).items()
                               if v is not None}
    written = [root / ISSUE_FILE]
    write_text_atomic(root / ISSUE_FILE, _yaml(meta))
    for name, art in zip(names, issue.articles):
        write_text_atomic(art_dir / name, format_article(art))
        written.append(art_dir / name)
    for stale in art_dir.glob("*.md"):
        if stale.name not in names:
            stale.unlink()
    return written
