"""The print edition, inspected as a reader and a print shop would: from the PDF only.

The bundled issue is built once per session; every check reads the PDF (pdfplumber/pypdf)
and compares it with the corpus — never with stored bytes or hard-coded page numbers.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest

from publish.layout.rules import NO_END, NO_SPLIT_PAIRS, NO_START, address_dot
from publish.layout.style import OFFICIAL
from publish.model import Issue
from publish.text.chars import strip_controls
from publish.text.normalize import fold
from publish.paths import FONTS
from publish.writers import BuildOptions, build_epoch
from publish.writers import html as html_writer
from publish.render import printhtml
from publish.writers import pdf as pdf_writer
from tests.printed import write_pdf
from tests.writers import print_inspect as pi
from tests.writers.print_issues import small_issue

pytestmark = pytest.mark.slow
S = OFFICIAL
BODY_FONT = "Publish-Serif"


def start_index(built, article_id: str) -> int:
    return built.dests[article_id]


# ----------------------------------------------------------------------- structure

def test_every_page_is_a4(built):
    for page in built.pages:
        assert (round(page.width), round(page.height)) == (595, 842)


def test_one_top_level_bookmark_per_article_in_order(built):
    top = [(title, page) for level, title, page in built.outline if level == 1]
    assert [t for t, _ in top] == [strip_controls(a.title) for a in built.issue.articles]
    assert [p for _, p in top] == [built.dests[a.id] for a in built.issue.articles]
    # headings are bookmarked below their article, never above
    assert built.outline[0][0] == 1
    assert any(level > 1 for level, _, _ in built.outline)


def test_every_heading_and_attachment_title_is_bookmarked_under_its_article(built):
    """An attachment's title (附件 …) is an outline entry one level below its article's
    title; its sections sit below it; every heading is bookmarked at its rank."""
    from publish.layout.titles import heading_ranks
    outline = [(level, strip_controls(title)) for level, title, _ in built.outline]
    want = []
    for art in built.issue.articles:
        want.append((1, strip_controls(art.title)))
        want += [(rank, strip_controls(b.text)) for b, rank in
                 zip(art.blocks, heading_ranks(art)) if rank]
    assert outline == want
    attachments = [(level, t) for level, t in outline if t in {
        strip_controls(b.text) for a in built.issue.articles for b in a.blocks
        if b.type == "attachment_title"}]
    assert attachments and {level for level, _ in attachments} == {2}


def test_named_destinations_are_the_article_ids_at_their_start_pages(built):
    for art in built.issue.articles:
        page = built.pages[built.dests[art.id]]
        assert page.folio == built.pagination.start_page(art.id)
        first = page.lines[0].text.replace(" ", "")
        assert fold(art.title).startswith(fold(first)[:6])


def test_first_article_is_page_one_and_articles_start_new_pages(built):
    starts = [built.pagination.start_page(a.id) for a in built.issue.articles]
    assert starts[0] == 1
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for art in built.issue.articles:       # the page the article's destination opens is
        page = built.pages[built.dests[art.id]]          # numbered, with the article's number,
        assert page.folio == built.pagination.start_page(art.id)
        title_start = strip_controls(art.title).replace(" ", "")[:4]
        assert page.lines and title_start in page.lines[0].text.replace(" ", "")  # title first


def test_toc_numbers_equal_the_start_pages(built):
    toc_pages = [p for p in built.pages[:built.first_body]
                 if any("目" in ln.text and "录" in ln.text for ln in p.lines) or
                 any(re.search(r"\d+$", ln.text) for ln in p.lines)]
    numbers = [int(m.group(1)) for p in toc_pages for ln in p.lines
               if (m := re.search(r"[.…·]\s*(\d+)$", ln.text.replace(" ", "")))]
    expected = [built.pages[built.dests[a.id]].folio for a in built.issue.articles]
    assert numbers == expected


def test_page_numbers_on_body_pages_only_at_the_outside_corner(built):
    for page in built.pages[:built.first_body]:
        assert page.folio is None                     # cover and 目录 are unnumbered
    folios = [p.folio for p in built.numbered]
    assert folios == list(range(1, len(folios) + 1))
    for page in built.pages[built.first_body:]:
        if page.lines:
            assert page.folio is not None, f"page {page.index} has text but no — N —"
        if page.folio is None:
            continue
        left, right = pi.column(page, S.measure)
        if page.folio % 2:                           # odd: right, one character in
            assert page.folio_x1 == pytest.approx(right - S.folio_size, abs=1.5)
        else:
            assert page.folio_x0 == pytest.approx(left + S.folio_size, abs=1.5)


def test_metadata(built):
    info = built.reader.metadata
    issue = built.issue
    assert issue.title in info.title
    assert info.author == printhtml.author(issue)
    stamp = dt.datetime.fromtimestamp(build_epoch(issue), tz=dt.UTC)
    assert info["/CreationDate"].startswith("D:" + stamp.strftime("%Y%m%d%H%M%S"))
    assert built.reader.trailer["/Root"]["/Lang"] == issue.language


def test_fonts_are_embedded_subsets_of_the_committed_fonts(built):
    manifest = json.loads((FONTS / "MANIFEST.json").read_text(encoding="utf-8"))
    families = {"Publish-Serif", "Publish-Serif-Bold", "Publish-Sans-Bold", "Publish-Kai"}
    seen = set()
    for page in built.reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            assert re.match(r"^/?[A-Z]{6}\+", name), f"{name} is not a subset"
            family = name.split("+", 1)[1]
            assert family in families, f"{family} is not one of the fonts in fonts/"
            seen.add(family)
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert {"Publish-Serif", "Publish-Serif-Bold"} <= seen
    # and the families are those of the committed files the manifest vouches for (the
    # private fontconfig configuration names each by its family; the CSS has no @font-face)
    from publish.render.fontconfig import config_file
    assert "@font-face" not in printhtml.render_css()
    conf = config_file(FONTS).read_text(encoding="utf-8")
    named = re.findall(r'<test name="file" compare="eq"><string>([^<]+)</string></test>', conf)
    assert len(named) == len(manifest["fonts"])
    sums = {e["file"]: e["sha256"] for e in manifest["fonts"]}
    for file in named:
        path = Path(file)
        assert path.parent == FONTS.resolve()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[path.name]


# ----------------------------------------------------------------------- line layout

def block_starts(issue: Issue) -> set[str]:
    """Texts a line may legitimately start with: the start of any block or title line."""
    out = set()
    for art in issue.articles:
        for text in (art.title, art.source or "", art.dateline or "", *art.deck, *art.bylines):
            out.add(fold(text)[:4])
        for block in art.blocks:
            out.add(fold(block.text)[:4])
            out.add(fold("".join(s.text for s in block.spans))[:4])
    return out


def test_no_line_breaks_a_chinese_line_rule(built):
    starts = block_starts(built.issue)
    problems = []
    lines = [ln for p in built.numbered for ln in p.lines]
    for a, b in zip(lines, lines[1:]):
        head, tail = b.text.strip(), a.text.strip()
        if head and head[0] in NO_START and fold(head)[:4] not in starts and not (
                head[0] == "." and tail and address_dot(tail + head, len(tail), 0)):
            problems.append(f"p{b.page}: starts with {head[0]}: {head[:12]}")
        if tail and tail[-1] in NO_END:
            problems.append(f"p{a.page}: ends with {tail[-1]}: {tail[-12:]}")
        if head and tail and tail[-1] in NO_SPLIT_PAIRS and head[0] == tail[-1]:
            problems.append(f"p{a.page}: {tail[-1] * 2} split")
    assert problems == []


def test_justified_lines_reach_the_right_edge(built):
    flow = pi.body_flow(built.pages, S.measure, S.body_size, BODY_FONT)
    short, total = pi.short_lines(flow, tolerance=1.0)
    assert total > 500
    assert len(short) <= 0.01 * total, [f.line.text for f in short[:10]]
    assert pi.overfull_lines(flow) == []


def test_full_body_pages_hold_22_lines_on_the_grid(built):
    flow = pi.body_flow(built.pages, S.measure, S.body_size, BODY_FONT)
    continued = {a.line.page for a, b in zip(flow, flow[1:])
                 if a.continues and a.line.page != b.line.page}
    article_starts = set(built.dests.values())
    body_pages = [built.pages[i] for i in sorted(continued)]
    assert body_pages
    # the first baseline of a full page fixes the grid
    plain = [p for p in body_pages if p.index not in article_starts
             and all(ln.font == BODY_FONT and ln.size == S.body_size for ln in p.lines)]
    assert plain
    first = min(p.lines[0].top for p in plain)
    for page in body_pages:
        last = page.lines[-1].top
        slot = (last - first) / S.pitch
        assert slot == pytest.approx(S.lines_per_page - 1, abs=0.05), f"page {page.index}"
    for page in plain:
        assert len(page.lines) == S.lines_per_page, f"page {page.index}"
        for ln in page.lines:
            assert ((ln.top - first) / S.pitch) == pytest.approx(
                round((ln.top - first) / S.pitch), abs=0.05)


# ----------------------------------------------------------------------- pagination

def test_pagination_names_the_first_text_of_every_numbered_page(built):
    arts = {a.id: a for a in built.issue.articles}
    by_folio = {p.folio: p for p in built.numbered}
    assert [p.number for p in built.pagination.pages] == sorted(by_folio)
    for start in built.pagination.pages:
        first = by_folio[start.number].lines[0].text.replace(" ", "")
        art = arts[start.article]
        if start.block == -1:
            expected = art.title
        else:
            block = art.blocks[start.block]
            body = "".join(s.text for s in block.spans)
            expected = body[start.offset:]
            if start.offset == 0 and block.label:
                expected = block.label + expected
        assert expected.replace(" ", "").startswith(first[:10]), (start, first[:10])


def test_paginate_agrees_with_write(built):
    assert pdf_writer.paginate(built.issue, BuildOptions(edition="official")) == built.pagination


# ----------------------------------------------------------------------- HTML writer

def test_html_writer_writes_html_and_css_weasyprint_can_use(built, tmp_path):
    target = tmp_path / f"{built.issue.id}.html"
    html_writer.write(built.issue, target, BuildOptions(edition="official"))
    html = target.read_text(encoding="utf-8")
    css = target.with_suffix(".css").read_text(encoding="utf-8")
    assert f'href="{target.with_suffix(".css").name}"' in html
    for art in built.issue.articles:
        assert f'id="{art.id}"' in html
        for index in range(len(art.blocks)):
            assert f'id="{art.id}-b{index}"' in html
    for url in re.findall(r'url\("file://([^"]+)"\)', css):
        assert Path(url).is_file()


# ----------------------------------------------------------------------- other issues

def test_another_issue_builds_and_is_reproducible(built, tmp_path):
    variant = small_issue(built.issue, 3)
    a = tmp_path / "a" / "v.pdf"
    b = tmp_path / "b" / "v.pdf"
    pag = write_pdf(variant, a, BuildOptions())
    pdf_writer.write(variant, b, BuildOptions())
    # same input, same bytes (two fresh builds, not a stored reference)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    outline = [t for level, t, _ in pi.outline(a) if level == 1]
    assert outline == [strip_controls(x.title) for x in variant.articles]
    assert [pag.start_page(x.id) for x in variant.articles][0] == 1
    pages = pi.read(a)
    text = "".join(ln.text for p in pages for ln in p.lines)
    assert "<script>alert(1)</script>" in text and "测试<b>标题</b>&amp;" in text


def test_toc_dots_keep_off_the_title(built):
    """The leader's dots stand on a grid: the first one touched 会议公报 on some 目录 lines.
    Every line keeps at least a fifth of an em between its last character and its dots."""
    import pdfplumber
    gaps = []
    with pdfplumber.open(str(built.pdf)) as pdf:
        for page in pdf.pages[:built.first_body]:
            rows: dict[int, list] = {}
            for ch in page.chars:
                rows.setdefault(round(ch["top"]), []).append(ch)
            for chars in rows.values():
                chars.sort(key=lambda ch: ch["x0"])
                dots = [k for k, ch in enumerate(chars) if ch["text"] == "."]
                if len(dots) < 3 or not dots[0]:
                    continue
                before = chars[dots[0] - 1]
                gaps.append(chars[dots[0]]["x0"] - before["x1"])
    assert len(gaps) == len(built.issue.articles)
    assert min(gaps) >= S.body_size / 5, gaps
