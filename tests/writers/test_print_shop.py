"""The print PDF as a print shop, a screen reader and a copy-paste user meet it.

Every check reads the session's PDF of the bundled issue (see conftest.py) with the tools
those people use: three rendering engines, pypdf, pdftotext. Expected values come from the
corpus or from the PDF's own printed folios, never from stored figures.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat

from publish.layout.rules import NO_START
from publish.text.chars import strip_controls
from tests import tools
from tests.paths import BUNDLED, ROOT

pytestmark = pytest.mark.slow

ENGINES = ("pdftoppm", "mutool", "gs")
DPI = 40
CLOSING = frozenset(c for c in NO_START if not c.isascii() and c not in "—–―～－〜")


def _need(*names: str) -> None:
    for name in names:
        tools.require(name)


def render(engine: str, pdf: Path, page: int, out: Path) -> tuple[Image.Image, str]:
    """Page ``page`` (1-based) as a greyscale image, and what the engine printed."""
    png = out / f"{engine}-{page}.png"
    if engine == "pdftoppm":
        cmd = ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-gray",
               "-singlefile", "-png", str(pdf), str(png.with_suffix(""))]
    elif engine == "mutool":
        cmd = ["mutool", "draw", "-r", str(DPI), "-c", "gray", "-o", str(png), str(pdf), str(page)]
    else:
        cmd = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray",
               "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", f"-r{DPI}",
               f"-dFirstPage={page}", f"-dLastPage={page}", f"-sOutputFile={png}", str(pdf)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (engine, proc.stderr[-500:])
    return Image.open(png).convert("L"), proc.stdout + proc.stderr


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean grey difference after a blur that removes anti-aliasing noise (0–255)."""
    blur = ImageFilter.GaussianBlur(1.5)
    return ImageStat.Stat(ImageChops.difference(a.filter(blur), b.filter(blur))).mean[0]


AGREE = 5.0     # measured: 1.9–3.3 between engines that draw the same glyphs; 9.2 with tofu


def representative_pages(built) -> list[int]:
    """1-based: cover, 目录, the first article page, a page with a heading, a middle page and
    the last page."""
    heading_page = next((p.index for p in built.numbered
                         if any("Publish-Sans" in line.font for line in p.lines)))
    middle = built.numbered[len(built.numbered) // 2].index
    return sorted({1, 2, built.first_body + 1, heading_page + 1, middle + 1, len(built.pages)})


def test_three_engines_draw_the_same_pages(built, tmp_path):
    _need(*ENGINES)
    for page in representative_pages(built):
        images = {}
        for engine in ENGINES:
            images[engine], said = render(engine, built.pdf, page, tmp_path)
            assert "glyph" not in said.lower(), (engine, page, said[:300])
        sizes = {im.size for im in images.values()}
        assert len(sizes) == 1, (page, sizes)
        for a, b in (("pdftoppm", "mutool"), ("pdftoppm", "gs"), ("mutool", "gs")):
            assert difference(images[a], images[b]) < AGREE, (page, a, b)


def test_the_comparison_tells_different_pages_apart(built, tmp_path):
    """Control: the measure that must stay under AGREE is far above it for other text."""
    _need("pdftoppm")
    a, _ = render("pdftoppm", built.pdf, built.first_body + 1, tmp_path)
    b, _ = render("pdftoppm", built.pdf, built.first_body + 2, tmp_path)
    assert difference(a, b) > 2 * AGREE


# ------------------------------------------------------------------------ PDF/X-4

def _content(page) -> str:
    return page.get_contents().get_data().decode("latin-1")


def test_pdfx4_output_intent_and_xmp(built):
    root = built.reader.trailer["/Root"]
    intents = [o.get_object() for o in root["/OutputIntents"]]
    assert [i["/S"] for i in intents] == ["/GTS_PDFX"]
    assert intents[0]["/DestOutputProfile"].get_object()["/N"] == 4       # a CMYK profile
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert built.issue.title in xmp and built.issue.number in xmp
    for page in built.reader.pages:
        assert "/TrimBox" in page and "/BleedBox" in page


def test_text_and_rules_are_k_only_and_the_red_is_one_cmyk_colour(built):
    colours: set[tuple[str, ...]] = set()
    for page in built.reader.pages:
        data = _content(page)
        assert not re.search(r"\b(rg|RG)\b", data), "an RGB colour operator"
        colours.update(tuple(m.split()) for m in
                       re.findall(r"((?:[\d.]+ ){4})(?:scn|SCN|sc|SC|k|K)\b", data))
    black = {c for c in colours if [float(v) for v in c] == [0, 0, 0, 1]}
    others = {tuple(float(v) for v in c) for c in colours - black}
    assert black, "no K-only black found"
    assert len(others) == 1, others            # the masthead red, one mix for text and rule
    (c, m, y, k), = others
    assert c == 0 and m > 0.8 and y > 0.8


# --------------------------------------------------------------------- structure

def _struct_types(reader) -> list[str]:
    out: list[str] = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if "/S" in node:
            out.append(node["/S"])
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in (kids if isinstance(kids, list) else [kids]):
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type", "/StructElem") == "/StructElem" \
                    and "/S" in kid:
                stack.append(kid)
    return out


def test_tagged_with_headings_paragraphs_and_a_toc(built):
    root = built.reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    types = _struct_types(built.reader)
    # WeasyPrint makes one structure element per page a box is split over
    assert 1 <= types.count("/TOC") <= built.first_body - 1
    assert types.count("/TOCI") == len(built.issue.toc)
    assert types.count("/H1") >= len(built.issue.articles)
    assert types.count("/P") > 10 * len(built.issue.articles)


def test_page_labels_are_the_printed_folios(built):
    labels = built.reader.page_labels
    assert labels[built.first_body] == "1"
    for page in built.numbered:
        assert labels[page.index] == str(page.folio)
    assert labels[0] == "封面"
    assert all(lab.startswith("目录") for lab in labels[1:built.first_body]
               if lab != "空白")


# ------------------------------------------------------------------ faithful text

def _pdftotext(pdf: Path, first: int, last: int, *extra: str) -> str:
    _need("pdftotext")
    return subprocess.run(["pdftotext", *extra, "-f", str(first), "-l", str(last), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_no_extracted_line_opens_with_closing_punctuation(built):
    first, last = built.first_body + 1, len(built.pages)
    lines = _pdftotext(built.pdf, first, last).splitlines()
    bad = [line for line in lines if line[:1] in CLOSING]
    assert bad == []
    import pdfplumber
    with pdfplumber.open(str(built.pdf)) as pdf:
        for page in pdf.pages[built.first_body:]:
            assert not [ln for ln in (page.extract_text() or "").splitlines()
                        if ln[:1] in CLOSING]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", strip_controls(text))


def _pdfium_text(pdf: Path, first: int) -> str:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(first, len(doc)))
    finally:
        doc.close()


@pytest.mark.parametrize("reader", ["pdftotext", "pdfium"])
def test_extracted_text_gives_every_paragraph_in_order(built, reader):
    """poppler (pdftotext, Evince, most copy-paste) and PDFium (Chrome, Android) alike."""
    text = (_pdftotext(built.pdf, built.first_body + 1, len(built.pages)) if reader == "pdftotext"
            else _pdfium_text(built.pdf, built.first_body))
    text = "".join(line for line in text.splitlines()
                   if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line))
    flat = _squash(text)
    pos = 0
    for article in built.issue.articles:
        for block in article.blocks:
            want = _squash(block.text)
            if not want:
                continue
            found = flat.find(want, pos)
            assert found >= 0, (article.id, want[:40])
            pos = found + len(want)


# --------------------------------------------------------------------------- 目录

def _toc_lines(built):
    import pdfplumber
    out = []
    with pdfplumber.open(str(built.pdf)) as pdf:
        for index in range(1, built.first_body):
            page = pdf.pages[index]
            rows: dict[int, list] = {}
            for ch in page.chars:
                rows.setdefault(round(ch["top"]), []).append(ch)
            lines = [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(rows.items())]
            out.append([ln for ln in lines                  # without the 目 录 heading
                        if re.sub(r"\s", "", "".join(c["text"] for c in ln)) != "目录"])
    return out


def test_toc_numbers_share_one_right_edge_and_wrapped_entries_hang(built):
    """The numbers end on one edge, and so do the leaders' dots (they ended wherever the
    number's width left them: nearer 61 than 45, further from 114), each a gap from its
    number."""
    entries = 0
    for lines in _toc_lines(built):
        edges = []
        dots = []
        entry: list = []                          # the lines of the entry being read
        for line in lines:
            entry.append(line)
            text = "".join(c["text"] for c in line)
            if not (re.search(r"\d+$", text) and "." in text):
                continue
            entries += 1
            edges.append(line[-1]["x1"])
            leader = [c for c in line if c["text"] in ".…·"]
            number = [c for c in line if c["text"].isdigit()]
            dots.append(leader[-1]["x1"])
            assert number[0]["x0"] - leader[-1]["x1"] >= 4, f"dots run into the number: {text!r}"
            title = text.rstrip("0123456789").rstrip(".…·")
            assert title.strip(), f"a leader alone on a line: {text!r}"
            for continuation in entry[1:]:
                assert continuation[0]["x0"] > entry[0][0]["x0"] + 16, "not indented"
            entry = []
        if edges:
            assert max(edges) - min(edges) <= 1.5, edges
            assert max(dots) - min(dots) <= 1.5, dots
    assert entries == len(built.issue.toc)


# ------------------------------------------------------------------- determinism

def _build(out: Path, **env) -> subprocess.CompletedProcess:
    full = {**os.environ, "PUBLISH_CACHE": "off", **env}
    return subprocess.run([sys.executable, "-m", "publish.cli", "build", str(BUNDLED),
                           "--format", "pdf", "--edition", "official", "--out", str(out)],
                          capture_output=True, text=True, env=full, cwd=ROOT, timeout=600)


def test_bytes_do_not_depend_on_locale_or_fontconfig_language(built, tmp_path):
    proc = _build(tmp_path, FC_LANG="zh-cn", LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    assert proc.returncode == 0, proc.stderr[-500:]
    again = tmp_path / built.issue.id / f"{built.issue.id}.pdf"
    assert again.read_bytes() == built.pdf.read_bytes()


def test_zero_filled_fonts_are_one_clear_error(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for src in (ROOT / "fonts").iterdir():
        if src.suffix in (".otf", ".ttf"):
            (fonts / src.name).write_bytes(b"\0" * 4096)
    proc = _build(tmp_path / "out", PUBLISH_FONTS=str(fonts))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(fonts) in lines[0] and "Traceback" not in proc.stderr
    assert not list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.parametrize("variant, marker", [("pdf/ua-1", "pdfuaid:part"),
                                             ("pdf/a-2u", "pdfaid:part")])
def test_other_variants_pass_through(built, tmp_path, variant, marker):
    from publish.writers import BuildOptions
    from publish.writers import pdf as pdf_writer
    from tests.writers.print_issues import small_issue
    path = tmp_path / "v.pdf"
    pdf_writer.write(small_issue(built.issue, 2), path, BuildOptions(pdf_variant=variant))
    from pypdf import PdfReader
    root = PdfReader(str(path)).trailer["/Root"]
    assert marker in root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "/StructTreeRoot" in root and "/PageLabels" in root
