"""The render stage lays out only what changed, and what it joins is what a cold build makes.

One copy of the bundled issue is built cold (its own cache), one paragraph is edited, and it
is built again (into another folder, with options that change no PDF): one unit is laid
out, the PDF carries the edit, and it is byte for byte the PDF a build without any cache
makes of the edited text.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from publish import corpus
from publish.commands.build import build_issue
from publish.options import BuildOptions
from tests.paths import BUNDLED

pytestmark = pytest.mark.slow

EDIT = "（此处为编辑新增的一句话。）"


def _laid_out(notes: list[str]) -> tuple[int, int, str]:
    line = next(n for n in notes if n.startswith("render: "))
    m = re.match(r"render: laid out (\d+) of (\d+) units(?: \((.*)\))?", line)
    assert m, line
    return int(m.group(1)), int(m.group(2)), m.group(3) or ""


def _edit_one_paragraph(folder) -> str:
    """Append a sentence to the first body paragraph of the fifth article; its id."""
    issue = corpus.load(folder)
    article = issue.articles[min(4, len(issue.articles) - 1)]
    path = next(p for p in (folder / "articles").glob("*.md")
                if f"id: {article.id}\n" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    paragraphs = body.split("\n\n")
    k = next(i for i, p in enumerate(paragraphs) if len(p.strip()) > 40)
    paragraphs[k] = paragraphs[k].rstrip() + EDIT
    path.write_text(head + sep + "\n\n".join(paragraphs), encoding="utf-8")
    return article.id


def test_one_paragraph_rebuild_lays_out_one_unit_and_equals_a_cold_build(
        tmp_path, monkeypatch):
    folder = tmp_path / "issue"
    shutil.copytree(BUNDLED, folder)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PUBLISH_CACHE", raising=False)
    _, first = build_issue(folder, ["pdf"], tmp_path / "a", BuildOptions())
    done, total, _ = _laid_out(first)
    assert done == total > 3                      # cold: every unit
    # the proof report's lint, named in one line (the bundled issue has warnings)
    lint = [n for n in first if n.startswith("lint: ")]
    assert len(lint) == 1 and "warning" in lint[0] and f"publish lint {folder}" in lint[0]

    edited = _edit_one_paragraph(folder)
    # into another folder, with other options that change no PDF: neither is in a key
    _, again = build_issue(folder, ["pdf"], tmp_path / "c",
                           BuildOptions(jobs=1, proof=False, docx_fonts="free"))
    done, total, names = _laid_out(again)
    assert (done, names) == (1, edited)
    assert not [n for n in again if n.startswith("lint: ")]     # no report, no lint

    issue_id = corpus.load(folder).id
    rebuilt = tmp_path / "c" / issue_id / f"{issue_id}.pdf"
    text = subprocess.run(["pdftotext", str(rebuilt), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert EDIT.strip("（）。") in re.sub(r"\s+", "", text)

    monkeypatch.setenv("PUBLISH_CACHE", "off")
    _, cold = build_issue(folder, ["pdf"], tmp_path / "b", BuildOptions())
    assert _laid_out(cold)[0] == total
    assert rebuilt.read_bytes() == (tmp_path / "b" / issue_id / f"{issue_id}.pdf").read_bytes()
