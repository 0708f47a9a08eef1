"""A paragraph's run-in heading is set in the face of a heading of its rank."""
from __future__ import annotations

import pytest

from publish.layout import document
from publish.model import BOLD, PARAGRAPH, Article, Block, Issue, Span

BODY = "政策落地工程是自治区党委部署的头号工程，全区政府系统要把今年作为政策落实年。"


def _html(*spans: Span, monkeypatch) -> str:
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    article = Article(id="a", title="标题", blocks=(Block(PARAGRAPH, spans),))
    view = document.build_article(document.Composer(), article, Issue(id="i", articles=(article,)))
    return "".join(str(b.html) for b in view.blocks).replace("\n", "")


@pytest.mark.parametrize("label, face", [("（一）", "f-kai"), ("一、", "f-sans-bold")])
def test_the_lead_is_set_in_the_heading_face(label, face, monkeypatch):
    html = _html(Span(f"{label}全力以赴抓政策落地。{BODY}"), monkeypatch=monkeypatch)
    assert f'<span class="{face}">{label}全力以赴抓政策落地。</span>政策' in html


def test_no_lead_leaves_the_paragraph_in_one_face(monkeypatch):
    html = _html(Span(BODY + BODY), monkeypatch=monkeypatch)
    assert "f-kai" not in html and "f-sans-bold" not in html


def test_a_lead_already_bold_keeps_its_bold(monkeypatch):
    html = _html(Span("（一）全力以赴抓政策落地。", BOLD), Span(BODY), monkeypatch=monkeypatch)
    assert "f-kai" not in html and "f-serif-bold" in html
