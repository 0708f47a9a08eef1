"""The EPUB: EPUBCheck-clean, navigable, carrying the print page numbers, small, reproducible.

Builds happen once per session (fixtures below); EPUBCheck runs on three of them in parallel.
Nothing here knows the bundled issue's titles, page numbers or article count.
"""
from __future__ import annotations

import io
import itertools
import json
import re
import subprocess
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from publish.errors import UserError
from publish.model import (
    BOLD,
    LIST_ITEM,
    PARAGRAPH,
    TEXT,
    Article,
    Block,
    Issue,
    PageStart,
    Pagination,
    Span,
    TocEntry,
)
from publish.templating import text as plain
from publish.writers import BuildOptions, build_epoch
from publish.writers import epub as writer
from tests import tools
from tests.writers.epub_checks import (NS, Book, ace, epubcheck, epubcheck_4, printed_numbers,
                                      problems, synthetic_pagination, violations)

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MB = 1024 * 1024


# ----------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def print_pdf(bundled_issue, tmp_path_factory) -> tuple[Pagination, Path]:
    """The print edition and its layout."""
    from tests.printed import write_pdf
    path = tmp_path_factory.mktemp("print") / f"{bundled_issue.id}.pdf"
    return write_pdf(bundled_issue, path, BuildOptions()), path


@pytest.fixture(scope="session")
def pagination(bundled_issue) -> Pagination:
    """The synthetic print layout: the main builds do not depend on the PDF writer."""
    return synthetic_pagination(bundled_issue)


@pytest.fixture(scope="session")
def builds(bundled_issue, pagination, tmp_path_factory) -> dict[str, bytes]:
    issue = bundled_issue
    out = tmp_path_factory.mktemp("epub")
    made = {}
    for name, options, pages in (
        ("plain", BuildOptions(), None),
        ("paged", BuildOptions(), pagination),
        ("fonts", BuildOptions(embed_fonts=True), pagination),
    ):
        path = out / name / f"{issue.id}.epub"
        writer.write(issue, path, options, pages)
        made[name] = path.read_bytes()
    return made


@pytest.fixture(scope="session")
def checks(builds, tmp_path_factory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("epubcheck")
    names = ("plain", "paged", "fonts")
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = pool.map(lambda n: epubcheck(builds[n], tmp, n), names)
        return dict(zip(names, reports))


# ----------------------------------------------------------------------------- unit tests

def _block(*spans: tuple[str, str], kind: str = PARAGRAPH, label: str | None = None) -> Block:
    return Block(kind, tuple(Span(t, s) for t, s in spans), label=label)


def _flatten(rb: writer.RenderBlock) -> list:
    """Text and page numbers in order: 'abc', 5, 'def'."""
    out: list = [m.number for m in rb.head]
    for part in rb.parts:
        if isinstance(part, writer.PageMark):
            out.append(part.number)
        else:
            out.append("".join(s.text for s in part))
    return out


def test_split_block_puts_markers_at_character_offsets():
    block = _block(("一二三", TEXT), ("四五", BOLD), ("六七八", TEXT))
    rb = writer.split_block(block, [(4, 11), (0, 10), (3, 12), (8, 14), (99, 15)])
    assert _flatten(rb) == [10, "一二三", 12, "四", 11, "五六七八", 14, 15]
    # the cut bold span stays bold on both sides; no text lost or duplicated
    runs = [s for p in rb.parts if not isinstance(p, writer.PageMark) for s in p]
    assert "".join(s.text for s in runs) == "一二三四五六七八"
    assert [s.style for s in runs if s.text in ("四", "五")] == [BOLD, BOLD]


def test_nav_nests_an_attachments_sections_under_its_title():
    """附件 titles are nav entries under their article, and the sections after one are
    nested under it, not read as following the article's own sections."""
    def head(text, level=2):
        return Block("heading", (Span(text, TEXT),), level=level)
    blocks = (head("甲、一"), _block(("正文", TEXT)), head("乙、二"),
              Block("attachment", (Span("附件", TEXT),)),
              Block("attachment_title", (Span("丙清单", TEXT),)), head("丁、一"),
              head("戊、二"), Block("attachment_title", (Span("己解释", TEXT),)),
              _block(("正文", TEXT)))
    art = Article(id="a", title="题", blocks=blocks)
    page = writer.Page(uid="p", file_name="text/a.xhtml", title="题")
    section, subs = writer.nav_entry(page, art, 1)
    assert section.title == "题"
    shape = [(e[0].title, [c.title for c in e[1]]) if isinstance(e, tuple) else e.title
             for e in subs]
    assert shape == ["甲、一", "乙、二", ("丙清单", ["丁、一", "戊、二"]), "己解释"]
    assert writer.heading_tags(art)[4:8] == ["h2", "h3", "h3", "h2"]


def test_split_block_without_marks_is_the_block():
    block = _block(("甲", TEXT), ("乙", BOLD))
    rb = writer.split_block(block, [])
    assert rb.head == () and rb.parts == (block.spans,)


def test_heading_tags_skip_no_level():
    h = lambda level: Block("heading", (Span("一"),), level=level)
    art = Article(id="a", title="t", blocks=(h(2), _block(("x", TEXT)), h(3), h(2),
                                             Block("attachment_title", (Span("附"),)), h(2), h(3)))
    assert writer.heading_tags(art) == ["h2", "p", "h3", "h2", "h2", "h3", "h4"]
    only_numerals = Article(id="b", title="t", blocks=(h(1), h(1)))
    assert writer.heading_tags(only_numerals) == ["h2", "h2"]


def test_page_marks_drop_unknown_articles_and_repeated_numbers():
    issue = Issue(id="x", articles=(Article(id="a", title="甲", blocks=(_block(("正文", TEXT)),)),))
    pag = Pagination((PageStart(1, "a", -1), PageStart(2, "zz", 0), PageStart(1, "a", 0, 1),
                      PageStart(3, "a", 0, 1)))
    assert writer.page_marks(issue, pag) == {"a": {-1: [(0, 1)], 0: [(1, 3)]}}
    assert writer.page_marks(issue, None) == {}


def test_identifier_is_stable_and_derived_from_the_issue():
    a, b = Issue(id="2024-02"), Issue(id="2024-03")
    assert writer.identifier(a) == writer.identifier(Issue(id="2024-02"))
    assert writer.identifier(a) != writer.identifier(b)
    assert uuid.UUID(writer.identifier(a).removeprefix("urn:uuid:")).version == 5


def test_normalise_zip_fixes_times_and_keeps_order():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("b.txt", "x" * 100)
        z.writestr("a.txt", "y")
    out = zipfile.ZipFile(io.BytesIO(writer.normalise_zip(raw.getvalue(), 1708646400)))
    assert [i.filename for i in out.infolist()] == ["mimetype", "b.txt", "a.txt"]
    assert {i.date_time for i in out.infolist()} == {(2024, 2, 23, 0, 0, 0)}
    assert out.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert out.read("b.txt") == b"x" * 100


def test_serif_face_is_found_from_the_manifest(tmp_path):
    from publish.typefaces import subsets
    for name in ("NotoSerifCJKsc-Regular.otf", "NotoSerifCJKsc-Bold.otf", "Sans-Bold.otf"):
        (tmp_path / name).write_bytes(b"OTTO")
    system = tmp_path / "elsewhere.otf"
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"fonts": [
        {"file": "Sans-Bold.otf", "role": "sans bold", "source_file": str(system)},
        {"file": "NotoSerifCJKsc-Bold.otf", "role": "serif bold"},
        {"file": "NotoSerifCJKsc-Regular.otf", "role": "serif", "source_file": str(system)},
    ]}), encoding="utf-8")
    system.write_bytes(b"OTTO")
    assert subsets.serif_regular(tmp_path).path.name == "NotoSerifCJKsc-Regular.otf"
    assert subsets.serif_regular(tmp_path, bold=True).path.name == "NotoSerifCJKsc-Bold.otf"
    (tmp_path / "MANIFEST.json").unlink()                 # file names decide without one
    assert subsets.serif_regular(tmp_path).path.name == "NotoSerifCJKsc-Regular.otf"


def test_missing_serif_face_is_a_user_error(tmp_path):
    from publish.typefaces import subsets
    (tmp_path / "NotoSansCJKsc-Bold.otf").write_bytes(b"OTTO")
    with pytest.raises(UserError, match="no serif regular font"):
        subsets.serif_regular(tmp_path)


def test_embed_fonts_without_fonts_is_a_user_error(tmp_path, monkeypatch):
    from publish import paths
    monkeypatch.setattr(paths, "FONTS", tmp_path)
    issue = Issue(id="t", title="标题", articles=(Article(id="a", title="甲", blocks=(
        _block(("正文。", TEXT)),)),))
    with pytest.raises(UserError):
        writer.write(issue, tmp_path / "out" / "t.epub", BuildOptions(embed_fonts=True))
    assert not (tmp_path / "out" / "t.epub").exists()


def test_subset_holds_exactly_the_glyphs_of_the_text():
    from fontTools.ttLib import TTFont

    from publish.typefaces import subsets
    face = subsets.serif_regular()
    text = subsets.book_characters(["理论学习，“参考”——2024年"])
    font = TTFont(io.BytesIO(subsets.subset_face(face, text)))
    cmap = font.getBestCmap()
    assert set(text) <= {chr(c) for c in cmap}
    assert set(font.getGlyphOrder()) == {".notdef"} | {cmap[ord(c)] for c in text}


def test_a_list_label_is_apart_from_its_item_in_the_text(tmp_path):
    """Read without the CSS (calibre's text, a screen reader), 1. and 3月10日 stay apart:
    1.3月10日 read as a decimal; on screen the label still hangs in the indent."""
    issue = Issue(id="l", title="刊", articles=(Article(id="a", title="甲", blocks=(
        _block(("3月10日前完成准备工作。", TEXT), kind=LIST_ITEM, label="1."),)),))
    path = tmp_path / "l.epub"
    writer.write(issue, path, BuildOptions())
    book = Book(path.read_bytes())
    items = book.xml(book.spine()[2]).xpath("//x:li", namespaces=NS)
    assert ["".join(li.itertext()) for li in items] == ["1. 3月10日前完成准备工作。"]


@pytest.mark.parametrize("toc", [(), (TocEntry("甲", 1),)])
def test_only_a_printed_issue_is_said_to_differ_from_its_print(tmp_path, toc):
    """An issue made from scratch (toc: []) has no print: its 目录 page, dc:source and
    accessibility summary said the page numbers differ from 印刷版 all the same."""
    issue = Issue(id="s", title="刊", toc=toc, articles=(Article(id="a", title="甲", blocks=(
        _block(("正文。", TEXT)),)),))
    path = tmp_path / "s.epub"
    writer.write(issue, path, BuildOptions(edition="official"),
                 Pagination((PageStart(1, "a", -1),)))
    book = Book(path.read_bytes())
    note = "".join(book.xml(book.spine()[1]).xpath("string(//*[@class='contents-note'])"))
    said = [note, etree.tostring(book.opf, encoding="unicode")]
    assert note.startswith("页码为本刊 GB/T 9704 版式 PDF 页码")
    assert all(("印刷版" in text) == bool(toc) for text in said), said


def test_awkward_text_is_escaped_and_every_page_is_xml(tmp_path):
    """Markup-like text, controls XML forbids, an empty article: a valid book all the same."""
    issue = Issue(id="odd", title="<b>刊</b>&名", number="第1期", date="2024-01-02", articles=(
        Article(id="a b/c", title="标题<script>&\x0b", source="“来源”", bylines=("某 人",),
                deck=("{{ 引题 }}",), dateline="（2024年1月1日）", blocks=(
                    _block(("甲<乙>&丙", TEXT), ("丁'\"", BOLD)),
                    _block(("条目内容", TEXT), kind=LIST_ITEM, label="1."),
                    Block("heading", (Span("一"),), level=1))),
        Article(id="empty", title="空"),
    ))
    pag = Pagination((PageStart(1, "a b/c", -1), PageStart(2, "a b/c", 0, 2),
                      PageStart(3, "a b/c", 1, 0), PageStart(4, "empty", -1), PageStart(5, "empty", 7)))
    path = tmp_path / "odd.epub"
    writer.write(issue, path, BuildOptions(), pag)
    book = Book(path.read_bytes())
    for doc in book.documents():
        book.xml(doc)                                     # parses: well-formed
    text = "".join(book.xml(book.spine()[2]).itertext())
    assert "标题<script>&" in text and "甲<乙>&丙丁'\"" in text and "{{ 引题 }}" in text
    assert [label for label, _ in book.page_list()] == ["1", "2", "3", "4", "5"]
    assert all(book.target(href) is not None for _, href in book.page_list())


# ----------------------------------------------------------------------------- built books

@pytest.mark.slow
@pytest.mark.parametrize("name", ["plain", "paged", "fonts"])
def test_epubcheck_reports_nothing(checks, builds, name):
    report = checks[name]
    # EPUBCheck says "0 errors" for a file it could not even open: make sure it read the book
    assert report["publication"]["nSpines"] == len(Book(builds[name]).spine()) > 0
    assert report["publication"]["identifier"]
    assert report["checker"]["nFatal"] == 0
    assert problems(report) == []
    assert report["checker"]["nError"] == 0 and report["checker"]["nWarning"] == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", ["plain", "paged", "fonts"])
def test_debian_epubcheck_4_reports_nothing(builds, name, tmp_path):
    """EPUBCheck 4.2.6, what Debian and many readers' pipelines still run, as well as 5.3
    (it refuses the `pageBreakSource` property 5.x accepts)."""
    status, found, out = epubcheck_4(builds[name], tmp_path, name)
    assert "Validating using EPUB version 3" in out, out       # it read the book
    assert found == [] and status == 0, out
    assert re.search(r"Messages: 0 fatals / 0 errors / 0 warnings", out), out


def test_the_epubcheck_4_reader_finds_an_error(tmp_path):
    """A broken book (no mimetype, no container) gives a non-zero status and its lines."""
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("EPUB/content.opf", "<package/>")
    status, found, _ = epubcheck_4(bad.getvalue(), tmp_path, "broken")
    assert status != 0 and found


@pytest.mark.slow
def test_sizes(builds):
    assert len(builds["plain"]) <= 1 * MB
    assert len(builds["paged"]) <= 1 * MB
    assert len(builds["fonts"]) <= 4 * MB


@pytest.mark.slow
def test_two_builds_are_byte_identical(builds, bundled_issue, pagination, tmp_path):
    for name, options in (("paged", BuildOptions()), ("fonts", BuildOptions(embed_fonts=True))):
        writer.write(bundled_issue, tmp_path / f"{name}.epub", options, pagination)
        assert (tmp_path / f"{name}.epub").read_bytes() == builds[name], name


@pytest.mark.slow
def test_structure_spine_and_languages(builds, bundled_issue):
    book = Book(builds["paged"])
    spine = book.spine()
    assert len(spine) == len(bundled_issue.articles) + 2          # cover, 目录, one per article
    first = book.xml(spine[0])
    assert first.xpath("//x:img", namespaces=NS)                  # the cover page
    assert book.xml(spine[1]).xpath("//x:h1[contains(., '目')]", namespaces=NS)
    for doc in book.documents():
        root = book.xml(doc)
        assert root.get("lang") == "zh-CN" and root.get(XML_LANG) == "zh-CN", doc
    # one XHTML per article, each with its title as the h1
    for path, art in zip(spine[2:], bundled_issue.articles):
        h1 = book.xml(path).xpath("//x:h1", namespaces=NS)
        assert ["".join(h.itertext()) for h in h1] == [plain(art.title)]
    # structural navigation: headings never skip a level
    for path in spine[2:]:
        levels = [int(el.tag[-1]) for el in book.xml(path).iter()
                  if isinstance(el.tag, str) and re.fullmatch(r"\{.*\}h[1-6]", el.tag)]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)
    # NCX for older readers, same titles
    ncx = book.xml(book.path(book.manifest["ncx"].get("href")))
    labels = ncx.xpath("//ncx:navMap/ncx:navPoint/ncx:navLabel/ncx:text/text()", namespaces=NS)
    assert labels == [plain(a.title) for a in bundled_issue.articles]


@pytest.mark.slow
def test_nav_lists_every_article_title_in_order(builds, bundled_issue):
    for name in ("plain", "paged"):
        book = Book(builds[name])
        links = book.toc_links()
        assert [t for t, _ in links] == [plain(a.title) for a in bundled_issue.articles]
        assert [book.path(h, book.nav_path) for _, h in links] == book.spine()[2:]
        landmarks = book.nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
        assert {"cover", "toc", "bodymatter"} <= set(landmarks)
        # the table of contents is named for what it is (ebooklib's default was id="id")
        assert book.nav.xpath("//x:nav[@epub:type='toc']/@id", namespaces=NS) == ["toc"]


@pytest.mark.slow
def test_without_pagination_there_is_no_page_list(builds):
    book = Book(builds["plain"])
    assert book.page_list() == []
    assert "printPageNumbers" not in book.meta("schema:accessibilityFeature")
    for doc in book.documents():
        assert not book.xml(doc).xpath("//*[@epub:type='pagebreak']", namespaces=NS)


@pytest.mark.slow
def test_page_list_entries_point_at_page_markers(builds):
    book = Book(builds["paged"])
    entries = book.page_list()
    assert entries
    for label, href in entries:
        el = book.target(href)
        assert el is not None, href
        assert el.get(EPUB_TYPE) == "pagebreak" and el.get("aria-label") == label, href
    # only page-break markers carry both epub:type and id (ebooklib lists each as a page)
    for doc in book.documents():
        if doc == book.nav_path:
            continue
        both = book.xml(doc).xpath("//*[@epub:type and @id]", namespaces=NS)
        assert all(el.get(EPUB_TYPE) == "pagebreak" for el in both), doc


def _check_pages_follow(book: Book, issue: Issue, pagination: Pagination) -> None:
    """The page-list covers every page of the layout, in reading order, each marker in its
    article's file; the nav target of each article agrees with its start page."""
    numbers = [int(label) for label, _ in book.page_list()]
    assert sorted(numbers) == sorted({p.number for p in pagination.pages})
    assert numbers == sorted(numbers)                              # reading order
    files = dict(zip((a.id for a in issue.articles), book.spine()[2:]))
    hrefs = {int(label): href for label, href in book.page_list()}
    for page in pagination.pages:
        assert book.path(hrefs[page.number], book.nav_path) == files[page.article], page
    for (title, href), art in zip(book.toc_links(), issue.articles):
        start = pagination.start_page(art.id)
        target = book.path(href, book.nav_path)
        assert book.path(hrefs[start], book.nav_path) == target, art.id
        doc = book.xml(target)
        markers = doc.xpath("//*[@epub:type='pagebreak']", namespaces=NS)
        assert markers[0].get("id") == hrefs[start].split("#")[1]     # first thing on the page
        h1 = doc.xpath("//x:h1", namespaces=NS)[0]
        assert markers[0] in h1.xpath("preceding::*")
    # the 目录 page prints the same start pages
    contents = book.xml(book.spine()[1])
    printed = [int(t) for t in contents.xpath("//*[@class='contents-page']/text()")]
    assert printed == [pagination.start_page(a.id) for a in issue.articles]
    # in reading order the title comes first, then the number (read aloud, calibre's text)
    entries = [" ".join("".join(li.itertext()).split())
               for li in contents.xpath("//x:ol[@class='contents']/x:li", namespaces=NS)]
    assert entries == [f"{' '.join(plain(a.title).split())} {pagination.start_page(a.id)}"
                       for a in issue.articles]


@pytest.mark.slow
def test_synthetic_pagination_is_followed_to_the_character(builds, bundled_issue):
    pag = synthetic_pagination(bundled_issue)
    book = Book(builds["paged"])
    _check_pages_follow(book, bundled_issue, pag)
    # every marker inside a block sits exactly ``offset`` characters into the block's text
    for art, path in zip(bundled_issue.articles, book.spine()[2:]):
        doc = book.xml(path)
        for page in (p for p in pag.pages if p.article == art.id and p.block >= 0):
            marker = doc.xpath("//*[@id=$id]", id=f"page-{page.number}", namespaces=NS)[0]
            block = marker.getparent()
            if block.tag.endswith("}section"):                     # offset 0: just before it
                assert page.offset == 0
                continue
            before = "".join(_text_before(block, marker))
            assert len(before) == page.offset, page
            body = "".join(t for child_text in _text_before(block, None) for t in child_text)
            # (a number keeps its unit through a no-break space: templating.inline)
            assert body.replace("\u00a0", " ") == plain("".join(
                s.text for s in art.blocks[page.block].spans))


def _text_before(block, marker):
    """Text of ``block`` before ``marker`` in document order (all of it for None), without
    the printed label of a list item."""
    if block.text:
        yield block.text
    for child in block:
        if child is marker:
            return
        if marker is not None and marker in child.iter():
            yield from _text_before(child, marker)
            return
        if child.get("class") != "label":
            yield "".join(child.itertext())
        if child.tail:
            yield child.tail


@pytest.mark.slow
def test_real_pagination_from_the_pdf(bundled_issue, print_pdf, tmp_path):
    """The EPUB made with the PDF writer's own layout, as `publish build` makes it."""
    real, pdf_path = print_pdf
    assert real.pages, "the PDF writer reported no pages"
    data = writer.epub_bytes(bundled_issue, BuildOptions(), real)
    book = Book(data)
    _check_pages_follow(book, bundled_issue, real)
    # every page number printed in the PDF has its page-list entry, and no other exists
    printed = printed_numbers(pdf_path)
    assert printed, "no '— N —' page numbers found in the PDF"
    assert sorted(int(label) for label, _ in book.page_list()) == sorted(set(printed))
    assert len(data) <= 1 * MB
    report = epubcheck(data, tmp_path, "real")
    assert report["publication"]["nSpines"] == len(book.spine())
    assert problems(report) == [] and report["checker"]["nFatal"] == 0


@pytest.mark.slow
def test_metadata(builds, bundled_issue):
    issue = bundled_issue
    book = Book(builds["paged"])
    assert book.dc("identifier") == [writer.identifier(issue)]
    assert book.dc("language") == ["zh-CN"]
    title = book.dc("title")[0]
    assert plain(issue.title) in title and plain(issue.number) in title
    assert book.dc("publisher") and book.dc("source")
    # the page-list's source: dc:source refined as the source of the pagination (Ace's
    # epub-pagesource), not the `pageBreakSource` property EPUBCheck 4.2.6 refuses
    source = book.opf.xpath("//dc:source", namespaces=NS)[0]
    assert book.opf.xpath(f"//opf:meta[@refines='#{source.get('id')}']"
                          "[@property='source-of']/text()", namespaces=NS) == ["pagination"]
    assert not book.meta("pageBreakSource")
    assert book.dc("date") == [issue.date[:10]]
    modified = book.meta("dcterms:modified")[0]
    import datetime as dt
    assert modified == dt.datetime.fromtimestamp(build_epoch(issue), dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    assert book.meta("schema:accessMode") == ["textual"]
    assert book.meta("schema:accessModeSufficient") == ["textual"]
    assert {"tableOfContents", "readingOrder", "printPageNumbers", "structuralNavigation"} <= set(
        book.meta("schema:accessibilityFeature"))
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert book.meta("schema:accessibilitySummary")[0]
    # the cover image, made from the issue
    cover = [i for i in book.manifest.values() if "cover-image" in (i.get("properties") or "")]
    assert len(cover) == 1 and cover[0].get("media-type") == "image/png"
    assert book.zip.read(book.path(cover[0].get("href"))).startswith(b"\x89PNG")
    assert book.zip.infolist()[0].filename == "mimetype"
    # EPUB Accessibility 1.1 and the language of the package itself (Ace: epub-lang)
    assert book.opf.get(XML_LANG) == "zh-CN"
    assert book.meta("dcterms:conformsTo") == [writer.CONFORMS_TO]
    assert "WCAG 2" in writer.CONFORMS_TO and "Level AA" in writer.CONFORMS_TO
    assert book.meta("a11y:certifiedBy")
    # the series index is the issue's number within its year, read from issue.number
    from publish.text.numerals import number_in_year
    series = book.opf.xpath("//opf:meta[@property='belongs-to-collection']", namespaces=NS)[0]
    position = book.opf.xpath(f"//opf:meta[@refines='#{series.get('id')}']"
                              "[@property='group-position']/text()", namespaces=NS)
    assert position == [str(number_in_year(issue.number))] and int(position[0]) > 0


@pytest.mark.slow
def test_titles_carry_the_print_line_breaks_as_reflowable_spans(builds, bundled_issue):
    from publish.layout.title_breaks import keep_tokens, title_parts, title_tokens, title_words
    book = Book(builds["paged"])
    split = 0
    for path, art in zip(book.spine()[2:], bundled_issue.articles):
        h1 = book.xml(path).xpath("//x:h1", namespaces=NS)[0]
        lines = ["".join(s.itertext()) for s in h1.xpath("x:span[@class='title-line']",
                                                         namespaces=NS)]
        assert lines == list(title_parts(art.title))
        split += len(lines) > 1
        # words kept whole: a phone reflows between them, never inside one
        words = ["".join(s.itertext()) for s in h1.xpath(".//x:span[@class='word']",
                                                         namespaces=NS)]
        assert words == [w for part in title_words(art.title) for w in part if len(w) > 1]
        # the title's own spaces part its clauses: where a phone reflows it, a line ends there
        gaps = ["".join(s.itertext()) for s in h1.xpath(".//x:span[@class='gap']",
                                                        namespaces=NS)]
        assert len(gaps) == sum(k == "gap" for row in title_tokens(art.title) for _, k in row)
        assert all(not g.strip() for g in gaps)
        for deck in book.xml(path).xpath("//x:p[@class='deck']", namespaces=NS):
            text = "".join(deck.itertext())
            assert len(deck.xpath("x:span[@class='gap']", namespaces=NS)) == sum(
                k == "gap" for _, k in keep_tokens(text))
    assert split                                   # some titles really are broken
    css = _css(book)
    assert re.search(r"span\.title-line\s*\{\s*display:\s*inline-block", css)
    assert re.search(r"@media \(max-width:[^)]*\)\s*\{\s*h1\.title span\.title-line\s*"
                     r"\{\s*display:\s*inline;", css)
    assert re.search(r"h1\.title span\.gap,\s*p\.deck span\.gap\s*\{\s*display:\s*block;", css)


def test_group_position_follows_the_number_field(bundled_issue):
    from dataclasses import replace as dc_replace
    small = dc_replace(bundled_issue, number="2023年第十一期", articles=bundled_issue.articles[:1])
    book, _ = writer.build_book(small, BuildOptions())
    metas = [m for m in book.metadata[None]["meta"]
             if (m[1] or {}).get("property") == "group-position"]
    assert [m[0] for m in metas] == ["11"]
    none = dc_replace(small, number="创刊号")
    book, _ = writer.build_book(none, BuildOptions())
    assert not [m for m in book.metadata[None]["meta"]
                if (m[1] or {}).get("property") == "group-position"]


def _css(book: "Book") -> str:
    return next(book.zip.read(book.path(i.get("href"))).decode()
                for i in book.manifest.values() if i.get("media-type") == "text/css")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["plain", "fonts"])
def test_body_has_a_chinese_font_stack_for_every_platform(builds, name):
    css = _css(Book(builds[name]))
    rule = re.search(r"html,\s*body\s*\{\s*font-family:\s*([^;]+);", css)
    assert rule, "no font-family on html/body"
    stack = [f.strip().strip('"') for f in rule.group(1).split(",")]
    for face in ("Songti SC", "PingFang SC", "Noto Serif CJK SC", "Source Han Serif SC",
                 "SimSun", "Microsoft YaHei"):
        assert face in stack, face
    assert stack[-1] in ("serif", "sans-serif")
    if name == "fonts":
        assert stack[0] == writer.FONT_FAMILY


@pytest.mark.slow
def test_apple_books_is_told_to_use_the_embedded_fonts(builds):
    fonts, paged = Book(builds["fonts"]), Book(builds["paged"])
    assert writer.APPLE_OPTIONS not in paged.zip.namelist()
    root = etree.fromstring(fonts.zip.read(writer.APPLE_OPTIONS))
    assert root.xpath("//option[@name='specified-fonts']/text()") == ["true"]
    names = [i.filename for i in fonts.zip.infolist()]
    assert names[0] == "mimetype" and names.index(writer.APPLE_OPTIONS) < names.index(
        fonts.opf_path)


@pytest.mark.slow
def test_calibre_reads_the_series_index(builds, bundled_issue, tmp_path):
    from publish.text.numerals import number_in_year
    path = tmp_path / "book.epub"
    path.write_bytes(builds["paged"])
    out = subprocess.run([tools.require("ebook-meta"), str(path)], capture_output=True, text=True,
                         timeout=300, check=True).stdout
    series = re.search(r"^Series\s*:\s*(.+)$", out, re.M)
    assert series, out
    assert series.group(1).strip().endswith(f"#{number_in_year(bundled_issue.number)}")


# ------------------------------------------------------------------------- Ace by DAISY

@pytest.fixture(scope="session")
def ace_reports(builds, tmp_path_factory) -> dict[str, dict]:
    tools.ace()
    tmp = tmp_path_factory.mktemp("ace")
    names = ("paged", "fonts")
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(lambda n: ace(builds[n], tmp, n), names)))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["paged", "fonts"])
def test_ace_reports_no_violation(ace_reports, builds, name):
    report = ace_reports[name]
    # Ace read the book: every spine document was checked
    checked = {PurePosixPath(group["earl:testSubject"]["url"]).name
               for group in report["assertions"]}
    assert {PurePosixPath(doc).name for doc in Book(builds[name]).spine()} <= checked
    assert violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"


def test_the_violation_reader_finds_a_violation():
    report = {"assertions": [{"earl:testSubject": {"url": "a.xhtml"}, "assertions": [
        {"earl:test": {"earl:impact": "serious", "dct:title": "epub-lang"},
         "earl:result": {"earl:outcome": "fail", "dct:description": "no lang"}}]}]}
    assert violations(report) == ["serious epub-lang: no lang @ a.xhtml"]


@pytest.mark.slow
def test_embedded_fonts_cover_the_book_exactly(builds):
    from fontTools.ttLib import TTFont
    plain_book, book = Book(builds["paged"]), Book(builds["fonts"])
    fonts = [i for i in book.manifest.values() if i.get("media-type", "").startswith("font/")]
    assert fonts and not [i for i in plain_book.manifest.values()
                          if i.get("media-type", "").startswith("font/")]
    css = next(book.zip.read(book.path(i.get("href"))).decode()
               for i in book.manifest.values() if i.get("media-type") == "text/css")
    # one @font-face per embedded file (the 楷's names the reader's own face: local() only)
    assert len(re.findall(r"@font-face \{[^}]*url\(", css)) == len(fonts)
    used = set()
    for doc in book.spine():
        body = book.xml(doc).xpath("//x:body", namespaces=NS)[0]
        used |= {c for c in "".join(body.itertext()) if not c.isspace()}
    regular = next(i for i in fonts if "regular" in i.get("href"))
    font = TTFont(io.BytesIO(book.zip.read(book.path(regular.get("href")))))
    cmap = font.getBestCmap()
    have = {chr(c) for c in cmap}
    assert used <= have
    # nothing beyond the book's characters (a space, and any alt-text characters, aside)
    assert len(have - used) <= 40
    assert len(font.getGlyphOrder()) == len(set(cmap.values())) + 1      # + .notdef only


@pytest.mark.slow
def test_cli_build_writes_the_epub(tmp_path):
    from click.testing import CliRunner

    from publish.cli import main
    from tests.paths import BUNDLED
    result = CliRunner().invoke(main, ["build", str(BUNDLED), "--format", "epub",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    from publish import corpus
    issue_id = corpus.load(BUNDLED).id
    out = tmp_path / issue_id / f"{issue_id}.epub"
    assert out.is_file() and zipfile.is_zipfile(out)


@pytest.mark.slow
def test_nav_lists_sections_under_their_article(builds, bundled_issue):
    """一、 headings and attachment titles are nav entries nested under their article, and
    each points at the heading's own id."""
    book = Book(builds["paged"])
    toc = book.nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li", namespaces=NS)
    assert len(toc) == len(bundled_issue.articles)
    for li, article in zip(toc, bundled_issue.articles):
        expected = [plain(b.text) for b in article.blocks if writer.is_section(b)]
        subs = li.xpath("x:ol//x:a | x:ol//x:span", namespaces=NS)
        assert ["".join(a.itertext()) for a in subs] == expected
        # an attachment's sections sit under its title, one level down
        titles = {plain(b.text) for b in article.blocks if b.type == "attachment_title"}
        after = False
        for a, block in zip(subs, [b for b in article.blocks if writer.is_section(b)]):
            after = after or block.type == "attachment_title"
            depth = len(a.xpath("ancestor::x:ol", namespaces=NS)) - 1
            assert depth == (2 if after and block.type == "heading" else 1), plain(block.text)
            if after and block.type == "heading":
                parent = a.xpath("ancestor::x:li[2]/*[1]", namespaces=NS)[0]
                assert "".join(parent.itertext()) in titles
        subs = [a for a in subs if a.get("href")]
        for a in subs:
            anchor = a.get("href").partition("#")[2]
            heading = book.xml(book.path(a.get("href"), book.nav_path)).xpath(f"//*[@id='{anchor}']")
            assert heading and heading[0].tag.split("}")[1] in ("h2", "h3", "h4")
    assert any(li.xpath("x:ol", namespaces=NS) for li in toc)


# ------------------------------------------------------------------ the NCX (EPUB 2 readers)

def _ncx_shape(book: Book) -> dict:
    """The NCX as an EPUB 2 reader reads it: its head counts, its navMap's nesting, its
    pageList, and every entry's (playOrder, target) in document order."""
    ncx = book.xml(book.path(book.manifest["ncx"].get("href")))
    meta = {m.get("name"): m.get("content") for m in ncx.xpath("//ncx:head/ncx:meta", namespaces=NS)}

    def depth(node) -> int:
        return max((1 + depth(k) for k in node.xpath("ncx:navPoint", namespaces=NS)), default=0)

    pages = [("".join(t.xpath("ncx:navLabel/ncx:text/text()", namespaces=NS)),
              t.xpath("ncx:content/@src", namespaces=NS)[0], t.get("value"), t.get("type"))
             for t in ncx.xpath("//ncx:pageList/ncx:pageTarget", namespaces=NS)]
    entries = [(int(e.get("playOrder")), e.xpath("ncx:content/@src", namespaces=NS)[0])
               for e in ncx.xpath("//ncx:navPoint | //ncx:pageTarget", namespaces=NS)]
    return {"meta": meta, "depth": depth(ncx.xpath("//ncx:navMap", namespaces=NS)[0]),
            "pages": pages, "entries": entries}


def _nav_depth(book: Book) -> int:
    def depth(ol) -> int:
        return 1 + max((depth(k) for k in ol.xpath("x:li/x:ol", namespaces=NS)), default=0)
    return depth(book.nav.xpath("//x:nav[@epub:type='toc']/x:ol", namespaces=NS)[0])


def _reading_place(book: Book, src: str) -> tuple[int, int]:
    """Where an NCX target lies in reading order: its page in the spine, then its element."""
    path = book.path(src)
    root = book.xml(path)
    frag = src.partition("#")[2]
    place = -1
    if frag:
        place = next(i for i, el in enumerate(root.iter()) if el.get("id") == frag)
    return book.spine().index(path), place


def _check_ncx(book: Book) -> dict:
    """The NCX agrees with the EPUB 3 nav: depth, page-list, and a playOrder that is the
    reading order of the targets (one number per target, none skipped)."""
    shape = _ncx_shape(book)
    assert int(shape["meta"]["dtb:depth"]) == shape["depth"] == _nav_depth(book)
    nav_pages = book.page_list()
    assert [(label, book.path(src)) + ((src.partition("#")[2]),) for label, src, *_ in shape["pages"]] \
        == [(label, book.path(href, book.nav_path), href.partition("#")[2])
            for label, href in nav_pages]
    numbers = [int(label) for label, _ in nav_pages if label.isdigit()]
    assert all(value == label and kind == "normal"
               for label, _, value, kind in shape["pages"] if label.isdigit())
    assert int(shape["meta"]["dtb:totalPageCount"]) == len(nav_pages)
    assert int(shape["meta"]["dtb:maxPageNumber"]) == max(numbers, default=0)
    places = {src: _reading_place(book, src) for _, src in shape["entries"]}
    order = {place: k for k, place in enumerate(sorted(set(places.values())), start=1)}
    assert [play for play, _ in shape["entries"]] == [order[places[src]]
                                                      for _, src in shape["entries"]]
    return shape


def test_the_ncx_carries_the_nesting_and_the_page_list(tmp_path):
    """EPUB 2 readers, calibre and some Android readers read the NCX alone: it nests as the
    nav does, says its depth, and lists the page-list's pages (ebooklib writes depth 0 and
    no pageList)."""
    def head(text, level=2):
        return Block("heading", (Span(text, TEXT),), level=level)
    blocks = (head("一、甲"), _block(("正文一", TEXT)), head("二、乙"), _block(("正文二", TEXT)),
              Block("attachment", (Span("附件", TEXT),)),
              Block("attachment_title", (Span("清单", TEXT),)), head("一、丙"),
              _block(("正文三", TEXT)))
    issue = Issue(id="ncx", title="刊", number="2024年第3期", date="2024-03-01", articles=(
        Article(id="a", title="第一篇", blocks=blocks),
        Article(id="b", title="第二篇", blocks=(_block(("正文四", TEXT)),)),
    ))
    pag = Pagination((PageStart(7, "a", -1), PageStart(8, "a", 1, 1), PageStart(9, "a", 7, 0),
                      PageStart(10, "b", -1)))
    path = tmp_path / "ncx.epub"
    writer.write(issue, path, BuildOptions(), pag)
    shape = _check_ncx(Book(path.read_bytes()))
    assert shape["depth"] == 3
    assert [label for label, *_ in shape["pages"]] == ["7", "8", "9", "10"]
    writer.write(issue, path, BuildOptions(), None)          # no page-list, no pageList
    shape = _check_ncx(Book(path.read_bytes()))
    assert shape["pages"] == [] and shape["meta"]["dtb:totalPageCount"] == "0"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["plain", "paged"])
def test_the_built_books_ncx_matches_the_nav(builds, name):
    shape = _check_ncx(Book(builds[name]))
    assert bool(shape["pages"]) == (name == "paged")

# ------------------------------------------------------------------ on a phone (390 px)

def as_on_a_screen(css: str, width: int) -> str:
    """``css`` with each width media query settled for a ``width`` px screen (16 px an em):
    Chromium's print-to-PDF evaluates them against its 780 px window, not the page, so a
    phone's own rules (reading.css below 32em) would not apply to the printed page."""
    def settle(m: re.Match) -> str:
        limit = float(m.group(2)) * 16
        holds = width <= limit if m.group(1) == "max" else width >= limit
        return "@media all" if holds else "@media not all"
    return re.sub(r"@media \((max|min)-width: ([\d.]+)em\)", settle, css)


def on_phone(data: bytes, page: str, tmp: Path, width: int = 390, height: int = 20000):
    """``page`` of the book as Chromium sets it on a ``width`` × ``height`` CSS px screen
    (printed to a PDF page of that size, the screen's media queries applied), with the
    project's faces: the pdfplumber page."""
    import logging

    import pdfplumber
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    root = tmp / "book"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(root)
    for sheet in root.rglob("*.css"):
        sheet.write_text(as_on_a_screen(sheet.read_text(encoding="utf-8"), width),
                         encoding="utf-8")
    source = next(root.rglob(page))
    html = source.read_text(encoding="utf-8").replace(
        "</head>", f"<style>@page {{ size: {width}px {height}px; margin: 0 }}</style></head>")
    probe = source.with_name("phone-" + source.name)
    probe.write_text(html, encoding="utf-8")
    pdf = tmp / f"phone-{source.stem}.pdf"
    subprocess.run([tools.chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", probe.as_uri()],
                   capture_output=True, timeout=300, check=False, env=tools.office_env())
    assert pdf.is_file()
    return pdfplumber.open(pdf)


def phone_lines(data: bytes, page: str, tmp: Path, width: int = 390) -> list[str]:
    from publish.text.normalize import fold
    with on_phone(data, page, tmp, width) as doc:
        return [fold(line["text"]) for p in doc.pages for line in p.extract_text_lines()]


@pytest.mark.slow
def test_the_contents_leave_no_character_alone_on_a_phone(builds, bundled_issue, tmp_path):
    """At 390 px the contents entries wrap between words (jieba), and no line of an entry
    holds one character alone (使|用)."""
    from publish.text.normalize import fold
    lines = phone_lines(builds["paged"], "contents.xhtml", tmp_path)
    titles = [fold(a.title) for a in bundled_issue.articles]
    entry = [re.sub(r"\d+$", "", line) for line in lines]
    assert sum(1 for t in titles if any(t.startswith(e) and e != t for e in entry if e)) > 0
    alone = [e for e in entry if len(e) == 1]
    assert alone == []


@pytest.mark.slow
def test_a_title_s_clause_space_ends_a_line_on_a_phone(builds, tmp_path):
    """Below 32em (a phone) the space that parts a title's clauses ends a line, in the
    article's title and in its 目录 entry (中共中央政治局召开会议 / 习近平主持会议, not
    …召开 / 会议 习近平主持会议; …驻天津部队 / 向全体…, not …部队 向全体 / …); the phone pages are printed with the screen's media
    queries applied (Chromium's print-to-PDF alone evaluated them for its 780 px window)."""
    assert as_on_a_screen("@media (max-width: 32em) {", 390) == "@media all {"
    assert as_on_a_screen("@media (max-width: 32em) {", 800) == "@media not all {"
    title = [re.sub(r"\s", "", x) for x in phone_lines(builds["paged"], "10-*.xhtml", tmp_path)]
    assert title[:2] == ["中共中央政治局召开会议", "习近平主持会议"]
    contents = [re.sub(r"\s|\d+$", "", x)
                for x in phone_lines(builds["paged"], "contents.xhtml", tmp_path)]
    assert "习近平春节前夕视察慰问驻天津部队" in contents      # then 向全体…
    assert "中共中央政治局召开会议" in contents


def wrapped_into(lines: list[str], text: str) -> list[str]:
    """The run of consecutive ``lines`` that spells ``text`` (how a screen wrapped it), or
    [] where none does."""
    for start in range(len(lines)):
        run, end = "", start
        while end < len(lines) and len(run) < len(text) and text.startswith(run + lines[end]):
            run += lines[end]
            end += 1
        if run == text:
            return lines[start:end]
    return []


def test_a_contents_entry_ends_a_line_at_its_clause_space_on_a_phone():
    """A title's own space parts its clauses (坚持和完善人民代表大会制度 保障人民当家作主):
    in the 目录 page it is a gap that a narrow screen ends a line at, as the article's title
    (before: …制度 保障 / 人民当家作主 at 390 px)."""
    title = "习近平：坚持和完善人民代表大会制度 保障人民当家作主"
    issue = Issue(id="t", title="刊", articles=(Article(id="a", title=title, blocks=(
        _block(("正文。", TEXT)),)),))
    book = Book(writer.epub_bytes(issue, BuildOptions()))
    contents = book.xml(next(d for d in book.documents() if d.endswith("contents.xhtml")))
    gaps = contents.xpath("//x:ol[@class='contents']//x:span[@class='gap']", namespaces=NS)
    assert [g.text for g in gaps] == [" "]
    assert "".join(contents.xpath("//x:ol[@class='contents']//x:a", namespaces=NS)[0]
                   .itertext()) == title
    css = book.zip.read(next(n for n in book.zip.namelist() if n.endswith(".css"))).decode()
    narrow = re.search(r"@media \(max-width: 32em\) \{\s*ol\.contents span\.gap \{\s*"
                       r"display: block;", css)
    assert narrow


@pytest.mark.slow
def test_a_contents_entry_wraps_into_even_lines_on_a_phone(builds, bundled_issue, tmp_path):
    """At 390 px an entry too long for the screen wraps into lines of about one length
    (text-wrap: balance), not a full line over a word (…作出重要 / 指示, …留学生及校友 /
    代表, …闭幕会上 / 的讲话)."""
    from publish.text.normalize import fold
    lines = [re.sub(r"\s|\d+$", "", re.sub(r"\s", "", line))
             for line in phone_lines(builds["paged"], "contents.xhtml", tmp_path)]
    wraps = [wrapped_into(lines, re.sub(r"\s", "", fold(a.title)))
             for a in bundled_issue.articles]
    wrapped = [w for w in wraps if len(w) > 1]
    assert len(wrapped) >= 10
    assert [w for w in wrapped if min(map(len, w)) < max(map(len, w)) / 2] == []


@pytest.mark.slow
def test_a_headline_group_line_wraps_into_even_lines_on_a_phone(builds, bundled_issue, tmp_path):
    """At 390 px a deck line too long for the screen wraps into lines of about one length
    (text-wrap: balance, as the title), never a full line over a word left alone
    (…第四次会议 / 强调); a clause its own space parts off (…并讲话 丁薛祥出席) is a line of
    its own on a phone, and the clauses are looked at one by one."""
    from publish.layout.title_breaks import clause_parts
    from publish.text.normalize import fold
    checked = 0
    for number in ("05", "17"):
        article = bundled_issue.articles[int(number) - 1]
        lines = [re.sub(r"\s", "", line)
                 for line in phone_lines(builds["paged"], f"{number}-*.xhtml", tmp_path)]
        for clause in (c for deck in article.deck for c in clause_parts(deck)):
            wrapped = wrapped_into(lines, re.sub(r"\s", "", fold(clause)))
            if len(wrapped) > 1:           # (not found: pdfplumber reads 民 as ⺠)
                assert min(map(len, wrapped)) >= max(map(len, wrapped)) / 2, (clause, wrapped)
                checked += 1
    assert checked >= 2                    # deck lines that wrap were found and looked at


@pytest.mark.slow
def test_quotes_in_kai_text_are_full_width_on_a_phone(builds, tmp_path):
    """Where the reader has the free 楷 (LXGW WenKai, as here), its Latin quotes (a third of
    an em) are not used: the source line's “ ” come from the next face, a full em wide."""
    with on_phone(builds["plain"], "01-*.xhtml", tmp_path) as doc:
        chars = [c for p in doc.pages for c in p.chars]
    kai = [c for c in chars if "WenKai" in c["fontname"]]
    quotes = [c for c in chars if c["text"] in "“”"]
    assert kai and quotes                                   # 楷 is used; the page has quotes
    assert all(c["x1"] - c["x0"] >= 0.9 * c["size"] for c in quotes)
    assert not [c for c in quotes if "WenKai" in c["fontname"]]


def test_the_kai_face_leaves_out_the_marks_print_sets_in_the_serif():
    from publish.layout.fonts import KAI_FALLBACK
    css = writer.environment().get_template("epub/reading.css").render(
        font=None, kai_range=writer.kai_unicode_range())
    face = re.search(r'@font-face \{\s*font-family: "Publish Kai";(.*?)\}', css, re.S)[1]
    assert 'local("LXGW WenKai")' in face
    spans = re.search(r"unicode-range: ([^;]+);", face)[1].split(", ")
    covered = set()
    for span in spans:
        a, _, b = span[2:].partition("-")
        covered.add((int(a, 16), int(b or a, 16)))
    for ch in "“”‘’":
        assert ch in KAI_FALLBACK and not any(a <= ord(ch) <= b for a, b in covered)
    assert all(any(a <= ord(ch) <= b for a, b in covered) for ch in "楷，。（）—…·")
    assert '"LXGW WenKai"' not in css.replace('local("LXGW WenKai")', "")


@pytest.mark.slow
def test_the_cover_fills_a_phone_screen(builds, tmp_path):
    """The cover picture is phone-shaped and its page shows it over the whole height of a
    390 × 844 screen (an A4-shaped picture left half of it empty), nothing cut off."""
    with on_phone(builds["paged"], "cover.xhtml", tmp_path, 390, 844) as doc:
        page = doc.pages[0]
        images = page.images
        assert len(doc.pages) == 1 and len(images) == 1
        image = images[0]
        assert image["x0"] >= -0.5 and image["x1"] <= page.width + 0.5
        assert image["top"] >= -0.5 and image["bottom"] <= page.height + 0.5
        covered = (image["x1"] - image["x0"]) * (image["bottom"] - image["top"])
        assert covered >= 0.85 * page.width * page.height, (image, page.width, page.height)


def test_a_quantity_is_one_piece_that_no_line_parts():
    """The print composer's quantities (layout/rules.py) are the EPUB's no-wrap pieces: a
    number with the character after it, a magnitude with its unit, 第 with its number, a
    number and its unit across a space; the text itself is unchanged."""
    runs = writer.quantity_runs
    assert runs("成立60周年大会") == [("成立", False), ("60周", True), ("年大会", False)]
    assert runs("总值达到2762亿元，") == [("总值达到", False), ("2762亿元", True), ("，", False)]
    assert runs("居全国第2。") == [("居全国", False), ("第2", True), ("。", False)]
    assert runs("百万吨级") == [("百万吨", True), ("级", False)]
    assert runs("建设好 4 个，增长12.5%") == [("建设好 ", False), ("4 个", True), ("，增长", False),
                                          ("12.5%", True)]
    assert runs("没有数字") == [("没有数字", False)] and runs("") == []
    html = str(writer.whole((Span("成立60周年"), Span("增长1.5倍", BOLD))))
    assert html == ('成立<span class="nobr">60周</span>年'
                    '<b>增长</b><span class="nobr"><b>1.5倍</b></span>')
    # a print page mark inside a quantity: each side of it is kept whole
    cut = writer.wholes(((Span("节水 3.73"),), writer.PageMark(82), (Span("亿立方米、"),)))
    assert [str(x) if x is not None else None for x in cut] == [
        '节水 <span class="nobr">3.73</span>', None, '<span class="nobr">亿立方米</span>、']


@pytest.mark.slow
def test_a_quantity_is_never_parted_on_a_phone(builds, bundled_issue, tmp_path):
    """At 390 px no line inside a paragraph ends inside a quantity the print keeps whole
    (before: 成立60 / 周年 three times in article 16; 2762亿 / 元, 第 / 2, 协提案737 / 件,
    亿立方 / 米 in article 22). The book without print pages: a page mark inside a
    quantity (3.73 | 亿立方米) is where the print broke it."""
    from publish.layout.rules import inside_quantities
    from publish.text.chars import UNIT_SIGNS, is_ideograph
    from publish.text.normalize import fold
    parted, seen = [], 0
    for number in (16, 22):
        blocks = [re.sub(r"\s", "", fold(b.text))
                  for b in bundled_issue.articles[number - 1].blocks]
        lines = [re.sub(r"\s", "", line)
                 for line in phone_lines(builds["plain"], f"{number}-*.xhtml", tmp_path)]
        for a, b in zip(lines, lines[1:]):
            if not a or not b or not any(a[-6:] + b[:6] in text for text in blocks):
                continue                   # a paragraph's last line, or not a body line
            seen += 1
            t, k = a[-12:] + b[:12], len(a[-12:])
            if (t[k - 1].isdigit() and (is_ideograph(t[k]) or t[k] in UNIT_SIGNS)
                    or k in inside_quantities(t)):
                parted.append(f"{a[-6:]} / {b[:6]}")
    assert seen > 500 and parted == []


def test_a_connector_mark_is_kept_with_the_character_before_it():
    """A dash, wave dash or full-width hyphen (print never begins a line with one) is one
    no-wrap piece with the character before it; a quantity it follows joins the piece."""
    from publish.layout.rules import NO_START
    html = str(writer.whole((Span("乙——丙，约3～5年，另有一部分－二项，见〜。"),)))
    assert html == ('<span class="nobr">乙——</span>丙，约<span class="nobr">3～</span>'
                    '<span class="nobr">5年</span>，另有一部<span class="nobr">分－</span>'
                    '二项，<span class="nobr">见〜</span>。')
    assert set("—―－～〜") <= NO_START


def test_a_connector_mark_after_a_bold_run_is_kept_with_its_last_character():
    """Cut at the style's edge, each side had an element of its own (the bold 点 one
    character: none at all), and the line could begin with ——."""
    from publish.model import BOLD
    html = str(writer.whole((Span("甲乙重点", BOLD), Span("——丙丁"))))
    assert html == '<b>甲乙重</b><span class="nobr"><b>点</b>——</span>丙丁'


@pytest.mark.slow
def test_no_line_begins_with_a_connector_mark_on_a_phone(tmp_path):
    """At 360 px Chromium began lines with ——, －, ～ and 〜 (UAX #14 allows a break before
    them), which the print composer never does (layout/rules.py NO_START)."""
    from publish.layout.rules import NO_START
    blocks = tuple(_block(("甲" * k + "乙" + mark + "丙" * 30, TEXT))
                   for mark in ("——", "―", "－", "～", "〜") for k in range(20, 42))
    issue = Issue(id="t", title="刊", articles=(Article(id="a", title="标题", blocks=blocks),))
    lines = [re.sub(r"\s", "", line) for line in phone_lines(
        writer.epub_bytes(issue, BuildOptions(embed_fonts=True)), "01-*.xhtml", tmp_path,
        width=360)]
    assert len(lines) > 3 * len(blocks)
    assert [line[:3] for line in lines if line[:1] in NO_START] == []


def test_a_web_address_is_one_piece_a_line_breaks_anywhere():
    """A web address (up to its last character that may end one, not a bracket or a stop
    after it) is a ``span.url``; a quantity inside it is not kept whole."""
    html = str(writer.whole((Span("详见https://www.gov.cn/a/202402/c_69.htm?x=1&y=2)。"
                                  "成立60周年，见www.news.cn."),)))
    assert html == ('详见<span class="url">https://www.gov.cn/a/202402/c_69.htm?x=1&amp;y=2'
                    '</span>)。成立<span class="nobr">60周</span>年，见<span class="url">'
                    'www.news.cn</span>.')


@pytest.mark.slow
def test_a_web_address_follows_the_text_on_its_line_on_a_phone(tmp_path):
    """At 360 px a paragraph's web address begins on the line its sentence begins (before:
    it fit nowhere but a line of its own, so the justified line before it held 详见 alone,
    spread over the measure)."""
    url = "https://www.gov.cn/yaowen/liebiao/202402/content_6930817.htm?from=groupmessage"
    issue = Issue(id="t", title="刊", articles=(Article(id="a", title="标题", blocks=(
        _block(("详见" + url + "。", TEXT)),)),))
    lines = [re.sub(r"\s", "", line) for line in phone_lines(
        writer.epub_bytes(issue, BuildOptions()), "01-*.xhtml", tmp_path, width=360)]
    assert [line.index("https") for line in lines if "https" in line] == [2], lines


def test_a_mail_address_is_one_piece_a_line_breaks_anywhere():
    """A mail address is a ``span.url`` as a web address is (a stop after it left out, a
    quantity inside it not kept whole); one inside a web address is that address's."""
    html = str(writer.whole((Span("邮箱：xuan.chuan-bu+2024@imust.edu.cn。"
                                  "见https://u@www.news.cn/a。"),)))
    assert html == ('邮箱：<span class="url">xuan.chuan-bu+2024@imust.edu.cn</span>。'
                    '见<span class="url">https://u@www.news.cn/a</span>。')


@pytest.mark.slow
def test_a_mail_address_follows_the_text_on_its_line_on_a_phone(tmp_path):
    """At 360 px a mail address too long for the rest of its line begins on it all the
    same: before, it began the next line and left 电子邮箱 spread over the one before."""
    mail = "xuanchuanbu.dangwei.office2024@imust.edu.cn"
    issue = Issue(id="t", title="刊", articles=(Article(id="a", title="标题", blocks=(
        _block(("请将材料发送至电子邮箱" + mail + "。", TEXT)),)),))
    lines = [re.sub(r"\s", "", line) for line in phone_lines(
        writer.epub_bytes(issue, BuildOptions()), "01-*.xhtml", tmp_path, width=360)]
    assert any(line.startswith("请将") and "xuan" in line for line in lines), lines


def test_a_number_keeps_its_unit_where_a_phone_reflows():
    """A space between a number and its unit (4 个, 2024 年) is a no-break space in the
    EPUB, as the print composer never breaks there; other spaces stay."""
    from publish.model import Span
    from publish.templating import inline
    html = str(inline([Span("建设好 4 个国家，2024 年，增长 5 %，截至 2023 年底 a b")]))
    assert html == "建设好 4\u00a0个国家，2024\u00a0年，增长 5\u00a0%，截至 2023\u00a0年底 a b"


def test_the_house_edition_says_its_page_numbers_are_not_the_printed_issues(
        bundled_issue, pagination, tmp_path):
    """The 目录 note and the accessibility summary said "the printed issue's page numbers"
    in the house edition too, whose numbers are its own PDF's (dc:source said so)."""
    import zipfile
    from publish.options import OFFICIAL, SOURCE
    said = {}
    for edition in (SOURCE, OFFICIAL):
        path = tmp_path / edition / f"{bundled_issue.id}.epub"
        writer.write(bundled_issue, path, BuildOptions(edition=edition), pagination)
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            contents = z.read(next(n for n in names if n.endswith("contents.xhtml"))).decode()
            opf = z.read(next(n for n in names if n.endswith(".opf"))).decode()
        said[edition] = (contents, opf)
    assert "页码为印刷版页码" in said[SOURCE][0] and "与印刷版一致的页码" in said[SOURCE][1]
    assert "页码为印刷版页码" not in said[OFFICIAL][0]
    assert "与印刷版不同" in said[OFFICIAL][0]
    assert "与印刷版一致的页码" not in said[OFFICIAL][1]


def test_a_source_line_keeps_each_number_with_its_unit(builds):
    """《求是》2024 年第 4 / 期）: the title block's spaces were ordinary ones, where the
    body's number-and-unit spaces are no-break."""
    import io
    import re
    import zipfile
    with zipfile.ZipFile(io.BytesIO(builds["plain"])) as z:
        sources = [m for n in z.namelist() if n.startswith("EPUB/text/")
                   for m in re.findall(r'<p class="source">(.*?)</p>', z.read(n).decode())]
    plain = [re.sub(r"<[^>]+>", "", s) for s in sources]
    assert any("年第" in s for s in plain)
    for s in plain:
        assert not re.search(r"\d [年月日期]", s), s


def test_a_run_in_heading_is_marked_as_a_lead():
    from publish.model import BOLD, PARAGRAPH, Block, Span
    from publish.writers.epub import Lead, PageMark, split_block
    text = "（一）全力以赴抓政策落地。政策落地工程是头号工程。"
    parts = split_block(Block(PARAGRAPH, (Span(text),)), [(20, 7)]).parts
    assert parts[0] == Lead((Span("（一）全力以赴抓政策落地。"),), 3)
    assert parts[1] == (Span("政策落地工程是"),) and parts[2] == PageMark(7)
    # a page beginning inside the lead, a bold lead, no lead: the spans as they are
    assert not isinstance(split_block(Block(PARAGRAPH, (Span(text),)), [(5, 7)]).parts[0],
                          Lead)
    bold = Block(PARAGRAPH, (Span("（一）全力以赴抓政策落地。", BOLD), Span("政策。")))
    assert not any(isinstance(p, Lead) for p in split_block(bold, []).parts)
