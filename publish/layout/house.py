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
paragraph on it or the page before set a line tighter. Last, an
article whose last page holds a line or two has paragraphs from its end back set tighter,
one at a time, until that page is gone (where they can be).
"""
from __future__ import annotations

import copy
from collections.abc import Callable

from .document import ArticleView, Composer, Looseness
from .pages import flow


class HouseComposer(Composer):
    """The house composer, with an article's lone lines settled (see the module)."""

    def settled(self, view: ArticleView, rebuild: Callable[[Looseness], ArticleView]
                ) -> ArticleView:
        rebuild = _budgeted(rebuild, SETTLE_TRIES)
        looseness: Looseness = frozenset()
        try:
            for widows in (True, False):        # the widows first (see _cleared)
                left: set[int] = set()          # lone lines no paragraph could take
                for _ in range(len(view.blocks)):
                    found = [(k, page) for k, page, last in flow(view, self.s).lone
                             if last == widows and k not in left]
                    if not found:
                        break
                    k, page = found[0]
                    trial = _cleared(view, k, page, widows, looseness, rebuild, self)
                    if trial is None:
                        left.add(k)
                        continue
                    view, looseness = trial
            view = _title_room(view, self.s)
            view, looseness = _without_short_pages(view, looseness, rebuild, self)
            return _without_a_scrap_page(view, looseness, rebuild, self)
        except _Spent:                          # as settled so far: every change kept holds
            return view


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
