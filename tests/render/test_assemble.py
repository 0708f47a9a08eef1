"""Joining unit PDFs: the 目录's links resolve across units through one name tree, every
page's label is its printed folio, and the structure's parent tree keys do not collide."""
from __future__ import annotations

import io
import uuid

import pikepdf
import pytest

from publish import corpus
from publish.options import BuildOptions
from publish.render import units
from publish.render.assemble import assemble
from publish.render.printhtml import view_for
from publish.render.unitpdf import font_session, lay_out
from tests.paths import BUNDLED


@pytest.fixture(scope="module")
def joined():
    issue = corpus.load(BUNDLED)
    view = view_for(issue, BuildOptions(edition="official"))
    make = units.Maker(issue, view, "pdf/x-4", str(uuid.uuid4()))
    first, second = view.articles[:2]
    with font_session():
        one = lay_out(make.article(first, view.style.first_folio))
        two = lay_out(make.article(second, view.style.first_folio + len(one.pages)))
        pages = {a.id: view.style.first_folio for a in view.articles}
        pages[second.id] += len(one.pages)
        toc = lay_out(make.toc(pages))
        cover = lay_out(make.cover())
    results = [cover, toc, one, two]
    with pikepdf.open(io.BytesIO(assemble(results))) as pdf:
        yield pdf, results, (first.id, second.id)


def test_links_of_the_toc_resolve_to_the_articles_first_pages(joined):
    pdf, results, ids = joined
    dests = pikepdf.NameTree(pdf.Root.Names.Dests)
    index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    first_of = len(results[0].pages) + len(results[1].pages)
    assert index[dests[ids[0]][0].objgen] == first_of
    assert index[dests[ids[1]][0].objgen] == first_of + len(results[2].pages)


def test_page_labels_are_the_printed_folios(joined):
    pdf, results, _ = joined
    folios = [p.folio for r in results for p in r.pages]
    labels = [page.label for page in pdf.pages]
    assert labels[0] == "封面"
    assert all(label == str(folio) for label, folio in zip(labels, folios) if folio is not None)


def test_parent_tree_has_one_entry_per_key_of_every_unit(joined):
    pdf, results, _ = joined
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    keys = list(parents.keys())
    each = 0
    for result in results:
        with pikepdf.open(io.BytesIO(result.pdf)) as unit:
            each += len(list(pikepdf.NumberTree(unit.Root.StructTreeRoot.ParentTree).keys()))
    assert len(keys) == each and keys == sorted(set(keys))
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            assert int(page.obj.StructParents) in keys
