"""The house edition's composer: no paragraph leaves one line alone at a page break.

The house edition keeps every page at its 22 grid lines (GB/T 9704), so a paragraph may end
with one line at the top of a page (a widow, 孤行) or begin with one line at the foot of
one (an orphan; below a heading, the heading's text is one line). A typesetter does not
leave a page a line short; he sets a paragraph a line tighter, so the flow after it moves
up a line, or a line looser, so it moves down one. A tighter or looser paragraph's lines
each hold at most one character more or less than the grid (layout/breakfit.compose_in),
as the source edition's lines before a fixed page end do. Tried in this order: a widow's
own paragraph, then those on the page before the break (nearest first), each tighter, then
the same looser; a change is kept only when it clears that line and brings no lone line
between the changed paragraph and it. A lone line no paragraph can take stays. Then a
page that a heading moving on with its lines leaves short gets the line they lack from a
paragraph on it or the page before set a line tighter; where none can be and the gap is a
line or two (the space above the heading, or it and the heading), paragraphs before the
heading are set a line looser, one for each empty line, so the page ends full and the
heading opens the next. Then an article whose last page holds a line or two has paragraphs
from its end back set tighter, one at a time, until that page is gone (where they can be).
Last, a page still left as short as the heading and its lines (three lines: 六 and its two
lines lacking one) gets them with the heading's blank line above dropped (closed up, print.css
``.h1.closed-up``): on a fixed grid the space over a heading is what a typesetter takes in
when no paragraph can give a line; every break after it moves, so its lone lines are
settled again, and it is kept only where that leaves no lone line more.
"""
from __future__ import annotations

import copy
from collections.abc import Callable

from .document import ArticleView, Composer, Looseness
from .pages import CLOSED_UP, flow


class HouseComposer(Composer):
    """The house composer, with an article's lone lines settled (see the module)."""

    def settled(self, view: ArticleView, rebuild: Callable[[Looseness], ArticleView]
                ) -> ArticleView:
        rebuild = _budgeted(rebuild, SETTLE_TRIES)
        looseness: Looseness = frozenset()
        try:
            view, looseness = _lone_lines_settled(view, looseness, rebuild, self)
            view = _title_room(view, self.s)
            view, looseness = _without_short_pages(view, looseness, rebuild, self)
            view, looseness = _filled_before_headings(view, looseness, rebuild, self)
            view = _without_a_scrap_page(view, looseness, rebuild, self)
            return _headings_closed_up(view, looseness, rebuild, self)
        except _Spent:                          # as settled so far: every change kept holds
            return view


def _lone_lines_settled(view: ArticleView, looseness: Looseness,
                        rebuild: Callable[[Looseness], ArticleView], c: Composer
                        ) -> tuple[ArticleView, Looseness]:
    """(view, looseness) with the lone lines at its page breaks cleared where a paragraph
    can take them (``_cleared``), the widows first; as far as it got when the budget of
    compositions is spent."""
    try:
        for widows in (True, False):            # the widows first (see _cleared)
            left: set[int] = set()              # lone lines no paragraph could take
            for _ in range(len(view.blocks)):
                found = [(k, page) for k, page, last in flow(view, c.s).lone
                         if last == widows and k not in left]
                if not found:
                    break
                k, page = found[0]
                trial = _cleared(view, k, page, widows, looseness, rebuild, c)
                if trial is None:
                    left.add(k)
                    continue
                view, looseness = trial
    except _Spent:
        pass
    return view, looseness


#: Compositions of one article tried at most while settling it: each costs a pass over
#: the article, so a hostile article of thousands of paragraphs stays linear in time (the
#: bundled issue's longest, 128 blocks, tries 60)
SETTLE_TRIES = 200


class _Spent(Exception):
    """The settling's budget of compositions is spent."""


def _budgeted(rebuild: Callable[[Looseness], ArticleView], tries: int
              ) -> Callable[[Looseness], ArticleView]:
    """``rebuild`` that raises ``_Spent`` past ``tries`` calls."""
    left = [tries]

    def limited(looseness: Looseness) -> ArticleView:
        if left[0] <= 0:
            raise _Spent
        left[0] -= 1
        return rebuild(looseness)
    return limited


def _title_room(view: ArticleView, s) -> ArticleView:
    """The article with a line more of space under its title block, where that leaves fewer
    lines alone at its page breaks (no more widows, short pages or pages): a lone line no
    paragraph could take at the foot of the first page, or one a paragraph of the first page
    leaves atop the second, as a typesetter opens the title's space by a line: above the
    title, so every title block stands the same space above its text (a line more below a
    short title read as a hole). Every page break after it moves a line on, so the whole
    article is judged again."""
    was = flow(view, s)
    if not any(page == 1 for _, page, _ in was.lone):
        return view
    trial, head = copy.copy(view), copy.copy(view.head)
    head.room += s.pitch                                   # above the title: no hole
    head.grid_lines += 1
    trial.head = head
    now = flow(trial, s)
    if len(now.lone) < len(was.lone) and now.widows <= was.widows and \
            now.pages <= was.pages and len(now.short) <= len(was.short):
        return trial
    return view


#: Paragraphs tried a line tighter for each page a heading moving on leaves short
SHORT_TRIES = 12


def _without_short_pages(view: ArticleView, looseness: Looseness,
                         rebuild: Callable[[Looseness], ArticleView], c: Composer
                         ) -> tuple[ArticleView, Looseness]:
    """(view, looseness) with fewer pages left short by a heading that moves on with its
    lines (``Flow.short``: 五 and its two lines lacking one line at a page's foot, the page
    printed three lines short): a paragraph on that page or the page before it, nearest the
    heading first, set a line tighter, so the heading and its lines fit under it, as a
    typesetter gains the line a heading lacks. A change is kept only where it leaves fewer
    short pages and no lone line, widow or page more."""
    for page in sorted(flow(view, c.s).short):
        was = flow(view, c.s)
        if page not in was.short:
            continue
        on = was.block_pages()
        changed = {index for index, _ in looseness}
        near = [j for j in range(len(view.blocks) - 1, -1, -1)
                if on.get(j, set()) & {page, page - 1} and min(on[j]) <= page]
        for j in near[:SHORT_TRIES]:
            index = view.blocks[j].index
            if index is None or index in changed or not _may(view.blocks[j], -1, c):
                continue
            trial = rebuild(looseness | {(index, -1)})
            if len(trial.blocks[j].line_starts) != len(view.blocks[j].line_starts) - 1:
                continue                        # it cannot be set so
            now = flow(trial, c.s)
            if len(now.short) < len(was.short) and len(now.lone) <= len(was.lone) and \
                    now.widows <= was.widows and now.pages <= was.pages:
                view, looseness = trial, looseness | {(index, -1)}
                break
    return view, looseness


def _filled_before_headings(view: ArticleView, looseness: Looseness,
                            rebuild: Callable[[Looseness], ArticleView], c: Composer
                            ) -> tuple[ArticleView, Looseness]:
    """(view, looseness) with the empty lines a heading moving on leaves at a page's foot
    (``Flow.gaps``: the space and 十九 with its two lines lacking a line or two, where no
    paragraph could be set tighter and closing the heading up cannot help) filled: paragraphs on that page or the
    page before, nearest the heading first, each set a line looser, so the text before
    the heading reaches the foot, as a typesetter fills a page he cannot shorten. A change
    is kept only where it takes a line off that page's gap and leaves no lone line, widow,
    page or short page more, nor another page's gap wider."""
    for page in sorted(flow(view, c.s).gaps):
        if flow(view, c.s).gaps.get(page, 0) > c.s.heading_orphans:
            continue                            # the heading's space gives way instead
        tries = 0
        while page in (was := flow(view, c.s)).gaps and tries < SHORT_TRIES:
            trial = _a_line_looser_before(view, looseness, page, was, rebuild, c)
            tries += 1 if trial is None else trial[2]
            if trial is None:
                break
            view, looseness = trial[0], trial[1]
    return view, looseness


def _a_line_looser_before(view: ArticleView, looseness: Looseness, page: int, was,
                          rebuild: Callable[[Looseness], ArticleView], c: Composer
                          ) -> tuple[ArticleView, Looseness, int] | None:
    """(view, looseness, compositions tried) with one paragraph on ``page`` set a line
    looser, taking a line off the gap at its foot (``_filled_before_headings``); None when
    none can (within ``SHORT_TRIES`` compositions)."""
    on = was.block_pages()
    changed = {index for index, _ in looseness}
    near = [j for j in range(len(view.blocks) - 1, -1, -1) if min(on.get(j, {page + 1})) <= page]
    tries = 0
    for j in near:
        index = view.blocks[j].index
        if index is None or index in changed or not _may(view.blocks[j], 1, c):
            continue
        if tries >= SHORT_TRIES:
            break
        tries += 1
        trial = rebuild(looseness | {(index, 1)})
        if len(trial.blocks[j].line_starts) != len(view.blocks[j].line_starts) + 1:
            continue                            # it cannot be set so
        now = flow(trial, c.s)
        others = {p: n for p, n in now.gaps.items() if p != page}
        if now.gaps.get(page, 0) < was.gaps[page] and len(now.lone) <= len(was.lone) and \
                now.widows <= was.widows and now.pages <= was.pages and \
                len(now.short) <= len(was.short) and \
                all(n <= was.gaps.get(p, 0) for p, n in others.items()):
            return trial, looseness | {(index, 1)}, tries
    return None


def _headings_closed_up(view: ArticleView, looseness: Looseness,
                        rebuild: Callable[[Looseness], ArticleView], c: Composer
                        ) -> ArticleView:
    """The article with the blank line above a lone-numeral heading dropped where its page
    would end with a gap as tall as the heading and its lines (六 and its two lines lacking
    one line: the page printed three lines short, no paragraph able to give it), so they end
    that page: on a fixed grid the space around a heading is the one thing a typesetter may
    take in. Every break after it moves, so the lone lines are settled again; kept only
    where that leaves fewer short pages and no lone line, widow or page more."""
    closed: frozenset[int] = frozenset()
    failed: set[int] = set()                    # headings whose closing up did not hold
    while True:
        was = flow(view, c.s)
        found = [index for page, lines in sorted(was.gaps.items())
                 if lines > c.s.heading_orphans    # else the heading's lines would not fit
                 and (index := _heading_moved_from(view, was, page)) is not None
                 and index not in failed]
        if not found:
            return view
        shut = closed | {found[0]}
        trial, tried = _lone_lines_settled(
            _closed_up(view, shut), looseness,
            lambda loose, shut=shut, head=view.head: _closed_up(rebuild(loose), shut, head), c)
        now = flow(trial, c.s)
        if len(now.short) < len(was.short) and len(now.lone) <= len(was.lone) and \
                now.widows <= was.widows and now.pages <= was.pages:
            view, looseness, closed = trial, tried, shut
            failed.clear()                      # another may hold now
        else:
            failed.add(found[0])


def _closed_up(view: ArticleView, headings: frozenset[int], head=None) -> ArticleView:
    """A copy of ``view`` with the lone-numeral headings of those model block indexes set
    without their space above (and the title block ``head``, when given: what settling
    it gave, which composing again does not)."""
    out = copy.copy(view)
    out.head = head or view.head
    out.blocks = [copy.copy(b) if b.index in headings else b for b in view.blocks]
    for b in out.blocks:
        if b.index in headings and CLOSED_UP not in b.css.split():
            b.css += " " + CLOSED_UP
    return out


def _heading_moved_from(view: ArticleView, was, page: int) -> int | None:
    """The model index of the lone-numeral heading that opens the page after ``page``
    (moved on with its lines), or None."""
    for k, b in enumerate(view.blocks):
        if was.placed.get((k, 0)) == page + 1:
            css = b.css.split()
            return b.index if "h1" in css and CLOSED_UP not in css else None
    return None


#: Lines an article's last page may hold and still be pulled back onto the page before
SCRAP_LINES = 2
#: Paragraphs, from the article's end back, tried a line tighter to pull that page back
SCRAP_TRIES = 40


def _without_a_scrap_page(view: ArticleView, looseness: Looseness,
                          rebuild: Callable[[Looseness], ArticleView], c: Composer
                          ) -> ArticleView:
    """The article without a last page of ``SCRAP_LINES`` lines or fewer (大会。 alone on a
    page), where paragraphs from its end back (``SCRAP_TRIES`` of them at most) can each be
    set a line tighter, leaving no lone line more: as a typesetter saves a page. Unchanged
    when that does not empty it, or when a block begins the last page on purpose."""
    was = flow(view, c.s)
    pages = was.pages
    if pages < 2 or was.last_page_lines > SCRAP_LINES:
        return view
    changed = {index for index, _ in looseness}
    on = was.block_pages()
    trial, tried = view, looseness
    # a last page that a block begins on purpose (附件 on a new page) is never emptied
    if any(b.new_page and min(on.get(j, {0})) == pages for j, b in enumerate(view.blocks)):
        return view
    tries = 0
    for j in range(len(view.blocks) - 1, -1, -1):
        if tries >= SCRAP_TRIES:                # bounded: a long article costs no more
            break
        index = view.blocks[j].index
        if index is None or index in changed or not _may(trial.blocks[j], -1, c):
            continue
        tries += 1
        attempt = rebuild(tried | {(index, -1)})
        if len(attempt.blocks[j].line_starts) != len(trial.blocks[j].line_starts) - 1:
            continue
        trial, tried = attempt, tried | {(index, -1)}
        # on the way a line may stand alone; where the page is gone, none more may
        now = flow(trial, c.s)
        if now.pages < pages and len(now.lone) <= len(was.lone) \
                and len(now.short) <= len(was.short):
            return trial
    return view


#: Characters a line may take or give beyond the one the grid allows it (a squeezed mark):
#: a paragraph is only composed again when its last line leaves it a chance
SLACK = 2


def _may(block, delta: int, c: Composer) -> bool:
    """Could ``block`` be set a line tighter (``delta`` -1: its last line short enough for
    the lines before to take it, a character each) or looser (1: its last line long enough
    to spill a line when each line gives one)? Composing it again tells for sure; this only
    spares the compositions that cannot succeed."""
    n, last = len(block.line_starts), block.last_line
    if delta < 0:
        return n >= 2 and last <= n - 1 + SLACK
    return last >= c.s.chars_per_line - n - SLACK


def _cleared(view: ArticleView, k: int, page: int, last: bool, looseness: Looseness,
             rebuild: Callable[[Looseness], ArticleView], c: Composer
             ) -> tuple[ArticleView, Looseness] | None:
    """(view, looseness) with block ``k``'s lone line at the break after ``page`` gone
    (``last``: its last line, else its first) and none of its kind (an orphan's: none at
    all) come between the changed block and it, and no page more left short by a heading
    that moves on with its line (``Flow.short``); an orphan's, with no widow more in the
    article (the widows were settled first: a short last line atop a page is worse than a
    full first line at its foot). None when no paragraph can take it."""
    was = flow(view, c.s)
    on = was.block_pages()
    changed = {index for index, _ in looseness}
    near = [k] * last + [j for j in range(k - 1, -1, -1) if page in on.get(j, ())]
    for delta in (-1, 1):
        for j in near:
            index = view.blocks[j].index
            if index is None or index in changed or not _may(view.blocks[j], delta, c):
                continue
            trial = rebuild(looseness | {(index, delta)})
            if len(trial.blocks[j].line_starts) != len(view.blocks[j].line_starts) + delta:
                continue                        # it cannot be set so
            now = flow(trial, c.s)
            if any(j <= w <= k and (is_last or not last) for w, _, is_last in now.lone):
                continue                        # it stays, or another comes before it
            if not last and now.widows > was.widows:
                continue                        # a widow comes later
            if len(now.short) > len(was.short):
                continue                        # a heading moving on leaves a page short
            return trial, looseness | {(index, delta)}
    return None
