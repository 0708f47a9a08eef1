"""`publish import` says what it records of the source edition: why it records no grid
(a build would calibrate and fail again, and the import once said nothing), and the
pages the plan cannot keep as the 目录 gives them. On the bundled raw text, edited."""
from __future__ import annotations

from pathlib import Path

from publish import corpus
from tests.clirun import assert_user_error, publish
from tests.paths import bundled_source


def _raw(tmp_path: Path, edit) -> Path:
    """The bundled raw text with ``edit`` applied to its lines."""
    lines = bundled_source().read_text("utf-8").split("\n")
    path = tmp_path / "raw.txt"
    path.write_text("\n".join(edit(lines)), "utf-8")
    return path


def _hopeless(lines: list[str]) -> list[str]:
    """Every other 目录 page far out of order."""
    toc = [i for i, line in enumerate(lines) if "\t" in line]
    for k, i in enumerate(toc):
        if k % 2:
            lines[i] = f"{lines[i].rsplit(chr(9), 1)[0]}\t{90000 - k}"
    return lines


def _footnote(lines: list[str]) -> list[str]:
    """A footnote line between the halves of a paragraph cut by a page end: the importer
    records two page ends, article 1 fills a page more than its 目录 pages."""
    k = next(i for i, line in enumerate(lines) if line.startswith("全会指出，2023年"))
    assert lines[k + 2].startswith("供有力保障")
    lines[k + 1:k + 1] = ["", "①2022年12月，国务院联防联控机制发布优化疫情防控措施的通知"]
    return lines


def test_no_grid_recorded_is_said_with_the_reason(tmp_path):
    out = tmp_path / "2024-02"
    r = publish("import", _raw(tmp_path, _hopeless), "--out", out, "--id", "2024-02")
    assert r.returncode == 0, r.stderr
    assert "source edition: no source grid recorded: the page list contradicts the text in" \
        in r.stderr
    assert corpus.load(out).source_grid is None


def test_a_page_set_fuller_is_said_and_the_grid_recorded(tmp_path, bundled_issue):
    out = tmp_path / "2024-02"
    r = publish("import", _raw(tmp_path, _footnote), "--out", out, "--id", "2024-02")
    assert r.returncode == 0, r.stderr
    said = [line for line in r.stderr.splitlines() if "source edition:" in line]
    first = bundled_issue.articles[0].id
    assert len(said) == 1 and f"page 2 ({first}): the article is set in 7 page(s)" in said[0]
    grid = corpus.load(out).source_grid
    assert grid is not None and grid.lines_per_page == bundled_issue.source_grid.lines_per_page


def test_what_lint_finds_is_said_once_counted(tmp_path):
    """A paragraph printed three times in a row (the bundled issue has one) is for an
    editor to decide: the import says lint's findings, counted by kind."""
    def doubled(lines: list[str]) -> list[str]:
        k = next(i for i, line in enumerate(lines) if line.startswith("全会指出，2023年"))
        return lines[:k + 1] + ["", lines[k]] + lines[k + 1:]
    out = tmp_path / "2024-02"
    r = publish("import", _raw(tmp_path, doubled), "--out", out, "--id", "2024-02")
    assert r.returncode == 0, r.stderr
    lint_line = next(line for line in r.stderr.splitlines() if "lint (" in line)
    assert "duplicate-paragraph" in lint_line and f"publish lint {out}" in lint_line


def test_a_line_no_paragraph_can_be_is_refused_at_once(tmp_path):
    """A line of megabytes (an extraction that lost its line ends, or hostile input) is
    refused naming its line, before any work: the import of a 50 MB line ran for minutes
    in gigabytes of memory."""
    from publish.readers.rawtext import MAX_LINE_CHARS

    def _long(lines):
        k = next(i for i, line in enumerate(lines) if line.startswith("全会指出，2023年"))
        lines[k] = "很" * (MAX_LINE_CHARS + 1) + lines[k]
        return lines
    raw = _raw(tmp_path, _long)
    k = next(i for i, line in enumerate(raw.read_text("utf-8").split("\n")) if "全会指出" in line)
    r = publish("import", raw, "--out", tmp_path / "c")
    assert_user_error(r, f"raw.txt:{k + 1}: a line of ")
    assert not (tmp_path / "c").exists()


def test_an_output_folder_under_a_file_or_inside_a_corpus_is_refused(tmp_path):
    """--out under a file said 'cannot write: File exists' of a path not there; --out inside
    another corpus (its articles/ folder) took a second corpus without a word; a folder of
    other files was called 'a corpus'."""
    raw = _raw(tmp_path, lambda lines: lines)
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    r = publish("import", raw, "--out", tmp_path / "notes.txt" / "c")
    assert_user_error(r, "notes.txt is a file, not a folder")
    host = tmp_path / "host"
    (host / "articles").mkdir(parents=True)
    (host / "issue.yaml").write_text("id: host\\n", "utf-8")
    r = publish("import", raw, "--out", host / "articles" / "c")
    assert_user_error(r, "inside the corpus")
    assert not (host / "articles" / "c").exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "readme.txt").write_text("mine", "utf-8")
    r = publish("import", raw, "--out", other)
    assert_user_error(r, "holds files and no corpus")
    assert [p.name for p in other.iterdir()] == ["readme.txt"]
