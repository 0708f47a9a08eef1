"""What the print PDF needs beyond WeasyPrint's defaults: print-shop colour, page labels,
faithful extracted text and a 目录 tagged as a TOC. The writer (writers/pdf.py) applies it."""
