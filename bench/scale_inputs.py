"""Synthetic inputs for bench/scale.py: a raw issue or a corpus with many 目录 entries and
articles, and one issue whose single paragraph is very long. Seeded: same input every run."""
from __future__ import annotations

import random
from pathlib import Path

# common characters of the bundled issue's kind of text
_CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
          "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小"
          "物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形"
          "相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建"
          "月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长"
          "求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战")


def _title(rng: random.Random, i: int) -> str:
    body = "".join(rng.choice(_CHARS) for _ in range(rng.randint(10, 24)))
    return f"{body}（{i}）"


def _paragraph(rng: random.Random, chars: int) -> str:
    out = []
    while chars > 0:
        n = min(chars, rng.randint(15, 40))
        out.append("".join(rng.choice(_CHARS) for _ in range(n)) + rng.choice("，，，。"))
        chars -= n + 1
    text = "".join(out)
    return text[:-1] + "。"


def raw_issue(path: Path, articles: int, paragraphs: int = 2, seed: int = 7) -> Path:
    """Raw extracted text in the seed's form with ``articles`` articles and 目录 lines."""
    rng = random.Random(seed)
    titles = [_title(rng, i) for i in range(1, articles + 1)]
    lines = ["内蒙古科技大学", "INNER MONGOLIA UNIVERSITY OF SCIENCE & TECHNOLOGY", "",
             "理论学习参考", "", "(2024年 第2期)", "", "党委宣传部", "", "目 录", ""]
    lines += [f"{t}\t{k + 1}" for k, t in enumerate(titles)]
    lines.append("")
    for t in titles:
        lines += [t, "(2024-01-10 来源：新华社)", ""]
        for _ in range(paragraphs):
            lines += [_paragraph(rng, rng.randint(80, 200)), ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def long_paragraph_corpus(root: Path, chars: int, seed: int = 7) -> Path:
    """A corpus of one article whose body is one paragraph of ``chars`` characters."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from publish import corpus
    from publish.model import PARAGRAPH, Article, Block, Issue, Span, TocEntry
    rng = random.Random(seed)
    art = Article(id="long", title="一个很长的段落", date="2024-01-10", source="新华社", page=1,
                  blocks=(Block(PARAGRAPH, (Span(_paragraph(rng, chars)),)),))
    issue = Issue(id="long", number="2024年第2期", date="2024-02-23",
                  toc=(TocEntry(art.title, 1),), articles=(art,))
    corpus.save(issue, root)
    return root
