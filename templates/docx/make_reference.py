"""Regenerate templates/docx/reference.docx from publish/docxkit/config.py.

    .venv/bin/python templates/docx/make_reference.py

The reference holds every role style, the house page setup and the page-number footers.
Editors may restyle the generated file in Word (as with pandoc's reference-doc); the DOCX
writer keeps their styles. Run this script after changing the faces or styles in
config.py — it overwrites any restyling done in Word.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from publish.docxkit.package import build_reference
from publish.fsutil import write_bytes_atomic

TARGET = HERE / "reference.docx"


def main() -> None:
    write_bytes_atomic(TARGET, build_reference())
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
