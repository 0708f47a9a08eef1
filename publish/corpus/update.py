"""Apply an edited model to a corpus on disk, writing only the files whose content changes.

``import-docx`` owns the article fields of the model and the order of ``issue.yaml``'s
``articles`` list, nothing else. So a file is rewritten only when its text really changes,
and then only the part that changed: the YAML front matter is edited in place with
ruamel.yaml's round trip (every key, comment and order it does not own is kept; a key it
owns is touched only when its value changed), the Markdown body is written only when the
blocks changed, and then only in the lines the edit changes (:func:`edited_body`). File
names never change (a reorder changes the list in ``issue.yaml``, not the ``NN-``
prefixes) and no file is deleted.

Every new text is written to a temporary file beside its target first; only when all are
written are they renamed into place, so a full disk leaves the corpus as it was.
"""
from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .. import corpus
from . import yamlio
from .dialect import format_body, parse_body
from ..errors import UserError, read_bytes
from ..model import Article, Block, Issue


@dataclass(frozen=True)
class Change:
    """One file to write: its path relative to the corpus, the text before and after."""
    name: str
    before: str
    after: str


def plan(root: str | Path, old: Issue, new: Issue) -> list[Change]:
    """The files that ``new`` changes with respect to ``old`` (loaded from ``root``)."""
    root = Path(root)
    issue_path = root / corpus.ISSUE_FILE
    issue_text = _read(issue_path)
    meta = _load(issue_text.text, issue_path)
    names = list(meta["articles"])
    files = dict(zip((a.id for a in old.articles), names))
    changes = []
    by_id = {a.id: a for a in old.articles}
    for art in new.articles:
        before = by_id[art.id]
        if art == before:
            continue
        path = root / corpus.ARTICLES_DIR / files[art.id]
        text = _read(path)
        after = text.restore(update_article(text.text, before, art, path))
        if after != text.raw:
            changes.append(Change(f"{corpus.ARTICLES_DIR}/{files[art.id]}", text.raw, after))
    order = [files[a.id] for a in new.articles]
    if order != names:
        def reorder(data) -> None:
            yamlio.reorder_roundtrip(data["articles"], order)
        after = issue_text.restore(_rewritten(issue_text.text, meta, reorder))
        changes.insert(0, Change(corpus.ISSUE_FILE, issue_text.raw, after))
    return changes


def update_article(text: str, old: Article, new: Article, path: Path) -> str:
    """The article file ``text`` (of ``old``) edited to hold ``new``."""
    front_text, body, _ = corpus.split_front_matter(text, path)
    was, now = corpus.front_matter(old), corpus.front_matter(new)
    if was != now:
        front = _load(front_text, path, 2)
        front_text = _rewritten(front_text, front, lambda data: _edit_front(data, was, now))
    if new.blocks != old.blocks:
        body = edited_body(body, old.blocks, new.blocks)
    return f"---\n{front_text}---\n{body}"


def edited_body(body: str, old: tuple[Block, ...], new: tuple[Block, ...]) -> str:
    """The Markdown body holding ``new`` instead of ``old``.

    A body as the writer writes it is written again. One formatted by hand (a paragraph
    wrapped over lines, a note defined under its paragraph, a blank line more) gets only the
    lines the edit changes, where the writer's lines stand in it, so the rest stays as it
    was written; when those lines cannot be placed, or the result would read otherwise than
    ``new``, the body is written again whole.
    """
    before, after = "\n" + format_body(old), "\n" + format_body(new)
    if body == before:
        return after
    patched = _patched(body, before, after)
    if patched is not None and _reads_as(patched, new):
        return patched
    return after


def _patched(text: str, before: str, after: str) -> str | None:
    """``text`` with the line edits that turn ``before`` into ``after``, each made where
    the lines it touches stand in ``text``; None when one of them is not there as such."""
    lines, old, new = text.split("\n"), before.split("\n"), after.split("\n")
    where = _line_places(old, lines)
    out: list[str] = []
    done = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False
                                                       ).get_opcodes():
        if tag == "equal":
            continue
        start = where.get(i1) if i1 < i2 else _insertion_point(where, i1)
        if start is None or start < done or any(where.get(i) != start + i - i1
                                                for i in range(i1, i2)):
            return None
        out += lines[done:start] + new[j1:j2]
        done = start + i2 - i1
    return "\n".join(out + lines[done:])


def _line_places(old: list[str], lines: list[str]) -> dict[int, int]:
    """Where each line of ``old`` stands unchanged in ``lines`` (in order)."""
    places = {}
    for block in difflib.SequenceMatcher(a=old, b=lines, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            places[block.a + k] = block.b + k
    return places


def _insertion_point(where: dict[int, int], i: int) -> int | None:
    """Where lines inserted before line ``i`` of the writer's body go in the hand-made one."""
    if i in where:
        return where[i]
    if i - 1 in where:
        return where[i - 1] + 1
    return None


def _reads_as(body: str, blocks: tuple[Block, ...]) -> bool:
    try:
        return parse_body(body) == blocks
    except UserError:
        return False


def _edit_front(front, was: dict[str, Any], now: dict[str, Any]) -> None:
    """The owned keys whose value changed, set (or removed, or added in the usual order)."""
    for key in corpus.ARTICLE_KEYS:
        if was.get(key) == now.get(key):
            continue
        if key not in now:
            front.pop(key, None)
        elif key in front:
            _set_owned(front, key, now[key])
        else:
            front.insert(_position(front, key), key, yamlio.roundtrip_value(now[key]))


def _rewritten(text: str, data: Any, edit: Callable[[Any], None]) -> str:
    """``text``, the YAML ``data`` was loaded from, with ``edit(data)`` made: written in the
    file's own indentation, and only in the lines the edit changes where they stand in it
    (a file laid out by hand, a flow mapping over two lines, stays so around them)."""
    indent = yamlio.roundtrip_indent(data, text)
    before = yamlio.dump_roundtrip(data, indent)
    edit(data)
    after = yamlio.dump_roundtrip(data, indent)
    patched = _patched(text, before, after)
    return patched if patched is not None and yamlio.same_data(patched, after) else after


def _set_owned(front, key: str, value: Any) -> None:
    """Give an owned key its new value. A list (deck lines, bylines, page breaks) is edited
    in place: the items that stay keep their comments (``- 引题  # 原文如此``) and their
    style (``- [2, 138]``), and only the items that changed are written."""
    current = front[key]
    if isinstance(current, list) and isinstance(value, list):
        _edit_list(current, value)
    else:
        front[key] = yamlio.roundtrip_value(value)


def _edit_list(seq: list, new: list) -> None:
    """Make ``seq`` (from the YAML round trip) equal ``new`` by the fewest item edits; an
    item that is a list itself (a page break's ``[block, offset]``) is edited in place."""
    matcher = difflib.SequenceMatcher(a=[_hashable(x) for x in seq],
                                      b=[_hashable(x) for x in new], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        del seq[i1 + pairs:i2]
        for k, item in enumerate(new[j1 + pairs:j2]):
            seq.insert(i1 + pairs + k, yamlio.roundtrip_value(item))
        for k in range(pairs):
            if isinstance(seq[i1 + k], list) and isinstance(new[j1 + k], list):
                _edit_list(seq[i1 + k], new[j1 + k])
            else:
                seq[i1 + k] = yamlio.roundtrip_value(new[j1 + k])


def _hashable(item: Any) -> Any:
    return tuple(item) if isinstance(item, list) else item


def _position(front, key: str) -> int:
    """Where a new owned key goes: after the owned keys that precede it in the usual order."""
    earlier = set(corpus.ARTICLE_KEYS[: corpus.ARTICLE_KEYS.index(key)])
    keys = list(front)
    last = max((i for i, k in enumerate(keys) if k in earlier), default=-1)
    return last + 1


def write(root: str | Path, changes: list[Change]) -> None:
    """Write every change, all or nothing: temporary files first, then renames."""
    root = Path(root)
    temps: list[tuple[Path, Path]] = []
    try:
        for change in changes:
            target = root / change.name
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                       dir=target.parent)
            temps.append((Path(tmp), target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(change.after)
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            os.chmod(tmp, mode)
    except OSError as exc:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write the corpus ({exc.strerror}); nothing was changed",
                        root) from None
    for tmp, target in temps:
        os.replace(tmp, target)


# -------------------------------------------------------------------- text and YAML

@dataclass(frozen=True)
class _Text:
    """A file's text as loaded (LF, no BOM) and how to give it back its own bytes."""
    raw: str
    text: str
    bom: bool
    crlf: bool

    def restore(self, text: str) -> str:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + text


def _read(path: Path) -> _Text:
    try:
        raw = read_bytes(path).decode("utf-8")      # no pipe, device or 64 MB file
    except UnicodeDecodeError:
        raise UserError("not UTF-8 text", path) from None
    body = raw.removeprefix("\ufeff")
    return _Text(raw, body.replace("\r\n", "\n").replace("\r", "\n"), body != raw, "\r\n" in body)


def _load(text: str, path: Path, first_line: int = 1) -> Any:
    data = yamlio.load_roundtrip(text, path, first_line)
    if not hasattr(data, "insert"):
        raise UserError("expected a YAML mapping", path, first_line)
    return data

