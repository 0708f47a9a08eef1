"""Small hand-made corpora for the source edition's tests (a helper, not a test module):
made-up text, no seed titles or line numbers."""
from __future__ import annotations

from pathlib import Path

SENTENCE = "全面推进各项工作，加强制度建设，提高治理能力和水平，"


def para(chars: int) -> str:
    """A paragraph of ``chars`` characters ending with a full stop."""
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars - 1] + "。"


def write_corpus(root: Path, articles: list[tuple[str, str, int | None]],
                 toc: list[tuple[str, int]] | None = None) -> Path:
    """A corpus of (title, body, page) articles; ``toc`` defaults to their titles and pages."""
    (root / "articles").mkdir(parents=True)
    toc = toc if toc is not None else [(t, p) for t, _, p in articles]
    lines = ["id: handmade", "title: 理论学习参考", "number: 2025年第1期",
             "institution: 某大学", "publisher: 党委宣传部", "date: '2025-01-15'",
             "language: zh-CN", "toc:"]
    lines += [f"- title: {t}\n  page: {p}" for t, p in toc]
    lines += ["articles:"] + [f"- {k + 1:02d}-a{k + 1}.md" for k in range(len(articles))]
    (root / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for k, (title, body, page) in enumerate(articles):
        front = (f"---\nid: a{k + 1}\ntitle: {title}\ndate: '2025-01-10'\nsource: 新华社\n"
                 + (f"page: {page}\n" if page is not None else "") + "---\n\n")
        (root / "articles" / f"{k + 1:02d}-a{k + 1}.md").write_text(front + body + "\n",
                                                                   encoding="utf-8")
    return root
