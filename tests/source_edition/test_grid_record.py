"""The calibrated source grid is part of the corpus: `publish import` records it in
issue.yaml (source_grid, with a digest of what calibration read); a build uses it without
calibrating again, calibrates again (and says so) when the text or the page ends changed,
and says how to record it when an old corpus has none. A build never rewrites issue.yaml."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from publish import corpus, source_edition
from publish.cli import main
from tests.source_edition.variants import without_grid as _without_grid
from publish.model import SourceGrid
from tests.paths import bundled_source


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("import") / "2024-02"
    result = CliRunner().invoke(main, ["import", str(bundled_source()), "--out", str(out),
                                       "--id", "2024-02"])
    assert result.exit_code == 0, result.output
    return out


def test_import_records_the_grid_with_its_digest(imported, bundled_issue):
    issue = corpus.load(imported)
    grid = issue.source_grid
    assert grid is not None and grid.digest == source_edition.grid_digest(issue)
    fresh = source_edition.plan(replace(bundled_issue, source_grid=None))   # calibrated
    assert grid == fresh.grid
    p = source_edition.plan(issue)
    assert p.calibration.on_line_starts is None        # not calibrated again
    assert fresh.calibration.on_line_starts is not None
    assert any("not calibrated again" in n for n in p.notes)
    assert p.pagination == fresh.pagination


def test_the_grid_survives_a_save_and_a_load(imported, tmp_path):
    issue = corpus.load(imported)
    corpus.save(issue, tmp_path / "copy")
    assert corpus.load(tmp_path / "copy").source_grid == issue.source_grid


def test_changed_page_ends_calibrate_again_and_say_so(imported):
    issue = corpus.load(imported)
    k = next(i for i, a in enumerate(issue.articles) if a.page_breaks)
    arts = list(issue.articles)
    arts[k] = replace(arts[k], page_breaks=arts[k].page_breaks[1:])
    changed = replace(issue, articles=tuple(arts))
    assert source_edition.grid_digest(changed) != issue.source_grid.digest
    p = source_edition.plan(changed)
    assert p.calibration.on_line_starts is not None
    assert any("calibrated again" in n and "source_grid:" in n for n in p.notes)


def test_an_old_corpus_builds_and_says_how_to_record_the_grid(bundled_issue, tmp_path):
    old = replace(bundled_issue, source_grid=None)
    p = source_edition.plan(old)
    note = next(n for n in p.notes if "records no source grid" in n)
    snippet = note[note.index("source_grid:"):]
    (tmp_path / "g.yaml").write_text(snippet + "\n", "utf-8")
    data = YAML(typ="safe").load(tmp_path / "g.yaml")["source_grid"]
    assert SourceGrid(**data) == p.grid
    again = source_edition.plan(replace(old, source_grid=SourceGrid(**data)))
    assert any("not calibrated again" in n for n in again.notes)


def test_a_grid_set_by_hand_overrides_calibration(bundled_issue):
    good = source_edition.plan(replace(bundled_issue, source_grid=None))
    lines = good.calibration.lines_per_page + 2
    hand = SourceGrid(good.calibration.chars_per_line, lines)
    p = source_edition.plan(replace(bundled_issue, source_grid=hand))
    assert p.calibration.lines_per_page == lines
    assert any("set by hand" in n for n in p.notes)


def test_a_build_never_rewrites_issue_yaml(imported, tmp_path):
    path = imported / "issue.yaml"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = CliRunner().invoke(main, ["build", str(imported), "--format", "docx",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "not calibrated again" in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_bad_grid_is_refused_with_its_line(corpus_copy):
    path = corpus_copy / "issue.yaml"
    path.write_text(_without_grid(path.read_text("utf-8"))
                    + "source_grid:\n  chars_per_line: many\n"
                    "  lines_per_page: 24\n", "utf-8")
    result = CliRunner().invoke(main, ["lint", str(corpus_copy)])
    assert result.exit_code == 2
    assert "issue.yaml:" in result.output and "chars_per_line" in result.output


def test_the_grid_survives_an_editors_round_trip(corpus_copy, tmp_path):
    """DOCX out, `import-docx` back: issue.yaml keeps its source_grid as written."""
    before = corpus.load(corpus_copy).source_grid
    assert before is not None
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", str(corpus_copy), "--format", "docx",
                                      "--out", str(out)])
    assert built.exit_code == 0, built.output
    docx = next(out.rglob("*.docx"))
    back = CliRunner().invoke(main, ["import-docx", str(docx), "--into", str(corpus_copy)])
    assert back.exit_code in (0, 1), back.output
    assert corpus.load(corpus_copy).source_grid == before
    assert "source_grid:" in (corpus_copy / "issue.yaml").read_text("utf-8")


@pytest.mark.parametrize("cpl, lines, refused", [(10, 8, True), (28, 6, True), (15, 12, False)])
def test_a_hand_set_grid_no_page_of_body_text_holds_is_refused_at_its_line(
        corpus_copy, cpl, lines, refused):
    """A hand-set source_grid of 10 × 8 (type of 40 pt on A4) made lint plan for half a
    minute, 4 × 2 for three: such a grid is named at its line before any plan."""
    from publish.errors import UserError
    path = corpus_copy / "issue.yaml"
    path.write_text(_without_grid(path.read_text("utf-8")) + f"source_grid:\n  chars_per_line: {cpl}\n"
                    f"  lines_per_page: {lines}\n  capacity: {lines}\n", "utf-8")
    if refused:
        with pytest.raises(UserError, match="must be between") as err:
            corpus.load(corpus_copy)
        assert str(err.value.path) == str(path) and err.value.line
    else:
        assert corpus.load(corpus_copy).source_grid.chars_per_line == cpl
