"""Hostile and impossible input: one line naming the file (and line), exit 2, no traceback,
bounded work; the corpus is left byte for byte as it was."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from tests import tree
from tests.clirun import assert_user_error, publish, publish_process
from tests.paths import bundled_source


def _first_article(root: Path) -> Path:
    return sorted((root / "articles").glob("*.md"))[0]


def _set(path: Path, key: str, raw: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(rf"^{key}: .*$", f"{key}: {raw}", text, count=1, flags=re.M)
    assert n == 1
    path.write_text(new, encoding="utf-8")


def _refused_everywhere(root: Path, tmp_path: Path, *needles: str) -> None:
    """lint, dump, check and build all refuse with one line; nothing is written."""
    before = tree.hashes(root)
    for args in (("lint", root), ("dump", root), ("check", root),
                 ("build", root, "--format", "html", "--out", tmp_path / "out")):
        r = publish(*args)
        assert_user_error(r, *needles)
        assert len([ln for ln in r.stderr.splitlines() if ln.strip()]) == 1, r.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.html"))
    assert tree.hashes(root) == before


def test_alias_bomb(corpus_copy, tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    meta = corpus_copy / "issue.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    _refused_everywhere(corpus_copy, tmp_path, "issue.yaml:", "aliases")


def test_alias_bomb_in_front_matter(corpus_copy, tmp_path):
    art = _first_article(corpus_copy)
    text = art.read_text(encoding="utf-8")
    art.write_text(text.replace("---\n", "---\nx: &x [1, 2]\ny: [*x, *x]\n", 1), encoding="utf-8")
    _refused_everywhere(corpus_copy, tmp_path, f"{art.name}:2", "aliases")


@pytest.mark.parametrize("link", ["file", "folder"])
def test_symlink_to_outside_the_corpus(corpus_copy, tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    art = _first_article(corpus_copy)
    secret = outside / art.name
    secret.write_text(art.read_text(encoding="utf-8").replace("。", "。机密外泄。", 1),
                      encoding="utf-8")
    if link == "file":
        art.unlink()
        art.symlink_to(secret)
        needle = art.name
    else:
        for other in (corpus_copy / "articles").iterdir():
            (outside / other.name).write_bytes(other.read_bytes()) if other != art else None
        import shutil
        shutil.rmtree(corpus_copy / "articles")
        (corpus_copy / "articles").symlink_to(outside)
        needle = "articles"
    _refused_everywhere(corpus_copy, tmp_path, needle, "symbolic link", "outside the corpus")


def test_symlink_inside_the_corpus_is_fine(corpus_copy):
    art = _first_article(corpus_copy)
    real = corpus_copy / "kept" / art.name
    real.parent.mkdir()
    art.rename(real)
    art.symlink_to(real)
    assert publish("dump", corpus_copy).returncode == 0


@pytest.mark.parametrize("raw, needle", [
    ("2024-13-45", "ISO date"),                 # unquoted impossible date
    ("2024年2月23日", "ISO date"),               # free text
    ("二〇二四年二月", "ISO date"),
    ("[2024, 2]", "must be text"),
])
def test_impossible_issue_dates(corpus_copy, tmp_path, raw, needle):
    _set(corpus_copy / "issue.yaml", "date", raw)
    _refused_everywhere(corpus_copy, tmp_path, "issue.yaml:7", needle)


@pytest.mark.parametrize("raw", ["true", "-5", "1e23", "0", "99999999999999999999999"])
def test_impossible_pages(corpus_copy, tmp_path, raw):
    art = _first_article(corpus_copy)
    _set(art, "page", raw)
    _refused_everywhere(corpus_copy, tmp_path, f"{art.name}:", "'page'")


def test_impossible_toc_page(corpus_copy, tmp_path):
    meta = corpus_copy / "issue.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("  page: 8\n", "  page: 1e23\n", 1),
                    encoding="utf-8")
    _refused_everywhere(corpus_copy, tmp_path, "issue.yaml:", "'page'")


def test_a_list_as_a_title(corpus_copy, tmp_path):
    art = _first_article(corpus_copy)
    _set(art, "title", "[中国, 共产党]")
    _refused_everywhere(corpus_copy, tmp_path, f"{art.name}:3", "'title' must be text")


def test_oversized_source_date_epoch(corpus_copy, tmp_path, monkeypatch):
    before = tree.hashes(corpus_copy)
    for value in ("99999999999999999999999", "-1", "soon"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)          # what a real process is given
        r = publish_process("build", corpus_copy, "--format", "html", "--out", tmp_path / "out")
        assert_user_error(r, "SOURCE_DATE_EPOCH")
        assert not list((tmp_path / "out").rglob("*.html"))
    assert tree.hashes(corpus_copy) == before


def test_nul_in_a_body_is_named(corpus_copy, tmp_path):
    art = _first_article(corpus_copy)
    lines = art.read_text(encoding="utf-8").split("\n")
    k = next(i for i, line in enumerate(lines) if i > 12 and len(line) > 20)
    lines[k] = lines[k][:5] + "\0" + lines[k][5:]
    art.write_text("\n".join(lines), encoding="utf-8")
    _refused_everywhere(corpus_copy, tmp_path, f"{art.name}:{k + 1}", "NUL", "U+0000")


def test_nul_in_front_matter_is_named(corpus_copy, tmp_path):
    art = _first_article(corpus_copy)
    _set(art, "source", "学习\0强国")
    _refused_everywhere(corpus_copy, tmp_path, f"{art.name}:5", "U+0000")


def test_other_control_characters_are_a_lint_error(corpus_copy):
    art = _first_article(corpus_copy)
    text = art.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    art.write_text(head + "\n---\n" + body.replace("。", "。\x01\x1b", 1), encoding="utf-8")
    r = publish("lint", corpus_copy, "--json")
    assert r.returncode == 1
    found = [f for f in json.loads(r.stdout)["findings"] if f["code"] == "control-character"]
    assert found and found[0]["severity"] == "error"
    dump = publish("dump", corpus_copy).stdout
    assert "\\u0001" in dump and "\ufffd" not in dump           # kept and named, never U+FFFD


# ----------------------------------------------------------------------------- DOCX

def _docx(tmp_path: Path, document_xml: bytes | None = None, bomb: int = 0) -> Path:
    """A minimal DOCX package; ``bomb`` adds that many zero bytes to a member."""
    path = tmp_path / "edited.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types xmlns='x'/>")
        zf.writestr("word/document.xml", document_xml or b"<w:document/>")
        if bomb:
            with zf.open("word/media/filler.xml", "w", force_zip64=True) as member:
                chunk = b"\0" * 2**20
                for _ in range(bomb // len(chunk)):
                    member.write(chunk)
    return path


def test_docx_zip_bomb_is_refused_before_inflating(corpus_copy, tmp_path):
    from publish.readers import zipguard
    docx = _docx(tmp_path, bomb=zipguard.MAX_MEMBER + 2**20)
    assert docx.stat().st_size < 2 * 2**20                       # small file, huge member
    before = tree.hashes(corpus_copy)
    r = publish("import-docx", docx, "--into", corpus_copy)
    assert_user_error(r, "edited.docx", "filler.xml", "zip bomb")
    assert tree.hashes(corpus_copy) == before


def test_docx_member_lying_about_its_size_stays_bounded(tmp_path):
    from publish.errors import UserError
    from publish.readers import zipguard
    path = _docx(tmp_path, b"<w:document>" + b"x" * 4096 + b"</w:document>")
    data = bytearray(path.read_bytes())
    # shrink document.xml's declared size in the central directory: it may inflate no further
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    data[central + 24: central + 28] = (16).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(UserError, match="not a readable DOCX"):
        zipguard.check_package(path)


@pytest.mark.parametrize("dtd", [
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e "injected">]><w:document>&e;</w:document>',
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w><w:document/>'.encode("utf-16"),
])
def test_docx_with_a_dtd_is_refused(corpus_copy, tmp_path, dtd):
    docx = _docx(tmp_path, dtd)
    before = tree.hashes(corpus_copy)
    r = publish("import-docx", docx, "--into", corpus_copy)
    assert_user_error(r, "edited.docx", "word/document.xml", "DTD")
    assert tree.hashes(corpus_copy) == before


# ----------------------------------------------------------------------- raw encodings

def _import(raw: Path, out: Path, *extra: str):
    return publish("import", raw, "--out", out, *extra)


def _articles(out: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((out / "articles").glob("*.md"))]


@pytest.fixture(scope="module")
def utf8_import(tmp_path_factory):
    out = tmp_path_factory.mktemp("utf8") / "c"
    assert _import(bundled_source(), out).returncode == 0
    return out


@pytest.mark.parametrize("codec, needle", [("gb18030", "GB18030"), ("gbk", "GB18030"),
                                           ("utf-16", "UTF-16")])
def test_chinese_office_encodings_are_detected_and_said(utf8_import, tmp_path, codec, needle):
    raw = tmp_path / "raw.txt"
    raw.write_bytes(bundled_source().read_text(encoding="utf-8").encode(codec))
    r = _import(raw, tmp_path / "c")
    assert r.returncode == 0, r.stderr
    assert f"read as {needle}" in r.stderr
    log = json.loads((tmp_path / "c" / "import-log.json").read_text(encoding="utf-8"))
    assert log["encoding"].replace("_", "-").startswith(needle.lower())
    assert _articles(tmp_path / "c") == _articles(utf8_import)


def test_encoding_option(utf8_import, tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_bytes(bundled_source().read_text(encoding="utf-8").encode("gbk"))
    r = _import(raw, tmp_path / "c", "--encoding", "GBK")
    assert r.returncode == 0, r.stderr
    assert "read as gbk (--encoding)" in r.stderr
    assert _articles(tmp_path / "c") == _articles(utf8_import)
    assert_user_error(_import(raw, tmp_path / "d", "--encoding", "no-such-codec"),
                      "raw.txt", "unknown encoding")
    assert_user_error(_import(bundled_source(), tmp_path / "e", "--encoding", "ascii"),
                      "not ascii text")
    assert not (tmp_path / "d").exists() and not (tmp_path / "e").exists()


def test_a_word_page_in_the_toc_is_reported_on_its_own_line(tmp_path):
    text = bundled_source().read_text(encoding="utf-8")
    toc = [ln for ln in text.splitlines() if re.search(r"\t\d+$", ln)]
    victim = toc[6]
    title, page = victim.rsplit("\t", 1)
    words = {"23": "二十三"}
    raw = tmp_path / "raw.txt"
    raw.write_text(text.replace(victim, f"{title}\t{words[page]}", 1), encoding="utf-8")
    r = _import(raw, tmp_path / "c")
    assert r.returncode == 0, r.stderr
    decide = [ln for ln in r.stderr.splitlines() if "二十三" in ln]
    assert len(decide) == 1 and "decide" in decide[0] and "read as 23" in decide[0]
    dump = json.loads(publish("dump", tmp_path / "c").stdout)
    assert len(dump["toc"]) == len(toc)                         # nothing glued, nothing lost
    assert dump["toc"][6] == {"title": title, "page": 23}


def test_an_impossible_date_in_the_raw_text_is_a_decision(tmp_path):
    text = bundled_source().read_text(encoding="utf-8")
    first = re.search(r"\((\d{4}-\d{2}-\d{2}) 来源", text).group(1)
    raw = tmp_path / "raw.txt"
    raw.write_text(text.replace(f"({first} 来源", "(2024-13-45 来源", 1), encoding="utf-8")
    r = _import(raw, tmp_path / "c")
    assert r.returncode == 0, r.stderr
    assert "impossible_date" in r.stderr and "2024-13-45" in r.stderr
    assert publish("dump", tmp_path / "c").returncode == 0


# --------------------------------------------------------------------------- huge issues

def test_a_huge_issue_is_not_laid_out_for_docx(corpus_copy, tmp_path, monkeypatch, capsys):
    """Above MAX_LAYOUT_CHARS a DOCX build skips the print layout (minutes, gigabytes for a
    10 MB paragraph; bench/scale.py measures it) and says so."""
    from publish import source_edition
    from publish.commands import build
    from publish.writers import pdf

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out")

    monkeypatch.setattr(build, "MAX_LAYOUT_CHARS", 1000)
    monkeypatch.setattr(pdf, "paginate", no_layout)
    monkeypatch.setattr(source_edition, "plan", no_layout)
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    assert build.run([corpus_copy], "docx", tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert "print layout skipped" in err and "characters is more than 1,000" in err
    assert (tmp_path / "out" / "2024-02" / "2024-02.docx").exists()
