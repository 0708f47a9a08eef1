"""The preflight keeps each page's colours under the render stage's page key: a rebuild
parses only the pages of what changed, and the rows are the same either way."""
from __future__ import annotations

from publish.proof import preflight as pf
from tests.check.pdfgen import make_pdf


def test_page_colours_come_from_the_cache_by_key(bundled_issue, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PUBLISH_CACHE", raising=False)
    path = make_pdf(bundled_issue, tmp_path / "a.pdf")
    plain = pf.preflight(path)
    import pikepdf
    with pikepdf.open(path) as pdf:
        keys = tuple(f"unit:{k}" for k in range(len(pdf.pages)))
    assert pf.preflight(path, page_keys=keys) == plain            # first: parsed, kept
    parsed = []
    real = pf._colours
    monkeypatch.setattr(pf, "_colours", lambda *a: parsed.append(1) or real(*a))
    assert pf.preflight(path, page_keys=keys) == plain
    assert len(parsed) < len(keys)                 # the pages' own content from the cache
    parsed.clear()                                 # keys that do not fit the PDF: ignored
    assert pf.preflight(path, page_keys=keys[:-1]) == plain
    assert len(parsed) >= len(keys)
