"""Screenshots for docs/docx.md and docs/epub.md, made the way a reader would see the files.

    .venv/bin/python docs/screenshots.py [--corpus corpus/2024-02] [--out docs/img]

DOCX: built with the office faces and with ``--docx-fonts free``, converted by LibreOffice
(``soffice --convert-to pdf``), pages rasterised by ``pdftoppm``: the cover, the first 目录
page and a body page with section headings. EPUB: unzipped and opened in headless Chromium
at phone size (390 × 844 CSS px): the cover, the 目录 and a body page. Every PNG is
re-encoded by Pillow (a palette, no timestamps) to keep the repository small.

Needs LibreOffice, poppler-utils and chromium (scripts/system-deps.sh test). LibreOffice sees
the project's fonts/ besides the machine's (``publish.render.fontconfig.machine_and``).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from publish.render.fontconfig import machine_and  # the machine's fonts and ours

ROOT = Path(__file__).resolve().parent.parent
PHONE = (390, 844)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                  "--force-device-scale-factor=1"]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=900, **kw)


def tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    sys.exit(f"screenshots: {names[0]} not found (scripts/system-deps.sh test installs it)")


def save_png(src: Path, dest: Path, colours: int = 128) -> None:
    from PIL import Image
    with Image.open(src) as image:
        image = image.convert("RGB").quantize(colors=colours, dither=Image.Dither.NONE)
        dest.parent.mkdir(parents=True, exist_ok=True)
        image.save(dest, format="PNG", optimize=True)


def side_by_side(images: list[Path], dest: Path, gap: int = 12) -> None:
    from PIL import Image
    opened = [Image.open(p).convert("RGB") for p in images]
    width = sum(i.width for i in opened) + gap * (len(opened) - 1)
    sheet = Image.new("RGB", (width, max(i.height for i in opened)), (200, 200, 200))
    x = 0
    for image in opened:
        sheet.paste(image, (x, 0))
        x += image.width + gap
    dest.parent.mkdir(parents=True, exist_ok=True)
    sheet.quantize(colors=128, dither=Image.Dither.NONE).save(dest, format="PNG", optimize=True)


def build(corpus: Path, out: Path, *extra: str) -> Path:
    publish = ROOT / ".venv" / "bin" / "publish"
    run([str(publish), "build", str(corpus), "--out", str(out), *extra])
    return out


def page_with(pdf: Path, wanted, start: int = 1) -> int:
    """The first page (1-based) at or after ``start`` whose text satisfies ``wanted``."""
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, 1):
            if number >= start and wanted(page.extract_text() or ""):
                return number
    return start


def docx_pages(docx: Path, work: Path, dest: Path, issue) -> None:
    soffice = tool("soffice", "libreoffice")
    profile = work / "lo-profile"
    run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        env=machine_and(ROOT / "fonts"))
    pdf = work / f"{docx.stem}.pdf"
    # a body page with 一、 section headings, else the first article's first page
    from publish.text.chars import SECTION_RE
    first = issue.articles[0].title[:8]
    body = page_with(pdf, lambda t: any(SECTION_RE.match(line.strip())
                                        for line in t.splitlines()), 3)
    if body == 3:
        body = page_with(pdf, lambda t: t.replace("\n", "").startswith(first), 2)
    shots = []
    for number in (1, 2, body):
        prefix = work / f"{docx.stem}-p{number}"
        run([tool("pdftoppm"), "-r", "50", "-f", str(number), "-l", str(number), "-png",
             "-singlefile", str(pdf), str(prefix)])
        shots.append(prefix.with_suffix(".png"))
    side_by_side(shots, dest)


def epub_pages(epub: Path, work: Path, prefix: Path, issue) -> None:
    chromium = tool("chromium", "chromium-browser")
    book = work / "book"
    with zipfile.ZipFile(epub) as zf:
        zf.extractall(book)
    from publish.writers.epub import article_file
    index, chosen = next(((i, a) for i, a in enumerate(issue.articles, 1)
                          if any(b.type == "heading" and b.level == 2 for b in a.blocks)),
                         (1, issue.articles[0]))
    article = book / "EPUB" / article_file(index, chosen)
    for name, page in (("cover", book / "EPUB/text/cover.xhtml"),
                       ("contents", book / "EPUB/text/contents.xhtml"),
                       ("article", article)):
        shot = work / f"{name}.png"
        with tempfile.TemporaryDirectory(prefix="publish-chromium-") as profile:
            run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                 f"--window-size={PHONE[0]},{PHONE[1]}", f"--screenshot={shot}", page.as_uri()],
                env=machine_and(ROOT / "fonts"))
        save_png(shot, prefix.parent / f"{prefix.name}-{name}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "2024-02")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from publish import corpus
    issue = corpus.load(args.corpus)
    with tempfile.TemporaryDirectory(prefix="publish-shots-") as tmp:
        work = Path(tmp)
        office = build(args.corpus, work / "office", "--format", "docx,epub")
        free = build(args.corpus, work / "free", "--format", "docx", "--docx-fonts", "free")
        for name, folder in (("office", office), ("free", free)):
            docx = folder / issue.id / f"{issue.id}.docx"
            (work / name).mkdir(exist_ok=True)
            docx_pages(docx, work / name, args.out / f"docx-libreoffice-{name}.png", issue)
        epub_pages(office / issue.id / f"{issue.id}.epub", work, args.out / "epub-phone", issue)
    for png in sorted(args.out.glob("*.png")):
        print(f"wrote {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}")


if __name__ == "__main__":
    main()
