"""YAML in and out of the corpus, with the schema's types and bounded work for any input.

Reading never lets YAML guess a type: every value is read from the parsed node, so
``id: 2024-02-03`` is the text "2024-02-03", ``title: 2024`` the text "2024" and
``source: no`` the text "no". Integers and dates are checked where the schema wants them.
Anchors and aliases (the "billion laughs" bomb) and non-core tags are refused before any
value is built, so hostile files cost time linear in their size; so are a document over
1,000,000 characters and nesting over 64 levels, before the parser sees them (libyaml
recurses once a level, and its scanner looks at every open flow level for every token: 100,000
``[`` crashed the process, 100,000 ``- `` on one line too).

Writing quotes every string that a YAML 1.1 or 1.2 reader would take for something else,
so any reader gets the same text back. :func:`load_roundtrip` / :func:`dump_roundtrip`
keep comments and key order for code that edits a file a person also edits.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.representer import SafeRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from ..errors import UserError

_TAG = "tag:yaml.org,2002:"
_CORE_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq",
                                 "map", "merge")}
MAX_INT = 10**9                                 # no page, block or offset is larger
MAX_YAML_CHARS = 1_000_000          # issue.yaml holds a few thousand, front matter fewer
MAX_DEPTH = 64                      # the schema nests 3 deep (toc → entry → page)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")          # fullmatch: no trailing newline
# what YAML (and XML) cannot hold; the parser's own offset counts bytes, not characters
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                            "\U00010000-\U0010ffff]")
_BOOL_11 = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
                      r"|on|On|ON|off|Off|OFF)$")


# ------------------------------------------------------------------------------ reading

# libyaml's parser (ruamel.yaml.clib) when installed, else the pure-Python one: nodes only
_READER = YAML(typ="safe")


def compose(text: str, path: str | Path, first_line: int = 1) -> Node | None:
    """Parse one YAML document into nodes; refuse aliases and foreign tags (with the line)."""
    if len(text) > MAX_YAML_CHARS:
        raise UserError(f"{len(text):,} characters of YAML: a corpus file's YAML is at most "
                        f"{MAX_YAML_CHARS:,}", path, first_line)
    deep = _too_deep(text)
    if deep is not None:
        raise UserError(f"YAML nested more than {MAX_DEPTH} levels deep (a corpus file needs 3)",
                        path, first_line + text.count("\n", 0, deep))
    try:
        root = _READER.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        raise UserError(f"invalid YAML: {exc.problem or exc.context}", path, line) from None
    except ReaderError:
        bad = _NON_PRINTABLE.search(text)
        at = bad.start() if bad else 0
        line = first_line + text[:at].count("\n")
        what = f"control character U+{ord(bad.group()):04X}" if bad else "a character"
        raise UserError(f"{what} is not allowed (XML cannot hold it; delete it)",
                        path, line) from None
    except YAMLError as exc:
        raise UserError(f"invalid YAML: {_first_line(exc)}", path) from None
    if root is not None:
        _check_nodes(root, path, first_line)
    return root


_FLOW_MARK = re.compile(r"""[\[\]{}'"]""")
_BRACKET = re.compile(r"[\[\]{}]")
_DOUBLE_QUOTED_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BLOCK_INDICATOR = re.compile(r"(?:^|[ \t])[-?:](?=[ \t]|$)")


def _too_deep(text: str) -> int | None:
    """Where the nesting may pass MAX_DEPTH, from the text alone in one pass (None: it cannot).

    An over-estimate, never an under-estimate. What may be quoted text (from a quote to the
    next) is counted as if it were not, except that it never lowers the depth after it: a
    ``]`` quoted cannot hide the ``[`` that follows it. A block level lies right of its
    parent (``key:`` and its ``- `` list may share a column: two levels to a column counted)
    or after an indicator on the same line (``- - - x``); a line indented far right of the
    one above it (a scalar's continuation) opens one column, not as many as its spaces.
    """
    depth, pos = 0, 0
    while (m := _FLOW_MARK.search(text, pos)) is not None:
        mark, pos = m.group(), m.end()
        if mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return m.start()
        elif mark in "]}":
            depth = max(depth - 1, 0)
        else:
            if mark == "'":
                end = text.find("'", pos)
                end = len(text) if end < 0 else end + 1
            else:
                rest = _DOUBLE_QUOTED_REST.match(text, pos)
                end = rest.end() if rest else len(text)
            inner = 0
            for b in _BRACKET.finditer(text, pos, end):
                inner += 1 if b.group() in "[{" else -1
                if depth + inner > MAX_DEPTH:
                    return b.start()
            depth += max(inner, 0)
            pos = end
    at = 0
    opened: list[int] = []          # the columns of the block levels open at this line
    for line in text.split("\n"):
        body = line.lstrip(" ")
        if body and not body.startswith("#"):
            indent = len(line) - len(body)
            while opened and opened[-1] >= indent:
                opened.pop()
            opened.append(indent)
            if 2 * len(opened) + len(_BLOCK_INDICATOR.findall(line)) > MAX_DEPTH:
                return at
        at += len(line) + 1
    return None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or ["unreadable"])[0]


def _check_nodes(root: Node, path: str | Path, first_line: int) -> None:
    """An alias is a node met twice; refusing it keeps every later walk linear."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        line = first_line + node.start_mark.line
        if id(node) in seen:
            raise UserError("YAML anchors and aliases are not allowed in a corpus file", path, line)
        seen.add(id(node))
        tag = str(node.tag)
        if tag not in _CORE_TAGS:
            raise UserError(f"YAML tag {tag!r} is not allowed in a corpus file", path, line)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, ScalarNode) and "\0" in node.value:
            # written as an escape ("\0", "\x00", "\u0000"): the reader let it through. Other
            # control characters written so are kept and are lint's control-character error
            raise UserError("NUL character (U+0000, written as an escape) is not allowed in "
                            "a corpus file; delete it", path, line)


class Fields:
    """A YAML mapping read by the schema: each accessor names the file and line on error."""

    def __init__(self, node: Node | None, path: str | Path, first_line: int = 1,
                 what: str = "file"):
        self.path = path
        self.first_line = first_line
        if not isinstance(node, MappingNode):
            line = self._line(node) if node is not None else first_line
            raise UserError(f"the {what} must be a YAML mapping (key: value lines)", path, line)
        self.line = self._line(node)
        self.nodes: dict[str, Node] = {}
        self.key_lines: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise UserError("a mapping key must be plain text", path, self._line(key))
            if key.value in self.nodes:
                raise UserError(f"duplicate key {key.value!r}", path, self._line(key))
            self.nodes[key.value] = value
            self.key_lines[key.value] = self._line(key)

    def _line(self, node: Node) -> int:
        return self.first_line + node.start_mark.line

    def keys(self) -> list[str]:
        return list(self.nodes)

    def has(self, key: str) -> bool:
        return key in self.nodes and not _is_null(self.nodes[key])

    def line_of(self, key: str) -> int:
        return self._line(self.nodes[key]) if key in self.nodes else self.line

    def fail(self, key: str, message: str) -> UserError:
        return UserError(message, self.path, self.line_of(key))

    def require(self, *keys: str) -> None:
        for key in keys:
            node = self.nodes.get(key)
            if key not in self.nodes:
                raise UserError(f"missing required key {key!r}", self.path, self.line)
            if not self.has(key) or node.value == "":
                raise UserError(f"required key {key!r} is empty: give it a value", self.path,
                                self.key_lines[key])

    def str(self, key: str) -> str | None:
        """Text exactly as written (``2024`` is "2024"); None when absent or null."""
        if not self.has(key):
            return None
        return scalar_text(self.nodes[key], f"{key!r}", self.path, self.first_line)

    def int(self, key: str, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
        if not self.has(key):
            return None
        return whole_number(self.nodes[key], f"{key!r}", self.path, self.first_line,
                            minimum, maximum)

    def date(self, key: str) -> str | None:
        """An ISO date ``YYYY-MM-DD`` (quoted or not), checked to be a real day."""
        text = self.str(key)
        if text is None:
            return None
        if not is_iso_date(text):
            raise self.fail(key, f"{key!r} must be an ISO date YYYY-MM-DD, got {text!r}")
        return text

    def str_list(self, key: str) -> tuple[str, ...]:
        return tuple(scalar_text(n, f"an entry of {key!r}", self.path, self.first_line)
                     for n in self.list(key))

    def list(self, key: str) -> list[Node]:
        if not self.has(key):
            return []
        node = self.nodes[key]
        if not isinstance(node, SequenceNode):
            raise self.fail(key, f"{key!r} must be a list")
        return list(node.value)

    def sub(self, node: Node, what: str) -> "Fields":
        return Fields(node, self.path, self.first_line, what)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and str(node.tag) == _TAG + "null"


def scalar_text(node: Node, what: str, path: str | Path, first_line: int = 1) -> str:
    if not isinstance(node, ScalarNode) or _is_null(node):
        kind = {MappingNode: "a mapping", SequenceNode: "a list"}.get(type(node), "empty")
        raise UserError(f"{what} must be text, not {kind}", path,
                        first_line + node.start_mark.line)
    return node.value


def whole_number(node: Node, what: str, path: str | Path, first_line: int = 1,
                 minimum: int = 0, maximum: int = MAX_INT) -> int:
    line = first_line + node.start_mark.line
    if not (isinstance(node, ScalarNode) and str(node.tag) == _TAG + "int"
            and re.fullmatch(r"[-+]?[0-9]{1,12}", node.value)):
        shown = node.value if isinstance(node, ScalarNode) else "a list or mapping"
        raise UserError(f"{what} must be a whole number, got {shown!r}", path, line)
    value = int(node.value)
    if not minimum <= value <= maximum:
        raise UserError(f"{what} must be between {minimum} and {maximum}, got {value}", path, line)
    return value


def is_iso_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------ writing

_RESOLVER_11 = VersionedResolver(version=(1, 1))


def _needs_quotes(value: str) -> bool:
    """True if a YAML 1.1 reader (PyYAML) would read ``value`` unquoted as a non-string."""
    if _BOOL_11.match(value):
        return True
    tag = _RESOLVER_11.resolve(ScalarNode, value, (True, False))
    return str(tag) != _TAG + "str"


class _Representer(SafeRepresenter):
    def represent_str(self, data: str):
        style = "'" if _needs_quotes(data) else None
        return self.represent_scalar(_TAG + "str", data, style=style)


_Representer.add_representer(str, _Representer.represent_str)


def _plain_writer() -> YAML:
    """Block style, keys in the order given; libyaml's emitter when installed."""
    yaml = YAML(typ="safe")
    yaml.Representer = _Representer
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    yaml.allow_unicode = True
    yaml.width = 4096
    return yaml


# (mapping, sequence, offset): ours (- at the key's column), then other common layouts
ROUNDTRIP_INDENTS = ((2, 2, 0), (2, 4, 2), (4, 4, 2), (4, 4, 0), (4, 6, 2))


def _roundtrip_writer(indent: tuple[int, int, int] = ROUNDTRIP_INDENTS[0]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.allow_unicode = True
    return yaml


_PLAIN = _plain_writer()


def dump(data: Any) -> str:
    """Plain dicts, lists, str and int → block YAML; strings quoted where a reader would guess."""
    out = io.StringIO()
    _PLAIN.dump(data, out)
    return out.getvalue()


def load_roundtrip(text: str, path: str | Path, first_line: int = 1) -> Any:
    """Comment- and order-keeping data for editing (after the same checks as :func:`compose`)."""
    compose(text, path, first_line)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True          # an untouched value is written back as it was
    return yaml.load(text)


def roundtrip_value(value: Any) -> Any:
    """A new value for data from :func:`load_roundtrip`, its strings quoted where a reader
    would guess (``title: yes`` is a boolean to a YAML 1.1 reader), as :func:`dump` quotes
    them; the round-trip writer quotes only what YAML 1.2 would misread."""
    if isinstance(value, str) and _needs_quotes(value):
        return SingleQuotedScalarString(value)
    if isinstance(value, (list, tuple)):
        return [roundtrip_value(item) for item in value]
    return value


def dump_roundtrip(data: Any, indent: tuple[int, int, int] = ROUNDTRIP_INDENTS[0]) -> str:
    """Write data from :func:`load_roundtrip` back, keeping its comments and key order."""
    out = io.StringIO()
    _roundtrip_writer(indent).dump(data, out)
    return out.getvalue()


def roundtrip_indent(data: Any, text: str) -> tuple[int, int, int]:
    """The layout of :data:`ROUNDTRIP_INDENTS` that writes ``data`` back closest to
    ``text``, the file it was loaded from (a file indented its own way is written its way)."""
    lines = text.splitlines()

    def differing(indent: tuple[int, int, int]) -> int:
        written = dump_roundtrip(data, indent).splitlines()
        same = difflib.SequenceMatcher(a=lines, b=written, autojunk=False)
        return len(lines) + len(written) - 2 * sum(b.size for b in same.get_matching_blocks())
    return min(ROUNDTRIP_INDENTS, key=differing)


def reorder_roundtrip(seq: Any, order: list) -> None:
    """Put the items of a list from :func:`load_roundtrip` in ``order``, each with its own
    end-of-line comment (``- 02-b.md  # 待定``); comment lines and blank lines under an item
    stay where they were (ruamel.yaml keeps them in the comment of the item above, and a
    slice assignment drops every comment)."""
    own: dict[Any, str] = {}
    under: dict[int, str] = {}
    marks: dict[int, Any] = {}
    for i, item in enumerate(seq):
        token = (seq.ca.items.get(i) or [None])[0]
        if token is None:
            continue
        first, _, rest = token.value.partition("\n")
        if first.strip():
            own[item] = first
        under[i], marks[i] = rest, token.start_mark
    mark = next(iter(marks.values()), None)
    seq[:] = order
    seq.ca.items.clear()
    for i, item in enumerate(order):
        line = own.get(item, "") + "\n" if item in own or under.get(i) else ""
        value = line + under.get(i, "")
        if value:
            seq.ca.items[i] = [CommentToken(value, marks.get(i, mark), None), None, None, None]


def same_data(one: str, other: str) -> bool:
    """Do two YAML texts hold the same data (comments and layout aside)?"""
    try:
        return _READER.load(one) == _READER.load(other)
    except YAMLError:
        return False

