"""The report's page-fill section on hand-made pages: which pages are short, and the reasons
taken from the build's notes (never a check line that merely holds a number)."""
from __future__ import annotations

import pytest

from publish.check.pdfread import Line, PdfDoc, make_page
from publish.options import BuildOptions
from publish.proof.gather import Run, _short_pages

PITCH = 20.0
TOP = 800.0


def page(index: int, folio: int | None, lines: int) -> object:
    body = [Line(f"正文第{k}行", (f"正文第{k}行",), 100, TOP - k * PITCH - 14, 500, TOP - k * PITCH)
            for k in range(lines)]
    foot = [Line(f"— {folio} —", (f"— {folio} —",), 280, 40, 320, 54)] if folio else []
    return make_page(index, 595, 842, body + foot)


def test_short_pages_and_their_reasons(bundled_issue):
    # front matter, then article A on pages 1–3 (page 2 two lines short, page 3 its last),
    # article B on page 4–5 (page 4 full)
    pages = [page(0, None, 3), page(1, 1, 30), page(2, 2, 28), page(3, 3, 5),
             page(4, 4, 30), page(5, 5, 10)]
    run = Run(("pdf",), BuildOptions(), doc=PdfDoc.from_pages(pages), notes=[
        "source edition: a: page 2 holds 28 lines: the title block is taller than the grid",
        "check: titles 23/24, start pages 2/2: all agree"])
    rows, fill = _short_pages(bundled_issue, run, [{"page": 3, "ok": True}],
                              {"a": 1, "b": 4})
    assert [r["page"] for r in rows] == [2]
    assert rows[0]["empty"] == 2.0
    assert rows[0]["reasons"][0].startswith("source edition: a: page 2 holds 28 lines")
    assert any("page 3 opens at a recorded page end" in r for r in rows[0]["reasons"])
    assert fill["inner"] == 3 and fill["short"] == 1 and fill["max"] == 2.0


def test_a_short_page_without_a_reason_says_so(bundled_issue):
    pages = [page(0, None, 3), page(1, 7, 25), page(2, 8, 30), page(3, 9, 4)]
    run = Run(("pdf",), BuildOptions(), doc=PdfDoc.from_pages(pages),
              notes=["check: start pages 7/7: all agree"])
    rows, _ = _short_pages(bundled_issue, run, [], {"a": 1})
    assert [(r["page"], r["reasons"]) for r in rows] == [(7, ["no reason in the build's notes"])]


def _decisions_within(corpus_dir, seconds: float = 10.0):
    """The report's decisions from ``corpus_dir``'s import log, or a failure if reading it
    has not ended in time (a blocked read is left behind on its daemon thread)."""
    import threading
    from publish.proof.gather import _decisions
    done: dict = {}

    def run():
        try:
            done["rows"] = _decisions(None, {}, {}, corpus_dir, None)
        except BaseException as exc:             # handed to the test
            done["error"] = exc
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, "the import log is still being read"
    assert "error" not in done, repr(done.get("error"))
    return done["rows"]


def test_an_import_log_that_is_a_fifo_lists_no_decisions(tmp_path):
    """A FIFO there blocked the build at its proof report for ever (/dev/zero linked there:
    26 s, 5.5 GB, then `out of memory`)."""
    import os
    os.mkfifo(tmp_path / "import-log.json")
    assert _decisions_within(tmp_path) == []


def test_an_import_log_nested_past_pythons_limit_lists_no_decisions(tmp_path):
    """`[[[[…` 100,000 deep: a RecursionError traceback at the end of a PDF build."""
    (tmp_path / "import-log.json").write_text("[" * 100_000, encoding="utf-8")
    assert _decisions_within(tmp_path) == []


@pytest.mark.parametrize("log", ['{"repairs": 5}', '{"repairs": "x", "source": 3}',
                                 '{"repairs": [5, {"decision": true, "kind": 1, "line": "x"}],'
                                 ' "source": ["a"]}'])
def test_an_edited_import_log_of_other_shapes_lists_no_false_decisions(tmp_path, log):
    """{"repairs": 5} made the PDF build fail with "'int' object is not iterable", naming
    no file; any other shape lists what it can and never fails."""
    (tmp_path / "import-log.json").write_text(log, encoding="utf-8")
    rows = _decisions_within(tmp_path)
    assert all(r["file"].endswith("issue.yaml") for r in rows)
