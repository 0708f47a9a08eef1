"""An article the 目录 gives one page fewer than its text fills on the grid, set in them.

One page of a printed issue may hold more than the others: a footnote at its foot, a page
set tighter — or text the importer took for a page of its own (a footnote line between the
halves of a paragraph cut by a page end makes two recorded ends where the print had one).
Setting that article a page longer would move every later article off its 目录 page, and
the page list would look wrong everywhere after it. So the article keeps its 目录 pages:
its pages may hold up to the closest pitch's lines (justify.py sets them closer), and when
that is not enough — a recorded end opens a page too many — one recorded end is not kept.
The plan names the page once, with the article's file.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from . import calibrate, paginate
from .paginate import Row


@dataclass(frozen=True)
class Relaxed:
    """How an article is set in a page fewer than its text fills on the grid."""
    rows: list[Row]             # its rows, the row of the end not kept no longer forced
    lines: int                  # the most lines a page of it holds
    dropped: int | None         # the row of the recorded end not kept (None: all kept)


@dataclass(frozen=True)
class Squeeze:
    """The page of an article the plan set fuller than the grid to keep the 目录's pages."""
    article: str
    page: int                   # the page that holds more (or runs on past a dropped end)
    at: str | None              # the article's file
    pages: int                  # pages it is set in (its 目录 pages, as a rule)
    fills: int                  # pages its text fills on the grid
    held: int                   # lines that page holds
    grid: int                   # lines of the grid's full page
    dropped: tuple[int, int] | None = None      # (block, offset) of the end not kept
    moved_from: int | None = None   # its 目录 page, when the plan starts it later

    def line(self) -> str:
        where = f"{self.at}: " if self.at else ""
        head = (f"{where}page {self.page} ({self.article}): the article is set in "
                f"{self.pages} page(s), its text fills {self.fills} on the grid (so the "
                "articles after it keep their 目录 pages)")
        if self.dropped is None:
            body = (f": page {self.page} holds {self.held} lines (the grid {self.grid}), set "
                    "closer")
            why = " (did the printed page hold more: a footnote, a tighter page?)"
        else:
            block, offset = self.dropped
            body = (f": the page end recorded at block {block}, character {offset} is not "
                    f"kept, page {self.page} runs on past it ({self.held} lines, the grid "
                    f"{self.grid})")
            why = ("; is the text before that end a footnote or a page's foot rather than a "
                   "page of its own?")
        if self.moved_from is not None:
            why = (f"; it starts after its 目录 page {self.moved_from}, where the page list "
                   "note says why")
        return head + body + why


def relax(rows: list[Row], count: int, lines: int, most: int, target: int
          ) -> Relaxed | None:
    """``rows`` set in ``count`` pages, fewer than they fill on pages of ``lines`` lines
    (the caller asks one fewer): pages of up to ``most`` lines first (every recorded end
    kept), else one recorded end not kept, on ``lines`` lines or else ``most``. None when
    neither does (a 目录 page further off is a contradiction, not a full page)."""
    if count < 1:
        return None
    closer = _fewest_lines(lines + 1, most, lambda cap: paginate.fits(rows, cap, count))
    if closer is not None:
        for cap in range(closer, most + 1):
            if _settable(rows, cap, count, most, target):
                return Relaxed(rows, cap, None)
    for cap in sorted({lines, most}):
        found = _dropping_one(rows, count, cap, target)
        if found is not None and _settable(found.rows, found.lines, count, most, target):
            return found
    return None


def _settable(rows: list[Row], lines: int, count: int, most: int, target: int) -> bool:
    """Whether every page of the plan can be set: a page over the grid has its body lines
    set closer (justify.py), its title block's lines staying on the grid's pitch, so a
    title line takes ``most / target`` of the closest pitch's lines (a title block of ten
    bylines leaves the body less room than ``most`` lines; the page would run over)."""
    starts = paginate.plan_article(rows, lines, count, target=target).starts
    for a, b in zip(starts, starts[1:] + [len(rows)]):
        title = sum(1 for r in rows[a:b] if r.view < 0)
        if b - a > target and title * most / target + (b - a - title) > most:
            return False
    return True


def _fewest_lines(lo: int, hi: int, fits) -> int | None:
    """The fewest lines in ``lo``..``hi`` with which ``fits(lines)`` holds (more lines never
    stop a fit: calibrate's binary search), None when even ``hi`` does not."""
    if lo > hi:
        return None
    lines, fit, _ = calibrate.lines_per_page(lo, hi, lambda n: (int(fits(n)), 1))
    return lines if fit else None


def _dropping_one(rows: list[Row], count: int, cap: int, target: int) -> Relaxed | None:
    """The recorded end whose loss lets ``rows`` fill ``count`` pages of ``cap`` lines at the
    planner's least cost; of equal ones the earlier (text extracted after a page's body — a
    footnote, the page's foot — comes before the page's true end, the later one)."""
    best: tuple[float, int, list[Row]] | None = None
    for k, row in enumerate(rows):
        if not row.forced:
            continue
        relaxed = rows[:k] + [replace(row, forced=False)] + rows[k + 1:]
        plan = paginate.plan_article(relaxed, cap, count, target=target)
        if plan.fits and (best is None or plan.cost < best[0]):
            best = (plan.cost, k, relaxed)
    return Relaxed(best[2], cap, best[1]) if best is not None else None
