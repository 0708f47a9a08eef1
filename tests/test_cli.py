"""CLI contract: exit codes, one-line errors naming file (and line), no tracebacks."""
from __future__ import annotations

import json

import pytest

from tests.clirun import assert_user_error, publish, publish_process
from tests.paths import bundled_source


def test_import_dump_lint(tmp_path):
    out = tmp_path / "2024-02"
    r = publish("import", bundled_source(), "--out", out)
    assert r.returncode == 0, r.stderr
    assert (out / "import-log.json").exists() and list((out / "source").glob("*.txt"))
    # a decision inside an article names the raw file's line to look at, with the article
    seam = [ln for ln in (r.stdout + r.stderr).splitlines() if "decide semicolon" in ln]
    assert seam and all(", line " in ln for ln in seam), seam
    dump = json.loads(publish("dump", out).stdout)
    assert set(dump) >= {"id", "title", "number", "toc", "articles"}
    art = dump["articles"][0]
    assert set(art) >= {"id", "title", "date", "source", "bylines", "deck", "blocks"}
    assert all("type" in b and "text" in b for b in art["blocks"])
    lint = publish("lint", out, "--json")
    findings = json.loads(lint.stdout)["findings"]
    assert findings and set(findings[0]) == {"code", "severity", "message", "article", "block"}
    # exit 1 exactly when a finding is an error; the printed issue's slips are warnings
    assert lint.returncode == int(any(f["severity"] == "error" for f in findings))
    assert lint.returncode == 0, [f for f in findings if f["severity"] == "error"]


def test_import_missing_file(tmp_path):
    assert_user_error(publish("import", tmp_path / "nope.txt", "--out", tmp_path / "c"),
                      "nope.txt", "no such file")
    assert not (tmp_path / "c").exists()


def test_import_not_utf8(tmp_path):
    raw = tmp_path / "bytes.txt"
    raw.write_bytes(b"Issue\n\xff\xff\xff\n")           # neither UTF-8 nor GB18030
    assert_user_error(publish("import", raw, "--out", tmp_path / "c"), "bytes.txt:2", "UTF-8",
                      "--encoding")
    assert not (tmp_path / "c").exists()


def test_import_without_toc(tmp_path):
    raw = tmp_path / "plain.txt"
    raw.write_text("只是一些文字\n没有目录\n", encoding="utf-8")
    assert_user_error(publish("import", raw, "--out", tmp_path / "c"), "plain.txt", "目录")


def test_broken_issue_yaml_names_the_line(corpus_copy):
    path = corpus_copy / "issue.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "number: [unclosed"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_user_error(publish("dump", corpus_copy), "issue.yaml:")


def test_unknown_block_markup_names_the_line(corpus_copy):
    art = sorted((corpus_copy / "articles").glob("*.md"))[0]
    text = art.read_text(encoding="utf-8")
    art.write_text(text + "\n{.sidebar}\n旁注\n", encoding="utf-8")
    line = len((text + "\n{.sidebar}\n").splitlines())
    assert_user_error(publish("lint", corpus_copy), f"{art.name}:{line + 1}", "sidebar")


def test_missing_article_file(corpus_copy):
    art = sorted((corpus_copy / "articles").glob("*.md"))[2]
    art.unlink()
    assert_user_error(publish("dump", corpus_copy), art.name, "no such file")


def test_duplicate_article_ids(corpus_copy):
    arts = sorted((corpus_copy / "articles").glob("*.md"))
    first_id = arts[0].read_text(encoding="utf-8").splitlines()[1]
    lines = arts[1].read_text(encoding="utf-8").splitlines()
    lines[1] = first_id
    arts[1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_user_error(publish("dump", corpus_copy), arts[1].name, "duplicate article id")


def test_not_a_corpus(tmp_path):
    assert_user_error(publish("dump", tmp_path / "missing"), "missing")


def test_unknown_format(corpus_copy, tmp_path):
    assert_user_error(publish("build", corpus_copy, "--format", "pdf,rtf", "--out", tmp_path),
                      "rtf")


def test_usage_error_exits_2():
    r = publish_process("import")             # a real interpreter: no traceback either
    assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize("bad", ["../../evil", "a/b", ".hidden"])
def test_unsafe_ids_are_refused(corpus_copy, bad):
    path = corpus_copy / "issue.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: 2024-02", f"id: '{bad}'", 1), encoding="utf-8")
    assert_user_error(publish("dump", corpus_copy), "issue.yaml", "issue id")


def test_unsafe_article_id_is_refused(corpus_copy):
    art = sorted((corpus_copy / "articles").glob("*.md"))[0]
    lines = art.read_text(encoding="utf-8").splitlines()
    lines[1] = "id: ../../../tmp/evil"
    art.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_user_error(publish("dump", corpus_copy), art.name, "article id")


def test_import_into_a_folder_whose_name_is_no_id(tmp_path):
    r = publish("import", bundled_source(), "--out", tmp_path / "2024年第2期")
    assert_user_error(r, "--id")
    r = publish("import", bundled_source(), "--out", tmp_path / "2024年第2期", "--id", "2024-02")
    assert r.returncode == 0, r.stderr
    assert json.loads(publish("dump", tmp_path / "2024年第2期").stdout)["id"] == "2024-02"
