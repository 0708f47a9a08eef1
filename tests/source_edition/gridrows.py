"""Made-up grid rows for the page planner's tests (a helper, not a test module)."""
from __future__ import annotations

from publish.source_edition.paginate import Row


def rows_of(blocks: list[int], forced: set[int] = frozenset()) -> list[Row]:
    """Rows of an article whose title takes 2 lines and whose blocks take ``blocks`` lines
    (the blocks in ``forced`` open a page: a recorded end)."""
    rows = [Row(-1, -1, 0, k == 0, False, False, True) for k in range(2)]
    for b, n in enumerate(blocks):
        rows += [Row(b, b, k * 28, k == 0, k > 0, b in forced and k == 0, False)
                 for k in range(n)]
    return rows
