"""Generated source-edition issues: other article sets and orders, extra page cuts, each on
its own page list (every article keeps the number of source pages it had, one more for each
extra cut, and the pages are counted afresh from 1)."""
from __future__ import annotations

import random
from dataclasses import replace

from publish.model import PARAGRAPH, Issue, PageBreak, TocEntry
from publish.textrules import TERMINAL


def _extra_cut(article, rng: random.Random) -> PageBreak | None:
    """A page end inside a paragraph that has none yet, not after a full stop."""
    options = []
    for i, block in enumerate(article.blocks):
        text = block.body_text
        if block.type != PARAGRAPH or len(text) < 80 or any(
                pb.block == i for pb in article.page_breaks):
            continue
        options += [(i, k) for k in range(30, len(text) - 30, 7)
                    if text[k - 1] not in TERMINAL and not text[k - 1].isspace()
                    and not text[k].isspace()]
    if not options:
        return None
    return PageBreak(*rng.choice(options))


def variant(issue: Issue, seed: int, count: int | None = None, cuts: int = 2) -> Issue:
    rng = random.Random(seed)
    arts = list(issue.articles)
    pages = {a.id: b.page - a.page for a, b in zip(arts, arts[1:])}
    pool = [a for a in arts if a.id in pages]
    rng.shuffle(pool)
    chosen = pool[:count or rng.randint(3, 6)]
    cut_in = set(rng.sample(range(len(chosen)), min(cuts, len(chosen))))
    out, toc, page = [], [], 1
    for k, art in enumerate(chosen):
        n = pages[art.id]
        if k in cut_in and (extra := _extra_cut(art, rng)) is not None:
            art = replace(art, page_breaks=tuple(sorted(
                art.page_breaks + (extra,), key=lambda p: (p.block, p.offset))))
            n += 1
        out.append(replace(art, page=page))
        toc.append(TocEntry(art.title, page))
        page += n
    return replace(issue, id=f"variant-{seed}", articles=tuple(out), toc=tuple(toc))


def excerpt(issue: Issue, start: int, count: int) -> Issue:
    """``count`` consecutive articles from the ``start``-th on, keeping their own page
    numbers (an excerpt of the printed issue: the first page is not 1)."""
    arts = issue.articles[start:start + count]
    toc = tuple(TocEntry(a.title, a.page) for a in arts)
    return replace(issue, id=f"excerpt-{start}", articles=arts, toc=toc)
