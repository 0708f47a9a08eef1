"""Small print-like PDFs for the checker's tests, made with WeasyPrint.

Each article starts on a new page whose printed number the test controls, so a test knows the
true start pages without trusting the checker. Pages carry a little of the article's own text
(enough for realistic extraction, little enough to render fast).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from publish.model import Issue

FRONT_PAGES = 3          # cover + a two-page 目录, unnumbered, as in the source issue


@dataclass(frozen=True)
class Spec:
    """How the PDF differs from a faithful print of the source page list."""
    first_number: int = 1                     # printed number of the first article page
    extra_pages: dict[int, int] = field(default_factory=dict)   # article index → pages added
    number_format: tuple[str, str] = ("— ", " —")   # text before/after the number
    number_where: str = "bottom"              # "bottom" or "top"
    number_outside: bool = False              # odd pages right, even pages left (the source)
    bare_start_pages: bool = False            # no number on an article's first page
    bookmarks: bool = True                    # h1 titles with ids → outline + named dests
    toc: bool = True                          # print a 目录
    toc_leaders: bool = True                  # dotted leaders (else a plain gap)
    toc_number_first: bool = False            # number beside a wrapped title's first line
    toc_override: dict[int, int] = field(default_factory=dict)  # article index → printed number
    header: str | None = None                 # a running head on every numbered page
    running_title: bool = False               # the article title and the number on top
    chars_per_page: int = 160


def start_pages(issue: Issue, spec: Spec = Spec()) -> list[int]:
    """The printed number of the page each article starts on in the PDF ``spec`` describes."""
    pages = _source_pages(issue)
    shift = spec.first_number - pages[0]
    out, added = [], 0
    for i, page in enumerate(pages):
        out.append(page + shift + added)
        added += spec.extra_pages.get(i, 0)
    return out


def _source_pages(issue: Issue) -> list[int]:
    """Article start pages from the articles' own ``page`` (the source 目录)."""
    return [a.page for a in issue.articles]


def _spans(issue: Issue, spec: Spec) -> list[int]:
    pages = _source_pages(issue)
    lengths = [b - a for a, b in zip(pages, pages[1:])] + [3]
    return [max(1, n) + spec.extra_pages.get(i, 0) for i, n in enumerate(lengths)]


def _chunks(article, size: int, count: int) -> list[str]:
    text = "".join(b.text for b in article.blocks) or article.title
    while len(text) < size * count:
        text += text
    return [text[i * size:(i + 1) * size] for i in range(count)]


def _css(spec: Spec) -> str:
    before, after = (html.escape(s) for s in spec.number_format)
    where = spec.number_where
    other = "top" if where == "bottom" else "bottom"
    number = f'content: "{before}" counter(page) "{after}"; font-size: 14pt'
    if spec.number_outside:
        boxes = (f"@page :right {{ @{where}-right {{ {number} }} }}"
                 f"@page :left {{ @{where}-left {{ {number} }} }}")
    else:
        boxes = f"@page {{ @{where}-center {{ {number} }} }}"
    head = (f'@page {{ @{other}-center {{ content: "{html.escape(spec.header)}"; '
            f'font-size: 10pt }} }}') if spec.header else ""
    silent = " ".join(f"@{a}-{b} {{ content: none }}" for a in ("top", "bottom")
                      for b in ("left", "center", "right"))
    bookmark = "" if spec.bookmarks else "h1 { bookmark-level: none }"
    if spec.running_title:
        boxes = ('@page { @top-left { content: string(title); font-size: 10pt } '
                 '@top-right { content: counter(page); font-size: 10pt } }')
        bookmark += " h1 { string-set: title content() }"
    return f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm }}
{boxes}
{head}
@page front {{ {silent} }}
@page start {{ {silent if spec.bare_start_pages else ""} }}
@page :first {{ counter-reset: page {spec.first_number - FRONT_PAGES} }}
body {{ margin: 0; font-family: "Noto Serif CJK SC", serif; font-size: 16pt;
  line-height: 28.95pt }}
.front {{ page: front; break-after: page }}
.start {{ page: start }}
.cover {{ text-align: center; font-size: 28pt; padding-top: 60mm }}
.toc-head {{ text-align: center; font-size: 22pt; font-family: "Noto Sans CJK SC" }}
.toc p {{ margin: 0; display: flex;
  align-items: {"flex-start" if spec.toc_number_first else "flex-end"} }}
.toc span.t {{ flex: 1 }}
.toc span.n {{ padding-left: 1em }}
h1 {{ font-size: 22pt; text-align: center; line-height: 1.4; margin: 0 0 1em }}
.pg {{ break-after: page; text-indent: 2em; margin: 0 }}
{bookmark}
"""


def build_html(issue: Issue, spec: Spec = Spec()) -> str:
    starts = start_pages(issue, spec)
    parts = [f'<div class="front cover"><p>{html.escape(issue.institution)}</p>'
             f'<p>{html.escape(issue.title)}</p><p>{html.escape(issue.number)}</p></div>']
    toc = []
    if spec.toc:
        for i, art in enumerate(issue.articles):
            number = spec.toc_override.get(i, starts[i])
            title = html.escape(art.title)
            if spec.toc_leaders:
                toc.append(f'<p><span class="t">{title}……………</span>'
                           f'<span class="n">{number}</span></p>')
            else:
                toc.append(f'<p><span class="t">{title}</span><span class="n">{number}</span></p>')
    if spec.toc:
        half = (len(toc) + 1) // 2
        parts.append('<div class="front toc"><p class="toc-head">目 录</p>'
                     + "".join(toc[:half]) + "</div>")
        parts.append('<div class="front toc">' + "".join(toc[half:]) + "</div>")
    else:
        parts += ['<div class="front"><p>内部资料 注意保存</p></div>'] * 2
    for i, (art, span) in enumerate(zip(issue.articles, _spans(issue, spec))):
        chunks = _chunks(art, spec.chars_per_page, span)
        ident = f' id="{html.escape(art.id)}"' if spec.bookmarks else ""
        pages = [f'<p class="pg">{html.escape(c)}</p>' for c in chunks]
        parts.append(f'<div class="start"><h1{ident}>{html.escape(art.title)}</h1>{pages[0]}'
                     f'</div>')
        parts.extend(pages[1:])
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<style>{_css(spec)}</style></head><body>{"".join(parts)}</body></html>')


def make_pdf(issue: Issue, path: Path, spec: Spec = Spec()) -> Path:
    from weasyprint import HTML
    HTML(string=build_html(issue, spec)).write_pdf(path)
    return path


def strip_navigation(src: Path, dst: Path) -> Path:
    """Copy a PDF without its outline (bookmarks), named destinations and links.

    Links go first, on the reader's pages: pypdf's writer registers the names a link points
    to, and would write the name tree back."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject
    reader = PdfReader(src)
    writer = PdfWriter()
    for page in reader.pages:
        if "/Annots" in page:
            del page[NameObject("/Annots")]
        writer.add_page(page)
    for key in ("/Outlines", "/Dests", "/Names"):
        if key in writer._root_object:
            del writer._root_object[NameObject(key)]
    writer.write(dst)
    if PdfReader(dst).named_destinations:
        raise AssertionError(f"{dst}: named destinations survived stripping")
    return dst
