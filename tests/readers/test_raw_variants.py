"""Issues in the seed's form but not the seed: other order, other articles, CRLF, brackets,
leaders, form feeds, other page cuts. Each must import back into the model it came from."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

from publish import model
from publish.readers.raw import MIN_PAGE_CHARS, import_raw
from publish.model import PARAGRAPH, PageBreak
from publish.text.chars import NEWS_DATELINE_RE, TERMINAL
from publish.text.normalize import fold

from .rawform import Form, write_raw
from tests.paths import bundled_source


def _comparable(issue: model.Issue) -> dict:
    data = model.to_dict(issue)
    data.pop("id")
    for entry in data["toc"]:           # a dot leader swallows a printed " ..." (see README)
        entry["title"] = fold(entry["title"])
    for art in data["articles"]:
        art.pop("id")
    return data


def _roundtrip(issue: model.Issue, tmp_path, form: Form = Form()) -> model.Issue:
    raw = tmp_path / "raw.txt"
    raw.write_bytes(write_raw(issue, form).encode("utf-8"))
    return import_raw(raw, issue.id).issue


def _subset(issue: model.Issue, articles) -> model.Issue:
    by_id = {a.id: a for a in issue.articles}
    toc = {a.id: e for a, e in zip(issue.articles, issue.toc)}
    arts = [by_id[a.id] for a in articles]
    dates = [a.date for a in arts if a.date]
    return replace(issue, articles=tuple(arts), toc=tuple(toc[a.id] for a in arts),
                   date=max(dates) if dates else None)


def test_bundled_corpus_is_what_the_importer_makes(bundled_issue, tmp_path):
    imported = import_raw(bundled_source(), bundled_issue.id).issue
    assert imported == bundled_issue


@pytest.mark.parametrize("form", [
    Form(),
    Form(newline="\r\n", bom=True),
    Form(brackets="（）"),
    Form(brackets=""),
    Form(leader="……"),
    Form(leader=" ...... "),
    Form(leader="    "),
    Form(form_feeds=True),
    Form(newline="\u2028"),
], ids=["plain", "crlf-bom", "fullwidth-brackets", "no-brackets", "ellipsis-leader",
        "dot-leader", "space-leader", "form-feeds", "line-separators"])
def test_forms_import_back(bundled_issue, tmp_path, form):
    assert _comparable(_roundtrip(bundled_issue, tmp_path, form)) == _comparable(bundled_issue)


def test_other_order(bundled_issue, tmp_path):
    issue = _subset(bundled_issue, reversed(bundled_issue.articles))
    assert _comparable(_roundtrip(issue, tmp_path)) == _comparable(issue)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_articles(bundled_issue, tmp_path, seed):
    rng = random.Random(seed)
    arts = list(bundled_issue.articles)
    rng.shuffle(arts)
    issue = _subset(bundled_issue, arts[: rng.randint(3, len(arts) - 1)])
    result = _roundtrip(issue, tmp_path)
    assert [a.title for a in result.articles] == [a.title for a in issue.articles]
    assert _comparable(result) == _comparable(issue)


def _safe_cuts(article, rng, count):
    """Offsets inside plain paragraphs where a page end could cut (not after a full stop)."""
    cuts = []
    for i, block in enumerate(article.blocks):
        if i == 0 or block.type != PARAGRAPH or len(block.text) < 40:
            continue
        text = "".join(s.text for s in block.spans)
        existing = {pb.offset for pb in article.page_breaks if pb.block == i}
        options = [k for k in range(28, len(text) - 10)
                   if text[k - 1] not in TERMINAL and not text[k - 1].isspace()
                   and not text[k].isspace() and k not in existing
                   and all(abs(k - e) >= MIN_PAGE_CHARS for e in existing)   # a page apart
                   and not NEWS_DATELINE_RE.match(text[k:])]
        if options:
            cuts.append(PageBreak(i, rng.choice(options)))
    rng.shuffle(cuts)
    return cuts[:count]


@pytest.mark.parametrize("seed", [7, 8])
def test_other_page_cuts_are_joined_and_recorded(bundled_issue, tmp_path, seed):
    rng = random.Random(seed)
    arts = []
    for art in bundled_issue.articles:
        extra = _safe_cuts(art, rng, 2)
        breaks = tuple(sorted(art.page_breaks + tuple(extra), key=lambda p: (p.block, p.offset)))
        arts.append(replace(art, page_breaks=breaks))
    issue = replace(bundled_issue, articles=tuple(arts))
    result = _roundtrip(issue, tmp_path)
    assert _comparable(result) == _comparable(issue)
    assert sum(len(a.page_breaks) for a in result.articles) > \
        sum(len(a.page_breaks) for a in bundled_issue.articles)
