"""Perturbed copies of the bundled corpus: the checker reports exactly the perturbations.

Each test edits issue.yaml of a scratch copy the way a person would, then compares the
findings with those on the untouched copy: what changed must be the perturbation, row for
row, and nothing else. The PDF is a faithful print of the untouched issue (pdfgen).
"""
from __future__ import annotations

import random
import re

import pytest
import yaml

from publish import corpus
from publish.check import check
from publish.check.report import NO_ARTICLE, NOT_IN_TOC, ORDER, PAGE, PAGE_CONFLICT, TITLE

SEEDS = [0, 1, 2]


def findings(report) -> dict:
    """{目录 title as printed (or article id): problems} — keyed by content, not position,
    so a moved entry is still the same entry."""
    return {(e.title if e.title is not None else e.article): set(e.problems)
            for e in report.entries if e.problems}


def edit(directory, change) -> None:
    path = directory / "issue.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def article_of(issue, i: int):
    """The article a 目录 line stands for, by the importer's link: the same page."""
    return next(a for a in issue.articles if a.page == issue.toc[i].page)


def toc_line_of(issue, article) -> str:
    return next(t.title for t in issue.toc if t.page == article.page)


def clean_entries(issue, baseline) -> list[int]:
    """目录 positions with no finding on the untouched issue."""
    bad = set(findings(baseline))
    return [i for i, t in enumerate(issue.toc) if t.title not in bad]


@pytest.fixture(scope="module")
def baseline(bundled_issue, faithful_doc):
    return check(bundled_issue), check(bundled_issue, faithful_doc)


# -------------------------------------------------------------- the bundled issue as is

def test_bundled_titles_report_exactly_the_real_differences(bundled_issue):
    """Oracle independent of the aligner: the importer's page numbers tie each 目录 line
    to its article; a line really differs when more than spacing or a trailing leader
    separates the two titles."""
    by_page = {a.page: a for a in bundled_issue.articles}

    def plain(text):
        return re.sub(r"(\s*(\.{2,}|…+))+\s*$", "", text).replace(" ", "").replace("\u3000", "")

    expected = {i + 1 for i, t in enumerate(bundled_issue.toc)
                if plain(t.title) != plain(by_page[t.page].title)}
    report = check(bundled_issue)
    flagged = {e.index for e in report.entries if TITLE in e.problems}
    assert flagged == expected
    assert expected, "the bundled 目录 has known slips"
    assert {tuple(e.problems) for e in report.entries if e.problems} == {(TITLE,)}
    leaders = {i + 1 for i, t in enumerate(bundled_issue.toc) if re.search(r"(\.{2,}|…)\s*$",
                                                                           t.title)}
    assert not leaders & flagged
    for e in report.entries:
        if e.index in flagged:
            assert e.diff and all(op[0] in "+-" and len(op) > 1 for op in e.diff.split())


def test_faithful_pdf_agrees_on_every_page(bundled_issue, baseline):
    _, with_pdf = baseline
    assert with_pdf.pages_ok == len(bundled_issue.toc)
    assert with_pdf.pdf_toc_ok == len(bundled_issue.toc)
    assert findings(with_pdf) == findings(baseline[0])


# ------------------------------------------------------------------------ perturbations

@pytest.mark.parametrize("seed", SEEDS)
def test_changed_page_numbers(corpus_copy, bundled_issue, faithful_doc, baseline, seed):
    rnd = random.Random(seed)
    picked = rnd.sample(range(len(bundled_issue.toc)), 3)
    deltas = {i: rnd.choice([-2, -1, 1, 2]) for i in picked}
    edit(corpus_copy, lambda d: [d["toc"][i].update(page=d["toc"][i]["page"] + dv)
                                 for i, dv in deltas.items()])
    issue = corpus.load(corpus_copy)
    titles = {issue.toc[i].title for i in picked}
    for report, base, extra in ((check(issue), baseline[0], {PAGE_CONFLICT}),
                                (check(issue, faithful_doc), baseline[1],
                                 {PAGE_CONFLICT, PAGE})):
        expected = findings(base)
        for t in titles:
            expected[t] = expected.get(t, set()) | extra
        assert findings(report) == expected
    report = check(issue, faithful_doc)
    for i in picked:
        row = report.entries[i]
        assert row.page == bundled_issue.toc[i].page + deltas[i]
        assert row.pdf_page == bundled_issue.toc[i].page and row.page_ok is False


@pytest.mark.parametrize("seed", SEEDS)
def test_removed_article(corpus_copy, bundled_issue, faithful_doc, baseline, seed):
    k = random.Random(seed).randrange(len(bundled_issue.articles))
    name = yaml.safe_load((corpus_copy / "issue.yaml").read_text("utf-8"))["articles"][k]
    edit(corpus_copy, lambda d: d["articles"].pop(k))
    (corpus_copy / "articles" / name).unlink()
    issue = corpus.load(corpus_copy)
    gone = bundled_issue.articles[k]
    toc_line = toc_line_of(bundled_issue, gone)
    for report, base in ((check(issue), baseline[0]), (check(issue, faithful_doc), baseline[1])):
        expected = findings(base)
        expected[toc_line] = {NO_ARTICLE}
        assert findings(report) == expected
        assert all(e.article != gone.id for e in report.entries)


@pytest.mark.parametrize("seed", SEEDS)
def test_removed_toc_line(corpus_copy, bundled_issue, faithful_doc, baseline, seed):
    i = random.Random(seed).randrange(len(bundled_issue.toc))
    edit(corpus_copy, lambda d: d["toc"].pop(i))
    issue = corpus.load(corpus_copy)
    art = article_of(bundled_issue, i)
    for report, base in ((check(issue), baseline[0]), (check(issue, faithful_doc), baseline[1])):
        expected = {t: p for t, p in findings(base).items() if t != bundled_issue.toc[i].title}
        expected[art.id] = {NOT_IN_TOC}
        assert findings(report) == expected
        row = next(e for e in report.entries if e.article == art.id)
        assert row.index is None and row.page is None
    with_pdf = check(issue, faithful_doc)
    row = next(e for e in with_pdf.entries if e.article == art.id)
    assert row.pdf_page == art.page            # still found in the PDF, just not listed


@pytest.mark.parametrize("seed", SEEDS)
def test_swapped_toc_entries(corpus_copy, bundled_issue, faithful_doc, baseline, seed):
    rnd = random.Random(seed)
    i = rnd.randrange(len(bundled_issue.toc) - 1)
    j = i + 1 if seed == 0 else rnd.choice([x for x in range(len(bundled_issue.toc))
                                            if abs(x - i) > 1])

    def swap(d):
        d["toc"][i], d["toc"][j] = d["toc"][j], d["toc"][i]
    edit(corpus_copy, swap)
    issue = corpus.load(corpus_copy)
    for report, base in ((check(issue), baseline[0]), (check(issue, faithful_doc), baseline[1])):
        expected = findings(base)
        for t in (bundled_issue.toc[i].title, bundled_issue.toc[j].title):
            expected[t] = expected.get(t, set()) | {ORDER}
        assert findings(report) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_swapped_articles(corpus_copy, bundled_issue, faithful_doc, baseline, seed):
    i = random.Random(seed).randrange(len(bundled_issue.articles) - 1)

    def swap(d):
        d["articles"][i], d["articles"][i + 1] = d["articles"][i + 1], d["articles"][i]
    edit(corpus_copy, swap)
    issue = corpus.load(corpus_copy)
    lines = [toc_line_of(bundled_issue, a) for a in bundled_issue.articles[i:i + 2]]
    for report, base in ((check(issue), baseline[0]), (check(issue, faithful_doc), baseline[1])):
        expected = findings(base)
        for t in lines:
            expected[t] = expected.get(t, set()) | {ORDER}
        assert findings(report) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_typo_in_a_toc_title(corpus_copy, bundled_issue, faithful_doc, baseline, seed):
    rnd = random.Random(seed)
    i = rnd.choice(clean_entries(bundled_issue, baseline[0]))
    title = bundled_issue.toc[i].title
    positions = [p for p, ch in enumerate(title) if "\u4e00" <= ch <= "\u9fff"]
    p = rnd.choice(positions)
    wrong = "错" if title[p] != "错" else "误"
    typo = title[:p] + wrong + title[p + 1:]
    edit(corpus_copy, lambda d: d["toc"][i].update(title=typo))
    issue = corpus.load(corpus_copy)
    for report, base in ((check(issue), baseline[0]), (check(issue, faithful_doc), baseline[1])):
        expected = findings(base)
        expected[typo] = {TITLE}
        assert findings(report) == expected
        row = report.entries[i]
        assert row.article == article_of(bundled_issue, i).id
        assert row.diff == f"-{title[p]} +{wrong}"


def test_everything_at_once(corpus_copy, bundled_issue, faithful_doc, baseline):
    """Four perturbations in one copy, on different entries."""
    rnd = random.Random(7)
    clean = clean_entries(bundled_issue, baseline[0])
    a = rnd.choice([x for x in clean if x + 1 in clean])
    b = a + 1                                         # these two swap places
    typo_at, page_at, gone_at = rnd.sample([x for x in clean if x not in (a, b)], 3)
    typo = bundled_issue.toc[typo_at].title + "错"
    gone = article_of(bundled_issue, gone_at)
    names = yaml.safe_load((corpus_copy / "issue.yaml").read_text("utf-8"))["articles"]
    gone_name = names[bundled_issue.articles.index(gone)]

    def change(d):
        d["toc"][typo_at]["title"] = typo
        d["toc"][page_at]["page"] += 1
        d["toc"][a], d["toc"][b] = d["toc"][b], d["toc"][a]
        d["articles"].remove(gone_name)
    edit(corpus_copy, change)
    issue = corpus.load(corpus_copy)
    report = check(issue, faithful_doc)
    expected = findings(baseline[1])
    expected[typo] = {TITLE}
    expected[bundled_issue.toc[page_at].title] = {PAGE_CONFLICT, PAGE}
    expected[bundled_issue.toc[a].title] = {ORDER}
    expected[bundled_issue.toc[b].title] = {ORDER}
    expected[bundled_issue.toc[gone_at].title] = {NO_ARTICLE}
    assert findings(report) == expected
    assert report.exit_code() == 1
