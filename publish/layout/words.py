"""Where Chinese words begin, so display lines (titles) break between words, not inside one.

Chinese has no spaces; a title balanced by width alone can break "第三|次全体会议". jieba's
dictionary segmentation finds the word boundaries; the balancer then prefers them. Kept in
its own module so every edition (print, DOCX, EPUB) breaks its titles at the same places.
"""
from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import re
import sys
import time
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import cache, procpool

if TYPE_CHECKING:
    import jieba


@lru_cache(maxsize=1)
def _jieba():
    """jieba, imported when a title is first cut (with the cache on, cut titles come from it).

    jieba's ``_compat`` imports ``pkg_resources`` (deprecated, ~80 ms of every build) only to
    open the files it ships, and opens them by path when that import fails; so the import is
    made to fail for jieba alone, unless something has already loaded it."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None     # type: ignore[assignment]  # ImportError
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)      # it logs its dictionary loading at INFO
    return jieba


@lru_cache(maxsize=1)
def _code_key() -> str:
    """This module, all it imports and jieba's version: read once per process."""
    return cache.code_key(__name__)


@lru_cache(maxsize=8192)
def word_breaks(text: str) -> dict[int, int]:
    """Offset of every word boundary inside ``text`` → the length of the shorter word beside
    it (a break next to a one-character word such as 在 or 一 reads worse): the cuts of
    :func:`tagged_words`, so a text is cut once for both."""
    return _boundaries([w for w, _ in tagged_words(text)])


KIND = "tagged-words"


@lru_cache(maxsize=8192)
def tagged_words(text: str) -> tuple[tuple[str, str | None], ...]:
    """``text`` cut into jieba's words, each with its part of speech from jieba's dictionary
    (``n``, ``v``, ``p`` …; None for a word the dictionary does not list, such as a name
    jieba's HMM found).

    Kept in the cache too: loading jieba's dictionary costs a second, more than a rebuild
    after a one-paragraph edit spends on everything else it composes."""
    key = cache.fingerprint([_code_key(), "tagged", text], []) if cache.folder() else None
    raw = cache.load(KIND, key) if key else None
    if raw is not None:
        try:
            return tuple((str(w), None if t is None else str(t)) for w, t in json.loads(raw))
        except (ValueError, TypeError):
            pass
    out = _cut(text)
    if key:
        cache.store(KIND, key, json.dumps(out).encode())
    return out


def _cut(text: str) -> tuple[tuple[str, str | None], ...]:
    tok = _tokenizer()
    tag = getattr(tok.FREQ, "tag", lambda word: None)
    return _numbers_joined(tuple((w, tag(w)) for w in tok.cut(text, HMM=True) if w))


#: Characters of a number written in Chinese figures (二〇二四, 三十一), and the units that end
#: a date's part (年, 月, 日, 号).
CHINESE_FIGURES = frozenset("〇零一二三四五六七八九十百千万亿两")
#: a date's units, by their order in a date (年 before 月 before 日)
_DATE_RANK = {"年": 0, "月": 1, "日": 2, "号": 2}
DATE_UNITS = tuple(_DATE_RANK)


def _figures(word: str) -> bool:
    """Is ``word`` Chinese figures, perhaps ending in a date's unit (二, 〇, 四年)?"""
    body = word[:-1] if word.endswith(DATE_UNITS) else word
    return bool(body) and all(ch in CHINESE_FIGURES for ch in body)


def _numbers_joined(words: tuple[tuple[str, str | None], ...]
                    ) -> tuple[tuple[str, str | None], ...]:
    """jieba cuts a number in Chinese figures into its characters (二|〇|二|四年), and a date
    into its numbers and units (2023|年|3|月|13|日): such a number is one word up to the
    date unit that ends it, and a date's parts in order (年, 月, 日) one word, a time
    (``t``) — a title, a note or a 目录 line never breaks inside 二〇二四年 or 2023年3月13日,
    and 日 is no one-character word beside the break after it."""
    out: list[tuple[str, str | None]] = []
    for word, tag in words:
        if out and _figures(word) and _figures(out[-1][0]) \
                and not out[-1][0].endswith(DATE_UNITS):
            out[-1] = (out[-1][0] + word, "m")
        elif out and out[-1][0].isdecimal() and word[:1].isdecimal():   # ２|０|２|４年…
            out[-1] = (out[-1][0] + word, "t" if word[-1] in DATE_UNITS else out[-1][1])
        elif out and word in DATE_UNITS and out[-1][0].isdecimal():     # 2024, ２０２４
            out[-1] = (out[-1][0] + word, "m")
        else:
            out.append((word, tag))
    dated: list[tuple[str, str | None]] = []
    for word, tag in out:
        rank = _date_rank(word)
        if dated and rank is not None and (last := _date_rank(dated[-1][0], tail=True)) \
                is not None and rank > last:
            dated[-1] = (dated[-1][0] + word, "t")
        else:
            dated.append((word, tag))
    return tuple(dated)


def _date_rank(word: str, tail: bool = False) -> int | None:
    """The rank of the date unit a number ends in (年 0, 月 1, 日 2), None when ``word`` is no
    number and unit; with ``tail``, of a date's last part (2023年3月 → 1)."""
    if not word or word[-1] not in _DATE_RANK:
        return None
    body = re.split("[年月日号]", word[:-1])[-1] if tail else word[:-1]
    if body and (body.isdecimal() or all(ch in CHINESE_FIGURES for ch in body)):
        return _DATE_RANK[word[-1]]
    return None


def _segment(text: str) -> dict[int, int]:
    """:func:`word_breaks` without the caches."""
    return _boundaries([w for w, _ in _cut(text)])


def _boundaries(tokens: list[str]) -> dict[int, int]:
    out: dict[int, int] = {}
    pos = 0
    for left, right in zip(tokens, tokens[1:]):
        pos += len(left)
        out[pos] = min(len(left.strip()) or 9, len(right.strip()) or 9)
    return out


# jieba's dictionary index, kept beside jieba's own cache (the system's temporary folder, also
# in a pool's worker, whose own temporary folder goes with the pool: there the index was made
# again in every worker, jieba's whole dictionary loaded, 80 MB and a second each):
# jieba loads its 500,000-entry prefix dictionary (0.6 s, in every process that cuts a title,
# the cache on or off); a cut needs only a few hundred look-ups, which a sorted table answers
# from a file read in a few milliseconds. The cuts are jieba's own: its tokenizer runs on a
# dictionary object that answers exactly as its dict would.
INDEX_VERSION = b"publish-jieba-index-2\n"


class _SortedFreq:
    """jieba's prefix dictionary (word → frequency, 0 for a mere prefix) as sorted UTF-8 keys
    and their frequencies: ``in``, ``[]`` and ``get`` by binary search. The tables are views
    of the index file mapped into memory: a process holds only the pages its look-ups touch
    (a few hundred kB for an issue's titles, not the file's 12 MB), and every process reading
    the file shares them."""

    def __init__(self, blob, offsets, freqs, tag_ids=None, tag_names: tuple[str, ...] = ()):
        self.offsets, self.freqs = offsets, freqs
        self.tag_ids, self.tag_names = tag_ids, tag_names
        self.keys = _Keys(blob, offsets)
        # jieba asks ``in`` and then ``[]`` of each fragment, and titles share fragments:
        # each is searched once (a few thousand words an issue)
        self._found: dict[str, int] = {}

    def _find(self, word: str) -> int:
        i = self._found.get(word)
        if i is None:
            key = word.encode("utf-8")
            i = bisect_left(self.keys, key)
            i = i if i < len(self.keys) and self.keys[i] == key else -1
            self._found[word] = i
        return i

    def __contains__(self, word: str) -> bool:
        return self._find(word) >= 0

    def __getitem__(self, word: str) -> int:
        i = self._find(word)
        if i < 0:
            raise KeyError(word)
        return self.freqs[i]

    def get(self, word: str, default=None):
        i = self._find(word)
        return self.freqs[i] if i >= 0 else default

    def tag(self, word: str) -> str | None:
        """The word's part of speech in jieba's dictionary (``n``, ``v``, ``p`` …), None for
        a word it does not list."""
        i = self._find(word)
        if i < 0 or self.tag_ids is None or not self.freqs[i]:
            return None
        k = self.tag_ids[i]          # checked here, not all 500,000 when the file is read
        return (self.tag_names[k] or None) if k < len(self.tag_names) else None


class _Keys:
    def __init__(self, blob, offsets):
        self.blob, self.offsets = blob, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> bytes:
        return bytes(self.blob[self.offsets[i]:self.offsets[i + 1]])


INDEX_GLOB = "publish-jieba-*.index"


@lru_cache(maxsize=1)
def _index_path() -> Path:
    """Named by jieba's version, its dictionary's content and the index format: every
    install of one jieba shares one index (named by the file's time, each new virtual
    environment, as every CI run makes, left another 12 MB in the temporary folder)."""
    jieba = _jieba()
    digest = hashlib.blake2b(Path(jieba.__file__).with_name("dict.txt").read_bytes(),
                             digest_size=8).hexdigest()
    return Path(procpool.system_tempdir()) / (
        f"publish-jieba-{jieba.__version__}-{digest}"
        f"-{INDEX_VERSION.decode().strip().rsplit('-', 1)[-1]}.index")


#: An index of another jieba or format not written for this long is gone when one is made.
STALE_INDEX_SECONDS = 3600


def _remove_stale_indexes(keep: Path) -> None:
    """Indexes of other jieba versions, dictionaries or formats, not written for an hour (a
    read does not count: one another install is using may go, and is made again there)."""
    now = time.time()
    for other in keep.parent.glob(INDEX_GLOB):
        try:
            if other != keep and now - other.stat().st_mtime > STALE_INDEX_SECONDS:
                other.unlink()
        except OSError:            # another user's, or gone meanwhile
            pass


def _read_index(path: Path) -> tuple[_SortedFreq, int] | None:
    try:
        with path.open("rb") as fh:
            if hasattr(os, "getuid") and os.fstat(fh.fileno()).st_uid != os.getuid():
                return None     # its name is known to every user of a shared /tmp: one
                                # placed there by another would cut this user's titles
            data = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):        # missing, unreadable, or empty
        return None
    head = len(INDEX_VERSION)
    if data[:head] != INDEX_VERSION or len(data) < head + 32:
        return None
    count, total, blob_len, names_len = (
        int.from_bytes(data[head + 8 * k:head + 8 * k + 8], "little") for k in range(4))
    at = head + 32
    if at + 8 * (2 * count + 1) + count + names_len + blob_len != len(data):
        return None
    offsets = data[at:at + 8 * (count + 1)].cast("q")
    at += 8 * (count + 1)
    freqs = data[at:at + 8 * count].cast("q")
    at += 8 * count
    tag_ids = data[at:at + count]
    at += count
    try:
        names = tuple(bytes(data[at:at + names_len]).decode("ascii").split(","))
    except UnicodeDecodeError:
        return None
    at += names_len
    if offsets[0] != 0 or offsets[-1] != blob_len:
        return None
    return _SortedFreq(data[at:], offsets, freqs, tag_ids, names), total


def _write_index(path: Path, freq: dict[str, int], total: int,
                 tags: dict[str, str] | None = None) -> None:
    keys = sorted(freq)
    tags = tags or {}
    names = sorted({t for t in tags.values() if t.isascii() and "," not in t} | {""})[:256]
    name_id = {n: k for k, n in enumerate(names)}
    tag_ids = bytes(name_id.get(tags.get(k, ""), 0) for k in keys)
    names_blob = ",".join(names).encode("ascii")
    encoded = [k.encode("utf-8") for k in keys]
    offsets = array("q", [0])
    at = 0
    for e in encoded:
        at += len(e)
        offsets.append(at)
    freqs = array("q", [freq[k] for k in keys])
    blob = b"".join(encoded)
    data = b"".join([INDEX_VERSION, len(keys).to_bytes(8, "little"),
                     total.to_bytes(8, "little"), len(blob).to_bytes(8, "little"),
                     len(names_blob).to_bytes(8, "little"),
                     offsets.tobytes(), freqs.tobytes(), tag_ids, names_blob, blob])
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:                 # a read-only temporary folder: jieba's dict then
        tmp.unlink(missing_ok=True)


class _TaggedDict(dict):
    """jieba's own prefix dictionary with the parts of speech the index keeps: without an
    index, titles still break as they do with one (untagged, every word read as a noun)."""

    def __init__(self, freq: dict[str, int], tags: dict[str, str]):
        super().__init__(freq)
        self.tags = tags

    def tag(self, word: str) -> str | None:
        """As :meth:`_SortedFreq.tag`."""
        return self.tags.get(word) if self.get(word) else None


def _dictionary_tags() -> dict[str, str]:
    """Each word's part of speech as jieba's dictionary lists it (``word freq tag`` lines):
    read once, when the index is made."""
    tags = {}
    with Path(_jieba().__file__).with_name("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """jieba's tokenizer on the sorted index (made from jieba's dictionary the first time)."""
    jieba = _jieba()
    path = _index_path()
    read = _read_index(path)
    if read is None:
        jieba.dt.check_initialized()
        _write_index(path, jieba.dt.FREQ, jieba.dt.total, _dictionary_tags())
        _remove_stale_indexes(path)
        read = _read_index(path)
        if read is None:            # no index (a read-only temporary folder): jieba's dict,
            read = _TaggedDict(jieba.dt.FREQ, _dictionary_tags()), jieba.dt.total  # tagged
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total = read
    tok.initialized = True
    return tok
