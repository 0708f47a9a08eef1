"""The embedded faces (``--embed-fonts``) hold every character the book sets in them: bold
text the reading CSS sets outside headings and <b>, and the sans roles, whose stack must
fall back to the embedded serif where the reader has no Chinese face (tofu before)."""
from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont

from publish.model import (ATTACHMENT, ATTACHMENT_TITLE, BOLD, PARAGRAPH, Article, Block,
                           Issue, Span)
from publish.writers import BuildOptions
from publish.writers import epub as writer
from tests.writers.epub_checks import NS, Book
from tests.writers.footnoted import note

#: what reading.css sets bold beyond headings, decks and <b>: each a place the bold subset
#: once missed (附件 and 注释 printed as tofu on a reader without a Chinese face)
BOLD_OUTSIDE_HEADINGS = ("//x:p[@class='attachment']", "//x:p[@class='footnotes-heading']",
                         "//x:span[contains(@class, 'lead-2')]", "//x:a[@class='backlink']")


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Book:
    """A small issue with a run-in 一、 heading, a footnote and an attachment, fonts embedded."""
    blocks = (
        Block(PARAGRAPH, (Span("一、坚持稳中求进。深化改革扩大开放"), note("参见某某文件。"),
                          Span("，推动"), Span("高质量发展", BOLD), Span("。"))),
        Block(ATTACHMENT, (Span("附件 1"),)),
        Block(ATTACHMENT_TITLE, (Span("重点任务清单"),)),
        Block(PARAGRAPH, (Span("落实各项任务。"),)),
    )
    issue = Issue(id="f", title="理论学习参考", number="2024年第3期", date="2024-03-01",
                  language="zh-CN", articles=(Article(id="a", title="政府工作报告",
                                                      blocks=blocks),))
    path = tmp_path_factory.mktemp("epub-fonts") / "f.epub"
    writer.write(issue, path, BuildOptions(embed_fonts=True))
    return Book(path.read_bytes())


def _face(book: Book, weight: str) -> set[str]:
    item = next(i for i in book.manifest.values() if weight in i.get("href", "")
                and i.get("media-type", "").startswith("font/"))
    font = TTFont(io.BytesIO(book.zip.read(book.path(item.get("href")))))
    return {chr(c) for c in font.getBestCmap()}


def _css(book: Book) -> str:
    return next(book.zip.read(book.path(i.get("href"))).decode()
                for i in book.manifest.values() if i.get("media-type") == "text/css")


def test_the_bold_face_holds_what_the_css_sets_bold_outside_headings(book):
    bold = _face(book, "bold")
    found = {}
    for doc in book.spine():
        root = book.xml(doc)
        for path in BOLD_OUTSIDE_HEADINGS:
            for el in root.xpath(path, namespaces=NS):
                found.setdefault(path, "")
                found[path] += "".join(el.itertext())
    assert set(found) == set(BOLD_OUTSIDE_HEADINGS), "the issue lacks a kind of bold text"
    missing = {path: sorted(set(text) - bold - {" "}) for path, text in found.items()}
    assert not any(missing.values()), missing


def test_every_face_stack_falls_back_to_the_embedded_serif(book):
    css = _css(book)
    body = re.sub(r"@font-face\s*\{[^}]*\}", "", css)
    stacks = re.findall(r"font-family:\s*([^;}]+)", body)
    assert stacks
    lacking = [s for s in stacks if f'"{writer.FONT_FAMILY}"' not in s]
    assert not lacking, lacking
