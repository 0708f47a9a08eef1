"""Footnotes are set by Word's built-in footnote styles, not by direct formatting: Word
applies ``footnote text`` and ``footnote reference`` to a note an editor inserts, so it
looks like the notes the writer made (before, Word made its own ``footnote text`` on
Normal, the body's exact 28.95 pt line under 9 pt type, beside 12 pt single-spaced notes)."""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from publish.docxkit import footnotes
from publish.docxkit.xml import el, sub, w
from publish.model import PARAGRAPH, Article, Block, Issue, Span
from publish.writers import BuildOptions
from publish.writers import docx as writer
from tests.writers.footnoted import note


def _parts() -> dict[str, etree._Element]:
    issue = Issue(id="n", title="刊", date="2024-03-01", articles=(Article(
        id="a", title="标题", blocks=(Block(PARAGRAPH, (Span("正文"), note("注释文字。"),
                                                         Span("。"))),)),))
    z = zipfile.ZipFile(io.BytesIO(writer.render(issue, BuildOptions())))
    return {name: etree.fromstring(z.read(f"word/{name}.xml"))
            for name in ("document", "footnotes", "styles")}


def _style_names(styles: etree._Element) -> dict[str, str]:
    return {s.get(w("styleId")): s.find(w("name")).get(w("val"))
            for s in styles.findall(w("style"))}


def test_notes_and_calls_are_set_by_words_footnote_styles():
    parts = _parts()
    names = _style_names(parts["styles"])
    assert names[footnotes.TEXT_STYLE[0]] == "footnote text"
    assert names[footnotes.REFERENCE_STYLE[0]] == "footnote reference"
    notes = [n for n in parts["footnotes"].findall(w("footnote")) if n.get(w("type")) is None]
    assert notes
    for n in notes:
        assert [p.get(w("val")) for p in n.iter(w("pStyle"))] == [footnotes.TEXT_STYLE[0]]
        assert not list(n.iter(w("spacing"), w("ind"), w("sz"), w("vertAlign")))
    calls = [r for r in parts["document"].iter(w("r")) if r.find(w("footnoteReference")) is not None]
    assert calls
    for call in calls:
        assert call.find(f"{w('rPr')}/{w('rStyle')}").get(w("val")) == footnotes.REFERENCE_STYLE[0]
        assert call.find(f"{w('rPr')}/{w('vertAlign')}") is None


def test_a_footnote_style_of_the_reference_is_kept_under_our_id():
    styles = el("styles")
    own = sub(styles, "style", {"type": "paragraph", "styleId": "a5"})
    sub(own, "name", {"val": "footnote text"})
    footnotes.add_styles(styles)
    names = _style_names(styles)
    assert list(names.values()).count("footnote text") == 1
    assert names[footnotes.TEXT_STYLE[0]] == "footnote text"
    assert names[footnotes.REFERENCE_STYLE[0]] == "footnote reference"
    footnotes.add_styles(styles)                                      # idempotent
    assert len(styles) == 2


def test_a_style_based_on_or_linked_to_the_renamed_one_follows_it():
    """Word links footnote text to its character style and may base others on it: renamed
    to our id, it left those naming the old id."""
    styles = el("styles")
    own = sub(styles, "style", {"type": "paragraph", "styleId": "a5"})
    sub(own, "name", {"val": "footnote text"})
    sub(own, "link", {"val": "a6"})
    char = sub(styles, "style", {"type": "character", "styleId": "a6"})
    sub(char, "name", {"val": "footnote text Char"})
    sub(char, "link", {"val": "a5"})
    child = sub(styles, "style", {"type": "paragraph", "styleId": "notes2"})
    sub(child, "basedOn", {"val": "a5"})
    sub(child, "next", {"val": "a5"})
    footnotes.add_styles(styles)
    ident = footnotes.TEXT_STYLE[0]
    assert char.find(w("link")).get(w("val")) == ident
    assert child.find(w("basedOn")).get(w("val")) == ident
    assert child.find(w("next")).get(w("val")) == ident
