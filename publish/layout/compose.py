"""Compose Chinese text into lines: clreq breaks, punctuation compression, justification.

The composer works on *atoms* (one per character) that carry the advance HarfBuzz gives the
character in its typeface. A line is filled greedily on the grid tracking; where the grid
would end a line at a forbidden place it either squeezes (pulls the characters up to the
next legal break in, taking the room from the blank halves of the punctuation in the line,
then from the tracking) or pushes (moves characters to the next line and widens the
tracking), whichever disturbs the grid less — the usual 先挤后推 practice. Every line but a
paragraph's last then gets the letter-spacing that makes it end exactly at the measure.

Compression is done with letter-spacing, not with the font's `halt` feature, so it can be
partial and works in every face: a mark whose blank half is on the right (，。、：；！？ ” ）
》) gives up room after itself, one whose blank is on the left (“ （ 《) before itself. The
glyph boxes tell which side is blank. Adjacent marks are always compressed (。” and ），
set as 1.5 em): a closing mark followed by another mark loses its blank half; an opening
mark after an opening mark loses its own. A line's last mark is never compressed, so every
justified line ends on the edge, and an opening mark starting a line keeps its blank.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from itertools import compress, groupby
from operator import add, and_, attrgetter, not_, sub

from .fonts import FALLBACK_ROLES, KAI_FALLBACK, role_face
from .shaping import Face
from .rules import (LONG_TOKEN_CHARS, PUNCTUATION, SPACES, TOKEN, WORD, _Table,
                    break_opportunities, breaks_inside_token, is_word_char, short_address_breaks,
                    solid_tokens, token_span)
from .phrases import CUT_NAME, NEVER, break_costs
from .words import tagged_words

EPS = 0.01   # pt: rounding slack when deciding whether a line fits
SQUEEZE_SOFT = 0.25   # em a mark gives before the tracking is tightened



@dataclass(slots=True)
class Atom:
    ch: str
    role: str
    adv: float               # pt, as set without compression
    start: bool = True       # a glyph cluster starts here (False inside the —— ligature)
    blank: float = 0.0       # pt of blank the mark can give up (0: not compressible)
    opening: bool = False    # the blank is on the left of the glyph


@dataclass
class Line:
    start: int                       # index of the first character in the block text
    end: int                         # index after the last character set on the line
    atoms: list[Atom]
    tracking: float                  # letter-spacing (pt) between clusters on this line
    spacing: list[float]             # per atom: letter-spacing after it (pt)
    width: float                     # the set width of the line (pt)
    justified: bool = False

    @property
    def text(self) -> str:
        return "".join(map(_CH, self.atoms))


@dataclass
class Measure:
    """Geometry of one composition: widths in pt."""
    width: float                     # available width of every line
    first_indent: float = 0.0        # the first line is this much shorter (negative: longer)
    tracking: float = 0.0            # grid tracking (letter-spacing of a natural line)
    justify: bool = True             # fill every line but the last
    max_squeeze: float = 0.56        # pt: how far the tracking may be tightened
    balance: bool = False            # even out the lines (titles)
    hang: str = ""                   # marks that may hang past the measure (Word style)
    squeeze: bool = True             # pull a mark in by compression (else only push)
    lone: bool = True                # keep a paragraph from ending on one character


# ------------------------------------------------------------------------- measuring

@lru_cache(maxsize=4096)
def _blank(role: str, ch: str, size: float) -> tuple[float, bool]:
    """(compressible room in pt, blank on the left?) of a punctuation mark."""
    face = role_face(role)
    adv, left, right = face.ink(ch)
    if not adv:
        return 0.0, False
    scale = size / face.upem
    half = adv / 2
    if right >= 0.4 * adv and right > left:
        return min(half, right) * scale, False
    if left >= 0.4 * adv and left > right:
        return min(half, left) * scale, True
    return 0.0, False


def _script_of(ch: str) -> str:
    if is_word_char(ch) and not ch.isdigit():
        return "latin"
    return "common" if not ch.isalpha() else "han"


_SCRIPT = _Table(_script_of)


def _script(ch: str) -> str:
    return _SCRIPT[ch]


def measure(pieces: Iterable[tuple[str, str]], size: float) -> list[Atom]:
    """Atoms for a run of (text, role) pieces set at ``size`` pt.

    Each maximal run of one role and one script is shaped on its own, as Pango itemizes.
    The atoms are shared between calls with the same pieces (they are never changed): the
    source edition's calibration composes the same text on several grids.
    """
    return list(_measure(tuple(pieces), size))


@lru_cache(maxsize=8192)
def _measure(pieces: tuple[tuple[str, str], ...], size: float) -> tuple[Atom, ...]:
    atoms: list[Atom] = []
    faces: dict[str, Face] = {}
    for run, role in _runs(pieces):
        face = faces.get(role)
        if face is None:
            face = faces[role] = role_face(role)
        advs, starts = face.shape(run)
        table = _TABLES.get((face, role, size))
        if table is None:
            table = _TABLES[face, role, size] = _Atoms(role, size, size / face.upem)
        atoms += map(table.__getitem__, zip(run, advs, starts))
    return tuple(atoms)


def _runs(pieces: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(text, role) of each maximal run of one role and one script, as Pango itemizes: a
    character of the common script joins the run it is in; kai's quote marks are the
    serif's; a character the role's face lacks is set in a role whose face has it."""
    stretches: list[list[str]] = []          # [text, role]: one role each
    for piece, role in pieces:
        parts = []
        for text, r in _covered(piece, role):
            if r == "kai" and any(ch in KAI_FALLBACK for ch in text):
                parts += [("".join(g), k)
                          for k, g in groupby(text, lambda ch: KAI_FALLBACK.get(ch, "kai"))]
            else:
                parts.append((text, r))
        for text, r in parts:
            if not text:
                continue
            if stretches and stretches[-1][1] == r:
                stretches[-1][0] += text
            else:
                stretches.append([text, r])
    out: list[tuple[str, str]] = []
    for text, role in stretches:
        scripts = list(map(_SCRIPT.__getitem__, text))
        if "latin" not in scripts or "han" not in scripts:       # one script: one run
            out.append((text, role))
            continue
        script = "common"
        start = 0
        for k, s in enumerate(scripts):
            if s != "common":
                if script != "common" and s != script:
                    out.append((text[start:k], role))
                    start = k
                script = s
        out.append((text[start:], role))
    return out


def _covered(piece: str, role: str) -> list[tuple[str, str]]:
    """``piece`` in ``role``, a character its face lacks in the first of FALLBACK_ROLES
    whose face has it (markup then sets it in that face's span, on the line's pitch); a
    character no face has stays in ``role`` (the build names it)."""
    face = role_face(role)
    if all(map(face.covers, piece)):
        return [(piece, role)]
    roles: list[str] = []
    for ch in piece:
        if roles and _MARK.match(ch):       # a combining mark, a variation selector: its
            roles.append(roles[-1])         # base's face (split off, it lost its variant)
        elif face.covers(ch):
            roles.append(role)
        else:
            roles.append(next((r for r in FALLBACK_ROLES[role] if role_face(r).covers(ch)),
                              role))
    return [("".join(ch for ch, _ in g), r)
            for r, g in groupby(zip(piece, roles), key=lambda pair: pair[1])]


#: What goes with the character before it: combining marks, variation selectors, joiners
_MARK = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f"
                   "\ufe20-\ufe2f\u200d\U000e0100-\U000e01ef\u3099\u309a]")


class _Atoms(dict):
    """(character, advance in font units, cluster start) → its Atom, for one face, role and
    size. Atoms never change once made, so equal ones are one object: each is made once,
    and a run's atoms are dictionary look-ups, not a constructor call per character."""

    def __init__(self, role: str, size: float, scale: float):
        super().__init__()
        self.role, self.size, self.scale = role, size, scale

    def __missing__(self, key: tuple[str, int, bool]) -> Atom:
        ch, adv, start = key
        atom = Atom(ch, self.role, adv * self.scale, start)
        if ch in PUNCTUATION:
            atom.blank, atom.opening = _blank(self.role, ch, self.size)
        self[key] = atom
        return atom


_TABLES: dict[tuple, _Atoms] = {}


# ------------------------------------------------------------------------ composing

@dataclass
class _Text:
    """A paragraph prepared for breaking."""
    atoms: Sequence[Atom]
    ok: list[bool]           # ok[i]: a line may break before atom i
    gap: list[bool]          # letter-spacing follows atom i (a cluster end, not mid-word)
    pair: list[float]        # room atom i always gives up to a neighbouring mark (pt)
    pair_next: list[int]     # the neighbour (i+1 or i-1) that must share the line
    adv: list[float]         # atoms[i].adv
    space: list[bool]        # atoms[i] is a space
    inside: list[int]        # atoms that continue a glyph cluster (not its start), in order
    paired: list[int] = field(default_factory=list)   # atoms with a pair[i], in order
    steps: dict = field(default_factory=dict)   # tracking → _fill's step to each atom
    soft: frozenset[int] = frozenset()   # breaks taken only against a wide-open line
    text: str = ""                       # the atoms' characters


_IN_WORD = _Table(lambda ch: WORD[ch] or ch in ".,")
_STOPS = re.compile(r"(?=[.,][.,])")
# A range or fraction of numbers (2021-2030, 1/2) and a number's sign (69.6%) are set as one
# word: no letter-spacing inside (a line justified wide printed 2021 - 2030)
_RANGE_MARKS = "-–/~"
_NUMBER_JOINS = re.compile(r"(?<=\d)[-–/~](?=\d)|(?<=\d)[%‰]"
                           # a hyphenated Latin word (China-Kenya, COVID-19, 5G-A): one word
                           r"|(?<=[0-9A-Za-z\u00c0-\u024f])-(?=[0-9A-Za-z\u00c0-\u024f])")


def _prepare(atoms: Sequence[Atom]) -> _Text:
    n = len(atoms)
    text = "".join(map(_CH, atoms))
    ok = break_opportunities(text)
    inside = list(compress(range(n), map(not_, map(_START, atoms))))   # inside a cluster
    # letter-spacing goes between clusters, not inside a Latin word or a number
    inword = list(map(_IN_WORD.__getitem__, text))
    gap = [*map(not_, map(and_, inword, inword[1:])), False]
    for m in _STOPS.finditer(text):                # two stops in a row: 1.. or .,
        gap[m.start()] = True
    if "%" in text or "‰" in text or any(c in text for c in _RANGE_MARKS):
        for m in _NUMBER_JOINS.finditer(text):     # 2021-2030, 1/2, 69.6%, A-B: one word
            gap[m.start() - 1] = False
            if m.group() in _RANGE_MARKS:
                gap[m.start()] = False
    for lo, hi in solid_tokens(text):              # https://…, a code: set solid
        gap[lo:hi] = [False] * (hi - lo)
    for i in inside:
        if i:
            ok[i] = False
            gap[i - 1] = False
    pair = [0.0] * n
    pair_next = [-1] * n
    marks = list(compress(range(n), map(_BLANK, atoms)))
    for i in marks:
        if i + 1 >= n:
            continue
        a, b = atoms[i], atoms[i + 1]
        if not b.blank:
            continue
        if not a.opening:                      # 。” ，“ ）。 : the first gives its right half
            pair[i], pair_next[i] = a.blank, i + 1
        elif b.opening:                        # “《 （“ : the second gives its left half
            pair[i + 1], pair_next[i + 1] = b.blank, i
    soft = frozenset(short_address_breaks(text)) - set(inside) if "." in text else frozenset()
    return _Text(atoms, ok, gap, pair, pair_next, list(map(_ADV, atoms)),
                 list(map(SPACES.__contains__, text)), inside, [i for i in marks if pair[i]],
                 soft=soft, text=text)


# the atoms' fields read by C-level maps, not a Python loop each
_CH, _START, _BLANK, _ADV = (attrgetter(f) for f in ("ch", "start", "blank", "adv"))


def compose(atoms: Sequence[Atom], m: Measure) -> list[Line]:
    """Break ``atoms`` into lines for measure ``m``."""
    if not atoms:
        return []
    t = _prepared(atoms)
    if m.balance:
        return _balanced(t, m)
    return _greedy(t, m, m.width)


PREPARED_KEPT = 512          # texts whose preparation is kept (calibration's grids share them)
_PREPARED: dict[tuple[int, ...], _Text] = {}


def _prepared(atoms: Sequence[Atom]) -> _Text:
    """``_prepare(atoms)``, kept for the last texts composed: the source edition's
    calibration composes one text on many grids, and the preparation depends on the atoms
    alone. Keyed by the atoms' identities (measure shares equal atoms); an entry holds its
    atoms, so no object of a kept key is freed and its identity reused."""
    key = tuple(map(id, atoms))
    t = _PREPARED.get(key)
    if t is None:
        t = _prepare(tuple(atoms))
        if len(_PREPARED) >= PREPARED_KEPT:
            del _PREPARED[next(iter(_PREPARED))]          # the oldest
        _PREPARED[key] = t
    return t


def _shrinks(t: _Text, p: int, e: int) -> list[float]:
    """Pair compression inside the line p..e (both marks of a pair must be on it)."""
    out = [0.0] * (e - p + 1)
    paired = t.paired
    if paired:
        pair, pair_next = t.pair, t.pair_next
        for i in paired[bisect_left(paired, p):bisect_right(paired, e)]:
            if p <= pair_next[i] <= e:
                out[i - p] = pair[i]
    return out


def _width(t: _Text, p: int, e: int, track: float, shrink: list[float]) -> tuple[float, int]:
    """Set width of p..e on tracking ``track`` with the given shrinks, and its gap count."""
    gap = t.gap
    gaps = gap[p:e].count(True)
    w = 0.0
    if not track:                 # the sum in the same order as below, without the zeros
        if any(shrink):
            return reduce(add, map(sub, t.adv[p:e + 1], shrink), w), gaps
        return reduce(add, t.adv[p:e + 1], w), gaps
    adv = t.adv
    for i in range(p, e + 1):
        w += adv[i] - shrink[i - p]
        if i < e and gap[i]:
            w += track
    return w, gaps


def _last_solid(atoms, p: int, e: int) -> int:
    """The last non-space atom in p..e (spaces at a line end are dropped)."""
    while e > p and atoms[e].ch in SPACES:
        e -= 1
    return e


def _fill(t: _Text, p: int, avail: float, track: float) -> int:
    """The last index e such that p..e fits ``avail`` on tracking ``track`` (at least p)."""
    steps, space = _steps(t, track), t.space
    limit = avail + EPS
    w = t.adv[p]
    e = p
    for nxt in range(p + 1, len(steps)):
        add = steps[nxt]
        if not space[nxt] and w + add > limit:
            break
        w += add
        e = nxt
    return e


def _steps(t: _Text, track: float) -> list[float]:
    """What setting atom i after atom i-1 adds to a line's width on tracking ``track``: its
    advance, the tracking after i-1, less the room a pair of marks gives (once per text)."""
    out = t.steps.get(track)
    if out is None:
        adv, gap, pair, pair_next = t.adv, t.gap, t.pair, t.pair_next
        out = [0.0, *[(track if g else 0.0) + a for g, a in zip(gap, adv[1:])]]
        # the steps a pair of marks shares: worked out again in full, in the same order
        for nxt in sorted({i + 1 if pair_next[i] == i + 1 else i for i in t.paired}):
            e = nxt - 1
            step = (track if gap[e] else 0.0) + adv[nxt]
            if pair[e] and pair_next[e] == nxt:
                step -= pair[e]
            if pair[nxt] and pair_next[nxt] == e:
                step -= pair[nxt]
            out[nxt] = step
        t.steps[track] = out
    return out


def _greedy(t: _Text, m: Measure, width: float) -> list[Line]:
    atoms = t.atoms
    n = len(atoms)
    lines: list[Line] = []
    p = 0
    while p < n:
        while p < n and atoms[p].ch in SPACES:
            p += 1
        if p >= n:
            break
        avail = width - (m.first_indent if not lines else 0.0)
        e = _fill(t, p, avail, m.tracking)
        end = _last_solid(atoms, p, n - 1)
        if e >= end:                                   # the rest fits: last line
            lines.append(_line(t, p, end, _shrinks(t, p, end), m.tracking, avail, False))
            break
        if t.ok[e + 1]:
            last = _last_solid(atoms, p, e)
            lines.append(_line(t, p, last, _shrinks(t, p, last), m.tracking, avail, m.justify))
            p = e + 1
            continue
        if atoms[e + 1].ch in m.hang and (e + 2 >= n or t.ok[e + 2]):
            last = e + 1                        # the mark hangs past the measure
            lines.append(_line(t, p, last, _shrinks(t, p, last), m.tracking, avail,
                               m.justify, hang=True))
            p = last + 1
            continue
        brk, line = _resolve(t, p, e, avail, m)
        lines.append(line)
        p = brk + 1
    if m.justify and m.lone and len(lines) >= 2:
        _avoid_lone_character(t, m, width, lines)
    return lines


LONE_LIMIT = 1.2      # pt: how much looser a line may get to keep a last line from one char


def _avoid_lone_character(t: _Text, m: Measure, width: float, lines: list[Line]) -> None:
    """A paragraph should not end on a line holding one character and its mark (孤字):
    push one more character down when the line before stays reasonably tight."""
    last, prev = lines[-1], lines[-2]
    solid = [a for a in last.atoms if a.ch not in PUNCTUATION and a.ch not in SPACES]
    if len(solid) > 1 or not last.atoms:
        return
    avail = width - (m.first_indent if len(lines) == 2 else 0.0)
    for k in range(last.start - 2, prev.start, -1):        # break before atom k+1
        if not t.ok[k + 1]:
            continue
        end = _last_solid(t.atoms, prev.start, k)
        line = _line(t, prev.start, end, _shrinks(t, prev.start, end), m.tracking, avail, True)
        if line.tracking - m.tracking > LONE_LIMIT:
            return
        rest_end = _last_solid(t.atoms, k + 1, len(t.atoms) - 1)
        start = k + 1
        while t.atoms[start].ch in SPACES:
            start += 1
        rest = _line(t, start, rest_end, _shrinks(t, start, rest_end), m.tracking, width, False)
        if rest.width > width + EPS:
            return
        lines[-2:] = [line, rest]
        return


def _squeeze(t: _Text, p: int, last: int, avail: float, m: Measure):
    """Fit p..last into ``avail`` by compressing marks and tightening the tracking.

    Returns (line, cost) or None. Marks give a quarter em each first, then the tracking
    tightens (up to ``max_squeeze``), then marks give up to their whole blank half.
    """
    shrink = _shrinks(t, p, last)
    w, gaps = _width(t, p, last, m.tracking, shrink)
    excess = w - avail
    if excess <= EPS:
        return _line(t, p, last, shrink, m.tracking, avail, m.justify), 0.0
    free = [i for i in range(p, last)
            if t.atoms[i].blank and not shrink[i - p] and not (i == p and t.atoms[i].opening)]
    size = max((t.atoms[i].adv for i in range(p, last + 1)), default=16.0)
    soft = min(SQUEEZE_SOFT * size, *(t.atoms[i].blank for i in free)) if free else 0.0
    take = min(excess, soft * len(free))
    for i in free:
        shrink[i - p] += take / len(free)
    excess -= take
    track_room = m.max_squeeze * gaps if m.justify else 0.0
    excess -= min(excess, track_room)
    if excess > EPS:
        hard = sum(t.atoms[i].blank - shrink[i - p] for i in free)
        if hard + EPS < excess:
            return None
        for i in free:
            room = t.atoms[i].blank - shrink[i - p]
            shrink[i - p] += room * excess / hard if hard else 0.0
    line = _line(t, p, last, shrink, m.tracking, avail, m.justify)
    if not m.justify and line.width > avail + EPS:
        return None
    # squeezing is preferred (先挤后推): compressed marks cost little, tracking counts in full
    cost = abs(line.tracking - m.tracking) + 0.02 * sum(shrink) / max(1, len(free))
    return line, cost


#: pt of letter-spacing past the grid's that a line takes before the composer breaks where
#: the house style only dislikes it (after a dot of a short address: www.mengkeju.|com).
SOFT_BREAK_PT = 2.0


def _resolve(t: _Text, p: int, e: int, avail: float, m: Measure) -> tuple[int, Line]:
    """The grid ends the line after ``e`` where it may not break: squeeze or push."""
    atoms = t.atoms
    n = len(atoms)
    options = []
    # squeezing fits a character or two more in, never a token's worth: a break further
    # than that is not looked for (a word of 50,000 letters cost its length at every line)
    reach = min(n, e + 2 + LONG_TOKEN_CHARS)
    sq = next((k for k in range(e + 1, reach) if k == n - 1 or t.ok[k + 1]), None)
    squeezed = (_squeeze(t, p, _last_solid(atoms, p, sq), avail, m)
                if m.squeeze and sq is not None else None)
    if squeezed:
        line, cost = squeezed
        options.append((cost, 0, sq, line))
    push = next((k for k in range(e - 1, p - 1, -1) if t.ok[k + 1]), None)
    if push is not None:
        last = _last_solid(atoms, p, push)
        line = _line(t, p, last, _shrinks(t, p, last), m.tracking, avail, m.justify)
        options.append((abs(line.tracking - m.tracking), 1, push, line))
    if t.soft and (not options or min(options)[0] > SOFT_BREAK_PT):
        soft = _soft_break(t, p, e, reach - 1 if sq is None else sq, avail, m)
        if soft is not None:
            brk, line = soft
            options.append((abs(line.tracking - m.tracking) + SOFT_BREAK_PT / 2, 2, brk, line))
    token = _long_token(t, e, m)
    inside = _token_break(t, p, e, avail, m, token) if token else None
    if inside is not None:
        if push is not None and push >= token[0]:   # the rules break inside it too (before
            return inside[2], inside[3]             # a dot): the token's own breaks instead
        if not options or min(options)[0] > SOFT_BREAK_PT:
            options.append(inside)
    if not options:                       # nothing legal fits: break at the grid (rare)
        last = _last_solid(atoms, p, e)
        return e, _line(t, p, last, _shrinks(t, p, last), m.tracking, avail, m.justify)
    options.sort(key=lambda o: (o[0], o[1]))
    _, _, brk, line = options[0]
    return brk, line


def _long_token(t: _Text, e: int, m: Measure) -> tuple[int, int] | None:
    """The token the grid's line ends inside (between atoms e and e+1) when it is too long
    to keep whole: an address or a code (more characters than a word has), or any token
    wider than the measure. None otherwise."""
    text = t.text
    if not (TOKEN[text[e]] and TOKEN[text[e + 1]]):
        return None
    lo, hi = token_span(text, e, LONG_TOKEN_CHARS)     # a longer one is long wherever cut
    if hi - lo + 1 > LONG_TOKEN_CHARS or sum(t.adv[lo:hi + 1]) > m.width + EPS:
        return (lo, hi)
    return None


def _token_break(t: _Text, p: int, e: int, avail: float, m: Measure, span: tuple[int, int]
                 ) -> tuple[float, int, int, Line] | None:
    """An option of :func:`_resolve` that breaks inside a long token rather than leave the
    line before it wide open (详见 / https://…): at its last separator on the line (after
    / - _ ? & =, before a dot), else between any two of its characters where the grid
    ends, at a cost of SOFT_BREAK_PT more; the one nearer its natural spacing."""
    seps, anywhere = breaks_inside_token(t.text, max(span[0], p), e + 1)
    seps = sorted({*seps, *(k for k in range(max(span[0], p) + 1, e + 2) if t.ok[k])})
    options = []
    for extra, breaks in ((0.0, seps), (SOFT_BREAK_PT, anywhere)):
        k = next((k for k in reversed(breaks) if k > p), None)    # the last: the fullest line
        if k is not None:
            line = _line(t, p, k - 1, _shrinks(t, p, k - 1), m.tracking, avail, m.justify)
            options.append((_openness(line, avail, m) + extra, 3, k - 1, line))
    return min(options, key=lambda o: o[0], default=None)


def _openness(line: Line, avail: float, m: Measure) -> float:
    """How far a line is from its natural spacing, in pt of tracking: a justified line's
    tracking past the grid's, a line with nothing to spread (all one token) its room left
    shared between its characters."""
    if line.justified or not line.atoms:
        return abs(line.tracking - m.tracking)
    return max(0.0, avail - line.width) / len(line.atoms)


def _soft_break(t: _Text, p: int, e: int, sq: int, avail: float, m: Measure
                ) -> tuple[int, Line] | None:
    """The line from ``p`` ending at the last soft break that fits it: on the grid's line,
    or past the grid where squeezing fits it in (``…（www.mengkeju.``: a soft break comes
    after a dot, which the grid's line may just miss, with a few narrow letters). None past
    ``sq``, the first ordinary break after the grid's line: squeezing further than it only
    fits less, and trying every soft break to the paragraph's end made a paragraph of
    addresses cost its length squared (7,000 characters: 48 s)."""
    for k in sorted((k for k in t.soft if p < k <= sq + 1), reverse=True):
        last = _last_solid(t.atoms, p, k - 1)
        if last <= e:
            return k - 1, _line(t, p, last, _shrinks(t, p, last), m.tracking, avail, m.justify)
        fitted = _squeeze(t, p, last, avail, m) if m.squeeze else None
        if fitted is not None:
            return k - 1, fitted[0]
    return None


def _line(t: _Text, p: int, e: int, shrink: list[float], track: float, avail: float,
          justify: bool, hang: bool = False) -> Line:
    w, gaps = _width(t, p, e, 0.0, shrink)
    if hang:                     # the last mark sits outside the measure: justify without it
        w -= t.atoms[e].adv - shrink[-1]
        gaps -= 1 if e > p and t.gap[e - 1] else 0
    if justify and gaps:
        track = (avail - w) / gaps
    # letter-spacing after each atom: the tracking at cluster ends, less the room a mark
    # gives (a closing mark after itself, an opening mark before itself)
    spacing = [track if g else 0.0 for g in t.gap[p:e]]
    spacing.append(0.0)
    for k in [k for k, s in enumerate(shrink) if s] if any(shrink) else ():
        if t.atoms[p + k].opening:
            if k > 0:
                spacing[k - 1] -= shrink[k]
        else:
            spacing[k] -= shrink[k]
    # every character of a cluster (the —— ligature) takes the spacing of its last one,
    # so the cluster stays in one run and keeps its ligature
    inside = t.inside
    for j in reversed(inside[bisect_right(inside, p):bisect_right(inside, e)]):
        spacing[j - p - 1] = spacing[j - p]
    atoms = list(t.atoms[p:e + 1])
    return Line(p, e + 1, atoms, track, spacing, w + track * gaps, justify and bool(gaps))


GOOD_BREAK_AFTER = set(" \u3000，。、；：！？”’）》」』")
# Cost of a display-line break, against a line's distance from the mean length in em,
# squared: after punctuation or at a space costs nothing; between two words what the words'
# parts of speech say (layout/phrases.py: 主持召开|中央… little, 中央全面|深化改革… much,
# up to phrases.CUT_NAME inside a name); inside a word so much more that it happens only
# when no word boundary gives as many lines, not even one inside a name.
BAD_BREAK_EMS = 150.0
#: A display text of more lines than this is filled greedily: no title or headline group is
#: so long, and the balancing's search grows with the square of the text (a hostile title of
#: 8,000 characters took 16 s).
BALANCE_LINES = 12


def _balanced(t: _Text, m: Measure) -> list[Line]:
    """As many lines as the greedy fill needs, as even as possible, and breaking at spaces
    and punctuation rather than inside words when that costs little (dynamic programming
    over the legal breaks; a line never exceeds the measure). A text those lines can only
    break inside a word (a long headline group whose lines are all nearly full: 总结报|告》)
    or inside a name (a title: 推动金融高质量|发展专题研讨班) takes one line more when that
    line spares it (:func:`_severity`)."""
    full = _greedy(t, m, m.width)
    if len(full) <= 1 or len(full) > BALANCE_LINES:
        return full
    atoms = t.atoms
    n = len(atoms)
    size = max(a.adv for a in atoms)
    total = sum(line.width for line in full)
    starts = [i for i in range(n) if (i == 0 or t.ok[i]) and atoms[i].ch not in SPACES]
    start_set = set(starts)
    costs = break_costs(tagged_words("".join(a.ch for a in atoms)))

    def segments(s: int):
        """(next line start or n, line) for each line that may start at ``s``."""
        w = 0.0
        for e in range(s, n):
            a = atoms[e]
            if e > s:
                w += (m.tracking if t.gap[e - 1] else 0.0)
                if t.pair[e - 1] and t.pair_next[e - 1] == e:
                    w -= t.pair[e - 1]
                if t.pair[e] and t.pair_next[e] == e - 1:
                    w -= t.pair[e]
            w += a.adv
            if a.ch in SPACES:
                continue
            if w > m.width + EPS:
                return
            nxt = e + 1
            while nxt < n and atoms[nxt].ch in SPACES:
                nxt += 1
            if nxt == n or (nxt in start_set and t.ok[e + 1] or nxt in start_set and
                            atoms[e + 1].ch in SPACES):
                yield nxt, e, w

    def options(s: int) -> list[tuple[int, int, float, float]]:
        """(next start, last atom, the line's width, break cost) of each line from ``s``:
        the same for every line count, so worked out once."""
        out = []
        for nxt, last, w in segments(s):
            good = atoms[last].ch in GOOD_BREAK_AFTER or (
                last + 1 < n and atoms[last + 1].ch in SPACES)
            extra = 0.0
            if nxt < n and not good:
                extra = costs.get(last + 1, BAD_BREAK_EMS)
            out.append((nxt, last, w, extra))
        return out

    lines_from = {s: options(s) for s in starts}

    def fit(count: int) -> tuple[list[Line], float] | None:
        """The best ``count`` lines and their worst break's cost; None if none fit."""
        target = total / count
        # best[k][s]: (cost of setting atoms from line start s to the end in k lines, next
        # start, last atom, worst break cost)
        best: list[dict[int, tuple[float, int, int, float]]] = [dict() for _ in range(count + 1)]
        best[0][n] = (0.0, -1, -1, 0.0)
        for k in range(1, count + 1):
            before = best[k - 1]
            for s in starts:
                choice = None
                for nxt, last, w, extra in lines_from[s]:
                    rest = before.get(nxt)
                    if rest is None:
                        continue
                    cost = rest[0] + ((w - target) / size) ** 2
                    if extra:
                        cost += extra
                    if choice is None or cost < choice[0] - 1e-9:
                        choice = (cost, nxt, last, max(extra, rest[3]))
                if choice is not None:
                    best[k][s] = choice
        if 0 not in best[count]:
            return None
        lines, s, k = [], 0, count
        while s < n and k > 0:
            _, nxt, last, _ = best[k][s]
            lines.append(_line(t, s, last, _shrinks(t, s, last), m.tracking, m.width, False))
            s, k = nxt, k - 1
        return lines, best[count][0][3]

    found = fit(len(full))
    if found is None:
        return full
    if _severity(found[1]):
        more = fit(len(full) + 1)
        if more is not None and _severity(more[1]) < _severity(found[1]):
            return more[0]
    return found[0]


def _severity(cost: float) -> int:
    """How bad a display line's worst break is: 2 inside a word, 1 inside a name or beside
    a function word on its wrong side (layout/phrases.py), 0 anything less. A text takes one line more when that makes its
    worst break less bad (金融高质量|发展专题研讨班 → …领导干部|推动金融高质量发展专题研讨班|…)."""
    return 2 if cost >= BAD_BREAK_EMS else 1 if cost >= min(CUT_NAME, NEVER) else 0


def natural_width(atoms: Sequence[Atom], tracking: float = 0.0) -> float:
    """Width of the atoms set on one line (adjacent marks compressed)."""
    if not atoms:
        return 0.0
    lines = compose(atoms, Measure(width=1e9, tracking=tracking, justify=False))
    return lines[0].width if lines else 0.0
