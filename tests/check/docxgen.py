"""A DOCX of the issue made the way an editor's word processor would, for a LibreOffice
PDF export the checker has never seen: plain paragraphs (no bookmarks, no ids), a typed
目录 with tab leaders, and the page number as a PAGE field in the footer of the body section.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from publish.model import Issue
from tests import tools

from .pdfgen import _chunks, _source_pages, _spans


def _east_asian(run, face: str = "Noto Serif CJK SC") -> None:
    run.font.name = face
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)


def _page_field(paragraph) -> None:
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        run = paragraph.add_run()
        _east_asian(run)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._element.append(el)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._element.append(el)
        else:
            run.text = text


def make_docx(issue: Issue, path: Path, chars_per_page: int = 120) -> Path:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    cover = doc.add_paragraph()
    cover.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = cover.add_run(f"{issue.institution}\n{issue.title}\n{issue.number}")
    _east_asian(r)
    r.font.size = Pt(26)
    r.add_break(WD_BREAK.PAGE)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _east_asian(head.add_run("目  录"))
    for entry in issue.toc:
        p = doc.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT,
                                                  WD_TAB_LEADER.DOTS)
        _east_asian(p.add_run(f"{entry.title}\t{entry.page}"))
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    body.footer.is_linked_to_previous = False
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), str(_source_pages(issue)[0]))
    body._sectPr.append(pg)
    foot = body.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _east_asian(foot.add_run("— "))
    _page_field(foot)
    _east_asian(foot.add_run(" —"))
    from .pdfgen import Spec
    first = True
    for art, span in zip(issue.articles, _spans(issue, Spec())):
        title = doc.add_paragraph()
        if not first:
            title.paragraph_format.page_break_before = True
        first = False
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        tr = title.add_run(art.title)
        _east_asian(tr)
        tr.font.size, tr.bold = Pt(22), True
        for k, chunk in enumerate(_chunks(art, chars_per_page, span)):
            para = doc.add_paragraph()
            run = para.add_run(chunk)
            _east_asian(run)
            run.font.size = Pt(16)
            if k < span - 1:
                run.add_break(WD_BREAK.PAGE)
    doc.save(path)
    return path


def to_pdf(docx: Path, outdir: Path) -> Path:
    """Convert with LibreOffice (headless, private profile so parallel runs don't clash)."""
    profile = outdir / "lo-profile"
    subprocess.run([tools.soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                   check=True, capture_output=True, timeout=300,
                   env=tools.office_env())
    return outdir / (docx.stem + ".pdf")
