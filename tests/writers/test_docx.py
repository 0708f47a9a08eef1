"""The DOCX for editors: its XML (fonts, language, page setup, fields, styles), its
reproducibility, and LibreOffice's rendering of it (titles in order, Chinese faces)."""
from __future__ import annotations

import collections
import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from jinja2 import ChoiceLoader, DictLoader
from lxml import etree

from publish import corpus
from publish.templating import wording
from publish.docxkit import config, package
from publish.docxkit import styles as docx_styles
from publish.docxkit.xml import w
from publish.errors import UserError
from publish.model import (
    BOLD,
    Article,
    Block,
    Issue,
    PageBreak,
    PageStart,
    Pagination,
    Span,
    TocEntry,
)
from publish.text.normalize import fold
from publish.writers import BuildOptions, build_epoch
from publish.writers import docx as writer
from tests import tools
from tests.paths import BUNDLED
from tests.writers import docx_folios

W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
W_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def issue() -> Issue:
    return corpus.load(BUNDLED)


@pytest.fixture(scope="module")
def built(issue, tmp_path_factory) -> Path:
    """The bundled issue's DOCX as the build writes it: with the source edition's pages."""
    from publish.source_edition import plan
    path = tmp_path_factory.mktemp("docx") / f"{issue.id}.docx"
    writer.write(issue, path, BuildOptions(), plan(issue).pagination)
    return path


def parts(path_or_bytes) -> dict[str, etree._Element]:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith(".xml")}


@pytest.fixture(scope="module")
def xml(built) -> dict[str, etree._Element]:
    return parts(built)


def paragraphs(doc: etree._Element) -> list[etree._Element]:
    return doc.findall(".//w:body/w:p", W)


def style_of(p: etree._Element) -> str | None:
    node = p.find("w:pPr/w:pStyle", W)
    return node.get(w("val")) if node is not None else None


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")) if t.getparent().getparent().tag
                   != w("del"))


def style_ppr(styles: etree._Element, style_id: str, tag: str) -> etree._Element | None:
    """A paragraph property as the style resolves it (its basedOn chain)."""
    by_id = docx_styles.style_ids(styles)
    while style_id:
        node = by_id[style_id]
        found = node.find(f"w:pPr/w:{tag}", W)
        if found is not None:
            return found
        based = node.find("w:basedOn", W)
        style_id = based.get(w("val")) if based is not None else None
    return None


def small_issue(**changes) -> Issue:
    """Every block type, bold, a list item and characters XML forbids."""
    blocks = (
        Block("paragraph", (Span("开头"), Span("加粗的话", BOLD), Span("结尾。\x0b\x01"))),
        Block("heading", (Span("一"),), level=1),
        Block("heading", (Span("一、总体要求"),), level=2),
        Block("heading", (Span("（一）指导思想"),), level=3),
        Block("list_item", (Span("第一项内容。"),), label="1."),
        Block("note", (Span("※注释。"),)),
        Block("attribution", (Span("（2024年1月1日在会议上的讲话）"),)),
        Block("salutation", (Span("同志们："),)),
        Block("signature", (Span("某某单位"),)),
        Block("date", (Span("2024年1月1日"),)),
        Block("attachment", (Span("附件 1"),)),
        Block("attachment_title", (Span("附件标题"),)),
    )
    arts = (
        Article("first", "第一篇\x0c文章", date="2024-01-01", source="来源甲",
                bylines=("作者",), deck=("引题", "副题"), dateline="（题注）", page=3,
                blocks=blocks),
        Article("second", "第二篇文章", page=7, blocks=(Block("paragraph", (Span("正文。"),)),)),
    )
    base = Issue(id="t-1", title="测试刊", number="2024年第1期", institution="某大学",
                 publisher="某部", date="2024-03-01",
                 toc=(TocEntry("第一篇文章", 3), TocEntry("第二篇文章", 7)), articles=arts)
    return replace(base, **changes)


# ----------------------------------------------------------------------- the XML

@pytest.mark.slow
def test_python_docx_reopens_it(built, issue):
    doc = Document(str(built))
    names = {s.name.casefold() for s in doc.styles}      # python-docx says "Heading 1"
    assert {s.name.casefold() for s in config.STYLES if s.id != "Footer"} <= names
    titles = [p.text for p in doc.paragraphs if p.style.style_id == "ArticleTitle"]
    # python-docx shows the print line breaks as newlines
    assert [t.replace("\n", "") for t in titles] == [a.title for a in issue.articles]


@pytest.mark.slow
def test_every_style_resolves_to_an_east_asian_face(xml):
    styles = xml["word/styles.xml"]
    used = {style_of(p) for name, root in xml.items() for p in root.iter(w("p"))}
    used.discard(None)
    faces = {f.name for f in config.FACES.values()}
    assert used, "no styled paragraphs"
    for style_id in used | set(docx_styles.style_ids(styles)) - {"DefaultParagraphFont",
                                                                 "TableNormal", "NoList"}:
        face = docx_styles.resolve_east_asian(styles, style_id)
        assert face in faces, (style_id, face)
    # the defaults name one too, and no theme attribute can override a name
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", W)
    assert default.get(w("eastAsia")) in faces
    for name, root in xml.items():
        for fonts in root.iter(w("rFonts")):
            assert not [a for a in fonts.attrib if "theme" in a.lower()], name


@pytest.fixture(scope="module")
def built_free(issue, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx-free") / f"{issue.id}.docx"
    writer.write(issue, path, BuildOptions(docx_fonts="free"))
    return path


def test_free_faces_replace_every_office_face_and_keep_the_roles_apart(built_free):
    xml = parts(built_free)
    styles = xml["word/styles.xml"]
    office = {f.name for f in config.FACES.values()}
    for root in xml.values():
        for fonts in root.iter(w("rFonts")):
            assert not office & set(fonts.attrib.values()), etree.tostring(fonts)
    face = {sid: docx_styles.resolve_east_asian(styles, sid)
            for sid in ("Body", "ArticleTitle", "SectionHeading2", "SectionHeading3", "Byline")}
    assert face == {"Body": "Noto Serif CJK SC", "ArticleTitle": "Noto Serif CJK SC",
                    "SectionHeading2": "Noto Sans CJK SC", "SectionHeading3": "LXGW WenKai",
                    "Byline": "LXGW WenKai"}
    title = docx_styles.style_ids(styles)["ArticleTitle"]
    assert title.find("w:rPr/w:b", W) is not None             # the heavy title face's role
    assert docx_styles.style_ids(styles)["Body"].find("w:rPr/w:b", W) is None
    table = {n.get(w("name")) for n in xml["word/fontTable.xml"].findall("w:font", W)}
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC", "LXGW WenKai"} <= table


def test_an_unknown_face_set_is_a_user_error():
    with pytest.raises(UserError, match="face set"):
        writer.render(small_issue(), BuildOptions(docx_fonts="comic"))


@pytest.mark.slow
def test_language_is_zh_cn_never_japanese(xml, built):
    styles = xml["word/styles.xml"]
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", W)
    assert lang.get(w("eastAsia")) == "zh-CN"
    theme_lang = xml["word/settings.xml"].find("w:themeFontLang", W)
    assert theme_lang.get(w("eastAsia")) == "zh-CN"
    # no Latin language on the runs: calibre tags each paragraph with it (en-US →
    # lang="en"), and zh-CN makes LibreOffice break inside numbers
    assert {lang.get(w("val")) for root in xml.values() for lang in root.iter(w("lang"))} \
        == {config.LATIN_LANG}
    with zipfile.ZipFile(built) as zf:
        for name in zf.namelist():
            assert b"ja-JP" not in zf.read(name), name
            assert b"theme" not in name.encode()


@pytest.mark.slow
def test_a4_house_margins_grid_and_indent(xml, issue):
    doc = xml["word/document.xml"]
    sections = doc.findall(".//w:sectPr", W)
    assert len(sections) == 1 + len(issue.articles)          # the front, then each article
    grid_of = writer.source_grid(issue, BuildOptions())
    pitch = str(grid_of.pitch if grid_of else config.LINE_PITCH)
    for k, sect in enumerate(sections):
        size = sect.find("w:pgSz", W)
        assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
        mar = sect.find("w:pgMar", W)
        assert [mar.get(w(k)) for k in ("top", "bottom", "left", "right")] == \
            ["2098", "1984", "1587", "1474"]
        grid = sect.find("w:docGrid", W)
        assert (grid.get(w("type")), grid.get(w("linePitch"))) == (
            "lines", "579" if k == 0 else pitch)
    styles = xml["word/styles.xml"]
    spacing = style_ppr(styles, "Body", "spacing")
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == (pitch, "exact")
    ind = style_ppr(styles, "Body", "ind")
    assert ind.get(w("firstLineChars")) == "200"
    assert ind.get(w("firstLine")) == str(2 * config.BODY_SIZE * 20)
    # 22 lines of 28.95 pt fill the type area
    type_height = config.PAGE_HEIGHT - config.MARGIN_TOP - config.MARGIN_BOTTOM
    assert abs(config.LINES_PER_PAGE * config.LINE_PITCH - type_height) < config.LINE_PITCH / 2
    # 28 characters (condensed body spacing) fit the measure, 29 do not
    pitch = config.BODY_SIZE * 20 + config.BODY_CHAR_SPACING
    assert 28 * pitch <= config.TEXT_WIDTH < 29 * pitch


@pytest.mark.slow
def test_each_article_starts_a_new_page_at_outline_level_1(xml, issue):
    doc, styles = xml["word/document.xml"], xml["word/styles.xml"]
    titles = [p for p in paragraphs(doc) if style_of(p) == "ArticleTitle"]
    assert [text_of(p) for p in titles] == [a.title for a in issue.articles]
    assert style_ppr(styles, "ArticleTitle", "pageBreakBefore") is not None
    assert style_ppr(styles, "ArticleTitle", "outlineLvl").get(w("val")) == "0"
    for level, outline in ((1, 1), (2, 1), (3, 2)):        # 0-based, as Word writes it
        lvl = style_ppr(styles, f"SectionHeading{level}", "outlineLvl")
        assert int(lvl.get(w("val"))) == outline
    for style_id in ("Body", "TOCHeading", "TOC1", "Cover", "HeadlineGroup"):
        assert style_ppr(styles, style_id, "outlineLvl") is None


@pytest.mark.slow
def test_cover_and_toc_are_unnumbered_articles_numbered_from_their_pages(xml, issue):
    doc = xml["word/document.xml"]
    front, first, *_, body = doc.findall(".//w:sectPr", W)
    assert front.getparent().tag == w("pPr")          # ends the cover/目录 section
    assert front.find("w:footerReference", W) is None
    assert front.find("w:pgNumType", W) is None
    for sect in (first, body):
        refs = {r.get(w("type")) for r in sect.findall("w:footerReference", W)}
        assert refs == {"default", "even"}
    assert first.find("w:pgNumType", W).get(w("start")) == str(issue.articles[0].page)
    assert body.find("w:pgNumType", W).get(w("start")) == str(issue.articles[-1].page)
    assert xml["word/settings.xml"].find("w:evenAndOddHeaders", W) is not None
    # the first paragraph after the front section is the first article's title
    ps = paragraphs(doc)
    end = next(i for i, p in enumerate(ps) if p.find("w:pPr/w:sectPr", W) is not None)
    assert style_of(ps[end + 1]) == "ArticleTitle"
    assert {style_of(p) for p in ps[:end + 1]} <= {
        "Cover", *config.COVER_STYLE.values(), "TOCHeading", "TOC1"}


@pytest.mark.slow
def test_page_number_fields_at_the_outside_corner(xml, built):
    doc_rels = etree.fromstring(zipfile.ZipFile(built).read("word/_rels/document.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in doc_rels}
    body = xml["word/document.xml"].findall(".//w:sectPr", W)[-1]
    sides = {}
    for ref in body.findall("w:footerReference", W):
        footer = xml["word/" + target[ref.get(f"{{{W_R}}}id")]]
        p = footer.find("w:p", W)
        assert " PAGE " in "".join(t.text for t in footer.iter(w("instrText")))
        assert [f.get(w("fldCharType")) for f in footer.iter(w("fldChar"))] == \
            ["begin", "separate", "end"]
        texts = [t.text for t in p.iter(w("t"))]
        assert texts[0] == "— " and texts[-1] == " —"
        sides[ref.get(w("type"))] = p.find("w:pPr/w:jc", W).get(w("val"))
    assert sides == {"default": "right", "even": "left"}


def toc_entries(doc: etree._Element) -> list[tuple[str, str, str]]:
    """(title, page, anchor) of each pre-filled TOC line: the text from its link on, the
    page the PAGEREF after it shows."""
    out = []
    for p in doc.iter(w("p")):
        link = p.find("w:hyperlink", W)
        if link is None:
            continue
        runs = list(p.iter(w("r")))
        title, page, state = "", "", "title"
        for r in runs[runs.index(next(link.iter(w("r")))):]:
            kind = r.find("w:fldChar", W)
            if kind is not None and state != "done":
                state = {"begin": "code", "separate": "page", "end": "done"}[
                    kind.get(w("fldCharType"))]
            text = "".join(t.text or "" for t in r.iter(w("t")))
            if state == "title":
                title += text
            elif state == "page":
                page += text
        out.append((title, page, link.get(w("anchor"))))
    return out


def test_a_toc_line_links_its_title_alone():
    """The link of a 目录 line holds the title, not its page number: calibre names the
    chapters of a DOCX by the text of those links (“title 1” before)."""
    issue = small_issue()
    doc = parts(writer.render(issue, BuildOptions()))["word/document.xml"]
    links = list(doc.iter(w("hyperlink")))
    assert [fold("".join(t.text or "" for t in link.iter(w("t"))))
            for link in links] == [fold(a.title) for a in issue.articles]
    for link in links:
        assert link.find(".//w:fldChar", W) is None and link.find(".//w:tab", W) is None
    assert [p for _, p, _ in toc_entries(doc)] == [str(a.page) for a in issue.articles]


@pytest.mark.slow
def test_a_real_toc_field_prefilled_in_order(xml, issue):
    doc = xml["word/document.xml"]
    instr = [t.text for t in doc.iter(w("instrText"))]
    tocs = [i for i in instr if i.strip().startswith("TOC ")]
    assert len(tocs) == 1 and 'TOC \\o "1-1" \\h' in tocs[0]
    entries = toc_entries(doc)
    assert [t for t, _, _ in entries] == [a.title for a in issue.articles]
    # without a print layout the pages are the source 目录's
    assert [p for _, p, _ in entries] == ["" if a.page is None else str(a.page)
                                          for a in issue.articles]
    # each entry links to a bookmark on its article's title
    marks = {}
    for start in doc.iter(w("bookmarkStart")):
        marks[start.get(w("name"))] = start.getparent()
    for (title, _, anchor) in entries:
        assert style_of(marks[anchor]) == "ArticleTitle" and text_of(marks[anchor]) == title
        assert f" PAGEREF {anchor} \\h " in instr
    # the field is well formed: one begin/separate pair more than PAGEREFs, all ended
    kinds = [f.get(w("fldCharType")) for f in doc.iter(w("fldChar"))]
    assert kinds.count("begin") == kinds.count("end") == len(entries) + 1
    # the results are right as written: Word must not ask to update fields at every open
    assert xml["word/settings.xml"].find("w:updateFields", W) is None


def test_an_update_fields_setting_in_the_reference_is_dropped():
    settings = package.settings_xml()
    settings.append(etree.Element(w("updateFields"), {w("val"): "true"}))
    docx_styles.make_settings_chinese(settings)
    assert settings.find("w:updateFields", W) is None


def _based_on_chain(styles: etree._Element, style_id: str) -> list[str]:
    by_id, chain = docx_styles.style_ids(styles), []
    while style_id:
        node = by_id[style_id]
        chain.append(node.find("w:name", W).get(w("val")))
        based = node.find("w:basedOn", W)
        style_id = based.get(w("val")) if based is not None else None
    return chain


def test_titles_and_sections_are_words_built_in_headings(xml):
    """The title and section styles are named heading 1–4 (what calibre and pandoc look
    for), the attachment title is based on heading 2 (one level below its article)."""
    styles = xml["word/styles.xml"]
    for style_id, heading in (("ArticleTitle", "heading 1"), ("SectionHeading2", "heading 2"),
                              ("SectionHeading3", "heading 3")):
        assert _based_on_chain(styles, style_id)[0] == heading, style_id
    assert _based_on_chain(styles, "AttachmentTitle")[1:2] == ["heading 2"]
    assert _based_on_chain(styles, "SectionHeading1")[1:2] == ["heading 2"]
    names = [c[0] for c in map(lambda n: _based_on_chain(styles, n.get(w("styleId"))),
                                styles.findall(w("style")))]
    assert len(names) == len(set(names))                   # no name twice
    for style_id in ("Body", "SourceLine", "TOC1", "Attachment"):
        assert not any(n.startswith("heading") for n in _based_on_chain(styles, style_id))


def _stringify(inlines: list) -> str:
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind == "Space":
            out.append(" ")
        elif kind == "LineBreak":
            out.append("\n")
        elif kind in ("Strong", "Emph", "Span", "Link"):
            out.append(_stringify(content[-1] if kind == "Span" else
                                  content[1] if kind == "Link" else content))
    return "".join(out)


@pytest.mark.slow
def test_pandoc_reads_the_titles_and_sections_as_headers(built, issue):
    import json
    proc = subprocess.run([tools.require("pandoc"), "-f", "docx", "-t", "json", str(built)],
                          capture_output=True, text=True, timeout=300, check=True)
    headers = [(b["c"][0], _stringify(b["c"][2]))
               for b in json.loads(proc.stdout)["blocks"] if b["t"] == "Header"]
    # the titles, with the print line breaks (pandoc drops a space before a line break)
    from publish.layout.title_breaks import title_parts
    assert [t for level, t in headers if level == 1] == [
        "\n".join(part.rstrip() for part in title_parts(a.title)) for a in issue.articles]
    # sections one level per model level below the title, attachment titles one below it
    sections = [(level, t) for level, t in headers if level > 1]
    want = [({1: 2, 2: 2, 3: 3}[b.level] if b.type == "heading" else 2, b.text)
            for a in issue.articles for b in a.blocks
            if b.type == "heading" and b.level in (1, 2, 3) or b.type == "attachment_title"]
    assert sections == want and sections
    assert any(b.type == "attachment_title" for a in issue.articles for b in a.blocks)


def test_toc_takes_the_print_pages_from_the_pagination():
    issue = small_issue()
    layout = Pagination(tuple(PageStart(number=10 * i + 5, article=a.id, block=-1)
                              for i, a in enumerate(issue.articles, 1)))
    data = writer.render(issue, BuildOptions(), layout)
    pages = [p for _, p, _ in toc_entries(parts(data)["word/document.xml"])]
    assert pages == [str(layout.start_page(a.id)) for a in issue.articles]
    # an article the layout does not know keeps its 目录 page
    partial = Pagination(layout.pages[:1])
    data = writer.render(issue, BuildOptions(), partial)
    pages = [p for _, p, _ in toc_entries(parts(data)["word/document.xml"])]
    assert pages == [str(layout.pages[0].number), str(issue.articles[1].page)]


@pytest.mark.slow
def test_core_properties_from_the_issue(built, issue):
    props = Document(str(built)).core_properties
    assert issue.title in props.title and issue.number in props.title
    assert issue.publisher in props.author
    assert props.language == "zh-CN"
    stamp = dt.datetime.fromtimestamp(build_epoch(issue), dt.UTC)
    assert props.created == props.modified == stamp
    assert props.identifier == issue.id


def test_calibre_reads_the_publisher_and_the_description_as_the_epubs(tmp_path):
    """calibre's DOCX metadata: publisher from app.xml's Company, comments from the
    description (it showed neither; the EPUB has both)."""
    issue = small_issue()
    path = tmp_path / "t.docx"
    path.write_bytes(writer.render(issue, BuildOptions()))
    props = Document(str(path)).core_properties
    assert props.comments == wording.description(issue) and str(len(issue.articles)) in props.comments
    app = parts(path)["docProps/app.xml"]
    company = app.find(f"{{{package.APP_NS}}}Company")
    assert company is not None and company.text == issue.institution + issue.publisher
    assert app.find(f"{{{package.APP_NS}}}Application").text == "publish"
    meta = subprocess.run([tools.require("ebook-meta"), str(path)], capture_output=True,
                          text=True, timeout=300, check=True).stdout
    fields = dict(re.findall(r"^(\w[\w ()]*?)\s*:\s*(.*)$", meta, re.M))
    assert fields["Publisher"] == issue.institution + issue.publisher
    assert fields["Comments"] == wording.description(issue)
    assert fields["Title"] == f"{issue.title} {issue.number}" and fields["Languages"] == "zho"


@pytest.mark.slow
def test_byte_identical_across_builds(issue, built, tmp_path, monkeypatch):
    from publish.source_edition import plan
    again = tmp_path / "again.docx"
    writer.write(issue, again, BuildOptions(), plan(issue).pagination)
    assert again.read_bytes() == built.read_bytes()
    with zipfile.ZipFile(again) as zf:
        names = zf.namelist()
        assert names[0] == "[Content_Types].xml"
        stamps = {i.date_time for i in zf.infolist()}
    day = dt.date.fromisoformat(issue.date)
    assert stamps == {(day.year, day.month, day.day, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    other = writer.render(issue, BuildOptions())
    assert other != built.read_bytes()
    with zipfile.ZipFile(io.BytesIO(other)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2024, 3, 9, 16, 0, 0)}


def test_blocks_get_their_role_styles_and_bold_runs():
    issue = small_issue()
    doc = parts(writer.render(issue, BuildOptions()))["word/document.xml"]
    body = [p for p in paragraphs(doc) if style_of(p) in set(config.BLOCK_STYLE.values())]
    first = issue.articles[0]
    assert [style_of(p) for p in body[:len(first.blocks)]] == \
        [writer.block_style(b) for b in first.blocks]
    runs = body[0].findall("w:r", W)
    bold = ["".join(t.text for t in r.iter(w("t"))) for r in runs
            if r.find("w:rPr/w:b", W) is not None]
    assert bold == ["加粗的话"]
    assert text_of(body[4]) == "1. 第一项内容。"        # the list label is kept
    # characters XML forbids are dropped, everywhere
    everything = "".join(text_of(p) for p in paragraphs(doc))
    assert "\x0b" not in everything and "\x01" not in everything and "\x0c" not in everything
    assert "第一篇文章" in everything
    # the title block: every line in its role style, in the template's order
    roles = [style_of(p) for p in paragraphs(doc)
             if style_of(p) in set(config.TITLE_BLOCK_STYLE.values())][:7]
    assert roles == ["ArticleTitle", "SourceLine", "HeadlineGroup", "HeadlineGroup",
                     "Dateline", "Byline", "ArticleTitle"]


def effective_outline(p: etree._Element, styles: etree._Element) -> int | None:
    """The paragraph's outline level as Word takes it: its own, else its style's (0-based)."""
    own = p.find("w:pPr/w:outlineLvl", W)
    if own is None:
        own = style_ppr(styles, style_of(p), "outlineLvl")
    return None if own is None else int(own.get(w("val")))


def test_an_article_whose_headings_start_at_yi_dun_skips_no_outline_level():
    """一、 and （一） right under a title are outline levels 2 and 3 (Word's navigation
    pane), as in the EPUB and the PDF outline; the styles keep their look and their names."""
    sections = (Block("heading", (Span("一、总体要求"),), level=2),
                Block("paragraph", (Span("正文。"),)),
                Block("heading", (Span("（一）指导思想"),), level=3),
                Block("paragraph", (Span("正文。"),)))
    base = small_issue()
    arts = (base.articles[0], replace(base.articles[1], blocks=sections))
    x = parts(writer.render(replace(base, articles=arts), BuildOptions()))
    doc, styles = x["word/document.xml"], x["word/styles.xml"]
    heads = [p for p in paragraphs(doc)
             if style_of(p) in ("ArticleTitle", "SectionHeading1", "SectionHeading2",
                                "SectionHeading3")]
    levels = [(style_of(p), effective_outline(p, styles)) for p in heads]
    assert levels == [("ArticleTitle", 0), ("SectionHeading1", 1), ("SectionHeading2", 2),
                      ("SectionHeading3", 3),
                      ("ArticleTitle", 0), ("SectionHeading2", 1), ("SectionHeading3", 2)]
    # where the headings start at 一、, each is at its style's own outline level: the
    # style gallery's name (heading N: 标题 N) and the navigation pane agree
    second = heads[heads.index(next(p for p in heads[1:] if style_of(p) == "ArticleTitle")):]
    by_id = docx_styles.style_ids(styles)
    for p in second:
        assert p.find("w:pPr/w:outlineLvl", W) is None, text_of(p)
        name = by_id[style_of(p)].find("w:name", W).get(w("val"))
        assert name == f"heading {effective_outline(p, styles) + 1}", text_of(p)


def test_section_styles_are_named_for_the_heading_they_are():
    """一、 is GB/T 9704's 一级标题 and ranks right under its title (heading 2, outline 2);
    （一） is its 二级标题 (heading 3, outline 3); a lone numeral is neither: a style of its
    own at the rank under the title, no heading name (it was heading 2, and 一、 heading 3
    shown as 二级标题)."""
    styles = parts(writer.render(small_issue(), BuildOptions()))["word/styles.xml"]
    by_id = docx_styles.style_ids(styles)

    def shown(style_id):
        node = by_id[style_id]
        alias = node.find("w:aliases", W)
        return (node.find("w:name", W).get(w("val")),
                alias.get(w("val")) if alias is not None else None,
                int(node.find("w:pPr/w:outlineLvl", W).get(w("val"))) + 1)
    name, alias, outline = shown("SectionHeading2")
    assert (name, outline) == ("heading 2", 2) and alias.startswith("一级标题") and "一、" in alias
    name, alias, outline = shown("SectionHeading3")
    assert (name, outline) == ("heading 3", 3) and alias.startswith("二级标题") and "（一）" in alias
    name, alias, outline = shown("SectionHeading1")
    assert not name.startswith("heading") and outline == 2 and "级标题" not in alias
    for spec in config.STYLES:                   # a heading N style is at outline level N
        if spec.name.startswith("heading "):
            assert spec.outline == int(spec.name.split()[1]), spec.id


def test_every_block_type_has_a_style():
    from publish.model import BLOCK_TYPES
    for kind in BLOCK_TYPES:
        levels = (1, 2, 3) if kind == "heading" else (None,)
        for level in levels:
            style = writer.block_style(Block(kind, (Span("x"),), level=level))
            assert style in config.STYLE_BY_ID


@pytest.fixture
def templates_override():
    """Swap in wording templates for one test, then restore the shared environment."""
    from publish.templating import environment
    env = environment()
    original = env.loader

    def use(mapping: dict[str, str]) -> None:
        env.loader = ChoiceLoader([DictLoader(mapping), original])
        env.cache.clear() if env.cache is not None else None

    yield use
    env.loader = original
    if env.cache is not None:
        env.cache.clear()


def test_cover_and_title_block_wording_come_from_the_shared_templates(templates_override):
    templates_override({
        wording.COVER: "title: {{ issue.title|text }}\nnote: 内部资料　注意保存\n",
        wording.TOC_HEADING: "heading: 本期目录\n",
        wording.TITLE_BLOCK: "title: {{ article.title|text }}\n"
                             "source: 【{{ article.source|text }}】\n",
    })
    issue = small_issue()
    doc = parts(writer.render(issue, BuildOptions()))["word/document.xml"]
    ps = paragraphs(doc)
    assert [(style_of(p), text_of(p)) for p in ps[:3]] == [
        ("CoverTitle", issue.title), ("Cover", "内部资料　注意保存"), ("TOCHeading", "本期目录")]
    sources = [text_of(p) for p in ps if style_of(p) == "SourceLine"]
    assert sources == [f"【{a.source or ''}】" for a in issue.articles]


def test_a_broken_wording_template_is_a_user_error(templates_override):
    templates_override({wording.TITLE_BLOCK: "title: {{ article.title|text }}\nkicker: x\n"})
    with pytest.raises(UserError, match="unknown title-block role 'kicker'"):
        writer.render(small_issue(), BuildOptions())
    templates_override({wording.TITLE_BLOCK: "source: {{ article.source }}\n"})
    with pytest.raises(UserError, match="exactly one 'title:'"):
        writer.render(small_issue(), BuildOptions())
    templates_override({wording.COVER: "title: {{ issue.title|text }\n"})
    with pytest.raises(UserError, match="template error"):
        writer.render(small_issue(), BuildOptions())


def test_a_date_the_templates_cannot_read_is_a_user_error():
    issue = small_issue()
    bad = replace(issue, articles=(replace(issue.articles[0], date="2024年1月"),))
    with pytest.raises(UserError, match="article 'first'"):
        writer.render(bad, BuildOptions())


def test_wording_lines_parse():
    lines = wording.parse("a: one\n  continued\n\nb:\nc: 三：四\n")
    assert [(x.role, x.text) for x in lines] == [("a", "one\n  continued"), ("c", "三：四")]


def test_missing_or_incomplete_reference_is_a_user_error(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "REFERENCE", tmp_path / "nope.docx")
    with pytest.raises(UserError, match="make_reference"):
        writer.render(small_issue(), BuildOptions())
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    monkeypatch.setattr(writer, "REFERENCE", tmp_path / "bad.docx")
    with pytest.raises(UserError, match="reference"):
        writer.render(small_issue(), BuildOptions())
    # a reference without the role styles (e.g. python-docx's own default)
    import docx as docx_pkg
    default = Path(docx_pkg.__file__).parent / "templates" / "default.docx"
    monkeypatch.setattr(writer, "REFERENCE", default)
    with pytest.raises(UserError, match="lacks the styles"):
        writer.render(small_issue(), BuildOptions())


def test_a_reference_resaved_with_theme_fonts_and_japanese_is_repaired(tmp_path, monkeypatch):
    """Word may write theme fonts and ja-JP back into a restyled reference."""
    with zipfile.ZipFile(io.BytesIO(package.build_reference())) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    styles = etree.fromstring(files["word/styles.xml"])
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", W)
    del fonts.attrib[w("eastAsia")]
    fonts.set(w("eastAsiaTheme"), "minorEastAsia")
    for lang in styles.iter(w("lang")):
        lang.set(w("eastAsia"), "ja-JP")
    files["word/styles.xml"] = etree.tostring(styles)
    settings = etree.fromstring(files["word/settings.xml"])
    settings.find("w:themeFontLang", W).set(w("eastAsia"), "ja-JP")
    files["word/settings.xml"] = etree.tostring(settings)
    path = tmp_path / "restyled.docx"
    path.write_bytes(package.zip_parts(files, 0))
    monkeypatch.setattr(writer, "REFERENCE", path)
    out = parts(writer.render(small_issue(), BuildOptions()))
    blob = b"".join(etree.tostring(x) for x in out.values())
    assert b"ja-JP" not in blob and b"Theme" not in blob
    default = out["word/styles.xml"].find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", W)
    assert default.get(w("eastAsia")) == config.FACES[config.BODY_FACE].name


def test_a_restyled_reference_loses_english_and_gains_do_not_expand_shift_return(
        tmp_path, monkeypatch):
    """A reference re-saved by an English Word (runs in en-US, a compat without the
    setting) still gives zh-CN runs and unstretched lines before a manual break."""
    with zipfile.ZipFile(io.BytesIO(package.build_reference())) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    styles = etree.fromstring(files["word/styles.xml"])
    for lang in styles.iter(w("lang")):
        lang.set(w("val"), "en-US")
    files["word/styles.xml"] = etree.tostring(styles)
    settings = etree.fromstring(files["word/settings.xml"])
    compat = settings.find("w:compat", W)
    compat.remove(compat.find("w:doNotExpandShiftReturn", W))
    files["word/settings.xml"] = etree.tostring(settings)
    path = tmp_path / "restyled.docx"
    path.write_bytes(package.zip_parts(files, 0))
    monkeypatch.setattr(writer, "REFERENCE", path)
    out = parts(writer.render(small_issue(), BuildOptions()))
    assert {lang.get(w("val")) for root in out.values() for lang in root.iter(w("lang"))} \
        == {config.LATIN_LANG}
    compat = out["word/settings.xml"].find("w:compat", W)
    names = [etree.QName(c).localname for c in compat]
    assert "doNotExpandShiftReturn" in names
    assert names.index("doNotExpandShiftReturn") < names.index("useFELayout")   # schema order


def test_committed_reference_has_every_role_style():
    ref = writer.REFERENCE
    assert ref.is_file(), "run templates/docx/make_reference.py"
    styles = parts(ref)["word/styles.xml"]
    assert {s.id for s in config.STYLES} <= set(docx_styles.style_ids(styles))
    assert package.build_reference() == package.build_reference()


# ------------------------------------------------------------------- LibreOffice

def soffice_pdf(docx: Path, outdir: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """Convert with a private profile (parallel runs must not share one), seeing the
    machine's fonts and the project's free faces (tests/tools.py)."""
    profile = outdir / "lo-profile"
    proc = subprocess.run(
        [tools.soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
        capture_output=True, text=True, timeout=600, check=False,
        env=tools.office_env())
    return outdir / f"{docx.stem}.pdf", proc


@pytest.fixture(scope="module")
def lo_pdf(built, tmp_path_factory) -> Path:
    pdf, proc = soffice_pdf(built, tmp_path_factory.mktemp("lo"))
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr.lower(), proc.stderr
    assert pdf.is_file(), proc.stdout + proc.stderr
    return pdf


def folio_clearances(pdf: Path) -> list[tuple[float, float]]:
    """Per page with a folio: (the gap between the text's last line and the folio, how far
    the text runs past the type area's foot), in points."""
    import pdfplumber
    foot = config.PAGE_HEIGHT / 20 - config.MARGIN_BOTTOM / 20      # twips → pt
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            lines = page.extract_text_lines()
            folios = [ln for ln in lines if docx_folios.FOLIO.match(ln["text"])]
            body = [ln for ln in lines if not docx_folios.FOLIO.match(ln["text"])]
            if folios and body:
                last = max(ln["bottom"] for ln in body)
                out.append((folios[-1]["top"] - last, last - foot))
    return out


@pytest.fixture(scope="module")
def lo_house_pdf(issue, tmp_path_factory) -> Path:
    """The house edition's DOCX, paginated by LibreOffice, with the print's page starts."""
    from publish.render.stage import print_layout
    folder = tmp_path_factory.mktemp("lo-house")
    house = folder / "house.docx"
    options = BuildOptions(edition="official")
    writer.write(issue, house, options, print_layout(issue, options, pdf=False).pagination)
    pdf, proc = soffice_pdf(house, folder)
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    return pdf


@pytest.mark.slow
def test_libreoffice_numbers_the_house_edition_s_pages_once_each(lo_house_pdf, issue):
    """No two pages numbered alike and none skipped: where LibreOffice's lines run an
    article past the print's pages, the next article counts on (a restart at its 目录
    number printed 72 and 85 twice and 124 never)."""
    folios = [p.folio for p in docx_folios.read_pages(lo_house_pdf) if p.folio is not None]
    assert len(folios) > len(issue.articles)
    assert folios == list(range(folios[0], folios[0] + len(folios)))


@pytest.mark.slow
def test_libreoffice_sets_the_folio_clear_of_the_text_in_both_editions(lo_pdf, lo_house_pdf,
                                                                        issue):
    """The page number stands in the foot margin, a few millimetres under the last line,
    in the source and the house edition alike (a review saw the house edition's collide)."""
    for path in (lo_pdf, lo_house_pdf):
        found = folio_clearances(path)
        assert len(found) >= len(issue.articles)
        assert min(gap for gap, _ in found) >= 5 * 72 / 25.4, path.name       # 5 mm
        assert max(past for _, past in found) <= 1, path.name


def page_texts(pdf: Path) -> list[str]:
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        return [fold(page.extract_text() or "") for page in doc.pages]


@pytest.mark.slow
def test_libreoffice_sets_every_title_on_its_own_page_in_order(lo_pdf, issue):
    pages = page_texts(lo_pdf)
    assert len(pages) > len(issue.articles) + 1
    starts = []
    after = 0                                    # the cover is page 0; the 目录 follows
    for article in issue.articles:
        title = fold(article.title)
        found = [i for i, text in enumerate(pages) if i > after and text.startswith(title)]
        assert found, f"no page after page {after + 1} starts with {article.title!r}"
        after = found[0]
        starts.append(after)
    # the checker (publish check) finds them too, in order
    from publish import check
    report = check.check_issue(issue, lo_pdf)
    found = [e.pdf_page for e in report.entries if e.article]
    assert None not in found and found == sorted(found)


def test_cover_styles_as_print(xml):
    styles = docx_styles.style_ids(xml["word/styles.xml"])
    title = styles["CoverTitle"]
    assert title.find("w:rPr/w:color", W).get(w("val")) == config.COVER_RED
    rule = title.find("w:pPr/w:pBdr/w:bottom", W)
    assert rule.get(w("color")) == config.COVER_RED and rule.get(w("val")) == "single"
    doc = xml["word/document.xml"]
    cover = {style_of(p): p for p in paragraphs(doc)
             if (style_of(p) or "").startswith("Cover")}
    assert {"CoverInstitution", "CoverInstitutionEn", "CoverTitle", "CoverNumber",
            "CoverPublisher"} <= set(cover)
    frame = cover["CoverPublisher"].find("w:pPr/w:framePr", W)
    assert frame.get(w("yAlign")) == "bottom" and frame.get(w("vAnchor")) == "margin"


def test_titles_carry_the_print_line_breaks(xml, issue):
    from publish.layout.title_breaks import title_parts
    doc = xml["word/document.xml"]
    titles = [p for p in paragraphs(doc) if style_of(p) == "ArticleTitle"]
    for p, article in zip(titles, issue.articles):
        pieces, current = [], []
        for node in p.iter(w("t"), w("br")):
            if node.tag == w("br"):
                pieces.append("".join(current))
                current = []
            else:
                current.append(node.text or "")
        pieces.append("".join(current))
        assert pieces == list(title_parts(article.title))
    assert any(p.find(".//w:br", W) is not None for p in titles)


@pytest.mark.slow
def test_libreoffice_sets_each_title_in_the_print_lines(lo_pdf, issue):
    """The breaks hold in a real layout: LibreOffice sets every title line as print does
    (no title line is wrapped again)."""
    import pdfplumber
    from publish.layout.titles import title_lines
    groups = []
    with pdfplumber.open(lo_pdf) as pdf:
        for page in pdf.pages[2:]:
            big = [fold(line["text"]) for line in page.extract_text_lines()
                   if line["chars"][0]["size"] > 20]
            if big:
                groups.append(big)
    for article in issue.articles:
        want = [fold(line) for line in title_lines(article.title)]
        assert any(g[i:i + len(want)] == want for g in groups for i in range(len(g))), (
            article.title, [g for g in groups if want[0] in g])


def _line_words(page) -> list[tuple[float, float, str]]:
    return [(line["x0"], line["top"], line["text"]) for line in page.extract_text_lines()]


@pytest.mark.slow
def test_libreoffice_cover_and_toc_look_like_print(lo_pdf, issue):
    import pdfplumber
    with pdfplumber.open(lo_pdf) as pdf:
        cover = pdf.pages[0]
        lines = _line_words(cover)
        texts = [fold(t) for _, _, t in lines]
        assert fold(issue.institution_en) in texts            # the English name on one line
        assert texts[-1] == fold(issue.publisher)              # the office at the foot
        assert lines[-1][1] > 0.75 * cover.height
        red = [c for c in cover.chars if c["size"] > 40]         # the masthead
        assert "".join(c["text"] for c in red) == issue.title
        assert red and all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0.75, 0, 0)
                           for c in red)
        rules = [e for e in cover.edges if e["orientation"] == "h"
                 and tuple(round(v, 2) for v in e["stroking_color"] or ()) == (0.75, 0, 0)]
        assert rules and max(e["width"] for e in rules) > 300   # the red rule, ≈ the measure
        toc = []
        for page in pdf.pages[1:]:
            if fold(page.extract_text() or "").startswith(fold(issue.articles[0].title)):
                break                                           # the first article
            toc.extend(_line_words(page))
    toc = [line for line in toc if fold(line[2]) != fold("目录")]
    flush = min(x for x, _, _ in toc)
    starts = [t for x, _, t in toc if x < flush + 4]
    continued = [t for x, _, t in toc if x >= flush + 4]
    assert len(starts) == len(issue.articles)                 # one flush line per entry
    assert continued and all(x > flush + 1.5 * 16 for x, _, _ in toc if x >= flush + 4)
    for text in starts + continued:
        assert not re.fullmatch(r"[.…·\s\d]*", text), f"a leader alone on a line: {text!r}"


_REFRESH_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Refresh"
 script:language="StarBasic">
Sub Main(src As String, dest As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, args())
  For i = 0 To doc.getDocumentIndexes().getCount() - 1
    doc.getDocumentIndexes().getByIndex(i).update()
  Next i
  doc.getTextFields().refresh()
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = "FilterName"
  out(0).Value = "writer_pdf_Export"
  doc.storeToURL(ConvertToURL(dest), out())
  doc.close(True)
End Sub
</script:module>
"""
_XLB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false">{}</library:library>
"""


def refreshed_pdf(docx: Path, tmp: Path) -> Path:
    """What an editor gets after Tools ▸ Update All in LibreOffice: every index (the TOC)
    and field updated, then exported. A Basic macro in a private profile does it."""
    profile = tmp / "lo-refresh"
    subprocess.run([tools.soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--terminate_after_init"], capture_output=True, timeout=300, check=False,
                   env=tools.office_env())
    lib = profile / "user" / "basic" / "Standard"
    assert lib.is_dir(), "LibreOffice did not create its profile"
    (lib / "Refresh.xba").write_text(_REFRESH_MACRO)
    (lib / "script.xlb").write_text(_XLB.format('<library:element library:name="Refresh"/>'))
    pdf = tmp / "refreshed.pdf"
    proc = subprocess.run([tools.soffice(), f"-env:UserInstallation={profile.as_uri()}",
                           "--headless", f'macro:///Standard.Refresh.Main("{docx}","{pdf}")'],
                          capture_output=True, text=True, timeout=600, check=False,
                          env=tools.office_env())
    assert pdf.is_file(), proc.stdout + proc.stderr
    return pdf


@pytest.mark.slow
def test_a_refresh_in_libreoffice_rebuilds_the_toc_with_its_own_pages(built, issue, lo_pdf,
                                                                     tmp_path):
    """No field-update prompt, but Update All still works: the refreshed 目录 lists every
    title with the page LibreOffice itself starts it on."""
    from publish import check
    # the pre-filled 目录 is right (each article's section starts at its 目录 number): blank
    # its numbers, so only a real update can bring them back
    before = check.check_issue(issue, lo_pdf)
    assert before.pdf_toc_ok == len(issue.articles)
    blanked = tmp_path / "blanked.docx"
    blanked.write_bytes(_blank_pagerefs(built.read_bytes()))
    assert check.check_issue(issue, soffice_pdf(blanked, tmp_path)[0]).pdf_toc_ok == 0
    pdf = refreshed_pdf(blanked, tmp_path)
    report = check.check_issue(issue, pdf)
    assert report.pdf_toc_found and report.pdf_toc_ok == len(issue.articles)
    assert all(e.pdf_page for e in report.entries if e.article)


def _blank_pagerefs(data: bytes) -> bytes:
    """The DOCX with every PAGEREF result in its 目录 set to 0."""
    files = package.read_parts(data)
    doc = etree.fromstring(files["word/document.xml"])
    for instr in doc.iter(w("instrText")):
        if "PAGEREF" not in (instr.text or ""):
            continue
        run = instr.getparent().getnext()            # fldChar separate, then the result
        for t in run.getnext().iter(w("t")):
            t.text = "0"
    files["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    return package.zip_parts(files, 0)


# A face is Japanese, Korean or Traditional when its name says so…
FOREIGN_FACE = re.compile(
    r"(?i)(mincho|gothic|batang|gulim|dotum|gungsuh|mingliu|meiryo|malgun|kozuka|hiragino"
    r"|nanum|takao|ipa[pg]?(mincho|gothic)|(^|[^a-z])(jp|kr|tc|hk|tw)([^a-z]|$)"
    r"|cjk(jp|kr|tc|hk)|ukai(tw|hk)|uming(tw|hk))")
# …except the Noto CJK collections, whose five faces share one CFF named "…CJKjp": there the
# glyphs tell (see han_forms).
NOTO_SHARED = re.compile(r"^Noto(Sans|Serif)CJKjp-(\w+?)(-|$)")


def pdf_fonts(pdf: Path) -> list:
    from pypdf import PdfReader
    seen = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            seen[font.idnum if hasattr(font, "idnum") else id(font)] = font.get_object()
    return list(seen.values())


def font_name(font) -> str:
    desc = font.get("/FontDescriptor")
    if desc is None and "/DescendantFonts" in font:
        desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    name = desc.get_object()["/FontName"] if desc is not None else font["/BaseFont"]
    return str(name).lstrip("/").split("+")[-1]


def _to_unicode(data: bytes) -> dict[int, str]:
    text = data.decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.DOTALL):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.DOTALL):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(int(dst, 16) + k)
    return out


def _collection_cmaps(family: str, weight: str) -> dict[str, dict[int, str]]:
    """The cmaps of the face LibreOffice was given for ``Noto {family} CJK SC``, by locale.

    Debian's collection (.ttc) has a face per locale sharing one glyph set; the project's
    own files (fonts/, what the tests hand LibreOffice) hold the SC face alone, so only its
    cmap is known and any other glyph for a Han character is a substituted (locl) form."""
    from fontTools.ttLib import TTCollection, TTFont
    path = subprocess.run(["fc-match", "-f", "%{file}", f"Noto {family} CJK SC:style={weight}"],
                          capture_output=True, text=True, check=False,
                          env=tools.office_env()).stdout
    if not path.lower().endswith((".ttc", ".otc")):
        return {"SC": TTFont(path, lazy=True).getBestCmap()}
    cmaps = {}
    for face in TTCollection(path, lazy=True).fonts:
        m = re.fullmatch(rf"Noto {family} CJK (JP|KR|SC|TC|HK)", face["name"].getDebugName(1))
        if m:
            cmaps[m.group(1)] = face.getBestCmap()
    return cmaps


def han_forms(font) -> tuple[int, list[tuple[str, list[str]]]]:
    """For a shared-CFF Noto font: how many Han glyphs are the SC forms, and which are
    another locale's (character, locales). LibreOffice names glyphs by CID."""
    m = NOTO_SHARED.match(font_name(font))
    desc = font["/FontDescriptor"].get_object()
    program = desc.get("/FontFile")
    if program is None:
        return 0, []
    program = program.get_object()
    clear = program.get_data()[: program["/Length1"]].decode("latin-1")
    cids = {int(code): int(cid) for code, cid in re.findall(r"dup (\d+) /cid(\d+) put", clear)}
    chars = _to_unicode(font["/ToUnicode"].get_object().get_data())
    cmaps = _collection_cmaps(m.group(1), m.group(2))
    good, bad = 0, []
    for code, cid in cids.items():
        ch = chars.get(code, "")
        if len(ch) != 1 or not "\u4e00" <= ch <= "\u9fff":
            continue
        want = {loc: cmap.get(ord(ch)) for loc, cmap in cmaps.items()}
        got = f"cid{cid:05d}"
        if len(want) > 1 and len(set(want.values())) == 1:
            continue                              # the same glyph in every locale
        if got == want.get("SC"):
            good += 1
        else:
            bad.append((ch, sorted(loc for loc, g in want.items() if g == got)))
    return good, bad


def assert_chinese_faces(pdf: Path) -> int:
    """No Japanese/Korean/Traditional face; returns the Han glyphs proven simplified."""
    proven = 0
    for font in pdf_fonts(pdf):
        name = font_name(font)
        if NOTO_SHARED.match(name):
            good, bad = han_forms(font)
            assert not bad, f"{name}: non-simplified glyph forms for {bad[:10]}"
            proven += good
        else:
            assert not FOREIGN_FACE.search(name), f"foreign fallback face {name}"
    return proven


@pytest.mark.slow
def test_libreoffice_sets_chinese_in_chinese_faces(lo_pdf):
    assert assert_chinese_faces(lo_pdf) > 100


def cjk_families(pdf: Path) -> set[str]:
    """The families of the PDF's fonts that set Han characters (style suffixes dropped)."""
    families = set()
    for font in pdf_fonts(pdf):
        uni = font.get("/ToUnicode")
        if uni is None and "/DescendantFonts" not in font:
            continue
        chars = _to_unicode(uni.get_object().get_data()) if uni is not None else {}
        if any("\u4e00" <= c <= "\u9fff" for c in chars.values()):
            families.add(re.split(r"-|(?<=[a-z])(Regular|Bold)", font_name(font))[0])
    return families


@pytest.mark.slow
def test_libreoffice_without_office_faces_sets_three_cjk_families_with_free_faces(
        built_free, tmp_path):
    """No 仿宋_GB2312 etc. on this machine: the office build gets one fallback family, the
    free build keeps body (serif), 黑体 (sans) and 楷 roles apart."""
    pdf, proc = soffice_pdf(built_free, tmp_path)
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    families = cjk_families(pdf)
    assert {"NotoSerifCJKjp", "NotoSansCJKjp", "LXGWWenKai"} <= families, families
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                            check=True).stdout
    assert all(f in listed for f in families)
    assert assert_chinese_faces(pdf) > 100


@pytest.mark.slow
def test_libreoffice_sets_quotes_dashes_and_marks_in_the_chinese_face(built_free, tmp_path):
    """“” —— ※ have no script of their own: LibreOffice ignores w:hint and set those at a
    paragraph's start or after a digit in the Latin face (Liberation Serif, ※ from DejaVu).
    Their runs name the paragraph's East Asian face in the Latin slots too."""
    import pdfplumber
    from publish.docxkit.weakmarks import WEAK
    pdf, proc = soffice_pdf(built_free, tmp_path)
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    faces = collections.Counter()
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            faces.update(ch["fontname"].split("+")[-1] for ch in page.chars if ch["text"] in WEAK)
    assert sum(faces.values()) > 500
    latin = {face: n for face, n in faces.items()
             if not re.match(r"Noto(Serif|Sans)CJK|LXGWWenKai", face)}
    assert latin == {}


def test_a_mark_without_a_script_gets_a_run_in_its_paragraph_s_east_asian_face():
    from publish.docxkit import weakmarks
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W["w"]}"><w:style w:styleId="Body"><w:rPr>'
        '<w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312"/></w:rPr></w:style>'
        '</w:styles>')
    body = etree.fromstring(
        f'<w:body xmlns:w="{W["w"]}"><w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr>'
        '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:b/></w:rPr><w:t>“两个确立”2024 年</w:t>'
        '</w:r></w:p></w:body>')
    weakmarks.pin(body, styles)
    runs = body.findall(".//w:r", W)
    assert ["".join(r.itertext()) for r in runs] == ["“", "两个确立", "”", "2024 年"]
    for r in runs:
        fonts = r.find("w:rPr/w:rFonts", W)
        weak = "".join(r.itertext()) in "“”"
        assert fonts.get(w("ascii")) == ("仿宋_GB2312" if weak else None)
        assert fonts.get(w("hint")) == "eastAsia" and r.find("w:rPr/w:b", W) is not None


def test_quotes_a_face_sets_a_third_of_an_em_wide_are_set_in_the_body_face():
    """The free 楷 (LXGW WenKai) sets “ ” ‘ ’ as Latin quotes: in a 楷 paragraph they take
    the body face, as print does; —— stays in 楷."""
    from publish.docxkit import weakmarks
    kai = config.FREE_FACES["kai"].name
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W["w"]}"><w:docDefaults><w:rPrDefault><w:rPr>'
        '<w:rFonts w:eastAsia="Noto Serif CJK SC"/></w:rPr></w:rPrDefault></w:docDefaults>'
        f'<w:style w:styleId="Source"><w:rPr><w:rFonts w:eastAsia="{kai}"/></w:rPr>'
        '</w:style></w:styles>')
    body = etree.fromstring(
        f'<w:body xmlns:w="{W["w"]}"><w:p><w:pPr><w:pStyle w:val="Source"/></w:pPr>'
        '<w:r><w:t>来源：“学习强国”——平台</w:t></w:r></w:p></w:body>')
    weakmarks.pin(body, styles)
    faces = {"".join(r.itertext()): r.find("w:rPr/w:rFonts", W) for r in body.iter(w("r"))}
    for mark in "“”":
        assert faces[mark].get(w("eastAsia")) == faces[mark].get(w("ascii")) == \
            "Noto Serif CJK SC"
    assert faces["——"].get(w("ascii")) == kai and faces["——"].get(w("eastAsia")) is None


def test_the_narrow_marks_are_those_the_face_in_fonts_sets_narrow():
    """config's narrow marks, measured: those of the weak marks the face in fonts/ sets
    under 0.9 em and the body's serif sets a full em."""
    from fontTools.ttLib import TTFont
    from publish.docxkit.weakmarks import WEAK
    from publish.paths import FONTS

    def widths(path):
        font = TTFont(path, lazy=True)
        cmap, upm = font.getBestCmap(), font["head"].unitsPerEm
        return {ch: font["hmtx"][cmap[ord(ch)]][0] / upm for ch in WEAK if ord(ch) in cmap}

    kai, serif = widths(FONTS / "LXGWWenKai-Regular.ttf"), widths(
        FONTS / "NotoSerifCJKsc-Regular.otf")
    narrow = {ch for ch in kai if kai[ch] < 0.9 and serif.get(ch, 0) >= 0.99}
    assert narrow == set(config.NARROW_MARKS[config.FREE_FACES["kai"].name]) == set("“”‘’")


@pytest.mark.slow
def test_the_face_check_catches_other_glyph_forms(lo_pdf, monkeypatch):
    """A control for the check above: a Han character drawn with another glyph than the SC
    face maps it to fails it. (Where Debian's Noto collection is installed, a DOCX tagged
    ja-JP draws such forms; the faces the tests hand LibreOffice are the SC ones alone, and
    the XML tests keep ja-JP out of the DOCX.)"""
    real = _collection_cmaps

    def other_forms(family: str, weight: str) -> dict[str, dict[int, str]]:
        cmaps = real(family, weight)
        return {**cmaps, "SC": {code: f"{glyph}.jp" for code, glyph in cmaps["SC"].items()}}

    monkeypatch.setattr(sys.modules[__name__], "_collection_cmaps", other_forms)
    with pytest.raises(AssertionError, match="non-simplified glyph forms"):
        assert_chinese_faces(lo_pdf)


# ------------------------------------------------------------ LibreOffice: the 目录

def _toc_text_lines(pdf: Path, issue) -> list[tuple[str, list[dict]]]:
    """The 目录 pages' lines with their characters (up to the first article's page)."""
    import pdfplumber
    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages[1:]:
            if fold(page.extract_text() or "").startswith(fold(issue.articles[0].title)):
                break
            out += [(line["text"], [c for c in line["chars"] if c["text"].strip()])
                    for line in page.extract_text_lines()]
    return out


def stretched_lines(lines: list[tuple[str, list[dict]]]) -> list[str]:
    """目录 lines that end in no page number (a wrapped entry's first lines) whose Chinese
    characters are spread wider than their size: the line before a manual break justified
    across the measure."""
    import statistics
    out = []
    for text, chars in lines:
        cjk = [c for c in chars if ord(c["text"]) >= 0x2E80]
        if re.search(r"\d\s*$", text) or len(cjk) < 4:
            continue
        gap = statistics.median(b["x0"] - a["x0"] for a, b in zip(cjk, cjk[1:]))
        if gap > cjk[0]["size"] * 1.02:
            out.append(text)
    return out


def test_the_stretch_reader_finds_a_stretched_line():
    def chars(step):
        return [{"text": "字", "x0": i * step, "size": 16.0} for i in range(6)]
    assert stretched_lines([("字字字字字字", chars(18.0))]) == ["字字字字字字"]
    assert stretched_lines([("字字字字字字", chars(15.75)), ("字字字字 12", chars(18.0))]) == []


@pytest.mark.slow
def test_libreoffice_stretches_no_toc_line(lo_pdf, issue, xml):
    """A wrapped 目录 entry is a justified paragraph with manual breaks: with
    w:doNotExpandShiftReturn the lines before them keep their spacing."""
    compat = xml["word/settings.xml"].find("w:compat", W)
    assert compat.find("w:doNotExpandShiftReturn", W) is not None
    lines = _toc_text_lines(lo_pdf, issue)
    wrapped = [t for t, chars in lines if not re.search(r"\d\s*$", t) and len(chars) > 4]
    assert wrapped                                       # the check saw wrapped entries
    assert stretched_lines(lines) == []


# ------------------------------------------------------------------- calibre

@pytest.mark.slow
def test_calibre_finds_the_titles_and_sections(built, issue, tmp_path):
    """calibre's DOCX→EPUB (how many put a Word file on a phone) knows headings by style
    name only: the titles are its h1, the sections and attachment titles below them, and
    no Chinese paragraph is tagged English."""
    out = tmp_path / "calibre.epub"
    proc = subprocess.run([tools.require("ebook-convert"), str(built), str(out)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    heads = []
    english = []
    with zipfile.ZipFile(out) as zf:
        names = sorted(n for n in zf.namelist() if n.endswith((".html", ".xhtml")))
        for name in names:
            root = etree.fromstring(zf.read(name))
            for node in root.iter():
                if not isinstance(node.tag, str):
                    continue
                tag = etree.QName(node).localname
                if re.fullmatch(r"h[1-6]", tag):
                    heads.append((int(tag[1]), fold("".join(node.itertext()))))
                if (node.get("lang") or "").startswith("en") and re.search(
                        "[\u4e00-\u9fff]", "".join(node.itertext())):
                    english.append(name)
    assert [t for level, t in heads if level == 1] == [fold(a.title) for a in issue.articles]
    below = [(level, t) for level, t in heads if level > 1]
    want = [fold(b.text) for a in issue.articles for b in a.blocks
            if b.type in ("heading", "attachment_title")]
    assert below and {t for _, t in below} <= set(want)
    sections = [fold(b.text) for a in issue.articles for b in a.blocks
                if b.type == "heading" and b.level > 1]       # 一、 and （一）: heading 2, 3
    assert [t for _, t in below if t in sections] == sections
    assert english == []
    # its chapters (from the 目录's links) are named by the titles alone, no page number
    with zipfile.ZipFile(out) as zf:
        ncx = etree.fromstring(zf.read(next(n for n in zf.namelist() if n.endswith(".ncx"))))
    labels = ncx.xpath("//n:navMap/n:navPoint/n:navLabel/n:text/text()",
                       namespaces={"n": "http://www.daisy.org/z3986/2005/ncx/"})
    assert [fold(t) for t in labels] == [fold(a.title) for a in issue.articles]


# ------------------------------------------------- pagination: the print's page numbers

def article_sections(doc: etree._Element) -> list[tuple[list[str], etree._Element]]:
    """Each section of the body after the front matter: (its paragraphs' styles, sectPr)."""
    body = doc.find("w:body", W)
    out, current = [], []
    for node in body:
        if node.tag == w("sectPr"):
            out.append((current, node))
        elif node.tag == w("p"):
            current.append(style_of(node))
            sect = node.find("w:pPr/w:sectPr", W)
            if sect is not None:
                out.append((current, sect))
                current = []
    return [(styles, sect) for styles, sect in out if "ArticleTitle" in styles]


def page_starts(doc: etree._Element) -> list[str | None]:
    out = []
    for _, sect in article_sections(doc):
        num = sect.find("w:pgNumType", W)
        out.append(num.get(w("start")) if num is not None else None)
    return out


def test_each_article_is_a_section_numbered_from_its_print_page():
    """Footer and 目录 agree: every article is a section whose page numbers restart at its
    print page (the PAGE field never counts from 1 when the first article is not on 1)."""
    issue = small_issue()
    doc = parts(writer.render(issue, BuildOptions()))["word/document.xml"]
    sections = article_sections(doc)
    assert [styles.count("ArticleTitle") for styles, _ in sections] == [1] * len(issue.articles)
    assert page_starts(doc) == [str(a.page) for a in issue.articles]
    assert issue.articles[0].page != 1
    for _, sect in sections:                       # every article section has the footers
        assert len(sect.findall("w:footerReference", W)) == 2
    # the print layout's pages win over the source 目录's
    layout = Pagination(tuple(PageStart(number=10 * i + 5, article=a.id, block=-1)
                              for i, a in enumerate(issue.articles, 1)))
    doc = parts(writer.render(issue, BuildOptions(), layout))["word/document.xml"]
    assert page_starts(doc) == [str(layout.start_page(a.id)) for a in issue.articles]


def test_in_the_house_edition_only_the_first_article_restarts_the_page_numbers():
    """No break holds the house edition's pages to print's: the others count on (see
    test_libreoffice_numbers_the_house_edition_s_pages_once_each)."""
    issue = small_issue()
    layout = Pagination(tuple(PageStart(number=10 * i + 5, article=a.id, block=-1)
                              for i, a in enumerate(issue.articles, 1)))
    doc = parts(writer.render(issue, BuildOptions(edition="official"), layout))[
        "word/document.xml"]
    assert page_starts(doc) == ["15"] + [None] * (len(issue.articles) - 1)


def test_without_pages_the_first_article_starts_at_1_and_the_others_count_on():
    issue = small_issue(toc=())
    issue = replace(issue, articles=tuple(replace(a, page=None) for a in issue.articles))
    doc = parts(writer.render(issue, BuildOptions()))["word/document.xml"]
    assert page_starts(doc) == ["1", None]


def test_the_source_edition_sets_the_articles_on_the_source_grid():
    from publish.source_edition import plan
    issue = small_issue()
    out = parts(writer.render(issue, BuildOptions(edition="source")))
    cal = plan(issue).calibration
    grid = writer.source_grid(issue, BuildOptions(edition="source"))
    assert (grid.lines, grid.chars) == (cal.lines_per_page, cal.chars_per_line)
    area = config.PAGE_HEIGHT - config.MARGIN_TOP - config.MARGIN_BOTTOM
    assert grid.lines * grid.pitch <= area < (grid.lines + 1) * grid.pitch
    assert grid.chars * (config.BODY_SIZE * 20 + grid.char_spacing) <= config.TEXT_WIDTH
    assert (grid.chars + 1) * (config.BODY_SIZE * 20 + grid.char_spacing) > config.TEXT_WIDTH
    for _, sect in article_sections(out["word/document.xml"]):
        assert sect.find("w:docGrid", W).get(w("linePitch")) == str(grid.pitch)
    styles = out["word/styles.xml"]
    for style_id in ("Body", "ArticleTitle", "SectionHeading2", "ListItem"):
        assert style_ppr(styles, style_id, "spacing").get(w("line")) == str(grid.pitch)
    body = docx_styles.style_ids(styles)["Body"].find("w:rPr/w:spacing", W)
    assert body.get(w("val")) == str(grid.char_spacing)
    # the front matter keeps the house grid
    assert style_ppr(styles, "TOC1", "spacing").get(w("line")) == str(config.LINE_PITCH)
    # the house edition keeps the GB/T 9704 grid and has no forced page breaks
    house = parts(writer.render(issue, BuildOptions(edition="official")))
    assert writer.source_grid(issue, BuildOptions(edition="official")) is None
    assert style_ppr(house["word/styles.xml"], "Body", "spacing").get(w("line")) == str(
        config.LINE_PITCH)


def _page_break_pieces(p: etree._Element) -> list[str]:
    pieces, current = [], []
    for node in p.iter(w("t"), w("br")):
        if node.tag == w("br") and node.get(w("type")) == "page":
            pieces.append("".join(current))
            current = []
        elif node.tag == w("t"):
            current.append(node.text or "")
    return [*pieces, "".join(current)]


def test_a_recorded_page_end_starts_a_page_in_the_source_edition():
    """Where a source page ended inside a paragraph a page break stands (cut inside a bold
    run, the runs stay bold); an end at a block's start or past its last character breaks
    the page before the next paragraph."""
    base = small_issue()
    first = base.articles[0]
    ends = (PageBreak(0, 2), PageBreak(0, 4), PageBreak(4, 0), PageBreak(2, 99))
    issue = replace(base, articles=(replace(first, page_breaks=ends), *base.articles[1:]))
    for edition, forced in (("source", True), ("official", False)):
        doc = parts(writer.render(issue, BuildOptions(edition=edition)))["word/document.xml"]
        paras = [p for p in paragraphs(doc) if style_of(p) in config.BLOCK_STYLE.values()]
        if not forced:                     # only its 附件 begins a page (GB/T 9704)
            assert doc.find(".//w:br[@w:type='page']", W) is None
            assert [style_of(p) for p in paras
                    if p.find("w:pPr/w:pageBreakBefore", W) is not None] == ["Attachment"]
            continue
        assert _page_break_pieces(paras[0]) == ["开头", "加粗", "的话结尾。"]
        bold = [r for r in paras[0].iter(w("r")) if r.find("w:rPr/w:b", W) is not None]
        assert ["".join(t.text for t in r.iter(w("t"))) for r in bold] == ["加粗", "的话"]
        before = [i for i, p in enumerate(paras) if p.find("w:pPr/w:pageBreakBefore", W)
                  is not None]
        assert before == [3, 4]            # past block 2's end, and at block 4's start


def _cut_paragraph_docx(tmp_path: Path) -> tuple[Path, str]:
    """A source-edition DOCX whose first paragraph a recorded page end cuts mid-sentence,
    and that paragraph's whole text."""
    base = small_issue()
    first = replace(base.articles[0], page_breaks=(PageBreak(0, 4),))
    issue = replace(base, articles=(first, *base.articles[1:]))
    path = tmp_path / "cut.docx"
    path.write_bytes(writer.render(issue, BuildOptions(edition="source")))
    return path, "开头加粗的话结尾。"


def test_pandoc_reads_a_paragraph_a_page_break_cuts_as_one_line(tmp_path):
    """pandoc read the page break inside a paragraph as a line break: the sentence a source
    page end cut came out on two lines (``-t plain``) or with a hard break (``\\`` in
    Markdown) at 76 places of the bundled issue."""
    import json
    path, whole = _cut_paragraph_docx(tmp_path)
    proc = subprocess.run([tools.require("pandoc"), "-f", "docx", "-t", "json", str(path)],
                          capture_output=True, text=True, timeout=300, check=True)
    paras = [b["c"] for b in json.loads(proc.stdout)["blocks"] if b["t"] == "Para"]
    cut = next(p for p in paras if _stringify(p).startswith("开头"))
    assert [i["t"] for i in cut if i["t"] in ("LineBreak", "SoftBreak")] == []
    assert _stringify(cut) == whole


@pytest.mark.slow
def test_calibre_reads_a_paragraph_a_page_break_cuts_as_one_line(tmp_path):
    """calibre made the page break inside a paragraph a ``<br>``: a sentence cut in two
    lines of its text."""
    path, whole = _cut_paragraph_docx(tmp_path)
    out = tmp_path / "cut.txt"
    proc = subprocess.run([tools.require("ebook-convert"), str(path), str(out)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    lines = [ln.strip() for ln in out.read_text(encoding="utf-8").splitlines()]
    assert whole in lines


def test_a_page_break_inside_a_paragraph_is_for_word_2010_and_later():
    """The break's run sits in a markup-compatibility choice Word (2010 on), WPS and
    LibreOffice take (``w14``), with an empty fallback, its namespaces declared on the root."""
    base = small_issue()
    first = replace(base.articles[0], page_breaks=(PageBreak(0, 4),))
    issue = replace(base, articles=(first, *base.articles[1:]))
    doc = parts(writer.render(issue, BuildOptions(edition="source")))["word/document.xml"]
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    [block] = doc.iter(f"{{{mc}}}AlternateContent")
    choice, fallback = list(block)
    assert choice.tag == f"{{{mc}}}Choice" and fallback.tag == f"{{{mc}}}Fallback"
    assert block.nsmap[choice.get("Requires")] == (
        "http://schemas.microsoft.com/office/word/2010/wordml")
    assert len(fallback) == 0 and choice.find("w:r/w:br[@w:type='page']", W) is not None
    assert block.getparent().tag == w("p")
    # declared on the root as Word writes them, where every consumer resolves Requires
    root = doc.getroottree().getroot()
    assert root.nsmap.get("mc") == mc and root.nsmap.get(choice.get("Requires")) == (
        "http://schemas.microsoft.com/office/word/2010/wordml")
    house = parts(writer.render(issue, BuildOptions(edition="official")))["word/document.xml"]
    assert "mc" not in house.nsmap          # nothing of it where no block needs it


def test_the_house_edition_starts_each_attachment_on_a_new_page():
    """As its print does (GB/T 9704: 附件另面编排), the house edition begins a page at every
    附件 line but an article's first block; the source edition sets it where the printed
    issue did (no break of its own)."""
    base = small_issue()
    first = base.articles[0]
    opening = replace(base.articles[1], blocks=(Block("attachment", (Span("附件"),)),
                                                *base.articles[1].blocks))
    issue = replace(base, articles=(first, opening))

    def breaks(edition: str) -> list[str]:
        doc = parts(writer.render(issue, BuildOptions(edition=edition)))["word/document.xml"]
        return [style_of(p) + ":" + "".join(p.itertext()) for p in paragraphs(doc)
                if style_of(p) in config.BLOCK_STYLE.values()
                and p.find("w:pPr/w:pageBreakBefore", W) is not None]

    assert breaks("official") == ["Attachment:附件 1"]
    assert breaks("source") == []


def test_the_house_edition_leaves_a_blank_line_under_the_title_block_and_around_attachment_titles():
    """As its print (layout/style.py: title_gap_lines, display_gap_lines; GB/T 9704: the
    text a line under the title, an attachment's title on the third line): a blank grid line
    under the title block and above and below an attachment's title. The source edition's
    grid has none (its print set the title block and the text as the printed issue did)."""
    issue = small_issue()

    def spaced(edition: str) -> list[tuple[str, str | None, str | None]]:
        doc = parts(writer.render(issue, BuildOptions(edition=edition)))["word/document.xml"]
        out = []
        for p in paragraphs(doc):
            spacing = p.find("w:pPr/w:spacing", W)
            if spacing is not None:
                out.append((style_of(p), spacing.get(w("before")), spacing.get(w("after"))))
        return out

    line = str(config.LINE_PITCH)
    assert spaced("official") == [("Byline", None, line), ("AttachmentTitle", line, line),
                                  ("ArticleTitle", None, line)]   # the second: a title alone
    assert spaced("source") == []


def test_every_print_page_inside_an_article_starts_a_docx_page_in_the_source_edition():
    """Page starts come from the one pagination: one inside a paragraph breaks there, one at
    a paragraph's start or past the previous one's end breaks before the paragraph; the
    article's first page is its title's (no break of its own); without a pagination, the
    recorded source page ends alone."""
    base = small_issue()
    first = replace(base.articles[0], page_breaks=(PageBreak(0, 2),))
    issue = replace(base, articles=(first, *base.articles[1:]))
    pagination = Pagination((PageStart(3, "first", -1), PageStart(4, "first", 0, 2),
                             PageStart(5, "first", 2, 99), PageStart(6, "first", 5, 0),
                             PageStart(7, "second", -1)))
    assert writer.page_starts(first, pagination) == {0: (2,), 3: (0,), 5: (0,)}
    assert writer.page_starts(first, None) == {0: (2,)}
    assert writer.page_starts(issue.articles[1], pagination) == {}
    doc = parts(writer.render(issue, BuildOptions(), pagination))["word/document.xml"]
    paras = [p for p in paragraphs(doc) if style_of(p) in config.BLOCK_STYLE.values()]
    before = [i for i, p in enumerate(paras)
              if p.find("w:pPr/w:pageBreakBefore", W) is not None]
    assert before == [3, 5]
    assert _page_break_pieces(paras[0])[0] == "开头"


@pytest.mark.slow
def test_libreoffice_pages_carry_the_print_numbers(lo_pdf, issue):
    """In LibreOffice every article's first page shows its 目录 number, and every page the
    print begins inside an article begins on the page of that number: where a source page
    ended inside a paragraph, and where one began at a paragraph (LibreOffice filled such a
    page from the next one, 9 pages of the bundled issue a page early)."""
    from publish.source_edition import plan
    pages = docx_folios.read_pages(lo_pdf)
    starts = docx_folios.article_starts(pages, issue)
    assert None not in starts
    assert [pages[i].folio for i in starts] == [a.page for a in issue.articles]
    pagination = plan(issue).pagination
    recorded = docx_folios.recorded_drift(pages, issue, pagination)
    assert len(recorded) == sum(len(a.page_breaks) for a in issue.articles) > 0
    drift = docx_folios.page_start_drift(pages, issue, pagination)
    assert len(drift) == len(pagination.pages) - len(issue.articles) > len(recorded)
    off = [(art, block, want, got) for art, block, want, got in recorded + drift
           if got != want]
    assert off == []


@pytest.mark.slow
def test_libreoffice_breaks_no_number_or_word(lo_pdf, issue):
    """Digits and Latin letters are not tagged Chinese: LibreOffice would then break inside
    numbers (1|200)."""
    import pdfplumber
    text = fold("".join(b.text for a in issue.articles for b in a.blocks))
    split = []
    with pdfplumber.open(lo_pdf) as pdf:
        for page in pdf.pages:
            lines = [line["text"] for line in page.extract_text_lines()]
            for a, b in zip(lines, lines[1:]):
                tail = re.search(r"[0-9A-Za-z.%]+$", a)
                head = re.match(r"[0-9A-Za-z.%]+", b)
                if tail and head and fold(tail[0] + head[0]) in text:
                    split.append(f"{a[-8:]}|{b[:8]}")
    assert split == []


def test_the_folio_reader_finds_repeated_words_in_their_place():
    """The page of a recorded end is where its words stand, not an earlier occurrence of
    the same words (nor a list label in between)."""
    pages = [docx_folios.Page("题甲乙丙丁甲乙", 5), docx_folios.Page("丙丁戊己", 6)]
    body = ["甲乙丙丁", "甲乙丙丁戊己"]
    assert docx_folios.page_of(pages, 0, 1, body, 1, 0) == 0       # 甲乙 of the second
    assert docx_folios.page_of(pages, 0, 1, body, 1, 2) == 1       # 丙 on the next page
    assert docx_folios.page_of(pages, 0, 1, body, 0, 0) == 0


def test_a_deck_line_breaks_between_its_clauses_and_reads_back_whole(tmp_path):
    """蔡奇出席…并讲话 丁薛祥出席: Word wrapped it anywhere, the space an ordinary one; now a
    line break follows the space between the clauses (print and EPUB break there too), and
    import-docx reads the line back as it was."""
    from publish.readers import docx as docx_reader
    issue = small_issue()
    deck = "蔡奇出席会议并讲话 丁薛祥出席"
    first = replace(issue.articles[0], deck=(deck,))
    issue = replace(issue, articles=(first, *issue.articles[1:]))
    doc = parts(writer.render(issue, BuildOptions()))["word/document.xml"]
    decks = [p for p in paragraphs(doc) if style_of(p) == "HeadlineGroup"]
    assert len(decks) == 1
    assert text_of(decks[0]) == deck
    assert decks[0].find(".//w:br", W) is not None
    path = tmp_path / "deck.docx"
    path.write_bytes(writer.render(issue, BuildOptions()))
    assert docx_reader.read(path, issue).issue.articles[0].deck == (deck,)


def test_a_run_in_heading_is_set_in_its_character_style():
    from publish.docxkit.xml import w
    from publish.model import PARAGRAPH, Block, Span
    from publish.writers.docx import block_paragraph
    text = "（一）全力以赴抓政策落地。政策落地工程是头号工程。"
    p = block_paragraph(Block(PARAGRAPH, (Span(text),)), page_breaks=[5, 20])
    runs = []
    for r in p.iter(w("r")):
        style = r.find(f"{w('rPr')}/{w('rStyle')}")
        body = "".join(t.text for t in r.iter(w("t")))
        runs.append((style.get(w("val")) if style is not None else None,
                     body or ("BREAK" if r.find(w("br")) is not None else "")))
    assert runs == [("RunInHeading3", "（一）全力"), (None, "BREAK"),
                    ("RunInHeading3", "以赴抓政策落地。"), (None, "政策落地工程是"),
                    (None, "BREAK"), (None, "头号工程。")]
    plain = block_paragraph(Block(PARAGRAPH, (Span("政策落地工程是头号工程。"),)))
    assert p.find(f".//{w('rStyle')}") is not None and plain.find(f".//{w('rStyle')}") is None


@pytest.mark.parametrize("language, tag", [("zh-TW", "zh-TW"), ("zh-Hant-HK", "zh-HK"),
                                           ("zh-Hant", "zh-TW"), ("zh-Hans", "zh-CN"),
                                           ("zh", "zh-CN"), ("en", "zh-CN")])
def test_the_east_asian_language_is_the_issue_s(language, tag):
    """A zh-TW issue's styles and settings said zh-CN everywhere (28 tags) while its EPUB,
    PDF and DOCX properties said zh-TW: Word would check and shape it as simplified."""
    data = writer.render(small_issue(language=language), BuildOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n).decode() for n in ("word/styles.xml", "word/settings.xml")}
    for name, text in parts.items():
        said = set(re.findall(r'w:eastAsia="(zh-[A-Z]{2})"', text))
        assert said == {tag}, (name, said)
