"""`publish check` from the command line: table, --json, exit status 0 / 1 / 2."""
from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from publish.cli import main


def run(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def make_agree(directory) -> None:
    """Give every 目录 line its article's own title (the corpus then agrees with itself)."""
    from publish import corpus
    issue = corpus.load(directory)
    data = yaml.safe_load((directory / "issue.yaml").read_text("utf-8"))
    by_page = {a.page: a.title for a in issue.articles}
    for entry in data["toc"]:
        entry["title"] = by_page[entry["page"]]
    (directory / "issue.yaml").write_text(yaml.safe_dump(data, allow_unicode=True,
                                                         sort_keys=False), "utf-8")


def drop_page_ends(directory) -> None:
    """No recorded page ends (the generated PDF sets each article's text from its first
    page on, not where the source's pages ended)."""
    from dataclasses import replace

    from publish import corpus
    issue = corpus.load(directory)
    corpus.save(replace(issue, articles=tuple(replace(a, page_breaks=())
                                              for a in issue.articles)), directory)


def test_exit_0_when_everything_agrees(corpus_copy, faithful_pdf):
    make_agree(corpus_copy)
    drop_page_ends(corpus_copy)
    result = run(corpus_copy, faithful_pdf)
    assert result.exit_code == 0, result.output
    assert "all agree" in result.output


def test_exit_1_when_a_recorded_page_end_is_missed(corpus_copy, faithful_pdf):
    make_agree(corpus_copy)
    result = run(corpus_copy, faithful_pdf, "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["page_ends_missed"] and data["summary"]["page_ends_ok"] < \
        data["summary"]["page_ends_total"]


def test_exit_1_and_json_on_a_difference(corpus_copy, faithful_pdf, bundled_issue):
    result = run(corpus_copy, faithful_pdf, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"]["total"] == len(bundled_issue.toc)
    assert data["summary"]["titles_ok"] < len(bundled_issue.toc)
    assert data["summary"]["pages_ok"] == len(bundled_issue.toc)
    for e in data["entries"]:
        assert set(e) >= {"index", "title", "page", "article", "title_ok", "diff",
                          "pdf_page", "page_ok"}


def test_without_pdf_pages_are_not_judged(corpus_copy):
    make_agree(corpus_copy)
    result = run(corpus_copy, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["summary"]["pages_ok"] is None
    assert all(e["page_ok"] is None and e["pdf_page"] is None for e in data["entries"])


def test_exit_2_on_a_file_that_is_no_pdf(corpus_copy, tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("这不是PDF文件")
    result = run(corpus_copy, bad)
    assert result.exit_code == 2
    assert str(bad) in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_exit_2_on_a_missing_corpus(tmp_path):
    result = run(tmp_path / "nowhere")
    assert result.exit_code == 2 and "Traceback" not in result.output
