"""Reading a PDF's navigation: a broken entry is skipped, the rest is kept."""
from __future__ import annotations

import pikepdf

from publish.check.pdfread import read_pdf


def test_a_bookmark_title_that_is_not_utf16_is_skipped_and_the_outline_kept(tmp_path):
    path = tmp_path / "outline.pdf"
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page()
    with pdf.open_outline() as outline:
        for title, page in (("第一篇", 0), ("broken", 1), ("第三篇", 2)):
            outline.root.append(pikepdf.OutlineItem(title, page))
    second = pdf.Root.Outlines.First.Next
    second.Title = pikepdf.String(b"\xfe\xff\xd8\x00\x00a")      # a lone surrogate
    pdf.save(path)
    with read_pdf(path) as doc:
        assert [(item.title, item.page) for item in doc.outline] == [("第一篇", 0), ("第三篇", 2)]


def test_a_fifo_given_as_the_pdf_is_refused_not_read(tmp_path):
    """`publish check DIR FIFO` blocked for ever, opening it to look for `%PDF-`."""
    import os
    import threading
    from publish.errors import UserError
    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    done: dict = {}

    def run():
        try:
            read_pdf(fifo)
        except UserError as exc:
            done["error"] = exc
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    assert "error" in done, "still opening the FIFO"
    assert "is a named pipe or a device, expected a PDF file" in str(done["error"])


def _one_line(tmp_path, content: bytes):
    """The one line read off a page drawing ``content`` in Helvetica (/F1)."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(content)
    pdf.save(tmp_path / "toc.pdf")
    with read_pdf(tmp_path / "toc.pdf") as doc:
        (line,) = doc.pages[0].lines
    return line


def test_a_line_drawn_out_of_order_is_read_left_to_right(tmp_path):
    """Cairo (pdftocairo, print pipelines) draws a 目录 line's number within one jump of its
    first leader dots, and the rest of the dots after it: PDFium merged them into one span
    read in drawing order, so the number landed mid-line and the 目录 gave other pages."""
    from publish.check.pages import _entry_row
    line = _one_line(tmp_path, b"BT /F1 12 Tf 50 700 Td (Introduction) Tj ET\n"
                               b"BT /F1 12 Tf 130 700 Td [(..........) -28000 (17)] TJ ET\n"
                               b"BT /F1 12 Tf 180 700 Td (" + b"." * 50 + b") Tj ET\n")
    assert line.text.endswith("17") and line.text.count("17") == 1
    assert _entry_row(line) == ("Introduction", 17)


def test_a_line_read_character_by_character_keeps_its_word_spaces(tmp_path):
    """Words parted by jumps (TJ -250), not spaces: read one by one beside Cairo's dots,
    they ran together (IntroductiontoEconomics) in the report's lines."""
    from publish.check.pages import _entry_row
    line = _one_line(tmp_path,
                     b"BT /F1 12 Tf 50 700 Td [(Introduction) -250 (to) -250 (Economics)] TJ ET\n"
                     b"BT /F1 12 Tf 188 700 Td [(..........) -28000 (17)] TJ ET\n"
                     b"BT /F1 12 Tf 238 700 Td (" + b"." * 50 + b") Tj ET\n")
    assert _entry_row(line) == ("Introduction to Economics", 17)
