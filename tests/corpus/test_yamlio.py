"""YAML never guesses a type: ids, titles, numbers and sources that look like dates, numbers
or booleans stay the text written; dates are checked; written values read back the same."""
from __future__ import annotations

import re

import pytest
import yaml as pyyaml
from hypothesis import given, settings, strategies as st

from publish import corpus
from publish.corpus import yamlio
from publish.errors import UserError
from publish.model import Article, Block, Issue, Span, TocEntry, PARAGRAPH

LOOKALIKES = ["2024-02-03", "2024-02-00", "2024", "02", "0x1F", "1e23", "1_000", ".5", "-7",
              "no", "yes", "on", "off", "true", "False", "null", "~", "12:30", "2024-02-03T10:00",
              "0o17", ".inf", "NaN", "=", "<<"]


def _set(path, key, raw):
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(rf"^{key}: .*$", f"{key}: {raw}", text, count=1, flags=re.M)
    assert n == 1
    path.write_text(new, encoding="utf-8")


@pytest.mark.parametrize("raw", ["2024-02-03", "2024-02-00", "2024", "02", "1e3", "true"])
def test_unquoted_issue_fields_stay_text(corpus_copy, raw):
    issue_yaml = corpus_copy / "issue.yaml"
    for key in ("title", "number", "publisher"):
        _set(issue_yaml, key, raw)
    issue = corpus.load(corpus_copy)
    assert (issue.title, issue.number, issue.publisher) == (raw, raw, raw)


def test_date_looking_issue_id(corpus_copy):
    _set(corpus_copy / "issue.yaml", "id", "2024-02-03")
    _set(corpus_copy / "issue.yaml", "title", "2024")
    issue = corpus.load(corpus_copy)
    assert issue.id == "2024-02-03" and issue.title == "2024"
    _set(corpus_copy / "issue.yaml", "id", "2024-02-00")       # no such day: still an id
    assert corpus.load(corpus_copy).id == "2024-02-00"


def test_article_fields_stay_text(corpus_copy):
    art = sorted((corpus_copy / "articles").glob("*.md"))[0]
    for key, raw in (("title", "2024"), ("source", "no"), ("dateline", "1e3")):
        _set(art, key, raw)
    text = art.read_text(encoding="utf-8").replace("page: 1\n", "page: 1\nbylines:\n- 2024\n- yes\n", 1)
    art.write_text(text, encoding="utf-8")
    loaded = corpus.load(corpus_copy).articles[0]
    assert (loaded.title, loaded.source, loaded.dateline) == ("2024", "no", "1e3")
    assert loaded.bylines == ("2024", "yes")


@pytest.mark.parametrize("raw, needle", [
    ("2024-13-45", "ISO date"), ("2024-02-30", "ISO date"), ("二〇二四年二月", "ISO date"),
    ("2024/02/23", "ISO date"), ("[2024]", "must be text"),
    # a real day no output can be stamped with: the build refused it naming the folder alone
    ("1960-01-01", "between 1970 and 2107"), ("9999-12-31", "between 1970 and 2107"),
])
def test_bad_issue_date_is_one_line_with_the_line(corpus_copy, raw, needle):
    _set(corpus_copy / "issue.yaml", "date", raw)
    with pytest.raises(UserError) as err:
        corpus.load(corpus_copy)
    assert needle in str(err.value) and "issue.yaml:" in str(err.value)


@pytest.mark.parametrize("raw", ["'<x>&'", "中文", "zh_CN", "'zh-CN '"])
def test_a_language_that_is_no_language_tag_is_refused_at_its_line(corpus_copy, raw):
    """It went into the EPUB's dc:language and xml:lang, the DOCX's w:lang and the HTML's
    lang as written: an EPUB no checker passes."""
    _set(corpus_copy / "issue.yaml", "language", raw)
    with pytest.raises(UserError, match="must be a language tag such as zh-CN") as err:
        corpus.load(corpus_copy)
    assert "issue.yaml:" in str(err.value)


def _issue(values: list[str]) -> Issue:
    arts = tuple(Article(id=f"a{i}", title=v, source=v, bylines=(v, v), deck=(v,), dateline=v,
                         date="2024-02-29", page=i + 1,
                         blocks=(Block(PARAGRAPH, (Span("正文。"),)),))
                 for i, v in enumerate(values))
    return Issue(id="2024-02-03", title=values[0], number=values[-1], institution=values[0],
                 publisher=values[-1], date="2024-02-29",
                 toc=tuple(TocEntry(v, i + 1) for i, v in enumerate(values)), articles=arts)


def test_lookalikes_round_trip(tmp_path):
    issue = _issue(LOOKALIKES)
    corpus.save(issue, tmp_path / "c")
    assert corpus.load(tmp_path / "c") == issue
    # any YAML reader gets the same text back (PyYAML reads YAML 1.1: 'no' would be False)
    meta = pyyaml.safe_load((tmp_path / "c" / "issue.yaml").read_text(encoding="utf-8"))
    assert meta["id"] == "2024-02-03" and [e["title"] for e in meta["toc"]] == LOOKALIKES


_scalar_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                       min_size=1, max_size=12).filter(lambda s: s.strip() == s)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LOOKALIKES), _scalar_text), min_size=1, max_size=4))
def test_any_text_round_trips(tmp_path_factory, values):
    root = tmp_path_factory.mktemp("rt")
    issue = _issue(values)
    corpus.save(issue, root)
    assert corpus.load(root) == issue


@pytest.mark.parametrize("raw", ["true", "-5", "0", "1e23", "99999999999999999999", "'3'", "[1]"])
def test_impossible_pages_are_refused(corpus_copy, raw):
    art = sorted((corpus_copy / "articles").glob("*.md"))[0]
    _set(art, "page", raw)
    with pytest.raises(UserError) as err:
        corpus.load(corpus_copy)
    assert "'page'" in str(err.value) and f"{art.name}:" in str(err.value)


def test_a_list_is_no_title(corpus_copy):
    art = sorted((corpus_copy / "articles").glob("*.md"))[0]
    _set(art, "title", "[甲, 乙]")
    with pytest.raises(UserError, match="'title' must be text, not a list"):
        corpus.load(corpus_copy)


def test_alias_bomb_is_refused_at_once(corpus_copy):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = corpus_copy / "issue.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="anchors and aliases"):
        corpus.load(corpus_copy)


def test_foreign_tags_are_refused():
    with pytest.raises(UserError, match="tag"):
        yamlio.compose("id: !!python/object:os.system x\n", "f.yaml")


def test_roundtrip_keeps_comments_and_order():
    text = "# editor's note\nzeta: 1  # keep\nid: '2024-02-03'\nreviewer: 张三\n"
    data = yamlio.load_roundtrip(text, "f.yaml")
    data["zeta"] = 2
    out = yamlio.dump_roundtrip(data)
    assert out == text.replace("zeta: 1", "zeta: 2")


def test_dump_shows_the_strings(corpus_copy):
    import json
    from tests.clirun import publish
    _set(corpus_copy / "issue.yaml", "id", "2024-02-03")
    _set(corpus_copy / "issue.yaml", "title", "2024")
    r = publish("dump", corpus_copy)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["id"] == "2024-02-03" and data["title"] == "2024"


# 100,000 levels crashed the process (libyaml recursion: a segfault, no message), 200 kB of
# text; each is refused at once from the text, naming the line where it goes too deep
DEEP = {
    "flow lists": "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "flow mappings": "x: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    "compact block lists": "x:\n" + "- " * 100_000 + "a\n",
    "lists behind quoted closers": "x: " + "[ ']]]', " * 20_000 + "1" + "]" * 20_000 + "\n",
    "lists in an apostrophe's reach": "t: it's\nx: " + "[" * 100_000 + "]" * 100_000 + "\n",
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_refused_in_its_own_process(tmp_path, text):
    """In a real interpreter: a crash there is a failure here, not the end of the run."""
    import subprocess
    import sys
    script = ("from publish.corpus import yamlio\nfrom publish.errors import UserError\n"
              "import sys\ntry:\n    yamlio.compose(open(sys.argv[1]).read(), 'f.yaml', 6)\n"
              "except UserError as e:\n    print(e)\n")
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-500:]
    assert "nested more than 64 levels deep" in r.stdout and r.stdout.startswith("f.yaml:")


def test_the_depth_check_refuses_no_real_corpus_yaml(corpus_copy):
    """Quoted brackets, flow pairs and the bundled files all pass."""
    titles = "toc:\n" + "- title: '[视频]标题〔2024〕[1]'\n  page: 1\n" * 300
    pairs = "page_breaks: [" + ", ".join(f"[{i}, {i}]" for i in range(500)) + "]\n"
    for text in (titles, pairs, *(p.read_text(encoding="utf-8")
                                  for p in corpus_copy.rglob("*.yaml"))):
        assert yamlio.compose(text, "ok.yaml") is not None
    corpus.load(corpus_copy)


def test_a_huge_yaml_document_is_refused_before_parsing():
    """5 MB of YAML took 20 s and 430 MB; a corpus file's is a few kB."""
    with pytest.raises(UserError, match="1,200,003 characters of YAML") as exc:
        yamlio.compose("x:\n" + "- a\n" * 300_000, "issue.yaml")
    assert exc.value.line == 1


def test_a_line_indented_far_right_is_no_deep_nesting():
    """A title's continuation line indented 40 spaces was refused as YAML nested past 64
    levels (every space counted as two levels); keys nested 100 deep still are."""
    from publish.corpus import yamlio
    from publish.errors import UserError
    text = "id: t\ntitle: 一个很长的标题\n" + " " * 40 + "继续写\n"
    assert yamlio.compose(text, "a.md") is not None
    deep = "".join(" " * k + f"k{k}:\n" for k in range(100))
    with pytest.raises(UserError, match="nested more than"):
        yamlio.compose(deep, "b.md")


@pytest.mark.parametrize("raw", ["", "''", "~"])
def test_an_empty_required_key_is_named_empty_at_its_own_line(tmp_path, raw):
    """`title:` gave "a.md:2: missing required key 'title'" though the key is on line 3."""
    path = tmp_path / "a.md"
    path.write_text(f"---\nid: a\ntitle: {raw}\n---\n\n正文。\n", encoding="utf-8")
    with pytest.raises(UserError, match="required key 'title' is empty") as err:
        corpus.load_article(path)
    assert err.value.line == 3


def test_an_absent_required_key_is_still_missing(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nid: a\n---\n\n正文。\n", encoding="utf-8")
    with pytest.raises(UserError, match="missing required key 'title'"):
        corpus.load_article(path)


def test_a_toc_line_without_a_page_says_what_toc_is_for(corpus_copy):
    """A 目录 of titles alone was refused as "missing required key 'page'", with no word of
    the way an issue without a source page list is written."""
    issue = corpus_copy / "issue.yaml"
    text = issue.read_text(encoding="utf-8")
    head, toc = text.split("toc:\n", 1)
    first, rest = toc.split("\n", 1)
    page_line, rest = rest.split("\n", 1)
    assert page_line.strip().startswith("page:")
    issue.write_text(f"{head}toc:\n{first}\n{rest}", encoding="utf-8")
    with pytest.raises(UserError, match=r"toc: \[\]") as err:
        corpus.load(corpus_copy)
    assert err.value.line == head.count("\n") + 2
