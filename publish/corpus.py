"""The corpus on disk: ``issue.yaml`` plus one Markdown file per article.

    corpus/<id>/issue.yaml          metadata, ``toc`` (the source page list) and ``articles``
    corpus/<id>/articles/NN-*.md    YAML front matter + body in the dialect of dialect.py
    corpus/<id>/source/             the raw text the issue was imported from
    corpus/<id>/import-log.json     every repair the importer made

Loading, saving and loading again gives an identical model.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import yaml

from .dialect import format_body, parse_body
from .errors import UserError, read_text
from .fsutil import write_text_atomic
from .model import Article, Issue, PageBreak, TocEntry

ISSUE_FILE = "issue.yaml"
ARTICLES_DIR = "articles"
_ISSUE_KEYS = ("id", "title", "number", "institution", "institution_en", "publisher", "date",
               "language")
ARTICLE_KEYS = ("id", "title", "date", "source", "bylines", "deck", "dateline", "page",
                 "page_breaks")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.md$")
# ids become file names, URLs and PDF destinations: letters first, no path separators
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$")
_SAFE_ARTICLE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def is_safe_issue_id(issue_id: str) -> bool:
    return bool(_SAFE_ID.match(issue_id))


# ---------------------------------------------------------------------------- loading

def load(directory: str | Path) -> Issue:
    root = Path(directory)
    issue_path = root / ISSUE_FILE
    if not root.is_dir():
        raise UserError("no such corpus directory", root)
    meta = _yaml_mapping(issue_path)
    _require(meta, ("id", "toc", "articles"), issue_path)
    if not _SAFE_ID.match(str(meta["id"])):
        raise UserError(f"issue id {meta['id']!r} must be letters, digits, '-', '_' or '.' "
                        "(it names the output folder)", issue_path)
    toc = tuple(_toc_entry(e, issue_path) for e in _as_list(meta["toc"], "toc", issue_path))
    names = _as_list(meta["articles"], "articles", issue_path)
    articles = []
    seen: dict[str, str] = {}
    for name in names:
        if not isinstance(name, str) or not _SAFE_NAME.match(name):
            raise UserError(f"article entry {name!r} must be a plain file name ending in .md",
                            issue_path)
        art = load_article(root / ARTICLES_DIR / name)
        if art.id in seen:
            raise UserError(f"duplicate article id {art.id!r} (also in {seen[art.id]})",
                            root / ARTICLES_DIR / name)
        seen[art.id] = name
        articles.append(art)
    fields = {k: _scalar(meta.get(k)) for k in _ISSUE_KEYS if meta.get(k) is not None}
    return Issue(**fields, toc=toc, articles=tuple(articles))


def load_article(path: Path) -> Article:
    text = read_text(path).replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise UserError("missing YAML front matter (the file must start with '---')", path, 1)
    end = text.find("\n---\n", 4)
    if end < 0:
        raise UserError("front matter is not closed by a '---' line", path, 1)
    front = _parse_yaml(text[4:end + 1], path, first_line=2)
    if not isinstance(front, dict):
        raise UserError("front matter must be a mapping", path, 2)
    _require(front, ("id", "title"), path)
    if not _SAFE_ARTICLE_ID.match(str(front["id"])):
        raise UserError(f"article id {front['id']!r} must start with a letter and hold only "
                        "letters, digits, '-' or '_'", path, 2)
    body_start = text[: end + 5].count("\n") + 1
    blocks = parse_body(text[end + 5:], str(path), body_start)
    breaks = []
    for pb in front.get("page_breaks") or ():
        if not (isinstance(pb, list) and len(pb) == 2 and all(isinstance(x, int) for x in pb)):
            raise UserError("page_breaks entries must be [block, offset] pairs", path)
        breaks.append(PageBreak(block=pb[0], offset=pb[1]))
    for key in ("bylines", "deck"):
        if front.get(key) is not None and not isinstance(front[key], list):
            raise UserError(f"{key!r} must be a list", path)
    page = front.get("page")
    if page is not None and not isinstance(page, int):
        raise UserError("'page' must be a whole number", path)
    return Article(
        id=str(front["id"]),
        title=str(front["title"]),
        date=_scalar(front.get("date")),
        source=_scalar(front.get("source")),
        bylines=tuple(str(x) for x in front.get("bylines") or ()),
        deck=tuple(str(x) for x in front.get("deck") or ()),
        dateline=_scalar(front.get("dateline")),
        page=page,
        blocks=blocks,
        page_breaks=tuple(breaks),
    )


def _parse_yaml(text: str, path: Path, first_line: int = 1) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        raise UserError(f"invalid YAML: {exc.problem or exc.context}", path, line) from None
    except yaml.YAMLError as exc:
        raise UserError(f"invalid YAML: {exc}", path) from None


def _yaml_mapping(path: Path) -> dict:
    data = _parse_yaml(read_text(path), path)
    if not isinstance(data, dict):
        raise UserError("expected a YAML mapping", path, 1)
    return data


def _require(data: dict, keys: tuple[str, ...], path: Path) -> None:
    for key in keys:
        if data.get(key) in (None, ""):
            raise UserError(f"missing required key {key!r}", path)


def _as_list(value: Any, key: str, path: Path) -> list:
    if not isinstance(value, list):
        raise UserError(f"{key!r} must be a list", path)
    return value


def _toc_entry(entry: Any, path: Path) -> TocEntry:
    if not isinstance(entry, dict) or "title" not in entry or not isinstance(entry.get("page"), int):
        raise UserError(f"toc entry {entry!r} needs a title and a whole-number page", path)
    return TocEntry(title=str(entry["title"]), page=entry["page"])


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)


# ----------------------------------------------------------------------------- saving

class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_presenter)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


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
    written = [root / ISSUE_FILE]
    write_text_atomic(root / ISSUE_FILE, _yaml(meta))
    for name, art in zip(names, issue.articles):
        write_text_atomic(art_dir / name, format_article(art))
        written.append(art_dir / name)
    for stale in art_dir.glob("*.md"):
        if stale.name not in names:
            stale.unlink()
    return written
