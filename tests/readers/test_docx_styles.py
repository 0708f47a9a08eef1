"""A paragraph style's role: our id first, then the alias it was built with, then its name."""
from __future__ import annotations

import pytest
from docx import Document

from publish.docxkit.xml import sub
from publish.readers.docx import _Styles


def _styles(*styles: tuple[str, str, str]) -> _Styles:
    doc = Document()
    root = doc.styles.element
    for style_id, name, alias in styles:
        node = sub(root, "style", {"type": "paragraph", "styleId": style_id})
        sub(node, "name", {"val": name})
        if alias:
            sub(node, "aliases", {"val": alias})
    return _Styles(doc)


# how a DOCX built before 一、 became "heading 2" named its heading styles
OLD = [("SectionHeading1", "heading 2", "一级标题（一）"),
       ("SectionHeading2", "heading 3", "二级标题（一、）"),
       ("SectionHeading3", "heading 4", "三级标题（（一））")]


@pytest.mark.parametrize("renamed", [False, True])
def test_an_older_docx_keeps_its_heading_levels(renamed):
    """Our ids did not change, the names did: by name, an older file's lone numerals (then
    "heading 2") read as 一、 headings and its 一、 as （一）. Word or WPS may rename the ids
    (to 2, 3, 4): the aliases still tell."""
    rows = [(f"x{k}" if renamed else sid, name, alias) for k, (sid, name, alias)
            in enumerate(OLD)]
    styles = _styles(*rows)
    assert [styles.spec(sid).level for sid, _, _ in rows] == [1, 2, 3]


def test_a_style_from_words_gallery_reads_by_its_name():
    styles = _styles(("Heading2", "heading 2", ""), ("Heading3", "heading 3", ""))
    assert styles.spec("Heading2").level == 2 and styles.spec("Heading3").level == 3
    assert styles.spec("Unknown") is None


def test_an_alias_among_several_still_tells():
    """Word keeps aliases comma-separated: an editor's own added beside ours."""
    styles = _styles(("x1", "heading 3", "二级标题（一、）,我的标题"),
                     ("x2", "heading 2", "我的标题,一级标题（一）"))
    assert styles.spec("x1").level == 2 and styles.spec("x2").level == 1
