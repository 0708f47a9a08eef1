"""corpus/dialect.py: a body's parse costs time linear in its size, however many paragraphs
or footnotes it holds (each paragraph split the whole body into lines again, each footnote
definition copied the rest of the token list: 20,000 paragraphs took 25 s, 40,000 notes 27 s)."""
from __future__ import annotations

import time

from publish.corpus.dialect import parse_body


def _parse_time(body: str) -> float:
    began = time.perf_counter()
    parse_body(body, "a.md", 6)
    return time.perf_counter() - began


def test_many_tiny_paragraphs():
    assert _parse_time("段。\n\n" * 20_000) < 6.0              # quadratic: 25 s


def test_many_footnotes():
    n = 40_000
    body = "".join(f"文[^{i}]" for i in range(n)) + "\n\n" + "".join(
        f"[^{i}]: 注。\n\n" for i in range(n))
    assert _parse_time(body) < 12.0                             # quadratic: 27 s
