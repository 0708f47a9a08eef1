"""Compose Chinese text into lines: clreq breaks, punctuation compression, justification.

The composer works on *atoms* (one per character) that carry the advance HarfBuzz gives the
character in its typeface. A line is filled greedily on the grid tracking; where the grid
would end a line at a forbidden place it either squeezes (compresses punctuation inside the
line with the font's ``halt`` widths, then tightens the tracking a little) or pushes (moves
characters to the next line and widens the tracking), whichever disturbs the grid less —
the usual 先挤后推 practice. Every line but a paragraph's last then gets the letter-spacing
that makes it end exactly at the measure; the template emits it per line.

Adjacent punctuation is always compressed (。” set as 1.5 em): a closing mark followed by
any mark loses its blank right half; an opening mark after an opening mark loses its blank
left half. Line-end marks are never compressed, so every justified line ends on the edge.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from .fonts import role_face
from .rules import PUNCTUATION, SPACES, break_opportunities, is_word_char

EPS = 0.01   # pt: rounding slack when deciding whether a line fits

KAI_FALLBACK = {"“": "serif", "”": "serif", "‘": "serif", "’": "serif"}


@dataclass
class Atom:
    ch: str
    role: str
    adv: float               # pt, as set without compression
    start: bool = True       # a glyph cluster starts here (False inside the —— ligature)
    half: float = 0.0        # pt saved by `halt`, 0 when the mark cannot be compressed
    opening: bool = False    # the blank half of the mark is on its left
    halted: bool = False


@dataclass
class Line:
    start: int                       # index of the first character in the block text
    end: int                         # index after the last character set on the line
    atoms: list[Atom]
    tracking: float                  # letter-spacing (pt) between clusters on this line
    gaps: list[bool]                 # per atom: does letter-spacing follow it
    width: float                     # the line's set width (pt) with that tracking
    justified: bool = False

    @property
    def text(self) -> str:
        return "".join(a.ch for a in self.atoms)


@dataclass
class Measure:
    """Geometry of one composition: widths in pt."""
    width: float                     # available width of every line
    first_indent: float = 0.0        # the first line is this much shorter
    tracking: float = 0.0            # grid tracking (letter-spacing of a natural line)
    justify: bool = True             # fill every line but the last
    max_squeeze: float = 0.56        # pt: how far the tracking may be tightened
    balance: bool = False            # even out the lines (titles)


# ------------------------------------------------------------------------- measuring

@lru_cache(maxsize=4096)
def _halt(role: str, ch: str, size: float) -> tuple[float, bool]:
    face = role_face(role)
    adv, _ = face.shape(ch)
    if not adv:
        return 0.0, False
    h_adv, h_off = face.with_feature(ch, "halt")
    saved = (adv[0] - h_adv) * size / face.upem
    return (saved if saved > 0 else 0.0), h_off < 0


def _script(ch: str) -> str:
    if is_word_char(ch) and not ch.isdigit():
        return "latin"
    return "common" if not ch.isalpha() else "han"


def measure(pieces: Iterable[tuple[str, str]], size: float) -> list[Atom]:
    """Atoms for a run of (text, role) pieces set at ``size`` pt.

    Each maximal run of one role and one script is shaped on its own, as Pango itemizes.
    """
    chars: list[tuple[str, str]] = []
    for text, role in pieces:
        for ch in text:
            r = KAI_FALLBACK.get(ch, role) if role == "kai" else role
            chars.append((ch, r))
    atoms: list[Atom] = []
    i = 0
    n = len(chars)
    while i < n:
        role = chars[i][1]
        script = _script(chars[i][0])
        j = i + 1
        while j < n and chars[j][1] == role:
            s = _script(chars[j][0])
            if s != "common" and script != "common" and s != script:
                break
            if script == "common":
                script = s
            j += 1
        text = "".join(c for c, _ in chars[i:j])
        face = role_face(role)
        advs, starts = face.shape(text)
        scale = size / face.upem
        for ch, a, st in zip(text, advs, starts):
            atom = Atom(ch, role, a * scale, st)
            if ch in PUNCTUATION:
                atom.half, atom.opening = _halt(role, ch, size)
            atoms.append(atom)
        i = j
    return atoms


# ------------------------------------------------------------------------ composing

def _pair_target(a: Atom, b: Atom) -> int | None:
    """Which of two adjacent marks gives up its blank half: 0 (the first), 1, or None."""
    if not (a.half and b.half):
        return None
    if not a.opening:
        return 0
    if b.opening:
        return 1
    return None


def compose(atoms: Sequence[Atom], m: Measure) -> list[Line]:
    """Break ``atoms`` into lines for measure ``m``."""
    n = len(atoms)
    if n == 0:
        return []
    text = "".join(a.ch for a in atoms)
    ok = break_opportunities(text)
    for i in range(1, n):
        if not atoms[i].start:
            ok[i] = False
    # letter-spacing follows a cluster unless the next one continues the same Latin word
    gap = [False] * n
    for i in range(n - 1):
        if not atoms[i + 1].start:
            continue
        a, b = atoms[i].ch, atoms[i + 1].ch
        gap[i] = not ((is_word_char(a) or a in ".,") and (is_word_char(b) or b in ".,")
                      and not (a in ".," and b in ".,"))
    # adjacent-pair compression: pair (i, i+1) halts atom i + target
    pair = [None] * n
    for i in range(n - 1):
        t = _pair_target(atoms[i], atoms[i + 1])
        if t is not None:
            pair[i] = i + t
    if m.balance and m.width > 0:
        return _balanced(atoms, m, ok, gap, pair)
    return _greedy(atoms, m, ok, gap, pair, m.width)


def _greedy(atoms, m: Measure, ok, gap, pair, width: float) -> list[Line]:
    n = len(atoms)
    lines: list[Line] = []
    p = 0
    t0 = m.tracking
    while p < n:
        while p < n and atoms[p].ch in SPACES:
            p += 1
        if p >= n:
            break
        avail = width - (m.first_indent if not lines else 0.0)
        e = _fill(atoms, p, avail, t0, gap, pair)
        end = _last_solid(atoms, p, n - 1)
        if e >= end:                                   # the rest fits: last line
            lines.append(_make_line(atoms, p, end, set(), t0, gap, pair, avail, False))
            break
        if ok[e + 1] or _next_solid(atoms, e + 1) is None:
            brk, halts = e, set()
        else:
            brk, halts = _resolve(atoms, p, e, avail, t0, ok, gap, pair, m)
        last = _last_solid(atoms, p, brk)
        lines.append(_make_line(atoms, p, last, halts, t0, gap, pair, avail, m.justify))
        p = brk + 1
    return lines


def _last_solid(atoms, p: int, e: int) -> int:
    """The last non-space atom in p..e (spaces at a line end are dropped)."""
    while e > p and atoms[e].ch in SPACES:
        e -= 1
    return e


def _next_solid(atoms, i: int) -> int | None:
    while i < len(atoms) and atoms[i].ch in SPACES:
        i += 1
    return i if i < len(atoms) else None


def _fill(atoms, p: int, avail: float, t: float, gap, pair) -> int:
    """The last index e such that p..e fits ``avail`` on tracking ``t`` (at least p)."""
    n = len(atoms)
    w = atoms[p].adv
    e = p
    solid = w                                   # width up to the last non-space atom
    while e + 1 < n:
        nxt = e + 1
        add = (t if gap[e] else 0.0) + atoms[nxt].adv
        if pair[e] is not None:
            add -= atoms[pair[e]].half
        if atoms[nxt].ch in SPACES:
            w += add
            e = nxt
            continue
        if w + add > avail + EPS:
            break
        w += add
        solid = w
        e = nxt
    return e


def _width(atoms, p: int, e: int, t: float, gap, pair, halts: set[int]) -> tuple[float, int]:
    """Set width of p..e (e the last solid atom) on tracking t, and its number of gaps."""
    w = 0.0
    gaps = 0
    halted = set(halts)
    for i in range(p, e):
        if pair[i] is not None:
            halted.add(pair[i])
    for i in range(p, e + 1):
        a = atoms[i]
        w += a.adv - (a.half if i in halted else 0.0)
        if i < e and gap[i]:
            gaps += 1
            w += t
    return w, gaps


def _resolve(atoms, p, e, avail, t0, ok, gap, pair, m: Measure) -> tuple[int, set[int]]:
    """The grid ends the line after ``e`` where it may not break: squeeze or push."""
    n = len(atoms)
    push = next((k for k in range(e - 1, p - 1, -1) if ok[k + 1]), None)
    sq = next((k for k in range(e + 1, n) if ok[k + 1] or k == n - 1), n - 1)
    options = []
    # squeeze: pull characters up to the next break in, compressing marks, then tracking
    last = _last_solid(atoms, p, sq)
    w, gaps = _width(atoms, p, last, t0, gap, pair, set())
    excess = w - avail
    halts: set[int] = set()
    already = {pair[i] for i in range(p, last) if pair[i] is not None}
    for i in range(last - 1, p - 1, -1):
        if excess <= EPS:
            break
        a = atoms[i]
        if a.half and i not in already:
            halts.add(i)
            excess -= a.half
    t_sq = t0 - excess / gaps if gaps else (t0 if excess <= EPS else float("-inf"))
    squeeze_ok = t_sq >= t0 - m.max_squeeze - 1e-9 and excess <= EPS + m.max_squeeze * gaps
    if not m.justify:
        squeeze_ok = excess <= EPS
    if squeeze_ok:
        options.append((abs(t_sq - t0) + 0.02 * len(halts), 0, sq, halts))
    if push is not None:
        last_p = _last_solid(atoms, p, push)
        wp, gp = _width(atoms, p, last_p, t0, gap, pair, set())
        t_push = t0 + (avail - wp) / gp if gp else t0
        options.append((abs(t_push - t0), 1, push, set()))
    if not options:                       # nothing legal fits: break at the grid (rare)
        return e, set()
    options.sort(key=lambda o: (o[0], o[1]))
    _, _, brk, hs = options[0]
    return brk, hs


def _make_line(atoms, p, e, halts, t0, gap, pair, avail, justify) -> Line:
    halted = set(halts)
    for i in range(p, e):
        if pair[i] is not None:
            halted.add(pair[i])
    line_atoms = []
    for i in range(p, e + 1):
        a = atoms[i]
        line_atoms.append(Atom(a.ch, a.role, a.adv, a.start, a.half, a.opening, i in halted))
    gaps = [gap[i] if i < e else False for i in range(p, e + 1)]
    w, ngaps = _width(atoms, p, e, 0.0, gap, pair, halts)
    t = t0
    if justify and ngaps:
        t = (avail - w) / ngaps
    return Line(p, e + 1, line_atoms, t, gaps, w + t * ngaps, justify and bool(ngaps))


def _balanced(atoms, m: Measure, ok, gap, pair) -> list[Line]:
    """Lines of (nearly) equal length: shrink the measure while the line count holds."""
    full = _greedy(atoms, m, ok, gap, pair, m.width)
    if len(full) <= 1:
        return full
    count = len(full)
    total = sum(line.width for line in full)
    lo, hi = total / count, m.width
    best = full
    for _ in range(12):
        mid = (lo + hi) / 2
        trial = _greedy(atoms, m, ok, gap, pair, mid)
        if len(trial) <= count and all(line.width <= mid + EPS for line in trial):
            best, hi = trial, mid
        else:
            lo = mid
    return best


def natural_width(atoms: Sequence[Atom], tracking: float = 0.0) -> float:
    """Width of the atoms set on one line (no compression beyond adjacent pairs)."""
    if not atoms:
        return 0.0
    lines = compose(atoms, Measure(width=1e9, tracking=tracking, justify=False))
    return lines[0].width if lines else 0.0
