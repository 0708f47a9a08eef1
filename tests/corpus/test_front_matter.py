"""The one front-matter split, shared by loading an article and writing edits back."""
import re
from pathlib import Path

import pytest

from publish import corpus
from publish.corpus import split_front_matter
from publish.corpus.update import update_article
from publish.errors import UserError


def test_split_gives_yaml_body_and_the_body_line():
    text = "---\nid: a\ntitle: T\n---\n\nbody\n"
    assert split_front_matter(text, Path("a.md")) == ("id: a\ntitle: T\n", "\nbody\n", 5)


@pytest.mark.parametrize("text, message", [
    ("id: a\n", "missing YAML front matter"),
    ("---\nid: a\ntitle: T\n\nbody\n", "not closed"),
])
def test_loading_and_updating_refuse_the_same_way(text, message):
    with pytest.raises(UserError, match=message):
        split_front_matter(text, Path("a.md"))
    with pytest.raises(UserError, match=message):
        update_article(text, None, None, Path("a.md"))


@pytest.mark.parametrize("name", ["07 复信 肯尼亚.md", "七-复信.md", "sub/07.md"])
def test_an_article_file_name_refused_says_what_a_name_may_hold(corpus_copy, name):
    """An editor who saved `07 复信 肯尼亚.md` was told only that it was no plain file name."""
    from publish import corpus
    issue = corpus_copy / "issue.yaml"
    text = issue.read_text(encoding="utf-8")
    first = text.split("articles:\n- ", 1)[1].split("\n", 1)[0]
    issue.write_text(text.replace(f"- {first}\n", f"- {name}\n", 1), encoding="utf-8")
    with pytest.raises(UserError, match="no spaces, no Chinese") as exc:
        corpus.load(corpus_copy)
    assert exc.value.line and str(exc.value).count("issue.yaml")


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_an_article_saved_with_windows_or_old_mac_line_ends_reads_as_saved_with_lf(
        corpus_copy, newline):
    """A lone CR (an old Mac's line end) gave 'missing YAML front matter': only CRLF was
    made LF. The article, its lint and its check read as the LF file does."""
    from publish import corpus
    from publish.check.lint import corpus_findings

    def findings():
        return sorted((f.code, f.message) for f in corpus_findings(corpus_copy))
    before, found = corpus.load(corpus_copy), findings()
    path = sorted((corpus_copy / "articles").glob("*.md"))[3]
    path.write_bytes(path.read_bytes().replace(b"\n", newline))
    assert corpus.load(corpus_copy) == before
    assert findings() == found


@pytest.mark.parametrize("entry, needle", [
    ("[99, 5]", "there is no block 99, the body has "),
    ("[0, 999999]", "block 0 has "),
])
def test_a_page_end_outside_the_body_is_named_at_its_line(corpus_copy, entry, needle):
    """A recorded page end past the last block, or past its block's text (a paragraph
    deleted or cut by hand): every edition left it out without a word."""
    art = next(p for p in sorted((corpus_copy / "articles").glob("*.md"))
               if "page_breaks:" not in p.read_text(encoding="utf-8"))
    text = art.read_text(encoding="utf-8")
    art.write_text(text.replace("\n---\n", f"\npage_breaks: [{entry}]\n---\n", 1),
                   encoding="utf-8")
    line = text.split("\n---\n", 1)[0].count("\n") + 2
    with pytest.raises(UserError, match=re.escape(f"page_breaks entry {entry}: {needle}")) as err:
        corpus.load(corpus_copy)
    assert (err.value.path, err.value.line) == (str(art), line)


def test_an_article_listed_twice_is_named_at_its_issue_yaml_line(corpus_copy):
    """It was refused as a 'duplicate article id' naming the article file, 'also in' the
    same file: issue.yaml, where the slip is, went unnamed."""
    issue = corpus_copy / "issue.yaml"
    lines = issue.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines.index("articles:\n") + 1
    issue.write_text("".join(lines[:first + 2] + [lines[first]] + lines[first + 2:]),
                     encoding="utf-8")
    name = lines[first][2:].strip()
    with pytest.raises(UserError, match=re.escape(f"article entry {name!r} is listed twice "
                                                  f"(also at line {first + 1})")) as err:
        corpus.load(corpus_copy)
    assert (err.value.path, err.value.line) == (str(issue), first + 3)
