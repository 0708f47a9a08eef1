"""The source edition, end to end: the bundled issue built by default, read back as a reader
would. Expected pages come from the corpus (目录 pages, recorded page ends) and the folios
printed on the pages — never from the layout's own data."""
from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from publish import corpus
from publish.check.editions import check_editions
from publish.commands.build import build_issue
from publish.writers import BuildOptions
from tests.paths import BUNDLED
from tests.writers import print_inspect as pi

pytestmark = pytest.mark.slow
XHTML = "{http://www.w3.org/1999/xhtml}"


def norm(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


@pytest.fixture(scope="session")
def source_build(tmp_path_factory):
    issue = corpus.load(BUNDLED)
    out = tmp_path_factory.mktemp("source-edition")
    written, notes = build_issue(BUNDLED, ["pdf", "docx", "epub"], out, BuildOptions())
    folder = out / issue.id
    return issue, folder, pi.read(folder / f"{issue.id}.pdf"), notes


def _page_starting(pages, text: str) -> list[int]:
    return [p.folio for p in pages if p.folio is not None and p.lines
            and norm("".join(ln.text for ln in p.lines[:2])).startswith(text)]


def test_every_article_starts_on_its_toc_page_without_blank_pages(source_build):
    issue, folder, pages, notes = source_build
    dests = pi.named_destinations(folder / f"{issue.id}.pdf")
    for art in issue.articles:
        assert pages[dests[art.id]].folio == art.page, art.id
    first = dests[issue.articles[0].id]
    assert all(p.lines for p in pages[first:]), "a blank page"
    folios = [p.folio for p in pages[first:]]
    assert folios == list(range(1, len(folios) + 1))
    assert any(n.startswith("edition source: source grid") for n in notes)


def test_every_recorded_page_end_opens_its_page(source_build):
    issue, _, pages, _ = source_build
    arts = list(issue.articles)
    exact = bounded = 0
    for i, art in enumerate(arts):
        nxt = arts[i + 1].page if i + 1 < len(arts) else None
        count = len(art.page_breaks)
        all_recorded = nxt is not None and count == nxt - art.page - 1
        found = []
        for k, pb in enumerate(art.page_breaks, 1):
            text = norm(art.blocks[pb.block].body_text[pb.offset:])[:8]
            where = _page_starting(pages, text)
            if all_recorded:
                assert art.page + k in where, (art.id, k, text, where)
                exact += 1
                found.append(art.page + k)
            else:
                hi = nxt - 1 - (count - k) if nxt else max(p.folio or 0 for p in pages)
                inside = [f for f in where if art.page + k <= f <= hi]
                assert inside, (art.id, k, text, where)
                found.append(min(inside))
                bounded += 1
        assert found == sorted(set(found)), art.id
    assert exact and bounded


def test_epub_page_list_sits_at_the_recorded_ends(source_build):
    issue, folder, _, _ = source_build
    with zipfile.ZipFile(folder / f"{issue.id}.epub") as z:
        texts = {}
        for name in z.namelist():
            if name.endswith(".xhtml") and "/text/" in name:
                texts[name] = z.read(name).decode("utf-8")
    after: dict[int, str] = {}
    for content in texts.values():
        for m in re.finditer(r'id="page-(\d+)"', content):
            rest = content[m.end():]
            rest = re.sub(r"<[^>]+>", "", rest[rest.index(">") + 1:])
            after[int(m.group(1))] = norm(rest)
    arts = list(issue.articles)
    checked = 0
    for i, art in enumerate(arts):
        nxt = arts[i + 1].page if i + 1 < len(arts) else None
        if nxt is None or len(art.page_breaks) != nxt - art.page - 1:
            continue
        for k, pb in enumerate(art.page_breaks, 1):
            text = norm(art.blocks[pb.block].body_text[pb.offset:])[:12]
            assert after[art.page + k].startswith(text), (art.id, k)
            checked += 1
    assert checked


def test_docx_toc_numbers_are_the_source_page_list(source_build):
    issue, folder, _, _ = source_build
    with zipfile.ZipFile(folder / f"{issue.id}.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    numbers = []
    for p in root.iter(f"{w}p"):
        style = p.find(f"{w}pPr/{w}pStyle")
        if style is not None and style.get(f"{w}val") == "TOC1":
            numbers.append(int([t.text for t in p.iter(f"{w}t")][-1]))
    assert numbers == [e.page for e in issue.toc]


def test_check_editions_passes_on_the_default_build(source_build):
    issue, folder, _, _ = source_build
    report = check_editions(issue, folder)
    assert set(report.checked) == {"pdf", "epub", "docx"}
    assert not report.disagreements, [d.line() for d in report.disagreements]
    assert report.compared >= 5 * len(issue.articles)


def test_check_editions_has_nothing_to_compare_for_an_article_not_in_the_toc(source_build):
    """An article the 目录 does not list has no source page: its outline entry and page
    label agree with nothing and disagree with nothing (they were named as disagreeing,
    "outline leads to page 7", with no page to differ from)."""
    from dataclasses import replace
    issue, folder, _, _ = source_build
    art = issue.articles[5]
    unlisted = replace(issue, toc=tuple(e for e in issue.toc if e.page != art.page),
                       articles=tuple(replace(a, page=None) if a.id == art.id else a
                                      for a in issue.articles))
    report = check_editions(unlisted, folder)
    assert not [d.line() for d in report.disagreements if d.article == art.id]


def _rewrite(src: Path, dst: Path, member: str, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)


@pytest.mark.parametrize("edition", ["epub", "docx"])
def test_check_editions_names_an_altered_page_number(source_build, tmp_path, edition):
    issue, folder, _, _ = source_build
    target = tmp_path / issue.id
    target.mkdir()
    for f in folder.glob(f"{issue.id}.*"):
        shutil.copy(f, target / f.name)
    art = issue.articles[5]
    path = target / f"{issue.id}.{edition}"
    if edition == "epub":
        def change(nav: str) -> str:          # one page-list label: page N → N + 1
            return nav.replace(f">{art.page}</a>", f">{art.page + 1}</a>", 1)
        _rewrite(folder / path.name, path, "EPUB/nav.xhtml", change)
    else:
        def change(doc: str) -> str:          # one pre-filled 目录 number
            at = doc.index(art.title[:6], doc.index("TOC1"))
            head, tail = doc[:at], doc[at:]
            return head + re.sub(r"<w:t>\d+</w:t>", f"<w:t>{art.page + 3}</w:t>", tail, count=1)
        _rewrite(folder / path.name, path, "word/document.xml", change)
    report = check_editions(issue, target)
    assert report.disagreements
    assert {(d.edition, d.article) for d in report.disagreements} == {(edition, art.id)}
    assert any(str(art.page) in d.line() for d in report.disagreements)


def test_check_editions_names_where_an_epub_page_run_stops(source_build, tmp_path):
    """A page-list run that stops short says where ("ends after 7"; it printed "None after
    7"), and a run is measured only up to a 目录 page of the very next article."""
    issue, folder, _, _ = source_build
    target = tmp_path / issue.id
    target.mkdir()
    for f in folder.glob(f"{issue.id}.*"):
        shutil.copy(f, target / f.name)
    k = next(k for k, a in enumerate(issue.articles[:-1])
             if issue.articles[k + 1].page - a.page >= 3)
    art, last = issue.articles[k], issue.articles[k + 1].page - 1

    def change(nav: str) -> str:          # the article's last page label taken out
        cut = re.sub(rf'<li>\s*<a href="[^"]*">{last}</a>\s*</li>', "", nav, count=1)
        assert cut != nav
        return cut
    _rewrite(folder / f"{issue.id}.epub", target / f"{issue.id}.epub", "EPUB/nav.xhtml", change)
    lines = [d.line() for d in check_editions(issue, target, ("epub",)).disagreements]
    assert lines == [f"epub: {art.id}: page-list runs {art.page}–{last - 1} (ends after "
                     f"{last - 1}), not {art.page}–{last}, the source page list says {art.page}"]


# ------------------------------------------------------------------ generated variants

def _starts_and_ends_hold(issue, path: Path) -> list:
    """The PDF's pages, once every article is found on its 目录 page and every recorded end
    of an article whose pages the 目录 counts opens its page."""
    pages = pi.read(path)
    dests = pi.named_destinations(path)
    for art in issue.articles:
        assert pages[dests[art.id]].folio == art.page, art.id
    arts = list(issue.articles)
    for i, art in enumerate(arts[:-1]):
        if len(art.page_breaks) != arts[i + 1].page - art.page - 1:
            continue
        for k, pb in enumerate(art.page_breaks, 1):
            text = norm(art.blocks[pb.block].body_text[pb.offset:])[:8]
            assert art.page + k in _page_starting(pages, text), (art.id, k)
    return pages


@pytest.mark.parametrize("seed", [3, 11])
def test_a_generated_variant_sets_every_article_on_its_page(tmp_path, seed):
    from publish.writers import pdf as pdf_writer

    from .variants import variant
    issue = variant(corpus.load(BUNDLED), seed)
    path = tmp_path / f"{issue.id}.pdf"
    pdf_writer.write(issue, path, BuildOptions())
    _starts_and_ends_hold(issue, path)


def test_an_excerpt_keeps_the_printed_page_numbers(tmp_path):
    from publish.writers import pdf as pdf_writer

    from .variants import excerpt
    issue = excerpt(corpus.load(BUNDLED), 3, 3)
    assert issue.articles[0].page > 1
    path = tmp_path / f"{issue.id}.pdf"
    pdf_writer.write(issue, path, BuildOptions())
    pages = pi.read(path)
    dests = pi.named_destinations(path)
    assert [pages[dests[a.id]].folio for a in issue.articles] == [a.page for a in issue.articles]


@pytest.mark.parametrize("cpl,lines,gap", [(26, 20, 2)])
def test_an_issue_on_another_grid_is_reproduced_page_for_page_with_full_pages(
        tmp_path, cpl, lines, gap):
    """Printed on another grid with every page full and a taller title block: every page
    of the PDF opens with the source page's text, and every page but an article's last
    ends on the type area's last line."""
    from publish.writers import pdf as pdf_writer

    from .variants import printed_on
    issue, opens = printed_on(corpus.load(BUNDLED), cpl, lines, 4, title_gap=gap, start=1)
    path = tmp_path / f"{issue.id}.pdf"
    pdf_writer.write(issue, path, BuildOptions())
    pages = pi.read(path)
    by_folio = {p.folio: p for p in pages if p.folio is not None}
    dests = pi.named_destinations(path)
    arts = {a.id: a for a in issue.articles}
    for page, art_id, block, offset in opens:
        if block < 0:
            assert pages[dests[art_id]].folio == page, art_id
        else:
            text = norm(arts[art_id].blocks[block].body_text[offset:])[:8]
            assert page in _page_starting(pages, text), (page, art_id, block, offset)
    starts = sorted({p for p, _, b, _ in opens if b < 0})
    last = {s - 1 for s in starts[1:]} | {max(by_folio)}
    bottoms = {f: p.lines[-1].top for f, p in by_folio.items() if p.lines}
    pitch = (297 - 37 - 35) / 25.4 * 72 / lines
    full = max(bottoms.values())
    inner = [f for f in bottoms if f not in last]
    assert len(inner) >= 5
    short = {f: round((full - bottoms[f]) / pitch, 2) for f in inner
             if full - bottoms[f] > 0.5 * pitch}
    assert not short, short


def test_footnotes_on_pages_whose_ends_are_recorded(tmp_path):
    """A generated issue with notes called on pages that end at a recorded page end: every
    article on its page, every recorded end opening its page, each note at the foot of its
    call's page, the pages full above the notes."""
    from publish.writers import pdf as pdf_writer

    from .variants import excerpt, with_notes
    base = excerpt(corpus.load(BUNDLED), 0, 5)
    issue = with_notes(base)
    assert sum(len(b.notes) for a in issue.articles for b in a.blocks) >= 3
    path = tmp_path / f"{issue.id}.pdf"
    pdf_writer.write(issue, path, BuildOptions())
    pages = _starts_and_ends_hold(issue, path)
    for art in issue.articles:
        for b in art.blocks:
            at = 0
            for span in b.spans:
                if span.style != "footnote":
                    at += len(span.text)
                    continue
                before = norm(b.body_text[max(0, at - 4):at])
                note_text = norm("".join(s.text for s in span.note))[:10]
                holding = [p.folio for p in pages
                           if any(note_text in norm(ln.text) for ln in p.lines)]
                assert len(holding) == 1, (art.id, holding)
                page = next(p for p in pages if p.folio == holding[0])
                assert before in norm("".join(ln.text for ln in page.lines)), (art.id, at)
